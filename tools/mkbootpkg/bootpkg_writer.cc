#include "tools/mkbootpkg/bootpkg_writer.h"

#include <capnp/serialize.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <set>

#include "kernel-abi/abi.h"
#include "kernel-abi/boot_package.h"
#include "schema/boot_manifest.capnp.h"

namespace capos::mkbootpkg {
namespace {

constexpr uint8_t kElfMagic[4] = {0x7f, 'E', 'L', 'F'};
constexpr uint8_t kElfClass64 = 2;
constexpr uint8_t kElfData2Lsb = 1;
constexpr uint16_t kEtExec = 2;
constexpr uint16_t kEmX8664 = 62;

std::string Quote(const std::string& s) {
  return "\"" + s + "\"";
}

// Empty string if `data` looks like a static x86_64 executable, else why not.
std::string ElfProblem(const std::vector<uint8_t>& data) {
  if (data.size() < 64 || std::memcmp(data.data(), kElfMagic, 4) != 0) return "not an ELF file";
  if (data[4] != kElfClass64 || data[5] != kElfData2Lsb) return "not a 64-bit little-endian ELF";
  uint16_t type = static_cast<uint16_t>(data[16] | data[17] << 8);
  uint16_t machine = static_cast<uint16_t>(data[18] | data[19] << 8);
  if (machine != kEmX8664) return "not an x86_64 ELF";
  if (type != kEtExec) return "not a static executable (ET_EXEC)";
  return "";
}

bool ValidName(const std::string& n) {
  if (n.empty() || n.size() >= abi::kBootPkgNameMax) return false;
  for (char c : n) {
    if (!abi::boot_pkg_name_byte(static_cast<uint8_t>(c))) return false;
  }
  return true;
}

// Runs `fn` over `manifest` read as a BootManifest; false with `error` set
// if it is not one.
template <typename Fn>
bool ReadManifest(const std::vector<uint8_t>& manifest, std::string* error, Fn fn) {
  if (manifest.empty() || manifest.size() % sizeof(capnp::word) != 0) {
    *error = "manifest is not a Cap'n Proto message (size " + std::to_string(manifest.size()) + ")";
    return false;
  }
  // Copy into words: the reader needs word alignment.
  auto words = kj::heapArray<capnp::word>(manifest.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), manifest.data(), manifest.size());
  KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                 capnp::FlatArrayMessageReader reader(words);
                 fn(reader.getRoot<schema::BootManifest>());
               })) {
    *error = "manifest is not a readable BootManifest: " + std::string(e->getDescription().cStr());
    return false;
  }
  return true;
}

}  // namespace

bool ManifestBinaries(const std::vector<uint8_t>& manifest, std::vector<std::string>* binaries,
                      std::string* error) {
  binaries->clear();
  std::vector<std::pair<std::string, std::string>> found;  // binary, service
  bool read = ReadManifest(manifest, error, [&](schema::BootManifest::Reader root) {
    for (auto s : root.getServices()) {
      found.emplace_back(s.getBinary(), s.getName());
    }
    // A binary a launcher profile may start must be in the package too, or
    // the launch could only fail notFound.
    for (auto lp : root.getLauncherProfiles()) {
      for (auto b : lp.getBinaries()) {
        found.emplace_back(b, "launcher profile " + std::string(lp.getName()));
      }
    }
  });
  if (!read) return false;
  std::set<std::string> seen;
  for (const auto& [binary, service] : found) {
    if (!ValidName(binary)) {
      *error = "service " + Quote(service) + " names an invalid binary " + Quote(binary);
      return false;
    }
    if (seen.insert(binary).second) binaries->push_back(binary);
  }
  if (binaries->empty()) {
    *error = "manifest lists no services";
    return false;
  }
  return true;
}

bool CheckResources(const std::vector<uint8_t>& manifest, const std::vector<NamedBytes>& blobs,
                    std::string* error) {
  std::vector<std::pair<std::string, std::string>> wanted;  // resource, service
  bool read = ReadManifest(manifest, error, [&](schema::BootManifest::Reader root) {
    for (auto s : root.getServices()) {
      for (auto g : s.getGrants()) {
        if (g.getKind() == schema::BootManifest::CapKind::BOOT_RESOURCE) {
          wanted.emplace_back(g.getResource(), s.getName());
        }
      }
    }
  });
  if (!read) return false;
  for (const auto& [resource, service] : wanted) {
    bool packed = false;
    for (const auto& b : blobs) packed |= b.name == resource;
    if (!packed) {
      *error = "service " + Quote(service) + " is granted the bootResource " + Quote(resource) +
               ", which is no blob of the package (--blob " + resource + "=PATH)";
      return false;
    }
  }
  return true;
}

bool LoadServiceElfs(const std::vector<uint8_t>& manifest, const std::string& dir,
                     std::vector<NamedBytes>* elfs, std::string* error) {
  elfs->clear();
  std::vector<std::string> binaries;
  if (!ManifestBinaries(manifest, &binaries, error)) return false;
  for (const auto& b : binaries) {
    std::string path = dir + "/" + b;
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      *error = "missing service binary " + Quote(b) + ": cannot read " + path;
      return false;
    }
    NamedBytes elf{b, std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {})};
    if (std::string why = ElfProblem(elf.data); !why.empty()) {
      *error = "service binary " + Quote(b) + " (" + path + "): " + why;
      return false;
    }
    elfs->push_back(std::move(elf));
  }
  return true;
}

bool Build(const std::vector<uint8_t>& manifest, const std::vector<NamedBytes>& elfs,
           const std::vector<NamedBytes>& blobs, std::vector<uint8_t>* out, std::string* error) {
  out->clear();
  if (manifest.empty()) {
    *error = "manifest is empty";
    return false;
  }
  struct Item {
    const NamedBytes* nb;
    abi::BootEntryKind kind;
  };
  NamedBytes m{kManifestEntry, manifest};
  std::vector<Item> items{{&m, abi::BootEntryKind::kManifest}};
  for (const auto& e : elfs) items.push_back({&e, abi::BootEntryKind::kElf});
  for (const auto& b : blobs) items.push_back({&b, abi::BootEntryKind::kBlob});
  if (items.size() > abi::kBootPkgMaxEntries) {
    *error = std::to_string(items.size()) + " entries exceed the limit of " +
             std::to_string(abi::kBootPkgMaxEntries);
    return false;
  }
  std::set<std::string> names;
  for (const auto& it : items) {
    if (!ValidName(it.nb->name)) {
      *error = "entry name " + Quote(it.nb->name) + " must be 1-" +
               std::to_string(abi::kBootPkgNameMax - 1) + " printable non-space characters";
      return false;
    }
    if (!names.insert(it.nb->name).second) {
      *error = "two entries are named " + Quote(it.nb->name);
      return false;
    }
  }
  size_t table_end = sizeof(abi::BootPkgHeader) + items.size() * sizeof(abi::BootPkgEntry);
  std::vector<uint8_t> pkg(table_end, 0);
  constexpr size_t kAlign = abi::kBootPkgAlign;
  for (size_t i = 0; i < items.size(); ++i) {
    pkg.resize((pkg.size() + kAlign - 1) / kAlign * kAlign, 0);
    abi::BootPkgEntry e{};
    std::memcpy(e.name, items[i].nb->name.data(), items[i].nb->name.size());
    e.kind = static_cast<uint32_t>(items[i].kind);
    e.offset = pkg.size();
    e.size = items[i].nb->data.size();
    std::memcpy(&pkg[sizeof(abi::BootPkgHeader) + i * sizeof(e)], &e, sizeof(e));
    pkg.insert(pkg.end(), items[i].nb->data.begin(), items[i].nb->data.end());
  }
  pkg.resize((pkg.size() + kAlign - 1) / kAlign * kAlign, 0);
  abi::BootPkgHeader h{};
  std::memcpy(h.magic, abi::kBootPkgMagic, sizeof(h.magic));
  h.abi_version = abi::kAbiVersion;
  h.entry_count = static_cast<uint32_t>(items.size());
  h.total_size = pkg.size();
  h.checksum = abi::boot_pkg_crc32(pkg.data() + sizeof(h), pkg.size() - sizeof(h));
  std::memcpy(pkg.data(), &h, sizeof(h));
  *out = std::move(pkg);
  return true;
}

}  // namespace capos::mkbootpkg
