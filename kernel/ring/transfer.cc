#include "kernel/ring/transfer.h"

#include "kernel/mm/usercopy.h"
#include "kernel/objects/object.h"
#include "kernel/proc/process.h"

namespace xfer {

abi::Error collect(Process* p, uint64_t addr, uint16_t count, cap::Entry* out) {
  if (count == 0) return abi::Error::kOk;
  if (count > abi::kMaxTransferCaps) return abi::Error::kBadLength;
  abi::CapTransfer t[abi::kMaxTransferCaps];
  abi::Error err = usercopy::from_user(&p->as, t, addr, count * sizeof(abi::CapTransfer));
  if (err != abi::Error::kOk) return err;
  for (uint16_t i = 0; i < count; i++) {
    const cap::Entry* e = nullptr;
    err = p->caps.lookup(t[i].slot, t[i].generation, &e);
    if (err != abi::Error::kOk) return err;
    if (!(e->rights & abi::kRightTransfer)) return abi::Error::kDenied;
    if (t[i].mode > uint8_t(abi::TransferMode::kMove) || t[i].reserved[0] || t[i].reserved[1] ||
        t[i].reserved[2]) {
      return abi::Error::kBadFlags;
    }
    for (uint16_t j = 0; j < i; j++) {
      bool moved = t[i].mode == uint8_t(abi::TransferMode::kMove) ||
                   t[j].mode == uint8_t(abi::TransferMode::kMove);
      if (moved && t[j].slot == t[i].slot) return abi::Error::kBadSlot;
    }
  }
  for (uint16_t i = 0; i < count; i++) {
    const cap::Entry* e = nullptr;
    p->caps.lookup(t[i].slot, t[i].generation, &e);
    uint32_t rights = e->rights & t[i].rights;
    out[i] = cap::Entry{e->object, e->interface_id, rights, 0};
    out[i].object->ref(rights);
    if (t[i].mode == uint8_t(abi::TransferMode::kMove)) release(p, t[i].slot, t[i].generation);
  }
  return abi::Error::kOk;
}

abi::Error install(Process* p, cap::Entry* caps, uint16_t count, abi::CapDescriptor* desc) {
  for (uint16_t i = 0; i < count; i++) {
    int slot = p->caps.insert(caps[i].object, caps[i].interface_id, caps[i].rights);
    if (slot < 0) {
      drop(caps + i, count - i);
      return abi::Error::kNoMemory;
    }
    desc[i] = abi::CapDescriptor{uint32_t(slot), p->caps.generation(slot), caps[i].interface_id};
  }
  return abi::Error::kOk;
}

void drop(cap::Entry* caps, uint16_t count) {
  for (uint16_t i = 0; i < count; i++) {
    if (caps[i].object) caps[i].object->unref(caps[i].rights);
    caps[i].object = nullptr;
  }
}

abi::Error release(Process* p, uint32_t slot, uint32_t generation) {
  cap::Entry e;
  abi::Error err = p->caps.release(slot, generation, &e);
  if (err == abi::Error::kOk) e.object->unref(e.rights);
  return err;
}

}  // namespace xfer
