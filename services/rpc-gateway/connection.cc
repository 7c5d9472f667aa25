#include "services/rpc-gateway/connection.h"

#include <kj/debug.h>

#include "schema/remote_rpc.capnp.h"
#include "services/rpc-gateway/gateway.h"

namespace rpc_gateway {
namespace {

namespace rs = remote_session;

rs::ConnectionInfo Info(uint32_t peer_address, uint64_t event, uint64_t now_ms) {
  rs::ConnectionInfo info;
  // The per-source key, as the other front ends derive it: the peer
  // address the kernel saw (behind QEMU user networking all host clients
  // share it; it only ever delays failed logins).
  info.source.source_id = 0x5e55000000000000ull | peer_address;
  info.source.connection_event = event;
  info.connected_at_ms = now_ms;
  return info;
}

capnp::ReaderOptions NetworkOptions() {
  // CheckedStream builds the readers rpc.c++ gets; the network uses its
  // options only to refuse sending anything larger than we would read.
  capnp::ReaderOptions o;
  o.traversalLimitInWords = capos::rpc::MAX_TRAVERSAL_WORDS;
  o.nestingLimit = static_cast<int>(capos::rpc::MAX_NESTING_DEPTH);
  return o;
}

}  // namespace

Front::Front(RingPort& port, rs::Backend& backend, caprt::Console& console,
             const ipc_backend::AdmissionPolicy& admission)
    : port_(port),
      backend_(backend),
      console_(console),
      connections_(capos::rpc::MAX_CONNECTIONS),
      cap_holders_(2 * capos::rpc::MAX_CONNECTIONS),
      scratch_(kj::heap<rs::Request>()),
      tasks_(*this) {
  limits_.max_auth_tries = admission.max_auth_tries;
  limits_.pre_auth_grace_ms = admission.pre_auth_grace_ms;
}

void Front::Start(kj::Own<TcpStream> stream) {
  if (!connections_.TryAcquire()) {
    // Dropping the stream closes it: the client sees the connection end
    // before any message, and no other connection is touched.
    console_.Printf("rpc-gateway: connection refused: %u connections (bound)\n",
                    connections_.limit());
    return;
  }
  auto connection = kj::heap<Connection>(*this, kj::mv(stream));
  console_.Printf("rpc-gateway: connection %llu open (%u open)\n",
                  (unsigned long long)connection->event(), connections_.used());
  kj::Promise<void> done = connection->Done();
  tasks_.add(done.attach(kj::mv(connection)));
}

void Front::taskFailed(kj::Exception&& exception) {
  // Done() only resolves; a failure here is a connection's network failing
  // to report its end, which drops that connection alone.
  console_.Printf("rpc-gateway: connection task failed\n");
}

Connection::Connection(Front& front, kj::Own<TcpStream> stream)
    : front_(front),
      event_(front.next_event_++),
      stream_(kj::mv(stream)),
      checked_(*stream_, SchemaLimits(), capos::rpc::MAX_OPEN_QUESTIONS,
               capos::rpc::MAX_QUEUED_REPLY_BYTES),
      network_(checked_, capnp::rpc::twoparty::Side::SERVER, NetworkOptions(), front.port_),
      core_(front.backend_, rs::SharedBounds{&front.logins_, &front.cap_holders_, &front.sources_},
            Info(stream_->peer_address(), event_, front.port_.NowMs()), front.limits_),
      rpc_(capnp::makeRpcServer(network_,
                                capos::rpc::Gateway::Client(kj::heap<GatewayImpl>(*this)))),
      grace_(Grace().eagerlyEvaluate(nullptr)) {
  checked_.set_network(&network_);
}

Connection::~Connection() noexcept(false) {
  const char* why = checked_.refused();
  front_.console_.Printf("rpc-gateway: connection %llu closed%s%s\n", (unsigned long long)event_,
                         why ? ": " : "", why ? why : "");
  front_.connections_.Release();
}

kj::Promise<void> Connection::Done() {
  return network_.onDisconnect();
}

kj::Promise<void> Connection::Grace() {
  uint64_t deadline = core_.GraceDeadlineMs();
  if (deadline == 0) return kj::NEVER_DONE;
  return front_.port_.timer().atTime(RingPort::At(deadline)).then([this]() {
    // The core records loginTimeout in the transcript; its DTO frame has
    // no reader here, the Abort carries the same name.
    core_.GraceExpired(front_.port_.NowMs(), front_.staging(), Front::kStagingBytes);
    front_.console_.Printf("rpc-gateway: connection %llu: no login within the grace period\n",
                           (unsigned long long)event_);
    checked_.Abort("loginTimeout");
  });
}

}  // namespace rpc_gateway
