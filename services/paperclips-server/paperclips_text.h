// Short text the game builds (messages, reasons) and the one text it takes
// from callers (project ids). No formatting library: the guest has none
// that is bounded, and these lines need only words, counts and dollars.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace paperclips {

// Appends into a caller's fixed buffer and drops what does not fit; the
// buffer is always NUL-terminated.
class Line {
 public:
  Line(char* out, size_t cap);

  Line& Add(const char* s);
  Line& Add(uint64_t v);
  Line& Money(uint64_t cents);  // "$1234.05"
  // Starts over (a command that changes its mind about the message).
  void Clear();

  const char* c_str() const { return out_; }
  size_t len() const { return len_; }

 private:
  void Put(char c);

  char* out_;
  size_t cap_;
  size_t len_ = 0;
};

// A project id is 1..max_len bytes of printable ASCII (0x20..0x7e); every
// real id is, so anything else is refused as invalidText before lookup.
bool IsValidId(const char* s, size_t len, size_t max_len);

}  // namespace paperclips
