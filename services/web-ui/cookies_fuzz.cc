// libFuzzer target: the Cookie header parser over arbitrary bytes (NULs,
// separators, duplicates, long values), then the policy's token checks over
// what it found. Invariants: a found value lies inside the header and is
// trimmed; a token is reported only for a value that is exactly 32
// lower-case hex digits and found exactly once, and re-encodes to that
// value; the Set-Cookie builders fit their bound.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "services/web-ui/cookies.h"
#include "services/web-ui/token.h"

namespace {

void Require(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckName(http::Span header, const char* name) {
  http::Span v;
  web_ui::CookieLookup found = web_ui::FindCookie(header, name, &v);
  web_ui::Token t;
  bool token = web_ui::CookieToken(header, name, &t);
  if (found == web_ui::CookieLookup::kFound) {
    Require(v.len == 0 || (v.data >= header.data && v.data + v.len <= header.data + header.len));
    Require(v.len == 0 || (v.data[0] != ' ' && v.data[0] != '\t' && v.data[v.len - 1] != ' ' &&
                           v.data[v.len - 1] != '\t'));
    if (token) {
      char hex[web_ui::kTokenHexChars];
      web_ui::HexEncode(t, hex);
      Require(v.len == sizeof(hex) && memcmp(hex, v.data, sizeof(hex)) == 0);
    }
  } else {
    Require(!token);
  }
  char out[web_ui::kMaxSetCookieBytes];
  Require(web_ui::BuildSetCookie(web_ui::CookieName::kSid, t, true, out, sizeof(out)) > 0);
  Require(web_ui::BuildClearCookie(web_ui::CookieName::kCsrf, true, out, sizeof(out)) > 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  http::Span header{reinterpret_cast<const char*>(data), size};
  CheckName(header, web_ui::kSidCookie);
  CheckName(header, web_ui::kCsrfCookie);
  web_ui::RequestCookies c = web_ui::ReadCookies(header);
  web_ui::Token t;
  Require(c.has_sid == web_ui::CookieToken(header, web_ui::kSidCookie, &t));
  return 0;
}
