#include "services/lib/shell/utf8.h"

namespace shell {

size_t Utf8Columns(const char* s, size_t n) {
  size_t cols = 0;
  for (size_t i = 0; i < n; ++i) cols += !IsUtf8Continuation(uint8_t(s[i]));
  return cols;
}

size_t Utf8Prev(const char* s, size_t pos) {
  while (pos > 0) {
    --pos;
    if (!IsUtf8Continuation(uint8_t(s[pos]))) break;
  }
  return pos;
}

size_t Utf8Next(const char* s, size_t len, size_t pos) {
  if (pos >= len) return len;
  ++pos;
  while (pos < len && IsUtf8Continuation(uint8_t(s[pos]))) ++pos;
  return pos;
}

size_t Utf8WholePrefix(const char* s, size_t n) {
  Utf8Decoder d;
  size_t whole = 0;
  for (size_t i = 0; i < n; ++i) {
    const Utf8Decoder::Step step = d.Feed(uint8_t(s[i]));
    if (step == Utf8Decoder::Step::kDone) whole = i + 1;
    if (step == Utf8Decoder::Step::kInvalid || step == Utf8Decoder::Step::kRetry) break;
  }
  return whole;
}

bool IsCleanText(const char* s, size_t n) {
  Utf8Decoder d;
  for (size_t i = 0; i < n; ++i) {
    const Utf8Decoder::Step step = d.Feed(uint8_t(s[i]));
    if (step == Utf8Decoder::Step::kMore) continue;
    if (step != Utf8Decoder::Step::kDone) return false;
    const uint32_t cp = d.code_point();
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  }
  return !d.pending();
}

Utf8Decoder::Step Utf8Decoder::Feed(uint8_t b) {
  if (need_ > 0) {
    if (b < lo_ || b > hi_) {
      Reset();
      return Step::kRetry;
    }
    buf_[len_++] = char(b);
    cp_ = (cp_ << 6) | (b & 0x3F);
    lo_ = 0x80;
    hi_ = 0xBF;
    return --need_ == 0 ? Step::kDone : Step::kMore;
  }
  len_ = 1;
  buf_[0] = char(b);
  if (b < 0x80) {
    cp_ = b;
    return Step::kDone;
  }
  // Lead bytes (RFC 3629 section 4): C0, C1 and F5..FF never appear.
  if (b >= 0xC2 && b <= 0xDF) {
    need_ = 1;
    cp_ = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need_ = 2;
    cp_ = b & 0x0F;
    if (b == 0xE0) lo_ = 0xA0;  // overlong
    if (b == 0xED) hi_ = 0x9F;  // surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    need_ = 3;
    cp_ = b & 0x07;
    if (b == 0xF0) lo_ = 0x90;  // overlong
    if (b == 0xF4) hi_ = 0x8F;  // above U+10FFFF
  } else {
    len_ = 0;
    return Step::kInvalid;
  }
  return Step::kMore;
}

size_t ReadSafeChar(const char* s, size_t n, size_t i, SafeChar* c) {
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
  if (i >= n) {
    c->kind = SafeChar::Kind::kSkip;
    c->size = 0;
    return n;
  }
  Utf8Decoder d;
  size_t at = i;
  while (at < n) {
    const Utf8Decoder::Step step = d.Feed(uint8_t(s[at]));
    if (step == Utf8Decoder::Step::kMore) {
      ++at;
      continue;
    }
    if (step == Utf8Decoder::Step::kDone) {
      ++at;
      const uint32_t cp = d.code_point();
      c->size = d.size();
      for (uint8_t k = 0; k < c->size; ++k) c->bytes[k] = d.bytes()[k];
      if (cp == '\n') {
        c->kind = SafeChar::Kind::kNewline;
      } else if (cp == ' ' || cp == '\t') {
        c->kind = SafeChar::Kind::kSpace;
        c->bytes[0] = ' ';
        c->size = 1;
      } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
        c->kind = SafeChar::Kind::kSkip;
      } else {
        c->kind = SafeChar::Kind::kPrint;
      }
      return at;
    }
    // kInvalid drops the byte; kRetry leaves it to start the next character.
    if (step == Utf8Decoder::Step::kInvalid) ++at;
    break;
  }
  // Invalid, or the text ended inside a sequence.
  c->kind = SafeChar::Kind::kPrint;
  c->size = 3;
  for (int k = 0; k < 3; ++k) c->bytes[k] = kReplacement[k];
  return at;
}

}  // namespace shell
