#include "services/web-ui/token.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace web_ui {
namespace {

Token Seq(uint8_t start) {
  Token t;
  for (size_t i = 0; i < kTokenBytes; ++i) t.bytes[i] = static_cast<uint8_t>(start + 17 * i);
  return t;
}

TEST(Token, HexRoundTrip) {
  Token t = Seq(0xf0);
  char hex[kTokenHexChars];
  HexEncode(t, hex);
  std::string s(hex, sizeof(hex));
  EXPECT_EQ(s, "f00112233445566778899aabbccddeef");
  Token back;
  ASSERT_TRUE(HexDecode(hex, sizeof(hex), &back));
  EXPECT_TRUE(TokensEqual(t, back));
}

TEST(Token, DecodeRefusesEverySpellingButOne) {
  const std::string good = "00112233445566778899aabbccddeeff";
  Token t, untouched = Seq(1);
  EXPECT_TRUE(HexDecode(good.data(), good.size(), &t));
  for (const std::string& bad :
       std::vector<std::string>{std::string("00112233445566778899AABBCCDDEEFF"), good.substr(1),
                                good + "0", std::string("0x112233445566778899aabbccddeeff"),
                                std::string(" 0112233445566778899aabbccddeeff"),
                                std::string("0011223344556677\0"
                                            "899aabbccddeeff",
                                            32),
                                std::string("g0112233445566778899aabbccddeeff"), std::string()}) {
    t = untouched;
    EXPECT_FALSE(HexDecode(bad.data(), bad.size(), &t)) << bad;
    EXPECT_TRUE(TokensEqual(t, untouched)) << "output written on failure: " << bad;
  }
  EXPECT_FALSE(HexDecode(nullptr, 32, &t));
}

TEST(Token, ConstantTimeEqualSeesEveryByte) {
  Token a = Seq(3);
  for (size_t i = 0; i < kTokenBytes; ++i) {
    Token b = a;
    b.bytes[i] ^= 0x80;
    EXPECT_FALSE(TokensEqual(a, b)) << i;
  }
  EXPECT_TRUE(TokensEqual(a, Seq(3)));
  EXPECT_TRUE(ConstantTimeEqual("x", "y", 0));
}

}  // namespace
}  // namespace web_ui
