#include "kernel/boot/boot_package.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "kernel/boot/test_package.h"

namespace bootpkg {
namespace {

std::vector<Item> Standard() {
  return {{"manifest", abi::BootEntryKind::kManifest, "MANIFEST"},
          {"init", abi::BootEntryKind::kElf,
           "\x7f"
           "ELF-init"},
          {"ui.tar", abi::BootEntryKind::kBlob, "blob"}};
}

// Expects `status` and a message containing `needle`.
void ExpectReject(const PackageBytes& p, Status status, const std::string& needle) {
  Package pkg;
  EXPECT_EQ(p.Parse(&pkg), status) << pkg.message;
  EXPECT_NE(std::string(pkg.message).find(needle), std::string::npos) << pkg.message;
  EXPECT_EQ(pkg.base, nullptr);
}

// The format's CRC-32 (kernel-abi/boot_package.h asserts the same vectors at
// compile time; this runs them through the non-constexpr path the kernel uses).
TEST(Crc32, KnownVectors) {
  const char* s = "123456789";
  const auto* b = reinterpret_cast<const uint8_t*>(s);
  EXPECT_EQ(abi::boot_pkg_crc32(b, 9), 0xCBF43926u);
  EXPECT_EQ(abi::boot_pkg_crc32(nullptr, 0), 0u);
  // Incremental use gives the same result as one pass.
  uint32_t part = abi::boot_pkg_crc32(b, 4);
  EXPECT_EQ(abi::boot_pkg_crc32(b + 4, 5, part), 0xCBF43926u);
}

TEST(BootPackage, AcceptsWellFormedPackage) {
  PackageBytes p(Standard());
  Package pkg;
  ASSERT_EQ(p.Parse(&pkg), Status::kOk) << pkg.message;
  EXPECT_STREQ(pkg.message, "ok");
  EXPECT_EQ(pkg.entry_count, 3u);
  Entry e;
  ASSERT_TRUE(find(pkg, "init", &e));
  EXPECT_EQ(e.kind, abi::BootEntryKind::kElf);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(e.data), e.size),
            "\x7f"
            "ELF-init");
  EXPECT_FALSE(find(pkg, "ini", &e));
  EXPECT_FALSE(find(pkg, "init2", &e));
  EXPECT_FALSE(find(pkg, nullptr, &e));
  EXPECT_FALSE(entry(pkg, 3, &e));
  Entry m = manifest(pkg);
  EXPECT_STREQ(m.name, "manifest");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.data), m.size), "MANIFEST");
}

TEST(BootPackage, IgnoresModulePaddingAndAcceptsUnalignedBase) {
  PackageBytes p(Standard());
  std::vector<uint8_t> buf(1 + p.bytes.size() + 4096, 0);
  std::memcpy(buf.data() + 1, p.bytes.data(), p.bytes.size());
  Package pkg;
  EXPECT_EQ(parse(buf.data() + 1, buf.size() - 1, &pkg), Status::kOk) << pkg.message;
}

TEST(BootPackage, RejectsHeaderProblems) {
  PackageBytes p(Standard());
  Package pkg;
  EXPECT_EQ(parse(p.bytes.data(), 31, &pkg), Status::kTooSmall);
  EXPECT_EQ(parse(nullptr, 100, &pkg), Status::kTooSmall);

  PackageBytes magic(Standard());
  magic.bytes[7] = '2';
  ExpectReject(magic, Status::kBadMagic, "bad magic");

  PackageBytes abi_v(Standard());
  abi_v.header()->abi_version = abi::kAbiVersion + 1;
  ExpectReject(abi_v, Status::kAbiMismatch,
               "package ABI version " + std::to_string(abi::kAbiVersion + 1));

  PackageBytes big(Standard());
  big.header()->total_size = big.bytes.size() + 1;
  ExpectReject(big, Status::kBadTotalSize, "module length");
  big.header()->total_size = 31;
  ExpectReject(big, Status::kBadTotalSize, "total_size 31");

  PackageBytes res(Standard());
  res.header()->reserved = 1;
  ExpectReject(res, Status::kReservedNonZero, "header reserved");

  PackageBytes zero(Standard());
  zero.header()->entry_count = 0;
  ExpectReject(zero, Status::kBadEntryCount, "entry_count 0");
  zero.header()->entry_count = abi::kBootPkgMaxEntries + 1;
  ExpectReject(zero, Status::kBadEntryCount, "entry_count 257");

  PackageBytes table(Standard());
  table.header()->entry_count = 200;
  ExpectReject(table, Status::kEntryTableBounds, "entry table of 200");
}

TEST(BootPackage, RejectsBadNames) {
  PackageBytes empty(Standard());
  empty.entry(1)->name[0] = '\0';
  empty.Reseal();
  ExpectReject(empty, Status::kBadName, "entry 1: name");

  PackageBytes unterminated(Standard());
  std::memset(unterminated.entry(2)->name, 'a', abi::kBootPkgNameMax);
  unterminated.Reseal();
  ExpectReject(unterminated, Status::kBadName, "entry 2: name");

  PackageBytes space(Standard());
  space.entry(1)->name[1] = ' ';
  space.Reseal();
  ExpectReject(space, Status::kBadName, "entry 1");

  PackageBytes garbage(Standard());
  garbage.entry(0)->name[40] = 'x';  // after the NUL
  garbage.Reseal();
  ExpectReject(garbage, Status::kBadName, "entry 0");

  PackageBytes dup(Standard());
  std::memset(dup.entry(2)->name, 0, abi::kBootPkgNameMax);
  std::strcpy(dup.entry(2)->name, "init");
  dup.Reseal();
  ExpectReject(dup, Status::kDuplicateName, "entry 2 \"init\": same name as entry 1");
}

TEST(BootPackage, RejectsBadEntryFields) {
  PackageBytes kind(Standard());
  kind.entry(1)->kind = 9;
  kind.Reseal();
  ExpectReject(kind, Status::kBadKind, "entry 1 \"init\": unknown kind 9");

  PackageBytes res(Standard());
  res.entry(2)->reserved = 5;
  res.Reseal();
  ExpectReject(res, Status::kReservedNonZero, "entry 2 \"ui.tar\": reserved");

  PackageBytes mis(Standard());
  mis.entry(1)->offset += 1;
  mis.Reseal();
  ExpectReject(mis, Status::kMisaligned, "not 8-byte aligned");

  PackageBytes in_table(Standard());
  in_table.entry(1)->offset = 32;
  in_table.Reseal();
  ExpectReject(in_table, Status::kEntryBounds, "entry 1 \"init\": data [32");

  PackageBytes past(Standard());
  past.entry(2)->size = 4096;
  past.Reseal();
  ExpectReject(past, Status::kEntryBounds, "entry 2");

  PackageBytes wrap(Standard());
  wrap.entry(2)->size = ~0ull - 7;  // offset + size would wrap
  wrap.Reseal();
  ExpectReject(wrap, Status::kEntryBounds, "entry 2");

  PackageBytes overlap(Standard());
  overlap.entry(2)->offset = overlap.entry(1)->offset;
  overlap.Reseal();
  ExpectReject(overlap, Status::kEntryOverlap, "entry 2 \"ui.tar\": data overlaps entry 1");
}

TEST(BootPackage, RequiresExactlyOneNonEmptyManifest) {
  PackageBytes none({{"init", abi::BootEntryKind::kElf, "x"}});
  ExpectReject(none, Status::kManifestCount, "0 manifest entries");

  PackageBytes two(
      {{"m1", abi::BootEntryKind::kManifest, "x"}, {"m2", abi::BootEntryKind::kManifest, "y"}});
  ExpectReject(two, Status::kManifestCount, "2 manifest entries");

  PackageBytes empty({{"manifest", abi::BootEntryKind::kManifest, ""}});
  ExpectReject(empty, Status::kEmptyManifest, "manifest entry 0 is empty");
}

TEST(BootPackage, RejectsCorruptData) {
  PackageBytes p(Standard());
  p.bytes.back() ^= 0x40;
  ExpectReject(p, Status::kBadChecksum, "package is corrupt");
}

TEST(BootPackage, StatusNamesAreDistinct) {
  EXPECT_STREQ(status_name(Status::kOk), "ok");
  EXPECT_STREQ(status_name(Status::kBadChecksum), "bad-checksum");
  EXPECT_STREQ(status_name(static_cast<Status>(999)), "unknown");
}

}  // namespace
}  // namespace bootpkg
