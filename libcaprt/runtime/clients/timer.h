// Typed client for the kernel Timer cap (monotonic ns since boot).
#pragma once

#include <stdint.h>

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
  // Blocks this caller only; the kernel completes the CALL asynchronously.
  Status Sleep(uint64_t ns);
  Status SleepUntil(uint64_t deadline_ns);

  // Event-loop building block: the params of sleepUntil (method
  // iface::kTimerSleepUntil) into `out` (8-byte aligned); its length.
  static Result<uint32_t> EncodeSleepUntil(void* out, uint32_t cap, uint64_t deadline_ns);

 private:
  Cap cap_;
};

}  // namespace caprt
