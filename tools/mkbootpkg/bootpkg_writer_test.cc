#include "tools/mkbootpkg/bootpkg_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "kernel/boot/boot_package.h"
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
  bootpkg::Package p;
  ASSERT_EQ(bootpkg::parse(pkg.data(), pkg.size(), &p), bootpkg::Status::kOk) << p.message;
  EXPECT_EQ(p.entry_count, 4u);
  bootpkg::Entry m = bootpkg::manifest(p);
  EXPECT_STREQ(m.name, "manifest");
  EXPECT_EQ(std::vector<uint8_t>(m.data, m.data + m.size), manifest);
  bootpkg::Entry e;
  ASSERT_TRUE(bootpkg::find(p, "demo-hello", &e));
  EXPECT_EQ(e.kind, abi::BootEntryKind::kElf);
  EXPECT_EQ(std::vector<uint8_t>(e.data, e.data + e.size), elf_);
  EXPECT_FALSE(bootpkg::find(p, "unused", &e));
  ASSERT_TRUE(bootpkg::find(p, "ui.tar", &e));
  EXPECT_EQ(e.kind, abi::BootEntryKind::kBlob);
  EXPECT_EQ(e.size, 3u);
  for (uint32_t i = 0; i < p.entry_count; ++i) {
    ASSERT_TRUE(bootpkg::entry(p, i, &e));
    EXPECT_EQ((e.data - pkg.data()) % 8, 0) << e.name;
  }
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

}  // namespace
}  // namespace capos::mkbootpkg
