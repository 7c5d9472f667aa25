// remote_session::Backend over IPC: SessionManager / UserSession /
// AuthorityBroker / SystemInfo clients and one chat worker per session,
// without ever blocking the event loop.
//
// Every call that needs another process is an asynchronous CALL whose
// params and reply live in the session's table slot; the event loop hands
// each CQE back (OnOpCqe), a per-slot state machine takes the next step,
// and a finished operation's Completion waits in the slot until the loop
// gives it to the connection's core (TakeCompletion). One operation per
// slot at a time; a CallQueue keeps at most kOpWindow of them in the kernel.
//
//   login:    SessionManager.login -> AuthorityBroker.remoteClientBundle
//   text:     SystemInfo.motd | buildInfo
//   worker:   RestrictedLauncher.launch (bound to the session cell)
//   teardown: ChatWorker.shutdown -> ProcessHandle.wait (kill if either
//             fails) -> UserSession.logout -> release the caps
//
// Chat calls go through the RelayPool. Ownership: each session's caps and
// Worker live in its slot until the teardown ends. BackendSession handles
// are slot index + a per-slot generation, so a handle that outlived its
// slot is stale, never another session's. Nothing here is ever shown to a
// remote client.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/call_queue.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ring.h"
#include "services/lib/ipc-backend/relay_pool.h"
#include "services/lib/ipc-backend/service_catalog.h"
#include "services/lib/ipc-backend/shell_pool.h"
#include "services/lib/ipc-backend/worker_client.h"
#include "services/lib/remote-session/backend.h"
#include "services/lib/remote-session/session.h"

namespace ipc_backend {

// Request::origin values at or above this name a shell (the front ends'
// own connections and browsers use smaller ones).
inline constexpr uint32_t kShellOriginBit = 1u << 31;

struct BackendCaps {
  caprt::Cap session_manager;
  caprt::Cap broker;
  caprt::Cap system_info;
  WorkerCaps worker;
  // Launched services: the catalog and the caps a launch may hand on.
  const Catalog* catalog = nullptr;
  const GrantSource* sources = nullptr;
  uint32_t source_count = 0;
};

class IpcBackend final : public remote_session::Backend {
 public:
  // Session slots: one per connection (conn_loop.h kMaxConns) is enough;
  // more logins at once are boundExceeded.
  static constexpr uint32_t kMaxSessions = 72;
  // Backend CALLs in the kernel at once (the rest wait in order). The
  // authority and the launcher serve one call at a time anyway; the bound
  // keeps the loop's ring budget (conn_loop.h).
  static constexpr uint32_t kOpWindow = 4;
  static_assert(kMaxSessions <= caprt::CallQueue::kMaxQueued, "one queued op per slot fits");

  IpcBackend(const BackendCaps& caps, caprt::Console& log);

  void Login(const remote_session::LoginRequest& request,
             remote_session::LoginOutcome* out) override;
  remote_session::BackendStatus SessionInfo(remote_session::BackendSession session,
                                            remote_session::Summary* out) override;
  remote_session::BackendStatus SystemText(remote_session::BackendSession session,
                                           remote_session::SystemTextKind kind,
                                           remote_session::Completion* out) override;
  remote_session::BackendStatus StartChatWorker(remote_session::BackendSession session) override;
  // Submits the relay to the session's worker and answers kPending; the
  // event loop routes the CQE (relays()) to Session::CompleteChat.
  remote_session::BackendStatus CallChat(remote_session::BackendSession session, uint32_t call_tag,
                                         const remote_session::ChatRequest& request,
                                         remote_session::ChatReply* reply) override;
  remote_session::BackendStatus Logout(remote_session::BackendSession session,
                                       bool notify) override;
  // service_ops.cc: launched services.
  remote_session::BackendStatus ServiceCatalog(remote_session::BackendSession session,
                                               remote_session::ServiceCatalogView* out) override;
  remote_session::BackendStatus ServiceLaunch(remote_session::BackendSession session,
                                              const remote_session::LaunchRequest& request,
                                              remote_session::Completion* out) override;
  remote_session::BackendStatus ServiceStatus(remote_session::BackendSession session,
                                              const char* profile,
                                              remote_session::ServiceInfo* out) override;
  remote_session::BackendStatus ServiceStop(remote_session::BackendSession session,
                                            const char* profile,
                                            remote_session::Completion* out) override;
  remote_session::BackendStatus CallService(remote_session::BackendSession session,
                                            uint32_t call_tag,
                                            const remote_session::ServiceCall& call) override;
  // Processes this front end started for services and that still run.
  uint32_t live_service_processes() const;

  // terminal_ops.cc: the session's terminals (a TerminalSet per session,
  // its shells in the ShellPool). Reads that wait, and shells' requests
  // for the session's core, are handed to the front end by event below.
  remote_session::BackendStatus CallTerminal(remote_session::BackendSession session,
                                             uint32_t call_tag,
                                             const remote_session::TerminalRequest& request,
                                             remote_session::TerminalReply* out) override;
  // The front end's clock, read once per event: terminals keep time by it.
  void SetNow(uint64_t now_ms) { now_ms_ = now_ms; }
  void SetTerminalGrace(uint64_t grace_ms) { terminal_grace_ms_ = grace_ms; }
  // A waiting read of session `event` has its answer: *tag for
  // Session::CompleteTerminal, reply->bytes valid until the next call here.
  bool TakeTerminalRead(uint64_t event, uint32_t* tag, remote_session::TerminalReply* reply);
  // A shell of session `event` asks its core: the Request message (valid
  // until answered) and how it came (its origin, from_shell, quiet). Feed
  // it only while the core is not busy; answer it with AnswerShell
  // (Output::origin).
  bool TakeShellRequest(uint64_t event, remote_session::Session::Via* via, const uint8_t** message,
                        size_t* len);
  static bool IsShellOrigin(uint32_t origin) { return (origin & kShellOriginBit) != 0; }
  // The core's answer (a Response frame, length prefix included) for the
  // shell named by `origin`; ignored if that shell is gone.
  void AnswerShell(uint32_t origin, const uint8_t* frame, size_t len);
  // Expires terminal waits and graces; call when NextTerminalDeadlineMs()
  // has come (0: none). Returns true if some session may have work.
  bool TickTerminals();
  uint64_t NextTerminalDeadlineMs() const;
  uint32_t live_shells() const { return shells_.live(); }

  // The event loop's side (backend_ops.cc).
  // The CQE of one of this backend's operation CALLs.
  static bool OwnsOp(uint64_t user_data);
  // Takes the operation's next step. Returns the connection event whose
  // Completion is now ready, or 0.
  uint64_t OnOpCqe(const abi::Cqe& cqe);
  // Moves connection `event`'s ready Completion to *out; false if none.
  bool TakeCompletion(uint64_t event, remote_session::Completion* out);
  // The connection is gone: nothing more is delivered to it (its sessions'
  // teardowns still run to their end).
  void Forget(uint64_t event);

  uint32_t live_sessions() const { return live_; }
  // The terminal grace period when session `event` holds live terminals
  // (a front end then keeps the session for that long after its last
  // connection), else 0.
  uint64_t TerminalGraceMs(uint64_t event) const;
  RelayPool& relays() { return relays_; }
  uint32_t live_workers() const;
  const caprt::CallQueue& calls() const { return calls_; }

 private:
  struct TerminalBox;  // terminal_ops.cc: a session's TerminalSet and what waits
  // The CALL a slot has in flight (or queued).
  enum class Step : uint8_t {
    kIdle,
    kLogin,
    kBundle,
    kText,
    kLaunch,
    kShutdown,
    kWait,
    kKill,
    kLogout,
    kSvcLaunch,     // a service's worker (RestrictedLauncher.launch)
    kSvcCompanion,  // one of its shared companions
    kSvcShutdown,   // ServiceWorker.shutdown -> wait -> kill
    kSvcWait,
    kSvcKill
  };
  // One launched service of a session: its worker (the profile's only
  // per-session process).
  struct Run {
    bool running = false;
    Worker worker;
  };
  struct Slot {
    bool used = false;
    uint32_t generation = 0;
    uint32_t op_seq = 0;  // per submitted CALL: a CQE for an older one is ignored
    uint64_t connection_event = 0;
    uint64_t source_id = 0;   // for the audit lines
    const char* method = "";  // the login's method name, for the audit line
    Step step = Step::kIdle;
    bool live = false;      // the login's caps are held
    bool ending = false;    // Logout() (or a failed bundle): tear down after this step
    bool notify = false;    // the teardown's end is a Completion
    bool finished = false;  // nothing more to do: free once `ready` is taken
    bool ready = false;     // `done` waits for TakeCompletion
    bool motd = false;      // kText: which SystemInfo answer
    caprt::Cap user_session;
    caprt::Cap cell;
    remote_session::Summary summary;  // from the login answer
    Worker worker;
    remote_session::Completion done;
    Run runs[remote_session::kMaxServices];
    uint8_t svc = 0;            // the profile of the service step in flight
    uint8_t companion = 0;      // kSvcCompanion: which process of its set
    bool svc_teardown = false;  // the service stop is part of the teardown
    abi::CapTransfer caps[kMaxLaunchCaps];
    // A login's params: a client certificate and the rest.
    alignas(8) uint8_t params[1024 + remote_session::kMaxClientCertBytes];
    alignas(8) uint8_t reply[4096];
    TerminalBox* terminals = nullptr;  // heap, from the first terminal call to the logout
  };
  Slot* Find(remote_session::BackendSession session, uint32_t* index = nullptr);
  remote_session::BackendSession Handle(uint32_t i) const;
  uint64_t OpTag(uint32_t i) const;
  void Submit(uint32_t i, const caprt::Cap& cap, uint16_t method, uint32_t params_len,
              uint16_t timeout_ms, uint16_t caps_count, Step step);
  // Marks slot i's `done` ready; returns its connection event.
  uint64_t Ready(uint32_t i);
  // Every change of a slot's `ready` goes through here (ready_slots_).
  void SetReady(uint32_t i, bool ready);
  void MaybeFree(uint32_t i);
  // backend_ops.cc: one handler per step.
  uint64_t OnLogin(uint32_t i, const abi::Cqe& cqe);
  uint64_t OnBundle(uint32_t i, const abi::Cqe& cqe);
  uint64_t OnText(uint32_t i, const abi::Cqe& cqe);
  uint64_t OnLaunch(uint32_t i, const abi::Cqe& cqe);
  uint64_t OnStop(uint32_t i, Step step, const abi::Cqe& cqe);
  uint64_t OnLogout(uint32_t i, const abi::Cqe& cqe);
  // terminal_ops.cc
  uint64_t OnShellCqe(const abi::Cqe& cqe);
  TerminalBox* Terminals(uint32_t i);
  void EndTerminals(uint32_t i);
  // The teardown chain from an idle slot: worker stop, then logout.
  void StartTeardown(uint32_t i);
  void SubmitLogout(uint32_t i);
  // service_ops.cc
  uint64_t OnSvcLaunch(uint32_t i, const abi::Cqe& cqe);
  uint64_t OnSvcCompanion(uint32_t i, const abi::Cqe& cqe);
  uint64_t OnSvcStop(uint32_t i, Step step, const abi::Cqe& cqe);
  // The next companion of slot i's service to start, or the launch's end.
  uint64_t NextCompanion(uint32_t i);
  // Stops the first running service of slot i (teardown); false if none.
  bool StopNextService(uint32_t i);
  void SubmitSvcShutdown(uint32_t i, uint32_t p);
  uint64_t SvcDone(uint32_t i, remote_session::BackendStatus st,
                   remote_session::LaunchDenial denial);
  void FillState(const Slot& s, uint32_t p, remote_session::ServiceInfo* out) const;
  const caprt::Cap* Source(const char* name) const;
  const caprt::Cap* ClientFacet(uint64_t interface_id) const;
  // Shared companions per catalog profile: started with the first session
  // that launches it, stopped when the last one stops.
  struct Shared {
    uint32_t refs = 0;
    caprt::Cap handles[remote_session::kMaxServiceCompanions * kMaxCompanionProcs];
    uint32_t count = 0;
  };
  void StopCompanions(uint32_t p);

  BackendCaps caps_;
  caprt::Console& log_;
  caprt::CallQueue calls_;
  Slot slots_[kMaxSessions];
  // How many slots have `ready` set, or a terminal box. The front end asks
  // for completions, terminal reads and shell requests after every event,
  // and a slot is several pages: with none of either (a chat session, say)
  // the answer comes without touching any slot. That matters most right
  // after a worker's answer, a switch of address space when every page
  // touched costs a TLB refill.
  uint32_t ready_slots_ = 0;
  uint32_t terminal_slots_ = 0;
  RelayPool relays_;
  uint32_t live_ = 0;
  Shared shared_[remote_session::kMaxServices];
  ShellPool shells_;
  uint64_t now_ms_ = 0;
  uint64_t terminal_grace_ms_ = 300 * 1000;
};

}  // namespace ipc_backend
