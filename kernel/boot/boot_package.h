// Boot-package parser: validates the multiboot module built by
// tools/mkbootpkg before the kernel trusts any byte of it.
//
// The format itself (layout, limits, CRC-32) is kernel-abi/boot_package.h,
// which the writer includes too; this file is only the kernel's side.
//
// Freestanding on purpose: it includes only <stddef.h>, <stdint.h> and the
// kernel-abi headers, calls no libc, allocates nothing and uses no FP/SSE, so
// the same file builds into the kernel (-mgeneral-regs-only -nostdinc) and
// into host unit tests and fuzz targets.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel-abi/boot_package.h"

namespace bootpkg {

// Why a package was refused. Each value names one rule of the format;
// Package::message adds the specifics (entry index, offsets, sizes).
enum class Status : uint32_t {
  kOk = 0,
  kTooSmall,          // shorter than a header
  kBadMagic,          // not "CAPBOOT1"
  kAbiMismatch,       // built for another kAbiVersion
  kBadTotalSize,      // total_size below the header or beyond the module
  kBadEntryCount,     // zero or more than kBootPkgMaxEntries
  kEntryTableBounds,  // entry table does not fit in total_size
  kReservedNonZero,   // a reserved field is set
  kBadName,           // empty, unterminated, non-printable or unpadded name
  kDuplicateName,     // two entries with one name
  kBadKind,           // kind is not a BootEntryKind
  kMisaligned,        // entry offset not 8-byte aligned
  kEntryBounds,       // entry data outside [table end, total_size)
  kEntryOverlap,      // two entries share bytes
  kManifestCount,     // not exactly one manifest entry
  kEmptyManifest,     // the manifest entry has no bytes
  kBadChecksum,       // CRC-32 mismatch
};

// A short stable identifier for a status, e.g. "bad-checksum".
const char* status_name(Status s);

inline constexpr size_t kMessageMax = 160;

// One validated entry. Pointers point into the package bytes, which must
// outlive every Entry taken from them.
struct Entry {
  const char* name;  // NUL-terminated, inside the package
  abi::BootEntryKind kind;
  const uint8_t* data;
  uint64_t size;
};

// A validated package: a view over the caller's bytes, never a copy.
struct Package {
  const uint8_t* base = nullptr;
  uint64_t total_size = 0;
  uint32_t entry_count = 0;
  uint32_t manifest_index = 0;
  // Set by parse() on every outcome: "ok" or why the package was refused.
  char message[kMessageMax] = {};
};

// Validates `len` bytes at `data` (any alignment) and fills `out`. On any
// status other than kOk, `out` holds only the message and must not be used
// with entry()/find(). Bytes after total_size (module padding) are ignored.
Status parse(const uint8_t* data, size_t len, Package* out);

// The i-th entry of a package parse() accepted; false if i is out of range.
bool entry(const Package& pkg, uint32_t i, Entry* out);

// The entry called `name` (NUL-terminated); false if there is none.
bool find(const Package& pkg, const char* name, Entry* out);

// The package's single manifest entry.
Entry manifest(const Package& pkg);

}  // namespace bootpkg
