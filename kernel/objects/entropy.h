// EntropySource: random bytes from RDSEED/RDRAND, else from a virtio-rng
// device. With no source (or once the device was disabled for misbehaving)
// the cap answers notFound ("no entropy source") rather than weak bytes.
#pragma once

#include <stddef.h>

#include "kernel/objects/object.h"

namespace entropy {
// Picks the source once at boot and logs it ("entropy: rdseed|rdrand|
// virtio-rng|none"). Needs the clock and the frame allocator.
void init();
bool available();
// Fills buf from the hardware generator; false if there is none.
bool fill(void* buf, size_t len);
}  // namespace entropy

namespace kobj {
class EntropySource final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static EntropySource* instance();
};
}  // namespace kobj
