// Validation of what a virtio-net device hands back through its used rings.
// The device (or a hostile hypervisor, or a bug in either) is untrusted:
// every used-ring index and element is checked here before the driver
// touches a buffer. Pure and freestanding, so it builds for the host too
// (unit tests, libFuzzer).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/drivers/virtio_legacy.h"

namespace virtio_net {

// Legacy virtio-net header without VIRTIO_NET_F_MRG_RXBUF: 10 bytes. We
// negotiate nothing that changes its size.
inline constexpr uint32_t kNetHdrSize = 10;
inline constexpr uint32_t kEthHdrSize = 14;
inline constexpr uint32_t kMaxFrame = 1514;  // no VLAN tag, no FCS

using virtio_legacy::UsedElem;

enum class Verdict : uint8_t {
  kOk,
  kBadId,     // descriptor id outside the posted buffers: nothing to recycle
  kNotOwned,  // id in range but the buffer is not with the device
  kTooShort,  // shorter than header + Ethernet header
  kTooLong,   // longer than the buffer, or than an Ethernet frame
};

const char* verdict_name(Verdict v);

// How many used elements are new, given the last index we consumed and the
// device's used->idx. More than qsize means the ring is corrupt: returns -1
// and the caller resynchronises (skips to device_idx without touching any
// element).
int new_used(uint16_t last_seen, uint16_t device_idx, uint16_t qsize);

// Checks one RX used element against `nbufs` posted buffers of `buf_size`
// bytes each. `owned[id]` says whether buffer id is currently posted to the
// device (the caller clears it for every kOk/kTooShort/kTooLong result and
// re-posts). On kOk, *frame_off / *frame_len give the Ethernet frame inside
// the buffer, always within [0, buf_size).
Verdict check_rx(UsedElem e, uint32_t nbufs, uint32_t buf_size, const bool* owned,
                 uint32_t* frame_off, uint32_t* frame_len);

// Checks one TX used element: the id must name a buffer we handed over.
Verdict check_tx(UsedElem e, uint32_t nbufs, const bool* in_flight);

}  // namespace virtio_net
