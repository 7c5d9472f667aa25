// Refusals: each limit and each malformed shape maps to one typed error,
// detected as early as the bytes allow.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/lib/http/request_reader.h"

namespace http {
namespace {

using State = RequestReader::State;

Error Refusal(const std::string& s, const Limits& limits = Limits{}, bool bytewise = false) {
  auto r = std::make_unique<RequestReader>(limits);
  if (bytewise) {
    for (char c : s) {
      if (r->Feed(&c, 1) == 0) break;
    }
  } else {
    r->Feed(s.data(), s.size());
  }
  EXPECT_EQ(r->state(), State::kError) << s.substr(0, 80);
  return r->error();
}

TEST(RequestLimits, TargetTooLongBeforeLineEnds) {
  std::string s = "GET /" + std::string(kMaxTarget, 'a');  // no end of line yet
  EXPECT_EQ(Refusal(s), Error::kTargetTooLong);
  EXPECT_EQ(Refusal(s, Limits{}, true), Error::kTargetTooLong);
  Limits small;
  small.max_target = 16;
  EXPECT_EQ(Refusal("GET /0123456789abcdef HTTP/1.1\r\n", small), Error::kTargetTooLong);
  EXPECT_EQ(StatusFor(Error::kTargetTooLong), 414);
}

TEST(RequestLimits, TooManyHeaders) {
  Limits l;
  l.max_headers = 3;
  std::string s = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
  EXPECT_EQ(Refusal(s, l), Error::kHeadersTooLarge);
  EXPECT_EQ(Refusal(s, l, true), Error::kHeadersTooLarge);
  EXPECT_EQ(StatusFor(Error::kHeadersTooLarge), 431);
}

TEST(RequestLimits, TooManyHeaderBytes) {
  Limits l;
  l.max_header_bytes = 64;
  std::string s = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: " + std::string(100, 'p');
  EXPECT_EQ(Refusal(s, l), Error::kHeadersTooLarge);
}

TEST(RequestLimits, KeptHeaderLongerThanItsField) {
  std::string s = "GET / HTTP/1.1\r\nHost: h\r\nCookie: " +
                  std::string(decltype(Request::cookie)::kCapacity + 1, 'c') + "\r\n\r\n";
  EXPECT_EQ(Refusal(s), Error::kHeadersTooLarge);
}

TEST(RequestLimits, BodyTooLargeBeforeAnyBodyByte) {
  std::string s = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65537\r\n\r\n";
  EXPECT_EQ(Refusal(s), Error::kBodyTooLarge);
  Limits l;
  l.max_body = 4;
  EXPECT_EQ(Refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", l),
            Error::kBodyTooLarge);
  EXPECT_EQ(StatusFor(Error::kBodyTooLarge), 413);
}

TEST(RequestLimits, ChunkedAndOtherTransferEncodingsRefused) {
  EXPECT_EQ(Refusal("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Error::kChunkedBody);
  EXPECT_EQ(Refusal("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"),
            Error::kChunkedBody);
  // The request-smuggling shape: both framings.
  EXPECT_EQ(Refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n"),
            Error::kChunkedBody);
  EXPECT_EQ(StatusFor(Error::kChunkedBody), 411);
}

TEST(RequestLimits, DuplicateKeptHeaders) {
  EXPECT_EQ(Refusal("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"), Error::kBadHeader);
  EXPECT_EQ(Refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                    "Content-Length: 1\r\n\r\nx"),
            Error::kBadHeader);
}

TEST(RequestLimits, HostRequiredAndVersionChecked) {
  EXPECT_EQ(Refusal("GET / HTTP/1.1\r\n\r\n"), Error::kBadHeader);
  EXPECT_EQ(Refusal("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), Error::kVersion);
  EXPECT_EQ(StatusFor(Error::kVersion), 505);
}

TEST(RequestLimits, MalformedShapes) {
  EXPECT_EQ(Refusal("GARBAGE\r\n\r\n"), Error::kMalformed);
  EXPECT_EQ(Refusal("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), Error::kMalformed);
  EXPECT_EQ(Refusal("GET /a b HTTP/1.1\r\n\r\n"), Error::kMalformed);
  EXPECT_EQ(Refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: x1\r\n\r\n"), Error::kBadHeader);
  EXPECT_EQ(StatusFor(Error::kMalformed), 400);
}

TEST(RequestLimits, StaysRefused) {
  auto r = std::make_unique<RequestReader>();
  std::string s = "GARBAGE\r\n\r\n";
  r->Feed(s.data(), s.size());
  ASSERT_EQ(r->state(), State::kError);
  EXPECT_EQ(r->Feed("GET", 3), 0u);
  EXPECT_EQ(r->state(), State::kError);
}

}  // namespace
}  // namespace http
