// The fuzz target's driver (test_driver.h) over fixed pseudo-random
// inputs, so every host test run also drives the set through thousands of
// mixed client, shell and time operations, not only the fuzz smoke.
#include "services/lib/terminal-host/test_driver.h"

#include <gtest/gtest.h>

#include <vector>

namespace terminal_host::test {
namespace {

std::vector<uint8_t> Input(uint64_t seed, size_t size) {
  std::vector<uint8_t> out(size);
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (uint8_t& b : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b = static_cast<uint8_t>(x >> 24);
  }
  return out;
}

TEST(Driver, RandomOperationSequencesKeepEveryInvariant) {
  for (uint64_t seed = 0; seed < 1500; ++seed) {
    const std::vector<uint8_t> in = Input(seed, 64 + seed % 1200);
    ASSERT_EQ(RunDriver(in.data(), in.size()), 0) << "seed " << seed << ": driver line";
  }
}

TEST(Driver, EmptyAndTinyInputs) {
  EXPECT_EQ(RunDriver(nullptr, 0), 0);
  const uint8_t one[] = {0, 0, 0, 0, 0, 0};  // an open, then the drain
  EXPECT_EQ(RunDriver(one, sizeof(one)), 0);
}

}  // namespace
}  // namespace terminal_host::test
