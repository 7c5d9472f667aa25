// The guest's clock for mbedTLS (capos_mbedtls_config.h). Session tickets
// (their lifetime and key rotation) need a clock that never steps back;
// certificate validity dates need the time of day. The guest has neither
// on its own: a process that uses TLS installs both from its timer cap
// (Timer.now through caprt::EventClock, Timer.wallClock) before the first
// handshake.
//
// mbedtls_time() is then Unix seconds: the wall clock at SetWallClock plus
// monotonic time since, so it is still monotonic (tickets are fine) and
// never follows a later change of the host's clock. Without a wall clock it
// is monotonic seconds since boot, i.e. a date in January 1970, before any
// certificate's notBefore: every certificate is "not yet valid" (fail
// closed). Without any clock it is 0 (tickets never age, which a fresh
// process cannot exploit: it has issued none).
#pragma once

#include <stdint.h>

namespace capos_mbedtls {

// `now_ms(ctx)`: milliseconds since boot. Replaces any earlier clock.
void SetClock(uint64_t (*now_ms)(void* ctx), void* ctx);

// The time of day: it was `unix_ms` (Unix ms, UTC) when the clock above read
// `mono_ms`. `unix_ms` 0 (Timer.wallClock's "unknown") clears it. Call
// before the first handshake: mbedtls_time() jumps from boot-relative to
// Unix seconds here.
void SetWallClock(uint64_t unix_ms, uint64_t mono_ms);

}  // namespace capos_mbedtls
