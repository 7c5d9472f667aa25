// The web UI's endpoints (API.md): one complete request on a connection is
// checked (Host, Origin, media type; then the session and CSRF), routed and
// answered, or handed to its browser session's core and answered later
// (bridge.cc). Every response carries the same security headers.
#include <stdio.h>
#include <string.h>

#include "libcaprt/runtime/clients/kernel_caps.h"
#include "services/lib/http/response_writer.h"
#include "services/lib/remote-session/response.h"
#include "services/lib/web-api/request_json.h"
#include "services/lib/websocket/handshake.h"
#include "services/web-ui/cookies.h"
#include "services/web-ui/denial.h"
#include "services/web-ui/headers.h"
#include "services/web-ui/loop.h"
#include "services/web-ui/render.h"
#include "services/web-ui/web_policy.h"

namespace web_ui {

namespace {

bool PathIs(const http::Span& path, const char* p) {
  return path.Equals(p);
}

}  // namespace

bool Loop::NewToken(Token* t) {
  return config_.entropy.interface_id != 0 &&
         caprt::RandomBytes(config_.entropy, t->bytes, sizeof(t->bytes)).ok();
}

void Loop::WriteJson(uint32_t i, uint16_t status, const char* body, size_t len,
                     const char* const* cookies, uint32_t cookie_count) {
  Conn& c = *conns_[i];
  http::ResponseWriter w(reinterpret_cast<char*>(c.Tail()), c.TailRoom(), &ApiSecurityHeaders);
  w.Start(status);
  w.Header("Content-Type", "application/json");
  for (uint32_t k = 0; k < cookie_count; ++k) w.Header("Set-Cookie", cookies[k]);
  if (!c.keep_alive) w.Header("Connection", "close");
  w.Finish(body, len);
  if (!w.ok()) {
    // Only a bug gets here (every body is bounded below the queue).
    console_.Printf("web-ui: response did not fit (%u bytes)\n", unsigned(len));
    c.closing = true;
    return;
  }
  c.out_tail += static_cast<uint32_t>(w.size());
  if (!c.keep_alive) c.closing = true;
}

void Loop::WriteDenial(uint32_t i, uint8_t denial) {
  Denial d = static_cast<Denial>(denial);
  char body[kMaxDenialBodyBytes];
  size_t n = WriteDenialBody(d, body, sizeof(body));
  Conn& c = *conns_[i];
  http::ResponseWriter w(reinterpret_cast<char*>(c.Tail()), c.TailRoom(), &ApiSecurityHeaders);
  w.Start(DenialStatus(d));
  w.Header("Content-Type", "application/json");
  if (!c.keep_alive) w.Header("Connection", "close");
  w.Finish(body, n);
  if (w.ok()) c.out_tail += static_cast<uint32_t>(w.size());
  if (!c.keep_alive || !w.ok()) c.closing = true;
}

void Loop::Serve(uint32_t i) {
  Conn& c = *conns_[i];
  const http::Request& req = c.reader.request();
  c.keep_alive = req.keep_alive;
  serving_ = i;
  Verdict v = CheckBeforeSession(req, tls());
  Denial d;
  bool upgrade = false;
  if (DenialOf(v, &d)) {
    WriteDenial(i, uint8_t(d));
  } else if (PathIs(req.path, "/healthz")) {
    ServeHealth(i, req);
  } else if (PathIs(req.path, "/api/hello")) {
    req.method == http::Method::kGet ? ServeHello(i, req)
                                     : WriteDenial(i, uint8_t(Denial::kMethodNotAllowed));
  } else if (PathIs(req.path, "/api/rpc")) {
    req.method == http::Method::kPost ? ServeRpc(i, req)
                                      : WriteDenial(i, uint8_t(Denial::kMethodNotAllowed));
  } else if (PathIs(req.path, "/api/events")) {
    upgrade = true;
    ServeEvents(i, req);
  } else if (req.path.len >= 5 && memcmp(req.path.data, "/api/", 5) == 0) {
    WriteDenial(i, uint8_t(Denial::kNotFound));
  } else if (req.method == http::Method::kGet || req.method == http::Method::kHead) {
    ServeBundle(i, req);
  } else {
    WriteDenial(i, uint8_t(Denial::kMethodNotAllowed));
  }
  serving_ = kLoopIndex;
  if (c.dying) return;
  // The request is fully taken (an /api/rpc body is decoded already): the
  // reader is free for the next one, which waits while c.waiting.
  if (!upgrade || c.mode != ConnMode::kWebSocket) c.reader.Reset();
  c.request_start_ms = 0;
}

// Public: no cookie read or set, no session state, a fixed small body. The
// answer is constant, so it is written once (per keep-alive / close / HEAD
// variant) and copied: the health check is what load balancers hammer.
void Loop::ServeHealth(uint32_t i, const http::Request& req) {
  static const char kBody[] = "{\"status\":\"ok\"}";
  struct Cached {
    char bytes[1024];
    size_t len = 0;
  };
  static Cached cached[2][2];  // [keep_alive][head]
  bool head = req.method == http::Method::kHead;
  if (req.method != http::Method::kGet && !head) {
    return WriteDenial(i, uint8_t(Denial::kMethodNotAllowed));
  }
  Conn& c = *conns_[i];
  Cached& r = cached[c.keep_alive][head];
  if (r.len == 0) {
    http::ResponseWriter w(r.bytes, sizeof(r.bytes), &ApiSecurityHeaders);
    w.Start(200);
    w.Header("Content-Type", "application/json");
    if (!c.keep_alive) w.Header("Connection", "close");
    w.Finish(head ? nullptr : kBody, sizeof(kBody) - 1);
    r.len = w.ok() ? w.size() : 0;
  }
  if (r.len == 0 || r.len > c.TailRoom()) {
    c.closing = true;
    return;
  }
  memcpy(c.Tail(), r.bytes, r.len);
  c.out_tail += static_cast<uint32_t>(r.len);
  if (!c.keep_alive) c.closing = true;
}

void Loop::ServeBundle(uint32_t i, const http::Request& req) {
  Conn& c = *conns_[i];
  ui_bundle::File f;
  if (config_.bundle == nullptr || !config_.bundle->Find(req.target.data, req.target.len, &f)) {
    return WriteDenial(i, uint8_t(Denial::kNotFound));
  }
  char etag[ui_bundle::kEtagLen + 1];
  ui_bundle::FormatEtag(f, etag);
  char type[ui_bundle::kMaxContentType + 1];
  memcpy(type, f.content_type, f.content_type_len);
  type[f.content_type_len] = 0;
  http::ResponseWriter w(reinterpret_cast<char*>(c.Tail()), c.TailRoom(), &SecurityHeaders);
  bool same = req.if_none_match.present && req.if_none_match.span().Equals(etag);
  w.Start(same ? 304 : 200);
  w.Header("ETag", etag);
  w.Header("Cache-Control", "no-cache");  // revalidate: the ETag makes it cheap
  if (!c.keep_alive) w.Header("Connection", "close");
  // A file larger than the out queue's room (xterm.js is 340 KB; the queue
  // holds kMaxResponseBytes) is queued as its head alone, and its body is
  // sent from the bundle after it (Conn::body).
  bool large = !same && req.method != http::Method::kHead && f.size + 1024 > c.TailRoom();
  if (same) {
    w.FinishHead();
  } else {
    w.Header("Content-Type", type);
    w.Finish(req.method == http::Method::kHead || large ? nullptr : f.data, f.size);
  }
  if (w.ok()) c.out_tail += static_cast<uint32_t>(w.size());
  if (w.ok() && large) {
    c.body = f.data;
    c.body_left = static_cast<uint32_t>(f.size);
  }
  if (!c.keep_alive || !w.ok()) c.closing = true;
}

}  // namespace web_ui
