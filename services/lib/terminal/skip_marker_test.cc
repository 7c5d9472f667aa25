#include "services/lib/terminal/skip_marker.h"

#include <gtest/gtest.h>

#include <string>

namespace terminal {
namespace {

std::string Marker(uint64_t skipped, size_t cap = kMaxMarkerBytes) {
  uint8_t out[kMaxMarkerBytes + 8];
  return std::string(reinterpret_cast<char*>(out), BuildSkipMarker(skipped, out, cap));
}

TEST(SkipMarker, SaysHowManyBytesWereSkipped) {
  EXPECT_EQ(Marker(1), "\x18\x1b[0;2m\r\n[... 1 byte skipped ...]\x1b[0m\r\n");
  EXPECT_EQ(Marker(262144), "\x18\x1b[0;2m\r\n[... 262144 bytes skipped ...]\x1b[0m\r\n");
}

TEST(SkipMarker, TheLongestFitsTheSchemaBound) {
  const std::string longest = Marker(UINT64_MAX);
  EXPECT_NE(longest.find("18446744073709551615 bytes"), std::string::npos);
  EXPECT_LE(longest.size(), kMaxMarkerBytes);
}

TEST(SkipMarker, NothingWhenNothingWasSkippedOrItCannotFit) {
  EXPECT_EQ(Marker(0), "");
  const size_t n = Marker(42).size();
  EXPECT_EQ(Marker(42, n - 1), "");
  EXPECT_EQ(Marker(42, n).size(), n);
  EXPECT_EQ(BuildSkipMarker(42, nullptr, 64), 0u);
}

}  // namespace
}  // namespace terminal
