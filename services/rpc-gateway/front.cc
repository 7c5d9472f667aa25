// The Front: what rpc-gateway's connections share, and the path by which
// the IPC backend's completions reach the connection they belong to.
#include "schema/remote_rpc.capnp.h"
#include "services/lib/tls-front/front_glue.h"
#include "services/rpc-gateway/connection.h"

namespace rpc_gateway {

namespace rs = remote_session;

Front::Front(RingPort& port, ipc_backend::IpcBackend& backend, caprt::Console& console,
             const ipc_backend::AdmissionPolicy& admission)
    : port_(port),
      backend_(backend),
      console_(console),
      connections_(capos::rpc::MAX_CONNECTIONS),
      cap_holders_(2 * capos::rpc::MAX_CONNECTIONS),
      tasks_(*this) {
  limits_.max_auth_tries = admission.max_auth_tries;
  limits_.pre_auth_grace_ms = admission.pre_auth_grace_ms;
  static_assert(capos::rpc::MAX_CONNECTIONS <= sizeof(live_) / sizeof(live_[0]), "live_");
  port_.set_sink(this);
}

void Front::Start(kj::Own<TcpStream> stream) {
  if (!connections_.TryAcquire()) {
    // Dropping the stream closes it: the client sees the connection end
    // before any message, and no other connection is touched.
    console_.Printf("rpc-gateway: connection refused: %u connections (bound)\n",
                    connections_.limit());
    return;
  }
  tls_front::Channel* channel = nullptr;
  if (tls_ != nullptr && (channel = tls_front::NewChannel(tls_)) == nullptr) {
    connections_.Release();
    console_.Printf("rpc-gateway: connection refused: no memory for its TLS channel\n");
    return;
  }
  auto connection = kj::heap<Connection>(*this, kj::mv(stream), channel);
  for (Connection*& c : live_) {
    if (c == nullptr) {
      c = connection.get();
      break;
    }
  }
  console_.Printf("rpc-gateway: connection %llu open (%u open)\n",
                  (unsigned long long)connection->event(), connections_.used());
  kj::Promise<void> done = connection->Done();
  tasks_.add(done.attach(kj::mv(connection)));
}

Connection* Front::Find(uint64_t event) {
  for (Connection* c : live_) {
    if (c != nullptr && c->event() == event) return c;
  }
  return nullptr;
}

void Front::OnCqe(const abi::Cqe& cqe) {
  backend_.SetNow(port_.NowMs());
  ipc_backend::RelayPool& relays = backend_.relays();
  if (ipc_backend::RelayPool::Owns(cqe.user_data)) {
    int k = relays.Complete(cqe);
    if (k < 0) return;
    if (Connection* c = Find(relays.event(k))) return c->Pump();
    relays.Discard(k);  // its connection is gone
  } else if (ipc_backend::IpcBackend::OwnsOp(cqe.user_data)) {
    uint64_t event = backend_.OnOpCqe(cqe);
    if (event == 0) return;
    if (Connection* c = Find(event)) return c->Pump();
    backend_.Forget(event);
  }
}

void Front::taskFailed(kj::Exception&& exception) {
  // Done() only resolves; a failure here is a connection's network failing
  // to report its end, which drops that connection alone.
  console_.Printf("rpc-gateway: connection task failed\n");
}

}  // namespace rpc_gateway
