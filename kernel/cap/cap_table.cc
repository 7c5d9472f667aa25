#include "kernel/cap/cap_table.h"

namespace cap {

abi::Error Table::lookup(uint32_t slot, uint32_t generation, const Entry** out) const {
  if (slot >= kSlots) return abi::Error::kBadSlot;
  const Entry& e = slots_[slot];
  if (e.generation != generation) return abi::Error::kStaleGeneration;
  if (!e.object) return abi::Error::kBadSlot;
  *out = &e;
  return abi::Error::kOk;
}

int Table::insert(kobj::Object* object, uint64_t interface_id, uint32_t rights) {
  for (uint32_t i = 0; i < kSlots; i++) {
    Entry& e = slots_[i];
    if (e.object) continue;
    e.object = object;
    e.interface_id = interface_id;
    e.rights = rights;
    return static_cast<int>(i);
  }
  return -1;
}

abi::Error Table::release(uint32_t slot, uint32_t generation, Entry* released) {
  const Entry* e = nullptr;
  abi::Error err = lookup(slot, generation, &e);
  if (err != abi::Error::kOk) return err;
  Entry& m = slots_[slot];
  *released = m;
  m.object = nullptr;
  m.interface_id = 0;
  m.rights = 0;
  m.generation++;
  return abi::Error::kOk;
}

uint32_t Table::live() const {
  uint32_t n = 0;
  for (const auto& e : slots_) n += e.object != nullptr;
  return n;
}

}  // namespace cap
