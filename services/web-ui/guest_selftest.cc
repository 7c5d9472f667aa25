// The guest build of the web-ui core (web_ui_core over http_guest and
// libcaprt's libc), run on the build machine through libcaprt's
// Linux-syscall _start (libcaprt/libc/selftest). It proves that the core
// links with no other C library and that one request walks the rules, the
// cookies, the session table and the header set as on the host.
#include <caprt/libc.h>
#include <stdio.h>
#include <string.h>

#include "services/lib/http/request_reader.h"
#include "services/lib/http/response_writer.h"
#include "services/web-ui/cookies.h"
#include "services/web-ui/denial.h"
#include "services/web-ui/headers.h"
#include "services/web-ui/web_policy.h"
#include "services/web-ui/web_sessions.h"

namespace {

int g_passed = 0;
int g_failed = 0;

void Check(bool ok, const char* what) {
  if (ok) {
    ++g_passed;
  } else {
    ++g_failed;
    printf("FAIL: %s\n", what);
  }
}

http::RequestReader g_reader;  // static, as the service holds it
web_ui::FixedSessionTable<> g_sessions;

web_ui::Token Bytes(uint8_t seed) {
  web_ui::Token t;
  for (size_t i = 0; i < web_ui::kTokenBytes; ++i) t.bytes[i] = static_cast<uint8_t>(seed + i);
  return t;
}

void Flow() {
  web_ui::SessionTable::Created c = g_sessions.Create(1000, Bytes(1), Bytes(100));
  Check(c.error == web_ui::SessionTable::CreateError::kOk, "sessions: create");

  char sid[web_ui::kTokenHexChars + 1] = {};
  char csrf[web_ui::kTokenHexChars + 1] = {};
  web_ui::HexEncode(Bytes(1), sid);
  web_ui::HexEncode(Bytes(100), csrf);
  char req[512];
  snprintf(
      req, sizeof(req),
      "POST /api/rpc HTTP/1.1\r\nHost: localhost:8080\r\nOrigin: http://localhost:8080\r\n"
      "Content-Type: application/json; charset=utf-8\r\nCookie: capos_sid=%s; capos_csrf=%s\r\n"
      "X-CSRF-Token: %s\r\nContent-Length: 2\r\n\r\n{}",
      sid, csrf, csrf);
  g_reader.Feed(req, strlen(req));
  Check(g_reader.state() == http::RequestReader::State::kComplete, "http: request complete");
  const http::Request& q = g_reader.request();

  Check(web_ui::CheckBeforeSession(q) == web_ui::Verdict::kOk, "policy: steps 2-4");
  web_ui::RequestCookies cookies = web_ui::ReadCookies(q.cookie.span());
  Check(cookies.has_sid && cookies.has_csrf, "cookies: both read");
  web_ui::SessionTable::Lookup l = g_sessions.Find(cookies.sid, 1001);
  Check(l.found == web_ui::SessionTable::Found::kLive, "sessions: find");
  web_ui::CsrfTokens tokens{&cookies.csrf, l.entry != nullptr ? &l.entry->csrf : nullptr};
  Check(web_ui::CheckCsrf(q, tokens) == web_ui::Verdict::kOk, "policy: csrf");

  g_sessions.MarkLoggedIn(l.entry, 1001);
  Check(g_sessions.Rotate(l.entry, Bytes(2), Bytes(200)), "sessions: rotate");
  Check(g_sessions.Find(Bytes(1), 1002).found == web_ui::SessionTable::Found::kUnknown,
        "sessions: old id unknown");
  Check(web_ui::CheckCsrf(q, {&cookies.csrf, &l.entry->csrf}) == web_ui::Verdict::kCsrf,
        "policy: old token refused after rotation");

  char out[2048];
  http::ResponseWriter w(out, sizeof(out), &web_ui::ApiSecurityHeaders);
  char cookie[web_ui::kMaxSetCookieBytes];
  w.Start(200);
  Check(web_ui::BuildSetCookie(web_ui::CookieName::kSid, l.entry->id, false, cookie,
                               sizeof(cookie)) > 0,
        "cookies: set-cookie");
  w.Header("Set-Cookie", cookie);
  w.Finish("{}", 2);
  Check(w.ok() && strstr(out, "frame-ancestors 'none'") != nullptr &&
            strstr(out, "Cache-Control: no-store") != nullptr &&
            strstr(out, "; HttpOnly; SameSite=Strict") != nullptr,
        "headers: api response");

  char body[web_ui::kMaxDenialBodyBytes];
  size_t n = web_ui::WriteDenialBody(web_ui::Denial::kCsrf, body, sizeof(body));
  Check(n > 0 && memcmp(body, "{\"webDenied\": {\"code\": \"csrf\"", 29) == 0, "denial: body");
}

}  // namespace

extern "C" int caprt_selftest_main() {
  Flow();
  printf("web_ui_guest_selftest: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
