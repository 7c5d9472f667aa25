// <unistd.h> for the RPC build: libcaprt's, plus dup(), which kj's
// fd-passing streams name (no guest stream carries file descriptors).
#ifndef CAPRT_RPC_UNISTD_H_
#define CAPRT_RPC_UNISTD_H_

#include_next <unistd.h>

CAPRT_BEGIN_C
int dup(int fd);
CAPRT_END_C

#endif  // CAPRT_RPC_UNISTD_H_
