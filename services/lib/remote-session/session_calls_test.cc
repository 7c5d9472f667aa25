// CapSet list/get and calls (direct and through the chat worker), the
// outstanding-worker-call bound, and the transcript's redaction.
#include <gtest/gtest.h>

#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;
using CB = s::Call::Builder;

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  SessionLimits limits;
  Session session{backend, SharedBounds{&logins, &holders}, ConnectionInfo{{1, 2}, 0, "hostuser"},
                  limits};
  TestClient c{session};
};

TEST(Calls, CapSetListAndGet) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto r = e.c.Send([](RS::Builder b) { b.setCapSetList(); });
  ASSERT_EQ(r.which(), s::Response::CAP_SET);
  auto list = r.getCapSet();
  ASSERT_EQ(list.size(), 5u);  // session, system_info, chat, services, terminal
  EXPECT_STREQ(list[2].getName().cStr(), "chat");
  EXPECT_STREQ(list[2].getInterfaceName().cStr(), "Chat");
  EXPECT_STREQ(list[2].getPolicy().cStr(), "read-write");
  EXPECT_EQ(list[2].getMethods().size(), 5u);
  EXPECT_TRUE(list[2].getLease().getSessionBound());

  auto get = [&](const char* name, uint64_t iface) {
    return e.c.Send([&](RS::Builder b) {
      auto g = b.initCapSetGet();
      g.setName(name);
      g.setInterfaceId(iface);
    });
  };
  auto ok = get("system_info", FakeBackend::kSystemIface);
  ASSERT_EQ(ok.which(), s::Response::CAP_SET_ENTRY);
  EXPECT_EQ(ok.getCapSetEntry().getInterfaceId(), FakeBackend::kSystemIface);
  EXPECT_EQ(TestClient::Code(get("nope", FakeBackend::kSystemIface)), int(ErrCode::UNKNOWN_CAP));
  EXPECT_EQ(TestClient::Code(get("system_info", FakeBackend::kChatIface)),
            int(ErrCode::WRONG_INTERFACE));
  std::string longname(kMaxCapNameBytes + 1, 'c');
  EXPECT_EQ(TestClient::Code(get(longname.c_str(), 1)), int(ErrCode::UNKNOWN_CAP));
}

TEST(Calls, DirectCalls) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto info = e.c.Call("session", FakeBackend::kOperatorIface, [](CB c) { c.setSessionInfo(); });
  ASSERT_EQ(info.which(), s::Response::CALL_RESULT) << e.c.last_text;
  EXPECT_STREQ(info.getCallResult().getSession().getPrincipal().cStr(), "operator");
  auto motd = e.c.Call("system_info", FakeBackend::kSystemIface, [](CB c) { c.setSystemMotd(); });
  EXPECT_STREQ(motd.getCallResult().getText().cStr(), "welcome to capOS");
  auto build =
      e.c.Call("system_info", FakeBackend::kSystemIface, [](CB c) { c.setSystemBuildInfo(); });
  EXPECT_STREQ(build.getCallResult().getText().cStr(), "capos test build");
  auto top = e.c.Send([](RS::Builder b) { b.setSessionInfo(); });
  EXPECT_STREQ(top.getSessionInfo().getProfile().cStr(), "operator");
  EXPECT_EQ(e.backend.workers_started, 0);  // direct calls need no worker
}

TEST(Calls, MethodDeniedAndLookupDenials) {
  Env e;
  e.c.Login("operator", "opensesame");
  EXPECT_EQ(TestClient::Code(
                e.c.Call("system_info", FakeBackend::kSystemIface, [](CB c) { c.setChatJoin(); })),
            int(ErrCode::METHOD_DENIED));
  EXPECT_EQ(
      TestClient::Code(e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setSessionInfo(); })),
      int(ErrCode::METHOD_DENIED));
  EXPECT_EQ(TestClient::Code(e.c.Call("launcher", 1, [](CB c) { c.setChatJoin(); })),
            int(ErrCode::UNKNOWN_CAP));
  EXPECT_EQ(
      TestClient::Code(e.c.Call("chat", FakeBackend::kSystemIface, [](CB c) { c.setChatJoin(); })),
      int(ErrCode::WRONG_INTERFACE));
}

TEST(Calls, GuestReadsChatButCannotWrite) {
  Env e;
  e.c.Guest();
  EXPECT_EQ(TestClient::Code(
                e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatSend("hi"); })),
            int(ErrCode::METHOD_DENIED));
  auto who = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); });
  EXPECT_EQ(who.which(), s::Response::CALL_RESULT);
}

TEST(Calls, AnonymousHasNoChat) {
  Env e;
  e.c.Send([](RS::Builder b) { b.initLogin().setAnonymous(); });
  EXPECT_EQ(
      TestClient::Code(e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); })),
      int(ErrCode::UNKNOWN_CAP));
}

TEST(Calls, ChatThroughTheWorker) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto send0 = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatSend("early"); });
  ASSERT_EQ(send0.which(), s::Response::CALL_RESULT);
  EXPECT_FALSE(send0.getCallResult().getChatSent().getSent());  // not joined: a domain result
  EXPECT_STREQ(send0.getCallResult().getChatSent().getReason().cStr(), "notJoined");
  EXPECT_EQ(e.backend.workers_started, 1);
  auto join = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  EXPECT_STREQ(join.getCallResult().getChatJoined().getYou().cStr(), "operator-1");
  auto send = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatSend("hello"); });
  EXPECT_TRUE(send.getCallResult().getChatSent().getSent());
  EXPECT_EQ(send.getCallResult().getChatSent().getSeq(), 1u);
  auto who = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); });
  ASSERT_EQ(who.getCallResult().getChatMembers().size(), 1u);
  auto poll = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatPoll(0); });
  EXPECT_EQ(poll.getCallResult().getChatMessages().getLatestSeq(), 1u);
  auto leave = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatLeave(); });
  EXPECT_EQ(leave.getCallResult().which(), s::CallResult::CHAT_LEFT);
  EXPECT_EQ(e.backend.workers_started, 1);
  std::string longtext(kMaxChatTextBytes + 1, 't');
  int before = e.backend.chat_calls;
  auto toolong =
      e.c.Call("chat", FakeBackend::kChatIface, [&](CB c) { c.setChatSend(longtext.c_str()); });
  EXPECT_FALSE(toolong.getCallResult().getChatSent().getSent());
  EXPECT_EQ(e.backend.chat_calls, before);
}

TEST(Calls, WorkerStartFailure) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.worker_status = BackendStatus::kUnavailable;
  EXPECT_EQ(
      TestClient::Code(e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); })),
      int(ErrCode::UNAVAILABLE));
  EXPECT_FALSE(e.session.worker_running());
  EXPECT_EQ(e.holders.used(), 1u);  // only the login's
}

TEST(Calls, OutstandingWorkerCallsAtTheLimitAndOnePast) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.pending_chat = true;
  uint32_t tags[4];
  for (int i = 0; i < 4; ++i) {  // default limit 4
    e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); });
    ASSERT_TRUE(e.c.last.pending);
    ASSERT_EQ(e.c.last.length, 0u);
    tags[i] = e.backend.last_tag;
  }
  EXPECT_EQ(e.session.outstanding_worker_calls(), 4u);
  EXPECT_EQ(
      TestClient::Code(e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); })),
      int(ErrCode::BOUND_EXCEEDED));
  ChatReply reply;
  reply.member_count = 1;
  strcpy(reply.members[0], "operator-1");
  Output o = e.session.CompleteChat(tags[0], BackendStatus::kOk, &reply, 5, e.c.out.data(),
                                    e.c.out.size());
  EXPECT_GT(o.length, 0u);
  EXPECT_EQ(e.session.outstanding_worker_calls(), 3u);
  // Unknown / repeated tags are ignored.
  o = e.session.CompleteChat(tags[0], BackendStatus::kOk, &reply, 5, e.c.out.data(),
                             e.c.out.size());
  EXPECT_EQ(o.length, 0u);
  // After logout a late answer is staleSession, and the count still drops.
  e.c.Send([](RS::Builder b) { b.setLogout(); });
  o = e.session.CompleteChat(tags[1], BackendStatus::kOk, &reply, 6, e.c.out.data(),
                             e.c.out.size());
  ASSERT_GT(o.length, 0u);
  EXPECT_EQ(TestClient::Code(e.c.Parse()), int(ErrCode::STALE_SESSION));
  EXPECT_EQ(e.session.outstanding_worker_calls(), 2u);
}

TEST(Transcript, RecordsTheStoryRedacted) {
  Env e;
  e.c.Send([](RS::Builder b) { b.setAuthMethods(); });
  e.c.Login("alice", "wrongpass");
  e.c.Login("alice", "wonderland");
  e.c.Send([](RS::Builder b) { b.setSessionInfo(); });
  e.c.Send([](RS::Builder b) { b.setCapSetList(); });
  e.c.Call("nope /home/hostuser slot=1", 5, [](CB c) { c.setChatWho(); });
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  e.c.Send([](RS::Builder b) { b.setLogout(); });
  auto r = e.c.Send([](RS::Builder b) { b.setExportTranscript(); });
  ASSERT_EQ(r.which(), s::Response::TRANSCRIPT);
  std::string kinds;
  for (auto ev : r.getTranscript()) kinds += std::string(ev.getKind().cStr()) + ",";
  EXPECT_EQ(kinds,
            "connect,authMethods,login,login,sessionInfo,capSetList,call,worker,call,logout,"
            "exportTranscript,");
  EXPECT_STREQ(r.getTranscript()[2].getOutcome().cStr(), "authDenied");
  EXPECT_STREQ(r.getTranscript()[6].getOutcome().cStr(), "unknownCap");
  RedactionContext ctx;
  ctx.secrets[0] = "wonderland";
  ctx.secrets[1] = "wrongpass";
  ctx.host_user = "hostuser";
  const std::string& all = e.c.last_text;
  ForbiddenHit hit = FindForbidden(all.data(), all.size(), &ctx);
  EXPECT_FALSE(hit.found) << hit.marker << " at " << all.substr(hit.offset);
  EXPECT_EQ(all.find("alice"), std::string::npos) << all;  // no principal in details
}

TEST(Calls, AGoneWorkerIsReplacedOnTheNextCall) {
  Env e;
  e.c.Login("operator", "opensesame");
  ASSERT_EQ(e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); }).which(),
            s::Response::CALL_RESULT);
  e.backend.chat_status = BackendStatus::kWorkerGone;
  EXPECT_EQ(
      TestClient::Code(e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); })),
      int(ErrCode::UNAVAILABLE));
  EXPECT_FALSE(e.session.worker_running());
  EXPECT_EQ(e.holders.used(), 1u);  // the worker's unit went back
  e.backend.chat_status = BackendStatus::kOk;
  auto r = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  EXPECT_EQ(r.which(), s::Response::CALL_RESULT);
  EXPECT_EQ(e.backend.workers_started, 2);
  EXPECT_TRUE(e.session.worker_running());
  EXPECT_EQ(e.holders.used(), 2u);
}

TEST(Calls, ALateWorkerGoneNeverStopsItsSuccessor) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.pending_chat = true;
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); });
  uint32_t first = e.backend.last_tag;
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); });
  uint32_t second = e.backend.last_tag;
  // Both calls were in flight on worker 1 when it died.
  Output o = e.session.CompleteChat(first, BackendStatus::kWorkerGone, nullptr, 5, e.c.out.data(),
                                    e.c.out.size());
  EXPECT_EQ(TestClient::Code(e.c.Parse()), int(ErrCode::UNAVAILABLE));
  EXPECT_FALSE(e.session.worker_running());
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatWho(); });  // worker 2
  EXPECT_TRUE(e.session.worker_running());
  o = e.session.CompleteChat(second, BackendStatus::kWorkerGone, nullptr, 6, e.c.out.data(),
                             e.c.out.size());
  EXPECT_GT(o.length, 0u);
  EXPECT_TRUE(e.session.worker_running());  // worker 2 is alive and stays
  EXPECT_EQ(e.holders.used(), 2u);
}

}  // namespace
}  // namespace remote_session

namespace remote_session {
namespace {

// A transport's own background calls (Request::quiet, never decoded from a
// client) are answered like any other but leave the transcript alone.
TEST(Calls, QuietRequestsAreNotRecorded) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto joined = e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  ASSERT_EQ(joined.which(), s::Response::CALL_RESULT) << e.c.last_text;
  auto poll = [&](bool quiet) {
    Request req;
    req.request_id = 77;
    req.kind = RequestKind::kCall;
    CopyText(capnp::Text::Reader("chat"), &req.cap_name);
    req.interface_id = FakeBackend::kChatIface;
    req.method = CallMethod::kChatPoll;
    req.quiet = quiet;
    Output o = e.session.HandleRequest(req, 2000, e.c.out.data(), e.c.out.size());
    EXPECT_GT(o.length, 0u);
    EXPECT_FALSE(o.pending);
    return e.c.Parse();
  };
  uint32_t before = e.session.transcript().size();
  auto quiet = poll(true);
  ASSERT_EQ(quiet.which(), s::Response::CALL_RESULT) << e.c.last_text;
  EXPECT_EQ(quiet.getRequestId(), 77u);
  EXPECT_EQ(e.session.transcript().size(), before);
  poll(false);
  EXPECT_EQ(e.session.transcript().size(), before + 1);
  // A later client request is recorded again.
  e.c.Send([](RS::Builder b) { b.setSessionInfo(); });
  EXPECT_EQ(e.session.transcript().size(), before + 2);
}

}  // namespace
}  // namespace remote_session
