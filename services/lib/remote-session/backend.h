// What the session core needs from the system, as an abstract interface.
//
// The gateway implements it over IPC (SessionManager, UserSession,
// AuthorityBroker, SystemInfo, the restricted launcher and per-session chat
// workers); host tests implement it in-process. The core calls it only for
// an authenticated session (except Login) and never passes client-chosen
// identity: `source` comes from the transport.
//
// Ownership: the Backend outlives every Session that uses it. All methods
// are called from the thread that drives the sessions. Every method
// returns at once: what needs another process either answers kPending (see
// Completion) or, for chat, goes through CallChat's own tags.
#pragma once

#include "services/lib/remote-session/terminal_types.h"
#include "services/lib/remote-session/types.h"

namespace remote_session {

struct LoginRequest {
  AuthMethod method = AuthMethod::kAnonymous;
  const char* principal = "";  // password / publicKey; "" for guest / anonymous
  size_t principal_len = 0;
  // The password (the core wipes its copy after the call), or publicKey's
  // DER signature.
  const char* secret = "";
  size_t secret_len = 0;
  const uint8_t* public_key = nullptr;  // publicKey: kPublicKeyBytes
  const char* requested_profile = "";   // "" = the account's default
  size_t requested_profile_len = 0;
  SourceInfo source;  // from the transport
};

enum class LoginVerdict : uint8_t {
  kOk,             // `session`, `summary` and the CapSet bundle are valid
  kDenied,         // any failed proof/policy check -> authDenied
  kBackoff,        // too many failures -> authDenied (the client is not told)
  kBoundExceeded,  // a session table (or the bundle) is full -> boundExceeded
  kUnavailable,    // SessionManager or the broker unreachable -> unavailable
  kPending,        // the answer comes later as a Completion; `session` names it
};

struct LoginOutcome {
  LoginVerdict verdict = LoginVerdict::kDenied;
  // kOk: the core calls Logout() on it exactly once. kPending: the login in
  // flight (a disconnect hands it to Logout(), which ends whatever it
  // becomes). Otherwise 0.
  BackendSession session = 0;
  Summary summary;  // kOk only
  // kOk only: AuthorityBroker.remoteClientBundle(summary.profile). An
  // unknown profile is never an empty bundle: the login fails instead.
  BundleEntry entries[kMaxBundleEntries];
  uint32_t entry_count = 0;
};

// The operations that cross to another process and may take long (a
// password login runs PBKDF2 in the authority, a worker launch loads an
// ELF). A transport must never block on them: the backend answers kPending
// and later hands the transport a Completion for Session::Complete.
enum class OpKind : uint8_t {
  kLogin,
  kSystemText,
  kWorkerStart,
  kLogout,
  kServiceLaunch,
  kServiceStop
};

struct Completion {
  OpKind kind = OpKind::kLogin;
  BackendStatus status = BackendStatus::kOk;  // all but kLogin
  LoginOutcome login;                         // kLogin (verdict never kPending)
  char text[kMaxSystemTextBytes + 1] = {};    // kSystemText, NUL-terminated
  size_t text_len = 0;
  // kServiceLaunch / kServiceStop: status kOk with `service` (its state,
  // exports and processes for this session), or kLaunchDenied with
  // `denial`, or another error.
  LaunchDenial denial = LaunchDenial::kNone;
  ServiceInfo service;
};

class Backend {
 public:
  // Login through SessionManager, then the session's CapSet bundle. Fills
  // *out; verdict kPending means a Completion{kLogin} follows. On kOk the
  // backend holds the session's caps until Logout(session).
  virtual void Login(const LoginRequest& request, LoginOutcome* out) = 0;

  // The session's summary and liveness (cheap: no other process). kStale
  // after logout.
  virtual BackendStatus SessionInfo(BackendSession session, Summary* out) = 0;

  // SystemInfo.motd / buildInfo: kOk with out->text filled, an error, or
  // kPending (a Completion{kSystemText} follows).
  virtual BackendStatus SystemText(BackendSession session, SystemTextKind kind,
                                   Completion* out) = 0;

  // Spawns the per-session chat worker (restricted launcher, bound to the
  // session's cell). Called before the session's first chat call, and
  // again after a call answered kWorkerGone (the backend then drops what
  // is left of the old one first). kPending: a Completion{kWorkerStart}
  // follows.
  virtual BackendStatus StartChatWorker(BackendSession session) = 0;

  // One chat call through the session's worker. Either answers at once
  // (kOk with *reply filled, or an error), or returns kPending and later
  // hands the answer to Session::CompleteChat(call_tag, ...). `reply` is
  // only valid during this call.
  virtual BackendStatus CallChat(BackendSession session, uint32_t call_tag,
                                 const ChatRequest& request, ChatReply* reply) = 0;

  // Ends the session: stops its worker (graceful shutdown, kill as
  // fallback; pending chat calls then answer staleSession), UserSession.
  // logout, and releases its caps. Called exactly once per login that was
  // kOk or kPending, whatever state it is in (a login or launch still in
  // flight is ended when it lands). With `notify` the answer may be kPending
  // and a Completion{kLogout} follows; without, it runs to its end on its
  // own and nobody is told.
  virtual BackendStatus Logout(BackendSession session, bool notify) = 0;

  // ---- Launched services (the catalog's profiles). ----

  // Every catalog profile with this session's state and, where the session
  // may not launch it, why (cheap: no other process).
  virtual BackendStatus ServiceCatalog(BackendSession session, ServiceCatalogView* out) = 0;

  // Starts a profile for the session through the restricted launcher:
  // kPending and a Completion{kServiceLaunch} later, or an answer at once
  // in *out (kLaunchDenied with out->denial for a refusal decided here).
  // Every denial comes before any process starts.
  virtual BackendStatus ServiceLaunch(BackendSession session, const LaunchRequest& request,
                                      Completion* out) = 0;

  // A profile's state for this session (kLaunchDenied/unknownProfile for a
  // name not in the catalog).
  virtual BackendStatus ServiceStatus(BackendSession session, const char* profile,
                                      ServiceInfo* out) = 0;

  // Stops what the session launched of `profile` (kLaunchDenied/notRunning
  // if nothing): kPending and a Completion{kServiceStop}, or at once.
  virtual BackendStatus ServiceStop(BackendSession session, const char* profile,
                                    Completion* out) = 0;

  // One call on a running service's export through the session's worker
  // for it: kPending and later Session::CompleteService(call_tag, ...)
  // with the service's results message, or an error at once (kStale,
  // kUnavailable, kBoundExceeded, kWorkerGone).
  virtual BackendStatus CallService(BackendSession session, uint32_t call_tag,
                                    const ServiceCall& call) = 0;

  // ---- Terminals (schema/terminal.capnp; the CapSet's terminal entry). ----

  // One terminal call for the session: kOk with *out filled at once
  // (out->bytes borrowed until the next call into the backend), kPending
  // (a read waiting for output: Session::CompleteTerminal(call_tag, ...)
  // follows), or an error (kStale, kUnavailable, kBoundExceeded). Domain
  // refusals are kOk with out->status. A backend without terminals
  // answers kUnavailable.
  virtual BackendStatus CallTerminal(BackendSession session, uint32_t call_tag,
                                     const TerminalRequest& request, TerminalReply* out) {
    return BackendStatus::kUnavailable;
  }

 protected:
  // Not deletable through this interface (no operator delete needed).
  ~Backend() = default;
};

}  // namespace remote_session
