// The session endpoints (API.md): /api/hello starts or resumes a browser
// session, /api/rpc hands one Request to its core, /api/events upgrades to
// the session's push socket. The session and CSRF rules run here, after the
// Host/Origin/media-type checks of http_serve.cc.
#include <stdio.h>
#include <string.h>

#include "services/lib/remote-session/response.h"
#include "services/lib/web-api/request_json.h"
#include "services/lib/websocket/handshake.h"
#include "services/web-ui/cookies.h"
#include "services/web-ui/denial.h"
#include "services/web-ui/loop.h"
#include "services/web-ui/render.h"
#include "services/web-ui/web_policy.h"

namespace web_ui {

namespace {

// One rendered response at a time (single-threaded).
char g_json[kMaxResponseBytes];
alignas(8) uint8_t g_frame[rs::kMaxResponseFrameBytes];

websocket::Text Ws(const http::Span& s) {
  return websocket::Text{s.data, s.len};
}

}  // namespace

void Loop::ServeHello(uint32_t i, const http::Request& req) {
  RequestCookies cookies = ReadCookies(req.cookie.span());
  uint64_t now = NowMs();
  WebSession* e = nullptr;
  if (cookies.has_sid) {
    SessionTable::Lookup l = table_.Find(cookies.sid, now);
    if (l.found == SessionTable::Found::kExpired) EndedEntry(l.ended);
    if (l.found == SessionTable::Found::kLive) e = l.entry;
  }
  char set[2][kMaxSetCookieBytes];
  const char* set_ptrs[2] = {set[0], set[1]};
  uint32_t set_count = 0;
  if (e == nullptr) {
    Token id, csrf;
    if (!NewToken(&id) || !NewToken(&csrf)) {
      console_.Printf("web-ui: no random bytes for a session id\n");
      return WriteDenial(i, uint8_t(Denial::kTooManySessions));
    }
    if (NewBrowser(id, csrf, conns_[i]->source_id, &e) < 0) {
      return WriteDenial(i, uint8_t(Denial::kTooManySessions));
    }
    BuildSetCookie(CookieName::kSid, id, tls(), set[0], sizeof(set[0]));
    BuildSetCookie(CookieName::kCsrf, csrf, tls(), set[1], sizeof(set[1]));
    set_count = 2;
  } else {
    table_.Touch(e, now);
  }
  Browser& b = *browsers_[table_.IndexOf(e)];
  // The auth methods as the core lists them, and the session view through
  // a quiet sessionInfo (not a client request: not in the transcript).
  size_t n =
      rs::WriteAuthMethods(rs::Frame{g_frame, sizeof(g_frame), rs::kDefaultMaxFrameBytes}, 0);
  uint32_t id = 0;
  static char methods[8192];
  size_t mlen = n ? RenderFrame(g_frame, n, methods, sizeof(methods), &id) : 0;
  const char* list = "[]";
  size_t list_len = 2;
  if (mlen) RenderedMember(methods, mlen, "authMethods", &list, &list_len);
  const char* view = "null";
  size_t view_len = 4;
  static char session[4096];
  if (e->logged_in && !b.session.busy()) {
    rs::Request q;
    q.kind = rs::RequestKind::kSessionInfo;
    q.quiet = true;
    rs::Output o = b.session.HandleRequest(q, now, g_frame, sizeof(g_frame));
    size_t slen =
        o.length && !o.pending ? RenderFrame(g_frame, o.length, session, sizeof(session), &id) : 0;
    if (slen) RenderedMember(session, slen, "sessionInfo", &view, &view_len);
  }
  char csrf_hex[kTokenHexChars];
  HexEncode(e->csrf, csrf_hex);
  int len =
      snprintf(g_json, sizeof(g_json), "{\"authMethods\":%.*s,\"session\":%.*s,\"csrf\":\"%.*s\"}",
               int(list_len), list, int(view_len), view, int(kTokenHexChars), csrf_hex);
  WriteJson(i, 200, g_json, len > 0 ? size_t(len) : 0, set_ptrs, set_count);
}

void Loop::ServeRpc(uint32_t i, const http::Request& req) {
  Conn& c = *conns_[i];
  RequestCookies cookies = ReadCookies(req.cookie.span());
  uint64_t now = NowMs();
  WebSession* e = nullptr;
  bool stale = false;
  if (cookies.has_sid) {
    SessionTable::Lookup l = table_.Find(cookies.sid, now);
    if (l.found == SessionTable::Found::kExpired) EndedEntry(l.ended);
    if (l.found == SessionTable::Found::kLive) e = l.entry;
    stale = e == nullptr;
  }
  CsrfTokens tokens{cookies.has_csrf ? &cookies.csrf : nullptr, e ? &e->csrf : nullptr};
  Denial d;
  if (DenialOf(CheckCsrf(req, tokens), &d)) return WriteDenial(i, uint8_t(d));
  rs::Request q;
  web_api::RequestJsonStatus st = web_api::DecodeRequestJson(req.body, req.body_len, &q);
  // The body may hold a password in clear: gone before anything else runs.
  memset(const_cast<char*>(req.body), 0, req.body_len);
  if (web_api::IsJsonError(st)) return WriteDenial(i, uint8_t(Denial::kMalformedJson));
  uint32_t client_id = q.request_id;
  size_t n = 0;
  if (st != web_api::RequestJsonStatus::kOk) {
    q.Wipe();
    n = RenderDenial(rs::ErrorCode::kMalformedRequest, client_id, g_json, sizeof(g_json));
    return WriteJson(i, 400, g_json, n, nullptr, 0);
  }
  if (e == nullptr) {
    // No session: only the auth-method inventory is public.
    q.Wipe();
    if (q.kind == rs::RequestKind::kAuthMethods && !stale) {
      size_t f = rs::WriteAuthMethods(
          rs::Frame{g_frame, sizeof(g_frame), rs::kDefaultMaxFrameBytes}, client_id);
      uint32_t id;
      n = f ? RenderFrame(g_frame, f, g_json, sizeof(g_json), &id) : 0;
      return WriteJson(i, 200, g_json, n, nullptr, 0);
    }
    char clear[2][kMaxSetCookieBytes];
    const char* ptrs[2] = {clear[0], clear[1]};
    BuildClearCookie(CookieName::kSid, tls(), clear[0], sizeof(clear[0]));
    BuildClearCookie(CookieName::kCsrf, tls(), clear[1], sizeof(clear[1]));
    rs::ErrorCode code = stale ? rs::ErrorCode::kStaleSession : rs::ErrorCode::kNotAuthenticated;
    n = RenderDenial(code, client_id, g_json, sizeof(g_json));
    return WriteJson(i, 401, g_json, n, ptrs, stale ? 2 : 0);
  }
  table_.Touch(e, now);
  c.waiting = true;  // Submit may answer at once (then it is false again)
  c.browser = int32_t(table_.IndexOf(e));
  Submit(uint32_t(c.browser), i, q, WaitKind::kHttp);
  q.Wipe();
}

void Loop::ServeEvents(uint32_t i, const http::Request& req) {
  Conn& c = *conns_[i];
  RequestCookies cookies = ReadCookies(req.cookie.span());
  WebSession* e = nullptr;
  if (cookies.has_sid) {
    SessionTable::Lookup l = table_.Find(cookies.sid, NowMs());
    if (l.found == SessionTable::Found::kExpired) EndedEntry(l.ended);
    if (l.found == SessionTable::Found::kLive && l.entry->logged_in) e = l.entry;
  }
  if (e == nullptr) {
    c.keep_alive = false;
    size_t n = RenderDenial(rs::ErrorCode::kNotAuthenticated, 0, g_json, sizeof(g_json));
    return WriteJson(i, 403, g_json, n, nullptr, 0);
  }
  websocket::UpgradeRequest u;
  u.method = websocket::Text{req.method_name, strlen(req.method_name)};
  bool v11 = req.version_major == 1 && req.version_minor == 1;
  u.version = websocket::Text{v11 ? "HTTP/1.1" : "HTTP/1.0", 8};
  u.host = Ws(req.host.span());
  u.upgrade = Ws(req.upgrade.span());
  u.connection = Ws(req.connection.span());
  u.ws_version = Ws(req.sec_websocket_version.span());
  u.ws_key = Ws(req.sec_websocket_key.span());
  char accept[websocket::kAcceptBytes];
  websocket::HandshakeError err = websocket::CheckUpgrade(u, accept);
  if (err != websocket::HandshakeError::kOk) {
    c.out_tail += static_cast<uint32_t>(
        websocket::WriteRefusalResponse(err, reinterpret_cast<char*>(c.Tail()), c.TailRoom()));
    c.closing = true;
    return;
  }
  c.out_tail += static_cast<uint32_t>(
      websocket::WriteAcceptResponse(accept, reinterpret_cast<char*>(c.Tail()), c.TailRoom()));
  uint32_t b = table_.IndexOf(e);
  Browser& br = *browsers_[b];
  // One push socket per browser session: a newer one replaces the older.
  if (br.ws_conn >= 0 && At(uint32_t(br.ws_conn), br.ws_serial) != nullptr) {
    WsClose(uint32_t(br.ws_conn), 1000);
  }
  c.mode = ConnMode::kWebSocket;
  c.browser = int32_t(b);
  br.ws_conn = int32_t(i);
  br.ws_serial = c.serial;
  br.next_push_ms = NowMs();
  console_.Printf("web-ui: push socket open conn=%llu\n", (unsigned long long)c.serial);
}

}  // namespace web_ui
