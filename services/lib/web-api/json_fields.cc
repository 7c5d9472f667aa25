#include "services/lib/web-api/json_fields.h"

#include <string.h>

namespace web_api {

using St = RequestJsonStatus;

bool FieldReader::Fail(RequestJsonStatus s) {
  if (status_ == St::kOk) status_ = s;
  return false;
}

bool FieldReader::Object(const cJSON* obj, const char* const* names, uint32_t count,
                         const cJSON** found) {
  for (uint32_t i = 0; i < count; ++i) found[i] = nullptr;
  if (!ok()) return false;
  if (count > kMaxKeys) return Fail(St::kUnknownKey);  // a decoder bug, failed closed
  if (!cJSON_IsObject(obj)) return Fail(St::kWrongType);
  for (const cJSON* m = obj->child; m != nullptr; m = m->next) {
    uint32_t i = 0;
    while (i < count && (m->string == nullptr || strcmp(m->string, names[i]) != 0)) ++i;
    if (i == count) return Fail(St::kUnknownKey);
    // cJSON keeps both of a repeated name; JsonCodec would let the last win.
    if (found[i] != nullptr) return Fail(St::kDuplicateKey);
    found[i] = m;
  }
  return true;
}

int FieldReader::Union(const cJSON* const* found, uint32_t first, uint32_t count) {
  if (!ok()) return -1;
  int which = -1;
  for (uint32_t i = 0; i < count; ++i) {
    if (found[first + i] == nullptr) continue;
    if (which >= 0) {
      Fail(St::kTwoUnionMembers);
      return -1;
    }
    which = int(i);
  }
  // JsonCodec would take the first member for a missing union; an empty
  // login meaning "password" is not something a client should get by
  // accident.
  if (which < 0) Fail(St::kNoUnionMember);
  return which;
}

bool FieldReader::Text(const cJSON* v, size_t max, char* buf, uint32_t* len) {
  if (!ok()) return false;
  if (v == nullptr) {
    buf[0] = '\0';
    *len = 0;
    return true;
  }
  if (!cJSON_IsString(v) || v->valuestring == nullptr) return Fail(St::kWrongType);
  // json::Document refuses "\u0000": the string's length is its strlen.
  size_t n = strlen(v->valuestring);
  if (n > max) return Fail(St::kTooLong);
  memcpy(buf, v->valuestring, n + 1);
  *len = uint32_t(n);
  return true;
}

bool FieldReader::AnyText(const cJSON* v) {
  if (!ok()) return false;
  if (v != nullptr && !cJSON_IsString(v)) return Fail(St::kWrongType);
  return true;
}

// A JSON number that is an integer in [0, max] (JsonCodec writes 8-32-bit
// integers as numbers).
bool FieldReader::UInt(const cJSON* v, uint32_t max, uint32_t* out) {
  if (!ok()) return false;
  if (v == nullptr) {
    *out = 0;
    return true;
  }
  if (!cJSON_IsNumber(v)) return Fail(St::kWrongType);
  double d = v->valuedouble;
  // Range first (NaN fails it): converting an out-of-range double is undefined.
  if (!(d >= 0 && d <= double(max))) return Fail(St::kBadInteger);
  uint32_t u = uint32_t(d);
  if (double(u) != d) return Fail(St::kBadInteger);  // 1.5
  *out = u;
  return true;
}

bool FieldReader::U16(const cJSON* v, uint16_t* out) {
  uint32_t u = 0;
  if (!UInt(v, 0xffff, &u)) return false;
  *out = uint16_t(u);
  return true;
}

bool FieldReader::U32(const cJSON* v, uint32_t* out) {
  return UInt(v, 0xffffffffu, out);
}

bool FieldReader::U64(const cJSON* v, uint64_t* out) {
  if (!ok()) return false;
  if (v == nullptr) {
    *out = 0;
    return true;
  }
  // JsonCodec writes 64-bit integers as strings (a double cannot hold them).
  if (!cJSON_IsString(v) || v->valuestring == nullptr) return Fail(St::kWrongType);
  const char* s = v->valuestring;
  if (*s == '\0') return Fail(St::kBadInteger);
  uint64_t u = 0;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '9') return Fail(St::kBadInteger);  // no sign, space or hex
    uint64_t digit = uint64_t(*s - '0');
    if (u > (UINT64_MAX - digit) / 10) return Fail(St::kBadInteger);
    u = u * 10 + digit;
  }
  *out = u;
  return true;
}

bool FieldReader::Bool(const cJSON* v, bool* out) {
  if (!ok()) return false;
  if (v == nullptr) {
    *out = false;
    return true;
  }
  if (!cJSON_IsBool(v)) return Fail(St::kWrongType);
  *out = cJSON_IsTrue(v);
  return true;
}

bool FieldReader::Void(const cJSON* v) {
  if (!ok()) return false;
  if (cJSON_IsNull(v)) return true;
  if (!cJSON_IsObject(v)) return Fail(St::kWrongType);
  return v->child == nullptr || Fail(St::kUnknownKey);
}

bool FieldReader::Data(const cJSON* v) {
  size_t len = 0;
  return Bytes(v, nullptr, 0, &len);
}

bool FieldReader::Bytes(const cJSON* v, uint8_t* buf, size_t cap, size_t* len) {
  *len = 0;
  if (!ok()) return false;
  if (v == nullptr) return true;
  if (!cJSON_IsArray(v)) return Fail(St::kWrongType);
  // JsonCodec writes Data as an array of numbers (no base64 annotation in
  // the schema); each must be a byte.
  size_t n = 0;
  for (const cJSON* e = v->child; e != nullptr; e = e->next, ++n) {
    if (!cJSON_IsNumber(e)) return Fail(St::kWrongType);
    double d = e->valuedouble;
    if (!(d >= 0 && d <= 255) || double(int(d)) != d) return Fail(St::kBadInteger);
  }
  *len = n;
  if (n > cap) return true;
  n = 0;
  for (const cJSON* e = v->child; e != nullptr; e = e->next) buf[n++] = uint8_t(e->valuedouble);
  return true;
}

bool FieldReader::List(const cJSON* v, uint32_t max, uint32_t* count) {
  *count = 0;
  if (!ok()) return false;
  if (v == nullptr) return true;
  if (!cJSON_IsArray(v)) return Fail(St::kWrongType);
  uint32_t n = 0;
  for (const cJSON* e = v->child; e != nullptr; e = e->next) {
    if (++n > max) return Fail(St::kTooMany);
  }
  *count = n;
  return true;
}

void WipeStrings(cJSON* item) {
  if (item == nullptr) return;
  if (cJSON_IsString(item) && item->valuestring != nullptr) {
    volatile char* p = item->valuestring;
    while (*p != '\0') *p++ = '\0';
  }
  // Recursion depth is bounded by the parse (json::Limits::max_depth).
  for (cJSON* c = item->child; c != nullptr; c = c->next) WipeStrings(c);
}

}  // namespace web_api
