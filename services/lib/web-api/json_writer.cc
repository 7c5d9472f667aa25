#include "services/lib/web-api/json_writer.h"

#include <string.h>

namespace web_api {
namespace {

// One UTF-8 sequence at p[0, n) (n >= 1, p[0] >= 0x80): returns the bytes it
// takes and whether they are a well-formed sequence (Unicode Table 3-7). An
// ill-formed one takes its maximal subpart: the lead byte and the
// continuation bytes that were still acceptable, at least one byte.
size_t ScanUtf8(const uint8_t* p, size_t n, bool* valid) {
  uint8_t c = p[0];
  uint8_t lo = 0x80, hi = 0xBF;
  size_t need;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;  // no overlong forms
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    *valid = false;  // a stray continuation byte, C0, C1 or F5..FF
    return 1;
  }
  for (size_t i = 1; i <= need; ++i) {
    if (i >= n || p[i] < lo || p[i] > hi) {
      *valid = false;
      return i;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  *valid = true;
  return need + 1;
}

}  // namespace

void JsonWriter::Put(char c) {
  if (failed_) return;
  if (len_ >= cap_) return Fail();
  out_[len_++] = c;
}

void JsonWriter::Put(const char* s, size_t n) {
  if (failed_) return;
  if (n > cap_ - len_) return Fail();
  memcpy(out_ + len_, s, n);
  len_ += n;
}

void JsonWriter::PutDigits(uint64_t v) {
  char digits[20];
  size_t n = 0;
  do {
    digits[sizeof(digits) - 1 - n++] = char('0' + v % 10);
    v /= 10;
  } while (v != 0);
  Put(digits + sizeof(digits) - n, n);
}

void JsonWriter::BeforeValue() {
  if (depth_ == 0) {
    if (done_) Fail();  // one top-level value only
    done_ = true;
    return;
  }
  uint32_t d = depth_ - 1;
  if (object_[d]) {
    if (slot_[d] != Slot::kAfterKey) Fail();  // a member needs its Key() first
  } else if (slot_[d] == Slot::kNext) {
    Put(',');
  }
  slot_[d] = Slot::kNext;
}

void JsonWriter::Open(char c, bool object) {
  BeforeValue();
  if (depth_ == kMaxDepth) return Fail();
  object_[depth_] = object;
  slot_[depth_] = Slot::kFirst;
  ++depth_;
  Put(c);
}

void JsonWriter::Close(char c, bool object) {
  if (depth_ == 0 || object_[depth_ - 1] != object || slot_[depth_ - 1] == Slot::kAfterKey) {
    return Fail();
  }
  --depth_;
  Put(c);
}

void JsonWriter::BeginObject() {
  Open('{', true);
}
void JsonWriter::EndObject() {
  Close('}', true);
}
void JsonWriter::BeginArray() {
  Open('[', false);
}
void JsonWriter::EndArray() {
  Close(']', false);
}

void JsonWriter::Key(const char* name) {
  if (depth_ == 0 || !object_[depth_ - 1] || slot_[depth_ - 1] == Slot::kAfterKey) return Fail();
  if (slot_[depth_ - 1] == Slot::kNext) Put(',');
  slot_[depth_ - 1] = Slot::kAfterKey;
  PutQuoted(name, strlen(name));
  Put(':');
}

void JsonWriter::String(const char* nul_terminated) {
  String(nul_terminated, strlen(nul_terminated));
}

void JsonWriter::String(const char* bytes, size_t len) {
  BeforeValue();
  PutQuoted(bytes, len);
}

void JsonWriter::PutQuoted(const char* bytes, size_t len) {
  static constexpr char kHex[] = "0123456789abcdef";
  Put('"');
  const uint8_t* p = reinterpret_cast<const uint8_t*>(bytes);
  size_t i = 0;
  while (i < len && !failed_) {
    uint8_t c = p[i];
    if (c >= 0x80) {
      bool valid;
      size_t n = ScanUtf8(p + i, len - i, &valid);
      if (valid) {
        Put(bytes + i, n);
      } else {
        Put("\xEF\xBF\xBD", 3);  // U+FFFD
      }
      i += n;
      continue;
    }
    ++i;
    // JsonCodec's escapes: the short forms where JSON has them, else \u00xx.
    switch (c) {
      case '"':
        Put("\\\"", 2);
        break;
      case '\\':
        Put("\\\\", 2);
        break;
      case '\b':
        Put("\\b", 2);
        break;
      case '\f':
        Put("\\f", 2);
        break;
      case '\n':
        Put("\\n", 2);
        break;
      case '\r':
        Put("\\r", 2);
        break;
      case '\t':
        Put("\\t", 2);
        break;
      default:
        if (c < 0x20) {
          char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          Put(esc, sizeof(esc));
        } else {
          Put(char(c));
        }
    }
  }
  Put('"');
}

void JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  PutDigits(v);
}

void JsonWriter::UintString(uint64_t v) {
  BeforeValue();
  Put('"');
  PutDigits(v);
  Put('"');
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  if (v) {
    Put("true", 4);
  } else {
    Put("false", 5);
  }
}

void JsonWriter::Null() {
  BeforeValue();
  Put("null", 4);
}

size_t JsonWriter::Finish() {
  if (failed_ || depth_ != 0 || !done_ || len_ >= cap_) return 0;
  out_[len_] = '\0';
  return len_;
}

}  // namespace web_api
