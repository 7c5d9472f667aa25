// Boot resources: a manifest `bootResource` grant reads one blob of the boot
// package and nothing else (schema/boot_manifest.capnp). This file is the
// rule, kept apart from the BootPackage object so it is host-tested:
//
//  - which entry a grant may name (check), refused with a reason the kernel
//    puts in its boot PANIC;
//  - the cap name init receives it under, "res-<name>" (cap_name);
//  - which names a scoped object answers (serves): exactly its own, so any
//    other name is notFound, as a name the package lacks.
//
// Freestanding like boot_package.cc: no libc, no allocation.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/boot/boot_package.h"

namespace bootres {

inline constexpr char kCapPrefix[] = "res-";
inline constexpr uint32_t kCapPrefixLen = sizeof(kCapPrefix) - 1;
// The longest resource name whose "res-<name>" still fits a CapSet name
// (manifests/defaults/schema.cue #ResourceName and the compiler agree).
inline constexpr uint32_t kNameMax = abi::kCapNameMax - 1 - kCapPrefixLen;
static_assert(kNameMax == 27);

// The blob a grant's resource (len bytes from the manifest) names. False,
// with `why` a static reason, if the name is empty, longer than kNameMax,
// holds a NUL, names no entry, or names an entry that is not a blob (the
// manifest and the ELFs stay behind bootPackage).
bool check(const bootpkg::Package& pkg, const char* name, uint32_t len, bootpkg::Entry* out,
           const char** why);

// Writes "res-<name>" and its NUL into out[abi::kCapNameMax]; returns its
// length. `name` is an entry's name that check() accepted.
uint32_t cap_name(const char* name, char* out);

// Whether the object scoped to `scope` answers a read of `name` (len bytes):
// only the exact name, never a prefix, an extension or an empty name.
bool serves(const bootpkg::Entry& scope, const char* name, uint32_t len);

// The blobs the manifest grants as bootResources. Such a blob is read only
// through its scoped caps: the whole-package BootPackage (init's, the
// launcher's, the authority's) refuses it, so a secret resource (keyvault's
// keys) reaches exactly the services the manifest names. It stays listed.
// Entries are kept by name pointer: the package gives one per entry.
class Reserved {
 public:
  void clear() { count_ = 0; }
  // Adds `blob` once; false when the table is full.
  bool add(const bootpkg::Entry& blob);
  bool holds(const bootpkg::Entry& e) const;

 private:
  const char* names_[abi::kCapSetMaxEntries] = {};
  uint32_t count_ = 0;
};

// The kernel's table, filled while the manifest is read at boot.
Reserved& reserved();

}  // namespace bootres
