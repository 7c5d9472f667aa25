// Chat.subscribe's pushes (remote_rpc.capnp): one subscription's loop, and
// the Subscription cap whose release ends it.
//
// The room has no way to wait for news (schema/chat.capnp: poll only, and
// the DTO's chatPoll answer carries no status), so the gateway asks for
// it: a quiet chatPoll(since) through the connection's core, the same
// call and rules as the client's own poll but never in the transcript.
// An idle subscription asks every kChatPushPollMs on kj's timer; once it
// has pushed, it asks again at once (the room may hold more than one
// push). At most one poll per connection is in flight (Connection::
// push_gate), and one receiver call per subscription: the next push waits
// for the previous one's return, so a receiver that never returns stops
// its own pushes and nothing else. A receiver call that fails (the client
// went away, or threw) ends the subscription quietly.
#pragma once

#include "schema/remote_rpc.capnp.h"
#include "services/rpc-gateway/connection.h"

namespace rpc_gateway {

// 250 ms: Paperclips.watch's floor (minWatchMs, the game's tick). A
// message reaches a subscriber on average half this after it was sent
// (plus a round trip), below what a person in a chat notices, while an
// idle subscription costs four quiet polls a second.
inline constexpr uint64_t kChatPushPollMs = capos::rpc::MIN_WATCH_MS;

class ChatPush final : public Push {
 public:
  // `name`, `interface_id`: the chat entry, as the core lists it.
  ChatPush(Connection& connection, kj::Own<Grant> grant, kj::StringPtr name, uint64_t interface_id,
           capos::rpc::ChatReceiver::Client receiver, uint64_t since);
  ~ChatPush();
  KJ_DISALLOW_COPY(ChatPush);

  // Begins the pushes (the subscribe was answered with its Subscription).
  void Start();
  bool ended() const { return ended_; }
  void End(remote_session::ErrorCode code, bool tell) override;

 private:
  // Poll, then push or wait: the loop, one step at a time.
  kj::Promise<void> Next();
  kj::Promise<void> Later();
  kj::Promise<void> Deliver(const CoreAnswer& answer);
  // The receiver's last call.
  kj::Promise<void> Ended();
  // The receiver failed: no more calls, not even `ended`.
  void Quit();

  Connection& connection_;
  kj::Own<Grant> grant_;
  kj::String name_;
  uint64_t interface_id_;
  capos::rpc::ChatReceiver::Client receiver_;
  uint64_t since_;
  bool started_ = false;
  bool ended_ = false;
  bool tell_ = false;
  bool in_flight_ = false;  // a receiver call waits for its return
  remote_session::ErrorCode code_ = remote_session::ErrorCode::kStaleSession;
  kj::Promise<void> loop_ = nullptr;
};

// What the client holds: releasing it destroys the ChatPush, whose loop
// goes with it (a poll or a receiver call in flight is cancelled).
class SubscriptionImpl final : public capos::rpc::Subscription::Server {
 public:
  explicit SubscriptionImpl(kj::Own<ChatPush> push) : push_(kj::mv(push)) {}

 private:
  kj::Own<ChatPush> push_;
};

}  // namespace rpc_gateway
