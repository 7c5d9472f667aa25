// BootPackage: read-only access to the named resources of the boot package
// (manifest, service ELFs, blobs). Holding it grants reading, nothing else.
//
// Two shapes behind one interface (so caprt::BootPackage reads either):
//  - the whole package, a static singleton (`bootPackage` grants);
//  - scoped to one blob (`bootResource` grants): made by the kernel at boot,
//    one per distinct resource the manifest grants, freed with its last cap.
//    list shows only that entry and read answers kNotFound for any other
//    name, exactly as for a name the package lacks, so the holder learns
//    nothing about the rest of the package (not even what else is in it).
//  A blob the manifest grants as a bootResource is read only through its
//  scoped caps: the whole package lists it but answers its reads `denied`
//  (bootres::Reserved), so a secret blob reaches only the named services.
#pragma once

#include "kernel/boot/boot_package.h"
#include "kernel/objects/object.h"

namespace kobj {

class BootPackage final : public Object {
 public:
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  static BootPackage* instance();
  // A new object that serves only `blob` (an entry bootres::check accepted);
  // nullptr when the kernel heap is exhausted.
  static BootPackage* scoped(const bootpkg::Entry& blob);
  // The one entry a scoped object serves; null for the whole package.
  const char* scope() const { return scoped_ ? entry_.name : nullptr; }

 protected:
  void destroy() override;

 private:
  bool scoped_ = false;
  bootpkg::Entry entry_{};
};

}  // namespace kobj
