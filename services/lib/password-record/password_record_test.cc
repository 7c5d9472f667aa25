#include "services/lib/password-record/password_record.h"

#include <stdio.h>
#include <string.h>

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace pwrecord {
namespace {

// The (pointer, length) API with std::string arguments, for readability.
bool Parse(const std::string& s, PasswordRecord* r) {
  return parse_record(s.data(), s.size(), r);
}
bool Verify(const std::string& pw, const PasswordRecord& r) {
  return verify(pw.data(), pw.size(), r);
}
bool Make(const std::string& pw, const uint8_t* salt, size_t salt_len, uint32_t iterations,
          PasswordRecord* r) {
  return make_record(pw.data(), pw.size(), salt, salt_len, iterations, r);
}

// RFC 7914 section 11, PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64).
TEST(PasswordRecordTest, Rfc7914Vector) {
  static const uint8_t kExpect[64] = {
      0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91, 0xc2, 0x25,
      0x44, 0xb6, 0x05, 0xf9, 0x41, 0x85, 0x21, 0x6d, 0xde, 0x04, 0x65, 0xe6, 0x8b,
      0x9d, 0x57, 0xc2, 0x0d, 0xac, 0xbc, 0x49, 0xca, 0x9c, 0xcc, 0xf1, 0x79, 0xb6,
      0x45, 0x99, 0x16, 0x64, 0xb3, 0x9d, 0x77, 0xef, 0x31, 0x7c, 0x71, 0xb8, 0x45,
      0xb1, 0xe3, 0x0b, 0xd5, 0x09, 0x11, 0x20, 0x41, 0xd3, 0xa1, 0x97, 0x83};
  uint8_t out[64];
  ASSERT_TRUE(derive("passwd", 6, reinterpret_cast<const uint8_t*>("salt"), 4, 1, out, 64));
  EXPECT_EQ(memcmp(out, kExpect, 64), 0);
}

// PBKDF2-HMAC-SHA256("password", "salt", 4096, 32): the RFC 6070 inputs with
// SHA-256, a vector many implementations publish.
TEST(PasswordRecordTest, Sha256Vector4096) {
  static const uint8_t kExpect[32] = {0xc5, 0xe4, 0x78, 0xd5, 0x92, 0x88, 0xc8, 0x41,
                                      0xaa, 0x53, 0x0d, 0xb6, 0x84, 0x5c, 0x4c, 0x8d,
                                      0x96, 0x28, 0x93, 0xa0, 0x01, 0xce, 0x4e, 0x11,
                                      0xa4, 0x96, 0x38, 0x73, 0xaa, 0x98, 0x13, 0x4a};
  uint8_t out[32];
  ASSERT_TRUE(derive("password", 8, reinterpret_cast<const uint8_t*>("salt"), 4, 4096, out, 32));
  EXPECT_EQ(memcmp(out, kExpect, 32), 0);
}

// A record at the default cost and sizes, computed outside mbedTLS (Python's
// hashlib.pbkdf2_hmac), as manifests carry them: records written before an
// mbedTLS upgrade must keep verifying after it.
TEST(PasswordRecordTest, RecordFromAnotherImplementationVerifies) {
  const std::string record =
      "pbkdf2-sha256$10000$5a1f0c3e9b7d2a4861e0f3c5b7a99d12$"
      "e934e49c9d8af92b80b1d8a276d074159751be4216f22ac95102121d42cd69f8";
  PasswordRecord r;
  ASSERT_TRUE(Parse(record, &r));
  EXPECT_TRUE(Verify("correct horse battery staple", r));
  EXPECT_FALSE(Verify("correct horse battery stapler", r));
}

TEST(PasswordRecordTest, RecordRoundTripAndVerify) {
  const uint8_t salt[16] = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  PasswordRecord r;
  ASSERT_TRUE(Make("hunter2", salt, sizeof(salt), kMinIterations, &r));
  char text[kMaxHash * 2 + 128];
  const size_t n = format_record(r, text, sizeof(text));
  ASSERT_GT(n, 0u);
  EXPECT_EQ(strncmp(text, "pbkdf2-sha256$1000$deadbeef0102", 31), 0);
  PasswordRecord back;
  ASSERT_TRUE(parse_record(text, n, &back));
  EXPECT_TRUE(Verify("hunter2", back));
  EXPECT_FALSE(Verify("hunter3", back));
  EXPECT_FALSE(Verify("", back));
  EXPECT_FALSE(Verify("hunter2 ", back));
}

TEST(PasswordRecordTest, FormatRefusesSmallBufferAndBadRecord) {
  PasswordRecord r;
  const uint8_t salt[8] = {};
  ASSERT_TRUE(Make("x", salt, sizeof(salt), kMinIterations, &r));
  char small[20];
  EXPECT_EQ(format_record(r, small, sizeof(small)), 0u);
  r.iterations = 1;
  char big[256];
  EXPECT_EQ(format_record(r, big, sizeof(big)), 0u);
  EXPECT_FALSE(Verify("x", r));
}

TEST(PasswordRecordTest, ParseRejectsMalformed) {
  const std::string salt(32, 'a');
  const std::string hash(64, 'b');
  const std::string good = "pbkdf2-sha256$1000$" + salt + "$" + hash;
  PasswordRecord r;
  ASSERT_TRUE(Parse(good, &r));
  EXPECT_EQ(r.iterations, 1000u);
  EXPECT_EQ(r.salt_len, 16u);
  EXPECT_EQ(r.hash_len, 32u);
  const std::string bad[] = {
      "",
      "pbkdf2-sha256$",
      "pbkdf2-sha1$1000$" + salt + "$" + hash,
      "pbkdf2-sha256$999$" + salt + "$" + hash,      // below minimum
      "pbkdf2-sha256$1000001$" + salt + "$" + hash,  // above maximum
      "pbkdf2-sha256$01000$" + salt + "$" + hash,    // leading zero
      "pbkdf2-sha256$1e3$" + salt + "$" + hash,
      "pbkdf2-sha256$1000$" + salt + "$" + hash + "$",            // extra field
      "pbkdf2-sha256$1000$" + salt,                               // missing field
      "pbkdf2-sha256$1000$$" + hash,                              // empty salt
      "pbkdf2-sha256$1000$abc$" + hash,                           // odd hex
      "pbkdf2-sha256$1000$" + std::string(32, 'A') + "$" + hash,  // upper case
      "pbkdf2-sha256$1000$" + std::string(14, 'a') + "$" + hash,  // 7-byte salt
      "pbkdf2-sha256$1000$" + std::string(66, 'a') + "$" + hash,  // 33-byte salt
      "pbkdf2-sha256$1000$" + salt + "$" + std::string(30, 'b'),  // 15-byte hash
      "pbkdf2-sha256$1000$" + salt + "$" + std::string(130, 'b'),
      "pbkdf2-sha256$1000$" + salt + "$" + hash.substr(1) + "g",
      std::string("pbkdf2-sha256$1000$") + salt + "$" + hash.substr(1) + '\0',
  };
  for (const std::string& s : bad) EXPECT_FALSE(Parse(s, &r)) << s;
}

TEST(PasswordRecordTest, DeriveRejectsOverlongPassword) {
  uint8_t out[32];
  const std::string pw(kMaxPassword + 1, 'p');
  EXPECT_FALSE(derive(pw.data(), pw.size(), out, 8, 1000, out, 32));
}

// Not a pass/fail budget: prints the host cost of one verification at the
// default iteration count for the report (guest cost is measured in QEMU).
TEST(PasswordRecordTest, MeasureDefaultCost) {
  const uint8_t salt[16] = {};
  PasswordRecord r;
  ASSERT_TRUE(Make("pw", salt, sizeof(salt), kDefaultIterations, &r));
  const auto start = std::chrono::steady_clock::now();
  constexpr int kRuns = 5;
  for (int i = 0; i < kRuns; ++i) ASSERT_TRUE(Verify("pw", r));
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  printf("[password-record] PBKDF2-SHA256 %u iterations: %.2f ms per verify (host)\n",
         kDefaultIterations, static_cast<double>(ns) / kRuns / 1e6);
}

}  // namespace
}  // namespace pwrecord
