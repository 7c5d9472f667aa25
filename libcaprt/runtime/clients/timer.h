// Typed client for the kernel Timer cap (monotonic ns since boot, and the
// time of day).
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/mono_clock.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

class Timer {
 public:
  static Result<Timer> Find(const char* name = "timer");

  Timer() = default;
  explicit Timer(const Cap& cap) : cap_(cap) {}
  const Cap& cap() const { return cap_; }

  Result<uint64_t> Now();
  // Unix ns (UTC) from the kernel's boot read of the RTC plus monotonic time
  // since; 0 when the kernel found no valid RTC. Never for ordering or
  // deadlines (use Now).
  Result<uint64_t> WallClockNs();
  // Blocks this caller only; the kernel completes the CALL asynchronously.
  Status Sleep(uint64_t ns);
  Status SleepUntil(uint64_t deadline_ns);

  // Event-loop building block: the params of sleepUntil (method
  // iface::kTimerSleepUntil) into `out` (8-byte aligned); its length.
  static Result<uint32_t> EncodeSleepUntil(void* out, uint32_t cap, uint64_t deadline_ns);

 private:
  Cap cap_;
};

// An event loop's clock: milliseconds since boot from the time-stamp
// counter, anchored to this Timer (mono_clock.h), so reading it per
// completion costs no kernel call.
class EventClock {
 public:
  EventClock() = default;
  explicit EventClock(const Timer& timer) : timer_(timer) {}
  uint64_t NowMs();

 private:
  Timer timer_;
  MonoClock clock_;
};

}  // namespace caprt
