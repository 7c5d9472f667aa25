// Legacy (virtio 0.9.5) virtio-rng over PCI I/O BAR0: QEMU's
// virtio-rng-pci is transitional (1af4:1005), so the default device works.
//
// The kernel runs with interrupts off, so the driver is synchronous: it
// posts one device-writable buffer, notifies, and polls the used ring with
// a deadline. Exactly one buffer is ever in flight. Everything the device
// hands back is checked by virtio_rng_check; a corrupt completion or a
// missed deadline resets the device (so it can no longer write into our
// buffer) and disables it for good: the caller then has no source rather
// than suspect bytes.
#pragma once

#include <stddef.h>

namespace virtio_rng {

// Finds, resets and starts the first virtio-rng device. Returns false (and
// says why on the log when a device exists but cannot be driven) otherwise.
bool init();

// True while a started device has not been disabled.
bool ready();

// Fills buf completely with bytes from the device. False if there is no
// ready device or it failed during this call (it is then disabled).
bool fill(void* buf, size_t len);

}  // namespace virtio_rng
