#include "services/chat-server/chat_text.h"

#include <stdint.h>

namespace chat {
namespace {

bool IsContinuation(uint8_t b) {
  return (b & 0xc0) == 0x80;
}

}  // namespace

bool IsCleanText(const char* text, size_t len) {
  const auto* p = reinterpret_cast<const uint8_t*>(text);
  size_t i = 0;
  while (i < len) {
    uint8_t b = p[i];
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7f) return false;
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    uint32_t min;
    if ((b & 0xe0) == 0xc0) {
      n = 2, cp = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
      n = 3, cp = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
      n = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return false;  // stray continuation byte or 0xf8..0xff
    }
    if (len - i < n) return false;
    for (size_t k = 1; k < n; ++k) {
      if (!IsContinuation(p[i + k])) return false;
      cp = cp << 6 | (p[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff) return false;
    if (cp >= 0xd800 && cp <= 0xdfff) return false;
    if (cp >= 0x80 && cp <= 0x9f) return false;
    i += n;
  }
  return true;
}

}  // namespace chat
