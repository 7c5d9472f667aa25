// The service catalog, launch / status / stop, and calls on what a session
// launched. The backend decides every launch (classes, quotas, grants, the
// launcher's own policy) and writes the audit line; the core checks the
// request's shape, keeps the CapSet in step with what runs, and checks a
// game Command against its descriptors before anything leaves the guest's
// front end.
#include <stdio.h>

#include "services/lib/remote-session/descriptors.h"
#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/stage_clock.h"

namespace remote_session {
namespace {

// Large, and sessions run on one thread: one of each at a time.
ServiceCatalogView catalog_answer;
Completion service_answer;
alignas(8) uint8_t game_params[1024];

}  // namespace

Output Session::Services(Request& req, const Reply& r, const char* kind) {
  char detail[kTranscriptDetailBytes];
  snprintf(detail, sizeof(detail), "profile=%s", req.service.data);
  if (req.kind == RequestKind::kServiceCatalog) {
    ServiceCatalogView& c = catalog_answer;
    c = ServiceCatalogView();
    BackendStatus st = backend_.ServiceCatalog(session_, &c);
    if (st != BackendStatus::kOk) return Failed(r, st, kind, "");
    Record(r.now_ms, kind, "", "ok");
    return Send(WriteServiceCatalog(r.frame, r.id, c));
  }
  if (req.service.too_long || req.service.len == 0 || req.binary.too_long || req.bad_grants)
    return Deny(r, ErrorCode::kMalformedRequest, kind, "", false);
  Completion& c = service_answer;
  c = Completion();
  switch (req.kind) {
    case RequestKind::kServiceLaunch: {
      c.kind = OpKind::kServiceLaunch;
      LaunchRequest lr;
      lr.profile = req.service.data;
      lr.binary = req.binary.data;
      lr.grants = req.grants;
      lr.grant_count = req.grant_count;
      for (uint32_t k = 0; k < capset_.size(); ++k)
        lr.has_runner = lr.has_runner || capset_.At(k).kind == CapKind::kLauncher;
      c.status = backend_.ServiceLaunch(session_, lr, &c);
      break;
    }
    case RequestKind::kServiceStop:
      c.kind = OpKind::kServiceStop;
      c.status = backend_.ServiceStop(session_, req.service.data, &c);
      break;
    default: {
      c.status = backend_.ServiceStatus(session_, req.service.data, &c.service);
      if (c.status == BackendStatus::kLaunchDenied) c.denial = LaunchDenial::kUnknownProfile;
      if (c.status != BackendStatus::kOk) return ServiceDone(c, r, detail);
      Record(r.now_ms, kind, detail, "ok");
      return Send(WriteServiceState(r.frame, r.id, c.service));
    }
  }
  if (c.status == BackendStatus::kPending) return Wait(c.kind, r, detail);
  return ServiceDone(c, r, detail);
}

Output Session::ServiceDone(const Completion& c, const Reply& r, const char* detail) {
  const char* kind = c.kind == OpKind::kServiceLaunch ? "serviceLaunch"
                     : c.kind == OpKind::kServiceStop ? "serviceStop"
                                                      : "serviceStatus";
  if (c.status == BackendStatus::kLaunchDenied) {
    char why[kTranscriptDetailBytes];
    snprintf(why, sizeof(why), "%s denial=%s", detail, LaunchDenialName(c.denial));
    Record(r.now_ms, kind, why, ErrorCodeName(ErrorCode::kLaunchDenied));
    return Send(WriteLaunchDenied(r.frame, r.id, c.denial));
  }
  if (c.status != BackendStatus::kOk) return Failed(r, c.status, kind, detail);
  ServiceInfo& si = service_answer.service;
  if (&si != &c.service) si = c.service;
  // The exports are session-bound entries: in the CapSet exactly while
  // the service runs for this session.
  for (uint32_t i = 0; i < si.export_count && i < kMaxServiceExports; ++i) {
    if (c.kind == OpKind::kServiceLaunch) {
      capset_.Add(si.exports[i]);
    } else {
      capset_.Remove(si.exports[i].name);
    }
  }
  if (c.kind == OpKind::kServiceStop) si.export_count = 0;
  Record(r.now_ms, kind, detail, "ok");
  return Send(WriteServiceState(r.frame, r.id, si));
}

Output Session::GameCall(const Request& req, const Reply& r, const char* detail,
                         const BundleEntry& e) {
  char what[kTranscriptDetailBytes];
  snprintf(what, sizeof(what), "%s verb=%s", detail, req.verb.data);
  ServiceCall call;
  const MethodDescriptor* m = nullptr;
  switch (BuildServiceCall(e.kind, e.rights, req, game_params, sizeof(game_params), &call, &m)) {
    case CommandCheck::kOk:
      break;
    case CommandCheck::kUnknownVerb:
    case CommandCheck::kNotAllowed:
      return Deny(r, ErrorCode::kMethodDenied, "call", what, false);
    case CommandCheck::kBadArgs:
      return Deny(r, ErrorCode::kMalformedRequest, "call", what, false);
  }
  if (outstanding_ >= limits_.max_outstanding_worker_calls)
    return Deny(r, ErrorCode::kBoundExceeded, "call", what, false);
  Pending* slot = TakePendingSlot();
  if (slot == nullptr) return Deny(r, ErrorCode::kBoundExceeded, "call", what, false);
  uint32_t tag = next_tag_++;
  if (next_tag_ == 0) next_tag_ = 1;
  *slot = Pending{true, tag, r.id, req.method, logins_, worker_starts_, quiet_, origin_};
  ++outstanding_;
  BackendStatus st;
  {
    StageTimer t(Stage::kBackend);
    st = backend_.CallService(session_, tag, call);
  }
  if (st == BackendStatus::kPending) {
    Output o;
    o.pending = true;
    return o;
  }
  slot->used = false;
  --outstanding_;
  return Failed(r, st == BackendStatus::kOk ? BackendStatus::kUnavailable : st, "call", what);
}

Output Session::CompleteService(uint32_t call_tag, BackendStatus status, const void* results,
                                size_t len, uint64_t now_ms, uint8_t* out, size_t capacity) {
  StageTimer frame(Stage::kFrame);
  Pending p;
  if (!TakePending(call_tag, &p)) return Output{};
  QuietScope quiet(this, p.quiet, p.origin);
  Reply r{{out, capacity, limits_.max_frame_bytes}, p.request_id, now_ms};
  const char* detail = CallMethodName(p.method);
  if (state_ != SessionState::kAuthenticated || p.login != logins_)
    return Deny(r, ErrorCode::kStaleSession, "call", detail, false);
  if (status == BackendStatus::kPending || status == BackendStatus::kWorkerGone)
    status = BackendStatus::kUnavailable;
  if (status != BackendStatus::kOk) return Failed(r, status, "call", detail);
  CapKind kind = p.method == CallMethod::kAdventure ? CapKind::kAdventure : CapKind::kPaperclips;
  bool bad = false;
  size_t n = WriteServiceResult(r.frame, r.id, kind, results, len, &bad);
  if (bad) return Deny(r, ErrorCode::kUnavailable, "call", detail, false);
  Record(now_ms, "call", detail, "ok");
  return Send(n);
}

}  // namespace remote_session
