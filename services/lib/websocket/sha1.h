// SHA-1 (FIPS 180-4), only for the WebSocket opening handshake: RFC 6455
// fixes Sec-WebSocket-Accept as base64(SHA-1(key + GUID)). It is not a
// security primitive here (the key is a nonce against caching proxies), and
// the vendored mbedTLS is configured without SHA-1 on purpose, so this small
// streaming implementation keeps the library free of a crypto dependency.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace websocket {

inline constexpr size_t kSha1DigestBytes = 20;

class Sha1 {
 public:
  Sha1();
  void Update(const void* data, size_t len);
  // Writes the digest; the object must be re-created before reuse.
  void Final(uint8_t digest[kSha1DigestBytes]);

 private:
  void Block(const uint8_t block[64]);

  uint32_t h_[5];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace websocket
