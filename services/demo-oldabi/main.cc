// demo-oldabi: built with an ABI note naming another version (see its
// CMakeLists.txt). The kernel must refuse to start it with abiMismatch, so
// the line below must never appear on the console.
#include "libcaprt/runtime/clients/console.h"

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (console.ok()) console.value().Write("FAIL demo-oldabi: a mismatched binary was started\n");
  return 1;
}
