// Per-process capability table with generation-checked slots.
//
// A cap is named from userspace by (slot, generation). The generation of a
// slot changes every time the slot is emptied, so a name learned before a
// release can never reach whatever is stored there later. Rights are a
// facet mask checked once, at entry (see ring dispatch).
//
// Pure logic (no kernel services): the owner of the table is responsible
// for the object references it stores and gets them back from release().
// Built for the host too, for unit tests.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"

namespace kobj {
class Object;
}

namespace cap {

struct Entry {
  kobj::Object* object = nullptr;  // null = empty slot
  uint64_t interface_id = 0;
  uint32_t rights = 0;
  uint32_t generation = 0;
};

class Table {
 public:
  static constexpr uint32_t kSlots = abi::kCapTableSlots;

  // The live entry named by (slot, generation), or a typed error:
  // kBadSlot (out of range or empty) or kStaleGeneration.
  abi::Error lookup(uint32_t slot, uint32_t generation, const Entry** out) const;

  // Stores a cap in the lowest free slot. Returns the slot, or -1 if full.
  int insert(kobj::Object* object, uint64_t interface_id, uint32_t rights);

  // Empties the named slot and bumps its generation. *released gets the
  // entry (and the object reference) the caller now owns and must drop.
  abi::Error release(uint32_t slot, uint32_t generation, Entry* released);

  // Empties every slot; calls drop(entry) for each (process teardown).
  template <typename Fn>
  void clear(Fn drop) {
    for (auto& e : slots_) {
      if (e.object) {
        Entry out = e;
        e.object = nullptr;
        e.generation++;
        drop(out);
      }
    }
  }

  uint32_t generation(uint32_t slot) const { return slot < kSlots ? slots_[slot].generation : 0; }
  uint32_t live() const;

 private:
  Entry slots_[kSlots];
};

}  // namespace cap
