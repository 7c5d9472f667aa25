// The rpc-gateway's connections: each one a TCP stream, the checked message
// stream in front of capnp's two-party network, its own RpcSystem whose
// bootstrap is a Gateway, and one remote-session core (the same core the
// DTO gateway and web-ui run, over the same IPC backend), so the RPC
// surface gets the core's policy, bounds, transcript and audit unchanged.
//
// Every capability method becomes one DTO Request the core decodes as it
// would a DTO frame (Ask): it waits for its turn (answers.h Turns), the
// core answers at once or "pending", and a pending answer arrives when the
// backend's completion for it does. Those completions are ring CQEs that
// RingPort hands to the Front (CqeSink), which feeds them to the core of
// the connection they belong to (Pump) from inside the event port, never
// blocking the loop.
//
// Ownership: Front owns the shared parts (backend, bounds, the staging
// buffer the core writes its answers to) and a TaskSet holding one
// promise per connection with the Connection attached, so a connection is
// destroyed exactly when its network disconnects (peer gone, a refused
// message, the pre-auth grace period, a close the core asked for). Its
// destructor revokes the live login's Grant first; then the RpcSystem goes
// (it drops every capability of the connection), then the core (its
// Disconnect logs the session out and stops its worker), the stream last.
#pragma once

#include <capnp/rpc-twoparty.h>
#include <kj/async.h>
#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/source_policy.h"
#include "services/rpc-gateway/answers.h"
#include "services/rpc-gateway/checked_stream.h"
#include "services/rpc-gateway/ring_port.h"
#include "services/rpc-gateway/tcp_stream.h"
#include "services/rpc-gateway/tls_stream.h"

namespace rpc_gateway {

// Logins of one principal at once, as the gateway allows.
inline constexpr uint32_t kLoginsPerPrincipal = 16;

class Connection;

// A live push of a login (chat_push.h): what the connection ends when the
// login does (logout, a second login, the connection's end) or when the
// caller leaves the room, and what counts against maxSubscriptions.
class Push {
 public:
  // Ends the pushes exactly once: with `tell`, the receiver's `ended` is
  // the last call it gets (after the push in flight, if any, returns);
  // without, it just stops (the connection is going).
  virtual void End(remote_session::ErrorCode code, bool tell) = 0;

 protected:
  ~Push() = default;
};

class Front final : private kj::TaskSet::ErrorHandler, public CqeSink {
 public:
  Front(RingPort& port, ipc_backend::IpcBackend& backend, caprt::Console& console,
        const ipc_backend::AdmissionPolicy& admission);

  // Serves one accepted connection, or closes it at once beyond
  // maxConnections.
  void Start(kj::Own<TcpStream> stream);

  // A backend CQE (a chat relay, a login, a worker start, ...): the next
  // step of its operation, and the answer to the core that waits for it.
  void OnCqe(const abi::Cqe& cqe) override;

  // What connections share.
  RingPort& port() { return port_; }
  caprt::Console& console() { return console_; }
  // The core writes each answer here; the adapter copies it out before
  // the next call into any core (one thread), so one buffer serves them all.
  uint8_t* staging() { return staging_; }
  static constexpr size_t kStagingBytes = remote_session::kMaxResponseFrameBytes;
  // Every connection from now on is TLS with this config (null: plaintext).
  void set_tls(const mbedtls_ssl_config* tls) { tls_ = tls; }

 private:
  friend class Connection;

  // A live push of a login (chat_push.h): what the connection ends when the
  // login does (logout, a second login, the connection's end) or when the
  // caller leaves the room, and what counts against maxSubscriptions.
  class Push {
   public:
    // Ends the pushes exactly once: with `tell`, the receiver's `ended` is
    // the last call it gets (after the push in flight, if any, returns);
    // without, it just stops (the connection is going).
    virtual void End(remote_session::ErrorCode code, bool tell) = 0;

   protected:
    ~Push() = default;
  };
  void taskFailed(kj::Exception&& exception) override;
  Connection* Find(uint64_t event);

  RingPort& port_;
  ipc_backend::IpcBackend& backend_;
  caprt::Console& console_;
  remote_session::SessionLimits limits_;
  remote_session::Counter connections_;
  remote_session::Counter cap_holders_;
  remote_session::LoginRegistry logins_{kLoginsPerPrincipal};
  remote_session::SourcePolicy sources_;
  uint64_t next_event_ = 1;
  const mbedtls_ssl_config* tls_ = nullptr;
  Connection* live_[64] = {};  // by index; at most maxConnections used
  alignas(8) uint8_t staging_[kStagingBytes];
  kj::TaskSet tasks_;
};

class Connection final : private kj::TaskSet::ErrorHandler {
 public:
  // `channel`: the connection's started TLS channel, or null (plaintext).
  Connection(Front& front, kj::Own<TcpStream> stream, tls_front::Channel* channel);
  ~Connection() noexcept(false);

  // Resolves when the connection is over.
  kj::Promise<void> Done();

  // Feeds the core one DTO Request message (dto.h) in turn and resolves
  // with its answer. With a grant, the call fails "staleSession" if the
  // grant is revoked before the core takes it or while its answer is
  // pending. `login`: the answer's close means loginTimeout.
  // `quiet`: answered like any call but not written to the transcript
  // (the gateway's own calls for pushes, never a client's request).
  kj::Promise<CoreAnswer> Ask(kj::Array<capnp::word> request, kj::Maybe<Grant&> grant,
                              bool login = false, bool quiet = false);

  // The live login's grant (a new one per successful login), or null.
  Grant* grant() { return grant_.get(); }
  kj::Own<Grant> NewGrant();
  // Revokes the live login's grant and fails its pending calls; its pushes
  // end with staleSession (told to their receivers unless `tell` is false).
  void Revoke(bool tell = true);

  // The live login's pushes: at most maxSubscriptions registered at once.
  size_t pushes() const { return pushes_.size(); }
  void Register(Push& push) { pushes_.add(&push); }
  void Unregister(Push& push);
  // Ends every registered push with `code` (the caller left the room:
  // notAuthenticated; the login is over: staleSession).
  void EndPushes(remote_session::ErrorCode code, bool tell);
  // One gateway poll for pushes in flight per connection at a time, so
  // pushes never take more than one of the core's per-session worker
  // calls from the client's own.
  Turns& push_gate() { return push_gate_; }

  // Hands the backend's answers for this connection to its core.
  void Pump();

  const remote_session::Session& core() const { return core_; }
  Front& front() { return front_; }
  uint64_t event() const { return event_; }

 private:
  void taskFailed(kj::Exception&& exception) override;
  // The core's pre-auth grace period (re-armed after every answer: a
  // login ends it, a logout starts it again). Past it, the read in
  // progress fails with "loginTimeout", which rpc.c++ sends the peer in
  // its Abort.
  kj::Promise<void> Grace();
  bool Ready();
  // The core's Output (its frame in the staging buffer), owned.
  CoreAnswer Take(const remote_session::Output& out, bool login);
  // Routes an Output of Pump to the call that waits for it.
  void Deliver(const remote_session::Output& out);

  Front& front_;
  uint64_t event_;
  kj::Own<TcpStream> stream_;
  kj::Own<TlsStream> tls_;  // null on a plaintext port
  CheckedStream checked_;
  capnp::TwoPartyVatNetwork network_;
  remote_session::Session core_;
  uint32_t next_origin_ = 1;
  uint32_t login_origin_ = 0;  // the login call in flight (its close is loginTimeout)
  uint64_t hold_until_ms_ = 0;
  kj::Own<Grant> grant_;
  Turns turns_;
  Answers answers_;
  // Before rpc_: the pushes its caps own unregister while it goes.
  kj::Vector<Push*> pushes_;
  Turns push_gate_;
  kj::TaskSet tasks_;
  capnp::RpcSystem<capnp::rpc::twoparty::VatId> rpc_;
  kj::Promise<void> grace_;
};

}  // namespace rpc_gateway
