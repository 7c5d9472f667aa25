#include "services/paperclips-server/paperclips_clock.h"

#include <gtest/gtest.h>

namespace paperclips {
namespace {

TEST(Clock, YieldsWholeTicksAndBoundsCatchUp) {
  TickClock c(250, 10);
  c.Start(1000);
  EXPECT_EQ(c.Take(1249), 0u);
  EXPECT_EQ(c.WaitNs(1249), 1u);
  EXPECT_EQ(c.Take(1250), 1u);
  EXPECT_EQ(c.Take(1499), 0u);
  EXPECT_EQ(c.Take(1500 + 250 * 2 + 10), 3u);
  EXPECT_EQ(c.WaitNs(2010), 240u);
  EXPECT_EQ(c.Take(2250 + 250 * 100), 10u);  // a stall: the rest is skipped
  EXPECT_EQ(c.Take(2250 + 250 * 100), 0u);
  EXPECT_EQ(c.Take(2250 + 250 * 101), 1u);
}

}  // namespace
}  // namespace paperclips
