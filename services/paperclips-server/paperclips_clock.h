// The server's clock: turns Timer readings into whole game ticks. Pure
// (readings come in as numbers) so its rounding and catch-up are tested on
// the host.
#pragma once

#include <stdint.h>

namespace paperclips {

class TickClock {
 public:
  // `max_catch_up` bounds the ticks one reading can yield: after a longer
  // stall (a paused emulator) the games skip the rest instead of the
  // server spending a long time replaying it.
  TickClock(uint64_t tick_ns, uint64_t max_catch_up) : tick_ns_(tick_ns), max_(max_catch_up) {}

  void Start(uint64_t now_ns) { next_ns_ = now_ns + tick_ns_; }

  // Whole ticks that ended since the last call (0 before the next one).
  uint64_t Take(uint64_t now_ns) {
    if (now_ns < next_ns_) return 0;
    uint64_t n = (now_ns - next_ns_) / tick_ns_ + 1;
    next_ns_ += n * tick_ns_;
    return n < max_ ? n : max_;
  }

  // How long the loop may wait for a call before the next tick is due.
  uint64_t WaitNs(uint64_t now_ns) const { return now_ns < next_ns_ ? next_ns_ - now_ns : 0; }

 private:
  uint64_t tick_ns_;
  uint64_t max_;
  uint64_t next_ns_ = 0;
};

}  // namespace paperclips
