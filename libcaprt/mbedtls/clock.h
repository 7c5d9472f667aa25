// The guest's clock for mbedTLS (capos_mbedtls_config.h: session tickets'
// lifetime and key rotation need monotonic seconds and milliseconds). The
// guest has no time of day and no clock a library could reach on its own:
// a process that serves TLS installs one, its timer cap's, before the
// first handshake. Until then mbedTLS reads 0 (tickets then never age,
// which a fresh process cannot exploit: it has issued none).
#pragma once

#include <stdint.h>

namespace capos_mbedtls {

// `now_ms(ctx)`: milliseconds since boot. Replaces any earlier clock.
void SetClock(uint64_t (*now_ms)(void* ctx), void* ctx);

}  // namespace capos_mbedtls
