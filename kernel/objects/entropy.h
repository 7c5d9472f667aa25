// EntropySource: random bytes from RDSEED/RDRAND. With neither instruction
// the cap answers notFound ("no entropy source") rather than weak bytes.
#pragma once

#include <stddef.h>

#include "kernel/objects/object.h"

namespace entropy {
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
