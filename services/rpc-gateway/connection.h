// The rpc-gateway's connections: each one a TCP stream, the checked message
// stream in front of capnp's two-party network, its own RpcSystem whose
// bootstrap is a Gateway, and one remote-session core (the same core the
// DTO gateway and web-ui run, over the same IPC backend), so the RPC
// surface gets the core's policy, bounds, transcript and audit unchanged.
//
// Ownership: Front owns the shared parts (backend, bounds, the staging
// buffer the core writes its answers to) and a TaskSet holding one
// promise per connection with the Connection attached, so a connection is
// destroyed exactly when its network disconnects (peer gone, a refused
// message, the pre-auth grace period). Member order is destruction order:
// the RpcSystem first (it drops every capability of the connection), the
// core next (its Disconnect logs a session out), the stream last.
#pragma once

#include <capnp/rpc-twoparty.h>
#include <kj/async.h>
#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/source_policy.h"
#include "services/rpc-gateway/checked_stream.h"
#include "services/rpc-gateway/ring_port.h"
#include "services/rpc-gateway/tcp_stream.h"

namespace rpc_gateway {

// Logins of one principal at once, as the gateway allows.
inline constexpr uint32_t kLoginsPerPrincipal = 16;

class Front final : private kj::TaskSet::ErrorHandler {
 public:
  Front(RingPort& port, remote_session::Backend& backend, caprt::Console& console,
        const ipc_backend::AdmissionPolicy& admission);

  // Serves one accepted connection, or closes it at once beyond
  // maxConnections.
  void Start(kj::Own<TcpStream> stream);

  // What connections share.
  RingPort& port() { return port_; }
  caprt::Console& console() { return console_; }
  // The core writes each answer here; the adapter decodes it before the
  // next call into any core (one thread), so one buffer serves them all.
  uint8_t* staging() { return staging_; }
  static constexpr size_t kStagingBytes = remote_session::kMaxResponseFrameBytes;
  remote_session::Request& scratch() { return *scratch_; }

 private:
  friend class Connection;
  void taskFailed(kj::Exception&& exception) override;

  RingPort& port_;
  remote_session::Backend& backend_;
  caprt::Console& console_;
  remote_session::SessionLimits limits_;
  remote_session::Counter connections_;
  remote_session::Counter cap_holders_;
  remote_session::LoginRegistry logins_{kLoginsPerPrincipal};
  remote_session::SourcePolicy sources_;
  kj::Own<remote_session::Request> scratch_;
  uint64_t next_event_ = 1;
  alignas(8) uint8_t staging_[kStagingBytes];
  kj::TaskSet tasks_;
};

class Connection {
 public:
  Connection(Front& front, kj::Own<TcpStream> stream);
  ~Connection() noexcept(false);

  // Resolves when the connection is over.
  kj::Promise<void> Done();

  remote_session::Session& core() { return core_; }
  Front& front() { return front_; }
  uint64_t event() const { return event_; }

 private:
  // The core's pre-auth grace period: past it, the read in progress fails
  // with "loginTimeout", which rpc.c++ sends the peer in its Abort.
  kj::Promise<void> Grace();

  Front& front_;
  uint64_t event_;
  kj::Own<TcpStream> stream_;
  CheckedStream checked_;
  capnp::TwoPartyVatNetwork network_;
  remote_session::Session core_;
  capnp::RpcSystem<capnp::rpc::twoparty::VatId> rpc_;
  kj::Promise<void> grace_;
};

}  // namespace rpc_gateway
