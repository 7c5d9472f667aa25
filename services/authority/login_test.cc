#include "services/authority/login.h"

#include <string.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/authority/test_policy.h"
#include "services/lib/password-record/password_record.h"

namespace authority {
namespace {

using testing::kAlicePassword;
using testing::kBobPassword;

class LoginTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::build_test_policy(&policy_); }

  Decision login(AuthMethod m, const char* principal, const char* secret, const char* profile = "",
                 uint64_t source = 7) {
    LoginRequest r;
    r.method = m;
    r.principal = principal;
    r.secret = secret;
    r.requested_profile = profile;
    r.source_id = source;
    r.connection_event = 99;
    return auth_.login(r, now_ += 1000);
  }

  // A fresh authenticator per call keeps backoff out of the matrix test.
  Decision fresh(AuthMethod m, const char* principal, const char* secret,
                 const char* profile = "") {
    LoginRequest r;
    r.method = m;
    r.principal = principal;
    r.secret = secret;
    r.requested_profile = profile;
    Authenticator a(policy_);
    return a.login(r, 1);
  }

  Policy policy_;
  Authenticator auth_{policy_};
  uint64_t now_ = 0;
};

void expect_denied(const Decision& d, DenyReason reason) {
  EXPECT_FALSE(d.allowed());
  EXPECT_EQ(d.caller(), CallerResult::kAuthDenied);
  EXPECT_EQ(d.retry_after_ns(), 0u);
  EXPECT_EQ(d.account(), nullptr);
  EXPECT_EQ(d.profile(), nullptr);
  EXPECT_EQ(d.audit().what, AuditEvent::kLoginDenied);
  EXPECT_EQ(d.audit().reason, reason) << deny_reason_name(d.audit().reason);
}

TEST_F(LoginTest, PasswordOperatorGetsDefaultProfile) {
  Decision d = login(AuthMethod::kPassword, "alice", kAlicePassword);
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.account()->principal.view(), "alice");
  EXPECT_EQ(d.profile()->name.view(), "operator");
  EXPECT_EQ(d.audit().what, AuditEvent::kLoginOk);
  EXPECT_STREQ(d.audit().profile, "operator");
  EXPECT_EQ(d.audit().source_id, 7u);
  EXPECT_EQ(d.audit().connection_event, 99u);
}

TEST_F(LoginTest, PasswordUserWithRequestedProfile) {
  Decision d = login(AuthMethod::kPassword, "bob", kBobPassword, "user");
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.profile()->name.view(), "user");
}

TEST_F(LoginTest, GuestAdapterDefaultsToGuestAccount) {
  Decision d = login(AuthMethod::kGuest, "", "");
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.account()->cls, PrincipalClass::kGuest);
  EXPECT_EQ(d.profile()->name.view(), "guest");
}

TEST_F(LoginTest, AnonymousIgnoresSuppliedPrincipal) {
  Decision d = login(AuthMethod::kAnonymous, "alice", "");
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.account()->principal.view(), "anonymous");
  EXPECT_EQ(d.profile()->name.view(), "anonymous");
}

TEST_F(LoginTest, EveryDenialPath) {
  using enum AuthMethod;
  using enum DenyReason;
  expect_denied(fresh(kPassword, "alice", "wrong"), kBadPassword);
  expect_denied(fresh(kPassword, "alice", ""), kBadPassword);
  expect_denied(fresh(kPassword, "mallory", kAlicePassword), kUnknownPrincipal);
  expect_denied(fresh(kPassword, "frank", ""), kNoPasswordSet);
  expect_denied(fresh(kPassword, "carol", kBobPassword), kAccountDisabled);
  expect_denied(fresh(kPassword, "dave", kBobPassword), kAccountLocked);
  expect_denied(fresh(kPassword, "erin", kBobPassword), kAccountRecoveryOnly);
  expect_denied(fresh(kPassword, "alice", kAlicePassword, "user"), kProfileNotAllowed);
  expect_denied(fresh(kPassword, "alice", kAlicePassword, "no-such"), kProfileNotAllowed);
  expect_denied(fresh(kPassword, "nobody", kBobPassword), kProfileMissing);
  expect_denied(fresh(kPassword, "bob", kBobPassword, "old"), kProfileRetired);
  expect_denied(fresh(kPassword, "bob", kBobPassword, "guest"), kProfileClassMismatch);
  expect_denied(fresh(kPassword, "guest", ""), kNoPasswordSet);
  expect_denied(fresh(kGuest, "alice", ""), kMethodNotForClass);
  expect_denied(fresh(kGuest, "ghost", ""), kUnknownPrincipal);
  expect_denied(fresh(kGuest, "guest", "", "user"), kProfileClassMismatch);
  expect_denied(fresh(kGuest, "guest", "", "operator"), kProfileNotAllowed);
  expect_denied(fresh(kAnonymous, "", "", "guest"), kProfileNotAllowed);
  expect_denied(fresh(kPassword, "bad name!", "x"), kMalformed);
  std::string long_secret(pwrecord::kMaxPassword + 1, 'a');
  expect_denied(fresh(kPassword, "alice", long_secret.c_str()), kMalformed);
}

TEST_F(LoginTest, RecoveryOnlyAnonymousAndDisabledGuestAreDenied) {
  Policy p;
  ASSERT_EQ(p.add_profile(testing::make_profile("guest", PrincipalClass::kGuest, false, {})),
            PolicyError::kOk);
  ASSERT_EQ(p.add_account(testing::make_account("guest", PrincipalClass::kGuest,
                                                AccountState::kDisabled, nullptr, {"guest"})),
            PolicyError::kOk);
  Authenticator a(p);
  LoginRequest r;
  r.method = AuthMethod::kGuest;
  expect_denied(a.login(r, 1), DenyReason::kAccountDisabled);
  r.method = AuthMethod::kAnonymous;  // no anonymous account: adapter is off
  expect_denied(a.login(r, 2), DenyReason::kUnknownPrincipal);
}

// The caller-visible part of a denial must not depend on the reason: same
// result code, no retry hint, no account, no profile.
TEST_F(LoginTest, AllDenialsLookTheSameToTheCaller) {
  const Decision a = login(AuthMethod::kPassword, "alice", "wrong", "", 1);
  const Decision b = login(AuthMethod::kPassword, "mallory", "x", "", 2);
  const Decision c = login(AuthMethod::kPassword, "carol", kBobPassword, "", 3);
  const Decision d = login(AuthMethod::kGuest, "alice", "", "", 4);
  for (const Decision* x : {&a, &b, &c, &d}) {
    EXPECT_EQ(x->caller(), CallerResult::kAuthDenied);
    EXPECT_EQ(x->retry_after_ns(), 0u);
    EXPECT_EQ(x->account(), nullptr);
    EXPECT_EQ(x->profile(), nullptr);
  }
  EXPECT_NE(a.audit().reason, b.audit().reason);
}

TEST_F(LoginTest, BackoffAfterRepeatedFailuresThenRecovers) {
  for (uint32_t i = 0; i < kFreeFailures + 1; ++i) {
    expect_denied(login(AuthMethod::kPassword, "alice", "wrong", "", 100 + i),
                  DenyReason::kBadPassword);
  }
  // Principal is backing off: even the right password is not judged.
  Decision d = login(AuthMethod::kPassword, "alice", kAlicePassword, "", 200);
  EXPECT_FALSE(d.allowed());
  EXPECT_EQ(d.caller(), CallerResult::kBackoff);
  EXPECT_EQ(d.audit().reason, DenyReason::kBackoff);
  EXPECT_EQ(d.account(), nullptr);
  EXPECT_GT(d.retry_after_ns(), 0u);
  now_ += d.retry_after_ns();
  Decision ok = login(AuthMethod::kPassword, "alice", kAlicePassword, "", 201);
  ASSERT_TRUE(ok.allowed());
  EXPECT_EQ(auth_.backoff().principal_failures("alice"), 0u);
}

// The bug: a source's failures (all host clients share one behind QEMU
// user networking) denied every other principal's correct login.
TEST_F(LoginTest, RegressionGlobalLockoutSourceFailuresDenyNobody) {
  for (uint32_t i = 0; i < 12; ++i) login(AuthMethod::kPassword, "mallory", "x", "", 5);
  EXPECT_EQ(auth_.backoff().principal_failures("mallory"), 0u);
  EXPECT_EQ(auth_.backoff().source_failures(5), 12u);  // counted for the audit only
  EXPECT_TRUE(login(AuthMethod::kPassword, "alice", kAlicePassword, "", 5).allowed());
}

// The PBKDF2 cost each verification ran, observed through the verifier seam.
std::vector<uint32_t> g_costs;
bool recording_verify(const char* password, size_t len, const pwrecord::PasswordRecord& r) {
  g_costs.push_back(r.iterations);
  return pwrecord::verify(password, len, r);
}

// Regression: the dummy record for unknown principals had a fixed 10,000
// iterations while real records had the manifest's cost (1,000 in tests),
// so a denial's time told whether the account existed. Now an unknown
// principal, an account without a password and a wrong password each run
// exactly one PBKDF2 at the policy's cost, for two different costs.
TEST(LoginCost, DummyRecordCostMatchesManifest) {
  for (const uint32_t cost : {pwrecord::kMinIterations, 2 * pwrecord::kMinIterations}) {
    Policy policy;
    ASSERT_EQ(policy.set_password_iterations(cost), PolicyError::kOk);
    using enum PrincipalClass;
    ASSERT_EQ(policy.add_profile(testing::make_profile("user", kUser, false, {})),
              PolicyError::kOk);
    ASSERT_EQ(policy.add_account(testing::make_account("bob", kUser, AccountState::kActive,
                                                       kBobPassword, {"user"}, cost)),
              PolicyError::kOk);
    ASSERT_EQ(policy.add_account(testing::make_account("frank", kUser, AccountState::kActive,
                                                       nullptr, {"user"}, cost)),
              PolicyError::kOk);
    Authenticator auth(policy, recording_verify);
    const struct {
      const char* principal;
      const char* secret;
      DenyReason reason;
    } cases[] = {
        {"bob", "wrong", DenyReason::kBadPassword},
        {"mallory", "x", DenyReason::kUnknownPrincipal},
        {"frank", "x", DenyReason::kNoPasswordSet},
        {"bob", kBobPassword, DenyReason::kNone},
    };
    uint64_t source = 1;
    for (const auto& c : cases) {
      g_costs.clear();
      LoginRequest r;
      r.principal = c.principal;
      r.secret = c.secret;
      r.source_id = source++;  // no backoff between cases
      const Decision d = auth.login(r, source * 1000);
      EXPECT_EQ(d.audit().reason, c.reason) << c.principal;
      EXPECT_EQ(g_costs, std::vector<uint32_t>{cost}) << c.principal << " at cost " << cost;
    }
  }
}

}  // namespace
}  // namespace authority
