// Setting up one legacy virtio queue: size check, the page-aligned split
// ring in physically contiguous frames, and the queue's PFN register.
#pragma once

#include <stdint.h>

#include "kernel/drivers/virtio_legacy.h"

namespace virtio_legacy {

struct Ring {
  uint16_t size = 0;
  uint64_t phys = 0;
  volatile Desc* desc = nullptr;
  volatile Avail* avail = nullptr;
  volatile Used* used = nullptr;
};

// Selects queue `index` of the device at I/O base `io`, checks its size (a
// nonzero power of two), allocates and maps the ring and tells the device
// where it is. On failure logs one line prefixed by `who` and returns false.
bool map_queue(uint16_t io, uint16_t index, const char* who, Ring* out);

}  // namespace virtio_legacy
