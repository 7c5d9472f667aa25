// BootPackage: read-only access to the named resources of the boot package
// (manifest, service ELFs, blobs). Holding it grants reading, nothing else.
#pragma once

#include "kernel/objects/object.h"

namespace kobj {

class BootPackage final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static BootPackage* instance();
};

}  // namespace kobj
