#include "services/web-ui/token.h"

namespace web_ui {

namespace {

// -1 for anything but 0-9a-f; branch-free is not needed: the text is the
// caller's own input and its validity is not a secret.
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

bool ConstantTimeEqual(const void* a, const void* b, size_t n) {
  // volatile keeps the compiler from turning the loop into memcmp or adding
  // an early exit.
  const volatile uint8_t* pa = static_cast<const volatile uint8_t*>(a);
  const volatile uint8_t* pb = static_cast<const volatile uint8_t*>(b);
  uint8_t diff = 0;
  for (size_t i = 0; i < n; ++i) diff |= static_cast<uint8_t>(pa[i] ^ pb[i]);
  return diff == 0;
}

void HexEncode(const Token& t, char out[kTokenHexChars]) {
  static const char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < kTokenBytes; ++i) {
    out[2 * i] = kDigits[t.bytes[i] >> 4];
    out[2 * i + 1] = kDigits[t.bytes[i] & 0xf];
  }
}

bool HexDecode(const char* text, size_t len, Token* out) {
  if (text == nullptr || len != kTokenHexChars) return false;
  Token t;
  for (size_t i = 0; i < kTokenBytes; ++i) {
    int hi = HexValue(text[2 * i]);
    int lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    t.bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  *out = t;
  return true;
}

}  // namespace web_ui
