#include "services/lib/websocket/base64.h"

namespace websocket {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The 6-bit value of c, or -1 for a character outside the alphabet.
int Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

size_t Base64Encode(const uint8_t* in, size_t n, char* out, size_t cap) {
  const size_t need = Base64EncodedLength(n);
  if (cap < need) return 0;
  size_t o = 0;
  for (size_t i = 0; i < n; i += 3) {
    const size_t left = n - i;
    uint32_t v = uint32_t(in[i]) << 16;
    if (left > 1) v |= uint32_t(in[i + 1]) << 8;
    if (left > 2) v |= in[i + 2];
    out[o++] = kAlphabet[(v >> 18) & 63];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = left > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = left > 2 ? kAlphabet[v & 63] : '=';
  }
  return need;
}

bool Base64Decode(const char* in, size_t n, uint8_t* out, size_t cap, size_t* out_len) {
  if (n % 4 != 0) return false;
  size_t o = 0;
  for (size_t i = 0; i < n; i += 4) {
    const bool last = i + 4 == n;
    // Padding is legal only as the last one or two symbols of the input.
    const int pad = (last && in[i + 3] == '=') ? (in[i + 2] == '=' ? 2 : 1) : 0;
    uint32_t v = 0;
    for (int j = 0; j < 4 - pad; ++j) {
      const int d = Value(in[i + j]);
      if (d < 0) return false;
      v = v << 6 | uint32_t(d);
    }
    v <<= 6 * pad;
    const size_t bytes = 3 - size_t(pad);
    // Bits below the last full byte must be zero (canonical form).
    if ((pad == 1 && (v & 0xFF) != 0) || (pad == 2 && (v & 0xFFFF) != 0)) return false;
    if (cap - o < bytes) return false;  // o <= cap always holds
    out[o++] = uint8_t(v >> 16);
    if (bytes > 1) out[o++] = uint8_t(v >> 8);
    if (bytes > 2) out[o++] = uint8_t(v);
  }
  *out_len = o;
  return true;
}

}  // namespace websocket
