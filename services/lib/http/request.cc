#include "services/lib/http/request.h"

#include <string.h>

namespace http {

namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool Span::Equals(const char* s) const {
  return strlen(s) == len && memcmp(data, s, len) == 0;
}

bool Span::EqualsIgnoreCase(const char* s) const {
  if (strlen(s) != len) return false;
  for (size_t i = 0; i < len; ++i) {
    if (Lower(data[i]) != Lower(s[i])) return false;
  }
  return true;
}

uint16_t StatusFor(Error e) {
  switch (e) {
    case Error::kNone:
      return 200;
    case Error::kMalformed:
      return 400;
    case Error::kBadHeader:
      return 400;
    case Error::kTargetTooLong:
      return 414;
    case Error::kHeadersTooLarge:
      return 431;
    case Error::kBodyTooLarge:
      return 413;
    case Error::kChunkedBody:
      return 411;
    case Error::kVersion:
      return 505;
  }
  return 400;
}

const char* ErrorName(Error e) {
  switch (e) {
    case Error::kNone:
      return "none";
    case Error::kMalformed:
      return "malformed";
    case Error::kBadHeader:
      return "bad-header";
    case Error::kTargetTooLong:
      return "target-too-long";
    case Error::kHeadersTooLarge:
      return "headers-too-large";
    case Error::kBodyTooLarge:
      return "body-too-large";
    case Error::kChunkedBody:
      return "chunked-body";
    case Error::kVersion:
      return "version";
  }
  return "unknown";
}

}  // namespace http
