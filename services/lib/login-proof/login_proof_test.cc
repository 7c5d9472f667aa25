// The signed message and its check: what verifies, and each way a proof
// made for something else does not.
#include "services/lib/login-proof/login_proof.h"

#include <gtest/gtest.h>
#include <string.h>

#include "services/lib/login-proof/test_signer.h"

namespace login_proof {
namespace {

struct Proof {
  uint8_t challenge[kChallengeBytes];
  uint8_t sig[kMaxSignatureBytes];
  size_t len = 0;
};

Proof Make(TestSigner& key, const char* principal, uint8_t fill) {
  Proof p;
  memset(p.challenge, fill, sizeof(p.challenge));
  p.len = key.Sign(principal, p.challenge, p.sig);
  return p;
}

TEST(LoginProofTest, ItsOwnSignatureVerifies) {
  TestSigner key(1);
  Proof p = Make(key, "alice", 7);
  ASSERT_NE(p.len, 0u);
  EXPECT_TRUE(Verify(key.point(), "alice", 5, p.challenge, p.sig, p.len));
}

TEST(LoginProofTest, AnotherPrincipalFails) {
  TestSigner key(2);
  Proof p = Make(key, "alice", 7);
  EXPECT_FALSE(Verify(key.point(), "alic", 4, p.challenge, p.sig, p.len));
  EXPECT_FALSE(Verify(key.point(), "operator", 8, p.challenge, p.sig, p.len));
}

TEST(LoginProofTest, AnotherNonceOrAnotherConnectionFails) {
  TestSigner key(3);
  Proof p = Make(key, "alice", 7);
  uint8_t other[kChallengeBytes];
  memcpy(other, p.challenge, sizeof(other));
  other[0] ^= 1;  // the nonce
  EXPECT_FALSE(Verify(key.point(), "alice", 5, other, p.sig, p.len));
  memcpy(other, p.challenge, sizeof(other));
  other[kNonceBytes + 31] ^= 0x80;  // the TLS exporter
  EXPECT_FALSE(Verify(key.point(), "alice", 5, other, p.sig, p.len));
}

TEST(LoginProofTest, AnotherKeyFails) {
  TestSigner key(4), other(5);
  Proof p = Make(key, "alice", 7);
  EXPECT_FALSE(Verify(other.point(), "alice", 5, p.challenge, p.sig, p.len));
}

TEST(LoginProofTest, MalformedInputsFail) {
  TestSigner key(6);
  Proof p = Make(key, "alice", 7);
  uint8_t sig[kMaxSignatureBytes];
  memcpy(sig, p.sig, p.len);
  sig[p.len - 1] ^= 1;
  EXPECT_FALSE(Verify(key.point(), "alice", 5, p.challenge, sig, p.len));
  EXPECT_FALSE(Verify(key.point(), "alice", 5, p.challenge, p.sig, p.len - 1));
  EXPECT_FALSE(Verify(key.point(), "alice", 5, p.challenge, p.sig, 0));
  uint8_t point[kPointBytes];
  memcpy(point, key.point(), sizeof(point));
  point[0] = 0x02;  // not the uncompressed encoding
  EXPECT_FALSE(Verify(point, "alice", 5, p.challenge, p.sig, p.len));
  memcpy(point, key.point(), sizeof(point));
  point[40] ^= 1;  // off the curve
  EXPECT_FALSE(Verify(point, "alice", 5, p.challenge, p.sig, p.len));
  char longname[kMaxPrincipalBytes + 2];
  memset(longname, 'a', sizeof(longname));
  EXPECT_FALSE(Verify(key.point(), longname, sizeof(longname), p.challenge, p.sig, p.len));
}

TEST(LoginProofTest, TheMessageIsDomainSeparated) {
  // The digest is not SHA-256 of the bare principal and challenge, so a
  // signature over those (another protocol's) does not verify here.
  uint8_t challenge[kChallengeBytes] = {};
  uint8_t a[32], b[32];
  ASSERT_TRUE(Digest("alice", 5, challenge, a));
  ASSERT_TRUE(Digest("alice", 5, challenge, b));
  EXPECT_EQ(memcmp(a, b, 32), 0);
  ASSERT_TRUE(Digest("alicf", 5, challenge, b));
  EXPECT_NE(memcmp(a, b, 32), 0);
}

}  // namespace
}  // namespace login_proof
