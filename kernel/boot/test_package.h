// Test-only: lays out a boot package in memory from named items, for the
// host tests of the kernel's boot code (the real writer is tools/mkbootpkg,
// which the kernel side never links).
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "kernel/boot/boot_package.h"

namespace bootpkg {

struct Item {
  std::string name;
  abi::BootEntryKind kind;
  std::string data;
};

// Lays out a well-formed package; tests then corrupt single fields and call
// Reseal() so that only the rule under test is broken.
class PackageBytes {
 public:
  explicit PackageBytes(const std::vector<Item>& items) {
    uint64_t off = sizeof(abi::BootPkgHeader) + items.size() * sizeof(abi::BootPkgEntry);
    bytes.resize(off);
    for (size_t i = 0; i < items.size(); ++i) {
      abi::BootPkgEntry e{};
      std::strncpy(e.name, items[i].name.c_str(), sizeof(e.name));
      e.kind = static_cast<uint32_t>(items[i].kind);
      e.offset = off;
      e.size = items[i].data.size();
      bytes.insert(bytes.end(), items[i].data.begin(), items[i].data.end());
      bytes.resize((bytes.size() + 7) / 8 * 8);
      off = bytes.size();
      std::memcpy(&bytes[sizeof(abi::BootPkgHeader) + i * sizeof(e)], &e, sizeof(e));
    }
    abi::BootPkgHeader h{};
    std::memcpy(h.magic, abi::kBootPkgMagic, sizeof(h.magic));
    h.abi_version = abi::kAbiVersion;
    h.entry_count = static_cast<uint32_t>(items.size());
    h.total_size = bytes.size();
    std::memcpy(bytes.data(), &h, sizeof(h));
    Reseal();
  }

  abi::BootPkgHeader* header() { return reinterpret_cast<abi::BootPkgHeader*>(bytes.data()); }
  abi::BootPkgEntry* entry(size_t i) {
    return reinterpret_cast<abi::BootPkgEntry*>(&bytes[sizeof(abi::BootPkgHeader)]) + i;
  }
  void Reseal() {
    header()->checksum = abi::boot_pkg_crc32(bytes.data() + sizeof(abi::BootPkgHeader),
                                             header()->total_size - sizeof(abi::BootPkgHeader));
  }
  Status Parse(Package* pkg) const { return parse(bytes.data(), bytes.size(), pkg); }

  std::vector<uint8_t> bytes;
};

}  // namespace bootpkg
