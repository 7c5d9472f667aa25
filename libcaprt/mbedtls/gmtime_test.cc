#include "libcaprt/mbedtls/gmtime.h"

#include <gtest/gtest.h>
#include <time.h>

namespace capos_mbedtls {
namespace {

struct tm Utc(int64_t t) {
  struct tm out = {};
  EXPECT_TRUE(UnixToUtc(t, &out)) << t;
  return out;
}

void ExpectDate(int64_t t, int y, int mon, int d, int h, int mi, int s) {
  struct tm tm = Utc(t);
  EXPECT_EQ(tm.tm_year + 1900, y) << t;
  EXPECT_EQ(tm.tm_mon + 1, mon) << t;
  EXPECT_EQ(tm.tm_mday, d) << t;
  EXPECT_EQ(tm.tm_hour, h) << t;
  EXPECT_EQ(tm.tm_min, mi) << t;
  EXPECT_EQ(tm.tm_sec, s) << t;
}

void ExpectSameAsHost(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm want = {};
  ASSERT_NE(gmtime_r(&tt, &want), nullptr) << t;
  struct tm got = Utc(t);
  ASSERT_EQ(got.tm_year, want.tm_year) << t;
  ASSERT_EQ(got.tm_mon, want.tm_mon) << t;
  ASSERT_EQ(got.tm_mday, want.tm_mday) << t;
  ASSERT_EQ(got.tm_hour, want.tm_hour) << t;
  ASSERT_EQ(got.tm_min, want.tm_min) << t;
  ASSERT_EQ(got.tm_sec, want.tm_sec) << t;
  ASSERT_EQ(got.tm_wday, want.tm_wday) << t;
  ASSERT_EQ(got.tm_yday, want.tm_yday) << t;
  ASSERT_EQ(got.tm_isdst, 0) << t;
}

TEST(Gmtime, KnownValues) {
  ExpectDate(0, 1970, 1, 1, 0, 0, 0);
  ExpectDate(951782400, 2000, 2, 29, 0, 0, 0);
  ExpectDate(4102444800, 2100, 1, 1, 0, 0, 0);
  ExpectDate(1796676067, 2026, 12, 7, 20, 41, 7);
  ExpectDate(-1, 1969, 12, 31, 23, 59, 59);
  ExpectDate(1835481599, 2028, 2, 29, 23, 59, 59);
  EXPECT_EQ(Utc(0).tm_wday, 4);  // a Thursday
}

TEST(Gmtime, MatchesHostOverASweep) {
  // Every day boundary +-1 s from 1900 to 2200, then odd steps across the
  // signed 32-bit range and beyond (2038 is no limit here).
  for (int64_t day = -25567; day <= 84006; day++) {
    ExpectSameAsHost(day * 86400 - 1);
    ExpectSameAsHost(day * 86400);
  }
  for (int64_t t = -(int64_t{1} << 33); t < (int64_t{1} << 34); t += 7777777) ExpectSameAsHost(t);
}

TEST(Gmtime, RefusesYearsBeyondInt) {
  struct tm tm = {};
  tm.tm_year = 42;
  EXPECT_FALSE(UnixToUtc(INT64_MAX, &tm));
  EXPECT_FALSE(UnixToUtc(INT64_MIN / 2, &tm));
  EXPECT_EQ(tm.tm_year, 42);
}

}  // namespace
}  // namespace capos_mbedtls
