// Freestanding <arpa/inet.h> for the RPC build: kj's CidrRange parses and
// prints addresses with these; the guest never builds a network filter, and
// both fail (libcaprt/rpc/posix.cc).
#ifndef CAPRT_RPC_ARPA_INET_H_
#define CAPRT_RPC_ARPA_INET_H_

#include <netinet/in.h>

#include "caprt_cdefs.h"

CAPRT_BEGIN_C
int inet_pton(int family, const char* text, void* out);
const char* inet_ntop(int family, const void* address, char* out, socklen_t size);
CAPRT_END_C

#endif  // CAPRT_RPC_ARPA_INET_H_
