// The boot-package format: the contract between the host tools that write a
// package (tools/mkbootpkg) and the kernel that validates and reads it
// (kernel/boot/boot_package.cc), plus the entry-name bound userspace sees
// through the BootPackage cap.
//
// Like abi.h this is data: every size and offset is pinned with a
// static_assert, and neither side re-declares any of it. The CRC-32 is here
// too because it defines the header's checksum field: writer and validator
// must agree on it bit for bit, so there is exactly one implementation, and
// its check values are asserted at compile time.
//
// Freestanding on purpose (only <stddef.h> and <stdint.h>, no libc, no FP):
// it builds into the kernel (-mgeneral-regs-only -nostdinc), the runtime and
// host tools alike.
//
// Layout: one multiboot module = BootPkgHeader, then entry_count
// BootPkgEntry records, then each entry's bytes at a kBootPkgAlign-aligned
// offset. All integers little-endian. The header's abi_version is
// abi::kAbiVersion (abi.h) of the build that wrote it; the kernel refuses
// any other.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace abi {

inline constexpr char kBootPkgMagic[8] = {'C', 'A', 'P', 'B', 'O', 'O', 'T', '1'};
inline constexpr uint32_t kBootPkgNameMax = 48;  // including the NUL
inline constexpr uint32_t kBootPkgMaxEntries = 256;
inline constexpr uint64_t kBootPkgAlign = 8;  // every entry's data offset

enum class BootEntryKind : uint32_t {
  kManifest = 1,  // Cap'n Proto BootManifest (schema/boot_manifest.capnp)
  kElf = 2,       // static x86_64 service executable
  kBlob = 3,      // any other named resource (UI bundle, manual pages, ...)
};

struct BootPkgHeader {
  char magic[8];
  uint32_t abi_version;
  uint32_t entry_count;
  uint64_t total_size;  // whole package, header included
  uint32_t checksum;    // boot_pkg_crc32 of bytes [sizeof(header), total_size)
  uint32_t reserved;    // zero
};
static_assert(sizeof(BootPkgHeader) == 32);
static_assert(offsetof(BootPkgHeader, abi_version) == 8);
static_assert(offsetof(BootPkgHeader, entry_count) == 12);
static_assert(offsetof(BootPkgHeader, total_size) == 16);
static_assert(offsetof(BootPkgHeader, checksum) == 24);
static_assert(offsetof(BootPkgHeader, reserved) == 28);

struct BootPkgEntry {
  char name[kBootPkgNameMax];  // printable ASCII (0x21..0x7e), NUL-terminated,
                               // zero-padded, unique within the package
  uint32_t kind;               // BootEntryKind
  uint32_t reserved;           // zero
  uint64_t offset;             // from the package start; kBootPkgAlign-aligned
  uint64_t size;
};
static_assert(sizeof(BootPkgEntry) == 72);
static_assert(offsetof(BootPkgEntry, kind) == 48);
static_assert(offsetof(BootPkgEntry, reserved) == 52);
static_assert(offsetof(BootPkgEntry, offset) == 56);
static_assert(offsetof(BootPkgEntry, size) == 64);
// The entry table ends aligned, so the first entry's data needs no padding.
static_assert(sizeof(BootPkgHeader) % kBootPkgAlign == 0 &&
              sizeof(BootPkgEntry) % kBootPkgAlign == 0);

// A byte allowed in an entry name (no space, no control, no DEL).
constexpr bool boot_pkg_name_byte(uint8_t c) {
  return c >= 0x21 && c <= 0x7e;
}

// CRC-32 as IEEE 802.3 defines it (reflected, polynomial 0xEDB88320, initial
// and final XOR 0xFFFFFFFF). Pass a previous result as `crc` to continue over
// more bytes; start with 0.
struct BootPkgCrcTable {
  uint32_t v[256];
};
constexpr BootPkgCrcTable make_boot_pkg_crc_table() {
  BootPkgCrcTable t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t.v[i] = c;
  }
  return t;
}
inline constexpr BootPkgCrcTable kBootPkgCrcTable = make_boot_pkg_crc_table();

constexpr uint32_t boot_pkg_crc32(const uint8_t* data, size_t len, uint32_t crc = 0) {
  crc = ~crc;
  for (size_t i = 0; i < len; ++i) crc = kBootPkgCrcTable.v[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

// The standard check value, the empty input, and incremental use.
inline constexpr uint8_t kBootPkgCrcCheckInput[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
static_assert(boot_pkg_crc32(kBootPkgCrcCheckInput, 9) == 0xCBF43926u);
static_assert(boot_pkg_crc32(nullptr, 0) == 0);
static_assert(boot_pkg_crc32(kBootPkgCrcCheckInput + 4, 5,
                             boot_pkg_crc32(kBootPkgCrcCheckInput, 4)) == 0xCBF43926u);

}  // namespace abi
