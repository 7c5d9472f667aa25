#include "services/web-ui/cookies.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace web_ui {
namespace {

const std::string kSidHex = "0123456789abcdef0123456789abcdef";
const std::string kCsrfHex = "fedcba9876543210fedcba9876543210";

http::Span S(const std::string& s) {
  return http::Span{s.data(), s.size()};
}

std::string Value(const std::string& header, const char* name, CookieLookup want) {
  http::Span v;
  EXPECT_EQ(FindCookie(S(header), name, &v), want) << header;
  return want == CookieLookup::kFound ? std::string(v.data, v.len) : "";
}

TEST(Cookies, BrowserForm) {
  std::string h = "theme=dark; capos_sid=" + kSidHex + "; capos_csrf=" + kCsrfHex;
  RequestCookies c = ReadCookies(S(h));
  ASSERT_TRUE(c.has_sid);
  ASSERT_TRUE(c.has_csrf);
  char hex[kTokenHexChars];
  HexEncode(c.sid, hex);
  EXPECT_EQ(std::string(hex, sizeof(hex)), kSidHex);
  HexEncode(c.csrf, hex);
  EXPECT_EQ(std::string(hex, sizeof(hex)), kCsrfHex);
}

TEST(Cookies, WhitespaceAndOrderAndEmptyPieces) {
  EXPECT_EQ(Value(";; \t capos_sid \t=\t abc \t;;", kSidCookie, CookieLookup::kFound), "abc");
  EXPECT_EQ(Value("a=1;capos_sid=", kSidCookie, CookieLookup::kFound), "");
  EXPECT_EQ(Value("capos_sid=x=y", kSidCookie, CookieLookup::kFound), "x=y");
  Value("", kSidCookie, CookieLookup::kAbsent);
  Value(";;;", kSidCookie, CookieLookup::kAbsent);
  EXPECT_EQ(FindCookie(http::Span{}, kSidCookie, nullptr), CookieLookup::kAbsent);
}

TEST(Cookies, NamesAreExactAndCaseSensitive) {
  for (const std::string& h : std::vector<std::string>{
           "CAPOS_SID=" + kSidHex, "capos_sidx=" + kSidHex, "xcapos_sid=" + kSidHex,
           "capos_si=" + kSidHex, "capos_sid", "capos_sid " + kSidHex, "capos_csrf=" + kSidHex,
           "theme=capos_sid=" + kSidHex}) {
    Value(h, kSidCookie, CookieLookup::kAbsent);
    Token t;
    EXPECT_FALSE(CookieToken(S(h), kSidCookie, &t)) << h;
  }
}

TEST(Cookies, DuplicateNameIsAmbiguousAndRefused) {
  // Cookie tossing: a sibling host or another Path adds a second capos_sid.
  for (const std::string& h : std::vector<std::string>{
           "capos_sid=" + kSidHex + "; capos_sid=" + kSidHex,
           "capos_sid=" + kSidHex + "; capos_sid=attacker", "capos_sid=; capos_sid=" + kSidHex,
           "capos_sid=" + kSidHex + "; a=b; capos_sid=" + kCsrfHex}) {
    Value(h, kSidCookie, CookieLookup::kAmbiguous);
    RequestCookies c = ReadCookies(S(h));
    EXPECT_FALSE(c.has_sid) << h;
  }
  // The other cookie is unaffected.
  std::string h = "capos_sid=" + kSidHex + "; capos_sid=1; capos_csrf=" + kCsrfHex;
  EXPECT_TRUE(ReadCookies(S(h)).has_csrf);
}

TEST(Cookies, TokenValuesMustBe32LowerHex) {
  for (const std::string& v : std::vector<std::string>{
           kSidHex.substr(1), kSidHex + "0", std::string("0123456789ABCDEF0123456789ABCDEF"),
           "\"" + kSidHex + "\"", kSidHex.substr(0, 16) + " " + kSidHex.substr(17),
           std::string("../../etc/passwd"), kSidHex.substr(0, 31) + "\x01"}) {
    std::string h = "capos_sid=" + v;
    Token t;
    EXPECT_FALSE(CookieToken(S(h), kSidCookie, &t)) << h;
    EXPECT_FALSE(ReadCookies(S(h)).has_sid) << h;
  }
  std::string h = "capos_sid= " + kSidHex + " ";  // surrounding whitespace trims
  EXPECT_TRUE(ReadCookies(S(h)).has_sid);
}

TEST(Cookies, HostileHeadersStayInBounds) {
  // A value running to the end, NULs, a lone "=", 4 KiB of separators.
  std::string nul = std::string("capos_sid=\0;capos_csrf=", 23) + kCsrfHex;
  EXPECT_FALSE(ReadCookies(S(nul)).has_sid);
  EXPECT_TRUE(ReadCookies(S(nul)).has_csrf);
  Value("=", kSidCookie, CookieLookup::kAbsent);
  Value("=capos_sid", kSidCookie, CookieLookup::kAbsent);
  std::string many(4096, ';');
  Value(many, kSidCookie, CookieLookup::kAbsent);
  std::string eqs(4096, '=');
  Value(eqs, kSidCookie, CookieLookup::kAbsent);
  // The span ends before the NUL-terminated string does: nothing past it.
  std::string cut = "capos_sid=" + kSidHex;
  EXPECT_FALSE(ReadCookies(http::Span{cut.data(), cut.size() - 1}).has_sid);
}

TEST(Cookies, SetCookieValues) {
  Token t;
  ASSERT_TRUE(HexDecode(kSidHex.data(), kSidHex.size(), &t));
  char buf[kMaxSetCookieBytes];
  ASSERT_GT(BuildSetCookie(CookieName::kSid, t, false, buf, sizeof(buf)), 0u);
  EXPECT_STREQ(buf, ("capos_sid=" + kSidHex + "; Path=/; HttpOnly; SameSite=Strict").c_str());
  ASSERT_GT(BuildSetCookie(CookieName::kCsrf, t, false, buf, sizeof(buf)), 0u);
  EXPECT_STREQ(buf, ("capos_csrf=" + kSidHex + "; Path=/; SameSite=Strict").c_str());
  ASSERT_GT(BuildSetCookie(CookieName::kSid, t, true, buf, sizeof(buf)), 0u);
  EXPECT_STREQ(buf,
               ("capos_sid=" + kSidHex + "; Path=/; HttpOnly; SameSite=Strict; Secure").c_str());
}

TEST(Cookies, ClearCookieValues) {
  char buf[kMaxSetCookieBytes];
  size_t n = BuildClearCookie(CookieName::kSid, false, buf, sizeof(buf));
  EXPECT_EQ(n, strlen(buf));
  EXPECT_STREQ(buf, "capos_sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  BuildClearCookie(CookieName::kCsrf, true, buf, sizeof(buf));
  EXPECT_STREQ(buf, "capos_csrf=; Path=/; Max-Age=0; SameSite=Strict; Secure");
}

TEST(Cookies, SetCookieFitsItsBoundAndRefusesShortBuffers) {
  Token t;
  char buf[kMaxSetCookieBytes];
  for (CookieName which : {CookieName::kSid, CookieName::kCsrf}) {
    size_t set = BuildSetCookie(which, t, true, buf, sizeof(buf));
    ASSERT_GT(set, 0u);
    EXPECT_EQ(BuildSetCookie(which, t, true, buf, set), 0u);  // no room for the NUL
    EXPECT_EQ(buf[0], '\0');
    EXPECT_EQ(BuildSetCookie(which, t, true, buf, set + 1), set);
    EXPECT_GT(BuildClearCookie(which, true, buf, sizeof(buf)), 0u);
  }
  EXPECT_EQ(BuildSetCookie(CookieName::kSid, t, true, buf, 0), 0u);
}

}  // namespace
}  // namespace web_ui
