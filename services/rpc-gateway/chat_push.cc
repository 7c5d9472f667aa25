#include "services/rpc-gateway/chat_push.h"

#include "schema/chat.capnp.h"
#include "services/rpc-gateway/caps.h"
#include "services/rpc-gateway/dto.h"

namespace rpc_gateway {

namespace rs = remote_session;
using Response = capos::schema::Response;

ChatPush::ChatPush(Connection& connection, kj::Own<Grant> grant, kj::StringPtr name,
                   uint64_t interface_id, capos::rpc::ChatReceiver::Client receiver, uint64_t since)
    : connection_(connection),
      grant_(kj::mv(grant)),
      name_(kj::heapString(name)),
      interface_id_(interface_id),
      receiver_(kj::mv(receiver)),
      since_(since) {
  // Registered from the subscribe on, so concurrent subscribes count
  // against maxSubscriptions before their membership check answers.
  connection_.Register(*this);
}

ChatPush::~ChatPush() {
  if (!ended_) connection_.Unregister(*this);
}

void ChatPush::Start() {
  started_ = true;
  loop_ = Next().eagerlyEvaluate(nullptr);
}

void ChatPush::End(rs::ErrorCode code, bool tell) {
  if (ended_) return;
  ended_ = true;
  code_ = code;
  // A subscribe still checking membership never had a subscription: its
  // caller gets the answer instead.
  tell_ = tell && started_;
  connection_.Unregister(*this);
  // The push in flight returns first, then its continuation calls Ended();
  // otherwise the poll or the wait in progress is cancelled here (End is
  // never called from inside this loop).
  if (in_flight_) return;
  loop_ = tell_ ? Ended().eagerlyEvaluate(nullptr) : kj::Promise<void>(kj::READY_NOW);
}

void ChatPush::Quit() {
  if (ended_) return;
  ended_ = true;
  tell_ = false;
  connection_.Unregister(*this);
}

kj::Promise<void> ChatPush::Next() {
  // A push never starts a chat worker (a quiet poll would): without one
  // the session is out of the room (its end leaves it), as after a leave.
  if (!connection_.core().worker_running()) {
    ended_ = true;
    code_ = rs::ErrorCode::kNotAuthenticated;
    tell_ = true;
    connection_.Unregister(*this);
    return Ended();
  }
  auto poll = DtoCall(name_, interface_id_, [&](auto c) { c.setChatPoll(since_); });
  return connection_.push_gate()
      .Next()
      .then([this, poll = kj::mv(poll)](kj::Own<Turns::Turn>&& turn) mutable {
        // The gate is held until the core's answer is here.
        return connection_.Ask(kj::mv(poll), *grant_, false, true).attach(kj::mv(turn));
      })
      .then([this](CoreAnswer&& a) { return Deliver(a); },
            // A backend that failed, a bound of the core: ask again later.
            // (A revoked login never gets here: End cancelled the loop.)
            [this](kj::Exception&&) { return Later(); });
}

kj::Promise<void> ChatPush::Later() {
  return connection_.front()
      .port()
      .timer()
      .afterDelay(kChatPushPollMs * kj::MILLISECONDS)
      .then([this]() { return Next(); });
}

kj::Promise<void> ChatPush::Deliver(const CoreAnswer& a) {
  auto push = receiver_.messagesRequest();
  uint32_t n = 0;
  DecodeAnswer(a, [&](Response::Reader r) {
    if (!r.isCallResult() || !r.getCallResult().isChatMessages()) return;
    auto in = r.getCallResult().getChatMessages();
    n = in.getMessages().size();
    if (n > capos::schema::Chat::MAX_POLL_MESSAGES) n = capos::schema::Chat::MAX_POLL_MESSAGES;
    if (n == 0) return;
    push.setTruncated(in.getTruncated());
    auto out = push.initMessages(n);
    for (uint32_t i = 0; i < n; ++i) {
      auto m = in.getMessages()[i];
      out[i].setSeq(m.getSeq());
      out[i].setFrom(m.getFrom());
      out[i].setText(m.getText());
      if (m.getSeq() > since_) since_ = m.getSeq();
    }
  });
  // Nothing new (or a denial, e.g. the room has just been left): wait.
  if (n == 0) return Later();
  in_flight_ = true;
  return push.send().then(
      [this](auto&&) -> kj::Promise<void> {
        in_flight_ = false;
        if (ended_) return tell_ ? Ended() : kj::Promise<void>(kj::READY_NOW);
        return Next();
      },
      [this](kj::Exception&&) -> kj::Promise<void> {
        in_flight_ = false;
        Quit();
        return kj::READY_NOW;
      });
}

kj::Promise<void> ChatPush::Ended() {
  auto req = receiver_.endedRequest();
  req.setCode(static_cast<capos::schema::ErrorCode>(code_));
  // Its failure changes nothing: the subscription is over either way.
  return req.send().ignoreResult().catch_([](kj::Exception&&) {});
}

// Members only: the DTO's chatPoll answer has no status, so membership is
// asked with a quiet chatWho (a member always sees itself listed; the
// room answers anyone else an empty list).
kj::Promise<void> ChatImpl::subscribe(SubscribeContext context) {
  using Status = capos::schema::Chat::Status;
  if (!live()) return StaleSession();
  if (connection_.pushes() >= capos::rpc::MAX_SUBSCRIPTIONS) {
    context.getResults().setStatus(Status::BOUND_EXCEEDED);
    return kj::READY_NOW;
  }
  auto params = context.getParams();
  // Joining starts the session's chat worker, and its end leaves the room:
  // without one the caller is no member, and no worker is started to ask.
  if (!connection_.core().worker_running()) {
    context.getResults().setStatus(Status::NOT_JOINED);
    return kj::READY_NOW;
  }
  auto push = kj::heap<ChatPush>(connection_, kj::addRef(*grant_), name_, interface_id_,
                                 params.getReceiver(), params.getSinceSeq());
  return Invoke([](auto c) { c.setChatWho(); }, true)
      .then([context, push = kj::mv(push)](CoreAnswer&& a) mutable {
        return Decode(a, [&](Response::Reader r) {
          auto results = context.getResults();
          bool member = r.isCallResult() && r.getCallResult().isChatMembers() &&
                        r.getCallResult().getChatMembers().size() > 0;
          // Ended meanwhile: the caller left, or the login is over (then
          // the answer below is overridden: Ask failed "staleSession").
          if (!member || push->ended()) {
            results.setStatus(Status::NOT_JOINED);
            return;
          }
          push->Start();
          results.setStatus(Status::OK);
          results.setSubscription(kj::heap<SubscriptionImpl>(kj::mv(push)));
        });
      });
}

}  // namespace rpc_gateway
