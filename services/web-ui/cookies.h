// The web UI's two cookies (API.md "Cookies"): reading them from a request's
// Cookie header and writing the Set-Cookie values that set or clear them.
//
// Reading follows the pairs a user agent sends (RFC 6265 section 5.4:
// "name=value" joined by ";" and a space; whitespace around names and
// values is trimmed, a piece without "=" is skipped). Names are compared
// case-sensitively. A name sent twice is ambiguous and treated as absent: a
// second `capos_sid` comes from a cookie with another Path or one tossed in
// by a sibling host, and picking either would let that cookie choose the
// session. A token value must be exactly 32 lower-case hex digits (no
// quotes, no whitespace inside); anything else is absent too.
//
// Pure, no allocation; O(header length), one pass per name.
#ifndef SERVICES_WEB_UI_COOKIES_H_
#define SERVICES_WEB_UI_COOKIES_H_

#include <stddef.h>
#include <stdint.h>

#include "services/lib/http/request.h"
#include "services/web-ui/token.h"

namespace web_ui {

inline constexpr char kSidCookie[] = "capos_sid";
inline constexpr char kCsrfCookie[] = "capos_csrf";

enum class CookieLookup : uint8_t { kAbsent, kFound, kAmbiguous };

// Looks `name` up in a Cookie header value. On kFound, *value is the
// trimmed value (inside header; may be empty). value may be null.
CookieLookup FindCookie(http::Span header, const char* name, http::Span* value);

// `name`'s value as a token: true only when it is sent once and is exactly
// 32 lower-case hex digits.
bool CookieToken(http::Span header, const char* name, Token* out);

// Both cookies of one request. An absent, ambiguous or malformed cookie has
// its has_* false; the endpoint then treats the request as carrying none.
struct RequestCookies {
  bool has_sid = false;
  Token sid;
  bool has_csrf = false;
  Token csrf;
};
RequestCookies ReadCookies(http::Span header);

enum class CookieName : uint8_t { kSid, kCsrf };

// Largest Set-Cookie value below, with its NUL.
inline constexpr size_t kMaxSetCookieBytes = 128;

// Writes a NUL-terminated Set-Cookie value into out: the session id with
// "Path=/; HttpOnly; SameSite=Strict", the CSRF token with "Path=/;
// SameSite=Strict" (the page reads it), and "; Secure" when secure (TLS).
// No Max-Age or Expires: a browser-session cookie; expiry is the server's
// (web_sessions.h). Returns the length without the NUL, 0 if cap is short.
size_t BuildSetCookie(CookieName which, const Token& value, bool secure, char* out, size_t cap);
// The same attributes with an empty value and Max-Age=0: the browser drops
// the cookie (staleSession answers, API.md).
size_t BuildClearCookie(CookieName which, bool secure, char* out, size_t cap);

}  // namespace web_ui

#endif  // SERVICES_WEB_UI_COOKIES_H_
