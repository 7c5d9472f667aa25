// The ELF note that tells the kernel which ABI this binary was built for.
//
// Compiled into every service by capos_service() (not into the runtime
// library) so a service can override the version, as demo-oldabi does with
// CAPOS_ABI_NOTE_VERSION to prove the kernel refuses a mismatched binary.
#include <stdint.h>

#include "kernel-abi/abi.h"

#ifndef CAPOS_ABI_NOTE_VERSION
#define CAPOS_ABI_NOTE_VERSION abi::kAbiVersion
#endif

namespace {

struct AbiNote {
  uint32_t namesz;
  uint32_t descsz;
  uint32_t type;
  char name[8];  // "capOS\0" padded to 4 bytes
  uint32_t desc;
};
static_assert(sizeof(abi::kAbiNoteName) == 6);
static_assert(sizeof(AbiNote) == 24);

[[gnu::section(".note.capos"), gnu::used, gnu::aligned(4)]] const AbiNote kAbiNote = {
    sizeof(abi::kAbiNoteName),
    4,
    abi::kAbiNoteType,
    {'c', 'a', 'p', 'O', 'S', 0, 0, 0},
    CAPOS_ABI_NOTE_VERSION};

}  // namespace
