#include "libcaprt/mbedtls/clock.h"

#include "mbedtls/platform_time.h"

namespace capos_mbedtls {
namespace {

uint64_t (*g_now_ms)(void*) = nullptr;
void* g_ctx = nullptr;

uint64_t NowMs() {
  return g_now_ms != nullptr ? g_now_ms(g_ctx) : 0;
}

}  // namespace

void SetClock(uint64_t (*now_ms)(void* ctx), void* ctx) {
  g_ctx = ctx;
  g_now_ms = now_ms;
}

}  // namespace capos_mbedtls

// MBEDTLS_PLATFORM_TIME_MACRO: seconds.
extern "C" long long capos_mbedtls_time(long long* out) {
  long long s = static_cast<long long>(capos_mbedtls::NowMs() / 1000);
  if (out != nullptr) *out = s;
  return s;
}

// MBEDTLS_PLATFORM_MS_TIME_ALT.
extern "C" mbedtls_ms_time_t mbedtls_ms_time(void) {
  return static_cast<mbedtls_ms_time_t>(capos_mbedtls::NowMs());
}
