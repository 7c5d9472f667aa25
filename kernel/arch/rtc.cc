#include "kernel/arch/rtc.h"

#include "kernel/arch/clock.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/rtc_decode.h"
#include "kernel/lib/print.h"

namespace rtc {
namespace {

constexpr uint16_t kIndexPort = 0x70;
constexpr uint16_t kDataPort = 0x71;
// An update cycle holds update-in-progress for under 2 ms; a flag stuck
// longer than this means no working RTC.
constexpr uint64_t kUpdateWaitNs = 20ull * 1000 * 1000;
constexpr int kMaxReads = 5;

uint64_t epoch_s = 0;   // Unix seconds read at boot; 0: unknown
uint64_t mono_ns0 = 0;  // clock::now_ns() at that read

uint8_t read_reg(uint8_t reg) {
  cpu::outb(kIndexPort, reg);  // bit 7 clear: NMIs stay enabled
  return cpu::inb(kDataPort);
}

bool wait_not_updating() {
  uint64_t deadline = clock::now_ns() + kUpdateWaitNs;
  while (read_reg(kRegStatusA) & kStatusAUpdating) {
    if (clock::now_ns() > deadline) return false;
  }
  return true;
}

Registers read_all() {
  return Registers{read_reg(kRegSeconds), read_reg(kRegMinutes), read_reg(kRegHours),
                   read_reg(kRegDay),     read_reg(kRegMonth),   read_reg(kRegYear),
                   read_reg(kRegCentury), read_reg(kRegStatusB)};
}

bool same(const Registers& a, const Registers& b) {
  return a.seconds == b.seconds && a.minutes == b.minutes && a.hours == b.hours && a.day == b.day &&
         a.month == b.month && a.year == b.year && a.century == b.century &&
         a.status_b == b.status_b;
}

// The registers may change between two byte reads (an update can begin
// right after the flag was checked), so a value counts only once two
// whole reads agree.
const char* read_stable(Registers* out, uint64_t* at_ns) {
  if (!wait_not_updating()) return "update-in-progress never cleared";
  Registers prev = read_all();
  for (int i = 0; i < kMaxReads; i++) {
    if (!wait_not_updating()) return "update-in-progress never cleared";
    uint64_t t = clock::now_ns();
    Registers cur = read_all();
    if (same(prev, cur)) {
      *out = cur;
      *at_ns = t;
      return nullptr;
    }
    prev = cur;
  }
  return "registers never read the same twice";
}

}  // namespace

void read_at_boot() {
  Registers r;
  uint64_t at = 0;
  if (const char* why = read_stable(&r, &at)) {
    klog("rtc: unknown (%s)", why);
    return;
  }
  DateTime t;
  Verdict v = decode(r, &t);
  if (v != Verdict::kOk) {
    klog("rtc: unknown (%s; registers %x %x %x %x %x %x, century %x, status B %x)", verdict_name(v),
         r.year, r.month, r.day, r.hours, r.minutes, r.seconds, r.century, r.status_b);
    return;
  }
  epoch_s = unix_seconds(t);
  mono_ns0 = at;
  klog("rtc: %04u-%02u-%02uT%02u:%02u:%02uZ (unix %lu)", t.year, t.month, t.day, t.hour, t.minute,
       t.second, epoch_s);
}

uint64_t wall_ns() {
  if (epoch_s == 0) return 0;
  return epoch_s * 1000000000ull + (clock::now_ns() - mono_ns0);
}

}  // namespace rtc
