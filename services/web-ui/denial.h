// Web-level refusals (API.md): their status, code and fixed body
//   {"webDenied": {"code": "csrf", "message": "fixed text"}}
// never a DTO, never anything from the request (nothing to escape, nothing
// reflected).
#ifndef SERVICES_WEB_UI_DENIAL_H_
#define SERVICES_WEB_UI_DENIAL_H_

#include <stddef.h>
#include <stdint.h>

#include "services/web-ui/web_policy.h"

namespace web_ui {

enum class Denial : uint8_t {
  kBadHost,               // 421
  kBadOrigin,             // 403
  kCsrf,                  // 403
  kUnsupportedMediaType,  // 415
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kTooManySessions,       // 503: every browser session is logged in
  kMalformedJson,         // 400
};
uint16_t DenialStatus(Denial d);
const char* DenialCode(Denial d);
const char* DenialMessage(Denial d);
// The Denial for a failed rule; false for Verdict::kOk.
bool DenialOf(Verdict v, Denial* out);

inline constexpr size_t kMaxDenialBodyBytes = 160;
// Writes the body (no NUL); returns its length, 0 if cap is too small.
size_t WriteDenialBody(Denial d, char* out, size_t cap);

}  // namespace web_ui

#endif  // SERVICES_WEB_UI_DENIAL_H_
