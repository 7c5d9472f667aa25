#include "services/lib/shell/ansi.h"

#include <string.h>

#include "services/lib/shell/utf8.h"

namespace shell {

TextRef Text(const char* cstr) {
  return TextRef{cstr, cstr ? strlen(cstr) : 0};
}

bool TextEquals(TextRef a, TextRef b) {
  return a.size == b.size && (a.size == 0 || memcmp(a.data, b.data, a.size) == 0);
}

bool TextStartsWith(TextRef s, TextRef prefix) {
  return s.size >= prefix.size &&
         (prefix.size == 0 || memcmp(s.data, prefix.data, prefix.size) == 0);
}

void Output::Put(char c) {
  if (len_ < cap_) {
    buf_[len_++] = c;
  } else {
    truncated_ = true;
  }
}

void Output::Put(const char* s, size_t n) {
  if (n > cap_ - len_) {
    n = cap_ - len_;
    truncated_ = true;
  }
  if (n > 0) memcpy(buf_ + len_, s, n);
  len_ += n;
}

void Output::PutStr(const char* cstr) {
  Put(cstr, strlen(cstr));
}

void Output::PutUint(uint32_t v) {
  char digits[10];
  size_t n = 0;
  do {
    digits[n++] = char('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0) Put(digits[--n]);
}

void Output::PutRepeat(char c, size_t n) {
  for (size_t i = 0; i < n; ++i) Put(c);
}

namespace {

void Csi(Output* out, uint32_t n, char final_byte) {
  out->Put("\x1b[", 2);
  out->PutUint(n);
  out->Put(final_byte);
}

}  // namespace

void SetColor(Output* out, Color fg, bool bold) {
  out->Put("\x1b[0", 3);
  if (bold) out->Put(";1", 2);
  const uint8_t c = uint8_t(fg);
  if (fg != Color::kDefault) {
    out->Put(';');
    out->PutUint(c <= uint8_t(Color::kWhite) ? 30 + (c - 1) : 90 + (c - uint8_t(Color::kGray)));
  }
  out->Put('m');
}

void ResetStyle(Output* out) {
  out->Put("\x1b[0m", 4);
}

void PutColored(Output* out, Color fg, TextRef text, bool bold) {
  SetColor(out, fg, bold);
  PutSafeText(out, text);
  ResetStyle(out);
}

void ClearScreen(Output* out) {
  out->Put("\x1b[H\x1b[2J", 7);
}

void CursorTo(Output* out, uint32_t row, uint32_t col) {
  out->Put("\x1b[", 2);
  out->PutUint(row + 1);
  out->Put(';');
  out->PutUint(col + 1);
  out->Put('H');
}

void CursorUp(Output* out, uint32_t n) {
  if (n > 0) Csi(out, n, 'A');
}

void CursorDown(Output* out, uint32_t n) {
  if (n > 0) Csi(out, n, 'B');
}

void CursorForward(Output* out, uint32_t n) {
  if (n > 0) Csi(out, n, 'C');
}

void EraseBelow(Output* out) {
  out->Put("\x1b[J", 3);
}
void EraseLineRight(Output* out) {
  out->Put("\x1b[K", 3);
}

void SetCursorVisible(Output* out, bool visible) {
  out->Put(visible ? "\x1b[?25h" : "\x1b[?25l", 6);
}

void Bell(Output* out) {
  out->Put('\a');
}

size_t DisplayColumns(const char* s, size_t n) {
  size_t cols = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t b = uint8_t(s[i]);
    if (b == 0x1b) {
      if (i + 1 < n && s[i + 1] == '[') {
        // CSI: parameters and intermediates up to a final byte 0x40-0x7E.
        for (i += 2; i < n && !(uint8_t(s[i]) >= 0x40 && uint8_t(s[i]) <= 0x7E); ++i) {
        }
      } else {
        ++i;  // ESC and one byte
      }
      continue;
    }
    if (b < 0x20 || b == 0x7F || IsUtf8Continuation(b)) continue;
    ++cols;
  }
  return cols;
}

void PutSafeText(Output* out, TextRef text) {
  for (size_t i = 0; i < text.size;) {
    SafeChar c;
    i = ReadSafeChar(text.data, text.size, i, &c);
    if (c.kind == SafeChar::Kind::kNewline) {
      out->Put("\r\n", 2);
    } else if (c.kind != SafeChar::Kind::kSkip) {
      out->Put(c.bytes, c.size);
    }
  }
}

}  // namespace shell
