// The terminal* calls on the CapSet's terminal entry: checked here, run by
// the backend (which hosts the session's terminals), answered as
// callResult.terminal. Reads and writes are the terminal's traffic, not
// session events: they are not written to the transcript (keystrokes never
// are), unless refused by the core.
#include <stdio.h>

#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/stage_clock.h"

namespace remote_session {
namespace {

constexpr TerminalStatusCode kTooLarge = 10;

bool IsTraffic(CallMethod m) {
  return m == CallMethod::kTerminalRead || m == CallMethod::kTerminalWrite ||
         m == CallMethod::kTerminalInfo;
}

TerminalOp OpFor(CallMethod m) {
  switch (m) {
    case CallMethod::kTerminalOpen:
      return TerminalOp::kOpen;
    case CallMethod::kTerminalAttach:
      return TerminalOp::kAttach;
    case CallMethod::kTerminalWrite:
      return TerminalOp::kWrite;
    case CallMethod::kTerminalResize:
      return TerminalOp::kResize;
    case CallMethod::kTerminalRead:
      return TerminalOp::kRead;
    case CallMethod::kTerminalInfo:
      return TerminalOp::kInfo;
    case CallMethod::kTerminalDetach:
      return TerminalOp::kDetach;
    case CallMethod::kTerminalClose:
      return TerminalOp::kClose;
    default:
      return TerminalOp::kList;
  }
}

// One answer at a time (large; sessions run on one thread).
TerminalReply terminal_reply;

}  // namespace

Output Session::TerminalCall(const Request& req, const Reply& r, const char* detail) {
  const TerminalRequest& in = req.terminal;
  if (req.terminal_bad_mode || in.wait_ms > kMaxTerminalWaitMs)
    return Deny(r, ErrorCode::kMalformedRequest, "call", detail, false);
  // A read-only entry may follow, never own.
  uint32_t index = 0;
  capset_.Find(req.cap_name.data, req.cap_name.len, req.interface_id, &index);
  if (req.method == CallMethod::kTerminalAttach && in.mode == TerminalModeCode::kOwner &&
      (capset_.At(index).rights & kRightWrite) == 0)
    return Deny(r, ErrorCode::kMethodDenied, "call", detail, false);
  TerminalReply& reply = terminal_reply;
  reply = TerminalReply();
  if (req.terminal_too_large) {
    // A domain result, like the terminal's own bound.
    reply.status = kTooLarge;
    reply.limit = kMaxTerminalWriteBytes;
    return TerminalAnswer(r, req.method, reply, detail);
  }
  TerminalRequest call = in;
  call.op = OpFor(req.method);
  call.bytes = req.terminal_bytes;
  bool waits = call.op == TerminalOp::kRead && call.wait_ms > 0;
  Pending* slot = nullptr;
  uint32_t tag = 0;
  if (waits) {
    if (outstanding_ >= limits_.max_outstanding_worker_calls ||
        (slot = TakePendingSlot()) == nullptr)
      return Deny(r, ErrorCode::kBoundExceeded, "call", detail, false);
    tag = next_tag_++;
    if (next_tag_ == 0) next_tag_ = 1;
    *slot = Pending{true, tag, r.id, req.method, logins_, worker_starts_, quiet_, origin_};
    ++outstanding_;
  }
  BackendStatus st;
  {
    StageTimer t(Stage::kBackend);
    st = backend_.CallTerminal(session_, tag, call, &reply);
  }
  if (st == BackendStatus::kPending && waits) {
    Output o;
    o.pending = true;
    return o;
  }
  if (slot != nullptr) {
    slot->used = false;
    --outstanding_;
  }
  if (st == BackendStatus::kPending) st = BackendStatus::kUnavailable;
  if (st != BackendStatus::kOk) return Failed(r, st, "call", detail);
  return TerminalAnswer(r, req.method, reply, detail);
}

Output Session::TerminalAnswer(const Reply& r, CallMethod method, const TerminalReply& reply,
                               const char* detail) {
  if (!IsTraffic(method) || reply.status != 0)
    Record(r.now_ms, "call", detail, TerminalStatusName(reply.status));
  return Send(WriteTerminalResult(r.frame, r.id, method, reply));
}

Output Session::CompleteTerminal(uint32_t call_tag, BackendStatus status,
                                 const TerminalReply* reply, uint64_t now_ms, uint8_t* out,
                                 size_t capacity) {
  StageTimer frame(Stage::kFrame);
  Pending p;
  if (!TakePending(call_tag, &p)) return Output{};
  QuietScope quiet(this, p.quiet, p.origin);
  Reply r{{out, capacity, limits_.max_frame_bytes}, p.request_id, now_ms};
  char detail[kTranscriptDetailBytes];
  snprintf(detail, sizeof(detail), "method=%s", CallMethodName(p.method));
  if (state_ != SessionState::kAuthenticated || p.login != logins_)
    return Deny(r, ErrorCode::kStaleSession, "call", detail, false);
  if (status == BackendStatus::kPending) status = BackendStatus::kUnavailable;
  if (status != BackendStatus::kOk || reply == nullptr) {
    return Failed(r, status == BackendStatus::kOk ? BackendStatus::kUnavailable : status, "call",
                  detail);
  }
  return TerminalAnswer(r, p.method, *reply, detail);
}

}  // namespace remote_session
