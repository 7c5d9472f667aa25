#include "kernel/boot/boot_resource.h"

#include <gtest/gtest.h>

#include <string>

#include "kernel/boot/test_package.h"

namespace bootres {
namespace {

using bootpkg::Entry;
using bootpkg::Item;
using bootpkg::Package;
using bootpkg::PackageBytes;

class BootResource : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(bytes_.Parse(&pkg_), bootpkg::Status::kOk) << pkg_.message; }
  // check() on a std::string, so embedded NULs keep their length.
  bool Check(const std::string& name, const char** why) {
    return check(pkg_, name.data(), static_cast<uint32_t>(name.size()), &entry_, why);
  }

  PackageBytes bytes_{
      std::vector<Item>{{"manifest", abi::BootEntryKind::kManifest, "MANIFEST"},
                        {"web-ui", abi::BootEntryKind::kElf,
                         "\x7f"
                         "ELF"},
                        {"ui-bundle", abi::BootEntryKind::kBlob, "bundle bytes"},
                        {"authority-policy", abi::BootEntryKind::kBlob, "hashes"},
                        {std::string(28, 'r'), abi::BootEntryKind::kBlob, "too long for res-"}}};
  Package pkg_;
  Entry entry_{};
};

TEST_F(BootResource, AcceptsABlobOfThePackage) {
  const char* why = nullptr;
  ASSERT_TRUE(Check("ui-bundle", &why)) << why;
  EXPECT_STREQ(entry_.name, "ui-bundle");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(entry_.data), entry_.size), "bundle bytes");
}

// Each refusal carries the reason the kernel's boot PANIC prints.
TEST_F(BootResource, RefusesWhatIsNotOneBlob) {
  const char* why = nullptr;
  EXPECT_FALSE(Check("no-such-blob", &why));
  EXPECT_STREQ(why, "no such entry in the boot package");
  EXPECT_FALSE(Check("manifest", &why));
  EXPECT_NE(std::string(why).find("not a blob"), std::string::npos) << why;
  EXPECT_FALSE(Check("web-ui", &why));
  EXPECT_NE(std::string(why).find("not a blob"), std::string::npos) << why;
  EXPECT_FALSE(Check("", &why));
  EXPECT_NE(std::string(why).find("empty or longer than 27"), std::string::npos) << why;
  // In the package, but "res-" + 28 bytes would not fit a CapSet name.
  EXPECT_FALSE(Check(std::string(28, 'r'), &why));
  EXPECT_NE(std::string(why).find("empty or longer than 27"), std::string::npos) << why;
  EXPECT_FALSE(Check(std::string("ui-bundle\0x", 11), &why));
  EXPECT_STREQ(why, "the resource name holds a NUL");
  // A NUL at the end of a shorter length would otherwise name "ui-bundle".
  EXPECT_FALSE(Check(std::string("ui-bundle\0", 10), &why));
}

TEST_F(BootResource, CapNameIsResDashName) {
  char out[abi::kCapNameMax];
  EXPECT_EQ(cap_name("ui-bundle", out), 13u);
  EXPECT_STREQ(out, "res-ui-bundle");
  std::string longest(kNameMax, 'k');
  EXPECT_EQ(cap_name(longest.c_str(), out), abi::kCapNameMax - 1);
  EXPECT_EQ(std::string(out), "res-" + longest);
}

// A scoped object answers only its own name: anything else is notFound,
// exactly as a name the package lacks.
TEST_F(BootResource, ServesOnlyItsExactName) {
  const char* why = nullptr;
  ASSERT_TRUE(Check("ui-bundle", &why)) << why;
  auto serves_s = [&](const std::string& n) {
    return serves(entry_, n.data(), static_cast<uint32_t>(n.size()));
  };
  EXPECT_TRUE(serves_s("ui-bundle"));
  EXPECT_FALSE(serves_s("ui-bundl"));
  EXPECT_FALSE(serves_s("ui-bundlex"));
  EXPECT_FALSE(serves_s("ui-bundle/x"));
  EXPECT_FALSE(serves_s(""));
  EXPECT_FALSE(serves_s("manifest"));
  EXPECT_FALSE(serves_s("authority-policy"));
  EXPECT_FALSE(serves_s(std::string("ui-bundle\0", 10)));
  EXPECT_FALSE(serves_s(std::string("ui\0bundle", 9)));
  EXPECT_FALSE(serves_s(std::string(200, 'u')));
}

// A granted blob is reserved for its scoped caps; other entries, and the
// same name in another package, are not.
TEST_F(BootResource, ReservedHoldsExactlyTheGrantedBlobs) {
  const char* why = nullptr;
  ASSERT_TRUE(Check("ui-bundle", &why)) << why;
  Reserved r;
  EXPECT_FALSE(r.holds(entry_));
  ASSERT_TRUE(r.add(entry_));
  ASSERT_TRUE(r.add(entry_));  // twice is once
  EXPECT_TRUE(r.holds(entry_));
  Entry policy{};
  ASSERT_TRUE(bootpkg::find(pkg_, "authority-policy", &policy));
  EXPECT_FALSE(r.holds(policy));
  Entry again{};
  ASSERT_TRUE(bootpkg::find(pkg_, "ui-bundle", &again));
  EXPECT_TRUE(r.holds(again));  // find gives the same name pointer
  Package other;
  PackageBytes other_bytes{
      std::vector<Item>{{"manifest", abi::BootEntryKind::kManifest, "M"},
                        {"ui-bundle", abi::BootEntryKind::kBlob, "other bundle"}}};
  ASSERT_EQ(other_bytes.Parse(&other), bootpkg::Status::kOk);
  ASSERT_TRUE(bootpkg::find(other, "ui-bundle", &again));
  EXPECT_FALSE(r.holds(again));
  r.clear();
  EXPECT_FALSE(r.holds(entry_));
  for (uint32_t i = 0; i < abi::kCapSetMaxEntries; i++) {
    Entry e{};
    e.name = reinterpret_cast<const char*>(&other_bytes) + i;  // distinct pointers
    ASSERT_TRUE(r.add(e));
  }
  EXPECT_FALSE(r.add(entry_));  // full
}

}  // namespace
}  // namespace bootres
