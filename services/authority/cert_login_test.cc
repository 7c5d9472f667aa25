// publicKey login with a client certificate instead of an authorized key
// (issue 13, mTLS): the certificate's subject logs in with the
// certificate's key, and only when the authority's own check of the
// certificate (services/lib/client-cert) holds; each denial has its audit
// reason.
#include <string.h>

#include <gtest/gtest.h>

#include "services/authority/login.h"
#include "services/authority/test_policy.h"
#include "services/lib/client-cert/test_issuer.h"
#include "services/lib/login-proof/test_signer.h"

namespace authority {
namespace {

using client_cert_test::Issuer;
using client_cert_test::LeafSpec;
using login_proof::kChallengeBytes;
using login_proof::TestSigner;

class CertLoginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::build_test_policy(&policy_);
    Account cy = testing::make_account("cy", PrincipalClass::kUser, AccountState::kDisabled,
                                       nullptr, {"user"});
    ASSERT_EQ(policy_.add_account(cy), PolicyError::kOk);
    ASSERT_TRUE(ca_.ok());
    ASSERT_TRUE(certs_.AddCa(ca_.ca_der().data(), ca_.ca_der().size()));
    const uint8_t revoked[] = {0x7e, 0x57};
    ASSERT_TRUE(certs_.AddDeniedSerial(revoked, sizeof(revoked)));
    memset(challenge_, 0x3c, sizeof(challenge_));
  }

  // `principal` logs in with `key`'s signature and `cert` as the
  // connection's client certificate.
  Decision login(const char* principal, const std::vector<uint8_t>& cert, bool with_policy = true,
                 const char* signed_for = nullptr) {
    uint8_t sig[login_proof::kMaxSignatureBytes];
    size_t len = key_.Sign(signed_for ? signed_for : principal, challenge_, sig);
    EXPECT_NE(len, 0u);
    LoginRequest r;
    r.method = AuthMethod::kPublicKey;
    r.principal = principal;
    r.secret = Str(reinterpret_cast<const char*>(sig), len);
    r.public_key = key_.point();
    r.public_key_len = kKeyBytes;
    r.challenge = challenge_;
    r.challenge_len = kChallengeBytes;
    r.client_cert = cert.data();
    r.client_cert_len = cert.size();
    Authenticator a(policy_);
    if (with_policy) a.set_client_certs(&certs_);
    return a.login(r, 1);
  }

  std::vector<uint8_t> Cert(const char* cn, Issuer* by = nullptr) {
    LeafSpec spec;
    spec.cn = cn;
    return (by ? by : &ca_)->LeafFor(spec, key_.point());
  }

  void expect_denied(const Decision& d, DenyReason why) {
    EXPECT_FALSE(d.allowed());
    EXPECT_EQ(d.caller(), CallerResult::kAuthDenied);
    EXPECT_EQ(d.account(), nullptr);
    EXPECT_EQ(d.audit().reason, why) << deny_reason_name(d.audit().reason);
  }

  Policy policy_;
  Issuer ca_{"authority test client CA"};
  client_cert::Policy certs_;
  TestSigner key_{21};  // in no account's authorizedKeys
  uint8_t challenge_[kChallengeBytes];
};

TEST_F(CertLoginTest, CertificateSubjectLogsInWithItsKey) {
  Decision d = login("alice", Cert("alice"));
  ASSERT_TRUE(d.allowed()) << deny_reason_name(d.audit().reason);
  EXPECT_STREQ(d.account()->principal.text, "alice");
  EXPECT_EQ(d.audit().method, AuthMethod::kPublicKey);
}

TEST_F(CertLoginTest, WithoutTheManifestsCasACertificateProvesNothing) {
  expect_denied(login("alice", Cert("alice"), /*with_policy=*/false),
                DenyReason::kKeyNotAuthorized);
  expect_denied(login("alice", {}), DenyReason::kKeyNotAuthorized);  // no certificate
}

TEST_F(CertLoginTest, AnotherCasCertificateIsNotTrusted) {
  Issuer other("another CA");
  expect_denied(login("alice", Cert("alice", &other)), DenyReason::kCertNotTrusted);
}

TEST_F(CertLoginTest, RevokedCertificateDenied) {
  LeafSpec spec;
  spec.serial = {0x7e, 0x57};
  expect_denied(login("alice", ca_.LeafFor(spec, key_.point())), DenyReason::kCertRevoked);
}

TEST_F(CertLoginTest, ExpiredCertificateDenied) {
  LeafSpec spec;
  spec.not_before = "20200101000000";
  spec.not_after = "20210101000000";
  expect_denied(login("alice", ca_.LeafFor(spec, key_.point())), DenyReason::kCertExpired);
}

TEST_F(CertLoginTest, CertificateForAnotherPrincipalDenied) {
  expect_denied(login("alice", Cert("bob")), DenyReason::kCertNotForLogin);
}

TEST_F(CertLoginTest, CertificateForAnotherKeyDenied) {
  TestSigner other(22);
  LeafSpec spec;
  expect_denied(login("alice", ca_.LeafFor(spec, other.point())), DenyReason::kCertNotForLogin);
}

TEST_F(CertLoginTest, SignatureStillRequired) {
  expect_denied(login("alice", Cert("alice"), true, "alicf"), DenyReason::kBadSignature);
}

TEST_F(CertLoginTest, DisabledAccountStaysDisabled) {
  expect_denied(login("cy", Cert("cy")), DenyReason::kAccountDisabled);
}

}  // namespace
}  // namespace authority
