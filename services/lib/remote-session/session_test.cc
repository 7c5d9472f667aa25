// Session lifecycle: auth inventory, the login denial matrix, logout,
// disconnect, re-login, and the gateway-wide bounds.
#include "services/lib/remote-session/session.h"

#include <gtest/gtest.h>

#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  ConnectionInfo conn{{77, 1234}, 1000, "hostuser"};
  SessionLimits limits;
  Session session{backend, SharedBounds{&logins, &holders}, conn, limits};
  TestClient c{session};
};

TEST(Session, AuthMethodsInventory) {
  Env e;
  auto r = e.c.Send([](RS::Builder b) { b.setAuthMethods(); });
  ASSERT_EQ(r.which(), s::Response::AUTH_METHODS);
  auto list = r.getAuthMethods();
  ASSERT_EQ(list.size(), 6u);
  const char* enabled[] = {"password", "guest", "anonymous"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_STREQ(list[i].getName().cStr(), enabled[i]);
    EXPECT_TRUE(list[i].getEnabled());
  }
  for (int i = 3; i < 6; ++i) {
    EXPECT_FALSE(list[i].getEnabled());
    EXPECT_GT(list[i].getReason().size(), 0u);
  }
  EXPECT_EQ(e.backend.login_calls, 0);
}

TEST(Session, OperatorLoginUsesTransportSource) {
  Env e;
  auto r = e.c.Login("operator", "opensesame");
  ASSERT_EQ(r.which(), s::Response::LOGGED_IN) << e.c.last_text;
  EXPECT_STREQ(r.getLoggedIn().getPrincipalClass().cStr(), "operator");
  EXPECT_STREQ(r.getLoggedIn().getSessionTag().cStr(), "login-1");
  EXPECT_TRUE(r.getLoggedIn().getLive());
  EXPECT_EQ(e.backend.last_source.source_id, 77u);
  EXPECT_EQ(e.backend.last_source.connection_event, 1234u);
  EXPECT_EQ(e.session.state(), SessionState::kAuthenticated);
  EXPECT_EQ(e.logins.Count("operator"), 1u);
  EXPECT_EQ(e.holders.used(), 1u);
}

TEST(Session, DisabledMethodsAreDisabledAuthMethod) {
  Env e;
  auto pk = e.c.Send([](RS::Builder b) { b.initLogin().setPublicKey(kj::heapArray<kj::byte>(3)); });
  EXPECT_EQ(TestClient::Code(pk), int(ErrCode::DISABLED_AUTH_METHOD));
  auto oidc = e.c.Send([](RS::Builder b) { b.initLogin().setOidc("tok"); });
  EXPECT_EQ(TestClient::Code(oidc), int(ErrCode::DISABLED_AUTH_METHOD));
  auto pass = e.c.Send([](RS::Builder b) { b.initLogin().setPasskey(kj::heapArray<kj::byte>(1)); });
  EXPECT_EQ(TestClient::Code(pass), int(ErrCode::DISABLED_AUTH_METHOD));
  EXPECT_EQ(e.backend.login_calls, 0);
}

// Every denial is authDenied with no session, no CapSet and no calls.
TEST(Session, LoginDenialMatrix) {
  struct Case {
    const char* user;
    const char* pw;
    const char* profile;
    LoginVerdict forced;
  } cases[] = {
      {"operator", "wrong", "", LoginVerdict::kOk},            // bad proof
      {"mallory", "opensesame", "", LoginVerdict::kOk},        // unknown principal
      {"", "opensesame", "", LoginVerdict::kOk},               // empty principal
      {"operator", "opensesame", "guest", LoginVerdict::kOk},  // profile not allowed
      {"operator", "opensesame", "", LoginVerdict::kDenied},   // inactive account etc.
      {"operator", "opensesame", "", LoginVerdict::kBackoff},  // backoff is not told
  };
  for (const Case& k : cases) {
    Env e;
    e.backend.force_verdict = k.forced;
    auto r = e.c.Login(k.user, k.pw, k.profile);
    EXPECT_EQ(TestClient::Code(r), int(ErrCode::AUTH_DENIED)) << k.user << "/" << k.pw;
    EXPECT_STREQ(r.getDenied().getMessage().cStr(), "login denied");
    EXPECT_EQ(e.backend.live_sessions, 0);
    EXPECT_EQ(e.holders.used(), 0u);
    EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setCapSetList(); })),
              int(ErrCode::NOT_AUTHENTICATED));
    auto call = e.c.Call("session", FakeBackend::kOperatorIface,
                         [](s::Call::Builder c) { c.setSessionInfo(); });
    EXPECT_EQ(TestClient::Code(call), int(ErrCode::NOT_AUTHENTICATED));
  }
}

TEST(Session, OverlongLoginFieldsAreDeniedLocally) {
  Env e;
  std::string longname(kMaxPrincipalBytes + 1, 'a');
  std::string longpw(kMaxPasswordBytes + 1, 'p');
  EXPECT_EQ(TestClient::Code(e.c.Login(longname.c_str(), "x")), int(ErrCode::AUTH_DENIED));
  EXPECT_EQ(TestClient::Code(e.c.Login("operator", longpw.c_str())), int(ErrCode::AUTH_DENIED));
  std::string longprofile(kMaxProfileBytes + 1, 'r');
  EXPECT_EQ(TestClient::Code(e.c.Login("operator", "opensesame", longprofile.c_str())),
            int(ErrCode::AUTH_DENIED));
  EXPECT_EQ(e.backend.login_calls, 0);
}

TEST(Session, BackendVerdictsMapToTypedDenials) {
  Env e;
  e.backend.force_verdict = LoginVerdict::kBoundExceeded;
  EXPECT_EQ(TestClient::Code(e.c.Guest()), int(ErrCode::BOUND_EXCEEDED));
  e.backend.force_verdict = LoginVerdict::kUnavailable;
  EXPECT_EQ(TestClient::Code(e.c.Guest()), int(ErrCode::UNAVAILABLE));
  e.backend.force_verdict = LoginVerdict::kOk;
  e.backend.bundle_status = BackendStatus::kUnavailable;
  EXPECT_EQ(TestClient::Code(e.c.Guest()), int(ErrCode::UNAVAILABLE));
  EXPECT_EQ(e.backend.live_sessions, 0);  // the session was handed back
  EXPECT_EQ(e.logins.Count("guest"), 0u);
  EXPECT_EQ(e.holders.used(), 0u);
}

TEST(Session, DeniedReloginClearsThePreviousLogin) {
  Env e;
  ASSERT_EQ(e.c.Login("operator", "opensesame").which(), s::Response::LOGGED_IN);
  e.c.Call("chat", FakeBackend::kChatIface, [](s::Call::Builder c) { c.setChatJoin(); });
  ASSERT_TRUE(e.session.worker_running());
  EXPECT_EQ(TestClient::Code(e.c.Login("operator", "nope")), int(ErrCode::AUTH_DENIED));
  EXPECT_EQ(e.backend.live_sessions, 0);
  EXPECT_EQ(e.backend.workers_stopped, 1);
  EXPECT_FALSE(e.session.worker_running());
  EXPECT_EQ(e.session.capset().size(), 0u);
  EXPECT_EQ(e.logins.Count("operator"), 0u);
  EXPECT_EQ(e.holders.used(), 0u);
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setSessionInfo(); })),
            int(ErrCode::NOT_AUTHENTICATED));
}

TEST(Session, SuccessfulReloginReplacesTheSession) {
  Env e;
  e.c.Login("operator", "opensesame");
  auto r = e.c.Guest();
  ASSERT_EQ(r.which(), s::Response::LOGGED_IN);
  EXPECT_STREQ(r.getLoggedIn().getSessionTag().cStr(), "login-2");
  EXPECT_EQ(e.backend.live_sessions, 1);
  EXPECT_EQ(e.logins.Count("operator"), 0u);
  EXPECT_EQ(e.logins.Count("guest"), 1u);
}

TEST(Session, LogoutThenEverythingIsStale) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.c.Call("chat", FakeBackend::kChatIface, [](s::Call::Builder c) { c.setChatJoin(); });
  auto r = e.c.Send([](RS::Builder b) { b.setLogout(); });
  ASSERT_EQ(r.which(), s::Response::LOGGED_OUT);
  EXPECT_EQ(e.backend.workers_stopped, 1);
  EXPECT_EQ(e.backend.logouts, 1);
  EXPECT_EQ(e.holders.used(), 0u);
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setSessionInfo(); })),
            int(ErrCode::STALE_SESSION));
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setCapSetList(); })),
            int(ErrCode::STALE_SESSION));
  EXPECT_EQ(TestClient::Code(e.c.Call("chat", FakeBackend::kChatIface,
                                      [](s::Call::Builder c) { c.setChatWho(); })),
            int(ErrCode::STALE_SESSION));
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setLogout(); })),
            int(ErrCode::STALE_SESSION));
  EXPECT_EQ(e.backend.chat_calls, 1);  // only the join reached the worker
}

TEST(Session, LogoutBeforeLoginIsNotAuthenticated) {
  Env e;
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setLogout(); })),
            int(ErrCode::NOT_AUTHENTICATED));
}

TEST(Session, DisconnectTearsDownOnce) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.c.Call("chat", FakeBackend::kChatIface, [](s::Call::Builder c) { c.setChatJoin(); });
  e.session.Disconnect(5000);
  e.session.Disconnect(6000);
  EXPECT_EQ(e.backend.workers_stopped, 1);
  EXPECT_EQ(e.backend.logouts, 1);
  EXPECT_EQ(e.backend.live_sessions, 0);
  EXPECT_EQ(e.holders.used(), 0u);
  EXPECT_EQ(e.logins.Count("operator"), 0u);
  EXPECT_EQ(e.session.state(), SessionState::kLoggedOut);
}

TEST(Session, DestructorLogsOut) {
  FakeBackend backend;
  LoginRegistry logins(4);
  {
    Session s(backend, SharedBounds{&logins, nullptr}, ConnectionInfo{});
    TestClient c(s);
    c.Guest();
    EXPECT_EQ(backend.live_sessions, 1);
  }
  EXPECT_EQ(backend.live_sessions, 0);
  EXPECT_EQ(logins.Count("guest"), 0u);
}

TEST(Session, StaleFromBackendFailsClosed) {
  Env e;
  e.c.Login("operator", "opensesame");
  e.backend.Logout(1, false);  // revoked behind the gateway's back
  EXPECT_EQ(TestClient::Code(e.c.Send([](RS::Builder b) { b.setSessionInfo(); })),
            int(ErrCode::STALE_SESSION));
  EXPECT_EQ(e.session.state(), SessionState::kLoggedOut);
  EXPECT_EQ(e.holders.used(), 0u);
}

TEST(Bounds, ConcurrentLoginsPerPrincipal) {
  FakeBackend backend;
  LoginRegistry logins(2);
  SharedBounds shared{&logins, nullptr};
  Session a(backend, shared, {}), b(backend, shared, {}), c(backend, shared, {});
  TestClient ca(a), cb(b), cc(c);
  EXPECT_EQ(ca.Login("alice", "wonderland").which(), s::Response::LOGGED_IN);
  EXPECT_EQ(cb.Login("alice", "wonderland").which(), s::Response::LOGGED_IN);  // at the limit
  EXPECT_EQ(TestClient::Code(cc.Login("alice", "wonderland")), int(ErrCode::BOUND_EXCEEDED));
  EXPECT_EQ(backend.live_sessions, 2);  // the one past was handed back
  EXPECT_EQ(cc.Login("operator", "opensesame").which(), s::Response::LOGGED_IN);
  a.Disconnect(0);
  EXPECT_EQ(cc.Login("alice", "wonderland").which(), s::Response::LOGGED_IN);
}

TEST(Bounds, BackendCapHolders) {
  FakeBackend backend;
  LoginRegistry logins(8);
  Counter holders(2);  // one login + its worker
  SharedBounds shared{&logins, &holders};
  Session a(backend, shared, {}), b(backend, shared, {});
  TestClient ca(a), cb(b);
  ASSERT_EQ(ca.Login("operator", "opensesame").which(), s::Response::LOGGED_IN);
  ASSERT_EQ(cb.Guest().which(), s::Response::LOGGED_IN);  // 2 of 2
  // The worker needs a third holder.
  auto r = ca.Call("chat", FakeBackend::kChatIface, [](s::Call::Builder c) { c.setChatJoin(); });
  EXPECT_EQ(TestClient::Code(r), int(ErrCode::BOUND_EXCEEDED));
  EXPECT_EQ(backend.workers_started, 0);
  Session c3(backend, shared, {});
  TestClient cc(c3);
  EXPECT_EQ(TestClient::Code(cc.Guest()), int(ErrCode::BOUND_EXCEEDED));
  b.Disconnect(0);
  r = ca.Call("chat", FakeBackend::kChatIface, [](s::Call::Builder c) { c.setChatJoin(); });
  EXPECT_EQ(r.which(), s::Response::CALL_RESULT);
  EXPECT_EQ(holders.used(), 2u);
}

TEST(Bounds, TranscriptRingShowsDropped) {
  FakeBackend backend;
  LoginRegistry logins(8);
  SessionLimits limits;
  limits.transcript_capacity = 4;
  Session s(backend, SharedBounds{&logins, nullptr}, {}, limits);
  TestClient c(s);
  for (int i = 0; i < 6; ++i) c.Send([](RS::Builder b) { b.setAuthMethods(); });
  auto r = c.Send([](RS::Builder b) { b.setExportTranscript(); });
  ASSERT_EQ(r.which(), s::Response::TRANSCRIPT);
  auto t = r.getTranscript();
  ASSERT_EQ(t.size(), 5u);  // "dropped" + 4 held
  EXPECT_STREQ(t[0].getKind().cStr(), "dropped");
  EXPECT_STREQ(t[0].getDetail().cStr(), "4 earlier events dropped");  // connect + 3
  EXPECT_STREQ(t[4].getKind().cStr(), "exportTranscript");
}

}  // namespace
}  // namespace remote_session
