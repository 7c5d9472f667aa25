// remote_session::Backend over IPC: SessionManager / UserSession /
// AuthorityBroker / SystemInfo clients and one chat worker per session.
//
// Ownership: each logged-in session's UserSession and SessionCell caps (from
// the login RETURN) and its Worker live in a fixed table slot until
// Logout(). BackendSession handles are table index + a per-slot generation,
// so a handle that outlived its slot is stale, never another session's.
// Chat calls are asynchronous (RelayPool); everything else is a synchronous
// CALL with a timeout. Nothing here is ever shown to a remote client.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/ring.h"
#include "services/gateway/relay_pool.h"
#include "services/gateway/worker_client.h"
#include "services/lib/remote-session/backend.h"

namespace gateway {

struct BackendCaps {
  caprt::Cap session_manager;
  caprt::Cap broker;
  caprt::Cap system_info;
  WorkerCaps worker;
};

class IpcBackend final : public remote_session::Backend {
 public:
  // Backend cap holders: sessions (with caps) at once. One per connection
  // (conn_loop.h kMaxConns) is enough; more are boundExceeded.
  static constexpr uint32_t kMaxSessions = 72;

  IpcBackend(const BackendCaps& caps, caprt::Console& log) : caps_(caps), log_(log) {}

  remote_session::LoginOutcome Login(const remote_session::LoginRequest& request) override;
  remote_session::BackendStatus SessionInfo(remote_session::BackendSession session,
                                            remote_session::Summary* out) override;
  remote_session::BackendStatus Bundle(remote_session::BackendSession session, const char* profile,
                                       remote_session::BundleEntry* out, uint32_t capacity,
                                       uint32_t* count) override;
  remote_session::BackendStatus SystemText(remote_session::BackendSession session,
                                           remote_session::SystemTextKind kind, char* out,
                                           size_t capacity, size_t* len) override;
  remote_session::BackendStatus StartChatWorker(remote_session::BackendSession session) override;
  // Submits the relay to the session's worker and answers kPending; the
  // event loop routes the CQE (relays()) to Session::CompleteChat.
  remote_session::BackendStatus CallChat(remote_session::BackendSession session, uint32_t call_tag,
                                         const remote_session::ChatRequest& request,
                                         remote_session::ChatReply* reply) override;
  void StopChatWorker(remote_session::BackendSession session) override;
  void Logout(remote_session::BackendSession session) override;

  uint32_t live_sessions() const { return live_; }
  RelayPool& relays() { return relays_; }
  uint32_t live_workers() const;

 private:
  struct Slot {
    bool used = false;
    uint32_t generation = 0;
    uint64_t connection_event = 0;  // for the audit lines
    caprt::Cap user_session;
    caprt::Cap cell;
    remote_session::Summary summary;  // from the login answer
    Worker worker;
  };
  Slot* Find(remote_session::BackendSession session);

  BackendCaps caps_;
  caprt::Console& log_;
  Slot slots_[kMaxSessions];
  RelayPool relays_;
  uint32_t live_ = 0;
};

}  // namespace gateway
