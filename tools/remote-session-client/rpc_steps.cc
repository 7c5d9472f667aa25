#include "tools/remote-session-client/rpc_steps.h"

#include "tools/remote-session-client/login_fill.h"

#include <capnp/schema.h>
#include <kj/async-io.h>
#include <kj/debug.h>

namespace rsclient {
namespace {

namespace rs = capos::schema;
namespace rpc = capos::rpc;

// The interface a call's method implies, as the rpc-gateway serves it.
uint64_t MethodInterface(CallMethod m) {
  switch (m) {
    case CallMethod::kSessionInfo:
      return capnp::typeId<rpc::Session>();
    case CallMethod::kMotd:
    case CallMethod::kBuildInfo:
      return capnp::typeId<rpc::SystemInfo>();
    default:
      return capnp::typeId<rpc::Chat>();
  }
}

// The DTO's ChatSent.reason: "" when sent, "notSent" for a room that said
// ok without sending, else the status name.
std::string Reason(bool sent, capos::schema::Chat::Status st) {
  if (st == capos::schema::Chat::Status::OK) return sent ? "" : "notSent";
  for (auto e : capnp::Schema::from<capos::schema::Chat::Status>().getEnumerants()) {
    if (e.getOrdinal() == static_cast<uint16_t>(st)) return e.getProto().getName().cStr();
  }
  return "unknown";
}

}  // namespace

RpcSteps::RpcSteps(const Options& o, rpclink::RpcLink& client, const ClientHooks& hooks)
    : o_(o), client_(client), hooks_(hooks), gateway_(client.getMain<rpc::Gateway>()) {}

template <typename T>
T RpcSteps::Wait(kj::Promise<T>&& p) {
  auto late = client_.getIoProvider()
                  .getTimer()
                  .afterDelay(o_.timeout_ms * kj::MILLISECONDS)
                  .then([]() -> T { KJ_FAIL_REQUIRE("no answer within the timeout"); });
  return p.exclusiveJoin(kj::mv(late)).wait(client_.getWaitScope());
}

rpc::Session::Client& RpcSteps::Session() {
  // Before a login there is no Session to call: the DTO says so as
  // notAuthenticated, and so does this transport.
  if (session_.empty()) {
    kj::throwFatalException(kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                                          kj::heapString("remote exception: notAuthenticated")));
  }
  return session_.back();
}

std::string RpcSteps::Login(const Step& s, rs::Response::Builder r) {
  auto req = gateway_.loginRequest();
  std::string usage = FillLogin(s, o_.user, hooks_.password, password_, req.initLogin());
  if (!usage.empty()) return usage;
  auto answer = Wait(req.send());
  auto result = answer.getResult();
  if (result.isDenied()) {
    r.setDenied(result.getDenied());
    return "";
  }
  session_.clear();
  session_.push_back(result.getOk().getSession());
  r.setLoggedIn(result.getOk().getView());
  return "";
}

std::optional<capnp::Capability::Client> RpcSteps::Get(const Step& s, uint64_t iface,
                                                       rs::Response::Builder r) {
  auto req = Session().capSetRequest().send().getCapSet().getRequest();
  req.setName(s.name);
  req.setInterfaceId(iface);
  auto answer = Wait(req.send());
  auto result = answer.getResult();
  if (result.isDenied()) {
    r.setDenied(result.getDenied());
    return std::nullopt;
  }
  if (s.kind == Step::Kind::kCapSetGet) r.setCapSetEntry(result.getEntry());
  return result.getCap();
}

void RpcSteps::Call(const Step& s, rs::Response::Builder r) {
  auto cap = Get(s, s.iface.value_or(MethodInterface(s.call)), r);
  if (!cap) return;
  auto c = r.initCallResult();
  switch (s.call) {
    case CallMethod::kSessionInfo:
      c.setSession(Wait(cap->castAs<rpc::Session>().infoRequest().send()).getView());
      return;
    case CallMethod::kMotd:
      c.setText(Wait(cap->castAs<rpc::SystemInfo>().motdRequest().send()).getText());
      return;
    case CallMethod::kBuildInfo:
      c.setText(Wait(cap->castAs<rpc::SystemInfo>().buildInfoRequest().send()).getText());
      return;
    default:
      break;
  }
  auto chat = cap->castAs<rpc::Chat>();
  switch (s.call) {
    case CallMethod::kJoin: {
      auto a = Wait(chat.joinRequest().send());
      auto j = c.initChatJoined();
      j.setYou(a.getYou());
      j.setAlreadyMember(a.getAlreadyMember());
      return;
    }
    case CallMethod::kLeave:
      Wait(chat.leaveRequest().send());
      c.setChatLeft();
      return;
    case CallMethod::kSend: {
      auto req = chat.sendRequest();
      req.setText(s.arg);
      auto a = Wait(req.send());
      auto sent = c.initChatSent();
      sent.setSent(a.getSent());
      sent.setReason(Reason(a.getSent(), a.getStatus()));
      sent.setSeq(a.getSeq());
      return;
    }
    case CallMethod::kWho:
      c.setChatMembers(Wait(chat.whoRequest().send()).getMembers());
      return;
    case CallMethod::kPoll: {
      auto req = chat.pollRequest();
      req.setSinceSeq(s.since);
      auto a = Wait(req.send());
      auto m = c.initChatMessages();
      auto list = m.initMessages(a.getMessages().size());
      for (unsigned i = 0; i < list.size(); ++i) {
        list[i].setSeq(a.getMessages()[i].getSeq());
        list[i].setFrom(a.getMessages()[i].getFrom());
        list[i].setText(a.getMessages()[i].getText());
      }
      m.setTruncated(a.getTruncated());
      m.setLatestSeq(a.getLatestSeq());
      return;
    }
    default:
      KJ_FAIL_REQUIRE("not served over RPC yet");
  }
}

std::string RpcSteps::Run(const Step& s, rs::Response::Builder r) {
  switch (s.kind) {
    case Step::Kind::kAuthMethods:
      r.setAuthMethods(Wait(gateway_.authMethodsRequest().send()).getMethods());
      return "";
    case Step::Kind::kLogin:
      return Login(s, r);
    case Step::Kind::kSessionInfo:
      r.setSessionInfo(Wait(Session().infoRequest().send()).getView());
      return "";
    case Step::Kind::kCapSetList:
      r.setCapSet(
          Wait(Session().capSetRequest().send().getCapSet().listRequest().send()).getEntries());
      return "";
    case Step::Kind::kCapSetGet: {
      // As the DTO client does: the id from the list unless one is given
      // (an unknown name still goes out, and the gateway says unknownCap).
      uint64_t iface = 0;
      if (s.iface) {
        iface = *s.iface;
      } else {
        auto list = Wait(Session().capSetRequest().send().getCapSet().listRequest().send());
        for (auto e : list.getEntries()) {
          if (e.getName() == s.name.c_str()) iface = e.getInterfaceId();
        }
      }
      Get(s, iface, r);
      return "";
    }
    case Step::Kind::kCall:
      Call(s, r);
      return "";
    case Step::Kind::kLogout:
      Wait(Session().logoutRequest().send());
      r.setLoggedOut();
      return "";
    case Step::Kind::kTranscript:
      r.setTranscript(Wait(Session().transcriptRequest().send()).getEvents());
      return "";
    default:
      return "not served over RPC yet";
  }
}

}  // namespace rsclient
