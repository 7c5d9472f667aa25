#include "services/lib/websocket/utf8.h"

namespace websocket {

bool Utf8Validator::Feed(const uint8_t* data, size_t len) {
  for (size_t i = 0; i < len && ok_; ++i) {
    const uint8_t b = data[i];
    if (need_ > 0) {
      if (b < lo_ || b > hi_) {
        ok_ = false;
        break;
      }
      lo_ = 0x80;
      hi_ = 0xBF;
      --need_;
      continue;
    }
    if (b < 0x80) continue;
    // Lead bytes (RFC 3629 section 4): C0, C1 and F5..FF never appear; the
    // first continuation after E0, ED, F0 and F4 is narrowed to exclude
    // overlongs, surrogates and code points above U+10FFFF.
    if (b >= 0xC2 && b <= 0xDF) {
      need_ = 1;
    } else if (b == 0xE0) {
      need_ = 2;
      lo_ = 0xA0;
    } else if (b == 0xED) {
      need_ = 2;
      hi_ = 0x9F;
    } else if (b >= 0xE1 && b <= 0xEF) {
      need_ = 2;
    } else if (b == 0xF0) {
      need_ = 3;
      lo_ = 0x90;
    } else if (b >= 0xF1 && b <= 0xF3) {
      need_ = 3;
    } else if (b == 0xF4) {
      need_ = 3;
      hi_ = 0x8F;
    } else {
      ok_ = false;
    }
  }
  return ok_;
}

bool IsValidUtf8(const uint8_t* data, size_t len) {
  Utf8Validator v;
  v.Feed(data, len);
  return v.Complete();
}

}  // namespace websocket
