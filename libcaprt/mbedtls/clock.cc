#include "libcaprt/mbedtls/clock.h"

#include "libcaprt/mbedtls/gmtime.h"
#include "mbedtls/platform_time.h"
#include "mbedtls/platform_util.h"

namespace capos_mbedtls {
namespace {

uint64_t (*g_now_ms)(void*) = nullptr;
void* g_ctx = nullptr;
// Unix ms minus monotonic ms, i.e. the Unix time at boot; 0: unknown.
uint64_t g_unix_ms_at_boot = 0;

uint64_t NowMs() {
  return g_now_ms != nullptr ? g_now_ms(g_ctx) : 0;
}

}  // namespace

void SetClock(uint64_t (*now_ms)(void* ctx), void* ctx) {
  g_ctx = ctx;
  g_now_ms = now_ms;
}

void SetWallClock(uint64_t unix_ms, uint64_t mono_ms) {
  // A wall clock earlier than the monotonic one cannot be real.
  g_unix_ms_at_boot = unix_ms > mono_ms ? unix_ms - mono_ms : 0;
}

}  // namespace capos_mbedtls

// MBEDTLS_PLATFORM_TIME_MACRO: seconds (clock.h says which).
extern "C" long long capos_mbedtls_time(long long* out) {
  long long s =
      static_cast<long long>((capos_mbedtls::g_unix_ms_at_boot + capos_mbedtls::NowMs()) / 1000);
  if (out != nullptr) *out = s;
  return s;
}

// MBEDTLS_PLATFORM_MS_TIME_ALT: monotonic ms since boot (mbedTLS only
// subtracts them: ticket ages).
extern "C" mbedtls_ms_time_t mbedtls_ms_time(void) {
  return static_cast<mbedtls_ms_time_t>(capos_mbedtls::NowMs());
}

// MBEDTLS_PLATFORM_GMTIME_R_ALT: x509.c's certificate date checks. NULL
// makes mbedTLS treat a certificate as both expired and not yet valid.
struct tm* mbedtls_platform_gmtime_r(const mbedtls_time_t* tt, struct tm* tm_buf) {
  return capos_mbedtls::UnixToUtc(*tt, tm_buf) ? tm_buf : nullptr;
}
