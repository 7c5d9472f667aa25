#include "kernel/boot/boot_resource.h"

namespace bootres {
namespace {

uint32_t length(const char* s, uint32_t max) {
  uint32_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

}  // namespace

bool check(const bootpkg::Package& pkg, const char* name, uint32_t len, bootpkg::Entry* out,
           const char** why) {
  if (len == 0 || len > kNameMax) {
    *why = "the resource name is empty or longer than 27 bytes (its cap is res-<name>)";
    return false;
  }
  // find() takes a C string: a NUL inside would name a shorter entry.
  if (length(name, len) != len) {
    *why = "the resource name holds a NUL";
    return false;
  }
  if (!bootpkg::find(pkg, name, out)) {
    *why = "no such entry in the boot package";
    return false;
  }
  if (out->kind != abi::BootEntryKind::kBlob) {
    *why = "the entry is not a blob (the manifest and ELFs are read through bootPackage only)";
    return false;
  }
  return true;
}

uint32_t cap_name(const char* name, char* out) {
  uint32_t n = 0;
  for (; n < kCapPrefixLen; n++) out[n] = kCapPrefix[n];
  for (uint32_t i = 0; name[i] && n + 1 < abi::kCapNameMax; i++) out[n++] = name[i];
  out[n] = 0;
  return n;
}

bool serves(const bootpkg::Entry& scope, const char* name, uint32_t len) {
  if (len == 0 || len >= abi::kBootPkgNameMax) return false;
  // Stops at the first difference, so scope.name is never read past its
  // NUL: a byte before index len that matched was not a NUL.
  for (uint32_t i = 0; i < len; i++) {
    if (name[i] == 0 || scope.name[i] != name[i]) return false;
  }
  return scope.name[len] == 0;
}

bool Reserved::add(const bootpkg::Entry& blob) {
  if (holds(blob)) return true;
  if (count_ == abi::kCapSetMaxEntries) return false;
  names_[count_++] = blob.name;
  return true;
}

bool Reserved::holds(const bootpkg::Entry& e) const {
  for (uint32_t i = 0; i < count_; i++) {
    if (names_[i] == e.name) return true;
  }
  return false;
}

Reserved& reserved() {
  static Reserved table;
  return table;
}

}  // namespace bootres
