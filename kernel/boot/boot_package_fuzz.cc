// libFuzzer target: parse() must reject or accept any bytes without reading
// outside them, and an accepted package's entries must lie inside them.
#include <stddef.h>
#include <stdint.h>

#include <cstdlib>
#include <cstring>

#include "kernel/boot/boot_package.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bootpkg::Package pkg;
  if (bootpkg::parse(data, size, &pkg) != bootpkg::Status::kOk) {
    if (std::strlen(pkg.message) == 0) std::abort();  // every refusal says why
    return 0;
  }
  for (uint32_t i = 0; i < pkg.entry_count; ++i) {
    bootpkg::Entry e;
    if (!bootpkg::entry(pkg, i, &e)) std::abort();
    if (e.data < data || e.data + e.size > data + size) std::abort();
    bootpkg::Entry again;
    if (!bootpkg::find(pkg, e.name, &again) || again.data != e.data) std::abort();
  }
  return 0;
}
