#include "services/lib/remote-session/fake_backend.h"

#include <stdio.h>
#include <string.h>

namespace remote_session {
namespace {

void Put(char* dst, size_t cap, const char* src, size_t len) {
  if (len >= cap) len = cap - 1;
  memcpy(dst, src, len);
  dst[len] = 0;
}

}  // namespace

bool FakeBackend::IsLive(BackendSession s) const {
  return s != 0 && s <= kMax && sessions_[s].live;
}

void FakeBackend::Login(const LoginRequest& r, LoginOutcome* result) {
  ++login_calls;
  last_source = r.source;
  Put(last_secret, sizeof(last_secret), r.secret, r.secret_len);
  LoginOutcome& out = *result;
  out = LoginOutcome();
  Summary sm;
  sm.method = r.method;
  bool ok = true;
  if (r.method == AuthMethod::kPassword) {
    // Accounts: operator/opensesame (operator), alice/wonderland (user).
    bool op = r.principal_len == 8 && memcmp(r.principal, "operator", 8) == 0 &&
              r.secret_len == 10 && memcmp(r.secret, "opensesame", 10) == 0;
    bool al = r.principal_len == 5 && memcmp(r.principal, "alice", 5) == 0 && r.secret_len == 10 &&
              memcmp(r.secret, "wonderland", 10) == 0;
    ok = op || al;
    if (ok) {
      Put(sm.principal, sizeof(sm.principal), r.principal, r.principal_len);
      sm.principal_class = op ? PrincipalClass::kOperator : PrincipalClass::kUser;
      strcpy(sm.profile, op ? "operator" : "user");
    }
  } else if (r.method == AuthMethod::kPublicKey) {
    // The fake verifies nothing: it records what the core passed (the
    // authority's own tests judge proofs) and denies.
    has_challenge = r.source.challenge != nullptr;
    if (has_challenge) memcpy(last_challenge, r.source.challenge, sizeof(last_challenge));
    if (r.public_key != nullptr) memcpy(last_public_key, r.public_key, sizeof(last_public_key));
    ok = false;
  } else {
    strcpy(sm.principal, r.method == AuthMethod::kGuest ? "guest" : "anonymous");
    strcpy(sm.profile, sm.principal);
    sm.principal_class =
        r.method == AuthMethod::kGuest ? PrincipalClass::kGuest : PrincipalClass::kAnonymous;
  }
  if (ok && r.requested_profile_len != 0 &&
      (r.requested_profile_len != strlen(sm.profile) ||
       memcmp(r.requested_profile, sm.profile, r.requested_profile_len) != 0)) {
    ok = false;  // a profile the account may not use
  }
  if (!ok) {
    out.verdict = LoginVerdict::kDenied;
  } else if (force_verdict != LoginVerdict::kOk) {
    out.verdict = force_verdict;
  } else if (next_ > kMax) {
    out.verdict = LoginVerdict::kBoundExceeded;
  } else if (bundle_status != BackendStatus::kOk) {
    out.verdict = bundle_status == BackendStatus::kBoundExceeded ? LoginVerdict::kBoundExceeded
                                                                 : LoginVerdict::kUnavailable;
  } else {
    BackendSession s = next_++;
    sm.live = true;
    sessions_[s].live = true;
    sessions_[s].summary = sm;
    ++live_sessions;
    out.verdict = LoginVerdict::kOk;
    out.session = s;
    out.summary = sm;
    Bundle(sm.profile, &out);
  }
  if (!async_ops) return;
  // The answer lands later; the core only learns a handle for the login in
  // flight (the session itself, or a placeholder for a denial).
  Completion c;
  c.kind = OpKind::kLogin;
  c.login = out;
  BackendSession handle = out.session != 0 ? out.session : 1000 + uint64_t(login_calls);
  Queue(c, handle);
  out = LoginOutcome();
  out.verdict = LoginVerdict::kPending;
  out.session = handle;
}

void FakeBackend::Queue(const Completion& c, BackendSession s) {
  if (queued_ == kMaxQueued) return;  // a test bug: it shows as a missing answer
  queue_[queued_] = c;
  queue_session_[queued_] = s;
  ++queued_;
}

bool FakeBackend::TakeCompletion(Completion* out) {
  if (queued_ == 0) return false;
  *out = queue_[0];
  for (uint32_t i = 1; i < queued_; ++i) {
    queue_[i - 1] = queue_[i];
    queue_session_[i - 1] = queue_session_[i];
  }
  --queued_;
  return true;
}

BackendStatus FakeBackend::SessionInfo(BackendSession s, Summary* out) {
  if (!IsLive(s)) return BackendStatus::kStale;
  if (info_status != BackendStatus::kOk) return info_status;
  *out = sessions_[s].summary;
  return BackendStatus::kOk;
}

void FakeBackend::Bundle(const char* profile, LoginOutcome* lo) const {
  uint32_t n = 0;
  auto add = [&](const char* name, CapKind kind, uint64_t iface, uint32_t rights) {
    if (n == kMaxBundleEntries) return;
    BundleEntry& e = lo->entries[n++];
    strcpy(e.name, name);
    e.kind = kind;
    e.interface_id = iface;
    e.rights = rights;
  };
  bool full = strcmp(profile, "operator") == 0 || strcmp(profile, "user") == 0;
  add("session", CapKind::kSession, kOperatorIface, kRightRead);
  add("system_info", CapKind::kSystemInfo, kSystemIface, kRightRead);
  // Guests may read the room; anonymous sessions get no chat at all.
  if (full) add("chat", CapKind::kChat, kChatIface, kRightRead | kRightWrite);
  if (strcmp(profile, "guest") == 0) add("chat", CapKind::kChat, kChatIface, kRightRead);
  // The service runner: operators only here (never guest or anonymous).
  if (strcmp(profile, "operator") == 0)
    add("services", CapKind::kLauncher, kRunnerIface, kRightControl);
  if (strcmp(profile, "operator") == 0)
    add("terminal", CapKind::kTerminal, kTerminalIface, kRightRead | kRightWrite);
  if (strcmp(profile, "user") == 0) add("terminal", CapKind::kTerminal, kTerminalIface, kRightRead);
  lo->entry_count = n;
}

BackendStatus FakeBackend::SystemText(BackendSession s, SystemTextKind kind, Completion* out) {
  if (!IsLive(s)) return BackendStatus::kStale;
  const char* t = kind == SystemTextKind::kMotd ? "welcome to capOS" : "capos test build";
  Put(out->text, sizeof(out->text), t, strlen(t));
  out->text_len = strlen(out->text);
  out->status = BackendStatus::kOk;
  if (!async_ops) return BackendStatus::kOk;
  out->kind = OpKind::kSystemText;
  Queue(*out, s);
  return BackendStatus::kPending;
}

BackendStatus FakeBackend::StartChatWorker(BackendSession s) {
  if (!IsLive(s)) return BackendStatus::kStale;
  BackendStatus st = worker_status;
  if (st == BackendStatus::kOk) {
    ++workers_started;
    if (!sessions_[s].worker) ++workers_running;  // else: replaces a gone one
    sessions_[s].worker = true;
  }
  if (!async_ops) return st;
  Completion c;
  c.kind = OpKind::kWorkerStart;
  c.status = st;
  Queue(c, s);
  return BackendStatus::kPending;
}

BackendStatus FakeBackend::CallChat(BackendSession s, uint32_t tag, const ChatRequest& req,
                                    ChatReply* reply) {
  ++chat_calls;
  last_tag = tag;
  if (!IsLive(s)) return BackendStatus::kStale;
  if (chat_status != BackendStatus::kOk) return chat_status;
  if (pending_chat) return BackendStatus::kPending;
  Entry& e = sessions_[s];
  char you[kMaxDisplayNameBytes + 1];
  snprintf(you, sizeof(you), "%.32s-%u", e.summary.principal, unsigned(s));
  switch (req.op) {
    case ChatOp::kJoin:
      reply->already_member = e.joined;
      e.joined = true;
      strcpy(reply->you, you);
      break;
    case ChatOp::kLeave:
      reply->status = e.joined ? ChatStatus::kOk : ChatStatus::kNotJoined;
      e.joined = false;
      break;
    case ChatOp::kSend:
      if (!e.joined) {
        reply->status = ChatStatus::kNotJoined;
      } else if (req.text_len == 0) {
        reply->status = ChatStatus::kEmptyText;
      } else {
        reply->sent = true;
        reply->seq = ++seq_;
      }
      break;
    case ChatOp::kWho:
      if (!e.joined) {
        reply->status = ChatStatus::kNotJoined;
      } else {
        reply->member_count = 1;
        strcpy(reply->members[0], you);
      }
      break;
    case ChatOp::kPoll:
      reply->latest_seq = seq_;
      if (!e.joined) reply->status = ChatStatus::kNotJoined;
      break;
  }
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::Logout(BackendSession s, bool notify) {
  ++logouts;
  // A login still queued is ended when it "lands": drop its answer.
  for (uint32_t i = 0; i < queued_;) {
    if (queue_session_[i] == s) {
      for (uint32_t j = i + 1; j < queued_; ++j) {
        queue_[j - 1] = queue_[j];
        queue_session_[j - 1] = queue_session_[j];
      }
      --queued_;
    } else {
      ++i;
    }
  }
  if (IsLive(s)) {
    if (sessions_[s].worker) {
      sessions_[s].worker = false;
      ++workers_stopped;
      --workers_running;
    }
    sessions_[s].adventure = false;
    sessions_[s].live = false;
    --live_sessions;
  }
  if (!async_ops || !notify) return BackendStatus::kOk;
  Completion c;
  c.kind = OpKind::kLogout;
  Queue(c, 0);
  return BackendStatus::kPending;
}

void FakeBackend::FillAdventure(const Entry& e, ServiceInfo* out) const {
  *out = ServiceInfo();
  strcpy(out->name, "adventure");
  strcpy(out->description, "a small shared text world");
  strcpy(out->worker_binary, "adventure-worker");
  strcpy(out->grants[0].name, "adventure");
  strcpy(out->grants[0].interface_name, "Adventure");
  out->grants[0].interface_id = kAdventureIface;
  out->grants[0].holder = GrantHolder::kClientFacet;
  out->grant_count = 1;
  strcpy(out->exports[0].name, "adventure");
  out->exports[0].kind = CapKind::kAdventure;
  out->exports[0].interface_id = kAdventureIface;
  out->exports[0].rights = kRightRead | kRightWrite;
  out->export_count = 1;
  out->system_limit = 4;
  out->state = e.adventure ? ServiceState::kRunning : ServiceState::kNotRunning;
  out->processes = e.adventure ? 1 : 0;
  PrincipalClass c = e.summary.principal_class;
  if (c == PrincipalClass::kGuest || c == PrincipalClass::kAnonymous)
    out->unavailable = LaunchDenial::kNotPermitted;
}

BackendStatus FakeBackend::ServiceCatalog(BackendSession s, ServiceCatalogView* out) {
  if (!IsLive(s)) return BackendStatus::kStale;
  FillAdventure(sessions_[s], &out->services[0]);
  out->count = 1;
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::ServiceLaunch(BackendSession s, const LaunchRequest& request,
                                         Completion* out) {
  if (!IsLive(s)) return BackendStatus::kStale;
  Entry& e = sessions_[s];
  auto deny = [&](LaunchDenial d) {
    out->denial = d;
    return BackendStatus::kLaunchDenied;
  };
  if (!request.has_runner) return deny(LaunchDenial::kNotPermitted);
  if (strcmp(request.profile, "adventure") != 0) return deny(LaunchDenial::kUnknownProfile);
  FillAdventure(e, &out->service);
  if (out->service.unavailable != LaunchDenial::kNone) return deny(out->service.unavailable);
  if (request.binary[0] != 0 && strcmp(request.binary, "adventure-worker") != 0)
    return deny(LaunchDenial::kDisallowedBinary);
  if (request.grant_count == 0) return deny(LaunchDenial::kMissingGrant);
  if (request.grant_count > 1 || strcmp(request.grants[0].name, "adventure") != 0)
    return deny(LaunchDenial::kUnexpectedGrant);
  if (request.grants[0].interface_id != kAdventureIface) return deny(LaunchDenial::kWrongInterface);
  if (e.adventure) return deny(LaunchDenial::kSessionQuota);
  e.adventure = true;
  ++launches;
  FillAdventure(e, &out->service);
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::ServiceStatus(BackendSession s, const char* profile, ServiceInfo* out) {
  if (!IsLive(s)) return BackendStatus::kStale;
  if (strcmp(profile, "adventure") != 0) return BackendStatus::kLaunchDenied;
  FillAdventure(sessions_[s], out);
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::ServiceStop(BackendSession s, const char* profile, Completion* out) {
  if (!IsLive(s)) return BackendStatus::kStale;
  Entry& e = sessions_[s];
  if (strcmp(profile, "adventure") != 0 || !e.adventure) {
    out->denial = LaunchDenial::kNotRunning;
    return BackendStatus::kLaunchDenied;
  }
  e.adventure = false;
  FillAdventure(e, &out->service);
  // The exports to take out of the CapSet.
  Entry running = e;
  running.adventure = true;
  ServiceInfo was;
  FillAdventure(running, &was);
  memcpy(out->service.exports, was.exports, sizeof(was.exports));
  out->service.export_count = was.export_count;
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::CallService(BackendSession s, uint32_t call_tag,
                                       const ServiceCall& call) {
  if (!IsLive(s)) return BackendStatus::kStale;
  if (!sessions_[s].adventure) return BackendStatus::kUnavailable;
  last_service = call;
  if (call.params_len <= sizeof(last_service_params))
    memcpy(last_service_params, call.params, call.params_len);
  last_tag = call_tag;
  return BackendStatus::kPending;
}

}  // namespace remote_session
