// The typed caps of the system entries (remote_rpc.capnp SystemInfo and
// Chat): each method is the DTO Call variant of the same name on the
// entry, through the core and the session's chat worker. What the DTO
// answer does not carry stays at its default: Chat.who's `you`,
// poll's `more`, the `limit` of a bound (0).
#include <string.h>

#include "schema/chat.capnp.h"
#include "services/rpc-gateway/caps.h"

namespace rpc_gateway {
namespace {

using Response = capos::schema::Response;
using Status = capos::schema::Chat::Status;

// The DTO's ChatSent.reason back to the room's status ("" when sent;
// "notSent" is a room that said ok without sending).
Status StatusOf(kj::StringPtr reason) {
  static const struct {
    const char* name;
    Status status;
  } kNames[] = {{"notJoined", Status::NOT_JOINED},
                {"noSession", Status::NO_SESSION},
                {"boundExceeded", Status::BOUND_EXCEEDED},
                {"emptyText", Status::EMPTY_TEXT},
                {"invalidText", Status::INVALID_TEXT}};
  for (const auto& n : kNames) {
    if (reason == n.name) return n.status;
  }
  return Status::OK;
}

// The call result of the core's answer, if it is one.
template <typename Fill>
kj::Promise<void> Result(const CoreAnswer& a, Fill&& fill) {
  return Decode(a, [&](Response::Reader r) {
    if (r.isCallResult()) fill(r.getCallResult());
  });
}

}  // namespace

kj::Promise<void> SystemInfoImpl::motd(MotdContext context) {
  return Invoke([](auto c) { c.setSystemMotd(); }).then([context](CoreAnswer&& a) mutable {
    return Result(a, [&](auto r) {
      if (r.isText()) context.getResults().setText(r.getText());
    });
  });
}

kj::Promise<void> SystemInfoImpl::buildInfo(BuildInfoContext context) {
  return Invoke([](auto c) { c.setSystemBuildInfo(); }).then([context](CoreAnswer&& a) mutable {
    return Result(a, [&](auto r) {
      if (r.isText()) context.getResults().setText(r.getText());
    });
  });
}

kj::Promise<void> ChatImpl::join(JoinContext context) {
  return Invoke([](auto c) { c.setChatJoin(); }).then([context](CoreAnswer&& a) mutable {
    return Result(a, [&](auto r) {
      if (!r.isChatJoined()) return;
      auto out = context.getResults();
      out.setStatus(Status::OK);
      out.setYou(r.getChatJoined().getYou());
      out.setAlreadyMember(r.getChatJoined().getAlreadyMember());
    });
  });
}

kj::Promise<void> ChatImpl::leave(LeaveContext context) {
  Connection& c = connection_;  // outlives every call of its caps
  return Invoke([](auto c) { c.setChatLeave(); }).then([context, &c](CoreAnswer&& a) mutable {
    return Result(a, [&](auto r) {
      context.getResults().setStatus(Status::OK);
      // Out of the room, out of its pushes (remote_rpc.capnp ChatReceiver).
      c.EndPushes(remote_session::ErrorCode::kNotAuthenticated, true);
    });
  });
}

kj::Promise<void> ChatImpl::send(SendContext context) {
  auto text = context.getParams().getText();
  return Invoke([&](auto c) { c.setChatSend(text); }).then([context](CoreAnswer&& a) mutable {
    return Result(a, [&](auto r) {
      if (!r.isChatSent()) return;
      auto sent = r.getChatSent();
      auto out = context.getResults();
      out.setSent(sent.getSent());
      out.setStatus(StatusOf(sent.getReason()));
      out.setSeq(sent.getSeq());
    });
  });
}

kj::Promise<void> ChatImpl::who(WhoContext context) {
  return Invoke([](auto c) { c.setChatWho(); }).then([context](CoreAnswer&& a) mutable {
    return Result(a, [&](auto r) {
      if (!r.isChatMembers()) return;
      context.getResults().setStatus(Status::OK);
      context.getResults().setMembers(r.getChatMembers());
    });
  });
}

kj::Promise<void> ChatImpl::poll(PollContext context) {
  // The core polls at most its own kMaxChatPollMessages; a smaller limit
  // is the client's to apply.
  uint64_t since = context.getParams().getSinceSeq();
  return Invoke([&](auto c) { c.setChatPoll(since); }).then([context](CoreAnswer&& a) mutable {
    return Result(a, [&](auto r) {
      if (!r.isChatMessages()) return;
      auto in = r.getChatMessages();
      auto out = context.getResults();
      out.setStatus(Status::OK);
      out.setTruncated(in.getTruncated());
      out.setLatestSeq(in.getLatestSeq());
      auto list = out.initMessages(in.getMessages().size());
      for (uint32_t i = 0; i < list.size(); ++i) {
        auto m = in.getMessages()[i];
        list[i].setSeq(m.getSeq());
        list[i].setFrom(m.getFrom());
        list[i].setText(m.getText());
      }
    });
  });
}

}  // namespace rpc_gateway
