#include "services/paperclips-server/paperclips_text.h"

namespace paperclips {

Line::Line(char* out, size_t cap) : out_(out), cap_(cap) {
  if (cap_ > 0) out_[0] = '\0';
}

void Line::Clear() {
  len_ = 0;
  if (cap_ > 0) out_[0] = '\0';
}

void Line::Put(char c) {
  if (len_ + 1 >= cap_) return;
  out_[len_++] = c;
  out_[len_] = '\0';
}

Line& Line::Add(const char* s) {
  for (; *s != '\0'; ++s) Put(*s);
  return *this;
}

Line& Line::Add(uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) Put(digits[--n]);
  return *this;
}

Line& Line::Money(uint64_t cents) {
  Put('$');
  Add(cents / 100);
  Put('.');
  Put(static_cast<char>('0' + cents % 100 / 10));
  Put(static_cast<char>('0' + cents % 10));
  return *this;
}

bool IsValidId(const char* s, size_t len, size_t max_len) {
  if (len == 0 || len > max_len) return false;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace paperclips
