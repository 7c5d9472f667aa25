#include "services/web-ui/denial.h"

#include <string.h>

namespace web_ui {

namespace {

struct Row {
  uint16_t status;
  const char* code;
  const char* message;
};

// Indexed by Denial. Messages: fixed ASCII without quotes or backslashes,
// so the body needs no escaping (denial_test checks).
constexpr Row kRows[] = {
    {421, "badHost", "this server does not answer for that host name"},
    {403, "badOrigin", "the request did not come from this page"},
    {403, "csrf", "missing or wrong CSRF token"},
    {415, "unsupportedMediaType", "the body must be application/json"},
    {404, "notFound", "no such path"},
    {405, "methodNotAllowed", "method not allowed on this path"},
    {503, "tooManySessions", "too many browser sessions are logged in"},
    {400, "malformedJson", "the body is not valid JSON"},
};

const Row& RowOf(Denial d) {
  size_t i = static_cast<size_t>(d);
  return kRows[i < sizeof(kRows) / sizeof(kRows[0]) ? i : 0];
}

}  // namespace

uint16_t DenialStatus(Denial d) {
  return RowOf(d).status;
}

const char* DenialCode(Denial d) {
  return RowOf(d).code;
}

const char* DenialMessage(Denial d) {
  return RowOf(d).message;
}

bool DenialOf(Verdict v, Denial* out) {
  switch (v) {
    case Verdict::kOk:
      return false;
    case Verdict::kBadHost:
      *out = Denial::kBadHost;
      return true;
    case Verdict::kBadOrigin:
      *out = Denial::kBadOrigin;
      return true;
    case Verdict::kUnsupportedMediaType:
      *out = Denial::kUnsupportedMediaType;
      return true;
    case Verdict::kCsrf:
      *out = Denial::kCsrf;
      return true;
  }
  return false;
}

size_t WriteDenialBody(Denial d, char* out, size_t cap) {
  const char* parts[] = {"{\"webDenied\": {\"code\": \"", DenialCode(d), "\", \"message\": \"",
                         DenialMessage(d), "\"}}"};
  size_t len = 0;
  for (const char* p : parts) {
    size_t n = strlen(p);
    if (n > cap - len) return 0;
    memcpy(out + len, p, n);
    len += n;
  }
  return len;
}

}  // namespace web_ui
