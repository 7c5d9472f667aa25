// The legacy (0.9.x, "transitional") virtio PCI interface shared by our
// drivers: I/O BAR registers, status bits and the split-ring layout.
// Layout only, freestanding, so the drivers' pure check code (built for the
// host too) can share UsedElem; mapping a queue is virtio_legacy_queue.h.
#pragma once

#include <stdint.h>

namespace virtio_legacy {

// Legacy register offsets in BAR0 (no MSI-X, so device config starts at 0x14).
inline constexpr uint16_t kRegDeviceFeatures = 0x00, kRegGuestFeatures = 0x04, kRegQueuePfn = 0x08,
                          kRegQueueSize = 0x0c, kRegQueueSelect = 0x0e, kRegQueueNotify = 0x10,
                          kRegStatus = 0x12, kRegIsr = 0x13, kRegDeviceConfig = 0x14;
inline constexpr uint8_t kStatusAck = 1, kStatusDriver = 2, kStatusDriverOk = 4,
                         kStatusFailed = 128;
inline constexpr uint16_t kDescWrite = 2;         // the device writes this buffer
inline constexpr uint16_t kAvailNoInterrupt = 1;  // we poll the used ring
inline constexpr uint16_t kUsedNoNotify = 1;      // the device needs no kick

struct Desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags, next;
};
struct Avail {
  uint16_t flags, idx, ring[];
};
struct UsedElem {
  uint32_t id;
  uint32_t len;
};
struct Used {
  uint16_t flags, idx;
  UsedElem ring[];
};

}  // namespace virtio_legacy
