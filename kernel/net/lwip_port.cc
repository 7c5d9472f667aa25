// The platform hooks lwIP's port headers (port/arch/cc.h) and NO_SYS mode
// require: time, diagnostics, assertions, randomness.
#include <stdarg.h>

#include "kernel/arch/clock.h"
#include "kernel/arch/cpu.h"
#include "kernel/lib/print.h"
#include "kernel/net/isn.h"
#include "kernel/net/net.h"
#include "kernel/objects/entropy.h"

extern "C" {
#include "lwip/ip_addr.h"
#include "lwip/sys.h"
}

uint32_t net::now_ms() {
  return uint32_t(clock::now_ns() / 1000000);
}

extern "C" u32_t sys_now(void) {
  return net::now_ms();
}

extern "C" void capos_lwip_diag(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kprintf("[kernel] lwip: ");
  kvprintf(fmt, ap);
  va_end(ap);
}

extern "C" void capos_lwip_assert(const char* msg, const char* file, int line) {
  panic("lwip assertion failed at %s:%d: %s", file, line, msg);
}

namespace {

// One secret key for TCP ISNs (RFC 6528) and lwIP's other random numbers
// (DHCP transaction ids, ephemeral ports), drawn once from the entropy
// source before lwIP starts.
isn::Key key;
uint64_t rand_counter = 0;

}  // namespace

void net::seed_keys() {
  if (entropy::fill(&key, sizeof(key))) {
    klog("net: TCP ISNs per RFC 6528 (SipHash-2-4, key from the entropy source)");
    return;
  }
  // No source: still keyed and unpredictable to a remote peer that cannot
  // read the TSC, but weak; the entropy line above already says "none".
  key.k0 = cpu::rdtsc() * 0x9e3779b97f4a7c15ull;
  key.k1 = clock::now_ns() ^ (key.k0 >> 17);
  klog("net: TCP ISNs per RFC 6528 (SipHash-2-4), key from the TSC: no entropy source");
}

extern "C" unsigned int capos_lwip_rand(void) {
  rand_counter++;
  return unsigned(isn::SipHash24(key, &rand_counter, sizeof(rand_counter)));
}

extern "C" u32_t capos_tcp_isn(const ip_addr_t* local_ip, u16_t local_port,
                               const ip_addr_t* remote_ip, u16_t remote_port) {
  return isn::Compute(key, ip4_addr_get_u32(ip_2_ip4(local_ip)), local_port,
                      ip4_addr_get_u32(ip_2_ip4(remote_ip)), remote_port, clock::now_ns() / 1000);
}
