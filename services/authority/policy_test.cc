#include "services/authority/policy.h"

#include <string.h>

#include <string>

#include <gtest/gtest.h>

#include "services/authority/test_policy.h"

namespace authority {
namespace {

TEST(NameTest, AcceptsBoundedSafeNamesOnly) {
  Name n;
  EXPECT_TRUE(n.set("alice.b-c_1"));
  EXPECT_EQ(n.view(), "alice.b-c_1");
  EXPECT_FALSE(n.set(""));
  EXPECT_FALSE(n.set(std::string(kNameMax + 1, 'a')));
  EXPECT_TRUE(n.set(std::string(kNameMax, 'a')));
  EXPECT_FALSE(n.set("a b"));
  EXPECT_FALSE(n.set("a$b"));
  EXPECT_FALSE(n.set(std::string_view("a\0b", 3)));
  EXPECT_EQ(n.view(), std::string(kNameMax, 'a'));  // unchanged by failures
}

TEST(PolicyTest, BuildsAndFinds) {
  Policy p;
  testing::build_test_policy(&p);
  EXPECT_EQ(p.account_count(), 9u);
  EXPECT_EQ(p.profile_count(), 5u);
  ASSERT_NE(p.find_account("bob"), nullptr);
  EXPECT_TRUE(p.find_account("bob")->allows("guest"));
  EXPECT_FALSE(p.find_account("bob")->allows("operator"));
  EXPECT_EQ(p.find_account("Bob"), nullptr);
  EXPECT_EQ(p.motd(), "Welcome to capOS");
  EXPECT_EQ(p.build_info(), "capOS test build");
}

TEST(PolicyTest, RejectsBadData) {
  Policy p;
  testing::build_test_policy(&p);
  using enum PrincipalClass;
  EXPECT_EQ(p.add_profile(testing::make_profile("user", kUser, false, {})),
            PolicyError::kDuplicate);
  Profile bad_class = testing::make_profile("x", kUser, false, {});
  bad_class.suits = static_cast<PrincipalClass>(9);
  EXPECT_EQ(p.add_profile(bad_class), PolicyError::kBadEnum);
  const BundleEntry e = testing::entry("chat", CapKind::kChat, rights::kRead);
  EXPECT_EQ(p.add_profile(testing::make_profile("twice", kUser, false, {e, e})),
            PolicyError::kDuplicate);
  // A game's export is never a profile's; the terminal manager may be.
  const BundleEntry game = testing::entry("adventure", CapKind::kAdventure, rights::kRead);
  EXPECT_EQ(p.add_profile(testing::make_profile("game", kUser, false, {game})),
            PolicyError::kBadEnum);
  const BundleEntry term = testing::entry("terminal", CapKind::kTerminal, rights::kRead);
  EXPECT_EQ(p.add_profile(testing::make_profile("term", kUser, false, {term})), PolicyError::kOk);

  EXPECT_EQ(
      p.add_account(testing::make_account("bob", kUser, AccountState::kActive, nullptr, {"user"})),
      PolicyError::kDuplicate);
  EXPECT_EQ(p.add_account(
                testing::make_account("zed", kUser, AccountState::kActive, nullptr, {"missing"})),
            PolicyError::kUnknownProfile);
  Account rec = testing::make_account("zed", kUser, AccountState::kActive, nullptr, {"user"});
  strcpy(rec.record, "pbkdf2-sha256$1000$zz$zz");
  EXPECT_EQ(p.add_account(rec), PolicyError::kBadRecord);
  memset(rec.record, 'a', sizeof(rec.record));  // no NUL at all
  EXPECT_EQ(p.add_account(rec), PolicyError::kBadRecord);
  Account st = testing::make_account("zed", kUser, AccountState::kActive, nullptr, {"user"});
  st.state = static_cast<AccountState>(4);
  EXPECT_EQ(p.add_account(st), PolicyError::kBadEnum);
  EXPECT_EQ(p.account_count(), 9u);
  EXPECT_EQ(p.set_texts(std::string(kTextMax, 'm'), ""), PolicyError::kTextTooLong);
}

TEST(PolicyTest, TablesAreBounded) {
  Policy p;
  for (size_t i = 0; i < kMaxProfiles; ++i) {
    ASSERT_EQ(p.add_profile(testing::make_profile(("p" + std::to_string(i)).c_str(),
                                                  PrincipalClass::kUser, false, {})),
              PolicyError::kOk);
  }
  EXPECT_EQ(p.add_profile(testing::make_profile("more", PrincipalClass::kUser, false, {})),
            PolicyError::kFull);
  for (size_t i = 0; i < kMaxAccounts; ++i) {
    ASSERT_EQ(p.add_account(testing::make_account(("a" + std::to_string(i)).c_str(),
                                                  PrincipalClass::kUser, AccountState::kActive,
                                                  nullptr, {"p0"})),
              PolicyError::kOk);
  }
  EXPECT_EQ(p.add_account(testing::make_account("more", PrincipalClass::kUser,
                                                AccountState::kActive, nullptr, {"p0"})),
            PolicyError::kFull);
}

// Every record must have the policy's cost (else the dummy record for an
// unknown principal would cost a different time), and the cost is set once,
// within bounds, before any account.
TEST(PolicyTest, RecordsMustHaveThePolicyCost) {
  Policy p;
  using enum PrincipalClass;
  EXPECT_EQ(p.password_iterations(), pwrecord::kDefaultIterations);
  EXPECT_EQ(p.set_password_iterations(pwrecord::kMinIterations - 1), PolicyError::kBadCost);
  EXPECT_EQ(p.set_password_iterations(pwrecord::kMaxIterations + 1), PolicyError::kBadCost);
  ASSERT_EQ(p.set_password_iterations(2000), PolicyError::kOk);
  ASSERT_EQ(p.add_profile(testing::make_profile("user", kUser, false, {})), PolicyError::kOk);
  EXPECT_EQ(p.add_account(testing::make_account("cheap", kUser, AccountState::kActive, "pw",
                                                {"user"}, pwrecord::kMinIterations)),
            PolicyError::kBadCost);
  EXPECT_EQ(p.account_count(), 0u);
  ASSERT_EQ(p.add_account(
                testing::make_account("ok", kUser, AccountState::kActive, "pw", {"user"}, 2000)),
            PolicyError::kOk);
  EXPECT_EQ(p.set_password_iterations(3000), PolicyError::kBadCost);  // after an account
  EXPECT_EQ(p.password_iterations(), 2000u);
  EXPECT_STREQ(policy_error_name(PolicyError::kBadCost), "badCost");
}

TEST(PolicyTest, AdmissionFromTheManifestIsBounded) {
  Policy p;
  EXPECT_EQ(p.pre_auth_grace_seconds(), 30u);  // the schema's defaults
  EXPECT_EQ(p.max_auth_tries(), 3u);
  EXPECT_EQ(p.set_admission(4, 3), PolicyError::kBadCost);
  EXPECT_EQ(p.set_admission(601, 3), PolicyError::kBadCost);
  EXPECT_EQ(p.set_admission(30, 0), PolicyError::kBadCost);
  EXPECT_EQ(p.set_admission(30, 11), PolicyError::kBadCost);
  EXPECT_EQ(p.max_auth_tries(), 3u);  // a refused value changes nothing
  EXPECT_EQ(p.set_admission(12, 5), PolicyError::kOk);
  EXPECT_EQ(p.pre_auth_grace_seconds(), 12u);
  EXPECT_EQ(p.max_auth_tries(), 5u);
}

TEST(PolicyTest, WebExpiryFromTheManifestIsBounded) {
  Policy p;
  EXPECT_EQ(p.web_idle_seconds(), 900u);  // the schema's defaults
  EXPECT_EQ(p.web_absolute_seconds(), 28800u);
  EXPECT_EQ(p.set_web_expiry(9, 600), PolicyError::kBadCost);
  EXPECT_EQ(p.set_web_expiry(86401, 604800), PolicyError::kBadCost);
  EXPECT_EQ(p.set_web_expiry(60, 29), PolicyError::kBadCost);
  EXPECT_EQ(p.set_web_expiry(60, 604801), PolicyError::kBadCost);
  EXPECT_EQ(p.set_web_expiry(120, 60), PolicyError::kBadCost);  // absolute below idle
  EXPECT_EQ(p.web_idle_seconds(), 900u);                        // a refused value changes nothing
  EXPECT_EQ(p.set_web_expiry(10, 30), PolicyError::kOk);
  EXPECT_EQ(p.web_idle_seconds(), 10u);
  EXPECT_EQ(p.web_absolute_seconds(), 30u);
}

TEST(Policy, TerminalGraceHasBounds) {
  Policy p;
  EXPECT_EQ(p.terminal_grace_seconds(), 300u);  // the schema's default
  EXPECT_EQ(p.set_terminal_grace(4), PolicyError::kBadCost);
  EXPECT_EQ(p.set_terminal_grace(3601), PolicyError::kBadCost);
  EXPECT_EQ(p.terminal_grace_seconds(), 300u);
  EXPECT_EQ(p.set_terminal_grace(5), PolicyError::kOk);
  EXPECT_EQ(p.terminal_grace_seconds(), 5u);
}

}  // namespace
}  // namespace authority
