// In-process Backend for the core's host tests and fuzz target only (the
// real one is the gateway's, exercised in QEMU). Scriptable verdicts and a
// call log; a tiny chat room keyed by backend session.
#pragma once

#include "services/lib/remote-session/backend.h"

namespace remote_session {

class FakeBackend : public Backend {
 public:
  static constexpr uint64_t kOperatorIface = 0xc9fe012bb3e338b0ull;  // UserSession
  static constexpr uint64_t kSystemIface = 0xb54c5463580758b0ull;    // SystemInfo
  static constexpr uint64_t kChatIface = 0xc5164bef98ecf572ull;      // Chat
  static constexpr uint64_t kRunnerIface = 0xda34c689cb868fa4ull;    // RestrictedLauncher

  void Login(const LoginRequest& request, LoginOutcome* out) override;
  BackendStatus SessionInfo(BackendSession session, Summary* out) override;
  BackendStatus SystemText(BackendSession session, SystemTextKind kind, Completion* out) override;
  BackendStatus StartChatWorker(BackendSession session) override;
  BackendStatus CallChat(BackendSession session, uint32_t call_tag, const ChatRequest& request,
                         ChatReply* reply) override;
  BackendStatus Logout(BackendSession session, bool notify) override;
  BackendStatus ServiceCatalog(BackendSession session, ServiceCatalogView* out) override;
  BackendStatus ServiceLaunch(BackendSession session, const LaunchRequest& request,
                              Completion* out) override;
  BackendStatus ServiceStatus(BackendSession session, const char* profile,
                              ServiceInfo* out) override;
  BackendStatus ServiceStop(BackendSession session, const char* profile, Completion* out) override;
  BackendStatus CallService(BackendSession session, uint32_t call_tag,
                            const ServiceCall& call) override;
  // fake_backend_terminal.cc: answers from the script below, recording the
  // call; no terminal behind it (the terminal host has its own tests).
  BackendStatus CallTerminal(BackendSession session, uint32_t call_tag,
                             const TerminalRequest& request, TerminalReply* out) override;

  // "terminal" entry: operators read-write, users read-only.
  static constexpr uint64_t kTerminalIface = 0xca8f05688a962b50ull;  // TerminalManager
  int terminal_calls = 0;
  TerminalRequest last_terminal;  // bytes copied below
  uint8_t last_terminal_bytes[4096] = {};
  uint32_t last_terminal_tag = 0;
  bool pending_terminal_reads = false;  // reads with wait_ms > 0 answer kPending
  TerminalReply terminal_answer;        // what every other call answers (kOk)

  // One catalog profile, "adventure": worker "adventure-worker", one
  // clientFacet grant "adventure" (kAdventureIface), export "adventure".
  static constexpr uint64_t kAdventureIface = 0xfe43154b6712571cull;
  int launches = 0;          // launches that started something
  ServiceCall last_service;  // the last CallService (params copied below)
  uint8_t last_service_params[1024] = {};

  // Scripting.
  LoginVerdict force_verdict = LoginVerdict::kOk;  // applied after the password check
  bool pending_chat = false;                       // CallChat answers kPending
  // Login, SystemText, StartChatWorker and Logout(notify) answer kPending;
  // their Completions queue until TakeCompletion (FIFO).
  bool async_ops = false;
  BackendStatus bundle_status = BackendStatus::kOk;
  BackendStatus worker_status = BackendStatus::kOk;
  BackendStatus info_status = BackendStatus::kOk;
  BackendStatus chat_status = BackendStatus::kOk;  // CallChat answers this instead

  // Observations.
  int login_calls = 0, logouts = 0, workers_started = 0, workers_stopped = 0, chat_calls = 0;
  int workers_running = 0;
  int live_sessions = 0;
  SourceInfo last_source;
  uint32_t last_tag = 0;
  char last_secret[300] = {};
  // The last publicKey login's challenge (if it had one) and key.
  bool has_challenge = false;
  uint8_t last_challenge[kNonceBytes + kChannelBindingBytes] = {};
  uint8_t last_public_key[kPublicKeyBytes] = {};

  bool IsLive(BackendSession s) const;
  // The oldest queued Completion; false if none. Completions of logins the
  // core has since handed to Logout() are dropped (as the gateway does).
  bool TakeCompletion(Completion* out);
  uint32_t queued_completions() const { return queued_; }

 private:
  static constexpr int kMax = 64;
  struct Entry {
    bool live = false;
    Summary summary;
    bool joined = false;
    bool worker = false;
    bool adventure = false;  // the "adventure" profile runs for it
  };
  void FillAdventure(const Entry& e, ServiceInfo* out) const;
  void Bundle(const char* profile, LoginOutcome* out) const;
  void Queue(const Completion& c, BackendSession s);

  static constexpr uint32_t kMaxQueued = 8;
  Completion queue_[kMaxQueued];
  BackendSession queue_session_[kMaxQueued] = {};
  uint32_t queued_ = 0;
  Entry sessions_[kMax + 1];
  BackendSession next_ = 1;
  uint64_t seq_ = 0;
};

}  // namespace remote_session
