// libFuzzer target for the ELF validator: any byte string must be refused
// or accepted without reading outside it, and an accepted image must satisfy
// the properties the loader relies on.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/elf/elf_check.h"

using namespace capos::elf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint8_t* copy = static_cast<uint8_t*>(malloc(size == 0 ? 1 : size));
  if (size != 0) memcpy(copy, data, size);
  ElfImage img;
  ElfResult r;
  abi::Error s = checkElf(copy, size, &img, &r);
  if (strnlen(r.message, kElfMessageMax) == kElfMessageMax) abort();
  if (s == abi::Error::kOk) {
    if (img.segmentCount == 0 || img.segmentCount > kElfMaxSegments) abort();
    for (uint32_t i = 0; i < img.segmentCount; ++i) {
      const ElfSegment& g = img.segments[i];
      if (g.filesz > g.memsz || g.offset + g.filesz > size) abort();
      if (g.vaddr < abi::kUserImageMin || g.vaddr + g.memsz > abi::kUserImageMax) abort();
      if ((g.flags & kPfW) && (g.flags & kPfX)) abort();
    }
  } else if (s != abi::Error::kBadImage && s != abi::Error::kAbiMismatch) {
    abort();
  }
  free(copy);
  return 0;
}
