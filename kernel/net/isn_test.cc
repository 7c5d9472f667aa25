#include "kernel/net/isn.h"

#include <gtest/gtest.h>

#include <set>

namespace {

isn::Key RefKey() {
  // Key bytes 00..0f, little-endian words (the SipHash paper's test key).
  return isn::Key{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
}

TEST(SipHash, PaperVector) {
  uint8_t msg[15];
  for (int i = 0; i < 15; i++) msg[i] = uint8_t(i);
  EXPECT_EQ(isn::SipHash24(RefKey(), msg, sizeof(msg)), 0xa129ca6149be45e5ull);
}

TEST(SipHash, ReferenceVectorsForEmptyAndEightBytes) {
  // First and ninth entries of the reference implementation's vectors.h.
  EXPECT_EQ(isn::SipHash24(RefKey(), "", 0), 0x726fdb47dd0e0e31ull);
  uint8_t msg[8];
  for (int i = 0; i < 8; i++) msg[i] = uint8_t(i);
  EXPECT_EQ(isn::SipHash24(RefKey(), msg, 8), 0x93f5f5799a932462ull);
}

// The bug: lwIP's default ISN is a counter, so one connection's ISN
// predicts the next one's.
TEST(TcpIsn, RegressionTcpIsnPredictableCounter) {
  isn::Key key{0x1234, 0x5678};
  std::set<uint32_t> deltas;
  uint32_t prev = isn::Compute(key, 0x0f02000a, 2327, 0x0202000a, 40000, 1000);
  for (uint16_t port = 40001; port < 40065; port++) {
    uint32_t next = isn::Compute(key, 0x0f02000a, 2327, 0x0202000a, port, 1000);
    deltas.insert(next - prev);
    prev = next;
  }
  EXPECT_GT(deltas.size(), 60u);  // no fixed stride between neighbours
}

TEST(TcpIsn, KeyedAndClocked) {
  isn::Key a{1, 2}, b{1, 3};
  uint32_t x = isn::Compute(a, 1, 2, 3, 4, 0);
  EXPECT_NE(x, isn::Compute(b, 1, 2, 3, 4, 0));           // another key, another ISN
  EXPECT_EQ(x + 250, isn::Compute(a, 1, 2, 3, 4, 1000));  // +1 per 4 µs
  EXPECT_NE(x, isn::Compute(a, 1, 2, 3, 5, 0));           // any tuple field counts
  EXPECT_NE(x, isn::Compute(a, 9, 2, 3, 4, 0));
}

}  // namespace
