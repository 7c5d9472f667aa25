// How terminals end besides close: the grace running out, logout, and the
// deadlines the host's timer follows.
#include "services/lib/terminal-host/test_host.h"

namespace terminal_host::test {
namespace {

using Lifetime = Host;
using terminal::Mode;

TEST_F(Lifetime, ADetachedTerminalEndsWhenTheGraceRunsOut) {
  Make(Limits{5000, 8, kMaxParkedReads, 4, 1024});
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  ASSERT_EQ(Read(id, f.attachment, 0, 0, 25000, 1).outcome, Outcome::kPending);
  ASSERT_EQ(St(Detach(id, o.attachment)), Status::kOk);
  EXPECT_EQ(set->NextDeadlineMs(), now + 5000);
  now += 4000;
  const TerminalReply l = List();
  EXPECT_EQ(l.terminals[0].state, TerminalStateCode::kDetached);
  EXPECT_EQ(l.terminals[0].grace_ms, 1000u);
  set->Tick(now + 999);
  EXPECT_TRUE(fx.stopped.empty());
  set->Tick(now + 1000);
  ASSERT_EQ(fx.stopped.size(), 1u);
  EXPECT_EQ(Completed(1).status, Status::kEnded);  // followers alone keep nothing alive
  EXPECT_EQ(set->live_count(), 0u);
  EXPECT_EQ(rings.held(), 0u);
  EXPECT_EQ(St(Attach(id, Mode::kOwner)), Status::kEnded);
  EXPECT_EQ(set->NextDeadlineMs(), UINT64_MAX);
}

TEST_F(Lifetime, AnOwnerBackInTimeCancelsTheGrace) {
  Make(Limits{5000, 8, kMaxParkedReads, 4, 1024});
  const TerminalReply o = Open();
  ASSERT_EQ(St(Detach(o.terminal_id, o.attachment)), Status::kOk);
  now += 4999;
  ASSERT_EQ(St(Attach(o.terminal_id, Mode::kOwner)), Status::kOk);
  set->Tick(now + 100000);
  EXPECT_TRUE(fx.stopped.empty());
  EXPECT_EQ(set->NextDeadlineMs(), UINT64_MAX);
}

TEST_F(Lifetime, EndAllEndsEveryTerminalAndAnswersEverythingParked) {
  const TerminalReply a = Open(), b = Open();
  ASSERT_EQ(set->ShellInput(a.terminal_id, 5000, now), ShellAnswer::kParked);
  ASSERT_EQ(Read(a.terminal_id, a.attachment, 0, 0, 20000, 1).outcome, Outcome::kPending);
  ASSERT_EQ(Read(b.terminal_id, b.attachment, 0, 0, 20000, 2).outcome, Outcome::kPending);
  set->EndAll(now);
  EXPECT_EQ(fx.stopped, (std::vector<uint32_t>{a.terminal_id, b.terminal_id}));
  ASSERT_EQ(fx.inputs.size(), 1u);
  EXPECT_TRUE(fx.inputs[0].closing);
  EXPECT_EQ(Completed(1).status, Status::kEnded);
  EXPECT_EQ(Completed(2).status, Status::kEnded);
  EXPECT_EQ(set->live_count(), 0u);
  EXPECT_EQ(rings.held(), 0u);
  EXPECT_EQ(List().terminal_count, 0u);
  EXPECT_EQ(set->NextDeadlineMs(), UINT64_MAX);
  const size_t events = fx.events.size();
  set->Tick(now + 100000);
  set->EndAll(now);
  EXPECT_EQ(fx.events.size(), events);
  EXPECT_FALSE(rings.bad_release());
}

TEST_F(Lifetime, AnExitedTerminalNobodyDrainsEndsWithTheGrace) {
  Make(Limits{5000, 8, kMaxParkedReads, 4, 1024});
  const TerminalReply o = Open();
  ShellWritesText(o.terminal_id, "unread");
  set->ShellExited(o.terminal_id, now);
  EXPECT_EQ(set->NextDeadlineMs(), now + 5000);
  set->Tick(now + 5000);
  EXPECT_EQ(fx.stopped.size(), 1u);
}

TEST_F(Lifetime, TheSetGivesItsRingsBackWhenDestroyed) {
  Open();
  Open();
  EXPECT_EQ(rings.held(), 2u);
  set.reset();
  EXPECT_EQ(rings.held(), 0u);
  EXPECT_FALSE(rings.bad_release());
}

}  // namespace
}  // namespace terminal_host::test
