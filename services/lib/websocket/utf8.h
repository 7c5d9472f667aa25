// Incremental UTF-8 validation (RFC 3629): text messages arrive in fragments
// split at arbitrary byte positions, and RFC 6455 section 8.1 wants invalid
// text failed as soon as it is seen (Autobahn's "fail fast" cases), so the
// state carries over between Feed calls. Rejects overlong forms, UTF-16
// surrogates (U+D800..DFFF) and code points above U+10FFFF.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace websocket {

class Utf8Validator {
 public:
  // False once any byte so far cannot start or continue a valid sequence;
  // stays false until Reset().
  bool Feed(const uint8_t* data, size_t len);
  // True if the bytes so far are valid and end on a sequence boundary (a
  // message ending inside a sequence is truncated, hence invalid).
  bool Complete() const { return ok_ && need_ == 0; }
  void Reset() { *this = Utf8Validator(); }

 private:
  bool ok_ = true;
  uint8_t need_ = 0;  // continuation bytes still expected
  // Range allowed for the next continuation byte; narrower than 80..BF right
  // after a lead byte whose sequences could be overlong or out of range.
  uint8_t lo_ = 0x80;
  uint8_t hi_ = 0xBF;
};

// One-shot check of a complete string.
bool IsValidUtf8(const uint8_t* data, size_t len);

}  // namespace websocket
