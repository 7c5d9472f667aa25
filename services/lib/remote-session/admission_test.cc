// Pre-auth admission: MaxAuthTries, per-source failed-login delays that
// never deny anyone, the grace period and eviction (issue 8 items 1-2).
#include <gtest/gtest.h>
#include <string.h>

#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

constexpr uint64_t kSlirp = 0x0a000202;  // every host client behind QEMU user networking

struct Gateway {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  SourcePolicy sources;
  SessionLimits limits;
  SharedBounds shared{&logins, &holders, &sources};
};

struct Conn {
  Conn(Gateway& g, uint64_t event, uint64_t at_ms = 1000)
      : info{{kSlirp, event}, at_ms, nullptr}, session(g.backend, g.shared, info, g.limits) {
    c.now_ms = at_ms;
  }
  ConnectionInfo info;
  Session session;
  TestClient c{session};
};

// The bug: 12 wrong passwords for operator from one client locked out
// alice, guest and anonymous for everyone behind the same address.
TEST(Admission, RegressionGlobalLockoutOtherPrincipalsStillLogIn) {
  Gateway g;
  for (int i = 0; i < 4; i++) {  // 12 failures over 4 connections (MaxAuthTries 3)
    Conn attacker(g, 10 + i);
    for (int k = 0; k < 3; k++) {
      EXPECT_EQ(TestClient::Code(attacker.c.Login("operator", "wrong")), int(ErrCode::AUTH_DENIED));
    }
  }
  EXPECT_EQ(g.sources.failures(kSlirp, 1000), 12u);
  Conn alice(g, 100);
  auto r = alice.c.Login("operator", "opensesame");
  EXPECT_EQ(r.which(), s::Response::LOGGED_IN) << alice.c.last_text;
  EXPECT_EQ(alice.c.last.hold_ms, 0u);  // a correct login is never slowed
  Conn guest(g, 101);
  EXPECT_EQ(guest.c.Guest().which(), s::Response::LOGGED_IN);
  EXPECT_EQ(guest.c.last.hold_ms, 0u);
}

TEST(Admission, FailedLoginsFromAPenalizedSourceAreHeldNotDenied) {
  Gateway g;
  Conn a(g, 1);
  for (int k = 0; k < 3; k++) {
    a.c.Login("operator", "wrong");
    EXPECT_EQ(a.c.last.hold_ms, 0u) << k;  // the free failures
  }
  Conn b(g, 2);
  b.c.Login("operator", "wrong");
  EXPECT_EQ(b.c.last.hold_ms, SourcePolicy::kBaseDelayMs);
  EXPECT_FALSE(b.c.last.close);
  b.c.Login("operator", "wrong");
  EXPECT_EQ(b.c.last.hold_ms, 2 * SourcePolicy::kBaseDelayMs);
}

TEST(Admission, MaxAuthTriesClosesTheConnection) {
  Gateway g;
  Conn a(g, 1);
  for (uint32_t k = 1; k < g.limits.max_auth_tries; k++) {
    EXPECT_EQ(TestClient::Code(a.c.Login("operator", "wrong")), int(ErrCode::AUTH_DENIED));
    EXPECT_FALSE(a.c.last.close);
  }
  EXPECT_EQ(TestClient::Code(a.c.Login("operator", "wrong")), int(ErrCode::AUTH_DENIED));
  EXPECT_TRUE(a.c.last.close);
  bool seen = false;
  const Transcript& t = a.session.transcript();
  for (uint32_t i = 0; i < t.size(); i++) seen |= strstr(t.At(i).detail, "maxAuthTries") != nullptr;
  EXPECT_TRUE(seen);
}

TEST(Admission, GraceDeadlineOnlyBeforeLogin) {
  Gateway g;
  Conn a(g, 1, 5000);
  EXPECT_EQ(a.session.GraceDeadlineMs(), 5000 + g.limits.pre_auth_grace_ms);
  ASSERT_EQ(a.c.Login("operator", "opensesame").which(), s::Response::LOGGED_IN);
  EXPECT_EQ(a.session.GraceDeadlineMs(), 0u);  // an idle live session may stay
  a.c.now_ms = 9000;
  a.c.Send([](RS::Builder b) { b.setLogout(); });
  EXPECT_EQ(a.session.GraceDeadlineMs(), 9000 + g.limits.pre_auth_grace_ms);
  a.session.Disconnect(9500);
  EXPECT_EQ(a.session.GraceDeadlineMs(), 0u);
}

TEST(Admission, GraceExpiredAndEvictedAreTypedAndClose) {
  Gateway g;
  Conn a(g, 1);
  Output o = a.session.GraceExpired(40000, a.c.out.data(), a.c.out.size());
  EXPECT_TRUE(o.close);
  EXPECT_EQ(TestClient::Code(a.c.Parse()), int(ErrCode::LOGIN_TIMEOUT));
  Conn b(g, 2);
  o = b.session.Evicted(2000, b.c.out.data(), b.c.out.size());
  EXPECT_TRUE(o.close);
  EXPECT_EQ(TestClient::Code(b.c.Parse()), int(ErrCode::BOUND_EXCEEDED));
}

}  // namespace
}  // namespace remote_session
