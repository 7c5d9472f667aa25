#include "services/lib/websocket/handshake.h"

#include <gtest/gtest.h>

#include <string.h>

#include <string>

namespace websocket {
namespace {

Text T(const char* s) {
  return Text{s, strlen(s)};
}

// RFC 6455 section 1.3's example request.
UpgradeRequest Example() {
  UpgradeRequest r;
  r.method = T("GET");
  r.version = T("HTTP/1.1");
  r.host = T("server.example.com");
  r.upgrade = T("websocket");
  r.connection = T("Upgrade");
  r.ws_version = T("13");
  r.ws_key = T("dGhlIHNhbXBsZSBub25jZQ==");
  return r;
}

std::string Check(const UpgradeRequest& r, HandshakeError want = HandshakeError::kOk) {
  char accept[kAcceptBytes];
  HandshakeError e = CheckUpgrade(r, accept);
  EXPECT_EQ(e, want) << HandshakeErrorName(e);
  return e == HandshakeError::kOk ? std::string(accept, kAcceptBytes) : "";
}

TEST(Handshake, Rfc6455ExampleAccept) {
  EXPECT_EQ(Check(Example()), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  char accept[kAcceptBytes];
  ComputeAccept("dGhlIHNhbXBsZSBub25jZQ==", 24, accept);
  EXPECT_EQ(std::string(accept, kAcceptBytes), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, HeaderListsAndCaseAsBrowsersSendThem) {
  UpgradeRequest r = Example();
  r.connection = T("keep-alive, Upgrade");  // Firefox
  r.upgrade = T("WebSocket");
  r.ws_version = T(" 13 ");
  r.ws_key = T("  dGhlIHNhbXBsZSBub25jZQ==\t");
  EXPECT_EQ(Check(r), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  r.connection = T("upgrade,keep-alive");
  EXPECT_EQ(Check(r), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, RefusesEachMissingOrWrongField) {
  struct Case {
    Text UpgradeRequest::*field;
    const char* value;
    HandshakeError want;
  } cases[] = {
      {&UpgradeRequest::method, "POST", HandshakeError::kNotGet},
      {&UpgradeRequest::method, "get", HandshakeError::kNotGet},
      {&UpgradeRequest::version, "HTTP/1.0", HandshakeError::kNotHttp11},
      {&UpgradeRequest::host, "", HandshakeError::kNoHost},
      {&UpgradeRequest::host, "  ", HandshakeError::kNoHost},
      {&UpgradeRequest::upgrade, "", HandshakeError::kNoUpgradeWebsocket},
      {&UpgradeRequest::upgrade, "h2c", HandshakeError::kNoUpgradeWebsocket},
      {&UpgradeRequest::upgrade, "websockets", HandshakeError::kNoUpgradeWebsocket},
      {&UpgradeRequest::connection, "", HandshakeError::kNoConnectionUpgrade},
      {&UpgradeRequest::connection, "keep-alive", HandshakeError::kNoConnectionUpgrade},
      {&UpgradeRequest::connection, "Upgrade-Insecure", HandshakeError::kNoConnectionUpgrade},
      {&UpgradeRequest::ws_version, "", HandshakeError::kUnsupportedVersion},
      {&UpgradeRequest::ws_version, "8", HandshakeError::kUnsupportedVersion},
      {&UpgradeRequest::ws_version, "13, 8", HandshakeError::kUnsupportedVersion},
      {&UpgradeRequest::ws_key, "", HandshakeError::kBadKey},
      {&UpgradeRequest::ws_key, "dGhlIHNhbXBsZSBub25jZQ", HandshakeError::kBadKey},
      {&UpgradeRequest::ws_key, "dGhlIHNhbXBsZSBub25jZQ=", HandshakeError::kBadKey},
      {&UpgradeRequest::ws_key, "dGhlIHNhbXBsZSBub25jZXg=", HandshakeError::kBadKey},  // 17 bytes
      {&UpgradeRequest::ws_key, "dGhlIHNhbXBsZSBub25j", HandshakeError::kBadKey},      // 15 bytes
      {&UpgradeRequest::ws_key,
       "dGhlIHNhbXBsZSBub25jZR==", HandshakeError::kBadKey},  // non-canonical
      {&UpgradeRequest::ws_key, "dGhlIHNhbXBsZSBub2 5jZQ==", HandshakeError::kBadKey},
  };
  for (const Case& c : cases) {
    UpgradeRequest r = Example();
    r.*c.field = T(c.value);
    Check(r, c.want);
  }
  UpgradeRequest absent = Example();
  absent.ws_key = Text{};
  Check(absent, HandshakeError::kBadKey);
}

TEST(Handshake, AcceptResponse) {
  char accept[kAcceptBytes];
  ASSERT_EQ(CheckUpgrade(Example(), accept), HandshakeError::kOk);
  char out[kMaxHandshakeResponseBytes];
  size_t n = WriteAcceptResponse(accept, out, sizeof(out));
  EXPECT_EQ(std::string(out, n),
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
  EXPECT_EQ(WriteAcceptResponse(accept, out, n - 1), 0u);
}

TEST(Handshake, RefusalResponses) {
  char out[kMaxHandshakeResponseBytes];
  size_t n = WriteRefusalResponse(HandshakeError::kUnsupportedVersion, out, sizeof(out));
  EXPECT_EQ(std::string(out, n).rfind("HTTP/1.1 426 Upgrade Required\r\n", 0), 0u);
  EXPECT_NE(std::string(out, n).find("\r\nSec-WebSocket-Version: 13\r\n"), std::string::npos);
  n = WriteRefusalResponse(HandshakeError::kBadKey, out, sizeof(out));
  EXPECT_EQ(std::string(out, n).rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
  EXPECT_EQ(WriteRefusalResponse(HandshakeError::kOk, out, sizeof(out)), 0u);
  EXPECT_EQ(WriteRefusalResponse(HandshakeError::kBadKey, out, 10), 0u);
}

}  // namespace
}  // namespace websocket
