// CapSet lookups and calls on CapSet entries (direct and through the
// per-session chat worker).
#include <stdio.h>
#include <string.h>

#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/stage_clock.h"

namespace remote_session {
namespace {

ChatOp OpFor(CallMethod m) {
  switch (m) {
    case CallMethod::kChatJoin:
      return ChatOp::kJoin;
    case CallMethod::kChatLeave:
      return ChatOp::kLeave;
    case CallMethod::kChatSend:
      return ChatOp::kSend;
    case CallMethod::kChatPoll:
      return ChatOp::kPoll;
    default:
      return ChatOp::kWho;
  }
}

// One system text answer at a time (large; sessions run on one thread).
Completion text_answer;

// out = "method=<name>", cut to cap as snprintf would: a worker's answer
// comes right after address-space switches, when the formatter's pages
// would be one more set of TLB refills.
void MethodDetail(char* out, size_t cap, CallMethod m) {
  size_t n = 0;
  for (const char* s : {"method=", CallMethodName(m)}) {
    while (*s != 0 && n + 1 < cap) out[n++] = *s++;
  }
  out[n] = 0;
}

}  // namespace

Output Session::Lookup(const Request& req, const Reply& r, const char* kind, const char* detail,
                       uint32_t* index) {
  LookupResult lr = req.cap_name.too_long ? LookupResult::kUnknownCap
                                          : capset_.Find(req.cap_name.data, req.cap_name.len,
                                                         req.interface_id, index);
  if (lr == LookupResult::kUnknownCap) return Deny(r, ErrorCode::kUnknownCap, kind, detail, false);
  if (lr == LookupResult::kWrongInterface)
    return Deny(r, ErrorCode::kWrongInterface, kind, detail, false);
  return Output{};
}

Output Session::CapSetGet(const Request& req, const Reply& r) {
  char detail[kTranscriptDetailBytes];
  snprintf(detail, sizeof(detail), "cap=%s", req.cap_name.data);
  uint32_t index = 0;
  Output o = Lookup(req, r, "capSetGet", detail, &index);
  if (o.length != 0 || o.close) return o;
  Record(r.now_ms, "capSetGet", detail, "ok");
  return Send(WriteCapSetEntry(r.frame, r.id, capset_.At(index)));
}

Output Session::Call(const Request& req, const Reply& r) {
  char detail[kTranscriptDetailBytes];
  snprintf(detail, sizeof(detail), "cap=%s method=%s", req.cap_name.data,
           CallMethodName(req.method));
  uint32_t index = 0;
  Output o = Lookup(req, r, "call", detail, &index);
  if (o.length != 0 || o.close) return o;
  const BundleEntry& e = capset_.At(index);
  if (!MethodAllowed(e.kind, e.rights, req.method))
    return Deny(r, ErrorCode::kMethodDenied, "call", detail, false);
  if (IsTerminalMethod(req.method)) return TerminalCall(req, r, detail);

  switch (req.method) {
    case CallMethod::kSessionInfo: {
      Summary sm;
      BackendStatus st;
      {
        StageTimer t(Stage::kBackend);
        st = backend_.SessionInfo(session_, &sm);
      }
      if (st != BackendStatus::kOk) return Failed(r, st, "call", detail);
      sm.principal[kMaxPrincipalBytes] = 0;
      sm.profile[kMaxProfileBytes] = 0;
      Record(r.now_ms, "call", detail, "ok");
      return Send(WriteCallSession(r.frame, r.id, sm, tag_));
    }
    case CallMethod::kSystemMotd:
    case CallMethod::kSystemBuildInfo: {
      Completion& c = text_answer;
      c = Completion();
      c.kind = OpKind::kSystemText;
      SystemTextKind k = req.method == CallMethod::kSystemMotd ? SystemTextKind::kMotd
                                                               : SystemTextKind::kBuildInfo;
      c.status = backend_.SystemText(session_, k, &c);
      if (c.status == BackendStatus::kPending) return Wait(OpKind::kSystemText, r, detail);
      return SystemTextDone(c, r, detail);
    }
    case CallMethod::kAdventure:
    case CallMethod::kPaperclips:
      return GameCall(req, r, detail, e);
    default:
      return ChatCall(req, r, detail);
  }
}

Output Session::ChatCall(const Request& req, const Reply& r, const char* detail) {
  if (req.method == CallMethod::kChatSend && req.chat_text.too_long) {
    // A domain result, like the chat server's own textBytes refusal.
    Record(r.now_ms, "call", detail, "notSent");
    return Send(WriteChatNotSent(r.frame, r.id, "boundExceeded"));
  }
  if (outstanding_ >= limits_.max_outstanding_worker_calls)
    return Deny(r, ErrorCode::kBoundExceeded, "call", detail, false);
  if (worker_running_) return ChatSubmit(req, r, detail);
  if (shared_.cap_holders != nullptr && !shared_.cap_holders->TryAcquire())
    return Deny(r, ErrorCode::kBoundExceeded, "call", detail, false);
  BackendStatus st = backend_.StartChatWorker(session_);
  if (st == BackendStatus::kPending) {
    Output o = Wait(OpKind::kWorkerStart, r, detail);
    waiting_.request = req;
    return o;
  }
  return WorkerStarted(st, req, r, detail);
}

Output Session::WorkerStarted(BackendStatus st, const Request& req, const Reply& r,
                              const char* detail) {
  if (st != BackendStatus::kOk) {
    if (shared_.cap_holders != nullptr) shared_.cap_holders->Release();
    return Failed(r, st, "call", detail);
  }
  worker_running_ = true;
  ++worker_starts_;
  Record(r.now_ms, "worker", "chat worker started", "ok");
  return ChatSubmit(req, r, detail);
}

void Session::WorkerGone(uint32_t started, uint64_t now_ms) {
  // Several calls may report the same death; a worker started since is
  // alive and stays.
  if (!worker_running_ || started != worker_starts_) return;
  worker_running_ = false;
  if (shared_.cap_holders != nullptr) shared_.cap_holders->Release();
  Record(now_ms, "worker", "chat worker gone; the next chat call starts a new one", "unavailable");
}

Output Session::SystemTextDone(const Completion& c, const Reply& r, const char* detail) {
  if (c.status != BackendStatus::kOk) return Failed(r, c.status, "call", detail);
  size_t len = c.text_len < kMaxSystemTextBytes ? c.text_len : kMaxSystemTextBytes;
  Record(r.now_ms, "call", detail, "ok");
  return Send(WriteCallText(r.frame, r.id, c.text, len));
}

Session::Pending* Session::TakePendingSlot() {
  for (Pending& p : pending_) {
    if (!p.used) return &p;
  }
  return nullptr;
}

bool Session::TakePending(uint32_t call_tag, Pending* out) {
  for (Pending& p : pending_) {
    if (!p.used || p.tag != call_tag) continue;
    *out = p;
    p.used = false;
    --outstanding_;
    return true;
  }
  return false;
}

Output Session::ChatSubmit(const Request& req, const Reply& r, const char* detail) {
  Pending* slot = TakePendingSlot();
  if (slot == nullptr) return Deny(r, ErrorCode::kBoundExceeded, "call", detail, false);
  ChatRequest cr;
  cr.op = OpFor(req.method);
  cr.text = req.chat_text.data;
  cr.text_len = req.chat_text.len;
  cr.since_seq = req.since_seq;
  cr.limit = kMaxChatPollMessages;
  uint32_t tag = next_tag_++;
  if (next_tag_ == 0) next_tag_ = 1;
  // Reserved before the call, so a backend that answers re-entrantly or
  // later always finds it.
  *slot = Pending{true, tag, r.id, req.method, logins_, worker_starts_, quiet_, origin_};
  ++outstanding_;
  ChatReply reply;
  BackendStatus st;
  {
    StageTimer t(Stage::kBackend);
    st = backend_.CallChat(session_, tag, cr, &reply);
  }
  if (st == BackendStatus::kPending) {
    Output o;
    o.pending = true;
    return o;
  }
  slot->used = false;
  --outstanding_;
  if (st == BackendStatus::kWorkerGone) WorkerGone(worker_starts_, r.now_ms);
  if (st != BackendStatus::kOk) return Failed(r, st, "call", detail);
  return ChatAnswer(r, req.method, reply, detail);
}

Output Session::ChatAnswer(const Reply& r, CallMethod method, const ChatReply& reply,
                           const char* detail) {
  if (method == CallMethod::kChatJoin && reply.status != ChatStatus::kOk) {
    ErrorCode code = reply.status == ChatStatus::kBoundExceeded ? ErrorCode::kBoundExceeded
                                                                : ErrorCode::kUnavailable;
    return Deny(r, code, "call", detail, false);
  }
  bool not_sent =
      method == CallMethod::kChatSend && !(reply.status == ChatStatus::kOk && reply.sent);
  Record(r.now_ms, "call", detail, not_sent ? "notSent" : "ok");
  return Send(WriteChatResult(r.frame, r.id, method, reply));
}

Output Session::CompleteChat(uint32_t call_tag, BackendStatus status, const ChatReply* reply,
                             uint64_t now_ms, uint8_t* out, size_t capacity) {
  StageTimer frame(Stage::kFrame);
  Pending p;
  if (!TakePending(call_tag, &p)) return Output{};
  QuietScope quiet(this, p.quiet, p.origin);
  Reply r{{out, capacity, limits_.max_frame_bytes}, p.request_id, now_ms};
  char detail[kTranscriptDetailBytes];
  MethodDetail(detail, sizeof(detail), p.method);
  // An answer for an earlier login (or after logout) must not leak into
  // whatever this connection is now.
  if (state_ != SessionState::kAuthenticated || p.login != logins_)
    return Deny(r, ErrorCode::kStaleSession, "call", detail, false);
  if (status == BackendStatus::kPending) status = BackendStatus::kUnavailable;
  if (status == BackendStatus::kWorkerGone) WorkerGone(p.worker, now_ms);
  if (status != BackendStatus::kOk || reply == nullptr) {
    return Failed(r, status == BackendStatus::kOk ? BackendStatus::kUnavailable : status, "call",
                  detail);
  }
  return ChatAnswer(r, p.method, *reply, detail);
}

}  // namespace remote_session
