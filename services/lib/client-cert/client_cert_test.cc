#include "services/lib/client-cert/client_cert.h"

#include <gtest/gtest.h>
#include <string.h>

#include "services/lib/client-cert/test_issuer.h"

namespace client_cert {
namespace {

using client_cert_test::Issuer;
using client_cert_test::LeafSpec;

class ClientCertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ca_.ok());
    ASSERT_TRUE(policy_.AddCa(ca_.ca_der().data(), ca_.ca_der().size()));
  }
  Verdict Check(const LeafSpec& spec, const char* principal = "alice") {
    uint8_t point[kPointBytes];
    std::vector<uint8_t> der = ca_.Leaf(spec, point);
    EXPECT_FALSE(der.empty());
    return policy_.CheckLogin(der.data(), der.size(), principal, strlen(principal), point);
  }

  Issuer ca_{"test client CA"};
  Policy policy_;
};

TEST_F(ClientCertTest, LeafOfThePolicyCaLogsInItsSubject) {
  EXPECT_EQ(Check(LeafSpec()), Verdict::kOk);
}

TEST_F(ClientCertTest, AnotherCasLeafIsNotTrusted) {
  Issuer other("another CA");
  uint8_t point[kPointBytes];
  std::vector<uint8_t> der = other.Leaf(LeafSpec(), point);
  EXPECT_EQ(policy_.CheckLogin(der.data(), der.size(), "alice", 5, point), Verdict::kNotTrusted);
}

TEST_F(ClientCertTest, ExpiredAndFutureLeavesAreRefused) {
  LeafSpec old;
  old.not_before = "20200101000000";
  old.not_after = "20210101000000";
  EXPECT_EQ(Check(old), Verdict::kExpired);
  LeafSpec future;
  future.not_before = "20900101000000";
  future.not_after = "20910101000000";
  EXPECT_EQ(Check(future), Verdict::kNotYetValid);
}

TEST_F(ClientCertTest, DeniedSerialIsRevokedWhateverItsLeadingZeros) {
  const uint8_t serial[] = {0x00, 0x7e, 0x57};
  ASSERT_TRUE(policy_.AddDeniedSerial(serial, sizeof(serial)));
  LeafSpec spec;
  spec.serial = {0x7e, 0x57};
  EXPECT_EQ(Check(spec), Verdict::kRevoked);
  spec.serial = {0x7e, 0x58};
  EXPECT_EQ(Check(spec), Verdict::kOk);
  EXPECT_TRUE(policy_.Denied(serial + 1, 2));
}

TEST_F(ClientCertTest, ServerOnlyLeafIsNotForClients) {
  LeafSpec spec;
  spec.client_auth = false;
  EXPECT_EQ(Check(spec), Verdict::kNotForClients);
}

TEST_F(ClientCertTest, SubjectMustBeThePrincipalExactly) {
  EXPECT_EQ(Check(LeafSpec(), "bob"), Verdict::kSubjectMismatch);
  EXPECT_EQ(Check(LeafSpec(), "alic"), Verdict::kSubjectMismatch);
  EXPECT_EQ(Check(LeafSpec(), "alicee"), Verdict::kSubjectMismatch);
}

TEST_F(ClientCertTest, KeyMustBeTheSigningKey) {
  uint8_t point[kPointBytes];
  std::vector<uint8_t> der = ca_.Leaf(LeafSpec(), point);
  point[40] ^= 1;
  EXPECT_EQ(policy_.CheckLogin(der.data(), der.size(), "alice", 5, point), Verdict::kKeyMismatch);
}

TEST_F(ClientCertTest, GarbageAndOversizeAreMalformed) {
  uint8_t point[kPointBytes] = {4};
  const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
  EXPECT_EQ(policy_.CheckLogin(junk, sizeof(junk), "alice", 5, point), Verdict::kMalformed);
  EXPECT_EQ(policy_.CheckLogin(nullptr, 0, "alice", 5, point), Verdict::kMalformed);
  std::vector<uint8_t> big(kMaxCertBytes + 1, 0x30);
  EXPECT_EQ(policy_.CheckLogin(big.data(), big.size(), "alice", 5, point), Verdict::kMalformed);
}

TEST(ClientCertPolicy, NoCaTrustsNothing) {
  Issuer ca("lonely CA");
  Policy empty;
  uint8_t point[kPointBytes];
  std::vector<uint8_t> der = ca.Leaf(LeafSpec(), point);
  EXPECT_EQ(empty.ca_chain(), nullptr);
  EXPECT_EQ(empty.CheckLogin(der.data(), der.size(), "alice", 5, point), Verdict::kNotTrusted);
}

TEST(ClientCertPolicy, OnlyCaCertificatesAreAnchors) {
  Issuer ca("the CA");
  Policy p;
  uint8_t point[kPointBytes];
  std::vector<uint8_t> leaf = ca.Leaf(LeafSpec(), point);
  EXPECT_FALSE(p.AddCa(leaf.data(), leaf.size()));  // CA:FALSE
  const uint8_t junk[] = {1, 2, 3};
  EXPECT_FALSE(p.AddCa(junk, sizeof(junk)));
  EXPECT_EQ(p.ca_count(), 0u);
  ASSERT_TRUE(p.AddCa(ca.ca_der().data(), ca.ca_der().size()));
  const mbedtls_x509_buf& back = p.ca_der(0);
  EXPECT_EQ(std::vector<uint8_t>(back.p, back.p + back.len), ca.ca_der());
}

TEST(ClientCertPolicy, TablesAreBounded) {
  Policy p;
  uint8_t serial[kMaxSerialBytes + 1] = {1};
  EXPECT_FALSE(p.AddDeniedSerial(serial, sizeof(serial)));  // 21 significant bytes
  EXPECT_FALSE(p.AddDeniedSerial(serial, 0));
  for (size_t i = 0; i < kMaxDenied; ++i) {
    uint8_t s[2] = {uint8_t(i + 1), 9};
    EXPECT_TRUE(p.AddDeniedSerial(s, 2));
  }
  EXPECT_FALSE(p.AddDeniedSerial(serial, 1));
  EXPECT_FALSE(p.AddRequiredPort(0));
  for (size_t i = 0; i < kMaxPorts; ++i) EXPECT_TRUE(p.AddRequiredPort(uint16_t(2000 + i)));
  EXPECT_FALSE(p.AddRequiredPort(3000));
  EXPECT_TRUE(p.Requires(2003));
  EXPECT_FALSE(p.Requires(2327));
}

}  // namespace
}  // namespace client_cert
