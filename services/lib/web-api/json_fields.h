// Readers for JsonCodec-encoded fields of a parsed cJSON tree, for the
// Request decoder (request_json.cc). Internal to services/lib/web-api.
//
// The first failure sticks: every reader does nothing once one failed, so
// a decoder can read a whole struct and check ok() once. An absent member
// (a null cJSON pointer) is the field's schema default; a present one must
// have exactly the JSON type JsonCodec writes for the field.
#pragma once

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/text.h"
#include "services/lib/web-api/request_json.h"

namespace web_api {

class FieldReader {
 public:
  static constexpr uint32_t kMaxKeys = 24;  // Call has the most (21)

  bool ok() const { return status_ == RequestJsonStatus::kOk; }
  RequestJsonStatus status() const { return status_; }
  // Records s unless something failed before; returns false.
  bool Fail(RequestJsonStatus s);

  // `obj` must be an object whose member names are all in names[0, count),
  // each at most once. found[i] receives the member named names[i] or null.
  bool Object(const cJSON* obj, const char* const* names, uint32_t count, const cJSON** found);
  // Exactly one of found[first, first + count) must be present: returns its
  // index counted from `first`, or -1.
  int Union(const cJSON* const* found, uint32_t first, uint32_t count);

  // A Text of at most `max` bytes into buf[0, max] (NUL-terminated).
  bool Text(const cJSON* v, size_t max, char* buf, uint32_t* len);
  template <size_t N>
  bool Text(const cJSON* v, remote_session::BoundedText<N>* out) {
    return Text(v, N, out->data, &out->len);
  }
  bool AnyText(const cJSON* v);  // a Text the core does not keep (oidc)
  bool U16(const cJSON* v, uint16_t* out);
  bool U32(const cJSON* v, uint32_t* out);
  bool U64(const cJSON* v, uint64_t* out);  // a decimal string
  bool Bool(const cJSON* v, bool* out);     // true or false only
  bool Void(const cJSON* v);                // null, or {} as well
  bool Data(const cJSON* v);                // [byte, ...]; not kept (disabled logins)
  // A Data kept: every element is checked whatever the length; *len is
  // the element count, and buf[0, *len) holds the bytes only when
  // *len <= cap (nothing is copied otherwise, never a cut prefix): the
  // caller decides what a longer one means, as the binary decoder does.
  bool Bytes(const cJSON* v, uint8_t* buf, size_t cap, size_t* len);
  // A List of at most `max` elements; *count of them.
  bool List(const cJSON* v, uint32_t max, uint32_t* count);

 private:
  bool UInt(const cJSON* v, uint32_t max, uint32_t* out);

  RequestJsonStatus status_ = RequestJsonStatus::kOk;
};

// Overwrites the bytes of every string value in the tree (a password among
// them) so that freeing it leaves none behind.
void WipeStrings(cJSON* item);

}  // namespace web_api
