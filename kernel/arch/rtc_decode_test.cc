#include "kernel/arch/rtc_decode.h"

#include <gtest/gtest.h>
#include <time.h>

namespace rtc {
namespace {

constexpr uint8_t kBcd24 = kStatusB24Hour;
constexpr uint8_t kBcd12 = 0;
constexpr uint8_t kBin24 = kStatusBBinary | kStatusB24Hour;
constexpr uint8_t kBin12 = kStatusBBinary;

// The host's own conversion, as the reference.
uint64_t host_timegm(int y, int mo, int d, int h, int mi, int s) {
  struct tm tm = {};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<uint64_t>(timegm(&tm));
}

uint64_t decode_ok(const Registers& r) {
  DateTime t{};
  Verdict v = decode(r, &t);
  EXPECT_EQ(v, Verdict::kOk) << verdict_name(v);
  return v == Verdict::kOk ? unix_seconds(t) : 0;
}

Verdict verdict(const Registers& r) {
  DateTime t{};
  return decode(r, &t);
}

TEST(RtcDecode, BcdTwentyFourHour) {
  // 2026-12-07 20:41:07, no century register.
  Registers r{0x07, 0x41, 0x20, 0x07, 0x12, 0x26, 0x00, kBcd24};
  DateTime t{};
  ASSERT_EQ(decode(r, &t), Verdict::kOk);
  EXPECT_EQ(t.year, 2026);
  EXPECT_EQ(t.month, 12);
  EXPECT_EQ(t.day, 7);
  EXPECT_EQ(t.hour, 20);
  EXPECT_EQ(t.minute, 41);
  EXPECT_EQ(t.second, 7);
  EXPECT_EQ(unix_seconds(t), host_timegm(2026, 12, 7, 20, 41, 7));
}

TEST(RtcDecode, BinaryTwentyFourHour) {
  Registers r{7, 41, 20, 7, 12, 26, 20, kBin24};
  EXPECT_EQ(decode_ok(r), host_timegm(2026, 12, 7, 20, 41, 7));
}

TEST(RtcDecode, TwelveHourAmPm) {
  // 12 AM is midnight, 12 PM is noon, 1 AM is 1, 1 PM is 13, 11 PM is 23.
  EXPECT_EQ(decode_ok({0, 0, 0x12, 1, 1, 0x30, 0, kBcd12}), host_timegm(2030, 1, 1, 0, 0, 0));
  EXPECT_EQ(decode_ok({0, 0, 0x92, 1, 1, 0x30, 0, kBcd12}), host_timegm(2030, 1, 1, 12, 0, 0));
  EXPECT_EQ(decode_ok({0, 0, 0x01, 1, 1, 0x30, 0, kBcd12}), host_timegm(2030, 1, 1, 1, 0, 0));
  EXPECT_EQ(decode_ok({0, 0, 0x81, 1, 1, 0x30, 0, kBcd12}), host_timegm(2030, 1, 1, 13, 0, 0));
  EXPECT_EQ(decode_ok({0, 0, 0x91, 1, 1, 0x30, 0, kBcd12}), host_timegm(2030, 1, 1, 23, 0, 0));
  // Binary 12-hour: 11 PM is 0x80 | 11.
  EXPECT_EQ(decode_ok({0, 0, 0x8b, 1, 1, 30, 0, kBin12}), host_timegm(2030, 1, 1, 23, 0, 0));
  EXPECT_EQ(decode_ok({0, 0, 12, 1, 1, 30, 0, kBin12}), host_timegm(2030, 1, 1, 0, 0, 0));
}

TEST(RtcDecode, RejectsBadHours) {
  EXPECT_EQ(verdict({0, 0, 0x00, 1, 1, 0x30, 0, kBcd12}), Verdict::kBadHour);  // no hour 0
  EXPECT_EQ(verdict({0, 0, 0x13, 1, 1, 0x30, 0, kBcd12}), Verdict::kBadHour);
  EXPECT_EQ(verdict({0, 0, 0x24, 1, 1, 0x30, 0, kBcd24}), Verdict::kBadHour);
  EXPECT_EQ(verdict({0, 0, 0x81, 1, 1, 0x30, 0, kBcd24}), Verdict::kBadHour);  // PM in 24h
}

TEST(RtcDecode, LeapDay) {
  EXPECT_EQ(decode_ok({0x59, 0x59, 0x23, 0x29, 0x02, 0x28, 0, kBcd24}),
            host_timegm(2028, 2, 29, 23, 59, 59));
  EXPECT_EQ(verdict({0, 0, 0, 0x29, 0x02, 0x27, 0, kBcd24}), Verdict::kBadDay);  // 2027 is common
  EXPECT_EQ(verdict({0, 0, 0, 0x30, 0x02, 0x28, 0, kBcd24}), Verdict::kBadDay);
  // 2100 is not a leap year, 2000 is.
  EXPECT_EQ(verdict({0, 0, 0, 0x29, 0x02, 0x00, 0x21, kBcd24}), Verdict::kBadDay);
  EXPECT_EQ(decode_ok({0, 0, 0, 0x29, 0x02, 0x00, 0x20, kBcd24}), 951782400u);
}

TEST(RtcDecode, RejectsInvalidFields) {
  EXPECT_EQ(verdict({0, 0, 0, 1, 0x00, 0x26, 0, kBcd24}), Verdict::kBadMonth);
  EXPECT_EQ(verdict({0, 0, 0, 1, 0x13, 0x26, 0, kBcd24}), Verdict::kBadMonth);
  EXPECT_EQ(verdict({0, 0, 0, 0x00, 1, 0x26, 0, kBcd24}), Verdict::kBadDay);
  EXPECT_EQ(verdict({0, 0, 0, 0x31, 4, 0x26, 0, kBcd24}), Verdict::kBadDay);  // April has 30
  EXPECT_EQ(verdict({0x60, 0, 0, 1, 1, 0x26, 0, kBcd24}), Verdict::kBadSecond);
  EXPECT_EQ(verdict({0, 0x60, 0, 1, 1, 0x26, 0, kBcd24}), Verdict::kBadMinute);
  EXPECT_EQ(verdict({0x1a, 0, 0, 1, 1, 0x26, 0, kBcd24}), Verdict::kBadDigit);
  EXPECT_EQ(verdict({0, 0, 0, 1, 1, 0xa0, 0, kBcd24}), Verdict::kBadDigit);
  EXPECT_EQ(verdict({0, 0, 0, 1, 1, 100, 0, kBin24}), Verdict::kBadYear);
  // An all-0xff CMOS (no RTC) never decodes.
  EXPECT_NE(verdict({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), Verdict::kOk);
  EXPECT_NE(verdict({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, kBcd24}), Verdict::kOk);
}

TEST(RtcDecode, UntouchedOnRejection) {
  DateTime t{1999, 9, 9, 9, 9, 9};
  EXPECT_EQ(decode({0, 0, 0, 1, 0x13, 0x26, 0, kBcd24}, &t), Verdict::kBadMonth);
  EXPECT_EQ(t.year, 1999);
  EXPECT_EQ(t.month, 9);
}

TEST(RtcDecode, Century) {
  // 21 in the century register: 2199-12-31 23:59:59, the last accepted second.
  EXPECT_EQ(decode_ok({0x59, 0x59, 0x23, 0x31, 0x12, 0x99, 0x21, kBcd24}),
            host_timegm(2199, 12, 31, 23, 59, 59));
  EXPECT_EQ(decode_ok({0, 0, 0, 1, 1, 0x00, 0x21, kBcd24}), 4102444800u);  // 2100-01-01
  EXPECT_EQ(decode_ok({0, 0, 0, 1, 1, 0, 21, kBin24}), 4102444800u);
  // Implausible century values (absent register, 22, garbage): 20xx.
  EXPECT_EQ(decode_ok({0, 0, 0, 1, 1, 0x26, 0x00, kBcd24}), host_timegm(2026, 1, 1, 0, 0, 0));
  EXPECT_EQ(decode_ok({0, 0, 0, 1, 1, 0x26, 0x22, kBcd24}), host_timegm(2026, 1, 1, 0, 0, 0));
  EXPECT_EQ(decode_ok({0, 0, 0, 1, 1, 0x26, 0xff, kBcd24}), host_timegm(2026, 1, 1, 0, 0, 0));
  // A century of 19 is believed: 1999 is refused, not read as 2099.
  EXPECT_EQ(verdict({0, 0, 0, 1, 1, 0x99, 0x19, kBcd24}), Verdict::kBadYear);
  // In binary mode 0x20 is 32, not 20: also ignored.
  EXPECT_EQ(decode_ok({0, 0, 0, 1, 1, 26, 0x20, kBin24}), host_timegm(2026, 1, 1, 0, 0, 0));
}

TEST(RtcDecode, DaysFromCivilMatchesHost) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  // Every day of 1900..2200 against the host's timegm.
  for (int y = 1900; y <= 2200; y++) {
    for (int m = 1; m <= 12; m++) {
      for (int d = 1; d <= 31; d++) {
        struct tm tm = {};
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        time_t t = timegm(&tm);
        if (tm.tm_mday != d) continue;  // normalised: no such day
        ASSERT_EQ(days_from_civil(y, m, d) * 86400, static_cast<int64_t>(t))
            << y << "-" << m << "-" << d;
      }
    }
  }
}

}  // namespace
}  // namespace rtc
