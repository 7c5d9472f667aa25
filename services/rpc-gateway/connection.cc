#include "services/rpc-gateway/connection.h"

#include <kj/debug.h>
#include <string.h>

#include "schema/remote_rpc.capnp.h"
#include "services/rpc-gateway/dto.h"
#include "services/rpc-gateway/gateway.h"

namespace rpc_gateway {
namespace {

namespace rs = remote_session;

// The backend's answers, decoded one at a time (large; one thread).
rs::ChatReply chat_reply;
rs::Completion completion;
alignas(8) uint8_t service_results[rs::kMaxServiceResultBytes];

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

Connection::Connection(Front& front, kj::Own<TcpStream> stream, tls_front::Channel* channel)
    : front_(front),
      event_(front.next_event_++),
      stream_(kj::mv(stream)),
      tls_(channel == nullptr ? kj::Own<TlsStream>()
                              : kj::heap<TlsStream>(*stream_, channel, front.console_, event_)),
      checked_(tls_.get() != nullptr ? static_cast<kj::AsyncIoStream&>(*tls_) : *stream_,
               SchemaLimits(), capos::rpc::MAX_OPEN_QUESTIONS, capos::rpc::MAX_QUEUED_REPLY_BYTES),
      network_(checked_, capnp::rpc::twoparty::Side::SERVER, NetworkOptions(), front.port_),
      core_(front.backend_, rs::SharedBounds{&front.logins_, &front.cap_holders_, &front.sources_},
            Info(stream_->peer_address(), event_, front.port_.NowMs()), front.limits_),
      turns_([this]() { return Ready(); }),
      push_gate_([]() { return true; }),
      tasks_(*this),
      rpc_(capnp::makeRpcServer(network_,
                                capos::rpc::Gateway::Client(kj::heap<GatewayImpl>(*this)))),
      grace_(Grace().eagerlyEvaluate(nullptr)) {
  checked_.set_network(&network_);
}

Connection::~Connection() noexcept(false) {
  // Every capability of this connection fails closed from here on, before
  // anything they could reach goes away. Receivers live on this connection:
  // no `ended` can reach them any more.
  Revoke(false);
  core_.Disconnect(front_.port_.NowMs());
  front_.backend_.relays().DropEvent(event_);
  front_.backend_.Forget(event_);
  for (Connection*& c : front_.live_) {
    if (c == this) c = nullptr;
  }
  const char* why = checked_.refused();
  front_.console_.Printf("rpc-gateway: connection %llu closed%s%s\n", (unsigned long long)event_,
                         why ? ": " : "", why ? why : "");
  front_.connections_.Release();
}

void Connection::taskFailed(kj::Exception&& exception) {
  front_.console_.Printf("rpc-gateway: connection %llu: task failed\n", (unsigned long long)event_);
}

kj::Promise<void> Connection::Done() {
  return network_.onDisconnect();
}

kj::Promise<void> Connection::Grace() {
  uint64_t deadline = core_.GraceDeadlineMs();
  if (deadline == 0) return kj::NEVER_DONE;
  return front_.port_.timer().atTime(RingPort::At(deadline)).then([this]() -> kj::Promise<void> {
    uint64_t now = front_.port_.NowMs();
    uint64_t d = core_.GraceDeadlineMs();
    if (d == 0 || now < d) return Grace();  // a login or logout moved it
    // The core records loginTimeout in the transcript; its DTO frame has
    // no reader here, the Abort carries the same name.
    core_.GraceExpired(now, front_.staging(), Front::kStagingBytes);
    front_.console_.Printf("rpc-gateway: connection %llu: no login within the grace period\n",
                           (unsigned long long)event_);
    checked_.Abort("loginTimeout");
    return kj::READY_NOW;
  });
}

bool Connection::Ready() {
  return !core_.busy() && front_.port_.NowMs() >= hold_until_ms_;
}

kj::Own<Grant> Connection::NewGrant() {
  Revoke();
  grant_ = kj::refcounted<Grant>();
  return kj::addRef(*grant_);
}

void Connection::Revoke(bool tell) {
  if (grant_.get() != nullptr) grant_->Revoke();
  grant_ = nullptr;
  answers_.RejectRevoked();
  EndPushes(rs::ErrorCode::kStaleSession, tell);
}

void Connection::Unregister(Push& push) {
  for (size_t i = 0; i < pushes_.size(); ++i) {
    if (pushes_[i] != &push) continue;
    if (i + 1 != pushes_.size()) pushes_[i] = pushes_.back();
    pushes_.removeLast();
    return;
  }
}

void Connection::EndPushes(rs::ErrorCode code, bool tell) {
  // End() unregisters: take the list first.
  kj::Vector<Push*> ending = kj::mv(pushes_);
  pushes_ = kj::Vector<Push*>();
  for (Push* p : ending) p->End(code, tell);
}

kj::Promise<CoreAnswer> Connection::Ask(kj::Array<capnp::word> request, kj::Maybe<Grant&> grant,
                                        bool login, bool quiet) {
  kj::Maybe<kj::Own<Grant>> held;
  KJ_IF_MAYBE (g, grant) {
    held = kj::addRef(*g);
  }
  return turns_.Next().then([this, request = kj::mv(request), held = kj::mv(held), login, quiet](
                                kj::Own<Turns::Turn>&& turn) mutable -> kj::Promise<CoreAnswer> {
    KJ_IF_MAYBE (g, held) {
      if (!(*g)->live()) return StaleSession();
    }
    // Whatever this login becomes, the previous one is over: its caps go
    // before the core tears it down (a second login).
    if (login) Revoke();
    uint32_t origin = next_origin_++;
    if (next_origin_ == 0) next_origin_ = 1;
    if (login) login_origin_ = origin;
    uint64_t now = front_.port_.NowMs();
    front_.backend_.SetNow(now);
    kj::ArrayPtr<kj::byte> bytes = request.asBytes();
    rs::Output out =
        core_.HandleFrame(bytes.begin(), bytes.size(), now, front_.staging(), Front::kStagingBytes,
                          rs::Session::Via{origin, false, quiet});
    // A login's password, gone with the request as soon as it is decided.
    memset(bytes.begin(), 0, bytes.size());
    kj::Promise<CoreAnswer> answer =
        out.pending ? answers_.Expect(origin, kj::mv(held)) : Take(out, login);
    return answer.then([this](CoreAnswer&& a) -> kj::Promise<CoreAnswer> {
      // A penalized source's failed login: its answer waits, the loop does not.
      kj::Promise<void> held = a.hold_ms == 0
                                   ? kj::Promise<void>(kj::READY_NOW)
                                   : front_.port_.timer().afterDelay(a.hold_ms * kj::MILLISECONDS);
      return held.then([a = kj::mv(a)]() mutable {
        if (a.released.get() != nullptr) a.released->fulfill();
        return kj::mv(a);
      });
    });
  });
}

CoreAnswer Connection::Take(const rs::Output& out, bool login) {
  CoreAnswer a;
  a.frame = kj::heapArray<kj::byte>(front_.staging(), out.length);
  a.close = out.close;
  a.hold_ms = out.hold_ms;
  uint64_t now = front_.port_.NowMs();
  if (out.hold_ms != 0) {
    // Later calls wait too, as the DTO gateway holds the connection's frames.
    hold_until_ms_ = now + out.hold_ms;
    tasks_.add(front_.port_.timer().atTime(RingPort::At(hold_until_ms_)).then([this]() {
      turns_.Wake();
    }));
  }
  if (out.close) {
    // After the answer has been handed over (its hold included: a timer of
    // our own could fire before the held answer's): evalLast runs once
    // rpc.c++ has queued its Return, and the Abort follows it on the stream.
    const char* why = login ? "loginTimeout" : "closed";
    kj::PromiseFulfillerPair<void> handed = kj::newPromiseAndFulfiller<void>();
    a.released = kj::mv(handed.fulfiller);
    tasks_.add(handed.promise.then([]() {}, [](kj::Exception&&) {})
                   .then([]() { return kj::evalLast([]() {}); })
                   .then([this, why]() { checked_.Abort(why); }));
  }
  if (login && !out.close) {
    bool ok = false;
    DecodeAnswer(a, [&](capos::schema::Response::Reader r) { ok = r.isLoggedIn(); });
    if (ok) a.grant = NewGrant();
  }
  grace_ = Grace().eagerlyEvaluate(nullptr);
  return a;
}

void Connection::Deliver(const rs::Output& out) {
  if (out.pending || (out.length == 0 && !out.close)) return;
  bool login = login_origin_ != 0 && out.origin == login_origin_;
  answers_.Deliver(out.origin, Take(out, login));
}

void Connection::Pump() {
  ipc_backend::IpcBackend& backend = front_.backend_;
  ipc_backend::RelayPool& relays = backend.relays();
  uint8_t* out = front_.staging();
  constexpr size_t cap = Front::kStagingBytes;
  for (;;) {
    uint64_t now = front_.port_.NowMs();
    int k = relays.NextDone(event_);
    if (k >= 0) {
      rs::BackendStatus st;
      if (relays.IsService(k)) {
        uint32_t len = 0;
        uint32_t tag = relays.TakeService(k, &st, service_results, sizeof(service_results), &len);
        Deliver(core_.CompleteService(tag, st, service_results, len, now, out, cap));
      } else {
        uint32_t tag = relays.Take(k, &st, &chat_reply);
        Deliver(core_.CompleteChat(tag, st, &chat_reply, now, out, cap));
      }
      continue;
    }
    if (!backend.TakeCompletion(event_, &completion)) break;
    Deliver(core_.Complete(completion, now, out, cap));
  }
  turns_.Wake();
}

}  // namespace rpc_gateway
