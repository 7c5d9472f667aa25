// The fuzz target's model (test_model.h) over fixed pseudo-random inputs,
// so every host test run also drives the ring and the attach table
// through thousands of mixed operations, not only the fuzz smoke.
#include "services/lib/terminal/test_model.h"

#include <gtest/gtest.h>

#include <vector>

namespace terminal::test {
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

TEST(Model, RandomOperationSequencesKeepEveryInvariant) {
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    std::vector<uint8_t> in = Input(seed, 64 + seed % 900);
    ASSERT_EQ(RunModel(in.data(), in.size()), 0) << "seed " << seed << ": test_model.cc line";
  }
}

TEST(Model, SmallRingsAndNoFollowers) {
  // Capacity byte 0 (a 1-byte ring) and follower limit 0, then random ops.
  for (uint64_t seed = 0; seed < 500; ++seed) {
    std::vector<uint8_t> in = Input(seed + 7777, 400);
    in[0] = static_cast<uint8_t>(seed % 4 * 64);  // capacity 1
    in[1] = static_cast<uint8_t>(seed % 2 ? 0 : kMaxFollowers + 1);
    ASSERT_EQ(RunModel(in.data(), in.size()), 0) << "seed " << seed;
  }
}

TEST(Model, AnEmptyInputStillDrains) {
  EXPECT_EQ(RunModel(nullptr, 0), 0);
}

}  // namespace
}  // namespace terminal::test
