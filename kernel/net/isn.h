// TCP initial sequence numbers after RFC 6528:
//
//   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
//
// M is a 4 µs clock and F is SipHash-2-4 under a 128-bit key drawn once from
// the entropy source, so an off-path attacker can neither predict the ISN
// of a new connection nor learn one connection's ISN from another's.
// lwIP's default is a counter; lwipopts.h routes LWIP_HOOK_TCP_ISN here.
// Pure: the clock and the key come from the caller (host-tested).
#pragma once

#include <stdint.h>

namespace isn {

struct Key {
  uint64_t k0 = 0, k1 = 0;
};

// SipHash-2-4 of `len` bytes (the reference algorithm; see isn_test.cc).
uint64_t SipHash24(const Key& key, const void* data, uint64_t len);

// Addresses are the IPv4 address in network byte order as lwIP stores it;
// ports are host order. `usec` is a monotonic microsecond clock.
uint32_t Compute(const Key& key, uint32_t local_ip, uint16_t local_port, uint32_t remote_ip,
                 uint16_t remote_port, uint64_t usec);

}  // namespace isn
