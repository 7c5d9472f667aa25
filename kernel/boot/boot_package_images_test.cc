// The kernel's parser accepts every boot package this build wrote.
//
// tools/mkbootpkg shares only kernel-abi/boot_package.h with the kernel and
// no longer runs this parser itself, so this is the host-side proof that the
// two sides agree (the QEMU scenarios prove it again by booting). It reads
// the packages as data from the image directory: no tool code is linked.
// Run after `images` (make build does); an empty directory is a failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "kernel/boot/boot_package.h"

namespace bootpkg {
namespace {

namespace fs = std::filesystem;

TEST(BuiltImages, KernelParserAcceptsEveryPackage) {
  const fs::path dir = CAPOS_IMAGE_DIR;
  int seen = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (f.path().extension() != ".pkg") continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    Package pkg;
    EXPECT_EQ(parse(bytes.data(), bytes.size(), &pkg), Status::kOk)
        << f.path() << ": " << pkg.message;
    Entry m = manifest(pkg);
    EXPECT_STREQ(m.name, "manifest") << f.path();
    ++seen;
  }
  EXPECT_GT(seen, 0) << "no .pkg in " << dir << " (build the `images` target first)";
}

}  // namespace
}  // namespace bootpkg
