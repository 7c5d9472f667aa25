#include "services/web-ui/headers.h"

#include <gtest/gtest.h>

#include <string>

#include "services/web-ui/denial.h"

namespace web_ui {
namespace {

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

std::string Write(http::HeaderSet set, uint16_t status) {
  char buf[2048];
  http::ResponseWriter w(buf, sizeof(buf), set);
  w.Start(status);
  w.Finish("x", 1);
  EXPECT_TRUE(w.ok());
  return std::string(w.data(), w.size());
}

void ExpectSecurityHeaders(const std::string& out) {
  for (const char* h :
       {"\r\nX-Content-Type-Options: nosniff\r\n", "\r\nX-Frame-Options: DENY\r\n",
        "\r\nReferrer-Policy: no-referrer\r\n", "\r\nCross-Origin-Opener-Policy: same-origin\r\n",
        "\r\nCross-Origin-Resource-Policy: same-origin\r\n"}) {
    EXPECT_EQ(Count(out, h), 1u) << h << " in " << out;
  }
  EXPECT_EQ(Count(out, "Content-Security-Policy:"), 1u) << out;  // exactly one CSP
  EXPECT_NE(
      out.find(std::string("\r\nContent-Security-Policy: ") + kContentSecurityPolicy + "\r\n"),
      std::string::npos);
}

TEST(Headers, CspIsStrict) {
  std::string csp = kContentSecurityPolicy;
  EXPECT_EQ(csp.find("unsafe-"), std::string::npos);
  EXPECT_EQ(csp.find('*'), std::string::npos);
  EXPECT_EQ(csp.find("data:"), std::string::npos);
  for (const char* d :
       {"default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
        "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"}) {
    EXPECT_NE(csp.find(d), std::string::npos) << d;
  }
}

TEST(Headers, EveryResponseCarriesTheSet) {
  ExpectSecurityHeaders(Write(&SecurityHeaders, 200));
  ExpectSecurityHeaders(Write(&SecurityHeaders, 404));
  std::string api = Write(&ApiSecurityHeaders, 200);
  ExpectSecurityHeaders(api);
  EXPECT_EQ(Count(api, "\r\nCache-Control: no-store\r\n"), 1u);
  EXPECT_EQ(Count(Write(&SecurityHeaders, 200), "Cache-Control"), 0u);
}

TEST(Headers, ReaderRefusalsCarryTheSet) {
  char buf[2048];
  size_t n = http::ErrorResponse(http::Error::kHeadersTooLarge, buf, sizeof(buf), &SecurityHeaders);
  ASSERT_GT(n, 0u);
  std::string out(buf, n);
  EXPECT_EQ(out.rfind("HTTP/1.1 431 ", 0), 0u);
  ExpectSecurityHeaders(out);
}

TEST(Denial, BodiesAreFixedJson) {
  for (int i = 0; i <= static_cast<int>(Denial::kMalformedJson); ++i) {
    Denial d = static_cast<Denial>(i);
    char buf[kMaxDenialBodyBytes];
    size_t n = WriteDenialBody(d, buf, sizeof(buf));
    ASSERT_GT(n, 0u) << i;
    std::string body(buf, n);
    EXPECT_EQ(body, std::string("{\"webDenied\": {\"code\": \"") + DenialCode(d) +
                        "\", \"message\": \"" + DenialMessage(d) + "\"}}");
    std::string msg = DenialMessage(d);
    EXPECT_EQ(msg.find_first_of("\"\\"), std::string::npos) << msg;
    EXPECT_EQ(WriteDenialBody(d, buf, n - 1), 0u);
    EXPECT_GE(DenialStatus(d), 400);
  }
  EXPECT_EQ(DenialStatus(Denial::kNotFound), 404);
  EXPECT_EQ(DenialStatus(Denial::kMethodNotAllowed), 405);
}

TEST(Denial, VerdictsMapToTheirDenials) {
  Denial d;
  EXPECT_FALSE(DenialOf(Verdict::kOk, &d));
  for (Verdict v :
       {Verdict::kBadHost, Verdict::kBadOrigin, Verdict::kUnsupportedMediaType, Verdict::kCsrf}) {
    ASSERT_TRUE(DenialOf(v, &d));
    EXPECT_STREQ(DenialCode(d), VerdictCode(v));
    EXPECT_EQ(DenialStatus(d), VerdictStatus(v));
  }
}

}  // namespace
}  // namespace web_ui
