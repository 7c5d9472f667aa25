// Session lifecycle: login, logout, teardown, dispatch. Calls on CapSet
// entries are in session_calls.cc.
#include "services/lib/remote-session/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/stage_clock.h"

namespace remote_session {

StageTotals& Stages() {
  static StageTotals totals;
  return totals;
}

namespace {

// One login's outcome at a time (large; sessions run on one thread).
LoginOutcome login_outcome;

}  // namespace

Session::Session(Backend& backend, const SharedBounds& shared, const ConnectionInfo& connection,
                 const SessionLimits& limits)
    : backend_(backend),
      shared_(shared),
      connection_(connection),
      limits_(limits),
      pre_auth_since_ms_(connection.connected_at_ms),
      transcript_(limits.transcript_capacity, connection.connected_at_ms) {
  if (limits_.max_outstanding_worker_calls > kMaxPendingCalls)
    limits_.max_outstanding_worker_calls = kMaxPendingCalls;
  if (limits_.max_frame_bytes == 0 || limits_.max_frame_bytes > kDefaultMaxFrameBytes)
    limits_.max_frame_bytes = kDefaultMaxFrameBytes;
  redaction_.host_user = connection.host_user;
  Record(connection.connected_at_ms, "connect", "", "ok");
}

Session::~Session() {
  Disconnect(connection_.connected_at_ms);
  free(client_cert_);
}

void Session::Record(uint64_t now_ms, const char* kind, const char* detail, const char* outcome) {
  if (quiet_) return;
  transcript_.Record(now_ms, kind, detail, outcome, &redaction_);
}

Output Session::Send(size_t length, bool close) {
  Output o;
  o.length = length;
  // A response that cannot be encoded leaves the client waiting forever:
  // closing is the only honest answer.
  o.close = close || length == 0;
  o.origin = origin_;
  return o;
}

Output Session::Deny(const Reply& r, ErrorCode code, const char* kind, const char* detail,
                     bool close) {
  Record(r.now_ms, kind, detail, ErrorCodeName(code));
  return Send(WriteDenied(r.frame, r.id, code), close);
}

Output Session::HandleFrame(const uint8_t* payload, size_t len, uint64_t now_ms, uint8_t* out,
                            size_t capacity, const Via& via) {
  StageTimer frame(Stage::kFrame);
  Request req;
  DecodeStatus decoded;
  {
    StageTimer t(Stage::kDecode);
    decoded = DecodeRequest(payload, len, &req);
  }
  if (decoded != DecodeStatus::kOk) {
    QuietScope scope(this, false, via.origin);
    Reply r{{out, capacity, limits_.max_frame_bytes}, req.request_id, now_ms};
    return Deny(r, ErrorCode::kMalformedRequest, "request", "undecodable request", true);
  }
  req.origin = via.origin;
  req.from_shell = via.from_shell;
  req.quiet = via.quiet;
  Output o = HandleRequest(req, now_ms, out, capacity);
  req.Wipe();
  return o;
}

Output Session::FrameError(FrameStatus status, uint64_t now_ms, uint8_t* out, size_t capacity) {
  Reply r{{out, capacity, limits_.max_frame_bytes}, 0, now_ms};
  char detail[48];
  snprintf(detail, sizeof(detail), "frame %s", FrameStatusName(status));
  return Deny(r, ErrorCode::kMalformedRequest, "frame", detail, true);
}

Output Session::HandleRequest(Request& req, uint64_t now_ms, uint8_t* out, size_t capacity) {
  Reply r{{out, capacity, limits_.max_frame_bytes}, req.request_id, now_ms};
  QuietScope quiet(this, req.quiet, req.origin);
  // A transport that feeds a busy session breaks the answer order; refuse
  // rather than interleave.
  if (waiting_.active) {
    req.Wipe();
    return Deny(r, ErrorCode::kBoundExceeded, "request", "while busy", false);
  }
  if (req.from_shell) {
    // The shell acts within its session; who the session is stays the
    // client's business.
    bool who = req.kind == RequestKind::kLogin || req.kind == RequestKind::kLogout ||
               req.kind == RequestKind::kSessionResume || req.kind == RequestKind::kAuthMethods ||
               req.kind == RequestKind::kAuthChallenge;
    bool nested = req.kind == RequestKind::kCall && IsTerminalMethod(req.method);
    if (who || nested) {
      req.Wipe();
      return Deny(r, ErrorCode::kMethodDenied, "shell", who ? "session request" : "terminal",
                  false);
    }
  }
  switch (req.kind) {
    case RequestKind::kSessionResume:
      return SessionResume(req, r);
    case RequestKind::kAuthMethods:
      Record(now_ms, "authMethods", "", "ok");
      return Send(WriteAuthMethods(r.frame, r.id, has_binding_));
    case RequestKind::kAuthChallenge:
      return AuthChallenge(r);
    case RequestKind::kExportTranscript:
      Record(now_ms, "exportTranscript", "", "ok");
      return Send(WriteTranscript(r.frame, r.id, transcript_));
    case RequestKind::kLogin: {
      Output o = Login(req, r);
      req.Wipe();
      return o;
    }
    case RequestKind::kLogout:
      return Logout(r);
    case RequestKind::kSessionInfo:
    case RequestKind::kCapSetList:
    case RequestKind::kCapSetGet:
    case RequestKind::kCall:
    case RequestKind::kServiceCatalog:
    case RequestKind::kServiceLaunch:
    case RequestKind::kServiceStatus:
    case RequestKind::kServiceStop:
      break;
  }
  // Indexed by RequestKind up to kSessionResume (kAuthChallenge is
  // answered above).
  static const char* const kKinds[] = {
      "authMethods",   "login",       "sessionInfo",      "capSetList",     "capSetGet",
      "call",          "logout",      "exportTranscript", "serviceCatalog", "serviceLaunch",
      "serviceStatus", "serviceStop", "sessionResume"};
  const char* kind = kKinds[uint32_t(req.kind)];
  if (state_ == SessionState::kPreAuth)
    return Deny(r, ErrorCode::kNotAuthenticated, kind, "", false);
  if (state_ == SessionState::kLoggedOut) return Deny(r, ErrorCode::kStaleSession, kind, "", false);
  switch (req.kind) {
    case RequestKind::kSessionInfo:
      return SessionInfo(r);
    case RequestKind::kCapSetList:
      Record(now_ms, "capSetList", "", "ok");
      return Send(WriteCapSet(r.frame, r.id, capset_));
    case RequestKind::kCapSetGet:
      return CapSetGet(req, r);
    case RequestKind::kCall:
      return Call(req, r);
    default:
      return Services(req, r, kind);
  }
}

Output Session::Login(Request& req, const Reply& r) {
  // Any login attempt ends the previous login first, so a denied re-login
  // leaves nothing of it behind.
  if (state_ == SessionState::kAuthenticated) TearDown(r.now_ms, "relogin");
  state_ = SessionState::kPreAuth;
  redaction_.secrets[0] = req.password.data;  // while this login is recorded
  const AuthMethodRow& row = AuthMethodFor(req.login);
  char detail[64];
  snprintf(detail, sizeof(detail), "method=%s", row.name);
  // Any login uses the challenge up, whatever its method and outcome: a
  // proof over it can be tried once.
  const bool nonce = has_nonce_;
  has_nonce_ = false;
  const bool enabled = row.enabled || (req.login == LoginKind::kPublicKey && has_binding_);
  Output o;
  if (!enabled) {
    o = LoginFailed(r, ErrorCode::kDisabledAuthMethod, detail);
  } else {
    o = LoginEnabled(req, r, detail, nonce);
  }
  req.Wipe();
  redaction_.secrets[0] = nullptr;
  return o;
}

Output Session::LoginEnabled(Request& req, const Reply& r, const char* detail, bool nonce) {
  LoginRequest lr;
  lr.source = connection_.source;  // never from the client
  lr.requested_profile = req.profile.data;
  lr.requested_profile_len = req.profile.len;
  bool bad_input = req.profile.too_long;
  if (req.login == LoginKind::kPassword) {
    lr.method = AuthMethod::kPassword;
    lr.principal = req.principal.data;
    lr.principal_len = req.principal.len;
    lr.secret = req.password.data;
    lr.secret_len = req.password.len;
    bad_input =
        bad_input || req.principal.too_long || req.password.too_long || req.principal.len == 0;
  } else if (req.login == LoginKind::kPublicKey) {
    lr.method = AuthMethod::kPublicKey;
    lr.principal = req.principal.data;
    lr.principal_len = req.principal.len;
    lr.secret = reinterpret_cast<const char*>(req.signature);
    lr.secret_len = req.signature_len;
    lr.public_key = req.public_key;
    // Without a live nonce the authority gets no challenge and says so in
    // its audit (noChallenge); the client sees authDenied either way.
    lr.source.challenge = nonce ? challenge_ : nullptr;
    bad_input = bad_input || !req.proof_ok || req.principal.too_long || req.principal.len == 0;
  } else {
    lr.method = req.login == LoginKind::kGuest ? AuthMethod::kGuest : AuthMethod::kAnonymous;
  }
  if (bad_input) return LoginFailed(r, ErrorCode::kAuthDenied, detail);

  LoginOutcome& lo = login_outcome;
  lo = LoginOutcome();
  backend_.Login(lr, &lo);
  req.Wipe();
  if (lo.verdict == LoginVerdict::kPending) {
    Output o = Wait(OpKind::kLogin, r, detail);
    waiting_.login = lo.session;
    return o;
  }
  return LoginDone(lo, r, detail);
}

Output Session::LoginDone(LoginOutcome& lo, const Reply& r, const char* detail) {
  switch (lo.verdict) {
    case LoginVerdict::kOk:
      break;
    case LoginVerdict::kDenied:
    case LoginVerdict::kBackoff:
      return LoginFailed(r, ErrorCode::kAuthDenied, detail);
    case LoginVerdict::kBoundExceeded:
      return Deny(r, ErrorCode::kBoundExceeded, "login", detail, false);
    case LoginVerdict::kUnavailable:
    case LoginVerdict::kPending:
      return Deny(r, ErrorCode::kUnavailable, "login", detail, false);
  }
  if (lo.session == 0) return Deny(r, ErrorCode::kUnavailable, "login", detail, false);
  lo.summary.principal[kMaxPrincipalBytes] = 0;
  lo.summary.profile[kMaxProfileBytes] = 0;

  // From here on a failure must hand the backend session back.
  ErrorCode fail = ErrorCode::kBoundExceeded;
  bool ok = false;
  if (lo.entry_count > kMaxBundleEntries) {
    fail = ErrorCode::kUnavailable;
  } else if (shared_.logins->TryAcquire(lo.summary.principal)) {
    if (shared_.cap_holders == nullptr || shared_.cap_holders->TryAcquire()) {
      ok = true;
    } else {
      shared_.logins->Release(lo.summary.principal);
    }
  }
  if (!ok) {
    backend_.Logout(lo.session, false);
    return Deny(r, fail, "login", detail, false);
  }
  capset_.Load(lo.entries, lo.entry_count);
  session_ = lo.session;
  summary_ = lo.summary;
  summary_.live = true;
  state_ = SessionState::kAuthenticated;
  ++logins_;
  snprintf(tag_, sizeof(tag_), "login-%u", logins_);
  char ok_detail[kTranscriptDetailBytes];
  snprintf(ok_detail, sizeof(ok_detail), "%s class=%s profile=%s", detail,
           PrincipalClassName(summary_.principal_class), summary_.profile);
  Record(r.now_ms, "login", ok_detail, "ok");
  has_ticket_ = shared_.tickets != nullptr && shared_.tickets->Mint(ticket_);
  return Send(
      WriteSessionView(r.frame, r.id, true, summary_, tag_, has_ticket_ ? ticket_ : nullptr));
}

Output Session::Wait(OpKind kind, const Reply& r, const char* detail) {
  waiting_.active = true;
  waiting_.kind = kind;
  waiting_.request_id = r.id;
  waiting_.quiet = quiet_;
  waiting_.origin = origin_;
  waiting_.login = 0;
  snprintf(waiting_.detail, sizeof(waiting_.detail), "%s", detail);
  Output o;
  o.pending = true;
  return o;
}

Output Session::Complete(const Completion& c, uint64_t now_ms, uint8_t* out, size_t capacity) {
  StageTimer frame(Stage::kFrame);
  if (!waiting_.active || waiting_.kind != c.kind) return Output{};
  waiting_.active = false;
  Reply r{{out, capacity, limits_.max_frame_bytes}, waiting_.request_id, now_ms};
  QuietScope quiet(this, waiting_.quiet, waiting_.origin);
  const char* detail = waiting_.detail;
  switch (c.kind) {
    case OpKind::kLogin: {
      LoginOutcome& lo = login_outcome;
      lo = c.login;
      return LoginDone(lo, r, detail);
    }
    case OpKind::kSystemText:
      return SystemTextDone(c, r, detail);
    case OpKind::kWorkerStart:
      return WorkerStarted(c.status, waiting_.request, r, detail);
    case OpKind::kLogout:
      return Send(WriteLoggedOut(r.frame, r.id));
    case OpKind::kServiceLaunch:
    case OpKind::kServiceStop:
      return ServiceDone(c, r, detail);
  }
  return Output{};
}

Output Session::LoginFailed(const Reply& r, ErrorCode code, const char* detail) {
  ++failed_logins_;
  uint64_t hold = 0;
  if (shared_.sources != nullptr) {
    hold = shared_.sources->RecordFailure(connection_.source.source_id, r.now_ms);
  }
  bool last = failed_logins_ >= limits_.max_auth_tries;
  Output o = Deny(r, code, "login", detail, last);
  if (last) Record(r.now_ms, "close", "maxAuthTries", ErrorCodeName(ErrorCode::kLoginTimeout));
  o.hold_ms = hold;
  return o;
}

void Session::SetChannelBinding(const uint8_t* binding) {
  if (has_binding_) return;
  memcpy(challenge_ + kNonceBytes, binding, kChannelBindingBytes);
  has_binding_ = true;
}

void Session::SetClientCertificate(const uint8_t* der, uint32_t len) {
  if (client_cert_ != nullptr || len == 0 || len > kMaxClientCertBytes) return;
  client_cert_ = static_cast<uint8_t*>(malloc(len));
  if (client_cert_ == nullptr) return;
  memcpy(client_cert_, der, len);
  connection_.source.client_cert = client_cert_;
  connection_.source.client_cert_len = len;
}

Output Session::AuthChallenge(const Reply& r) {
  // The nonce comes from the front end's random source (the resume
  // tickets' generator), two tickets' worth.
  static_assert(kNonceBytes == 2 * kResumeTicketBytes, "a nonce is two tickets' bytes");
  if (!has_binding_) {
    return Deny(r, ErrorCode::kDisabledAuthMethod, "authChallenge", "no TLS channel binding",
                false);
  }
  if (shared_.tickets == nullptr || !shared_.tickets->Mint(challenge_) ||
      !shared_.tickets->Mint(challenge_ + kResumeTicketBytes)) {
    return Deny(r, ErrorCode::kDisabledAuthMethod, "authChallenge", "no random source", false);
  }
  has_nonce_ = true;
  Record(r.now_ms, "authChallenge", "", "ok");
  return Send(WriteChallenge(r.frame, r.id, challenge_));
}

uint64_t Session::GraceDeadlineMs() const {
  // A login (or logout) in flight is not idling.
  if (disconnected_ || state_ == SessionState::kAuthenticated || waiting_.active) return 0;
  return pre_auth_since_ms_ + limits_.pre_auth_grace_ms;
}

Output Session::GraceExpired(uint64_t now_ms, uint8_t* out, size_t capacity) {
  Reply r{{out, capacity, limits_.max_frame_bytes}, 0, now_ms};
  return Deny(r, ErrorCode::kLoginTimeout, "close", "pre-auth grace period over", true);
}

Output Session::Evicted(uint64_t now_ms, uint8_t* out, size_t capacity) {
  Reply r{{out, capacity, limits_.max_frame_bytes}, 0, now_ms};
  return Deny(r, ErrorCode::kBoundExceeded, "close", "pre-auth slot given to a newer connection",
              true);
}

Output Session::Logout(const Reply& r) {
  if (state_ == SessionState::kPreAuth)
    return Deny(r, ErrorCode::kNotAuthenticated, "logout", "", false);
  if (state_ == SessionState::kLoggedOut)
    return Deny(r, ErrorCode::kStaleSession, "logout", "", false);
  // The answer waits until the backend has stopped the worker and logged
  // the session out, so "loggedOut" means nothing of it runs any more.
  if (TearDown(r.now_ms, "logout", true)) return Wait(OpKind::kLogout, r, "");
  return Send(WriteLoggedOut(r.frame, r.id));
}

Output Session::SessionInfo(const Reply& r) {
  Summary sm;
  BackendStatus st;
  {
    StageTimer t(Stage::kBackend);
    st = backend_.SessionInfo(session_, &sm);
  }
  if (st != BackendStatus::kOk) return Failed(r, st, "sessionInfo", "");
  sm.principal[kMaxPrincipalBytes] = 0;
  sm.profile[kMaxProfileBytes] = 0;
  Record(r.now_ms, "sessionInfo", "", "ok");
  return Send(WriteSessionView(r.frame, r.id, false, sm, tag_));
}

Output Session::Failed(const Reply& r, BackendStatus st, const char* kind, const char* detail) {
  switch (st) {
    case BackendStatus::kStale:
      // The backend says the session is gone: fail closed from now on.
      TearDown(r.now_ms, "stale");
      return Deny(r, ErrorCode::kStaleSession, kind, detail, false);
    case BackendStatus::kBoundExceeded:
      return Deny(r, ErrorCode::kBoundExceeded, kind, detail, false);
    default:
      return Deny(r, ErrorCode::kUnavailable, kind, detail, false);
  }
}

bool Session::TearDown(uint64_t now_ms, const char* why, bool notify) {
  if (state_ != SessionState::kAuthenticated) return false;
  if (worker_running_) {
    worker_running_ = false;
    if (shared_.cap_holders != nullptr) shared_.cap_holders->Release();
  }
  // A worker start or system text still in flight ends with the session
  // (a starting worker already holds its unit).
  if (waiting_.active && waiting_.kind == OpKind::kWorkerStart && shared_.cap_holders != nullptr)
    shared_.cap_holders->Release();
  waiting_.active = false;
  bool later = backend_.Logout(session_, notify) == BackendStatus::kPending && notify;
  shared_.logins->Release(summary_.principal);
  if (shared_.cap_holders != nullptr) shared_.cap_holders->Release();
  session_ = 0;
  summary_ = Summary();
  capset_.Clear();
  has_ticket_ = false;
  memset(ticket_, 0, sizeof(ticket_));
  state_ = SessionState::kLoggedOut;
  pre_auth_since_ms_ = now_ms;  // the grace period starts again
  char detail[32];
  snprintf(detail, sizeof(detail), "reason=%s", why);
  Record(now_ms, "logout", detail, "ok");
  return later;
}

void Session::Disconnect(uint64_t now_ms) {
  if (disconnected_) return;
  disconnected_ = true;
  // A login still in flight is ended by the backend when it lands.
  if (waiting_.active && waiting_.kind == OpKind::kLogin) {
    if (waiting_.login != 0) backend_.Logout(waiting_.login, false);
    waiting_.active = false;
  }
  TearDown(now_ms, "disconnect");
  waiting_.active = false;
  state_ = SessionState::kLoggedOut;
  Record(now_ms, "disconnect", "", "ok");
}

}  // namespace remote_session
