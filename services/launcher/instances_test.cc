#include "services/launcher/instances.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace launcher {
namespace {

caprt::Cap Handle(uint32_t slot) {
  caprt::Cap c;
  c.slot = slot;
  c.generation = 1;
  return c;
}

// A fake kernel: which handles' children have ended, and which handles the
// table released.
struct Fake {
  std::set<uint32_t> ended;
  std::vector<uint32_t> released;

  uint32_t Refresh(Instances& t, size_t profile) {
    return t.Refresh(
        profile, [&](const caprt::Cap& h) { return ended.count(h.slot) != 0; },
        [&](const caprt::Cap& h) { released.push_back(h.slot); });
  }
};

TEST(InstancesTest, CountsPerProfile) {
  static Instances t;
  t = Instances();
  EXPECT_TRUE(t.Add(0, Handle(10)));
  EXPECT_TRUE(t.Add(0, Handle(11)));
  EXPECT_TRUE(t.Add(3, Handle(12)));
  EXPECT_EQ(t.Count(0), 2u);
  EXPECT_EQ(t.Count(3), 1u);
  EXPECT_EQ(t.Count(1), 0u);
  EXPECT_EQ(t.Count(kMaxProfiles), 0u);
  EXPECT_FALSE(t.Add(kMaxProfiles, Handle(13)));
}

// Ended children's handles are released exactly once and stop counting; the
// running ones stay, in order.
TEST(InstancesTest, RefreshReleasesEndedChildrenOnly) {
  static Instances t;
  t = Instances();
  for (uint32_t s = 1; s <= 5; ++s) ASSERT_TRUE(t.Add(2, Handle(s)));
  ASSERT_TRUE(t.Add(4, Handle(9)));
  Fake k;
  k.ended = {2, 4, 9};
  EXPECT_EQ(k.Refresh(t, 2), 3u);
  EXPECT_EQ(k.released, (std::vector<uint32_t>{2, 4}));
  EXPECT_EQ(t.Count(4), 1u);  // another profile is not asked
  k.released.clear();
  EXPECT_EQ(k.Refresh(t, 2), 3u);
  EXPECT_TRUE(k.released.empty());  // released once, never again
  k.ended.insert(1);
  EXPECT_EQ(k.Refresh(t, 2), 2u);
  EXPECT_EQ(k.released, (std::vector<uint32_t>{1}));
}

TEST(InstancesTest, ARowHoldsKMaxInstances) {
  static Instances t;
  t = Instances();
  for (uint32_t s = 0; s < kMaxInstances; ++s) ASSERT_TRUE(t.Add(1, Handle(s)));
  EXPECT_FALSE(t.Add(1, Handle(999)));
  EXPECT_EQ(t.Count(1), kMaxInstances);
  Fake k;
  k.ended = {0};
  EXPECT_EQ(k.Refresh(t, 1), kMaxInstances - 1);
  EXPECT_TRUE(t.Add(1, Handle(999)));
}

}  // namespace
}  // namespace launcher
