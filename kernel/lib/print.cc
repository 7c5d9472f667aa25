#include "kernel/lib/print.h"

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/serial.h"

namespace {

void put(const char* s, size_t n) {
  serial::write(s, n);
}

void put_u64(uint64_t v, unsigned base, int width, char pad) {
  char buf[32];
  int i = 0;
  do {
    unsigned d = v % base;
    buf[i++] = static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v);
  while (i < width && i < 31) buf[i++] = pad;
  char out[32];
  for (int j = 0; j < i; j++) out[j] = buf[i - 1 - j];
  put(out, i);
}

}  // namespace

void kvprintf(const char* fmt, va_list ap) {
  for (const char* p = fmt; *p; p++) {
    if (*p != '%') {
      const char* start = p;
      while (p[1] && p[1] != '%') p++;
      put(start, p - start + 1);
      continue;
    }
    p++;
    char pad = ' ';
    int width = 0;
    if (*p == '0') pad = '0', p++;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    bool is_long = false;
    while (*p == 'l' || *p == 'z') is_long = true, p++;
    switch (*p) {
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (!s) s = "(null)";
        size_t n = 0;
        while (s[n]) n++;
        put(s, n);
        break;
      }
      case 'c': {
        char c = static_cast<char>(va_arg(ap, int));
        put(&c, 1);
        break;
      }
      case 'd': {
        int64_t v = is_long ? va_arg(ap, int64_t) : va_arg(ap, int);
        if (v < 0) put("-", 1), v = -v;
        put_u64(static_cast<uint64_t>(v), 10, width, pad);
        break;
      }
      case 'u':
        put_u64(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad);
        break;
      case 'x':
        put_u64(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad);
        break;
      case 'p':
        put("0x", 2);
        put_u64(reinterpret_cast<uint64_t>(va_arg(ap, void*)), 16, 16, '0');
        break;
      case '%':
        put("%", 1);
        break;
      default:
        put("%?", 2);
        if (!*p) return;
    }
  }
}

void kprintf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kvprintf(fmt, ap);
  va_end(ap);
}

void klog(const char* fmt, ...) {
  put("[kernel] ", 9);
  va_list ap;
  va_start(ap, fmt);
  kvprintf(fmt, ap);
  va_end(ap);
  put("\n", 1);
}

void power_off(unsigned char code) {
  cpu::outb(abi::kDebugExitPort, code);
  // Without the debug-exit device (e.g. a hand-started QEMU) we just stop.
  cpu::halt_forever();
}

void panic(const char* fmt, ...) {
  put("[kernel] PANIC: ", 16);
  va_list ap;
  va_start(ap, fmt);
  kvprintf(fmt, ap);
  va_end(ap);
  put("\n", 1);
  power_off(abi::kExitPanic);
}
