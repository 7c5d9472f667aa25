# lwIP 2.1.3 built for the kernel from the unpatched Debian source tree that
# tools/deps fetches (build/src/lwip). Included by kernel/net/CMakeLists.txt.
#
#   capos_lwip   OBJECT: the IPv4 core (ARP, ICMP, UDP, TCP, DHCP) and the
#                Ethernet netif, with the kernel's flags, the port headers in
#                kernel/net/port and no C library beyond kernel/net/port/libc.
# Sets CAPOS_LWIP_FOUND.
set(CAPOS_LWIP_DIR ${CAPOS_THIRD_PARTY}/lwip)
set(CAPOS_LWIP_FOUND OFF)
if(NOT EXISTS ${CAPOS_LWIP_DIR}/src/core/tcp.c)
  message(STATUS "lwip: ${CAPOS_LWIP_DIR} missing (run `make deps`); kernel built without network")
  return()
endif()
set(CAPOS_LWIP_FOUND ON)

set(CAPOS_LWIP_PORT ${CMAKE_SOURCE_DIR}/kernel/net/port)
set(CAPOS_LWIP_INCLUDES ${CAPOS_LWIP_PORT} ${CAPOS_LWIP_PORT}/libc ${CAPOS_LWIP_DIR}/src/include)

# Only the files this configuration uses; the rest compile to nothing or
# need an OS (sockets, netconn, PPP, 6LoWPAN).
set(CAPOS_LWIP_SOURCES)
foreach(f core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c core/memp.c
        core/netif.c core/pbuf.c core/stats.c core/tcp.c core/tcp_in.c core/tcp_out.c core/timeouts.c
        core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c
        core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c api/err.c netif/ethernet.c)
  list(APPEND CAPOS_LWIP_SOURCES ${CAPOS_LWIP_DIR}/src/${f})
endforeach()

# The kernel flags minus the C++-only ones.
set(CAPOS_KERNEL_CFLAGS ${CAPOS_KERNEL_FLAGS})
list(REMOVE_ITEM CAPOS_KERNEL_CFLAGS -fno-exceptions -fno-rtti -fno-threadsafe-statics)

add_library(capos_lwip OBJECT ${CAPOS_LWIP_SOURCES})
target_include_directories(capos_lwip PRIVATE ${CAPOS_LWIP_INCLUDES})
# Third-party code, built as shipped: its warnings are not ours to fix.
target_compile_options(capos_lwip PRIVATE ${CAPOS_KERNEL_CFLAGS} -std=gnu11 -w)
