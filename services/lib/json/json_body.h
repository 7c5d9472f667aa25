// A request body parsed into a cJSON tree within fixed bounds, and bounded
// readers for its members. Pure (no I/O); the same code runs in the guest
// (over cjson_guest and libcaprt's heap) and on the host (tests, fuzzing).
//
// Bounds: the body's size, the nesting depth (checked before cJSON sees the
// text; cJSON recurses once per level), and the bytes cJSON may allocate for
// one parse. cJSON allocates through hooks installed by json::Init(), which
// count live bytes; every cJSON allocation in the process must go through
// them, so a service calls Init() before any other cJSON call (Parse()
// calls it too).
#ifndef SERVICES_LIB_JSON_JSON_BODY_H_
#define SERVICES_LIB_JSON_JSON_BODY_H_

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

namespace json {

// cJSON's own limit, set by cmake/cjson.cmake; ours is checked first.
inline constexpr int kMaxDepth = CJSON_NESTING_LIMIT;

struct Limits {
  size_t max_bytes = 64 * 1024;
  int max_depth = kMaxDepth;            // clamped to kMaxDepth
  size_t max_alloc_bytes = 512 * 1024;  // cJSON's allocations for one parse
};

enum class Error : uint8_t {
  kNone,
  kTooLarge,     // more than max_bytes
  kTooDeep,      // arrays/objects nested deeper than max_depth
  kOutOfMemory,  // the parse needed more than max_alloc_bytes (or the heap ran out)
  kSyntax,       // not one JSON value, a NUL byte, or a "\u0000" escape
};
const char* ErrorName(Error e);

// Installs the counting allocation hooks; idempotent.
void Init();
// Bytes currently allocated through the hooks (all live trees and prints).
size_t LiveBytes();

// Owns at most one parsed tree.
class Document {
 public:
  Document() = default;
  ~Document() { Clear(); }
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // Replaces any previous tree. On error root() is null.
  Error Parse(const char* data, size_t len, const Limits& limits = Limits{});
  const cJSON* root() const { return root_; }
  void Clear();

 private:
  cJSON* root_ = nullptr;
};

// Members of an object, looked up by exact name (cJSON: the first of
// duplicate names wins). Each returns false, leaving *out untouched (buf: ""),
// when obj is not an object, the member is absent or of another type, or the
// value does not fit.
bool GetString(const cJSON* obj, const char* name, char* buf, size_t cap, size_t* len = nullptr);
bool GetInt(const cJSON* obj, const char* name, int64_t min, int64_t max, int64_t* out);
bool GetBool(const cJSON* obj, const char* name, bool* out);

}  // namespace json

#endif  // SERVICES_LIB_JSON_JSON_BODY_H_
