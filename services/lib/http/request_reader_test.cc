#include "services/lib/http/request_reader.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace http {
namespace {

using State = RequestReader::State;

std::unique_ptr<RequestReader> NewReader(const Limits& limits = Limits{}) {
  return std::make_unique<RequestReader>(limits);
}

// Feeds all of s at once; returns the bytes consumed.
size_t FeedAll(RequestReader& r, const std::string& s) {
  return r.Feed(s.data(), s.size());
}

// Feeds s one byte at a time until the reader stops asking for more.
size_t FeedBytes(RequestReader& r, const std::string& s) {
  size_t used = 0;
  for (char c : s) {
    if (r.state() != State::kNeedMore) break;
    used += r.Feed(&c, 1);
  }
  return used;
}

std::string Str(Span s) {
  return std::string(s.data, s.len);
}

const std::string kGet =
    "GET /api/state?view=chat&x=1 HTTP/1.1\r\nHost: guest:8080\r\n"
    "Origin: http://guest:8080\r\nCookie: s=abc\r\nX-CSRF-Token: t0k\r\n"
    "If-None-Match: \"e1\"\r\nUser-Agent: test\r\n\r\n";

TEST(RequestReader, ParsesGetWithKeptHeaders) {
  auto r = NewReader();
  EXPECT_EQ(FeedAll(*r, kGet), kGet.size());
  ASSERT_EQ(r->state(), State::kComplete);
  const Request& q = r->request();
  EXPECT_EQ(q.method, Method::kGet);
  EXPECT_STREQ(q.method_name, "GET");
  EXPECT_EQ(Str(q.path), "/api/state");
  EXPECT_EQ(Str(q.query), "view=chat&x=1");
  EXPECT_STREQ(q.host.data, "guest:8080");
  EXPECT_STREQ(q.origin.data, "http://guest:8080");
  EXPECT_STREQ(q.cookie.data, "s=abc");
  EXPECT_STREQ(q.csrf_token.data, "t0k");
  EXPECT_STREQ(q.if_none_match.data, "\"e1\"");
  EXPECT_FALSE(q.content_type.present);
  EXPECT_FALSE(q.has_content_length);
  EXPECT_EQ(q.header_count, 6u);
  EXPECT_TRUE(q.keep_alive);
  EXPECT_FALSE(q.upgrade_requested);
  EXPECT_EQ(q.body_len, 0u);
}

TEST(RequestReader, ByteByByteMatchesWhole) {
  auto r = NewReader();
  EXPECT_EQ(FeedBytes(*r, kGet), kGet.size());
  ASSERT_EQ(r->state(), State::kComplete);
  EXPECT_EQ(Str(r->request().path), "/api/state");
  EXPECT_STREQ(r->request().cookie.data, "s=abc");
  EXPECT_EQ(r->request().header_count, 6u);
}

TEST(RequestReader, PostBodyAcrossFeeds) {
  const std::string req =
      "POST /api/login HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
      "Content-Length: 13\r\n\r\n{\"user\":\"me\"}";
  auto r = NewReader();
  EXPECT_EQ(FeedBytes(*r, req), req.size());
  ASSERT_EQ(r->state(), State::kComplete);
  const Request& q = r->request();
  EXPECT_EQ(q.method, Method::kPost);
  EXPECT_STREQ(q.content_type.data, "application/json");
  EXPECT_TRUE(q.has_content_length);
  EXPECT_EQ(q.content_length, 13u);
  EXPECT_EQ(std::string(q.body, q.body_len), "{\"user\":\"me\"}");
}

TEST(RequestReader, PipelinedRequestsOneAtATime) {
  const std::string second = "GET /two HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::string both = kGet + second;
  auto r = NewReader();
  size_t used = FeedAll(*r, both);
  EXPECT_EQ(used, kGet.size());
  ASSERT_EQ(r->state(), State::kComplete);
  EXPECT_EQ(Str(r->request().path), "/api/state");
  EXPECT_EQ(r->Feed(both.data() + used, both.size() - used), 0u);  // until Reset
  r->Reset();
  EXPECT_TRUE(r->idle());
  EXPECT_EQ(r->Feed(both.data() + used, both.size() - used), second.size());
  ASSERT_EQ(r->state(), State::kComplete);
  EXPECT_EQ(Str(r->request().path), "/two");
  EXPECT_FALSE(r->request().cookie.present);  // nothing left from the first
}

TEST(RequestReader, EmptyValuesAndCaseInsensitiveNames) {
  const std::string req = "GET / HTTP/1.1\r\nX-Empty:\r\nORIGIN:\r\nhOsT: h\r\n\r\n";
  auto r = NewReader();
  EXPECT_EQ(FeedBytes(*r, req), req.size());
  ASSERT_EQ(r->state(), State::kComplete);
  EXPECT_EQ(r->request().header_count, 3u);
  EXPECT_TRUE(r->request().origin.present);
  EXPECT_EQ(r->request().origin.len, 0u);
  EXPECT_STREQ(r->request().host.data, "h");
}

TEST(RequestReader, PipelinedByteByByte) {
  const std::string one = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi";
  const std::string two = "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::string all = one + two;
  auto r = NewReader();
  std::string paths;
  for (char c : all) {
    if (r->state() == State::kComplete) {
      paths += Str(r->request().path);
      r->Reset();
    }
    ASSERT_EQ(r->Feed(&c, 1), 1u);
  }
  ASSERT_EQ(r->state(), State::kComplete);
  paths += Str(r->request().path);
  EXPECT_EQ(paths, "/a/b");
}

TEST(RequestReader, KeepAliveVerdicts) {
  auto r = NewReader();
  FeedAll(*r, "GET / HTTP/1.0\r\n\r\n");
  ASSERT_EQ(r->state(), State::kComplete);
  EXPECT_FALSE(r->request().keep_alive);
  r->Reset();
  FeedAll(*r, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_TRUE(r->request().keep_alive);
  r->Reset();
  FeedAll(*r, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(r->state(), State::kComplete);
  EXPECT_FALSE(r->request().keep_alive);
  EXPECT_STREQ(r->request().connection.data, "close");
}

TEST(RequestReader, WebSocketUpgradeLeavesPayload) {
  const std::string head =
      "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  const std::string input = head + "\x81\x85";
  auto r = NewReader();
  EXPECT_EQ(FeedAll(*r, input), head.size());
  ASSERT_EQ(r->state(), State::kComplete);
  const Request& q = r->request();
  EXPECT_TRUE(q.upgrade_requested);
  EXPECT_STREQ(q.upgrade.data, "websocket");
  EXPECT_STREQ(q.sec_websocket_key.data, "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_STREQ(q.sec_websocket_version.data, "13");
}

TEST(RequestReader, EofMidRequestIsMalformed) {
  auto r = NewReader();
  r->FeedEof();
  EXPECT_EQ(r->state(), State::kNeedMore);  // idle close: nothing to answer
  FeedAll(*r, "GET / HT");
  EXPECT_FALSE(r->idle());
  r->FeedEof();
  EXPECT_EQ(r->state(), State::kError);
  EXPECT_EQ(r->error(), Error::kMalformed);
}

}  // namespace
}  // namespace http
