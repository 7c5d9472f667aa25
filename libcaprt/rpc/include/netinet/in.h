// Freestanding <netinet/in.h> for the RPC build: the IPv4/IPv6 address
// types kj's address filter (CidrRange) names.
#ifndef CAPRT_RPC_NETINET_IN_H_
#define CAPRT_RPC_NETINET_IN_H_

#include <sys/socket.h>

typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;

struct in_addr {
  in_addr_t s_addr;
};

struct in6_addr {
  uint8_t s6_addr[16];
};

struct sockaddr_in {
  sa_family_t sin_family;
  in_port_t sin_port;
  struct in_addr sin_addr;
  uint8_t sin_zero[8];
};

struct sockaddr_in6 {
  sa_family_t sin6_family;
  in_port_t sin6_port;
  uint32_t sin6_flowinfo;
  struct in6_addr sin6_addr;
  uint32_t sin6_scope_id;
};

#endif  // CAPRT_RPC_NETINET_IN_H_
