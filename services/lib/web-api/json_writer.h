// A bounded JSON text writer: fixed output buffer, no allocation, no
// exceptions. Used to render DTOs (response_json.cc) in the exact form Cap'n
// Proto's JsonCodec writes, without building a cJSON tree.
//
// Separators are automatic: a value after another value in the same array,
// or a Key() after a member in the same object, gets its comma. Any
// overflow, nesting over kMaxDepth or misuse (a value where a key belongs)
// makes the writer fail for good; Finish() then returns 0. Output is always
// valid UTF-8: String() treats its input as bytes and replaces each
// ill-formed sequence (a maximal subpart, as the Unicode standard and
// browsers' TextDecoder do) by U+FFFD.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace web_api {

class JsonWriter {
 public:
  static constexpr uint32_t kMaxDepth = 16;

  // Writes into out[0, cap); nothing beyond, even on failure.
  JsonWriter(char* out, size_t cap) : out_(out), cap_(cap) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // An object member's name (escaped like any string).
  void Key(const char* name);
  void String(const char* bytes, size_t len);
  void String(const char* nul_terminated);
  void Uint(uint64_t v);        // a JSON number
  void UintString(uint64_t v);  // "123": JsonCodec's form of a 64-bit integer
  void Bool(bool v);
  void Null();

  bool ok() const { return !failed_; }
  // NUL-terminates the text and returns its length (without the NUL); 0 if
  // the writer failed, a container is still open or the NUL does not fit.
  size_t Finish();

 private:
  enum class Slot : uint8_t { kFirst, kNext, kAfterKey };
  // Before a value: the comma it needs, and whether a value may go here.
  void BeforeValue();
  void Open(char c, bool object);
  void Close(char c, bool object);
  void Put(char c);
  void Put(const char* s, size_t n);
  void PutDigits(uint64_t v);
  // A quoted, escaped string (see String()).
  void PutQuoted(const char* bytes, size_t len);
  void Fail() { failed_ = true; }

  char* out_;
  size_t cap_;
  size_t len_ = 0;
  bool failed_ = false;
  bool done_ = false;  // one top-level value written
  uint32_t depth_ = 0;
  bool object_[kMaxDepth] = {};  // per open container: object (true) or array
  Slot slot_[kMaxDepth] = {};
};

}  // namespace web_api
