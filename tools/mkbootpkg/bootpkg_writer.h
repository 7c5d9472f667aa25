// Boot-package writer: the manifest, the service ELFs it names and any extra
// blobs, laid out as kernel-abi/boot_package.h's BootPkgHeader + entries +
// data.
//
// The format is the only thing shared with the kernel: the writer checks
// every rule it can break (entry count, names, duplicates) before laying
// out, and its test reads the result back through the same kernel-abi
// declarations. Whether the kernel accepts what it writes is proven where
// the two meet, by every QEMU scenario booting a package made here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace capos::mkbootpkg {

// The entry name of the compiled BootManifest.
inline constexpr const char* kManifestEntry = "manifest";

struct NamedBytes {
  std::string name;
  std::vector<uint8_t> data;
};

// The distinct binary names of a compiled BootManifest's services, in service
// order. False with `error` set if `manifest` is not a readable BootManifest.
bool ManifestBinaries(const std::vector<uint8_t>& manifest, std::vector<std::string>* binaries,
                      std::string* error);

// Reads `dir`/<binary> for each binary the manifest references, checking each
// is a 64-bit x86_64 executable ELF. The error names the missing or bad
// binary and the service that needs it.
bool LoadServiceElfs(const std::vector<uint8_t>& manifest, const std::string& dir,
                     std::vector<NamedBytes>* elfs, std::string* error);

// Every bootResource grant of the manifest names one of `blobs`, so a
// missing resource fails the image build instead of the boot. The error
// names the service and the resource.
bool CheckResources(const std::vector<uint8_t>& manifest, const std::vector<NamedBytes>& blobs,
                    std::string* error);

// Lays out the package: manifest, then `elfs`, then `blobs`, each at an
// 8-byte aligned offset, and seals it with the CRC-32.
bool Build(const std::vector<uint8_t>& manifest, const std::vector<NamedBytes>& elfs,
           const std::vector<NamedBytes>& blobs, std::vector<uint8_t>* out, std::string* error);

}  // namespace capos::mkbootpkg
