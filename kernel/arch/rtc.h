// The time of day: the CMOS RTC read once at boot, then carried forward by
// the monotonic clock (clock.h), so it never steps and costs no port I/O
// per read. Decoding and validation are rtc_decode.h's.
#pragma once

#include <stdint.h>

namespace rtc {

// Reads the RTC and prints `rtc: <ISO date>Z (unix N)` or `rtc: unknown
// (<why>)`. Once, after clock::calibrate().
void read_at_boot();

// Unix nanoseconds now: the boot read plus monotonic time since; 0 when the
// RTC was unreadable or invalid.
uint64_t wall_ns();

}  // namespace rtc
