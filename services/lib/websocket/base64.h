// Base64 (RFC 4648 section 4: standard alphabet, '=' padding) for the
// opening handshake: Sec-WebSocket-Key is checked by decoding it, and
// Sec-WebSocket-Accept is the encoding of a SHA-1 digest.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace websocket {

inline constexpr size_t Base64EncodedLength(size_t n) {
  return (n + 2) / 3 * 4;
}

// Writes the padded encoding of in[0..n) to out (no NUL). Returns its length,
// or 0 (nothing written) when cap is too small.
size_t Base64Encode(const uint8_t* in, size_t n, char* out, size_t cap);

// Strict decode: the length is a multiple of 4, padding only at the end, no
// whitespace, and the unused bits of the last symbol are zero (the canonical
// encoding, so one byte string has exactly one accepted spelling). Returns
// false on any violation or when the result does not fit in cap; *out_len is
// the decoded length on success.
bool Base64Decode(const char* in, size_t n, uint8_t* out, size_t cap, size_t* out_len);

}  // namespace websocket
