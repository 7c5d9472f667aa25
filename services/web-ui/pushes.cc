// Pushes over a browser session's WebSocket (API.md "/api/events"): the
// page says what it watches; once a second the web UI asks the session's
// own core for it with quiet requests (never in the transcript) and pushes
// what changed. The page never polls.
#include <stdio.h>
#include <string.h>

#include "services/lib/json/json_body.h"
#include "services/lib/websocket/frame_writer.h"
#include "services/web-ui/json_member.h"
#include "services/web-ui/loop.h"

namespace web_ui {

namespace {

uint64_t Decimal(const JsonSpan& s) {
  uint64_t v = 0;
  for (size_t k = 0; k < s.len; ++k) {
    if (s.data[k] >= '0' && s.data[k] <= '9') v = v * 10 + uint64_t(s.data[k] - '0');
  }
  return v;
}

void CopyName(const char* name, rs::BoundedText<rs::kMaxCapNameBytes>* out) {
  size_t n = strnlen(name, rs::kMaxCapNameBytes);
  memcpy(out->data, name, n);
  out->data[n] = 0;
  out->len = uint32_t(n);
}

const rs::BundleEntry* EntryOf(const rs::CapSet& set, rs::CapKind kind) {
  for (uint32_t k = 0; k < set.size(); ++k) {
    if (set.At(k).kind == kind) return &set.At(k);
  }
  return nullptr;
}

}  // namespace

void Loop::OnWsBytes(uint32_t i) {
  Conn& c = *conns_[i];
  websocket::Event ev;
  size_t taken = c.ws.Feed(c.in + c.in_off, c.in_len - c.in_off, &ev);
  c.in_off += static_cast<uint32_t>(taken);
  // A frame's deadline runs from its first byte, whatever drips after it.
  if (c.ws.frame_started() && c.request_start_ms == 0) c.request_start_ms = NowMs();
  if (ev.type == websocket::EventType::kNone) {
    if (!c.ws.frame_started()) c.request_start_ms = 0;
    return;
  }
  c.request_start_ms = 0;
  switch (ev.type) {
    case websocket::EventType::kText:
      return OnWsMessage(i, ev.data, ev.length);
    case websocket::EventType::kBinary:
      return WsClose(i, 1003);  // unsupported data
    case websocket::EventType::kPing: {
      size_t n = websocket::WriteFrame(websocket::Opcode::kPong, ev.data, ev.length, c.Tail(),
                                       c.TailRoom());
      c.out_tail += static_cast<uint32_t>(n);
      return;
    }
    case websocket::EventType::kPong:
    case websocket::EventType::kNone:
      return;
    case websocket::EventType::kClose:
    case websocket::EventType::kFailed:
      return WsClose(i, ev.close_code);
  }
}

// {"watch": {"chat": bool, "paperclips": bool}}; anything else is ignored
// (the page is ours; a hostile one gains nothing from a malformed message).
void Loop::OnWsMessage(uint32_t i, const uint8_t* data, size_t len) {
  Conn& c = *conns_[i];
  if (c.browser < 0 || browsers_[c.browser] == nullptr) return WsClose(i, 1008);
  Browser& br = *browsers_[c.browser];
  json::Limits limits;
  limits.max_bytes = kWsMessageBytes;
  limits.max_depth = 4;
  json::Document doc;
  if (doc.Parse(reinterpret_cast<const char*>(data), len, limits) != json::Error::kNone) return;
  const cJSON* watch = cJSON_GetObjectItemCaseSensitive(doc.root(), "watch");
  if (watch == nullptr) return;
  bool v;
  if (json::GetBool(watch, "chat", &v)) br.watch_chat = v;
  if (json::GetBool(watch, "paperclips", &v)) br.watch_paperclips = v;
  br.next_push_ms = NowMs();
  console_.Printf("web-ui: watch chat=%d paperclips=%d\n", br.watch_chat, br.watch_paperclips);
}

void Loop::WsSend(uint32_t i, const char* text, size_t len) {
  Conn& c = *conns_[i];
  if (c.closing || c.dying) return;
  // A page that does not read its socket loses pushes, never the guest's
  // memory: the queue is bounded and the next push carries the state again.
  if (!c.Room() || len + websocket::kMaxServerHeaderBytes > c.TailRoom()) {
    console_.Printf("web-ui: push dropped conn=%llu (queue full)\n", (unsigned long long)c.serial);
    return;
  }
  size_t h = websocket::WriteFrameHeader(websocket::Opcode::kText, len, c.Tail(), c.TailRoom());
  if (h == 0) return;
  memcpy(c.Tail() + h, text, len);
  c.out_tail += static_cast<uint32_t>(h + len);
  if (!c.send_posted && c.hold_until_ms <= NowMs()) PostSend(i);
}

void Loop::WsClose(uint32_t i, uint16_t code) {
  Conn& c = *conns_[i];
  if (c.closing || c.dying) return;
  size_t n = websocket::WriteClose(code, "", 0, c.Tail(), c.TailRoom());
  c.out_tail += static_cast<uint32_t>(n);
  c.closing = true;
  c.drain_deadline_ms = NowMs() + kCloseDrainMs;
  if (!c.send_posted) PostSend(i);
}

void Loop::PushSessionEnd(Browser* br, uint32_t conn, const char* state) {
  char msg[96];
  int n = snprintf(msg, sizeof(msg), "{\"event\":\"session\",\"state\":\"%s\"}", state);
  WsSend(conn, msg, size_t(n));
  WsClose(conn, 1000);
  br->ws_conn = -1;
}

void Loop::PushTick(uint32_t b, uint64_t now) {
  Browser& br = *browsers_[b];
  br.next_push_ms = now + kPushIntervalMs;
  if (br.ws_conn < 0 || At(uint32_t(br.ws_conn), br.ws_serial) == nullptr) {
    br.ws_conn = -1;
    br.next_push_ms = UINT64_MAX;
    return;
  }
  if (br.session.state() != rs::SessionState::kAuthenticated || br.session.busy()) return;
  const rs::BundleEntry* chat = EntryOf(br.session.capset(), rs::CapKind::kChat);
  // Only a running worker is asked: a push never starts one.
  if (br.watch_chat && !br.chat_inflight && chat != nullptr && br.session.worker_running()) {
    rs::Request q;
    q.kind = rs::RequestKind::kCall;
    q.quiet = true;
    CopyName(chat->name, &q.cap_name);
    q.interface_id = chat->interface_id;
    q.method = rs::CallMethod::kChatPoll;
    q.since_seq = br.chat_since;
    Submit(b, 0, q, WaitKind::kPushChat);
  }
  if (browsers_[b] == nullptr) return;
  const rs::BundleEntry* clips = EntryOf(br.session.capset(), rs::CapKind::kPaperclips);
  if (br.watch_paperclips && !br.paperclips_inflight && clips != nullptr) {
    rs::Request q;
    q.kind = rs::RequestKind::kCall;
    q.quiet = true;
    CopyName(clips->name, &q.cap_name);
    q.interface_id = clips->interface_id;
    q.method = rs::CallMethod::kPaperclips;
    memcpy(q.verb.data, "status", 7);
    q.verb.len = 6;
    Submit(b, 0, q, WaitKind::kPushPaperclips);
  }
}

void Loop::Push(uint32_t b, WaitKind kind, const char* json, size_t n) {
  Browser& br = *browsers_[b];
  bool chat = kind == WaitKind::kPushChat;
  (chat ? br.chat_inflight : br.paperclips_inflight) = false;
  if (br.ws_conn < 0 || At(uint32_t(br.ws_conn), br.ws_serial) == nullptr || n == 0) return;
  JsonSpan part, field;
  if (!FindMember2(json, n, "callResult", chat ? "chatMessages" : "paperclips", &part)) return;
  static char msg[kMaxResponseBytes];
  int len = 0;
  if (chat) {
    uint64_t latest = FindMember(part.data, part.len, "latestSeq", &field) ? Decimal(field) : 0;
    bool any = FindMember(part.data, part.len, "messages", &field) && field.len > 2;
    if (!any || latest <= br.chat_since) return;
    br.chat_since = latest;
    len = snprintf(msg, sizeof(msg), "{\"event\":\"chat\",\"messages\":%.*s}", int(part.len),
                   part.data);
  } else {
    uint64_t ticks = FindMember(part.data, part.len, "ticks", &field) ? Decimal(field) : 0;
    if (ticks == br.paperclips_ticks) return;
    br.paperclips_ticks = ticks;
    len = snprintf(msg, sizeof(msg), "{\"event\":\"paperclips\",\"view\":%.*s}", int(part.len),
                   part.data);
  }
  if (len > 0 && size_t(len) < sizeof(msg)) WsSend(uint32_t(br.ws_conn), msg, size_t(len));
}

}  // namespace web_ui
