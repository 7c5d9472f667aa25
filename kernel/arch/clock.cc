#include "kernel/arch/clock.h"

#include "kernel/arch/cpu.h"

namespace clock {
namespace {
uint64_t tsc0 = 0;
uint64_t khz = 1000000;
uint64_t mult = 0;  // ns per TSC tick, 32.32 fixed point
}  // namespace

void calibrate() {
  constexpr uint32_t kPitHz = 1193182;
  constexpr uint32_t kCount = kPitHz / 100;  // 10 ms one-shot
  cpu::outb(0x61, (cpu::inb(0x61) & ~0x02) | 0x01);
  cpu::outb(0x43, 0xb0);  // channel 2, lo/hi, mode 0
  cpu::outb(0x42, kCount & 0xff);
  cpu::outb(0x42, kCount >> 8);
  uint64_t t0 = cpu::rdtsc();
  while (!(cpu::inb(0x61) & 0x20)) {
  }
  uint64_t t1 = cpu::rdtsc();
  khz = (t1 - t0) / 10;
  if (khz == 0) khz = 1;
  mult = (uint64_t(1000000) << 32) / khz;
  tsc0 = t1;
}

uint64_t now_ns() {
  uint64_t d = cpu::rdtsc() - tsc0;
  return static_cast<uint64_t>((static_cast<unsigned __int128>(d) * mult) >> 32);
}

uint64_t tsc_khz() {
  return khz;
}

}  // namespace clock
