#include "kernel/arch/rtc_decode.h"

namespace rtc {
namespace {

bool is_leap(unsigned y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(unsigned y, unsigned m) {
  static constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// One register byte to its value: BCD unless the RTC says binary. False on
// a nibble above 9 (a BCD byte no RTC writes).
bool to_value(uint8_t raw, bool binary, unsigned* out) {
  if (binary) {
    *out = raw;
    return true;
  }
  if ((raw & 0x0f) > 9 || (raw >> 4) > 9) return false;
  *out = (raw >> 4) * 10 + (raw & 0x0f);
  return true;
}

}  // namespace

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kBadDigit:
      return "bad BCD digit";
    case Verdict::kBadSecond:
      return "bad second";
    case Verdict::kBadMinute:
      return "bad minute";
    case Verdict::kBadHour:
      return "bad hour";
    case Verdict::kBadDay:
      return "bad day";
    case Verdict::kBadMonth:
      return "bad month";
    case Verdict::kBadYear:
      return "year outside 2000..2199";
  }
  return "?";
}

Verdict decode(const Registers& r, DateTime* out) {
  const bool binary = r.status_b & kStatusBBinary;
  const bool h24 = r.status_b & kStatusB24Hour;
  // The PM flag sits above the hour digits in 12-hour mode; strip it before
  // decoding, and refuse it in 24-hour mode where it cannot be set.
  const bool pm = r.hours & kHourPm;
  if (h24 && pm) return Verdict::kBadHour;
  unsigned sec, min, hour, day, mon, yy, cent;
  if (!to_value(r.seconds, binary, &sec) || !to_value(r.minutes, binary, &min) ||
      !to_value(r.hours & ~kHourPm, binary, &hour) || !to_value(r.day, binary, &day) ||
      !to_value(r.month, binary, &mon) || !to_value(r.year, binary, &yy)) {
    return Verdict::kBadDigit;
  }
  if (sec > 59) return Verdict::kBadSecond;
  if (min > 59) return Verdict::kBadMinute;
  if (h24) {
    if (hour > 23) return Verdict::kBadHour;
  } else {
    if (hour < 1 || hour > 12) return Verdict::kBadHour;
    hour %= 12;  // 12 AM is 0, 12 PM is 12
    if (pm) hour += 12;
  }
  if (yy > 99) return Verdict::kBadYear;
  // The century register is optional: a value that is no century this RTC
  // could mean (0, 0xff, garbage) says "not there", and the two digits are
  // 20xx. 19 is taken at its word, so an RTC set to 1999 is refused below
  // rather than read as 2099.
  if (!to_value(r.century, binary, &cent) || cent < 19 || cent > 21) cent = 20;
  const unsigned year = cent * 100 + yy;
  if (year < 2000 || year > 2199) return Verdict::kBadYear;
  if (mon < 1 || mon > 12) return Verdict::kBadMonth;
  if (day < 1 || day > days_in_month(year, mon)) return Verdict::kBadDay;
  *out =
      DateTime{static_cast<uint16_t>(year), static_cast<uint8_t>(mon), static_cast<uint8_t>(day),
               static_cast<uint8_t>(hour),  static_cast<uint8_t>(min), static_cast<uint8_t>(sec)};
  return Verdict::kOk;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;  // the year starts in March, so a leap day is its last day
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);             // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

uint64_t unix_seconds(const DateTime& t) {
  const int64_t days = days_from_civil(t.year, t.month, t.day);
  return static_cast<uint64_t>(days) * 86400 + t.hour * 3600u + t.minute * 60u + t.second;
}

}  // namespace rtc
