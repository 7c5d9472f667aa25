#include "services/launcher/launch_policy.h"

#include <gtest/gtest.h>
#include <string.h>

#include <string>

#include "layout/kernel.capnp.layout.h"

namespace launcher {
namespace {

constexpr uint64_t kConsole = capos::layout::Console::kId;
constexpr uint64_t kTimer = capos::layout::Timer::kId;
constexpr uint64_t kSession = capos::layout::SessionCell::kId;

class LaunchPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    memset(&policy_, 0, sizeof(policy_));
    Profile* p = AddProfile(&policy_, Str("worker"), 64);
    ASSERT_NE(p, nullptr);
    ASSERT_TRUE(AddBinary(p, Str("chat-worker")));
    ASSERT_TRUE(AddBinary(p, Str("demo-hello")));
    ASSERT_TRUE(AddShape(p, Str("console"), kConsole));
    ASSERT_TRUE(AddShape(p, Str("timer"), kTimer));
    ASSERT_NE(AddProfile(&policy_, Str("empty"), 16), nullptr);
    // A well-formed, allowed request: console (cap 0) and timer (cap 1).
    sent_[0] = kConsole;
    sent_[1] = kTimer;
    sent_[2] = kSession;
    grants_[0] = {Str("console"), 0};
    grants_[1] = {Str("timer"), 1};
    req_.profile = Str("worker");
    req_.binary = Str("chat-worker");
    req_.name = Str("chat-worker-1");
    req_.grants = grants_;
    req_.grant_count = 2;
    req_.sent_interfaces = sent_;
    req_.sent_count = 2;
    req_.session_index = -1;
  }

  void ExpectDenied(Denial want, const char* message_part) {
    Decision d = Decide(policy_, req_);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.denial, want) << DenialName(d.denial) << ": " << d.message;
    EXPECT_EQ(d.profile, nullptr);
    EXPECT_NE(std::string(d.message).find(message_part), std::string::npos) << d.message;
  }

  Policy policy_;
  uint64_t sent_[4] = {};
  OfferedGrant grants_[kMaxShapes + 2] = {};
  Request req_{};
};

TEST_F(LaunchPolicyTest, ExactMatchIsAllowed) {
  Decision d = Decide(policy_, req_);
  ASSERT_TRUE(d.allowed) << d.message;
  ASSERT_NE(d.profile, nullptr);
  EXPECT_STREQ(d.profile->name, "worker");
  EXPECT_EQ(d.profile->heap_pages, 64u);
  EXPECT_STREQ(d.message, "profile 'worker' allows 'chat-worker' as 'chat-worker-1'");
}

TEST_F(LaunchPolicyTest, GrantOrderDoesNotMatter) {
  grants_[0] = {Str("timer"), 1};
  grants_[1] = {Str("console"), 0};
  EXPECT_TRUE(Decide(policy_, req_).allowed);
}

TEST_F(LaunchPolicyTest, LiveSessionCapIsAllowed) {
  req_.sent_count = 3;
  req_.session_index = 2;
  EXPECT_TRUE(Decide(policy_, req_).allowed);
}

TEST_F(LaunchPolicyTest, EmptyProfileAllowsNoGrantsOnlyWithABinary) {
  req_.profile = Str("empty");
  req_.grant_count = 0;
  ExpectDenied(Denial::kDisallowedBinary, "profile 'empty' may not start binary 'chat-worker'");
}

TEST_F(LaunchPolicyTest, UnknownProfile) {
  req_.profile = Str("operator");
  ExpectDenied(Denial::kUnknownProfile, "no launcher profile 'operator'");
}

TEST_F(LaunchPolicyTest, ProfileNameIsMatchedExactly) {
  req_.profile = Text{"workerX", 6};  // "worker" as a length-delimited prefix
  EXPECT_TRUE(Decide(policy_, req_).allowed);
  req_.profile = Text{"work", 4};
  ExpectDenied(Denial::kUnknownProfile, "'work'");
  req_.profile = Text{"worker\0", 7};
  ExpectDenied(Denial::kUnknownProfile, "no launcher profile");
}

TEST_F(LaunchPolicyTest, DisallowedBinary) {
  req_.binary = Str("init");
  ExpectDenied(Denial::kDisallowedBinary, "profile 'worker' may not start binary 'init'");
}

TEST_F(LaunchPolicyTest, MissingGrant) {
  req_.grant_count = 1;  // console only
  ExpectDenied(Denial::kMissingGrant, "requires grant 'timer'");
}

TEST_F(LaunchPolicyTest, NoGrantsAtAll) {
  req_.grant_count = 0;
  ExpectDenied(Denial::kMissingGrant, "requires grant 'console'");
}

TEST_F(LaunchPolicyTest, ExtraGrantName) {
  grants_[2] = {Str("diagnostics"), 0};
  req_.grant_count = 3;
  ExpectDenied(Denial::kUnexpectedGrant, "profile 'worker' has no grant 'diagnostics'");
}

TEST_F(LaunchPolicyTest, GrantGivenTwice) {
  grants_[2] = {Str("console"), 0};
  req_.grant_count = 3;
  ExpectDenied(Denial::kUnexpectedGrant, "grant 'console' given twice");
}

TEST_F(LaunchPolicyTest, WrongInterface) {
  grants_[0] = {Str("console"), 1};  // the timer cap under the console shape
  ExpectDenied(Denial::kWrongInterface, "grant 'console' wants interface 0xd3b0a8d1c5c6e701");
}

TEST_F(LaunchPolicyTest, SessionCapOfAnotherInterface) {
  req_.session_index = 1;
  ExpectDenied(Denial::kWrongInterface, "not SessionCell");
}

TEST_F(LaunchPolicyTest, SessionIndexOutOfRange) {
  req_.session_index = 2;  // only 2 caps sent
  ExpectDenied(Denial::kMalformedRequest, "session names cap 2 of 2 sent");
}

TEST_F(LaunchPolicyTest, CapIndexOutOfRange) {
  grants_[1] = {Str("timer"), 7};
  ExpectDenied(Denial::kMalformedRequest, "grant 'timer' names cap 7 of 2 sent");
}

TEST_F(LaunchPolicyTest, TooManyGrants) {
  for (size_t i = 0; i < kMaxShapes + 1; ++i) grants_[i] = {Str("console"), 0};
  req_.grant_count = kMaxShapes + 1;
  ExpectDenied(Denial::kMalformedRequest, "grants, at most");
}

TEST_F(LaunchPolicyTest, BadChildNames) {
  for (const char* bad : {"", "Gateway", "[authority] x", "a b", "-x", "1abc",
                          "a-very-long-name-that-exceeds-31-chars"}) {
    req_.name = Str(bad);
    ExpectDenied(Denial::kMalformedRequest, "child name");
  }
  req_.name = Text{"ok\nFAIL x", 9};
  Decision d = Decide(policy_, req_);
  EXPECT_EQ(d.denial, Denial::kMalformedRequest);
  EXPECT_EQ(strchr(d.message, '\n'), nullptr);  // a hostile name cannot forge log lines
}

TEST_F(LaunchPolicyTest, MalformedIsReportedBeforePolicy) {
  req_.profile = Str("nope");
  grants_[0] = {Str("console"), 9};
  ExpectDenied(Denial::kMalformedRequest, "names cap 9");
}

TEST(LaunchPolicyBuild, RefusesDuplicatesAndOverlongNames) {
  static Policy policy;
  memset(&policy, 0, sizeof(policy));
  Profile* p = AddProfile(&policy, Str("a"), 16);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(AddProfile(&policy, Str("a"), 16), nullptr);
  EXPECT_EQ(AddProfile(&policy, Str(""), 16), nullptr);
  EXPECT_EQ(AddProfile(&policy, Str("0123456789012345678901234567890123"), 16), nullptr);
  EXPECT_EQ(policy.count, 1u);
  EXPECT_TRUE(AddBinary(p, Str("x")));
  EXPECT_FALSE(AddBinary(p, Str("x")));
  EXPECT_FALSE(AddBinary(p, Text{"a\0b", 3}));
  EXPECT_TRUE(AddShape(p, Str("console"), kConsole));
  EXPECT_FALSE(AddShape(p, Str("console"), kTimer));
  for (size_t i = 1; i < kMaxShapes; ++i) {
    std::string n = "g" + std::to_string(i);
    EXPECT_TRUE(AddShape(p, Str(n.c_str()), kTimer));
  }
  EXPECT_FALSE(AddShape(p, Str("one-too-many"), kTimer));
  EXPECT_EQ(p->shape_count, kMaxShapes);
  for (size_t i = 1; i < kMaxProfiles; ++i) {
    std::string n = "p" + std::to_string(i);
    EXPECT_NE(AddProfile(&policy, Str(n.c_str()), 16), nullptr);
  }
  EXPECT_EQ(AddProfile(&policy, Str("full"), 16), nullptr);
}

// maxInstances: the quota counts running children; 0 means no limit.
TEST_F(LaunchPolicyTest, QuotaAllowsBelowTheLimitOnly) {
  Profile& p = policy_.profiles[0];
  p.max_instances = 2;
  Decision d = CheckQuota(p, 1);
  EXPECT_TRUE(d.allowed) << d.message;
  EXPECT_EQ(d.profile, &p);
  d = CheckQuota(p, 2);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.denial, Denial::kQuotaExceeded);
  EXPECT_EQ(d.profile, nullptr);
  // The message names the profile and its limit (the caller's audit log).
  EXPECT_STREQ(d.message, "profile 'worker' is at maxInstances 2 (2 running)");
  EXPECT_FALSE(CheckQuota(p, 7).allowed);  // more than the limit never opens it
}

TEST_F(LaunchPolicyTest, ZeroMaxInstancesIsNoLimit) {
  Profile& p = policy_.profiles[0];
  EXPECT_EQ(p.max_instances, 0u);  // AddProfile leaves profiles unlimited
  EXPECT_TRUE(CheckQuota(p, 0).allowed);
  EXPECT_TRUE(CheckQuota(p, 1000).allowed);
}

TEST(LaunchPolicyNames, EveryDenialHasAName) {
  EXPECT_STREQ(DenialName(Denial::kQuotaExceeded), "quotaExceeded");
  for (uint16_t i = 0; i <= 8; ++i) {
    EXPECT_STRNE(DenialName(static_cast<Denial>(i)), "unknown");
  }
}

}  // namespace
}  // namespace launcher
