#include "libcaprt/mbedtls/hardware_entropy.h"

#include <string.h>

#include <gtest/gtest.h>

#include "mbedtls/entropy.h"

namespace caprt::entropy {
namespace {

TEST(HardwareEntropyTest, NoneFillsNothingAndPollFailsCleanly) {
  uint8_t buf[16] = {};
  EXPECT_EQ(fill(Source::kNone, buf, sizeof(buf)), 0u);
}

TEST(HardwareEntropyTest, DetectedSourceFillsOddLengths) {
  const Source s = detect();
  if (s == Source::kNone) GTEST_SKIP() << "CPU has neither RDSEED nor RDRAND";
  uint8_t a[37] = {}, b[37] = {};
  ASSERT_EQ(fill(s, a, sizeof(a)), sizeof(a));
  ASSERT_EQ(fill(s, b, sizeof(b)), sizeof(b));
  EXPECT_NE(memcmp(a, b, sizeof(a)), 0);
  size_t olen = 0;
  EXPECT_EQ(mbedtls_hardware_poll(nullptr, a, sizeof(a), &olen), 0);
  EXPECT_EQ(olen, sizeof(a));
}

}  // namespace
}  // namespace caprt::entropy
