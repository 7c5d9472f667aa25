// Browser sessions and their cores: creating and ending them, feeding them
// requests in order, and routing every answer (at once, or later from the
// shared IPC backend's CQEs) to the connection or push socket it is for.
#include <stdlib.h>
#include <string.h>
#include <new>

#include "services/web-ui/cookies.h"
#include "services/web-ui/loop.h"
#include "services/web-ui/render.h"

namespace web_ui {

namespace {

char g_json[kMaxResponseBytes];
alignas(8) uint8_t g_frame[rs::kMaxResponseFrameBytes];
rs::ChatReply g_chat;
rs::TerminalReply g_terminal;
alignas(8) uint8_t g_results[rs::kMaxServiceResultBytes];
rs::Completion g_completion;

}  // namespace

int32_t Loop::NewBrowser(const Token& id, const Token& csrf, uint64_t source_id,
                         WebSession** entry) {
  SessionTable::Created c = table_.Create(NowMs(), id, csrf);
  // An entry freed to make room takes its browser with it first: the new
  // entry may reuse that very slot.
  if (c.ended.why != Ended::Why::kNone) EndedEntry(c.ended);
  if (c.error != SessionTable::CreateError::kOk) return -1;
  uint32_t b = static_cast<uint32_t>(table_.IndexOf(c.entry));
  if (!NewCore(b, source_id)) {
    table_.Remove(c.entry);
    return -1;
  }
  *entry = c.entry;
  return int32_t(b);
}

bool Loop::NewCore(uint32_t b, uint64_t source_id) {
  rs::SharedBounds shared{&logins_, &cap_holders_, &sources_};
  rs::ConnectionInfo info;
  info.source.source_id = source_id;
  info.source.connection_event = next_event_++;
  info.connected_at_ms = NowMs();
  rs::SessionLimits limits;
  limits.max_auth_tries = config_.admission.max_auth_tries;
  limits.pre_auth_grace_ms = config_.sessions.pre_auth_grace_ms;
  void* mem = aligned_alloc(alignof(Browser), (sizeof(Browser) + 15) & ~size_t{15});
  if (mem == nullptr) return false;
  browsers_[b] = new (mem) Browser(backend_, shared, info, limits);
  browsers_[b]->source_id = source_id;
  table_.at(b).user = browsers_[b];
  LogHeap();
  return true;
}

void Loop::EndedEntry(const Ended& e) {
  EndBrowser(uint32_t(e.index), e.why == Ended::Why::kExpired ? "expired" : "evicted");
}

void Loop::EndBrowser(uint32_t b, const char* why) {
  Browser* br = browsers_[b];
  if (br == nullptr) return;
  browsers_[b] = nullptr;  // answers that arrive from here on find no browser
  uint64_t now = NowMs();
  // Requests still waiting get the answer a rotated-out id gets.
  for (Waiter& w : br->waiters) {
    if (!w.used || w.kind != WaitKind::kHttp) continue;
    w.used = false;
    Conn* c = At(w.conn, w.conn_serial);
    if (c == nullptr) continue;
    size_t n = RenderDenial(rs::ErrorCode::kStaleSession, w.client_id, g_json, sizeof(g_json));
    c->waiting = false;
    WriteJson(w.conn, 401, g_json, n, nullptr, 0);
    if (w.conn != serving_) {
      Pump(w.conn);
      MaybeFree(w.conn);
    }
  }
  if (br->ws_conn >= 0 && At(uint32_t(br->ws_conn), br->ws_serial) != nullptr) {
    PushSessionEnd(br, uint32_t(br->ws_conn), "loggedOut");
  }
  br->session.Disconnect(now);
  backend_.relays().DropEvent(br->event);
  backend_.Forget(br->event);
  console_.Printf("web-ui: browser session ended: %s\n", why);
  br->~Browser();
  free(br);
  LogHeap();
}

bool Loop::Submit(uint32_t b, uint32_t conn, const rs::Request& req, WaitKind kind) {
  Browser& br = *browsers_[b];
  uint32_t k = 0;
  while (k < Browser::kMaxWaiters && br.waiters[k].used) ++k;
  if (k == Browser::kMaxWaiters) {
    if (kind != WaitKind::kHttp) return false;
    size_t n = RenderDenial(rs::ErrorCode::kBoundExceeded, req.request_id, g_json, sizeof(g_json));
    conns_[conn]->waiting = false;
    WriteJson(conn, 200, g_json, n, nullptr, 0);
    return false;
  }
  Waiter& w = br.waiters[k];
  w = Waiter{};
  w.used = true;
  w.kind = kind;
  w.id = br.next_id++;
  if (br.next_id == 0) br.next_id = 1;
  w.client_id = req.request_id;
  w.request = req.kind;
  if (kind == WaitKind::kHttp) {
    w.conn = conn;
    w.conn_serial = conns_[conn]->serial;
  }
  br.queued[k] = req;
  br.queued[k].request_id = w.id;
  // Marked in flight before the core may answer (and clear it) re-entrantly.
  if (kind == WaitKind::kPushChat) br.chat_inflight = true;
  if (kind == WaitKind::kPushPaperclips) br.paperclips_inflight = true;
  Feed(b);
  return true;
}

void Loop::Feed(uint32_t b) {
  for (;;) {
    Browser* br = browsers_[b];
    if (br == nullptr || br->session.busy()) return;
    // The oldest queued request (ids grow; a wrap restarts at 1 and is
    // older than nothing still queued after 2^32 requests).
    int k = -1;
    for (uint32_t j = 0; j < Browser::kMaxWaiters; ++j) {
      const Waiter& w = br->waiters[j];
      if (w.used && !w.fed && (k < 0 || w.id < br->waiters[k].id)) k = int(j);
    }
    if (k < 0) return;
    br->waiters[k].fed = true;
    rs::Output o = br->session.HandleRequest(br->queued[k], NowMs(), g_frame, sizeof(g_frame));
    br->queued[k].Wipe();
    Deliver(b, o);
  }
}

void Loop::PumpBrowser(uint32_t b) {
  ipc_backend::RelayPool& relays = backend_.relays();
  for (;;) {
    Browser* br = browsers_[b];
    if (br == nullptr) return;
    uint64_t now = NowMs();
    int k = relays.NextDone(br->event);
    if (k >= 0) {
      rs::BackendStatus st;
      if (relays.IsService(k)) {
        uint32_t len = 0;
        uint32_t tag = relays.TakeService(k, &st, g_results, sizeof(g_results), &len);
        Deliver(
            b, br->session.CompleteService(tag, st, g_results, len, now, g_frame, sizeof(g_frame)));
      } else {
        uint32_t tag = relays.Take(k, &st, &g_chat);
        Deliver(b, br->session.CompleteChat(tag, st, &g_chat, now, g_frame, sizeof(g_frame)));
      }
      continue;
    }
    if (backend_.TakeCompletion(br->event, &g_completion)) {
      Deliver(b, br->session.Complete(g_completion, now, g_frame, sizeof(g_frame)));
      continue;
    }
    uint32_t tag = 0;
    if (backend_.TakeTerminalRead(br->event, &tag, &g_terminal)) {
      Deliver(b, br->session.CompleteTerminal(tag, rs::BackendStatus::kOk, &g_terminal, now,
                                              g_frame, sizeof(g_frame)));
      continue;
    }
    // A shell's request, as the browser session's own (never while busy).
    rs::Session::Via via;
    const uint8_t* message = nullptr;
    size_t len = 0;
    if (!br->session.busy() && backend_.TakeShellRequest(br->event, &via, &message, &len)) {
      Deliver(b, br->session.HandleFrame(message, len, now, g_frame, sizeof(g_frame), via));
      continue;
    }
    return Feed(b);
  }
}

void Loop::Deliver(uint32_t b, const rs::Output& o) {
  if (IpcBackend::IsShellOrigin(o.origin)) {
    if (o.length != 0) backend_.AnswerShell(o.origin, g_frame, o.length);  // else: pending
    return;
  }
  Browser* br = browsers_[b];
  if (br == nullptr || o.length == 0) return;
  uint32_t id = 0;
  size_t n = RenderFrame(g_frame, o.length, g_json, sizeof(g_json), &id);
  int k = -1;
  for (uint32_t j = 0; j < Browser::kMaxWaiters; ++j) {
    if (br->waiters[j].used && br->waiters[j].fed && br->waiters[j].id == id) k = int(j);
  }
  if (n == 0) {
    // Never expected (the core wrote a valid Response, the buffer holds the
    // largest): the oldest request in the core gets a typed unavailable
    // rather than waiting forever.
    console_.Printf("web-ui: an answer did not render\n");
    for (uint32_t j = 0; j < Browser::kMaxWaiters; ++j) {
      const Waiter& w = br->waiters[j];
      if (w.used && w.fed && w.kind == WaitKind::kHttp && (k < 0 || w.id < br->waiters[k].id))
        k = int(j);
    }
    if (k >= 0) n = RenderDenial(rs::ErrorCode::kUnavailable, id, g_json, sizeof(g_json));
  }
  if (k < 0) return;  // a push whose socket went
  Waiter w = br->waiters[k];
  br->waiters[k].used = false;
  if (w.kind != WaitKind::kHttp) return Push(b, w.kind, g_json, n);
  n = n ? SetRequestId(g_json, n, sizeof(g_json), w.client_id) : 0;
  Answer(b, w, g_json, n, o);
}

void Loop::Answer(uint32_t b, const Waiter& w, char* json, size_t n, const rs::Output& o) {
  Browser& br = *browsers_[b];
  WebSession& e = table_.at(b);
  char set[2][kMaxSetCookieBytes];
  const char* ptrs[2] = {set[0], set[1]};
  uint32_t set_count = 0;
  bool live = br.session.state() == rs::SessionState::kAuthenticated;
  bool end = o.close;  // MaxAuthTries: this browser session is done
  // Ids rotate on every change of who is logged in (login, re-login,
  // logout, a failed re-login that tore the old login down).
  if (!end && (w.request == rs::RequestKind::kLogin || w.request == rs::RequestKind::kLogout) &&
      (live || e.logged_in)) {
    set_count = Rotate(b, live, set) ? 2 : 0;
    if (!live && br.ws_conn >= 0 && At(uint32_t(br.ws_conn), br.ws_serial) != nullptr) {
      PushSessionEnd(&br, uint32_t(br.ws_conn), "loggedOut");
    }
  }
  if (end) {
    BuildClearCookie(CookieName::kSid, tls(), set[0], sizeof(set[0]));
    BuildClearCookie(CookieName::kCsrf, tls(), set[1], sizeof(set[1]));
    set_count = 2;
  }
  Conn* c = At(w.conn, w.conn_serial);
  if (c != nullptr) {
    c->waiting = false;
    if (o.hold_ms != 0) c->hold_until_ms = NowMs() + o.hold_ms;
    WriteJson(w.conn, 200, json, n, ptrs, set_count);
  }
  if (end) {
    table_.Remove(&e);
    EndBrowser(b, "too many failed logins");
  } else if (set_count != 0 && !live) {
    // Logged out under a new id: a new browser session starts from
    // scratch (pre-auth, its own transcript), as a new connection would.
    uint64_t source = br.source_id;
    EndBrowser(b, "logged out");
    if (!NewCore(b, source)) table_.Remove(&e);
  }
  if (c != nullptr && w.conn != serving_) {
    Pump(w.conn);
    MaybeFree(w.conn);
  }
}

bool Loop::Rotate(uint32_t b, bool logged_in, char cookies[2][kMaxSetCookieBytes]) {
  WebSession& e = table_.at(b);
  Token id, csrf;
  bool ok = false;
  for (int tries = 0; tries < 3 && !ok; ++tries) {
    ok = NewToken(&id) && NewToken(&csrf) && table_.Rotate(&e, id, csrf);
  }
  if (!ok) return false;
  logged_in ? table_.MarkLoggedIn(&e, NowMs()) : table_.MarkLoggedOut(&e, NowMs());
  BuildSetCookie(CookieName::kSid, id, tls(), cookies[0], kMaxSetCookieBytes);
  BuildSetCookie(CookieName::kCsrf, csrf, tls(), cookies[1], kMaxSetCookieBytes);
  return true;
}

int32_t Loop::BrowserOfEvent(uint64_t event) const {
  for (uint32_t b = 0; b < kMaxBrowsers; ++b) {
    if (browsers_[b] != nullptr && browsers_[b]->event == event) return int32_t(b);
  }
  return -1;
}

void Loop::OnRelay(const abi::Cqe& cqe) {
  ipc_backend::RelayPool& relays = backend_.relays();
  int k = relays.Complete(cqe);
  if (k < 0) return;
  int32_t b = BrowserOfEvent(relays.event(k));
  if (b < 0) return relays.Discard(k);  // its browser session is gone
  PumpBrowser(uint32_t(b));
}

void Loop::OnOp(const abi::Cqe& cqe) {
  uint32_t before = backend_.live_sessions();
  uint64_t event = backend_.OnOpCqe(cqe);
  if (backend_.live_sessions() != before) LogHeap();
  if (event == 0) return;
  int32_t b = BrowserOfEvent(event);
  if (b < 0) return backend_.Forget(event);
  PumpBrowser(uint32_t(b));
}

}  // namespace web_ui
