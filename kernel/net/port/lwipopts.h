/* lwIP 2.1.3 configuration for the capOS kernel.
 *
 * Context: lwIP runs in ONE context, net::poll(), called from the timer tick
 * and the scheduler loop, always in ring 0 with interrupts disabled and on
 * a single CPU. Hence NO_SYS, no locking, and the raw API only.
 *
 * Memory is static (.bss), so the network can never exhaust the kernel heap;
 * see kernel/net/README.md for the totals. Per-connection receive buffers
 * (kernel/net/tcp.cc) are separate and bounded per connection. */
#ifndef CAPOS_LWIPOPTS_H
#define CAPOS_LWIPOPTS_H

/* --- Threading: none. */
#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_NETIF_API 0
#define LWIP_TIMERS 1

/* --- Protocols: IPv4 with ARP, ICMP (echo replies), UDP (for DHCP), TCP. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_RAW 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0
#define LWIP_SINGLE_NETIF 1
#define LWIP_HAVE_LOOPIF 0
#define LWIP_NETIF_LOOPBACK 0
#define IP_REASSEMBLY 0 /* TCP never needs fragments; drops a DoS surface */
#define IP_FRAG 0
/* The only DHCP server is QEMU's; the ARP conflict probe would add ~1 s. */
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_DHCP_CHECK_LINK_UP 0

/* --- Memory (all static). */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#define MEM_ALIGNMENT 8
/* The heap holds PBUF_RAM: TCP send data copied by tcp_write. 16 bulk
 * senders with a full send buffer fit; more get ERR_MEM (backpressure). */
#define MEM_SIZE (384 * 1024)
/* RX frames are copied from the virtio buffers into pool pbufs. */
#define PBUF_POOL_SIZE 128
#define MEMP_NUM_PBUF 32
/* 100+ concurrent connections plus TIME_WAIT. */
#define MEMP_NUM_TCP_PCB 192
#define MEMP_NUM_TCP_PCB_LISTEN 16
#define MEMP_NUM_TCP_SEG 512
#define MEMP_NUM_UDP_PCB 4
#define MEMP_NUM_ARP_QUEUE 16
#define ARP_TABLE_SIZE 8

/* --- TCP: modest buffers that still move 1 MiB quickly. */
#define TCP_MSS 1460
#define TCP_WND (16 * TCP_MSS)
#define TCP_SND_BUF (16 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
/* TIME_WAIT is 2 x MSL. lwIP drops a new SYN that meets a TIME_WAIT pcb of
 * the same addresses and ports (it only ACKs it), and QEMU's user network
 * keeps the host client's source port, which the host reuses soon after a
 * server-side close: with lwIP's default MSL (60 s) such a connect stalled
 * for seconds to minutes. The link is a local, in-order virtual one. */
#define TCP_MSL 1000UL
#define TCP_LISTEN_BACKLOG 1 /* kernel/net/tcp.cc bounds accepted-not-taken too */
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_KEEPALIVE 0
#define LWIP_WND_SCALE 0

/* --- Checks: verify every checksum; the device is untrusted. */
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_TCP 1
#define CHECKSUM_CHECK_UDP 1
#define CHECKSUM_CHECK_ICMP 1

/* --- TCP ISNs: RFC 6528 keyed hash (kernel/net/isn.h), not lwIP's counter. */
#define LWIP_HOOK_FILENAME "capos_lwip_hooks.h"
#define LWIP_HOOK_TCP_ISN capos_tcp_isn

/* --- Diagnostics: asserts stay on (they panic); only the counters
 * kernel/net/health.cc reports (heap and pools) are kept. */
#define LWIP_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define IPFRAG_STATS 0
#define ICMP_STATS 0
#define UDP_STATS 0
#define TCP_STATS 0
#define SYS_STATS 0
#define MEM_STATS 1
#define MEMP_STATS 1
#define LWIP_DEBUG 0

#endif
