#include "services/web-ui/web_sessions.h"

#include <gtest/gtest.h>

namespace web_ui {
namespace {

using Found = SessionTable::Found;
using Why = Ended::Why;

Token Id(uint8_t n) {
  Token t;
  t.bytes[0] = n;
  t.bytes[15] = 0xa5;
  return t;
}

Token Csrf(uint8_t n) {
  Token t;
  t.bytes[0] = n;
  t.bytes[1] = 0xcc;
  return t;
}

SessionLimits Small() {
  SessionLimits l;
  l.pre_auth_grace_ms = 100;
  l.idle_ms = 1000;
  l.absolute_ms = 5000;
  return l;
}

WebSession* MustCreate(SessionTable& t, uint64_t now, uint8_t n) {
  SessionTable::Created c = t.Create(now, Id(n), Csrf(n));
  EXPECT_EQ(c.error, SessionTable::CreateError::kOk);
  return c.entry;
}

TEST(WebSessions, CreateFindUnknown) {
  FixedSessionTable<> t;
  EXPECT_EQ(t.capacity(), 64u);
  WebSession* e = MustCreate(t, 10, 1);
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->logged_in);
  EXPECT_TRUE(TokensEqual(e->csrf, Csrf(1)));
  SessionTable::Lookup l = t.Find(Id(1), 11);
  EXPECT_EQ(l.found, Found::kLive);
  EXPECT_EQ(l.entry, e);
  EXPECT_EQ(&t.at(t.IndexOf(e)), e);
  EXPECT_EQ(t.Find(Id(2), 11).found, Found::kUnknown);
  Token near = Id(1);
  near.bytes[15] ^= 1;  // differs in the last byte only
  EXPECT_EQ(t.Find(near, 11).found, Found::kUnknown);
  EXPECT_EQ(t.Create(12, Id(1), Csrf(9)).error, SessionTable::CreateError::kDuplicateId);
  EXPECT_EQ(t.used(), 1u);
}

TEST(WebSessions, PreAuthGraceDoesNotResetOnProgress) {
  FixedSessionTable<4> t(Small());
  int core = 0;
  WebSession* e = MustCreate(t, 1000, 1);
  e->user = &core;
  t.Touch(e, 1090);
  EXPECT_EQ(t.Find(Id(1), 1099).found, Found::kLive);
  SessionTable::Lookup l = t.Find(Id(1), 1100);
  EXPECT_EQ(l.found, Found::kExpired);
  EXPECT_EQ(l.ended.why, Why::kExpired);
  EXPECT_FALSE(l.ended.logged_in);
  EXPECT_EQ(l.ended.user, &core);
  EXPECT_EQ(t.Find(Id(1), 1100).found, Found::kUnknown);  // freed once reported
  EXPECT_EQ(t.used(), 0u);
}

TEST(WebSessions, LoggedInIdleLimitResetsOnTouch) {
  FixedSessionTable<4> t(Small());
  WebSession* e = MustCreate(t, 0, 1);
  t.MarkLoggedIn(e, 50);
  EXPECT_EQ(t.Find(Id(1), 1049).found, Found::kLive);  // grace no longer applies
  t.Touch(e, 1000);
  EXPECT_EQ(t.Find(Id(1), 1999).found, Found::kLive);
  SessionTable::Lookup l = t.Find(Id(1), 2000);
  EXPECT_EQ(l.found, Found::kExpired);
  EXPECT_TRUE(l.ended.logged_in);  // the caller logs the guest session out
}

TEST(WebSessions, AbsoluteLimitDespiteActivity) {
  FixedSessionTable<4> t(Small());
  WebSession* e = MustCreate(t, 0, 1);
  t.MarkLoggedIn(e, 0);
  for (uint64_t now = 500; now < 5000; now += 500) {
    ASSERT_EQ(t.Find(Id(1), now).found, Found::kLive) << now;
    t.Touch(e, now);
  }
  EXPECT_EQ(t.Find(Id(1), 5000).found, Found::kExpired);
}

TEST(WebSessions, ReLoginRestartsTheAbsoluteClock) {
  FixedSessionTable<4> t(Small());
  WebSession* e = MustCreate(t, 0, 1);
  t.MarkLoggedIn(e, 0);
  t.Touch(e, 4500);
  t.MarkLoggedIn(e, 4900);
  EXPECT_EQ(t.Find(Id(1), 5500).found, Found::kLive);
}

TEST(WebSessions, LogoutRestartsTheGraceClock) {
  FixedSessionTable<4> t(Small());
  WebSession* e = MustCreate(t, 0, 1);
  t.MarkLoggedIn(e, 10);
  t.MarkLoggedOut(e, 900);
  EXPECT_FALSE(e->logged_in);
  EXPECT_EQ(t.Find(Id(1), 999).found, Found::kLive);
  EXPECT_EQ(t.Find(Id(1), 1000).found, Found::kExpired);
}

TEST(WebSessions, RotateMakesTheOldIdUnknown) {
  FixedSessionTable<4> t(Small());
  WebSession* e = MustCreate(t, 0, 1);
  MustCreate(t, 0, 2);
  ASSERT_TRUE(t.Rotate(e, Id(3), Csrf(3)));
  EXPECT_EQ(t.Find(Id(1), 1).found, Found::kUnknown);
  SessionTable::Lookup l = t.Find(Id(3), 1);
  ASSERT_EQ(l.found, Found::kLive);
  EXPECT_EQ(l.entry, e);
  EXPECT_TRUE(TokensEqual(e->csrf, Csrf(3)));
  // Onto an id in use (its own or another's): refused, nothing changes.
  EXPECT_FALSE(t.Rotate(e, Id(2), Csrf(4)));
  EXPECT_FALSE(t.Rotate(e, Id(3), Csrf(4)));
  EXPECT_TRUE(TokensEqual(e->id, Id(3)));
  EXPECT_TRUE(TokensEqual(e->csrf, Csrf(3)));
}

TEST(WebSessions, FullTableEvictsTheOldestPreAuth) {
  FixedSessionTable<4> t(Small());
  int cores[4];
  for (uint8_t i = 0; i < 4; ++i) MustCreate(t, 10 + i, i)->user = &cores[i];
  t.MarkLoggedIn(t.Find(Id(0), 20).entry, 20);  // the oldest is logged in: kept
  SessionTable::Created c = t.Create(30, Id(9), Csrf(9));
  ASSERT_EQ(c.error, SessionTable::CreateError::kOk);
  EXPECT_EQ(c.ended.why, Why::kEvicted);
  EXPECT_EQ(c.ended.user, &cores[1]);
  EXPECT_FALSE(c.ended.logged_in);
  EXPECT_EQ(c.entry, &t.at(c.ended.index));  // the freed slot, reused
  EXPECT_EQ(c.entry->user, nullptr);
  EXPECT_EQ(t.Find(Id(1), 31).found, Found::kUnknown);  // fails like a rotated-out id
  EXPECT_EQ(t.Find(Id(0), 31).found, Found::kLive);
  EXPECT_EQ(t.Find(Id(9), 31).found, Found::kLive);
}

TEST(WebSessions, FullTablePrefersAnExpiredEntry) {
  FixedSessionTable<3> t(Small());
  MustCreate(t, 0, 0);
  MustCreate(t, 50, 1);
  t.MarkLoggedIn(MustCreate(t, 60, 2), 60);
  // At 120 entry 0 is past its grace; entry 1 is older than nothing else.
  SessionTable::Created c = t.Create(120, Id(9), Csrf(9));
  ASSERT_EQ(c.error, SessionTable::CreateError::kOk);
  EXPECT_EQ(c.ended.why, Why::kExpired);
  EXPECT_EQ(c.ended.index, 0u);
  EXPECT_EQ(t.Find(Id(1), 121).found, Found::kLive);
}

TEST(WebSessions, AllLoggedInRefusesTooManySessions) {
  FixedSessionTable<3> t(Small());
  for (uint8_t i = 0; i < 3; ++i) t.MarkLoggedIn(MustCreate(t, 0, i), 0);
  SessionTable::Created c = t.Create(10, Id(9), Csrf(9));
  EXPECT_EQ(c.error, SessionTable::CreateError::kTooManySessions);
  EXPECT_EQ(c.entry, nullptr);
  EXPECT_EQ(c.ended.why, Why::kNone);
  EXPECT_EQ(t.logged_in(), 3u);
  for (uint8_t i = 0; i < 3; ++i) EXPECT_EQ(t.Find(Id(i), 10).found, Found::kLive);
  EXPECT_EQ(t.Find(Id(9), 10).found, Found::kUnknown);
}

TEST(WebSessions, SweepReportsEachExpiredEntryOnce) {
  FixedSessionTable<4> t(Small());
  EXPECT_EQ(t.NextExpiryMs(), UINT64_MAX);
  MustCreate(t, 0, 0);                     // expires at 100
  t.MarkLoggedIn(MustCreate(t, 0, 1), 0);  // at 1000 (idle)
  MustCreate(t, 80, 2);                    // at 180
  EXPECT_EQ(t.NextExpiryMs(), 100u);
  Ended e;
  EXPECT_FALSE(t.Sweep(99, &e));
  ASSERT_TRUE(t.Sweep(150, &e));
  EXPECT_EQ(e.index, 0u);
  EXPECT_FALSE(t.Sweep(150, &e));
  EXPECT_EQ(t.NextExpiryMs(), 180u);
  int n = 0;
  bool logged_in_seen = false;
  while (t.Sweep(2000, &e)) ++n, logged_in_seen |= e.logged_in;
  EXPECT_EQ(n, 2);
  EXPECT_TRUE(logged_in_seen);
  EXPECT_EQ(t.used(), 0u);
}

TEST(WebSessions, RemoveFreesWithoutReport) {
  FixedSessionTable<2> t(Small());
  WebSession* e = MustCreate(t, 0, 1);
  t.Remove(e);
  EXPECT_EQ(t.Find(Id(1), 1).found, Found::kUnknown);
  Ended ended;
  EXPECT_FALSE(t.Sweep(1000000, &ended));
}

TEST(WebSessions, HugeLimitsDoNotWrap) {
  SessionLimits l;
  l.pre_auth_grace_ms = UINT64_MAX;
  l.idle_ms = UINT64_MAX;
  l.absolute_ms = UINT64_MAX;
  FixedSessionTable<2> t(l);
  WebSession* e = MustCreate(t, 1000, 1);
  EXPECT_EQ(t.Find(Id(1), UINT64_MAX - 1).found, Found::kLive);
  t.MarkLoggedIn(e, 5);
  EXPECT_EQ(t.Find(Id(1), UINT64_MAX - 1).found, Found::kLive);
}

}  // namespace
}  // namespace web_ui
