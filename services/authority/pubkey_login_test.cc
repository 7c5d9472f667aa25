// publicKey login through the Authenticator: the denial matrix of issue 13
// (unknown key, wrong signature, no or another connection's challenge, a
// disabled account), each with its audit reason, and the key's success.
#include <string.h>

#include <gtest/gtest.h>

#include "services/authority/login.h"
#include "services/authority/test_policy.h"
#include "services/lib/login-proof/test_signer.h"

namespace authority {
namespace {

using login_proof::kChallengeBytes;
using login_proof::TestSigner;

class PubkeyLoginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::build_test_policy(&policy_);
    Account kim = testing::make_account("kim", PrincipalClass::kUser, AccountState::kActive,
                                        nullptr, {"user"});
    memcpy(kim.keys[kim.key_count++], kim_.point(), kKeyBytes);
    ASSERT_EQ(policy_.add_account(kim), PolicyError::kOk);
    Account cy = testing::make_account("cy", PrincipalClass::kUser, AccountState::kDisabled,
                                       nullptr, {"user"});
    memcpy(cy.keys[cy.key_count++], cy_.point(), kKeyBytes);
    ASSERT_EQ(policy_.add_account(cy), PolicyError::kOk);
    memset(challenge_, 0x5a, sizeof(challenge_));
  }

  // A login for `principal` presenting `key`, with `sig` (len bytes) as its
  // signature, judged against `challenge` (what the gateway saw on its
  // connection).
  static LoginRequest Request(TestSigner& key, const char* principal, const uint8_t* sig,
                              size_t len, const uint8_t* challenge,
                              size_t challenge_len = kChallengeBytes) {
    LoginRequest r;
    r.method = AuthMethod::kPublicKey;
    r.principal = principal;
    r.secret = Str(reinterpret_cast<const char*>(sig), len);
    r.public_key = key.point();
    r.public_key_len = kKeyBytes;
    r.challenge = challenge;
    r.challenge_len = challenge_len;
    return r;
  }

  // One login signed by `key` for `principal` over `signed_challenge`,
  // judged by a fresh Authenticator (no backoff between cases).
  Decision login(TestSigner& key, const char* principal, const uint8_t* signed_challenge,
                 const uint8_t* challenge, size_t challenge_len = kChallengeBytes) {
    uint8_t sig[login_proof::kMaxSignatureBytes];
    size_t len = key.Sign(principal, signed_challenge, sig);
    EXPECT_NE(len, 0u);
    Authenticator a(policy_);
    return a.login(Request(key, principal, sig, len, challenge, challenge_len), 1);
  }

  void expect_denied(const Decision& d, DenyReason why) {
    EXPECT_FALSE(d.allowed());
    EXPECT_EQ(d.caller(), CallerResult::kAuthDenied);
    EXPECT_EQ(d.account(), nullptr);
    EXPECT_EQ(d.audit().reason, why) << deny_reason_name(d.audit().reason);
  }

  Policy policy_;
  TestSigner kim_{11}, cy_{12}, stranger_{13};
  uint8_t challenge_[kChallengeBytes];
};

TEST_F(PubkeyLoginTest, AnAuthorizedKeyLogsIn) {
  Decision d = login(kim_, "kim", challenge_, challenge_);
  ASSERT_TRUE(d.allowed());
  EXPECT_STREQ(d.account()->principal.text, "kim");
  EXPECT_STREQ(d.profile()->name.text, "user");
  EXPECT_EQ(d.audit().method, AuthMethod::kPublicKey);
}

TEST_F(PubkeyLoginTest, UnknownKeyDenied) {
  expect_denied(login(stranger_, "kim", challenge_, challenge_), DenyReason::kKeyNotAuthorized);
}

TEST_F(PubkeyLoginTest, WrongSignatureDenied) {
  // kim's key, but the signature is over another principal's message.
  uint8_t sig[login_proof::kMaxSignatureBytes];
  size_t len = kim_.Sign("kin", challenge_, sig);
  Authenticator a(policy_);
  expect_denied(a.login(Request(kim_, "kim", sig, len, challenge_), 1), DenyReason::kBadSignature);
}

TEST_F(PubkeyLoginTest, ReplayedChallengeDenied) {
  // Signed over a nonce the connection has used up; it now holds another.
  uint8_t now[kChallengeBytes];
  memcpy(now, challenge_, sizeof(now));
  now[3] ^= 0xff;
  expect_denied(login(kim_, "kim", challenge_, now), DenyReason::kBadSignature);
  // Or none at all: the gateway sends an empty challenge.
  expect_denied(login(kim_, "kim", challenge_, challenge_, 0), DenyReason::kNoChallenge);
}

TEST_F(PubkeyLoginTest, AnotherConnectionsChallengeDenied) {
  // Same nonce, another TLS exporter.
  uint8_t here[kChallengeBytes];
  memcpy(here, challenge_, sizeof(here));
  here[login_proof::kNonceBytes] ^= 1;
  expect_denied(login(kim_, "kim", challenge_, here), DenyReason::kBadSignature);
}

TEST_F(PubkeyLoginTest, DisabledAccountDenied) {
  expect_denied(login(cy_, "cy", challenge_, challenge_), DenyReason::kAccountDisabled);
}

TEST_F(PubkeyLoginTest, UnknownPrincipalDenied) {
  expect_denied(login(kim_, "kimberly", challenge_, challenge_), DenyReason::kUnknownPrincipal);
}

TEST_F(PubkeyLoginTest, PasswordOnlyAccountHasNoKey) {
  // alice has a password and no keys: a key proof is not a way in.
  TestSigner alice(14);
  expect_denied(login(alice, "alice", challenge_, challenge_), DenyReason::kKeyNotAuthorized);
}

TEST_F(PubkeyLoginTest, FailuresFeedTheBackoff) {
  Authenticator a(policy_);
  uint8_t sig[login_proof::kMaxSignatureBytes];
  size_t len = stranger_.Sign("kim", challenge_, sig);
  LoginRequest r = Request(stranger_, "kim", sig, len, challenge_);
  for (int i = 0; i < 4; ++i) a.login(r, 1 + i);
  EXPECT_EQ(a.backoff().principal_failures("kim"), 4u);
  EXPECT_EQ(a.login(r, 10).caller(), CallerResult::kBackoff);
}

}  // namespace
}  // namespace authority
