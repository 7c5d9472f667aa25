// Freestanding <sys/socket.h> for the RPC build. The guest has no socket
// API (TCP is a capability); kj's async I/O and capnp's twoparty code only
// need the address types and the option names in their signatures, and
// getsockopt(SOL_SOCKET, SO_SNDBUF) on a stream that answers "unimplemented".
#ifndef CAPRT_RPC_SYS_SOCKET_H_
#define CAPRT_RPC_SYS_SOCKET_H_

#include <stdint.h>

typedef uint32_t socklen_t;
typedef uint16_t sa_family_t;

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10

#define SOL_SOCKET 1
#define SO_SNDBUF 7

struct sockaddr {
  sa_family_t sa_family;
  char sa_data[14];
};

struct sockaddr_storage {
  sa_family_t ss_family;
  char ss_data[118];
  uint64_t ss_align;  // 128 bytes, 8-aligned: holds any address type here
};

#endif  // CAPRT_RPC_SYS_SOCKET_H_
