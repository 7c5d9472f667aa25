// The per-connection remote-session state machine, transport-agnostic.
//
// A transport adapter (the gateway's frame loop, later web-ui and
// capnp-rpc) feeds it decoded requests or whole frame payloads and sends
// back the response frames it writes. States:
//
//   kPreAuth --login ok--> kAuthenticated --logout/disconnect--> kLoggedOut
//        ^                      |    any login attempt (ok or not)
//        +------ denied --------+    first tears the previous login down
//
// Rules (issue 5): authMethods is answered locally; a login through a
// disabled method is disabledAuthMethod; every other login failure is
// authDenied with no session, no CapSet and no calls; requests that need a
// session are notAuthenticated before login and staleSession after logout
// or when the backend reports the session stale. Source metadata comes
// from ConnectionInfo, never from client fields.
//
// Not thread-safe; the Backend and SharedBounds outlive the Session.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/backend.h"
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/capset.h"
#include "services/lib/remote-session/codec.h"
#include "services/lib/remote-session/frame_reader.h"
#include "services/lib/remote-session/redact.h"
#include "services/lib/remote-session/response.h"
#include "services/lib/remote-session/source_policy.h"
#include "services/lib/remote-session/transcript.h"

namespace remote_session {

// Gateway-wide bounds, owned by the gateway.
// A front end whose sessions may outlive a connection (the gateway: a
// session with live terminals, joined by sessionResume) mints their tickets.
class ResumeTickets {
 public:
  // Fills out with kResumeTicketBytes fresh random bytes; false if it can't.
  virtual bool Mint(uint8_t* out) = 0;

 protected:
  ~ResumeTickets() = default;
};

struct SharedBounds {
  LoginRegistry* logins = nullptr;  // concurrent logins per principal; required
  Counter* cap_holders = nullptr;   // backend cap holders: 1 per live login + 1 per
                                    // running worker; null = unbounded
  SourcePolicy* sources = nullptr;  // failed-login delays per source; null = none
  // null: no resume (sessionResume is authDenied, loggedIn has no ticket)
  ResumeTickets* tickets = nullptr;
};

struct SessionLimits {
  uint32_t max_outstanding_worker_calls = 4;         // per session; pending + in flight
  uint32_t transcript_capacity = 64;                 // events (oldest dropped beyond)
  uint32_t max_frame_bytes = kDefaultMaxFrameBytes;  // for responses
  // OpenSSH's MaxAuthTries: the connection closes (loginTimeout) after this
  // many failed logins.
  uint32_t max_auth_tries = 3;
  // OpenSSH's LoginGraceTime: a connection without a live login this long
  // after it connected (or after its last logout) is closed (loginTimeout).
  uint64_t pre_auth_grace_ms = 30000;
};

struct ConnectionInfo {
  SourceInfo source;                // derived by the transport
  uint64_t connected_at_ms = 0;     // monotonic
  const char* host_user = nullptr;  // for redaction only (may be null); borrowed
};

enum class SessionState : uint8_t { kPreAuth, kAuthenticated, kLoggedOut };

// What to do after a Handle* call.
struct Output {
  size_t length = 0;     // response frame bytes written to `out` (0 = nothing to send now)
  bool close = false;    // send `out` (if any), then close the connection
  bool pending = false;  // the answer comes later (CompleteChat or Complete)
  // Hold this output and the connection's later frames for this long (a
  // failed login from a penalized source; see source_policy.h).
  uint64_t hold_ms = 0;
  // Who asked (Request::origin of the request this answers); 0 for the
  // transport's own and for what no request asked (grace, eviction).
  uint32_t origin = 0;
  // sessionResume with a well-formed ticket (resume_ticket()): the
  // transport looks it up, then calls Resumed on the session it names or
  // ResumeRefused on this one. Nothing was written.
  bool resume = false;
};

// Every response frame fits in this many bytes (max_frame_bytes + header).
inline constexpr size_t kMaxResponseFrameBytes = kDefaultMaxFrameBytes + kFrameHeaderBytes;

class Session {
 public:
  Session(Backend& backend, const SharedBounds& shared, const ConnectionInfo& connection,
          const SessionLimits& limits = {});
  ~Session();  // == Disconnect()
  // It owns a malloc'd client certificate that connection_ points at.
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Who a frame comes from, set on the decoded request (Request::origin,
  // ::from_shell, ::quiet): never decoded from the client's bytes.
  struct Via {
    uint32_t origin = 0;
    bool from_shell = false;
    bool quiet = false;
  };
  // Decodes one frame payload and handles it. Malformed bytes answer
  // denied(malformedRequest) with close = true.
  Output HandleFrame(const uint8_t* payload, size_t len, uint64_t now_ms, uint8_t* out,
                     size_t capacity, const Via& via);
  Output HandleFrame(const uint8_t* payload, size_t len, uint64_t now_ms, uint8_t* out,
                     size_t capacity) {
    return HandleFrame(payload, len, now_ms, out, capacity, Via{});
  }

  // Handles a decoded request (wipes its password). `out` receives one
  // complete response frame (length prefix included).
  Output HandleRequest(Request& request, uint64_t now_ms, uint8_t* out, size_t capacity);

  // The answer to a chat call that CallChat left kPending. `status` is the
  // call's outcome (kOk: reply is valid). Unknown tags are ignored
  // (length 0). After logout/teardown the answer is staleSession.
  Output CompleteChat(uint32_t call_tag, BackendStatus status, const ChatReply* reply,
                      uint64_t now_ms, uint8_t* out, size_t capacity);

  // The answer to a call on a launched service that CallService left
  // kPending: kOk with the service's results message in results[0, len),
  // or the call's error. Unknown tags are ignored (length 0).
  Output CompleteService(uint32_t call_tag, BackendStatus status, const void* results, size_t len,
                         uint64_t now_ms, uint8_t* out, size_t capacity);

  // The answer to an operation the backend left kPending (login, system
  // text, worker start, logout). While one is outstanding the session is
  // busy(): the transport must not feed it frames (they are answered in
  // order), but may keep delivering chat answers. A Completion the session
  // is not waiting for is ignored (length 0).
  Output Complete(const Completion& completion, uint64_t now_ms, uint8_t* out, size_t capacity);
  bool busy() const { return waiting_.active; }

  // The answer to a terminal call that CallTerminal left kPending (a read
  // that waited for output). Unknown tags are ignored (length 0).
  Output CompleteTerminal(uint32_t call_tag, BackendStatus status, const TerminalReply* reply,
                          uint64_t now_ms, uint8_t* out, size_t capacity);

  // The connection's TLS exporter (kChannelBindingBytes, label
  // kExporterLabel), set by a TLS transport once its handshake is over.
  // Without it publicKey is disabled: a key proof needs a channel to be
  // bound to. Set at most once; later calls are ignored.
  void SetChannelBinding(const uint8_t* binding);
  bool channel_bound() const { return has_binding_; }
  // The client certificate of that handshake (DER), copied; handed to the
  // authority with publicKey logins. Ignored when longer than
  // kMaxClientCertBytes, without memory, or when one is already set.
  void SetClientCertificate(const uint8_t* der, uint32_t len);

  // sessionResume: the ticket of the last Output with resume = true.
  const uint8_t* resume_ticket() const { return resume_ticket_; }
  uint32_t resume_request_id() const { return resume_request_id_; }
  // This session's own ticket matches `ticket` (constant time); never for
  // a session without one or that is not live.
  bool TicketMatches(const uint8_t* ticket) const;
  // The transport joined a connection to this (live) session: loggedIn
  // with its view and ticket, for request_id, routed to origin.
  Output Resumed(uint32_t request_id, uint32_t origin, uint64_t now_ms, uint8_t* out,
                 size_t capacity);
  // No live session has the ticket: authDenied, counted as a failed login.
  Output ResumeRefused(uint32_t request_id, uint64_t now_ms, uint8_t* out, size_t capacity);

  // A terminal FrameReader status: records it and answers
  // denied(malformedRequest) with close = true (the peer may not read it).
  Output FrameError(FrameStatus status, uint64_t now_ms, uint8_t* out, size_t capacity);

  // The connection is gone (or about to be closed): stops the worker, logs
  // the session out, releases every bound. Idempotent.
  void Disconnect(uint64_t now_ms);

  // When the pre-auth grace period ends (0 = never: a session is live).
  uint64_t GraceDeadlineMs() const;
  // The grace period is over: a typed loginTimeout with close = true.
  Output GraceExpired(uint64_t now_ms, uint8_t* out, size_t capacity);
  // Admission made room for a newer connection by closing this pre-auth
  // one: a typed boundExceeded with close = true.
  Output Evicted(uint64_t now_ms, uint8_t* out, size_t capacity);

  SessionState state() const { return state_; }
  const Transcript& transcript() const { return transcript_; }
  const CapSet& capset() const { return capset_; }
  uint32_t outstanding_worker_calls() const { return outstanding_; }
  bool worker_running() const { return worker_running_; }

 private:
  static constexpr uint32_t kMaxPendingCalls = 16;
  struct Pending {
    bool used = false;
    uint32_t tag = 0;
    uint32_t request_id = 0;
    CallMethod method = CallMethod::kChatWho;
    uint32_t login = 0;   // logins_ when it was made; another value = stale
    uint32_t worker = 0;  // worker_starts_ when it was made
    bool quiet = false;   // Request::quiet: its answer is not recorded
    uint32_t origin = 0;  // Request::origin
  };
  // Request::quiet for the scope of one call into the core.
  // ... and Request::origin, which every Output written in it carries.
  struct QuietScope {
    QuietScope(Session* s, bool quiet, uint32_t origin)
        : s(s), was(s->quiet_), was_origin(s->origin_) {
      s->quiet_ = quiet;
      s->origin_ = origin;
    }
    ~QuietScope() {
      s->quiet_ = was;
      s->origin_ = was_origin;
    }
    Session* s;
    bool was;
    uint32_t was_origin;
  };
  // Where and for whom the current response goes.
  struct Reply {
    Frame frame;
    uint32_t id;
    uint64_t now_ms;
  };
  // The one backend operation this session waits for (busy()).
  struct Waiting {
    bool active = false;
    OpKind kind = OpKind::kLogin;
    uint32_t request_id = 0;
    bool quiet = false;  // the request's Request::quiet
    uint32_t origin = 0;
    char detail[kTranscriptDetailBytes] = {};
    BackendSession login = 0;  // kLogin: the login in flight
    Request request;           // kWorkerStart: the chat call to make once it runs
  };

  void Record(uint64_t now_ms, const char* kind, const char* detail, const char* outcome);
  Output Send(size_t length, bool close = false);
  Output Deny(const Reply& r, ErrorCode code, const char* kind, const char* detail, bool close);
  Output Failed(const Reply& r, BackendStatus st, const char* kind, const char* detail);
  Output Login(Request& req, const Reply& r);
  Output AuthChallenge(const Reply& r);
  // A failed login: counts it against the connection and the source.
  Output LoginFailed(const Reply& r, ErrorCode code, const char* detail);
  // `nonce`: the connection had a live challenge when this login came.
  Output LoginEnabled(Request& req, const Reply& r, const char* detail, bool nonce);
  // The backend's answer to a login: bounds, CapSet, session view.
  Output LoginDone(LoginOutcome& lo, const Reply& r, const char* detail);
  Output Logout(const Reply& r);
  // session_resume.cc
  Output SessionResume(const Request& req, const Reply& r);
  Output Wait(OpKind kind, const Reply& r, const char* detail);
  Output SessionInfo(const Reply& r);
  Output Lookup(const Request& req, const Reply& r, const char* kind, const char* detail,
                uint32_t* index);
  Output CapSetGet(const Request& req, const Reply& r);
  Output Call(const Request& req, const Reply& r);
  Output SystemTextDone(const Completion& c, const Reply& r, const char* detail);
  Output ChatCall(const Request& req, const Reply& r, const char* detail);
  Output WorkerStarted(BackendStatus st, const Request& req, const Reply& r, const char* detail);
  Output ChatSubmit(const Request& req, const Reply& r, const char* detail);
  // A chat call found worker `started` gone: the next call starts anew.
  void WorkerGone(uint32_t started, uint64_t now_ms);
  Output ChatAnswer(const Reply& r, CallMethod method, const ChatReply& reply, const char* detail);
  // session_services.cc: the catalog, launch/status/stop and game calls.
  Output Services(Request& req, const Reply& r, const char* kind);
  Output ServiceDone(const Completion& c, const Reply& r, const char* detail);
  Output GameCall(const Request& req, const Reply& r, const char* detail, const BundleEntry& e);
  // session_terminal.cc: the terminal* calls.
  Output TerminalCall(const Request& req, const Reply& r, const char* detail);
  Output TerminalAnswer(const Reply& r, CallMethod method, const TerminalReply& reply,
                        const char* detail);
  Pending* TakePendingSlot();
  // The answer for `call_tag` arrived: frees its slot into *out (false if
  // no call has that tag).
  bool TakePending(uint32_t call_tag, Pending* out);
  // Ends the login (if any). With `notify` the backend may answer later
  // (Complete kLogout); returns true if it will.
  bool TearDown(uint64_t now_ms, const char* why, bool notify = false);

  Backend& backend_;
  SharedBounds shared_;
  ConnectionInfo connection_;
  SessionLimits limits_;
  SessionState state_ = SessionState::kPreAuth;
  bool disconnected_ = false;
  BackendSession session_ = 0;
  Summary summary_;
  bool worker_running_ = false;
  uint32_t worker_starts_ = 0;  // per started worker, so a late kWorkerGone names its own
  uint32_t logins_ = 0;         // per-connection login ordinal
  uint32_t failed_logins_ = 0;
  uint64_t pre_auth_since_ms_ = 0;  // connect or last logout
  char tag_[16] = {};               // the session tag shown to the client ("login-<n>")
  CapSet capset_;
  Transcript transcript_;
  RedactionContext redaction_;
  Waiting waiting_;
  Pending pending_[kMaxPendingCalls];
  uint32_t outstanding_ = 0;
  uint32_t next_tag_ = 1;
  bool quiet_ = false;  // handling a quiet request: Record writes nothing
  uint32_t origin_ = 0;
  // authChallenge: the live nonce, then the channel binding (the
  // authority's SourceInfo.challenge); the nonce is good for one login.
  uint8_t challenge_[kNonceBytes + kChannelBindingBytes] = {};
  bool has_binding_ = false;
  bool has_nonce_ = false;
  uint8_t* client_cert_ = nullptr;           // malloc'd; connection_.source points at it
  uint8_t ticket_[kResumeTicketBytes] = {};  // valid while has_ticket_
  bool has_ticket_ = false;
  uint8_t resume_ticket_[kResumeTicketBytes] = {};
  uint32_t resume_request_id_ = 0;
};

}  // namespace remote_session
