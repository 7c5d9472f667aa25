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

LoginOutcome FakeBackend::Login(const LoginRequest& r) {
  ++login_calls;
  last_source = r.source;
  Put(last_secret, sizeof(last_secret), r.secret, r.secret_len);
  LoginOutcome out;
  Summary sm;
  sm.method = r.method;
  if (r.method == AuthMethod::kPassword) {
    // Accounts: operator/opensesame (operator), alice/wonderland (user).
    bool op = r.principal_len == 8 && memcmp(r.principal, "operator", 8) == 0 &&
              r.secret_len == 10 && memcmp(r.secret, "opensesame", 10) == 0;
    bool al = r.principal_len == 5 && memcmp(r.principal, "alice", 5) == 0 && r.secret_len == 10 &&
              memcmp(r.secret, "wonderland", 10) == 0;
    if (!op && !al) return out;  // kDenied
    Put(sm.principal, sizeof(sm.principal), r.principal, r.principal_len);
    sm.principal_class = op ? PrincipalClass::kOperator : PrincipalClass::kUser;
    strcpy(sm.profile, op ? "operator" : "user");
  } else {
    strcpy(sm.principal, r.method == AuthMethod::kGuest ? "guest" : "anonymous");
    strcpy(sm.profile, sm.principal);
    sm.principal_class =
        r.method == AuthMethod::kGuest ? PrincipalClass::kGuest : PrincipalClass::kAnonymous;
  }
  if (r.requested_profile_len != 0 &&
      (r.requested_profile_len != strlen(sm.profile) ||
       memcmp(r.requested_profile, sm.profile, r.requested_profile_len) != 0)) {
    return out;  // a profile the account may not use
  }
  if (force_verdict != LoginVerdict::kOk) {
    out.verdict = force_verdict;
    return out;
  }
  if (next_ > kMax) {
    out.verdict = LoginVerdict::kBoundExceeded;
    return out;
  }
  BackendSession s = next_++;
  sm.live = true;
  sessions_[s].live = true;
  sessions_[s].summary = sm;
  ++live_sessions;
  out.verdict = LoginVerdict::kOk;
  out.session = s;
  out.summary = sm;
  return out;
}

BackendStatus FakeBackend::SessionInfo(BackendSession s, Summary* out) {
  if (!IsLive(s)) return BackendStatus::kStale;
  if (info_status != BackendStatus::kOk) return info_status;
  *out = sessions_[s].summary;
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::Bundle(BackendSession s, const char* profile, BundleEntry* out,
                                  uint32_t capacity, uint32_t* count) {
  if (!IsLive(s)) return BackendStatus::kStale;
  if (bundle_status != BackendStatus::kOk) return bundle_status;
  uint32_t n = 0;
  auto add = [&](const char* name, CapKind kind, uint64_t iface, uint32_t rights) {
    if (n == capacity) return;
    strcpy(out[n].name, name);
    out[n].kind = kind;
    out[n].interface_id = iface;
    out[n].rights = rights;
    ++n;
  };
  bool full = strcmp(profile, "operator") == 0 || strcmp(profile, "user") == 0;
  add("session", CapKind::kSession, kOperatorIface, kRightRead);
  add("system_info", CapKind::kSystemInfo, kSystemIface, kRightRead);
  // Guests may read the room; anonymous sessions get no chat at all.
  if (full) add("chat", CapKind::kChat, kChatIface, kRightRead | kRightWrite);
  if (strcmp(profile, "guest") == 0) add("chat", CapKind::kChat, kChatIface, kRightRead);
  *count = n;
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::SystemText(BackendSession s, SystemTextKind kind, char* out,
                                      size_t capacity, size_t* len) {
  if (!IsLive(s)) return BackendStatus::kStale;
  const char* t = kind == SystemTextKind::kMotd ? "welcome to capOS" : "capos test build";
  Put(out, capacity, t, strlen(t));
  *len = strlen(out);
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::StartChatWorker(BackendSession s) {
  if (!IsLive(s)) return BackendStatus::kStale;
  if (worker_status != BackendStatus::kOk) return worker_status;
  ++workers_started;
  return BackendStatus::kOk;
}

BackendStatus FakeBackend::CallChat(BackendSession s, uint32_t tag, const ChatRequest& req,
                                    ChatReply* reply) {
  ++chat_calls;
  last_tag = tag;
  if (!IsLive(s)) return BackendStatus::kStale;
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

void FakeBackend::StopChatWorker(BackendSession s) {
  ++workers_stopped;
}

void FakeBackend::Logout(BackendSession s) {
  ++logouts;
  if (IsLive(s)) {
    sessions_[s].live = false;
    --live_sessions;
  }
}

}  // namespace remote_session
