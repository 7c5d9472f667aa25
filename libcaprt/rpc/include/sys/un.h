// Freestanding <sys/un.h> for the RPC build: the type kj's address filter
// names; the guest has no Unix sockets.
#ifndef CAPRT_RPC_SYS_UN_H_
#define CAPRT_RPC_SYS_UN_H_

#include <sys/socket.h>

struct sockaddr_un {
  sa_family_t sun_family;
  char sun_path[108];
};

#endif  // CAPRT_RPC_SYS_UN_H_
