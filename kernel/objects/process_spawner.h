// ProcessSpawner: starts a service ELF from the boot package with an
// explicit list of grants. Every grant names a cap the caller holds, so a
// child can never be given authority its parent does not have.
#pragma once

#include "kernel/objects/object.h"

namespace kobj {

class ProcessSpawner final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static ProcessSpawner* instance();
};

}  // namespace kobj
