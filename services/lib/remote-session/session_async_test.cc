// The core over a backend that answers later (the gateway's shape): a
// session with an operation in flight is busy, its Completion produces the
// answer the synchronous path would have, and a disconnect in between ends
// whatever the operation becomes.
#include <gtest/gtest.h>

#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;
using CB = s::Call::Builder;

struct Env {
  Env() { backend.async_ops = true; }
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  ConnectionInfo conn{{77, 1234}, 1000, "hostuser"};
  SessionLimits limits;
  Session session{backend, SharedBounds{&logins, &holders}, conn, limits};
  TestClient c{session};

  // Delivers the oldest queued answer; returns its response (or an empty
  // reader when it produced none).
  s::Response::Reader Land() {
    Completion comp;
    if (!backend.TakeCompletion(&comp)) {
      ADD_FAILURE() << "no completion queued";
      return s::Response::Reader();
    }
    c.last = session.Complete(comp, c.now_ms, c.out.data(), c.out.size());
    if (c.last.length == 0) return s::Response::Reader();
    return c.Parse();
  }
  void LogIn() {
    c.Login("operator", "opensesame");
    ASSERT_TRUE(c.last.pending);
    ASSERT_EQ(Land().which(), s::Response::LOGGED_IN);
  }
};

TEST(AsyncSession, LoginIsBusyUntilItLands) {
  Env e;
  e.c.Login("operator", "opensesame");
  EXPECT_TRUE(e.c.last.pending);
  EXPECT_EQ(e.c.last.length, 0u);
  EXPECT_TRUE(e.session.busy());
  EXPECT_EQ(e.session.GraceDeadlineMs(), 0u);  // a login in flight is not idling
  EXPECT_EQ(e.session.state(), SessionState::kPreAuth);
  auto r = e.Land();
  ASSERT_EQ(r.which(), s::Response::LOGGED_IN);
  EXPECT_EQ(r.getRequestId(), 1u);  // the login's own id
  EXPECT_FALSE(e.session.busy());
  EXPECT_EQ(e.session.state(), SessionState::kAuthenticated);
  EXPECT_EQ(e.session.capset().size(), 5u);  // with the service runner
  EXPECT_EQ(e.logins.Count("operator"), 1u);
}

TEST(AsyncSession, DeniedLoginLandsAsAuthDenied) {
  Env e;
  e.c.Login("operator", "wrong");
  ASSERT_TRUE(e.c.last.pending);
  EXPECT_EQ(TestClient::Code(e.Land()), int(ErrCode::AUTH_DENIED));
  EXPECT_EQ(e.session.state(), SessionState::kPreAuth);
  EXPECT_NE(e.session.GraceDeadlineMs(), 0u);
}

TEST(AsyncSession, AFrameForABusySessionIsRefusedNotInterleaved) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto r = e.c.Send([](RS::Builder b) { b.setAuthMethods(); });
  EXPECT_EQ(TestClient::Code(r), int(ErrCode::BOUND_EXCEEDED));
  EXPECT_EQ(e.Land().which(), s::Response::LOGGED_IN);
}

TEST(AsyncSession, DisconnectDuringLoginEndsTheLoginWhenItLands) {
  Env e;
  e.c.Login("operator", "opensesame");
  ASSERT_EQ(e.backend.live_sessions, 1);  // the authority said yes meanwhile
  e.session.Disconnect(2000);
  EXPECT_EQ(e.backend.logouts, 1);
  EXPECT_EQ(e.backend.live_sessions, 0);
  EXPECT_EQ(e.backend.queued_completions(), 0u);
  EXPECT_EQ(e.logins.Count("operator"), 0u);
  EXPECT_EQ(e.holders.used(), 0u);
}

TEST(AsyncSession, WorkerStartThenTheChatCall) {
  Env e;
  e.LogIn();
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  ASSERT_TRUE(e.c.last.pending);
  EXPECT_TRUE(e.session.busy());
  EXPECT_FALSE(e.session.worker_running());
  auto r = e.Land();  // the worker runs: the stashed join goes to it
  ASSERT_EQ(r.which(), s::Response::CALL_RESULT) << e.c.last_text;
  EXPECT_TRUE(e.session.worker_running());
  EXPECT_EQ(e.backend.chat_calls, 1);
  EXPECT_EQ(e.holders.used(), 2u);
}

TEST(AsyncSession, WorkerStartFailureLandsUnavailable) {
  Env e;
  e.LogIn();
  e.backend.worker_status = BackendStatus::kUnavailable;
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  EXPECT_EQ(TestClient::Code(e.Land()), int(ErrCode::UNAVAILABLE));
  EXPECT_EQ(e.holders.used(), 1u);
}

TEST(AsyncSession, MotdLands) {
  Env e;
  e.LogIn();
  e.c.Call("system_info", FakeBackend::kSystemIface, [](CB c) { c.setSystemMotd(); });
  ASSERT_TRUE(e.c.last.pending);
  auto r = e.Land();
  ASSERT_EQ(r.which(), s::Response::CALL_RESULT);
  EXPECT_NE(e.c.last_text.find("welcome to capOS"), std::string::npos);
}

TEST(AsyncSession, LogoutAnswersOnlyOnceTheBackendIsDone) {
  Env e;
  e.LogIn();
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  e.Land();
  e.c.Send([](RS::Builder b) { b.setLogout(); });
  ASSERT_TRUE(e.c.last.pending);
  EXPECT_EQ(e.session.state(), SessionState::kLoggedOut);  // stale from now on
  EXPECT_EQ(e.backend.workers_stopped, 1);
  ASSERT_EQ(e.Land().which(), s::Response::LOGGED_OUT);
  EXPECT_EQ(e.holders.used(), 0u);
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setSessionInfo(); })),
            int(ErrCode::STALE_SESSION));
}

TEST(AsyncSession, DisconnectWhileTheWorkerStartsEndsBoth) {
  Env e;
  e.LogIn();
  e.c.Call("chat", FakeBackend::kChatIface, [](CB c) { c.setChatJoin(); });
  e.session.Disconnect(3000);
  EXPECT_EQ(e.backend.live_sessions, 0);
  EXPECT_EQ(e.backend.workers_running, 0);
  EXPECT_EQ(e.backend.queued_completions(), 0u);
  EXPECT_EQ(e.holders.used(), 0u);
}

TEST(AsyncSession, AStrayCompletionIsIgnored) {
  Env e;
  Completion c;
  c.kind = OpKind::kLogout;
  Output o = e.session.Complete(c, 5, e.c.out.data(), e.c.out.size());
  EXPECT_EQ(o.length, 0u);
  EXPECT_FALSE(o.close);
}

}  // namespace
}  // namespace remote_session
