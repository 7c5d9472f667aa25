#include "services/authority/broker.h"

#include <gtest/gtest.h>

#include "services/authority/test_policy.h"

namespace authority {
namespace {

struct Bundle {
  BundleEntry e[kMaxBundleEntries];
  size_t n = 0;
  bool has(CapKind k) const {
    for (size_t i = 0; i < n; ++i) {
      if (e[i].kind == k) return true;
    }
    return false;
  }
};

class BrokerTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::build_test_policy(&policy_); }
  Bundle get(const char* profile, BrokerResult want = BrokerResult::kOk) {
    Bundle b;
    EXPECT_EQ(remote_client_bundle(policy_, profile, b.e, &b.n), want) << profile;
    return b;
  }
  Policy policy_;
};

TEST_F(BrokerTest, OperatorGetsSessionSystemInfoChatAndLauncher) {
  const Bundle b = get("operator");
  ASSERT_EQ(b.n, 4u);
  EXPECT_EQ(b.e[0].name.view(), "session");
  EXPECT_EQ(b.e[1].name.view(), "system_info");
  EXPECT_EQ(b.e[2].name.view(), "chat");
  EXPECT_EQ(b.e[2].rights, rights::kRead | rights::kWrite);
  EXPECT_TRUE(b.has(CapKind::kLauncher));
}

TEST_F(BrokerTest, GuestAndAnonymousGetOnlyWhatPolicyGrants) {
  const Bundle g = get("guest");
  ASSERT_EQ(g.n, 3u);
  EXPECT_EQ(g.e[2].rights, rights::kRead);  // chat read-only
  EXPECT_FALSE(g.has(CapKind::kLauncher));
  const Bundle a = get("anonymous");
  ASSERT_EQ(a.n, 2u);
  EXPECT_FALSE(a.has(CapKind::kChat));
  EXPECT_FALSE(a.has(CapKind::kLauncher));
}

TEST_F(BrokerTest, UnknownAndRetiredProfilesAreNotFound) {
  EXPECT_EQ(get("nope", BrokerResult::kNotFound).n, 0u);
  EXPECT_EQ(get("old", BrokerResult::kNotFound).n, 0u);
}

TEST(PolicyLauncherTest, DataCannotGiveGuestOrAnonymousALauncher) {
  const BundleEntry l = testing::entry("launcher", CapKind::kLauncher, rights::kControl);
  Policy p;
  EXPECT_EQ(p.add_profile(testing::make_profile("g", PrincipalClass::kGuest, true, {l})),
            PolicyError::kLauncherForbidden);
  EXPECT_EQ(p.add_profile(testing::make_profile("a", PrincipalClass::kAnonymous, true, {})),
            PolicyError::kLauncherForbidden);
  EXPECT_EQ(p.add_profile(testing::make_profile("u", PrincipalClass::kUser, false, {l})),
            PolicyError::kLauncherForbidden);
  EXPECT_EQ(p.profile_count(), 0u);
}

}  // namespace
}  // namespace authority
