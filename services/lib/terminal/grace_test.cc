// Lifetime: the grace period of a terminal without an owner, and the
// drain after the shell exits.
#include "services/lib/terminal/grace.h"

#include <gtest/gtest.h>

#include "services/lib/terminal/attach.h"
#include "services/lib/terminal/test_bytes.h"
#include "services/lib/terminal/test_terminal.h"

namespace terminal {
namespace {

using test::Pattern;
using test::Terminal;
using test::Text;

constexpr Limits kGrace100{kMaxFollowers, 100};

TEST(Grace, StartsCancelsAndSaturates) {
  Grace g(100);
  EXPECT_FALSE(g.running());
  EXPECT_EQ(g.RemainingMs(5), 100u);
  g.Start(10);
  EXPECT_EQ(g.deadline_ms(), 110u);
  EXPECT_EQ(g.RemainingMs(60), 50u);
  EXPECT_FALSE(g.Expired(109));
  EXPECT_TRUE(g.Expired(110));
  EXPECT_EQ(g.RemainingMs(200), 0u);
  g.Start(50);  // a later start never extends a running deadline
  EXPECT_EQ(g.deadline_ms(), 110u);
  g.Cancel();
  EXPECT_FALSE(g.Expired(1000));
  g.Start(UINT64_MAX - 5);
  EXPECT_EQ(g.deadline_ms(), UINT64_MAX);
}

TEST(Grace, ATerminalNobodyAttachesToEnds) {
  Terminal t(16, kGrace100, 1000);
  EXPECT_EQ(t.table().state(), State::kDetached);
  EXPECT_FALSE(t.table().Tick(1099));
  EXPECT_TRUE(t.table().Tick(1100));
  EXPECT_EQ(t.table().state(), State::kEnded);
}

TEST(Grace, AnOwnerReattachingInTimeKeepsTheTerminal) {
  Terminal t(16, kGrace100);
  AttachId owner = t.Owner(0);
  EXPECT_EQ(t.table().state(), State::kRunning);
  EXPECT_FALSE(t.table().Tick(100000));  // an attached owner needs no grace
  t.Produce(5);
  ASSERT_EQ(t.table().Detach(owner, 100000), Status::kOk);
  EXPECT_EQ(t.table().state(), State::kDetached);
  EXPECT_EQ(t.table().grace().RemainingMs(100040), 60u);
  EXPECT_FALSE(t.table().Tick(100099));
  AttachId back = t.Owner(0);
  EXPECT_EQ(t.table().state(), State::kRunning);
  EXPECT_FALSE(t.table().Tick(500000));
  EXPECT_EQ(t.Read(back, 0).data, Pattern(0, 5));
}

TEST(Grace, FollowersDoNotKeepAnOwnerlessTerminalAlive) {
  Terminal t(16, kGrace100);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  t.table().Detach(owner, 0);
  EXPECT_EQ(t.Read(follower, 0).status, Status::kOk);
  EXPECT_TRUE(t.table().Tick(100));
  EXPECT_EQ(t.Read(follower, 0).status, Status::kEnded);
  AttachId late;
  EXPECT_EQ(t.table().Attach(Mode::kOwner, 0, false, &late), Status::kEnded);
}

TEST(Grace, AfterExitTheOwnerDrainsTheOutputThenItEnds) {
  Terminal t(16, kGrace100);
  AttachId owner = t.Owner();
  t.ProduceText("bye\r\n");
  t.table().Finish(10);
  EXPECT_EQ(t.table().state(), State::kExited);
  Verdict v;
  EXPECT_EQ(t.ProduceText("late", &v), 0u);
  EXPECT_EQ(v, Verdict::kEnded);
  test::Got got = t.Read(owner, 0);
  EXPECT_EQ(got.status, Status::kOk);
  EXPECT_EQ(Text(got.data), "bye\r\n");
  EXPECT_EQ(t.Read(owner, 5).status, Status::kEnded);
  EXPECT_EQ(t.table().state(), State::kEnded);
}

TEST(Grace, AfterExitFollowersDrainToo) {
  Terminal t(16, kGrace100);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  t.ProduceText("bye");
  t.table().Finish(10);
  EXPECT_EQ(t.Read(owner, 3).status, Status::kEnded);  // it had everything
  EXPECT_EQ(t.table().state(), State::kExited);        // the follower has not
  EXPECT_EQ(Text(t.Read(follower, 0).data), "bye");
  EXPECT_EQ(t.Read(follower, 3).status, Status::kEnded);
  EXPECT_EQ(t.table().state(), State::kEnded);
}

TEST(Grace, AnExitWhileDetachedKeepsTheOutputForAResume) {
  Terminal t(16, kGrace100);
  AttachId owner = t.Owner();
  t.ProduceText("partial");
  t.Read(owner, 3, 0);
  t.table().Detach(owner, 0);  // the grace runs out at 100
  t.table().Finish(90);        // and the exit does not extend it
  EXPECT_EQ(t.table().grace().deadline_ms(), 100u);
  EXPECT_EQ(t.table().state(), State::kExited);
  AttachId back = t.Owner(3);
  EXPECT_EQ(Text(t.Read(back, 3).data), "tial");
  EXPECT_EQ(t.Read(back, 7).status, Status::kEnded);
  EXPECT_TRUE(t.table().Tick(95));  // ended by the drain, not the clock
}

TEST(Grace, AnExitWithNothingUnreadAndNobodyAttachedEndsAtOnce) {
  Terminal t(16, kGrace100);
  AttachId owner = t.Owner();
  t.ProduceText("x");
  t.Read(owner, 1, 0);
  t.table().Detach(owner, 0);
  t.table().Finish(1);
  EXPECT_EQ(t.table().state(), State::kEnded);
}

TEST(Grace, AnUndrainedExitEndsWhenTheGraceRunsOut) {
  Terminal t(16, kGrace100);
  AttachId owner = t.Owner();
  t.ProduceText("unread");
  t.table().Finish(1000);
  EXPECT_FALSE(t.table().Tick(1099));
  EXPECT_EQ(t.table().CheckInput(owner), Status::kOk);
  EXPECT_TRUE(t.table().Tick(1100));
  EXPECT_EQ(t.Read(owner, 0).status, Status::kEnded);
}

}  // namespace
}  // namespace terminal
