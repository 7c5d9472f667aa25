// Monotonic clock: the TSC, calibrated once against PIT channel 2.
#pragma once

#include <stdint.h>

namespace clock {
void calibrate();
uint64_t now_ns();
uint64_t tsc_khz();
}  // namespace clock
