// Serial-log evidence of network resource exhaustion (see health.cc).
#pragma once

#include <stdint.h>

namespace net {

// Called from net::poll(); checks at most once a second and prints a line
// only when a counter changed. rx_drops: frames dropped for want of a pbuf.
void health_check(uint32_t now_ms, uint64_t rx_drops);

}  // namespace net
