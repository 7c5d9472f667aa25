#include "services/web-ui/web_policy.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/lib/http/request_reader.h"

namespace web_ui {
namespace {

const std::string kTok = "00112233445566778899aabbccddeeff";
const std::string kOther = "ffeeddccbbaa99887766554433221100";

http::Span S(const std::string& s) {
  return http::Span{s.data(), s.size()};
}

Token T(const std::string& hex) {
  Token t;
  EXPECT_TRUE(HexDecode(hex.data(), hex.size(), &t));
  return t;
}

// Requests go through the real reader, so the policy sees what the service
// will see.
struct Parsed {
  std::unique_ptr<http::RequestReader> reader = std::make_unique<http::RequestReader>();
  const http::Request& q() const { return reader->request(); }
};

std::unique_ptr<Parsed> Parse(const std::string& head, const std::string& body = "") {
  auto p = std::make_unique<Parsed>();
  std::string raw = head;
  if (!body.empty()) raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "\r\n" + body;
  p->reader->Feed(raw.data(), raw.size());
  EXPECT_EQ(p->reader->state(), http::RequestReader::State::kComplete) << raw;
  return p;
}

const std::string kHost = "Host: localhost:8080\r\n";
const std::string kOrigin = "Origin: http://localhost:8080\r\n";
const std::string kJson = "Content-Type: application/json\r\n";

std::unique_ptr<Parsed> GoodPost(const std::string& csrf_header = "X-CSRF-Token: " + kTok +
                                                                  "\r\n") {
  return Parse("POST /api/rpc HTTP/1.1\r\n" + kHost + kOrigin + kJson + csrf_header, "{}");
}

TEST(WebPolicy, HostsServed) {
  for (const char* h : {"localhost:8080", "LocalHost:1", "localhost:65535", "localhost",
                        "127.0.0.1:41234", "127.0.0.1", "[::1]:8080", "[::1]", "10.0.2.15:8080"}) {
    EXPECT_TRUE(HostAllowed(S(h))) << h;
  }
}

TEST(WebPolicy, HostsRefused) {
  // DNS rebinding names, look-alikes, bad ports, other loopback spellings.
  for (const char* h : {"",
                        "evil.example:8080",
                        "localhost.evil.example:8080",
                        "evil-localhost:8080",
                        "localhost.:8080",
                        "localhost:",
                        "localhost:0",
                        "localhost:65536",
                        "localhost:080",
                        "localhost:+80",
                        "localhost:8080:80",
                        "localhost :8080",
                        "127.0.0.2:8080",
                        "127.1:8080",
                        "0x7f.0.0.1:8080",
                        "[::1",
                        "[::1]8080",
                        "[::1]:",
                        "[::2]:8080",
                        "[0:0:0:0:0:0:0:1]:80",
                        "10.0.2.15",
                        "10.0.2.15:80",
                        "10.0.2.15:08080",
                        "user@localhost:8080"}) {
    EXPECT_FALSE(HostAllowed(S(h))) << h;
  }
  EXPECT_FALSE(HostAllowed(http::Span{}));
}

TEST(WebPolicy, OriginMustBeThePagesOwn) {
  EXPECT_TRUE(OriginMatchesHost(S("http://localhost:8080"), S("localhost:8080")));
  EXPECT_TRUE(OriginMatchesHost(S("HTTP://LOCALHOST:8080"), S("localhost:8080")));
  EXPECT_TRUE(OriginMatchesHost(S("https://localhost:8443"), S("localhost:8443"), true));
  for (const char* o : {"http://localhost:8081", "https://localhost:8080", "http://localhost:8080/",
                        "http://localhost", "null", "", "http://localhost:8080.evil.example",
                        "http://evil.example", "ws://localhost:8080", "http://127.0.0.1:8080"}) {
    EXPECT_FALSE(OriginMatchesHost(S(o), S("localhost:8080"))) << o;
  }
  EXPECT_FALSE(OriginMatchesHost(S("http://localhost:8080"), S("localhost:8080"), true));
  EXPECT_FALSE(OriginMatchesHost(S("http://"), S("")));
}

TEST(WebPolicy, JsonContentTypes) {
  for (const char* ct :
       {"application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json;charset=UTF-8", "application/json ; charset=\"utf-8\"",
        " application/json \t", "application/json;", "application/json; ;",
        "application/json; v=1; charset=utf-8", "application/json; q=\"a;b\\\"c\""}) {
    EXPECT_TRUE(IsJsonContentType(S(ct))) << ct;
  }
  for (const char* ct : {"",
                         "application/jsonp",
                         "application/json5",
                         "application/json+x",
                         "application/ld+json",
                         "text/plain",
                         "text/plain; charset=utf-8",
                         "text/json",
                         "multipart/form-data; boundary=x",
                         "application/x-www-form-urlencoded",
                         "application/json; charset=utf-16",
                         "application/json; charset=iso-8859-1",
                         "application/json, text/plain",
                         "application/json; charset",
                         "application/json; =x",
                         "application/json; a=",
                         "application/json; a=\"open",
                         "application/json; a b=c",
                         "application /json",
                         "application/ json",
                         "application",
                         "json",
                         "application/json\x01"}) {
    EXPECT_FALSE(IsJsonContentType(S(ct))) << ct;
  }
}

TEST(WebPolicy, SafeMethodsPassWithoutOriginOrBody) {
  auto p = Parse("GET /app.js HTTP/1.1\r\n" + kHost);
  EXPECT_EQ(Check(p->q(), {}), Verdict::kOk);
  p = Parse("HEAD / HTTP/1.1\r\n" + kHost + kOrigin);
  EXPECT_EQ(Check(p->q(), {}), Verdict::kOk);
}

TEST(WebPolicy, BadHostComesFirst) {
  auto p = Parse(
      "POST /api/rpc HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://x\r\n"
      "Content-Type: text/plain\r\n",
      "{}");
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadHost);
  p = Parse("GET / HTTP/1.0\r\n");  // 1.0 without Host
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadHost);
  EXPECT_EQ(VerdictStatus(Verdict::kBadHost), 421);
  EXPECT_STREQ(VerdictCode(Verdict::kBadHost), "badHost");
}

TEST(WebPolicy, ForeignOriginRefusedOnAnyMethod) {
  auto p = Parse("GET /api/hello HTTP/1.1\r\n" + kHost + "Origin: http://evil.example\r\n");
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadOrigin);
  p = Parse("POST /api/rpc HTTP/1.1\r\n" + kHost + "Origin: null\r\nContent-Type: text/plain\r\n",
            "{}");
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadOrigin);  // before the media type
  EXPECT_EQ(VerdictStatus(Verdict::kBadOrigin), 403);
}

TEST(WebPolicy, UnsafeMethodsAndUpgradesMustSendOrigin) {
  auto p = Parse("POST /api/rpc HTTP/1.1\r\n" + kHost + kJson, "{}");
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadOrigin);
  p = Parse("DELETE /api/rpc HTTP/1.1\r\n" + kHost + kJson);
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadOrigin);
  p = Parse("GET /api/events HTTP/1.1\r\n" + kHost +
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadOrigin);
  p = Parse("GET /api/events HTTP/1.1\r\n" + kHost + "Upgrade: websocket\r\n");
  EXPECT_EQ(Check(p->q(), {}), Verdict::kBadOrigin);  // Upgrade alone counts too
  p = Parse("GET /api/events HTTP/1.1\r\n" + kHost + kOrigin +
            "Upgrade: websocket\r\nConnection: Upgrade\r\n");
  EXPECT_EQ(Check(p->q(), {}), Verdict::kOk);
}

TEST(WebPolicy, PostMustBeJsonBeforeTheBodyIsRead) {
  for (const std::string& ct :
       std::vector<std::string>{std::string("text/plain"), std::string("application/jsonp"),
                                std::string("multipart/form-data; boundary=b")}) {
    auto p = Parse("POST /api/rpc HTTP/1.1\r\n" + kHost + kOrigin + "Content-Type: " + ct +
                       "\r\nX-CSRF-Token: " + kTok + "\r\n",
                   "{}");
    Token t = T(kTok);
    EXPECT_EQ(Check(p->q(), {&t, &t}), Verdict::kUnsupportedMediaType) << ct;
  }
  auto p = Parse("POST /api/rpc HTTP/1.1\r\n" + kHost + kOrigin);  // no type, no body
  EXPECT_EQ(CheckBeforeSession(p->q()), Verdict::kUnsupportedMediaType);
  EXPECT_EQ(VerdictStatus(Verdict::kUnsupportedMediaType), 415);
  EXPECT_STREQ(VerdictCode(Verdict::kUnsupportedMediaType), "unsupportedMediaType");
}

TEST(WebPolicy, CsrfDoubleSubmitAndHeldToken) {
  Token tok = T(kTok), other = T(kOther);
  auto p = GoodPost();
  EXPECT_EQ(Check(p->q(), {&tok, &tok}), Verdict::kOk);
  EXPECT_EQ(Check(p->q(), {nullptr, &tok}), Verdict::kCsrf);   // no cookie
  EXPECT_EQ(Check(p->q(), {&other, &tok}), Verdict::kCsrf);    // cookie differs
  EXPECT_EQ(Check(p->q(), {&tok, &other}), Verdict::kCsrf);    // held differs (old tab)
  EXPECT_EQ(Check(p->q(), {&other, &other}), Verdict::kCsrf);  // header differs
  // No live session: the cookie must still match; the endpoint answers 401.
  EXPECT_EQ(Check(p->q(), {&tok, nullptr}), Verdict::kOk);
  EXPECT_EQ(Check(p->q(), {&other, nullptr}), Verdict::kCsrf);
  EXPECT_EQ(VerdictStatus(Verdict::kCsrf), 403);
  EXPECT_STREQ(VerdictCode(Verdict::kCsrf), "csrf");
}

TEST(WebPolicy, CsrfHeaderMustBeAToken) {
  Token tok = T(kTok);
  for (const std::string& h : std::vector<std::string>{
           std::string(""), "X-CSRF-Token: \r\n", "X-CSRF-Token: " + kTok.substr(1) + "\r\n",
           "X-CSRF-Token: 00112233445566778899AABBCCDDEEFF\r\n",
           "X-CSRF-Token: " + kTok + "0\r\n"}) {
    auto p = GoodPost(h);
    EXPECT_EQ(Check(p->q(), {&tok, &tok}), Verdict::kCsrf) << h;
  }
  // A safe method needs no token.
  auto p = Parse("GET /api/hello HTTP/1.1\r\n" + kHost + kOrigin);
  EXPECT_EQ(CheckCsrf(p->q(), {nullptr, &tok}), Verdict::kOk);
}

}  // namespace
}  // namespace web_ui
