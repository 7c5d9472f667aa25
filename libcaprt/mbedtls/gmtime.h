// UTC calendar fields of a Unix time, for mbedTLS's certificate date checks
// (MBEDTLS_PLATFORM_GMTIME_R_ALT: the guest's libc has no gmtime_r). Pure,
// so the host test compares it with its libc (gmtime_test.cc).
#pragma once

#include <stdint.h>
#include <time.h>

namespace capos_mbedtls {

// Fills every field of *out gmtime_r's way (tm_isdst 0); false, leaving *out
// untouched, if the year does not fit an int.
bool UnixToUtc(int64_t unix_s, struct tm* out);

}  // namespace capos_mbedtls
