#include "libcaprt/runtime/mono_clock.h"

#include <gtest/gtest.h>

namespace caprt {
namespace {

// A kernel clock and a counter at 3000 cycles per ms, both under test
// control; counts how often the kernel clock is read.
struct World {
  uint64_t ms = 1000;
  uint64_t tsc = 5000000;
  int reads = 0;
  MonoClock clock;
  uint64_t Now() {
    return clock.NowMs(tsc, [this](uint64_t* out) {
      ++reads;
      *out = ms;
      return true;
    });
  }
  void Advance(uint64_t dms) { ms += dms, tsc += dms * 3000; }
};

TEST(MonoClock, ReadsTheKernelUntilCalibratedThenRarely) {
  World w;
  EXPECT_EQ(w.Now(), 1000u);
  w.Advance(5);
  EXPECT_EQ(w.Now(), 1005u);  // not calibrated yet: read again
  EXPECT_EQ(w.reads, 2);
  w.Advance(30);
  EXPECT_EQ(w.Now(), 1035u);
  EXPECT_EQ(w.clock.cycles_per_ms(), 3000u);
  int before = w.reads;
  for (int i = 0; i < 100; ++i) {
    w.Advance(1);
    EXPECT_EQ(w.Now(), 1036u + i);
  }
  // 100 ms of events: no kernel read (the re-anchor interval is longer).
  EXPECT_EQ(w.reads, before);
  w.Advance(MonoClock::kReanchorMs);
  w.Now();
  EXPECT_EQ(w.reads, before + 1);
}

TEST(MonoClock, NeverGoesBackwards) {
  World w;
  w.Now();
  w.Advance(50);
  w.Now();
  uint64_t t = w.Now();
  // The kernel clock lags the counter's estimate at the next anchor.
  w.tsc += 3000 * (MonoClock::kReanchorMs + 10);
  w.ms += MonoClock::kReanchorMs - 40;
  uint64_t u = w.Now();
  EXPECT_GE(u, t);
  w.Advance(1);
  EXPECT_GE(w.Now(), u);
}

TEST(MonoClock, KernelFailureKeepsTheEstimate) {
  MonoClock c;
  uint64_t ms = 0;
  EXPECT_EQ(c.NowMs(100, [](uint64_t*) { return false; }), 0u);
  EXPECT_EQ(c.NowMs(200,
                    [&](uint64_t* o) {
                      *o = ms = 7;
                      return true;
                    }),
            7u);
  EXPECT_EQ(c.NowMs(300, [](uint64_t*) { return false; }), 7u);
}

}  // namespace
}  // namespace caprt
