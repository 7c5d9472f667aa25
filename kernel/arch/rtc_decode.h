// The pure half of the CMOS RTC (MC146818) read: raw register bytes to a
// validated UTC date and Unix seconds. No port I/O, so it builds for the
// host too (rtc_decode_test.cc); kernel/arch/rtc.cc does the reading.
//
// The RTC is the guest's only source of a time of day (QEMU sets it to the
// host's UTC by default). Its bytes are trusted only as far as they decode
// to a real date in [2000, 2199]: anything else leaves the wall clock
// unknown rather than wrong, since certificate checks depend on it.
#pragma once

#include <stdint.h>

namespace rtc {

// CMOS register numbers (port 0x70 selects, 0x71 reads).
inline constexpr uint8_t kRegSeconds = 0x00;
inline constexpr uint8_t kRegMinutes = 0x02;
inline constexpr uint8_t kRegHours = 0x04;
inline constexpr uint8_t kRegDay = 0x07;
inline constexpr uint8_t kRegMonth = 0x08;
inline constexpr uint8_t kRegYear = 0x09;
inline constexpr uint8_t kRegStatusA = 0x0a;
inline constexpr uint8_t kRegStatusB = 0x0b;
inline constexpr uint8_t kRegCentury = 0x32;  // not in every RTC; ACPI FADT names it

inline constexpr uint8_t kStatusAUpdating = 0x80;  // registers are being rewritten
inline constexpr uint8_t kStatusB24Hour = 0x02;    // else 12-hour with kHourPm
inline constexpr uint8_t kStatusBBinary = 0x04;    // else BCD
inline constexpr uint8_t kHourPm = 0x80;           // in the hours byte, 12-hour mode only

// The time registers as read, undecoded.
struct Registers {
  uint8_t seconds, minutes, hours, day, month, year;
  uint8_t century;  // register 0x32; used only if it decodes to 19, 20 or 21
  uint8_t status_b;
};

struct DateTime {
  uint16_t year;  // full year, e.g. 2026
  uint8_t month;  // 1..12
  uint8_t day;    // 1..31
  uint8_t hour, minute, second;
};

enum class Verdict : uint8_t {
  kOk,
  kBadDigit,  // a BCD nibble above 9
  kBadSecond,
  kBadMinute,
  kBadHour,  // incl. 0 or >12 in 12-hour mode, a PM bit in 24-hour mode
  kBadDay,   // incl. Feb 29 of a common year
  kBadMonth,
  kBadYear,  // outside [2000, 2199]
};
const char* verdict_name(Verdict v);

// Decodes per status B (BCD or binary, 12- or 24-hour). On kOk fills *out;
// on anything else *out is untouched.
Verdict decode(const Registers& r, DateTime* out);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil; exact for every year here). Negative before 1970.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

// Unix seconds of a decoded (valid) date, UTC.
uint64_t unix_seconds(const DateTime& t);

}  // namespace rtc
