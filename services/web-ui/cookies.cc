#include "services/web-ui/cookies.h"

#include <string.h>

namespace web_ui {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t';
}

http::Span Trim(const char* p, size_t n) {
  while (n > 0 && IsSpace(*p)) ++p, --n;
  while (n > 0 && IsSpace(p[n - 1])) --n;
  return http::Span{p, n};
}

bool SpanIs(http::Span s, const char* text) {
  size_t n = strlen(text);
  return s.len == n && memcmp(s.data, text, n) == 0;
}

// Bounded appends into a caller's buffer; a short buffer poisons the result.
struct Out {
  char* buf;
  size_t cap;
  size_t len = 0;
  bool ok = true;
  void Put(const char* s, size_t n) {
    if (!ok || cap == 0 || n > cap - 1 - len) {
      ok = false;
      return;
    }
    memcpy(buf + len, s, n);
    len += n;
  }
  void Put(const char* s) { Put(s, strlen(s)); }
  size_t Finish() {
    if (!ok) {
      if (cap > 0) buf[0] = '\0';
      return 0;
    }
    buf[len] = '\0';
    return len;
  }
};

size_t Build(CookieName which, const Token* value, bool secure, char* out, size_t cap) {
  Out o{out, cap};
  o.Put(which == CookieName::kSid ? kSidCookie : kCsrfCookie);
  o.Put("=");
  if (value != nullptr) {
    char hex[kTokenHexChars];
    HexEncode(*value, hex);
    o.Put(hex, sizeof(hex));
  }
  o.Put("; Path=/");
  if (value == nullptr) o.Put("; Max-Age=0");
  // The id is never script-readable; the CSRF token must be (double submit).
  if (which == CookieName::kSid) o.Put("; HttpOnly");
  o.Put("; SameSite=Strict");
  if (secure) o.Put("; Secure");
  return o.Finish();
}

}  // namespace

CookieLookup FindCookie(http::Span header, const char* name, http::Span* value) {
  CookieLookup result = CookieLookup::kAbsent;
  const char* p = header.data;
  const char* end = header.data + (header.data != nullptr ? header.len : 0);
  while (p < end) {
    const char* semi = static_cast<const char*>(memchr(p, ';', end - p));
    const char* stop = semi != nullptr ? semi : end;
    const char* eq = static_cast<const char*>(memchr(p, '=', stop - p));
    if (eq != nullptr && SpanIs(Trim(p, eq - p), name)) {
      // Keep scanning after a hit: a later duplicate makes it ambiguous.
      if (result != CookieLookup::kAbsent) return CookieLookup::kAmbiguous;
      result = CookieLookup::kFound;
      if (value != nullptr) *value = Trim(eq + 1, stop - eq - 1);
    }
    if (semi == nullptr) break;
    p = semi + 1;
  }
  return result;
}

bool CookieToken(http::Span header, const char* name, Token* out) {
  http::Span v;
  if (FindCookie(header, name, &v) != CookieLookup::kFound) return false;
  return HexDecode(v.data, v.len, out);
}

RequestCookies ReadCookies(http::Span header) {
  RequestCookies c;
  c.has_sid = CookieToken(header, kSidCookie, &c.sid);
  c.has_csrf = CookieToken(header, kCsrfCookie, &c.csrf);
  return c;
}

size_t BuildSetCookie(CookieName which, const Token& value, bool secure, char* out, size_t cap) {
  return Build(which, &value, secure, out, cap);
}

size_t BuildClearCookie(CookieName which, bool secure, char* out, size_t cap) {
  return Build(which, nullptr, secure, out, cap);
}

}  // namespace web_ui
