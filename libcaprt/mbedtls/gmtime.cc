#include "libcaprt/mbedtls/gmtime.h"

namespace capos_mbedtls {
namespace {

struct Civil {
  int64_t year;
  unsigned month, day;  // 1-based
};

// Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic
// Gregorian date, exact over the whole int64 day range used here. Years are
// counted from March so the leap day is the last day of a year.
Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);                // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  return Civil{static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool IsLeap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

}  // namespace

bool UnixToUtc(int64_t unix_s, struct tm* out) {
  // Floor division, so times before 1970 land on the right day.
  int64_t days = unix_s / 86400;
  int64_t secs = unix_s % 86400;
  if (secs < 0) secs += 86400, days -= 1;
  const Civil c = CivilFromDays(days);
  const int64_t tm_year = c.year - 1900;
  if (tm_year < INT32_MIN || tm_year > INT32_MAX) return false;
  static constexpr uint16_t kDaysBefore[12] = {0,   31,  59,  90,  120, 151,
                                               181, 212, 243, 273, 304, 334};
  struct tm t = {};
  t.tm_year = static_cast<int>(tm_year);
  t.tm_mon = static_cast<int>(c.month) - 1;
  t.tm_mday = static_cast<int>(c.day);
  t.tm_hour = static_cast<int>(secs / 3600);
  t.tm_min = static_cast<int>(secs / 60 % 60);
  t.tm_sec = static_cast<int>(secs % 60);
  t.tm_yday =
      kDaysBefore[c.month - 1] + static_cast<int>(c.day) - 1 + (c.month > 2 && IsLeap(c.year));
  // 1970-01-01 was a Thursday (4).
  int64_t wday = (days + 4) % 7;
  t.tm_wday = static_cast<int>(wday < 0 ? wday + 7 : wday);
  t.tm_isdst = 0;
  *out = t;
  return true;
}

}  // namespace capos_mbedtls
