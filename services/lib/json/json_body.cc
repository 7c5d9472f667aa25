#include "services/lib/json/json_body.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

namespace json {

namespace {

// Each block carries its size in front so that free can subtract it; 16
// bytes keep the caller's pointer as aligned as malloc's.
constexpr size_t kHeader = 16;

struct Budget {
  size_t live = 0;
  size_t limit = SIZE_MAX;  // only lowered while a parse runs
  bool refused = false;
};
Budget g_budget;
bool g_hooks_installed = false;

void* Allocate(size_t n) {
  if (n > SIZE_MAX - kHeader || g_budget.live > g_budget.limit ||
      n > g_budget.limit - g_budget.live) {
    g_budget.refused = true;
    return nullptr;
  }
  auto* p = static_cast<unsigned char*>(malloc(n + kHeader));
  if (p == nullptr) {
    g_budget.refused = true;
    return nullptr;
  }
  memcpy(p, &n, sizeof(n));
  g_budget.live += n;
  return p + kHeader;
}

void Deallocate(void* q) {
  if (q == nullptr) return;
  unsigned char* p = static_cast<unsigned char*>(q) - kHeader;
  size_t n;
  memcpy(&n, p, sizeof(n));
  // Zeroed before the heap gets it back: a body (Parse's copy) and its
  // strings may hold a password, also when cJSON frees a half-built tree.
  volatile unsigned char* bytes = p + kHeader;
  for (size_t i = 0; i < n; ++i) bytes[i] = 0;
  g_budget.live -= n;
  free(p);
}

// One pass over the text before cJSON sees it: nesting depth outside
// strings, and escapes cJSON would decode into a NUL that silently cuts the
// string short (cJSON strings have no length).
Error Prescan(const char* s, size_t len, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < len; ++i) {
    char c = s[i];
    if (c == '\0') return Error::kSyntax;
    if (in_string) {
      if (c == '"') {
        in_string = false;
      } else if (c == '\\' && i + 1 < len) {
        if (s[i + 1] == 'u' && i + 5 < len && memcmp(s + i + 2, "0000", 4) == 0) {
          return Error::kSyntax;
        }
        ++i;  // the escaped character cannot end the string
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return Error::kTooDeep;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return Error::kNone;
}

const cJSON* Member(const cJSON* obj, const char* name) {
  if (!cJSON_IsObject(obj)) return nullptr;
  return cJSON_GetObjectItemCaseSensitive(obj, name);
}

}  // namespace

const char* ErrorName(Error e) {
  switch (e) {
    case Error::kNone:
      return "none";
    case Error::kTooLarge:
      return "too-large";
    case Error::kTooDeep:
      return "too-deep";
    case Error::kOutOfMemory:
      return "out-of-memory";
    case Error::kSyntax:
      return "syntax";
  }
  return "unknown";
}

void Init() {
  if (g_hooks_installed) return;
  cJSON_Hooks hooks = {&Allocate, &Deallocate};
  cJSON_InitHooks(&hooks);
  g_hooks_installed = true;
}

size_t LiveBytes() {
  return g_budget.live;
}

void Document::Clear() {
  if (root_ != nullptr) cJSON_Delete(root_);
  root_ = nullptr;
}

Error Document::Parse(const char* data, size_t len, const Limits& limits) {
  Init();
  Clear();
  if (len > limits.max_bytes) return Error::kTooLarge;
  int depth = limits.max_depth < kMaxDepth ? limits.max_depth : kMaxDepth;
  Error e = Prescan(data, len, depth);
  if (e != Error::kNone) return e;
  g_budget.limit = g_budget.live + limits.max_alloc_bytes;
  g_budget.refused = false;
  // cJSON may read one byte past the end it is given (CVE-2023-53154 in
  // the unpatched 1.7.15): parse a NUL-terminated copy, within the budget.
  // The length given includes the NUL: that is how cJSON itself checks that
  // nothing follows the value (require_null_terminated).
  char* copy = static_cast<char*>(Allocate(len + 1));
  if (copy != nullptr) {
    memcpy(copy, data, len);
    copy[len] = '\0';
    root_ = cJSON_ParseWithLengthOpts(copy, len + 1, nullptr, 1);
    Deallocate(copy);
  }
  bool refused = g_budget.refused;
  g_budget.limit = SIZE_MAX;
  if (root_ != nullptr) return Error::kNone;
  return refused ? Error::kOutOfMemory : Error::kSyntax;
}

bool GetString(const cJSON* obj, const char* name, char* buf, size_t cap, size_t* len) {
  if (cap > 0) buf[0] = '\0';
  const cJSON* m = Member(obj, name);
  if (!cJSON_IsString(m) || m->valuestring == nullptr) return false;
  size_t n = strlen(m->valuestring);
  if (n >= cap) return false;
  memcpy(buf, m->valuestring, n + 1);
  if (len != nullptr) *len = n;
  return true;
}

bool GetInt(const cJSON* obj, const char* name, int64_t min, int64_t max, int64_t* out) {
  const cJSON* m = Member(obj, name);
  if (!cJSON_IsNumber(m)) return false;
  double d = m->valuedouble;
  // Compare as doubles first: converting an out-of-range double is undefined.
  if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max))) return false;
  if (d < -9007199254740992.0 || d > 9007199254740992.0) return false;  // beyond 2^53: inexact
  int64_t v = static_cast<int64_t>(d);
  if (static_cast<double>(v) != d || v < min || v > max) return false;
  *out = v;
  return true;
}

bool GetBool(const cJSON* obj, const char* name, bool* out) {
  const cJSON* m = Member(obj, name);
  if (!cJSON_IsBool(m)) return false;
  *out = cJSON_IsTrue(m);
  return true;
}

}  // namespace json
