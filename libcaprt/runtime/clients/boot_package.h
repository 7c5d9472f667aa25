// Typed client for the kernel BootPackage cap (named boot resources).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel-abi/boot_package.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt {

enum class BootKind : uint16_t { kUnknown = 0, kManifest = 1, kElf = 2, kBlob = 3 };

// One entry of BootPackage.list, copied out of the reply (names longer than
// the boot-package limit are truncated, never overrun).
struct BootEntry {
  char name[abi::kBootPkgNameMax];
  BootKind kind;
  uint64_t size;
};

class BootPackage {
 public:
  static Result<BootPackage> Find(const char* name = "bootPackage");

  BootPackage() = default;
  explicit BootPackage(const Cap& cap) : cap_(cap) {}
  const Cap& cap() const { return cap_; }

  // Fills up to `max` entries; returns how many the package has in total
  // (may exceed max). kMalformedMessage for an undecodable reply.
  Result<size_t> List(BootEntry* out, size_t max);
  // Reads up to `len` bytes of `name` from `offset`; returns bytes copied
  // (fewer at the end of the resource). kNotFound for an unknown name.
  Result<size_t> Read(const char* name, uint64_t offset, void* buf, uint32_t len);
  // Reads a whole resource of `size` bytes into a malloc'd buffer the caller
  // frees with free(); kNoMemory, or the first Read error.
  Result<void*> ReadAll(const char* name, size_t size);

 private:
  Cap cap_;
};

}  // namespace caprt
