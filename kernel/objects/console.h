// Console: write-only access to the serial log. The kernel prefixes every
// line with "[<service>] " so a service cannot forge another's output.
#pragma once

#include "kernel/objects/object.h"

namespace kobj {

class Console final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static Console* instance();
  static constexpr uint32_t kMaxWrite = 4096;
};

}  // namespace kobj
