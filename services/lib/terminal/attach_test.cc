// Attach modes, bounds and typed denials.
#include "services/lib/terminal/attach.h"

#include <gtest/gtest.h>

#include "services/lib/terminal/test_terminal.h"

namespace terminal {
namespace {

using test::Terminal;

TEST(Attach, OneOwnerUnlessReplaced) {
  Terminal t(64);
  AttachId first = t.Owner();
  AttachId second;
  EXPECT_EQ(t.table().Attach(Mode::kOwner, 0, false, &second), Status::kOwnerAttached);
  EXPECT_EQ(t.table().CheckInput(first), Status::kOk);  // the refusal changed nothing
  ASSERT_EQ(t.table().Attach(Mode::kOwner, 0, true, &second), Status::kOk);
  EXPECT_EQ(t.table().CheckInput(second), Status::kOk);
  EXPECT_EQ(t.table().CheckInput(first), Status::kDetached);  // the replaced cap is stale
  EXPECT_EQ(t.table().Detach(first, 0), Status::kDetached);
  EXPECT_TRUE(t.table().owner_attached());
}

TEST(Attach, FollowersAreBounded) {
  Terminal t(64, Limits{3, 1000});
  AttachId f[3];
  for (AttachId& id : f) id = t.Follower();
  EXPECT_EQ(t.table().followers(), 3u);
  AttachId extra;
  EXPECT_EQ(t.table().Attach(Mode::kFollower, 0, false, &extra), Status::kTooManyFollowers);
  ASSERT_EQ(t.table().Detach(f[1], 0), Status::kOk);
  AttachId again = t.Follower();
  EXPECT_EQ(again.slot, f[1].slot);                            // the slot is reused...
  EXPECT_EQ(t.table().CheckControl(f[1]), Status::kDetached);  // ...its old id is not
  EXPECT_EQ(t.table().CheckControl(again), Status::kNotOwner);
}

TEST(Attach, FollowerLimitIsClampedToTheTable) {
  Terminal none(64, Limits{0, 1000});
  AttachId id;
  EXPECT_EQ(none.table().Attach(Mode::kFollower, 0, false, &id), Status::kTooManyFollowers);
  Terminal many(64, Limits{1000, 1000});
  for (uint32_t i = 0; i < kMaxFollowers; ++i) many.Follower();
  EXPECT_EQ(many.table().Attach(Mode::kFollower, 0, false, &id), Status::kTooManyFollowers);
}

TEST(Attach, FollowersAreReadOnly) {
  Terminal t(64);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  EXPECT_EQ(t.table().CheckInput(owner), Status::kOk);
  EXPECT_EQ(t.table().CheckControl(owner), Status::kOk);
  EXPECT_EQ(t.table().CheckInput(follower), Status::kFollowerInput);
  EXPECT_EQ(t.table().CheckControl(follower), Status::kNotOwner);
}

TEST(Attach, DescribeGivesModeAndAcknowledgedSeq) {
  Terminal t(64);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  t.Produce(10);
  t.Read(owner, 4);
  t.Read(follower, 7);
  Mode mode;
  uint64_t cursor;
  ASSERT_EQ(t.table().Describe(owner, &mode, &cursor), Status::kOk);
  EXPECT_EQ(mode, Mode::kOwner);
  EXPECT_EQ(cursor, 4u);  // what it asked from, not what it was sent
  ASSERT_EQ(t.table().Describe(follower, &mode, &cursor), Status::kOk);
  EXPECT_EQ(mode, Mode::kFollower);
  EXPECT_EQ(cursor, 7u);
}

TEST(Attach, AResumeFromTheFutureIsRefused) {
  Terminal t(64);
  t.Produce(5);
  AttachId id;
  EXPECT_EQ(t.table().Attach(Mode::kOwner, 6, false, &id), Status::kFutureSeq);
  EXPECT_FALSE(t.table().owner_attached());
  EXPECT_EQ(t.table().Attach(Mode::kFollower, 6, false, &id), Status::kFutureSeq);
  EXPECT_EQ(t.table().followers(), 0u);
  AttachId owner = t.Owner(5);
  EXPECT_EQ(t.Read(owner, 6).status, Status::kFutureSeq);
}

TEST(Attach, ForgedIdsAreDetached) {
  Terminal t(64);
  t.Owner();
  EXPECT_EQ(t.table().CheckInput(AttachId{}), Status::kDetached);
  EXPECT_EQ(t.table().CheckInput(AttachId{0, 12345}), Status::kDetached);
  EXPECT_EQ(t.table().CheckInput(AttachId{1, 1}), Status::kDetached);  // unused slot
  EXPECT_EQ(t.table().CheckInput(AttachId{99, 1}), Status::kDetached);
  EXPECT_EQ(t.Read(AttachId{99, 1}, 0).status, Status::kDetached);
}

TEST(Attach, AfterTheEndEverythingFailsClosed) {
  Terminal t(64);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  t.Produce(5);
  t.table().End();
  EXPECT_EQ(t.table().state(), State::kEnded);
  EXPECT_EQ(t.table().CheckInput(owner), Status::kEnded);
  EXPECT_EQ(t.table().CheckControl(follower), Status::kEnded);
  EXPECT_EQ(t.Read(owner, 0).status, Status::kEnded);
  EXPECT_EQ(t.table().Detach(follower, 0), Status::kEnded);
  AttachId id;
  EXPECT_EQ(t.table().Attach(Mode::kOwner, 0, true, &id), Status::kEnded);
  size_t taken = 1;
  const uint8_t b = 'x';
  EXPECT_EQ(t.table().Produce(&b, 1, &taken), Verdict::kEnded);
  EXPECT_EQ(taken, 0u);
  EXPECT_EQ(t.table().Writable(), 0u);
  EXPECT_FALSE(t.table().owner_attached());
  EXPECT_EQ(t.table().followers(), 0u);
}

TEST(Attach, StatusNamesAreTheSchemaEnumerants) {
  EXPECT_STREQ(StatusName(Status::kFollowerInput), "followerInput");
  EXPECT_STREQ(StatusName(Status::kInputFull), "inputFull");
  EXPECT_STREQ(StatusName(static_cast<Status>(999)), "unknown");
}

}  // namespace
}  // namespace terminal
