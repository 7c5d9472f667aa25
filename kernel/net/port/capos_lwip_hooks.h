/* lwIP hooks (LWIP_HOOK_FILENAME), implemented in kernel/net/lwip_port.cc. */
#ifndef CAPOS_LWIP_HOOKS_H
#define CAPOS_LWIP_HOOKS_H

#include "lwip/ip_addr.h"

#ifdef __cplusplus
extern "C" {
#endif

/* RFC 6528 initial sequence number for a new connection. */
u32_t capos_tcp_isn(const ip_addr_t* local_ip, u16_t local_port, const ip_addr_t* remote_ip,
                    u16_t remote_port);

#ifdef __cplusplus
}
#endif

#endif
