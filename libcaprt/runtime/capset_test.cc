#include "libcaprt/runtime/capset.h"

#include <gtest/gtest.h>
#include <string.h>

namespace caprt {
namespace {

class CapSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    memset(page_, 0, sizeof(page_));
    H()->magic = abi::kCapSetMagic;
    H()->abi_version = abi::kAbiVersion;
  }
  abi::CapSetHeader* H() { return reinterpret_cast<abi::CapSetHeader*>(page_); }
  abi::CapSetEntry* E(uint32_t i) {
    return reinterpret_cast<abi::CapSetEntry*>(page_ + sizeof(abi::CapSetHeader)) + i;
  }
  void Add(const char* name, uint64_t iid, uint32_t slot, uint32_t gen) {
    abi::CapSetEntry* e = E(H()->count++);
    strncpy(e->name, name, sizeof(e->name));
    e->interface_id = iid;
    e->slot = slot;
    e->generation = gen;
  }
  alignas(8) unsigned char page_[abi::kPageSize];
};

TEST_F(CapSetTest, FindsByNameAndInterface) {
  Add("console", 0x11, 3, 7);
  Add("timer", 0x22, 4, 1);
  CapSetView v(page_);
  ASSERT_TRUE(v.Validate().ok());
  Result<Cap> c = v.Find("timer", 0x22);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value().slot, 4u);
  EXPECT_EQ(c.value().generation, 1u);
  EXPECT_EQ(c.value().interface_id, 0x22u);
}

TEST_F(CapSetTest, TypedErrors) {
  Add("console", 0x11, 3, 7);
  CapSetView v(page_);
  EXPECT_EQ(v.Find("console", 0x22).error(), abi::Error::kWrongInterface);
  EXPECT_EQ(v.Find("consol", 0x11).error(), abi::Error::kNotFound);
  EXPECT_EQ(v.Find("console2", 0x11).error(), abi::Error::kNotFound);
  EXPECT_EQ(v.Find("", 0x11).error(), abi::Error::kNotFound);
  EXPECT_EQ(v.FindByInterface(0x33).error(), abi::Error::kNotFound);
  EXPECT_EQ(v.FindByInterface(0x11).value().slot, 3u);
}

TEST_F(CapSetTest, BadHeaderIsMismatch) {
  H()->magic = 0;
  EXPECT_EQ(CapSetView(page_).Validate().error(), abi::Error::kAbiMismatch);
  H()->magic = abi::kCapSetMagic;
  H()->abi_version = 99;
  EXPECT_EQ(CapSetView(page_).Validate().error(), abi::Error::kAbiMismatch);
}

TEST_F(CapSetTest, HostileCountIsClampedToThePage) {
  Add("console", 0x11, 3, 7);
  H()->count = 0xffffffff;
  CapSetView v(page_);
  EXPECT_EQ(v.count(), abi::kCapSetMaxEntries);
  EXPECT_EQ(v.Find("missing", 0x11).error(), abi::Error::kNotFound);  // scans, stays in page
}

TEST_F(CapSetTest, UnterminatedNameNeverMatchesOrOverruns) {
  abi::CapSetEntry* e = E(H()->count++);
  memset(e->name, 'a', sizeof(e->name));  // no NUL anywhere
  e->interface_id = 0x11;
  std::string full(sizeof(e->name), 'a');
  CapSetView v(page_);
  EXPECT_EQ(v.Find(full.c_str(), 0x11).error(), abi::Error::kNotFound);
  EXPECT_EQ(v.Find(full.substr(0, 31).c_str(), 0x11).error(), abi::Error::kNotFound);
}

}  // namespace
}  // namespace caprt
