// The rules every web-ui request meets after the HTTP reader accepted it
// (API.md "Rules every request meets", steps 2-5), in their order:
//
//   2. Host is a served name               else 421 badHost (DNS rebinding)
//   3. Origin, when sent, is the page's    else 403 badOrigin; unsafe methods
//      own (http:// + Host)                     and WebSocket upgrades must send it
//   4. unsafe methods send JSON            else 415 unsupportedMediaType, before
//                                               anything reads the body
//   5. unsafe methods send X-CSRF-Token    else 403 csrf
//      equal to the capos_csrf cookie and
//      to the token held for capos_sid
//
// "Unsafe" is every method but GET and HEAD: the contract names POST, and a
// PUT or DELETE gets the same checks before the endpoint's 405.
//
// Step 5 without a live session (no capos_sid, or one the server does not
// know: rotated out, expired, evicted) checks the header against the
// cookie only. The endpoint then answers notAuthenticated or staleSession
// (401) and changes nothing, which is what API.md asks for a rotated-out
// id; demanding a held token there would turn that 401 into a 403.
//
// The session lookup has side effects (expiry), so a caller runs
// CheckBeforeSession first, then looks the session up, then CheckCsrf;
// Check does both for a caller that already knows the session.
// Pure, no allocation.
#ifndef SERVICES_WEB_UI_WEB_POLICY_H_
#define SERVICES_WEB_UI_WEB_POLICY_H_

#include <stddef.h>
#include <stdint.h>

#include "services/lib/http/request.h"
#include "services/web-ui/token.h"

namespace web_ui {

enum class Verdict : uint8_t { kOk, kBadHost, kBadOrigin, kUnsupportedMediaType, kCsrf };
uint16_t VerdictStatus(Verdict v);   // 200, 421, 403, 415, 403
const char* VerdictCode(Verdict v);  // API.md's webDenied code ("ok" for kOk)

// localhost, 127.0.0.1 or [::1] (name case-insensitive) with any port or
// none, or exactly 10.0.2.15:8080 (the guest's own address, reached from
// inside QEMU's user network). A port is 1-65535 without leading zeros.
bool HostAllowed(http::Span host);
// origin is exactly "http://" + host ("https://" when tls), compared
// case-insensitively; no path, no trailing slash, not "null".
bool OriginMatchesHost(http::Span origin, http::Span host, bool tls = false);
// application/json in any case, optional parameters (RFC 9110 section
// 8.3.1); a charset parameter must be utf-8 (RFC 8259 section 8.1).
// Refuses application/jsonp, application/json5, text/plain, multipart/...
bool IsJsonContentType(http::Span content_type);
bool IsUnsafeMethod(http::Method m);

// Step 5's inputs, both looked up by the caller.
struct CsrfTokens {
  const Token* cookie = nullptr;  // the request's capos_csrf (ReadCookies); null: none
  const Token* held = nullptr;    // held for the request's capos_sid; null: no live session
};

// Steps 2-4.
Verdict CheckBeforeSession(const http::Request& req, bool tls = false);
// Step 5: kOk for safe methods; otherwise the X-CSRF-Token header must be a
// token equal to tokens.cookie and, when there is one, to tokens.held.
Verdict CheckCsrf(const http::Request& req, const CsrfTokens& tokens);
// Steps 2-5 in order; the first failure.
Verdict Check(const http::Request& req, const CsrfTokens& tokens, bool tls = false);

}  // namespace web_ui

#endif  // SERVICES_WEB_UI_WEB_POLICY_H_
