// UTF-8 for the shell core: an incremental validating decoder (keys arrive
// a byte at a time, and a sequence may be split across writes), boundary
// steps for cursor movement, and a sanitizing reader for text that comes
// from elsewhere (chat messages, service replies) before it reaches a
// terminal, where an ESC or a C1 control would be a command, not text.
//
// Columns: every code point counts as one column. FIXME: East Asian wide
// and combining characters are miscounted (no wcwidth table in the guest).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace shell {

inline bool IsUtf8Continuation(uint8_t b) {
  return (b & 0xC0) == 0x80;
}

// Display columns of valid UTF-8 without escape sequences.
size_t Utf8Columns(const char* s, size_t n);
// Byte offset of the code point before `pos` (0 stays 0).
size_t Utf8Prev(const char* s, size_t pos);
// Byte offset of the code point after `pos` (len stays len).
size_t Utf8Next(const char* s, size_t len, size_t pos);
// Longest prefix of s[0..n) that is whole code points.
size_t Utf8WholePrefix(const char* s, size_t n);
// Valid UTF-8 with no C0 or C1 control and no DEL: what may be inserted into
// an edited line or echoed as typed text.
bool IsCleanText(const char* s, size_t n);

// RFC 3629 decoding, one byte at a time: no overlongs, surrogates or code
// points above U+10FFFF.
class Utf8Decoder {
 public:
  enum class Step : uint8_t {
    kMore,     // inside a sequence
    kDone,     // bytes()/size()/code_point() hold one whole character
    kInvalid,  // the byte can start no sequence; it is dropped
    kRetry,    // the byte broke the pending sequence, which is dropped;
               // feed the same byte again (it may start a new one)
  };
  Step Feed(uint8_t b);
  bool pending() const { return need_ > 0; }
  const char* bytes() const { return buf_; }
  uint8_t size() const { return len_; }
  uint32_t code_point() const { return cp_; }
  void Reset() { *this = Utf8Decoder(); }

 private:
  char buf_[4] = {};
  uint8_t len_ = 0;
  uint8_t need_ = 0;
  uint8_t lo_ = 0x80;  // range of the next continuation byte, narrowed after
  uint8_t hi_ = 0xBF;  // E0, ED, F0 and F4 to exclude the invalid forms
  uint32_t cp_ = 0;
};

// One character of untrusted text, made safe to print.
struct SafeChar {
  enum class Kind : uint8_t { kPrint, kSpace, kNewline, kSkip };
  Kind kind = Kind::kSkip;
  char bytes[4] = {};
  uint8_t size = 0;  // bytes to print for kPrint (1 for kSpace: ' ')
};
// Reads the character at s[i] and returns the offset after it. Invalid
// UTF-8 reads as U+FFFD; tab reads as a space; '\n' is kNewline; every
// other C0 control, ESC, DEL and C1 control is kSkip (so an escape sequence
// in the text prints as its harmless tail, never as a command).
size_t ReadSafeChar(const char* s, size_t n, size_t i, SafeChar* c);

}  // namespace shell
