// A cheap monotonic millisecond clock for event loops. Timer.now is a
// kernel CALL (a message built, a ring round trip, a reply decoded): an
// event loop that read it on every completion spent more on the clock than
// on a small request. This clock reads the CPU's time-stamp counter and
// converts it with a rate measured against Timer.now, re-anchored at least
// every kReanchorMs, so its error stays within a few milliseconds of the
// kernel's clock (deadlines here are hundreds of milliseconds or more).
//
// Pure over two readers (the kernel clock, the counter), so the host test
// drives it with made-up clocks. Never goes backwards.
#pragma once

#include <stdint.h>

namespace caprt {

class MonoClock {
 public:
  // Until the rate is known the kernel clock is read every time; the rate
  // is measured over at least this much kernel time.
  static constexpr uint64_t kCalibrateMs = 20;
  static constexpr uint64_t kReanchorMs = 250;

  // Returns the time for counter value `tsc`; `kernel_ms()` is called only
  // when the clock needs an anchor (false from it: keep the estimate).
  template <typename KernelMs>
  uint64_t NowMs(uint64_t tsc, KernelMs&& kernel_ms) {
    uint64_t est = Estimate(tsc);
    bool need = per_ms_ == 0 || tsc - anchor_tsc_ >= per_ms_ * kReanchorMs || tsc < anchor_tsc_;
    uint64_t ms = 0;
    if (need && kernel_ms(&ms)) Anchor(ms, tsc, &est);
    if (est < last_) est = last_;  // monotonic whatever the anchors say
    last_ = est;
    return est;
  }

  uint64_t cycles_per_ms() const { return per_ms_; }

 private:
  uint64_t Estimate(uint64_t tsc) const {
    if (per_ms_ == 0 || tsc < anchor_tsc_) return anchor_ms_;
    return anchor_ms_ + (tsc - anchor_tsc_) / per_ms_;
  }
  void Anchor(uint64_t ms, uint64_t tsc, uint64_t* est) {
    if (!have_base_) {
      base_ms_ = ms, base_tsc_ = tsc, have_base_ = true;
    } else if (ms >= base_ms_ + kCalibrateMs && tsc > base_tsc_) {
      per_ms_ = (tsc - base_tsc_) / (ms - base_ms_);  // over the whole run: steadier
      if (per_ms_ == 0) per_ms_ = 1;
    }
    anchor_ms_ = ms, anchor_tsc_ = tsc;
    *est = ms;
  }

  bool have_base_ = false;
  uint64_t base_ms_ = 0, base_tsc_ = 0;
  uint64_t anchor_ms_ = 0, anchor_tsc_ = 0;
  uint64_t per_ms_ = 0;
  uint64_t last_ = 0;
};

}  // namespace caprt
