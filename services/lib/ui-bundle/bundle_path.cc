#include "services/lib/ui-bundle/bundle_path.h"

#include "services/lib/ui-bundle/ui_bundle.h"

namespace ui_bundle {
namespace {

bool Alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A segment may not start with '.', which rules out `.`, `..` and dot files
// in one rule; nothing needs unescaping, so what is checked is what is used.
bool SegmentStart(char c) {
  return Alnum(c) || c == '_' || c == '-';
}
bool SegmentChar(char c) {
  return SegmentStart(c) || c == '.';
}

// The token characters the packer allows (tools/ui-bundle/archive.js).
bool TypeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' || c == '#' || c == '$' ||
         c == '&' || c == '^' || c == '_' || c == '.' || c == '+' || c == '-';
}

// Consumes a run of TypeChar from t[*i]; false if the run is empty.
bool Token(const char* t, size_t len, size_t* i) {
  const size_t start = *i;
  while (*i < len && TypeChar(t[*i])) ++*i;
  return *i > start;
}

}  // namespace

bool ValidPath(const char* p, size_t len) {
  if (len < 2 || len > kMaxPath || p[0] != '/') return false;
  bool segment_start = true;
  for (size_t i = 1; i < len; ++i) {
    const char c = p[i];
    if (c == '/') {
      if (segment_start) return false;  // empty segment
      segment_start = true;
    } else if (segment_start ? SegmentStart(c) : SegmentChar(c)) {
      segment_start = false;
    } else {
      return false;
    }
  }
  return !segment_start;  // no trailing '/'
}

bool ValidContentType(const char* t, size_t len) {
  if (len == 0 || len > kMaxContentType) return false;
  size_t i = 0;
  if (!Token(t, len, &i) || i == len || t[i++] != '/' || !Token(t, len, &i)) return false;
  while (i < len) {  // "; key=value" or ";key=value"
    if (t[i++] != ';') return false;
    if (i < len && t[i] == ' ') ++i;
    if (!Token(t, len, &i) || i == len || t[i++] != '=' || !Token(t, len, &i)) return false;
  }
  return true;
}

}  // namespace ui_bundle
