// What the session core needs from the system, as an abstract interface.
//
// The gateway implements it over IPC (SessionManager, UserSession,
// AuthorityBroker, SystemInfo, the restricted launcher and per-session chat
// workers); host tests implement it in-process. The core calls it only for
// an authenticated session (except Login) and never passes client-chosen
// identity: `source` comes from the transport.
//
// Ownership: the Backend outlives every Session that uses it. All methods
// are called from the thread that drives the sessions.
#pragma once

#include "services/lib/remote-session/types.h"

namespace remote_session {

struct LoginRequest {
  AuthMethod method = AuthMethod::kAnonymous;
  const char* principal = "";  // password only; "" for guest / anonymous
  size_t principal_len = 0;
  const char* secret = "";  // password only; the core wipes its copy after the call
  size_t secret_len = 0;
  const char* requested_profile = "";  // "" = the account's default
  size_t requested_profile_len = 0;
  SourceInfo source;  // from the transport
};

enum class LoginVerdict : uint8_t {
  kOk,             // `session` and `summary` are valid
  kDenied,         // any failed proof/policy check -> authDenied
  kBackoff,        // too many failures -> authDenied (the client is not told)
  kBoundExceeded,  // the authority's session table is full -> boundExceeded
  kUnavailable,    // SessionManager unreachable -> unavailable
};

struct LoginOutcome {
  LoginVerdict verdict = LoginVerdict::kDenied;
  BackendSession session = 0;  // nonzero iff kOk; the core calls Logout() on it exactly once
  Summary summary;             // kOk only
};

class Backend {
 public:
  // Login through SessionManager. On kOk the backend holds the session's
  // caps until Logout(session).
  virtual LoginOutcome Login(const LoginRequest& request) = 0;

  // UserSession.info. kStale after logout.
  virtual BackendStatus SessionInfo(BackendSession session, Summary* out) = 0;

  // AuthorityBroker.remoteClientBundle(profile): at most `capacity` entries
  // into `out`, their number into *count. An unknown profile is
  // kUnavailable (an empty bundle never means "everything").
  virtual BackendStatus Bundle(BackendSession session, const char* profile, BundleEntry* out,
                               uint32_t capacity, uint32_t* count) = 0;

  // SystemInfo.motd / buildInfo into out[0, capacity), NUL-terminated;
  // *len = bytes without the NUL (longer text is cut at capacity - 1).
  virtual BackendStatus SystemText(BackendSession session, SystemTextKind kind, char* out,
                                   size_t capacity, size_t* len) = 0;

  // Spawns the per-session chat worker (restricted launcher, bound to the
  // session's cell). Called once, before the session's first chat call.
  virtual BackendStatus StartChatWorker(BackendSession session) = 0;

  // One chat call through the session's worker. Either answers at once
  // (kOk with *reply filled, or an error), or returns kPending and later
  // hands the answer to Session::CompleteChat(call_tag, ...). `reply` is
  // only valid during this call.
  virtual BackendStatus CallChat(BackendSession session, uint32_t call_tag,
                                 const ChatRequest& request, ChatReply* reply) = 0;

  // Shuts the worker down (control endpoint, then forced kill as fallback).
  // Idempotent; pending chat calls may still complete afterwards (the core
  // then answers staleSession).
  virtual void StopChatWorker(BackendSession session) = 0;

  // UserSession.logout and release of the session's caps. Called exactly
  // once per successful Login, after StopChatWorker.
  virtual void Logout(BackendSession session) = 0;

 protected:
  // Not deletable through this interface (no operator delete needed).
  ~Backend() = default;
};

}  // namespace remote_session
