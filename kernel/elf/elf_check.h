// Validation of a static x86_64 capOS service executable held in memory.
//
// Freestanding (no libc, no allocation). The image is hostile: every field is
// checked before use, all arithmetic is overflow-checked, and the image is
// only read (unaligned-safe). On success the loader gets the PT_LOAD segments
// and the entry point and needs no further checks of its own.
//
// Accepted images: ELF64, little-endian, x86_64, ET_EXEC; no PT_INTERP or
// PT_DYNAMIC; 1..kElfMaxSegments non-empty PT_LOAD segments inside
// [abi::kUserImageMin, abi::kUserImageMax), each with p_filesz <= p_memsz,
// its file bytes inside the image, p_vaddr == p_offset (mod page), never both
// writable and executable, and no two touching the same page (the loader maps
// whole pages with one segment's rights; the linker script must page-align
// segments with different rights); the entry point inside an executable
// segment; and a PT_NOTE holding the note ("capOS", abi::kAbiNoteType) with a
// 4-byte descriptor equal to abi::kAbiVersion.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"

namespace capos::elf {

inline constexpr uint32_t kElfMaxSegments = 8;
inline constexpr uint32_t kElfMaxPhdrs = 64;
inline constexpr uint32_t kElfMessageMax = 128;

// p_flags bits.
inline constexpr uint32_t kPfX = 1;
inline constexpr uint32_t kPfW = 2;
inline constexpr uint32_t kPfR = 4;

struct ElfSegment {
  uint64_t vaddr;
  uint64_t memsz;
  uint64_t offset;  // in the image
  uint64_t filesz;  // bytes to copy; the rest up to memsz is zero
  uint32_t flags;   // kPf* bits
};

struct ElfImage {
  uint64_t entry;
  uint32_t segmentCount;
  ElfSegment segments[kElfMaxSegments];
};

struct ElfResult {
  // kOk, kBadImage (structure refused), or kAbiMismatch (missing ABI note, or
  // a note with another version: see foundAbiVersion, 0 when missing).
  abi::Error status;
  uint32_t foundAbiVersion;
  char message[kElfMessageMax];  // NUL-terminated, for the log line
};

// Validates image[0, len). *result is always filled; *out is meaningful only
// when the status is kOk. Structural errors are reported before an ABI mismatch only when
// they keep the note from being found; otherwise a wrong ABI version is
// reported first, since a binary built for another ABI may follow other rules.
abi::Error checkElf(const void* image, size_t len, ElfImage* out, ElfResult* result);

}  // namespace capos::elf
