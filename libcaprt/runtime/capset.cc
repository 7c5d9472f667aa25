#include "libcaprt/runtime/capset.h"

namespace caprt {
namespace {

// True if the fixed-size, possibly unterminated `field` equals `name`.
bool NameEquals(const char* field, size_t field_size, const char* name) {
  for (size_t i = 0; i < field_size; ++i) {
    if (field[i] != name[i]) return false;
    if (name[i] == '\0') return true;
  }
  return false;  // field unterminated or name longer than the field
}

Cap ToCap(const abi::CapSetEntry& e) {
  Cap cap;
  cap.slot = e.slot;
  cap.generation = e.generation;
  cap.interface_id = e.interface_id;
  return cap;
}

}  // namespace

Status CapSetView::Validate() const {
  if (header().magic != abi::kCapSetMagic || header().abi_version != abi::kAbiVersion) {
    return Error::kAbiMismatch;
  }
  return Status();
}

uint32_t CapSetView::count() const {
  uint32_t n = header().count;
  return n > abi::kCapSetMaxEntries ? abi::kCapSetMaxEntries : n;
}

const abi::CapSetEntry& CapSetView::entry(uint32_t i) const {
  return reinterpret_cast<const abi::CapSetEntry*>(page_ + sizeof(abi::CapSetHeader))[i];
}

Result<Cap> CapSetView::Find(const char* name, uint64_t interface_id) const {
  for (uint32_t i = 0; i < count(); ++i) {
    const abi::CapSetEntry& e = entry(i);
    if (!NameEquals(e.name, sizeof(e.name), name)) continue;
    if (e.interface_id != interface_id) return Error::kWrongInterface;
    return ToCap(e);
  }
  return Error::kNotFound;
}

Result<Cap> CapSetView::FindByInterface(uint64_t interface_id) const {
  for (uint32_t i = 0; i < count(); ++i) {
    if (entry(i).interface_id == interface_id) return ToCap(entry(i));
  }
  return Error::kNotFound;
}

}  // namespace caprt
