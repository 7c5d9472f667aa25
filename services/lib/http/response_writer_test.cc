#include "services/lib/http/response_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace http {
namespace {

TEST(ResponseWriter, StatusSecurityHeadersBody) {
  char buf[1024];
  ResponseWriter w(buf, sizeof(buf));
  w.Start(200);
  w.Header("Content-Type", "application/json");
  w.Finish("{}", 2);
  ASSERT_TRUE(w.ok());
  std::string out(w.data(), w.size());
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(out.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_NE(out.find("\r\nContent-Security-Policy: default-src 'self';"), std::string::npos);
  EXPECT_NE(out.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos);
  EXPECT_NE(out.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
  const std::string tail = "\r\nContent-Length: 2\r\n\r\n{}";
  EXPECT_EQ(out.substr(out.size() - tail.size()), tail);
}

void OnlyOne(ResponseWriter& w) {
  w.Header("X-Test", "1");
}

TEST(ResponseWriter, CustomHeaderSetAndHead) {
  char buf[256];
  ResponseWriter w(buf, sizeof(buf), &OnlyOne);
  w.Start(101);
  w.Header("Upgrade", "websocket");
  w.FinishHead();
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(std::string(w.data(), w.size()),
            "HTTP/1.1 101 Switching Protocols\r\nX-Test: 1\r\nUpgrade: websocket\r\n\r\n");
}

TEST(ResponseWriter, HeadResponseHasLengthNoBody) {
  char buf[256];
  ResponseWriter w(buf, sizeof(buf), nullptr);
  w.Start(200);
  w.Finish(nullptr, 1234);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(std::string(w.data(), w.size()), "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
}

TEST(ResponseWriter, RefusesResponseSplitting) {
  char buf[512];
  ResponseWriter w(buf, sizeof(buf));
  w.Start(302);
  w.Header("Location", "/x\r\nSet-Cookie: evil=1");
  w.Finish(nullptr, 0);
  EXPECT_FALSE(w.ok());
  ResponseWriter w2(buf, sizeof(buf));
  w2.Start(200);
  w2.Header("Bad: Name", "v");
  w2.Finish(nullptr, 0);
  EXPECT_FALSE(w2.ok());
}

TEST(ResponseWriter, TooSmallOrUnfinishedIsNotOk) {
  char buf[32];
  ResponseWriter w(buf, sizeof(buf));
  w.Start(200);
  w.Finish("body", 4);
  EXPECT_FALSE(w.ok());
  EXPECT_LE(w.size(), sizeof(buf));
  char big[256];
  ResponseWriter w2(big, sizeof(big), nullptr);
  w2.Start(204);
  EXPECT_FALSE(w2.ok());  // no FinishHead yet
  w2.Header("Late", "x");
  w2.FinishHead();
  EXPECT_TRUE(w2.ok());
  w2.Header("After", "x");
  EXPECT_FALSE(w2.ok());
}

TEST(ResponseWriter, ErrorResponsesCarryStatusAndClose) {
  char buf[1024];
  for (Error e :
       {Error::kMalformed, Error::kBadHeader, Error::kTargetTooLong, Error::kHeadersTooLarge,
        Error::kBodyTooLarge, Error::kChunkedBody, Error::kVersion}) {
    size_t n = ErrorResponse(e, buf, sizeof(buf));
    ASSERT_GT(n, 0u) << ErrorName(e);
    std::string out(buf, n);
    std::string status = "HTTP/1.1 " + std::to_string(StatusFor(e)) + " ";
    EXPECT_EQ(out.rfind(status, 0), 0u) << out;
    EXPECT_EQ(out.find("Unknown"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nConnection: close\r\n"), std::string::npos);
    EXPECT_EQ(out.substr(out.size() - strlen(ErrorName(e)) - 1), std::string(ErrorName(e)) + "\n");
  }
  EXPECT_EQ(ErrorResponse(Error::kMalformed, buf, 20), 0u);
  EXPECT_STREQ(ReasonPhrase(415), "Unsupported Media Type");
}

TEST(ResponseWriter, ErrorResponseTakesTheServicesHeaderSet) {
  char buf[1024];
  size_t n = ErrorResponse(Error::kChunkedBody, buf, sizeof(buf), &OnlyOne);
  ASSERT_GT(n, 0u);
  std::string out(buf, n);
  EXPECT_EQ(out.rfind("HTTP/1.1 411 Length Required\r\nX-Test: 1\r\n", 0), 0u) << out;
  EXPECT_EQ(out.find("Content-Security-Policy"), std::string::npos);
}

TEST(ResponseWriter, CommonSetIsTheDefaultWithoutCsp) {
  char a[1024], b[1024];
  ResponseWriter common(a, sizeof(a), &CommonSecurityHeaders);
  ResponseWriter full(b, sizeof(b));
  common.Start(200);
  full.Start(200);
  std::string c(common.data(), common.size()), f(full.data(), full.size());
  EXPECT_EQ(c.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(f.rfind(c, 0), 0u);  // the default set is the common one plus its CSP
  EXPECT_NE(f.find("Content-Security-Policy", c.size()), std::string::npos);
}

}  // namespace
}  // namespace http
