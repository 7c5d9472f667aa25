// demo-fault: proves a ring-3 fault kills only the faulting process. The
// kernel must log the fault with this service's name; nothing after the
// fault may ever be printed.
//
// Which fault is chosen by the name its console is granted under (the only
// input a process gets is its CapSet):
//   console    a store to 0x10 (unmapped page)
//   execHeap   a jump into its own heap  (NX: #PF instruction fetch)
//   execStack  a jump into its own stack (NX: #PF instruction fetch)
#include <stdint.h>
#include <stdlib.h>

#include "libcaprt/runtime/clients/console.h"

namespace {

using Entry = void (*)();

// A `ret` written into writable memory: executing it must fault (W^X).
[[noreturn]] void Jump(caprt::Console& console, uint8_t* code, const char* where) {
  code[0] = 0xc3;
  console.Printf("about to execute my %s at %p\n", where, static_cast<void*>(code));
  // volatile: the call must really happen through the data pointer.
  Entry volatile entry = reinterpret_cast<Entry>(code);
  entry();
  console.Printf("FAIL demo-fault: executed code in my %s\n", where);
  exit(1);
}

}  // namespace

int main() {
  static const char* const kModes[] = {"execHeap", "execStack"};
  for (const char* mode : kModes) {
    caprt::Result<caprt::Console> c = caprt::Console::Find(mode);
    if (!c.ok()) continue;
    if (mode[4] == 'H') {
      auto* heap = static_cast<uint8_t*>(malloc(64));
      if (heap == nullptr) return 1;
      Jump(c.value(), heap, "heap");
    }
    uint8_t stack[64];
    Jump(c.value(), stack, "stack");
  }
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  console.value().Write("about to fault\n");
  // volatile so the compiler cannot prove the store undefined and drop it.
  *reinterpret_cast<volatile uint32_t*>(uintptr_t{0x10}) = 1;
  console.value().Write("FAIL demo-fault: survived a write to 0x10\n");
  return 1;
}
