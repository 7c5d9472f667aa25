// Flow control: keeping up loses nothing, the owner pauses the producer
// and is never skipped, a slow follower is skipped (with the marker) and
// never pauses anyone.
#include <gtest/gtest.h>

#include <utility>

#include "services/lib/terminal/attach.h"
#include "services/lib/terminal/test_bytes.h"
#include "services/lib/terminal/test_terminal.h"

namespace terminal {
namespace {

using test::Pattern;
using test::Terminal;
using test::Text;

TEST(Flow, ClientsThatKeepUpLoseNoByte) {
  Terminal t(16);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  uint64_t owner_seq = 0, follower_seq = 0;
  for (int round = 0; round < 100; ++round) {
    Verdict v;
    ASSERT_EQ(t.Produce(5, &v), 5u);
    ASSERT_EQ(v, Verdict::kOk);
    for (auto [id, seq] : {std::pair{owner, &owner_seq}, std::pair{follower, &follower_seq}}) {
      test::Got got = t.Read(id, *seq);
      ASSERT_EQ(got.status, Status::kOk);
      ASSERT_EQ(got.r.skipped, 0u);
      ASSERT_TRUE(got.marker.empty());
      ASSERT_EQ(got.data, Pattern(*seq, 5));
      *seq = got.r.next_seq;
    }
  }
  EXPECT_EQ(owner_seq, 500u);
  EXPECT_EQ(follower_seq, 500u);
}

TEST(Flow, AnOwnerThatLagsPausesTheProducerAndLosesNothing) {
  Terminal t(16);
  AttachId owner = t.Owner();
  Verdict v;
  EXPECT_EQ(t.Produce(10, &v), 10u);
  EXPECT_EQ(v, Verdict::kOk);
  EXPECT_EQ(t.Produce(10, &v), 6u);  // the ring is full of unread owner bytes
  EXPECT_EQ(v, Verdict::kPaused);
  EXPECT_TRUE(t.table().paused());
  EXPECT_EQ(t.Produce(10, &v), 0u);
  EXPECT_EQ(v, Verdict::kPaused);

  // Reading does not free space; asking for what follows does.
  test::Got got = t.Read(owner, 0, 4);
  EXPECT_EQ(got.data, Pattern(0, 4));
  EXPECT_EQ(t.table().Writable(), 0u);
  got = t.Read(owner, 4, 100);
  EXPECT_EQ(got.data, Pattern(4, 12));
  EXPECT_EQ(got.r.skipped, 0u);
  EXPECT_EQ(t.table().Writable(), 4u);
  EXPECT_FALSE(t.table().paused());
  EXPECT_EQ(t.Produce(10, &v), 4u);
  EXPECT_EQ(v, Verdict::kPaused);
  got = t.Read(owner, 16, 100);
  EXPECT_EQ(got.data, Pattern(16, 4));
  EXPECT_EQ(t.ring().next_seq(), 20u);
}

TEST(Flow, AReadOfNothingOnlyAcknowledges) {
  Terminal t(8);
  AttachId owner = t.Owner();
  t.Produce(8);
  EXPECT_TRUE(t.table().paused());
  test::Got got = t.Read(owner, 8, 0);
  EXPECT_EQ(got.status, Status::kOk);
  EXPECT_TRUE(got.data.empty());
  EXPECT_EQ(t.table().Writable(), 8u);
}

TEST(Flow, ASlowFollowerIsSkippedWithAMarkerAndNeverPausesTheOwner) {
  Terminal t(16);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  uint64_t owner_seq = 0;
  for (int i = 0; i < 25; ++i) {
    Verdict v;
    ASSERT_EQ(t.Produce(4, &v), 4u);
    ASSERT_EQ(v, Verdict::kOk);  // the follower reads nothing, and nobody waits
    owner_seq = t.Read(owner, owner_seq).r.next_seq;
  }
  test::Got got = t.Read(follower, 0);
  ASSERT_EQ(got.status, Status::kOk);
  EXPECT_EQ(got.r.skipped, 84u);
  EXPECT_EQ(Text(got.marker), "\x18\x1b[0;2m\r\n[... 84 bytes skipped ...]\x1b[0m\r\n");
  EXPECT_EQ(got.data, Pattern(84, 16));
  EXPECT_EQ(got.r.next_seq, 100u);
  t.Produce(3);
  got = t.Read(follower, got.r.next_seq);
  EXPECT_TRUE(got.marker.empty());  // one marker per skip
  EXPECT_EQ(got.data, Pattern(100, 3));
}

TEST(Flow, ASkipLandsAfterUtf8ContinuationBytes) {
  Terminal t(7);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  t.ProduceText("0123\xe2");
  t.Read(owner, 5, 0);
  t.ProduceText(
      "\x82\xac"
      "56789");  // the ring now starts inside the euro sign
  EXPECT_EQ(t.ring().oldest_seq(), 5u);
  test::Got got = t.Read(follower, 0);
  EXPECT_EQ(got.r.skipped, 7u);
  EXPECT_EQ(Text(got.data), "56789");
}

TEST(Flow, TheMarkerIsLeftOutWhenItCannotFitButTheSkipIsStillSaid) {
  Terminal t(4);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  t.Produce(4);
  t.Read(owner, 4, 0);
  t.Produce(4);
  uint8_t out[8];
  ReadResult r;
  ASSERT_EQ(t.table().Read(follower, 0, 8, out, sizeof(out), &r), Status::kOk);
  EXPECT_EQ(r.skipped, 4u);
  EXPECT_EQ(r.marker_length, 0u);
  EXPECT_EQ(r.length, 4u);
  EXPECT_EQ(r.next_seq, 8u);
}

TEST(Flow, MoreSaysOutputIsWaiting) {
  Terminal t(32);
  AttachId owner = t.Owner();
  t.Produce(10);
  test::Got got = t.Read(owner, 0, 4);
  EXPECT_TRUE(got.r.more);
  got = t.Read(owner, 4, 100);
  EXPECT_FALSE(got.r.more);
}

TEST(Flow, ADetachedOwnerKeepsItsBytesReserved) {
  Terminal t(8, Limits{kMaxFollowers, 1000});
  AttachId owner = t.Owner();
  t.Produce(3);
  t.Read(owner, 2);  // acknowledges 0..1
  ASSERT_EQ(t.table().Detach(owner, 0), Status::kOk);
  Verdict v;
  EXPECT_EQ(t.Produce(100, &v), 7u);  // up to 8 bytes unread from seq 2
  EXPECT_EQ(v, Verdict::kPaused);
  AttachId back = t.Owner(2);
  test::Got got = t.Read(back, 2);
  EXPECT_EQ(got.r.skipped, 0u);
  EXPECT_EQ(got.data, Pattern(2, 8));
}

TEST(Flow, AnOwnerResumingBeyondTheRingIsToldWhatItLost) {
  // Not a lagging owner (its reservation is at the ring): a client that
  // forgot its position and asks for history the ring no longer holds.
  Terminal t(8);
  AttachId owner = t.Owner();
  for (uint64_t seq = 0; seq < 20; seq += 4) {
    t.Produce(4);
    t.Read(owner, seq + 4, 0);
  }
  AttachId again;
  ASSERT_EQ(t.table().Attach(Mode::kOwner, 0, true, &again), Status::kOk);
  test::Got got = t.Read(again, 0);
  EXPECT_EQ(got.r.skipped, 12u);
  EXPECT_FALSE(got.marker.empty());
  EXPECT_EQ(got.data, Pattern(12, 8));
}

}  // namespace
}  // namespace terminal
