// mbedTLS's clock from a process's timer cap (clock.h), installed the one
// way every guest user of certificates does it: monotonic time through
// caprt::EventClock (no kernel call per read) and the time of day from
// Timer.wallClock. Header-only, so mbedtls_guest itself stays free of the
// runtime's IPC clients. Call once per process, before the first handshake
// or certificate check.
#pragma once

#include <stdint.h>

#include "libcaprt/mbedtls/clock.h"
#include "libcaprt/runtime/clients/timer.h"

namespace capos_mbedtls {

// Installs both clocks from `timer_cap`; returns Timer.wallClock's answer
// (Unix ns; 0 or an error when the kernel found no RTC, and then every
// certificate is "not yet valid").
inline caprt::Result<uint64_t> InstallTimerClock(const caprt::Cap& timer_cap) {
  caprt::Timer timer(timer_cap);
  static caprt::EventClock clock{timer};
  SetClock([](void* c) { return static_cast<caprt::EventClock*>(c)->NowMs(); }, &clock);
  caprt::Result<uint64_t> wall = timer.WallClockNs();
  SetWallClock(wall.ok() ? wall.value() / 1000000 : 0, clock.NowMs());
  return wall;
}

}  // namespace capos_mbedtls
