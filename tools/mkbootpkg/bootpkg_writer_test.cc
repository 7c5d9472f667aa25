#include "tools/mkbootpkg/bootpkg_writer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "kernel-abi/abi.h"
#include "kernel-abi/boot_package.h"
#include "tools/manifest-compiler/manifest_compiler.h"

namespace capos::mkbootpkg {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> CompileJson(const std::string& json) {
  std::vector<uint8_t> out;
  std::string error;
  EXPECT_TRUE(manifest::Compile(json, &out, &error)) << error;
  return out;
}

// init + two services, two of the three sharing one binary.
std::vector<uint8_t> ThreeServices() {
  return CompileJson(R"({"services": [
    {"name": "init", "binary": "init", "heapPages": 64, "grants": [
      {"name": "bootPackage", "kind": "bootPackage"},
      {"name": "processSpawner", "kind": "processSpawner"}]},
    {"name": "hello-a", "binary": "demo-hello", "heapPages": 64},
    {"name": "hello-b", "binary": "demo-hello", "heapPages": 64}]})");
}

// A package read back through the kernel-abi declarations only (the tool
// never sees the kernel's parser): the header's fields and the entry table.
struct ReadBack {
  abi::BootPkgHeader header{};
  std::vector<abi::BootPkgEntry> entries;

  explicit ReadBack(const std::vector<uint8_t>& pkg) {
    EXPECT_GE(pkg.size(), sizeof(header));
    if (pkg.size() < sizeof(header)) return;
    std::memcpy(&header, pkg.data(), sizeof(header));
    const size_t table = sizeof(header) + header.entry_count * sizeof(abi::BootPkgEntry);
    EXPECT_LE(table, pkg.size());
    if (table > pkg.size()) return;
    entries.resize(header.entry_count);
    std::memcpy(entries.data(), pkg.data() + sizeof(header), table - sizeof(header));
  }
  const abi::BootPkgEntry* Find(const std::string& name) const {
    for (const auto& e : entries) {
      if (name == e.name) return &e;
    }
    return nullptr;
  }
};

std::vector<uint8_t> Bytes(const std::vector<uint8_t>& pkg, const abi::BootPkgEntry& e) {
  return std::vector<uint8_t>(pkg.begin() + e.offset, pkg.begin() + e.offset + e.size);
}

std::vector<uint8_t> ReadAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mkbootpkg_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    elf_ = ReadAll(CAPOS_TEST_ELF);
    ASSERT_GT(elf_.size(), 64u);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::vector<uint8_t>& data) {
    std::ofstream(dir_ / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(data.data()),
               static_cast<std::streamsize>(data.size()));
  }

  fs::path dir_;
  std::vector<uint8_t> elf_;
};

TEST_F(WriterTest, PacksExactlyTheReferencedElfs) {
  Write("init", elf_);
  Write("demo-hello", elf_);
  Write("unused", elf_);  // in the dir but not in the manifest: must be left out
  auto manifest = ThreeServices();
  std::vector<NamedBytes> elfs;
  std::string error;
  ASSERT_TRUE(LoadServiceElfs(manifest, dir_.string(), &elfs, &error)) << error;
  ASSERT_EQ(elfs.size(), 2u);  // demo-hello once, though two services use it
  EXPECT_EQ(elfs[0].name, "init");
  EXPECT_EQ(elfs[1].name, "demo-hello");

  std::vector<uint8_t> pkg;
  ASSERT_TRUE(Build(manifest, elfs, {{"ui.tar", {1, 2, 3}}}, &pkg, &error)) << error;
  ReadBack p(pkg);
  EXPECT_EQ(std::memcmp(p.header.magic, abi::kBootPkgMagic, sizeof(abi::kBootPkgMagic)), 0);
  EXPECT_EQ(p.header.abi_version, abi::kAbiVersion);
  EXPECT_EQ(p.header.total_size, pkg.size());
  EXPECT_EQ(p.header.reserved, 0u);
  EXPECT_EQ(p.header.checksum,
            abi::boot_pkg_crc32(pkg.data() + sizeof(p.header), pkg.size() - sizeof(p.header)));
  ASSERT_EQ(p.entries.size(), 4u);
  EXPECT_STREQ(p.entries[0].name, "manifest");
  EXPECT_EQ(p.entries[0].kind, static_cast<uint32_t>(abi::BootEntryKind::kManifest));
  EXPECT_EQ(Bytes(pkg, p.entries[0]), manifest);
  const abi::BootPkgEntry* e = p.Find("demo-hello");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, static_cast<uint32_t>(abi::BootEntryKind::kElf));
  EXPECT_EQ(Bytes(pkg, *e), elf_);
  EXPECT_EQ(p.Find("unused"), nullptr);
  e = p.Find("ui.tar");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, static_cast<uint32_t>(abi::BootEntryKind::kBlob));
  EXPECT_EQ(e->size, 3u);
  // Data lies after the table, aligned, in order and without overlap.
  uint64_t end = sizeof(p.header) + p.entries.size() * sizeof(abi::BootPkgEntry);
  for (const auto& x : p.entries) {
    EXPECT_EQ(x.offset % abi::kBootPkgAlign, 0u) << x.name;
    EXPECT_EQ(x.reserved, 0u) << x.name;
    EXPECT_GE(x.offset, end) << x.name;
    end = x.offset + x.size;
  }
  EXPECT_LE(end, pkg.size());
}

TEST_F(WriterTest, NamesTheMissingBinary) {
  Write("init", elf_);
  std::vector<NamedBytes> elfs;
  std::string error;
  EXPECT_FALSE(LoadServiceElfs(ThreeServices(), dir_.string(), &elfs, &error));
  EXPECT_NE(error.find("missing service binary \"demo-hello\""), std::string::npos) << error;
}

TEST_F(WriterTest, RejectsNonElfAndForeignElf) {
  Write("init", elf_);
  Write("demo-hello", {'#', '!', '/', 'b', 'i', 'n'});
  std::vector<NamedBytes> elfs;
  std::string error;
  EXPECT_FALSE(LoadServiceElfs(ThreeServices(), dir_.string(), &elfs, &error));
  EXPECT_NE(error.find("\"demo-hello\""), std::string::npos) << error;
  EXPECT_NE(error.find("not an ELF file"), std::string::npos) << error;

  auto arm = elf_;
  arm[18] = 183;  // EM_AARCH64
  Write("demo-hello", arm);
  EXPECT_FALSE(LoadServiceElfs(ThreeServices(), dir_.string(), &elfs, &error));
  EXPECT_NE(error.find("not an x86_64 ELF"), std::string::npos) << error;
}

TEST_F(WriterTest, RejectsBadManifestAndNames) {
  std::vector<NamedBytes> elfs;
  std::vector<std::string> bins;
  std::string error;
  EXPECT_FALSE(ManifestBinaries({1, 2, 3}, &bins, &error));
  EXPECT_NE(error.find("not a Cap'n Proto message"), std::string::npos) << error;
  std::vector<uint8_t> junk(64, 0xff);
  EXPECT_FALSE(ManifestBinaries(junk, &bins, &error));
  EXPECT_NE(error.find("not a readable BootManifest"), std::string::npos) << error;

  std::vector<uint8_t> pkg;
  auto manifest = ThreeServices();
  EXPECT_FALSE(Build(manifest, {{"init", elf_}}, {{"init", {1}}}, &pkg, &error));
  EXPECT_EQ(error, "two entries are named \"init\"");
  EXPECT_FALSE(Build(manifest, {}, {{"has space", {1}}}, &pkg, &error));
  EXPECT_NE(error.find("entry name \"has space\""), std::string::npos) << error;
  EXPECT_FALSE(Build(manifest, {}, {{std::string(48, 'x'), {1}}}, &pkg, &error));
  EXPECT_NE(error.find("1-47 printable"), std::string::npos) << error;
  EXPECT_FALSE(Build({}, {}, {}, &pkg, &error));
  EXPECT_EQ(error, "manifest is empty");
  EXPECT_TRUE(pkg.empty());
}

// A bootResource must be packed as a blob: missing, it fails the image
// build here (naming service and resource) rather than the boot.
TEST_F(WriterTest, BootResourcesMustBePackedBlobs) {
  auto manifest = CompileJson(R"({"services": [
    {"name": "init", "binary": "init", "heapPages": 64, "grants": [
      {"name": "bootPackage", "kind": "bootPackage"},
      {"name": "processSpawner", "kind": "processSpawner"}]},
    {"name": "web-ui", "binary": "web-ui", "heapPages": 64, "grants": [
      {"name": "bundle", "kind": "bootResource", "resource": "ui-bundle"}]}]})");
  std::string error;
  EXPECT_TRUE(CheckResources(manifest, {{"ui-bundle", {1}}, {"other", {2}}}, &error)) << error;
  EXPECT_FALSE(CheckResources(manifest, {{"other", {2}}}, &error));
  EXPECT_EQ(error,
            "service \"web-ui\" is granted the bootResource \"ui-bundle\", which is no blob of "
            "the package (--blob ui-bundle=PATH)");
  EXPECT_TRUE(CheckResources(ThreeServices(), {}, &error)) << error;
  EXPECT_FALSE(CheckResources({1, 2, 3}, {}, &error));
  EXPECT_NE(error.find("not a Cap'n Proto message"), std::string::npos) << error;
}

}  // namespace
}  // namespace capos::mkbootpkg
