// The server side of the RFC 6455 opening handshake (section 4.2). The HTTP
// parser (not part of this library) hands over the request line and the
// header values it found; CheckUpgrade decides whether they ask for a
// WebSocket and computes Sec-WebSocket-Accept. Writing the 101 or the
// refusal is a separate step so the caller can add its own checks (Origin,
// session cookie) in between.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace websocket {

// A header value or request-line token as the HTTP parser found it (not
// NUL-terminated). len == 0 means absent; every field below is required, so
// absent and empty are refused alike.
struct Text {
  const char* data = nullptr;
  size_t len = 0;
};

// The caller's HTTP parser must refuse a request that repeats Host, Upgrade,
// Sec-WebSocket-Version or Sec-WebSocket-Key (it cannot be represented
// here); repeated Connection headers may be joined with ", ".
struct UpgradeRequest {
  Text method;      // "GET", case-sensitive (RFC 9110 section 9.1)
  Text version;     // "HTTP/1.1"
  Text host;        // any non-empty value; its policy is the caller's
  Text upgrade;     // a comma list holding the token "websocket" (any case)
  Text connection;  // a comma list holding the token "Upgrade" (any case)
  Text ws_version;  // Sec-WebSocket-Version: exactly "13"
  Text ws_key;      // Sec-WebSocket-Key: base64 of exactly 16 bytes
};

enum class HandshakeError : uint8_t {
  kOk,
  kNotGet,
  kNotHttp11,
  kNoHost,
  kNoUpgradeWebsocket,
  kNoConnectionUpgrade,
  kUnsupportedVersion,  // answered 426 with Sec-WebSocket-Version: 13
  kBadKey,
};
const char* HandshakeErrorName(HandshakeError e);

inline constexpr size_t kAcceptBytes = 28;  // base64 of a 20-byte digest

// Checks the request in the order above (the first failure is returned) and,
// on kOk, writes Sec-WebSocket-Accept (no NUL) to accept.
HandshakeError CheckUpgrade(const UpgradeRequest& req, char accept[kAcceptBytes]);

// base64(SHA-1(key + the RFC 6455 GUID)); the key is used as given.
void ComputeAccept(const char* key, size_t key_len, char accept[kAcceptBytes]);

// Largest output of the two writers below.
inline constexpr size_t kMaxHandshakeResponseBytes = 160;

// Writes "HTTP/1.1 101 Switching Protocols" with Upgrade, Connection and
// Sec-WebSocket-Accept. Returns its length, or 0 if cap is too small.
size_t WriteAcceptResponse(const char accept[kAcceptBytes], char* out, size_t cap);

// Writes the refusal for a failed CheckUpgrade: 426 Upgrade Required with
// Sec-WebSocket-Version: 13 for kUnsupportedVersion (RFC 6455 section 4.4),
// 400 Bad Request otherwise; both close the connection. Returns its length,
// or 0 if cap is too small or e is kOk.
size_t WriteRefusalResponse(HandshakeError e, char* out, size_t cap);

}  // namespace websocket
