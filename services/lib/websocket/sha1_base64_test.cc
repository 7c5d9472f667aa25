#include <gtest/gtest.h>

#include <string>

#include "services/lib/websocket/base64.h"
#include "services/lib/websocket/sha1.h"

namespace websocket {
namespace {

std::string Hex(const uint8_t* p, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 15];
  }
  return s;
}

std::string Sha1Hex(const std::string& in, size_t chunk = 0) {
  Sha1 sha;
  if (chunk == 0) chunk = in.size() + 1;
  for (size_t i = 0; i < in.size(); i += chunk) {
    sha.Update(in.data() + i, in.size() - i < chunk ? in.size() - i : chunk);
  }
  uint8_t d[kSha1DigestBytes];
  sha.Final(d);
  return Hex(d, sizeof(d));
}

// FIPS 180 / NIST CSRC example vectors.
TEST(Sha1, FipsVectors) {
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(Sha1Hex(two_blocks), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(Sha1Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "a49b2446a02c645bf419f995b67091253a04a259");
}

TEST(Sha1, MillionAs) {
  EXPECT_EQ(Sha1Hex(std::string(1000000, 'a'), 997), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// Padding edges: 55 bytes fit one block, 56..63 need a second.
TEST(Sha1, ChunkingDoesNotChangeTheDigest) {
  for (size_t n : {55u, 56u, 63u, 64u, 65u, 119u, 120u}) {
    const std::string in(n, 'x');
    const std::string whole = Sha1Hex(in);
    for (size_t chunk : {1u, 3u, 63u, 64u})
      EXPECT_EQ(Sha1Hex(in, chunk), whole) << n << "/" << chunk;
  }
}

std::string Encode(const std::string& in) {
  char out[64];
  size_t n = Base64Encode(reinterpret_cast<const uint8_t*>(in.data()), in.size(), out, sizeof(out));
  return std::string(out, n);
}

bool Decode(const std::string& in, std::string* out) {
  uint8_t buf[64];
  size_t n = 0;
  if (!Base64Decode(in.data(), in.size(), buf, sizeof(buf), &n)) return false;
  out->assign(reinterpret_cast<char*>(buf), n);
  return true;
}

// RFC 4648 section 10.
TEST(Base64, Rfc4648Vectors) {
  const char* pairs[][2] = {{"", ""},
                            {"f", "Zg=="},
                            {"fo", "Zm8="},
                            {"foo", "Zm9v"},
                            {"foob", "Zm9vYg=="},
                            {"fooba", "Zm9vYmE="},
                            {"foobar", "Zm9vYmFy"}};
  for (auto& p : pairs) {
    EXPECT_EQ(Encode(p[0]), p[1]);
    std::string back;
    ASSERT_TRUE(Decode(p[1], &back)) << p[1];
    EXPECT_EQ(back, p[0]);
  }
}

TEST(Base64, DecodeIsStrict) {
  std::string out;
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zm=v",
                          "Zh==", "Zm9=", "Zm9v\n", " Zm9v", "Zm9-", "Zm9_"}) {
    EXPECT_FALSE(Decode(bad, &out)) << bad;
  }
  EXPECT_TRUE(Decode("Zm8=", &out));
  EXPECT_FALSE(Decode("Zm9=", &out)) << "non-zero unused bits";
}

TEST(Base64, RefusesSmallBuffers) {
  char out[3];
  EXPECT_EQ(Base64Encode(reinterpret_cast<const uint8_t*>("f"), 1, out, sizeof(out)), 0u);
  uint8_t small[2];
  size_t n = 0;
  EXPECT_FALSE(Base64Decode("Zm9v", 4, small, sizeof(small), &n));
}

}  // namespace
}  // namespace websocket
