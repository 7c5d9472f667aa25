// The 128-bit secrets of the web UI: browser-session ids (`capos_sid`) and
// double-submit CSRF tokens (`capos_csrf`). They come from the caller (the
// kernel CSPRNG in the guest); this file only moves them between bytes and
// their one text form, 32 lower-case hex digits, and compares them without
// an early exit so that response timing says nothing about how much of a
// guessed token was right.
#ifndef SERVICES_WEB_UI_TOKEN_H_
#define SERVICES_WEB_UI_TOKEN_H_

#include <stddef.h>
#include <stdint.h>

namespace web_ui {

inline constexpr size_t kTokenBytes = 16;
inline constexpr size_t kTokenHexChars = 2 * kTokenBytes;

struct Token {
  uint8_t bytes[kTokenBytes] = {};
};

// Compares n bytes in time that depends on n only.
bool ConstantTimeEqual(const void* a, const void* b, size_t n);
inline bool TokensEqual(const Token& a, const Token& b) {
  return ConstantTimeEqual(a.bytes, b.bytes, kTokenBytes);
}

// Writes exactly kTokenHexChars lower-case hex digits (no NUL).
void HexEncode(const Token& t, char out[kTokenHexChars]);
// Accepts exactly kTokenHexChars lower-case hex digits and nothing else:
// upper case, a shorter or longer text or any other byte is refused (false,
// *out untouched), so each token has one spelling and one cookie value.
bool HexDecode(const char* text, size_t len, Token* out);

}  // namespace web_ui

#endif  // SERVICES_WEB_UI_TOKEN_H_
