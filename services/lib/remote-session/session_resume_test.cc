// sessionResume through the core: tickets minted at login, matched in
// constant time, joined by another core's connection, refused as a login.
#include <gtest/gtest.h>

#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  CountingTickets tickets;
  SessionLimits limits;
  Session a{backend, SharedBounds{&logins, &holders, nullptr, &tickets},
            ConnectionInfo{{1, 2}, 0, nullptr}, limits};
  Session b{backend, SharedBounds{&logins, &holders, nullptr, &tickets},
            ConnectionInfo{{1, 3}, 0, nullptr}, limits};
  TestClient ca{a}, cb{b};
};

std::vector<uint8_t> TicketOf(s::Response::Reader r) {
  auto t = r.getLoggedIn().getResumeTicket();
  return std::vector<uint8_t>(t.begin(), t.end());
}

s::Response::Reader Resume(TestClient& c, const std::vector<uint8_t>& ticket) {
  return c.Send(
      [&](RS::Builder b) { b.setSessionResume(kj::arrayPtr(ticket.data(), ticket.size())); });
}

TEST(Resume, ALoginCarriesATicketThatNamesItsSession) {
  Env e;
  auto login = e.ca.Login("operator", "opensesame");
  std::vector<uint8_t> ticket = TicketOf(login);
  ASSERT_EQ(ticket.size(), kResumeTicketBytes);
  EXPECT_TRUE(e.a.TicketMatches(ticket.data()));
  std::vector<uint8_t> other = ticket;
  other[15] ^= 1;
  EXPECT_FALSE(e.a.TicketMatches(other.data()));
  EXPECT_FALSE(e.b.TicketMatches(ticket.data()));  // not logged in
}

TEST(Resume, TheTransportJoinsAConnectionToTheSession) {
  Env e;
  std::vector<uint8_t> ticket = TicketOf(e.ca.Login("operator", "opensesame"));
  Resume(e.cb, ticket);
  ASSERT_TRUE(e.cb.last.resume);
  EXPECT_EQ(e.cb.last.length, 0u);
  EXPECT_EQ(memcmp(e.b.resume_ticket(), ticket.data(), kResumeTicketBytes), 0);
  EXPECT_EQ(e.b.resume_request_id(), 1u);
  // The transport found it on session a: a answers, routed to b's origin.
  Output o = e.a.Resumed(42, 2, 5000, e.ca.out.data(), e.ca.out.size());
  EXPECT_EQ(o.origin, 2u);
  auto r = e.ca.Parse();
  ASSERT_EQ(r.which(), s::Response::LOGGED_IN);
  EXPECT_EQ(r.getRequestId(), 42u);
  EXPECT_EQ(TicketOf(r), ticket);
  EXPECT_STREQ(r.getLoggedIn().getPrincipal().cStr(), "operator");
}

TEST(Resume, AnUnknownTicketIsAFailedLogin) {
  Env e;
  std::vector<uint8_t> bogus(kResumeTicketBytes, 0xab);
  for (int i = 0; i < 2; ++i) {
    Resume(e.cb, bogus);
    ASSERT_TRUE(e.cb.last.resume);
    e.cb.last = e.b.ResumeRefused(7, 5000, e.cb.out.data(), e.cb.out.size());
    EXPECT_EQ(TestClient::Code(e.cb.Parse()), int(ErrCode::AUTH_DENIED));
    EXPECT_FALSE(e.cb.last.close);
  }
  Resume(e.cb, bogus);
  e.cb.last = e.b.ResumeRefused(7, 5000, e.cb.out.data(), e.cb.out.size());
  EXPECT_TRUE(e.cb.last.close);  // maxAuthTries
}

TEST(Resume, MalformedTicketsAndFrontEndsWithoutResumeAreRefusedAtOnce) {
  Env e;
  auto short_ticket = Resume(e.cb, std::vector<uint8_t>(5, 1));
  EXPECT_FALSE(e.cb.last.resume);
  EXPECT_EQ(TestClient::Code(short_ticket), int(ErrCode::AUTH_DENIED));

  FakeBackend backend;
  LoginRegistry logins{4};
  Session plain{backend, SharedBounds{&logins}, ConnectionInfo{{1, 2}, 0, nullptr}};
  TestClient c{plain};
  auto login = c.Login("operator", "opensesame");
  EXPECT_EQ(login.getLoggedIn().getResumeTicket().size(), 0u);
  c.Send([](RS::Builder b) { b.setLogout(); });
  auto r = Resume(c, std::vector<uint8_t>(kResumeTicketBytes, 1));
  EXPECT_FALSE(c.last.resume);
  EXPECT_EQ(TestClient::Code(r), int(ErrCode::AUTH_DENIED));
}

TEST(Resume, LogoutEndsTheTicket) {
  Env e;
  std::vector<uint8_t> ticket = TicketOf(e.ca.Login("operator", "opensesame"));
  e.ca.Send([](RS::Builder b) { b.setLogout(); });
  EXPECT_FALSE(e.a.TicketMatches(ticket.data()));
  Output o = e.a.Resumed(1, 2, 6000, e.ca.out.data(), e.ca.out.size());
  EXPECT_EQ(TestClient::Code(e.ca.Parse()), int(ErrCode::STALE_SESSION));
  EXPECT_EQ(o.origin, 2u);
}

TEST(Resume, ALoggedInConnectionCannotBecomeAnotherSession) {
  Env e;
  std::vector<uint8_t> ticket = TicketOf(e.ca.Login("operator", "opensesame"));
  e.cb.Login("alice", "wonderland");
  auto r = Resume(e.cb, ticket);
  EXPECT_FALSE(e.cb.last.resume);
  EXPECT_EQ(TestClient::Code(r), int(ErrCode::AUTH_DENIED));
}

}  // namespace
}  // namespace remote_session
