// The platform hooks lwIP's port headers (port/arch/cc.h) and NO_SYS mode
// require: time, diagnostics, assertions, randomness.
#include <stdarg.h>

#include "kernel/arch/clock.h"
#include "kernel/arch/cpu.h"
#include "kernel/lib/print.h"
#include "kernel/net/net.h"

extern "C" {
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

// Not cryptographic: TSC bits stirred with xorshift. Good enough for DHCP
// transaction ids and TCP ISNs against off-path guessing in a test guest.
// FIXME: use RDRAND/RDSEED when the CPU has them.
extern "C" unsigned int capos_lwip_rand(void) {
  static uint64_t s = 0;
  s ^= cpu::rdtsc() * 0x9e3779b97f4a7c15ull;
  s ^= s << 13;
  s ^= s >> 7;
  s ^= s << 17;
  return unsigned(s >> 16);
}
