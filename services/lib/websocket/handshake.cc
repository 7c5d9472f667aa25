#include "services/lib/websocket/handshake.h"

#include <string.h>

#include "services/lib/websocket/base64.h"
#include "services/lib/websocket/sha1.h"

namespace websocket {
namespace {

constexpr char kGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr size_t kKeyBytes = 16;

bool Equals(Text t, const char* s) {
  const size_t n = strlen(s);
  return t.len == n && memcmp(t.data, s, n) == 0;
}

char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool IsOws(char c) {
  return c == ' ' || c == '\t';
}

// Strips optional whitespace (RFC 9110 OWS) from both ends.
Text Trim(Text t) {
  while (t.len > 0 && IsOws(t.data[0])) {
    ++t.data;
    --t.len;
  }
  while (t.len > 0 && IsOws(t.data[t.len - 1])) --t.len;
  return t;
}

// True if the comma-separated list holds `token` (lower case) as a whole
// element, compared case-insensitively. Browsers send "Upgrade" alone, but
// Firefox sends "keep-alive, Upgrade", so a substring or exact match would
// be wrong either way.
bool ListHasToken(Text list, const char* token) {
  const size_t n = strlen(token);
  size_t start = 0;
  while (start <= list.len) {
    size_t end = start;
    while (end < list.len && list.data[end] != ',') ++end;
    Text item = Trim(Text{list.data + start, end - start});
    if (item.len == n) {
      size_t i = 0;
      while (i < n && Lower(item.data[i]) == token[i]) ++i;
      if (i == n) return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

const char* HandshakeErrorName(HandshakeError e) {
  switch (e) {
    case HandshakeError::kOk:
      return "ok";
    case HandshakeError::kNotGet:
      return "notGet";
    case HandshakeError::kNotHttp11:
      return "notHttp11";
    case HandshakeError::kNoHost:
      return "noHost";
    case HandshakeError::kNoUpgradeWebsocket:
      return "noUpgradeWebsocket";
    case HandshakeError::kNoConnectionUpgrade:
      return "noConnectionUpgrade";
    case HandshakeError::kUnsupportedVersion:
      return "unsupportedVersion";
    case HandshakeError::kBadKey:
      return "badKey";
  }
  return "unknown";
}

void ComputeAccept(const char* key, size_t key_len, char accept[kAcceptBytes]) {
  Sha1 sha;
  sha.Update(key, key_len);
  sha.Update(kGuid, sizeof(kGuid) - 1);
  uint8_t digest[kSha1DigestBytes];
  sha.Final(digest);
  Base64Encode(digest, sizeof(digest), accept, kAcceptBytes);
}

HandshakeError CheckUpgrade(const UpgradeRequest& req, char accept[kAcceptBytes]) {
  if (!Equals(req.method, "GET")) return HandshakeError::kNotGet;
  if (!Equals(req.version, "HTTP/1.1")) return HandshakeError::kNotHttp11;
  if (Trim(req.host).len == 0) return HandshakeError::kNoHost;
  if (!ListHasToken(req.upgrade, "websocket")) return HandshakeError::kNoUpgradeWebsocket;
  if (!ListHasToken(req.connection, "upgrade")) return HandshakeError::kNoConnectionUpgrade;
  if (!Equals(Trim(req.ws_version), "13")) return HandshakeError::kUnsupportedVersion;
  // The accept value hashes the key as sent, without surrounding whitespace
  // (which HTTP strips from field values anyway).
  const Text key = Trim(req.ws_key);
  uint8_t nonce[kKeyBytes + 3];  // room to notice a key that decodes longer
  size_t got = 0;
  if (!Base64Decode(key.data, key.len, nonce, sizeof(nonce), &got) || got != kKeyBytes)
    return HandshakeError::kBadKey;
  ComputeAccept(key.data, key.len, accept);
  return HandshakeError::kOk;
}

namespace {

// Appends s to out[*at..cap); false (and nothing more written) on overflow.
bool Append(char* out, size_t cap, size_t* at, const char* s, size_t n) {
  if (cap - *at < n) return false;
  memcpy(out + *at, s, n);
  *at += n;
  return true;
}

bool Append(char* out, size_t cap, size_t* at, const char* s) {
  return Append(out, cap, at, s, strlen(s));
}

}  // namespace

size_t WriteAcceptResponse(const char accept[kAcceptBytes], char* out, size_t cap) {
  size_t at = 0;
  const bool ok = Append(out, cap, &at,
                         "HTTP/1.1 101 Switching Protocols\r\n"
                         "Upgrade: websocket\r\n"
                         "Connection: Upgrade\r\n"
                         "Sec-WebSocket-Accept: ") &&
                  Append(out, cap, &at, accept, kAcceptBytes) && Append(out, cap, &at, "\r\n\r\n");
  return ok ? at : 0;
}

size_t WriteRefusalResponse(HandshakeError e, char* out, size_t cap) {
  if (e == HandshakeError::kOk) return 0;
  const char* text = e == HandshakeError::kUnsupportedVersion ? "HTTP/1.1 426 Upgrade Required\r\n"
                                                                "Sec-WebSocket-Version: 13\r\n"
                                                                "Connection: close\r\n"
                                                                "Content-Length: 0\r\n\r\n"
                                                              : "HTTP/1.1 400 Bad Request\r\n"
                                                                "Connection: close\r\n"
                                                                "Content-Length: 0\r\n\r\n";
  size_t at = 0;
  return Append(out, cap, &at, text) ? at : 0;
}

}  // namespace websocket
