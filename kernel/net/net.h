// The kernel's network stack: one virtio-net interface driven by lwIP
// (NO_SYS, raw API). See kernel/net/README.md.
//
// Context rule: every lwIP call happens inside net::init() or net::poll(),
// both in ring 0 with interrupts disabled on the single CPU, or inside the
// net::tcp API, which is called from syscall context (also interrupts
// disabled). Nothing here is ever entered from an interrupt handler.
#pragma once

#include <stdint.h>

namespace net {

enum class AddressMode : uint8_t {
  kDhcpOrStatic,  // DHCP; after the timeout fall back to the static address
  kStatic,        // 10.0.2.15/24 gw 10.0.2.2 (QEMU user networking)
};

struct Config {
  AddressMode mode = AddressMode::kDhcpOrStatic;
  uint32_t dhcp_timeout_ms = 3000;
};

// Finds the NIC, starts lwIP and configures IPv4, busy-polling (interrupts
// are still off at boot) until DHCP binds or times out. Prints one line:
//   [kernel] net: virtio-net <mac> up, address <ip> via DHCP|static
// or says that there is no network; the kernel continues either way.
void init(const Config& config = Config());

// Drains received frames into lwIP, reaps TX completions, runs lwIP's
// timers and the TCP layer's housekeeping. Cheap when idle; called from
// sched::tick() and the scheduler loop.
void poll();

// True once an IPv4 address is configured.
bool up();

// Milliseconds since boot, as lwIP sees time.
uint32_t now_ms();
// Draws the key for TCP ISNs and lwIP's random numbers (lwip_port.cc);
// called by init() before lwIP starts.
void seed_keys();

}  // namespace net
