#include "services/web-ui/json_member.h"

#include <string.h>

namespace web_ui {
namespace {

// Index just past the string that starts at json[i] (a '"').
size_t SkipString(const char* json, size_t len, size_t i) {
  for (++i; i < len; ++i) {
    if (json[i] == '\\') {
      ++i;
    } else if (json[i] == '"') {
      return i + 1;
    }
  }
  return len;
}

// Index just past the value that starts at json[i].
size_t SkipValue(const char* json, size_t len, size_t i) {
  if (i < len && json[i] == '"') return SkipString(json, len, i);
  int depth = 0;
  for (; i < len; ++i) {
    char c = json[i];
    if (c == '"') {
      i = SkipString(json, len, i) - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // the end of the enclosing object
      if (--depth == 0) return i + 1;
    } else if (c == ',' && depth == 0) {
      return i;
    }
  }
  return len;
}

size_t SkipSpace(const char* json, size_t len, size_t i) {
  while (i < len && (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' || json[i] == '\r')) ++i;
  return i;
}

}  // namespace

bool FindMember(const char* json, size_t len, const char* key, JsonSpan* value) {
  size_t i = SkipSpace(json, len, 0);
  if (i >= len || json[i] != '{') return false;
  size_t key_len = strlen(key);
  for (++i;;) {
    i = SkipSpace(json, len, i);
    if (i >= len || json[i] != '"') return false;
    size_t name = i + 1, after = SkipString(json, len, i);
    bool match = after - name - 1 == key_len && memcmp(json + name, key, key_len) == 0;
    i = SkipSpace(json, len, after);
    if (i >= len || json[i] != ':') return false;
    i = SkipSpace(json, len, i + 1);
    size_t end = SkipValue(json, len, i);
    if (match) {
      value->data = json + i;
      value->len = end - i;
      return end > i;
    }
    i = SkipSpace(json, len, end);
    if (i >= len || json[i] != ',') return false;
    ++i;
  }
}

bool FindMember2(const char* json, size_t len, const char* outer, const char* inner,
                 JsonSpan* value) {
  JsonSpan o;
  return FindMember(json, len, outer, &o) && FindMember(o.data, o.len, inner, value);
}

}  // namespace web_ui
