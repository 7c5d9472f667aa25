// A bounded line builder: appends words and numbers into a caller's fixed
// buffer and drops what does not fit; the buffer is always NUL-terminated.
// For services' messages and log lines, where a formatting library would be
// unbounded (or absent) and the lines need only words, counts and money.
// Header-only: guest services and host tests use the same code.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace caprt {

class TextLine {
 public:
  TextLine(char* out, size_t cap) : out_(out), cap_(cap) {
    if (cap_ > 0) out_[0] = '\0';
  }

  TextLine& Add(const char* s) {
    for (; *s != '\0'; ++s) Put(*s);
    return *this;
  }
  TextLine& Add(uint64_t v) {
    char digits[20];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) Put(digits[--n]);
    return *this;
  }
  TextLine& Add(uint32_t v) { return Add(uint64_t{v}); }
  // Cents as dollars: "$1234.05".
  TextLine& Money(uint64_t cents) {
    Put('$');
    Add(cents / 100);
    Put('.');
    Put(static_cast<char>('0' + cents % 100 / 10));
    Put(static_cast<char>('0' + cents % 10));
    return *this;
  }
  // Starts over (a caller that changes its mind about the line).
  void Clear() {
    len_ = 0;
    if (cap_ > 0) out_[0] = '\0';
  }

  const char* c_str() const { return out_; }
  size_t len() const { return len_; }

 private:
  void Put(char c) {
    if (len_ + 1 >= cap_) return;
    out_[len_++] = c;
    out_[len_] = '\0';
  }

  char* out_;
  size_t cap_;
  size_t len_ = 0;
};

}  // namespace caprt
