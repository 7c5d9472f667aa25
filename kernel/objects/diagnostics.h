// Diagnostics: kernel accounting for tests and benchmarks. Read-only.
#pragma once

#include "kernel/objects/object.h"

namespace kobj {
class Diagnostics final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static Diagnostics* instance();
};
}  // namespace kobj
