// demo-fault: proves a ring-3 fault kills only the faulting process. The
// kernel must log the fault with this service's name; nothing after the
// store below may ever be printed.
#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  console.value().Write("about to fault\n");
  // volatile so the compiler cannot prove the store undefined and drop it.
  *reinterpret_cast<volatile uint32_t*>(uintptr_t{0x10}) = 1;
  console.value().Write("FAIL demo-fault: survived a write to 0x10\n");
  return 1;
}
