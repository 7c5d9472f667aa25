#include "services/launcher/profile_loader.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "schema/boot_manifest.capnp.h"

namespace launcher {
namespace {

using Manifest = capos::schema::BootManifest;

std::vector<uint8_t> Bytes(capnp::MessageBuilder& b) {
  auto words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

// One profile "worker" with the given binaries and grant names (interface 7),
// then profiles "p1".. like it; each with `max_instances`.
std::vector<uint8_t> OneProfile(std::vector<std::string> binaries, std::vector<std::string> grants,
                                int profiles = 1, uint32_t max_instances = 0) {
  capnp::MallocMessageBuilder b;
  auto list = b.initRoot<Manifest>().initLauncherProfiles(profiles);
  for (int i = 0; i < profiles; ++i) {
    list[i].setName(i == 0 ? std::string("worker") : "p" + std::to_string(i));
    list[i].setHeapPages(64);
    list[i].setMaxInstances(max_instances);
    auto bl = list[i].initBinaries(binaries.size());
    for (size_t j = 0; j < binaries.size(); ++j) bl.set(j, binaries[j]);
    auto gl = list[i].initGrants(grants.size());
    for (size_t j = 0; j < grants.size(); ++j) {
      gl[j].setName(grants[j]);
      gl[j].setInterfaceId(7);
    }
  }
  return Bytes(b);
}

class ProfileLoaderTest : public ::testing::Test {
 protected:
  bool Load(const std::vector<uint8_t>& m) {
    return LoadPolicy(m.data(), m.size(), &policy_, why_, sizeof(why_));
  }
  Policy policy_;
  char why_[128];
};

TEST_F(ProfileLoaderTest, LoadsProfiles) {
  ASSERT_TRUE(Load(OneProfile({"chat-worker", "demo-hello"}, {"console", "timer"}))) << why_;
  ASSERT_EQ(policy_.count, 1u);
  const Profile& p = policy_.profiles[0];
  EXPECT_STREQ(p.name, "worker");
  EXPECT_EQ(p.heap_pages, 64u);
  ASSERT_EQ(p.binary_count, 2u);
  EXPECT_STREQ(p.binaries[1], "demo-hello");
  ASSERT_EQ(p.shape_count, 2u);
  EXPECT_STREQ(p.shapes[1].name, "timer");
  EXPECT_EQ(p.shapes[1].interface_id, 7u);
}

TEST_F(ProfileLoaderTest, NoProfilesIsAnEmptyPolicy) {
  capnp::MallocMessageBuilder b;
  b.initRoot<Manifest>();
  ASSERT_TRUE(Load(Bytes(b))) << why_;
  EXPECT_EQ(policy_.count, 0u);
}

TEST_F(ProfileLoaderTest, GarbageIsRefused) {
  std::vector<uint8_t> junk = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_FALSE(Load(junk));
  EXPECT_NE(std::string(why_).find("does not decode"), std::string::npos) << why_;
  auto good = OneProfile({"a"}, {"console"});
  good.resize(good.size() - 8);  // truncated
  EXPECT_FALSE(Load(good));
  EXPECT_EQ(policy_.count, 0u);
}

TEST_F(ProfileLoaderTest, BoundsAndDuplicatesAreRefused) {
  EXPECT_FALSE(Load(OneProfile({"a", "a"}, {})));
  EXPECT_NE(std::string(why_).find("binaries"), std::string::npos) << why_;
  EXPECT_FALSE(Load(OneProfile({"a"}, {"console", "console"})));
  EXPECT_NE(std::string(why_).find("grants"), std::string::npos) << why_;
  EXPECT_FALSE(Load(OneProfile({std::string(60, 'b')}, {})));
  std::vector<std::string> many(kMaxShapes + 1);
  for (size_t i = 0; i < many.size(); ++i) many[i] = "g" + std::to_string(i);
  EXPECT_FALSE(Load(OneProfile({"a"}, many)));
  EXPECT_FALSE(Load(OneProfile({"a"}, {}, kMaxProfiles + 1)));
  EXPECT_NE(std::string(why_).find("profiles, at most"), std::string::npos) << why_;
  EXPECT_EQ(policy_.count, 0u);  // never a partial policy
}

TEST_F(ProfileLoaderTest, ReadsMaxInstances) {
  ASSERT_TRUE(Load(OneProfile({"a"}, {}, 2, 3))) << why_;
  EXPECT_EQ(policy_.profiles[0].max_instances, 3u);
  EXPECT_EQ(policy_.profiles[1].max_instances, 3u);
  ASSERT_TRUE(Load(OneProfile({"a"}, {}))) << why_;
  EXPECT_EQ(policy_.profiles[0].max_instances, 0u);
}

// Each counted child costs a kept handle: per profile and in all, bounded.
TEST_F(ProfileLoaderTest, MaxInstancesBoundsAreRefused) {
  ASSERT_TRUE(Load(OneProfile({"a"}, {}, 1, kMaxInstances))) << why_;
  EXPECT_FALSE(Load(OneProfile({"a"}, {}, 1, kMaxInstances + 1)));
  EXPECT_NE(std::string(why_).find("maxInstances 65"), std::string::npos) << why_;
  EXPECT_EQ(policy_.count, 0u);
  ASSERT_TRUE(Load(OneProfile({"a"}, {}, kMaxTracked / kMaxInstances, kMaxInstances))) << why_;
  EXPECT_FALSE(Load(OneProfile({"a"}, {}, kMaxTracked / kMaxInstances + 1, kMaxInstances)));
  EXPECT_NE(std::string(why_).find("in all profiles"), std::string::npos) << why_;
  EXPECT_EQ(policy_.count, 0u);
}

}  // namespace
}  // namespace launcher
