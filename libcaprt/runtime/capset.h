// Lookup in the read-only CapSet page the kernel maps at abi::kCapSetVa.
//
// The page is written by the kernel, but it is still read defensively: the
// entry count is clamped to what fits in a page and names are compared only
// within their fixed-size field, so a bad page cannot make a lookup run off
// the end.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

class CapSetView {
 public:
  explicit CapSetView(const void* page) : page_(static_cast<const unsigned char*>(page)) {}

  const abi::CapSetHeader& header() const {
    return *reinterpret_cast<const abi::CapSetHeader*>(page_);
  }
  // kAbiMismatch unless magic and version match this runtime.
  Status Validate() const;
  // Number of entries, clamped to abi::kCapSetMaxEntries.
  uint32_t count() const;
  const abi::CapSetEntry& entry(uint32_t i) const;

  // The cap granted as `name`: kNotFound if absent, kWrongInterface if it
  // implements another interface than `interface_id`.
  Result<Cap> Find(const char* name, uint64_t interface_id) const;
  // The first cap implementing `interface_id`, whatever its name; kNotFound.
  Result<Cap> FindByInterface(uint64_t interface_id) const;

 private:
  const unsigned char* page_;
};

// The process's own CapSet page.
inline CapSetView MyCapSet() {
  return CapSetView(reinterpret_cast<const void*>(abi::kCapSetVa));
}

inline Result<Cap> FindCap(const char* name, uint64_t interface_id) {
  return MyCapSet().Find(name, interface_id);
}

}  // namespace caprt
