// Fuzzes CapSet lookups over an arbitrary page: whatever the page holds, a
// lookup must stay inside it and return a value or a typed error.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  alignas(8) static unsigned char page[abi::kPageSize];
  memset(page, 0, sizeof(page));
  memcpy(page, data, size < sizeof(page) ? size : sizeof(page));
  caprt::CapSetView view(page);
  (void)view.Validate();
  (void)view.Find("console", 0xd3b0a8d1c5c6e701);
  (void)view.Find("", 0);
  (void)view.FindByInterface(0xd3b0a8d1c5c6e702);
  return 0;
}
