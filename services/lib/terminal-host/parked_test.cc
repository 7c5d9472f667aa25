// DTO reads that wait (wait_ms > 0): answered through CompleteRead exactly
// once, by output, the end, the exit drain, the deadline, a detach, a
// replacing owner or a newer read on the same attachment.
#include "services/lib/terminal-host/test_host.h"

namespace terminal_host::test {
namespace {

using Parked = Host;
using terminal::Mode;

TEST_F(Parked, AReadWithSomethingToSayNeverWaits) {
  const TerminalReply o = Open();
  ShellWritesText(o.terminal_id, "hi");
  const Got g = Read(o.terminal_id, o.attachment, 0, 0, 20000, 1);
  EXPECT_EQ(g.outcome, Outcome::kDone);
  EXPECT_EQ(g.bytes, "hi");
  EXPECT_EQ(Read(o.terminal_id, o.attachment, 5, 0, 20000, 2).status, Status::kFutureSeq);
  EXPECT_TRUE(fx.reads.empty());
}

TEST_F(Parked, OutputWakesEveryWaitingReader) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  ASSERT_EQ(Read(id, o.attachment, 0, 0, 20000, 11).outcome, Outcome::kPending);
  ASSERT_EQ(Read(id, f.attachment, 0, 2, 20000, 12).outcome, Outcome::kPending);
  EXPECT_EQ(set->parked_read_count(), 2u);
  EXPECT_EQ(set->NextDeadlineMs(), now + 20000);
  ShellWritesText(id, "hello");
  Got a = Completed(11), b = Completed(12);
  EXPECT_EQ(a.status, Status::kOk);
  EXPECT_EQ(a.bytes, "hello");
  EXPECT_EQ(a.next_seq, 5u);
  EXPECT_FALSE(a.more);
  EXPECT_EQ(b.bytes, "he");
  EXPECT_TRUE(b.more);
  EXPECT_EQ(set->parked_read_count(), 0u);
  ShellWritesText(id, "!");
  EXPECT_EQ(fx.reads.size(), 2u);  // answered once, never again
}

TEST_F(Parked, CloseAnswersEveryWaitingReaderEnded) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  ASSERT_EQ(Read(id, f.attachment, 0, 0, 20000, 7).outcome, Outcome::kPending);
  ASSERT_EQ(St(Close(id, o.attachment)), Status::kOk);
  EXPECT_EQ(Completed(7).status, Status::kEnded);
  EXPECT_EQ(set->parked_read_count(), 0u);
  EXPECT_EQ(set->NextDeadlineMs(), UINT64_MAX);
}

TEST_F(Parked, TheExitWakesReadersThatHaveEverything) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ShellWritesText(id, "ab");
  ASSERT_EQ(Read(id, o.attachment, 0).bytes, "ab");
  ASSERT_EQ(Read(id, o.attachment, 2, 0, 20000, 3).outcome, Outcome::kPending);
  set->ShellExited(id, now);
  EXPECT_EQ(Completed(3).status, Status::kEnded);
  EXPECT_EQ(fx.stopped.size(), 1u);  // the owner has drained it: ended
  EXPECT_EQ(rings.held(), 0u);
}

TEST_F(Parked, TheDeadlineAnswersOkWithNoBytes) {
  const TerminalReply o = Open();
  ASSERT_EQ(Read(o.terminal_id, o.attachment, 0, 0, 30000, 5).outcome, Outcome::kPending);
  EXPECT_EQ(set->NextDeadlineMs(), now + 25000);  // clamped to the DTO's bound
  set->Tick(now + 24999);
  EXPECT_TRUE(fx.reads.empty());
  set->Tick(now + 25000);
  const Got g = Completed(5);
  EXPECT_EQ(g.status, Status::kOk);
  EXPECT_EQ(g.bytes, "");
  EXPECT_EQ(g.next_seq, 0u);
  EXPECT_EQ(g.skipped, 0u);
}

TEST_F(Parked, DetachAnswersTheAttachmentsReadDetached) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  ASSERT_EQ(Read(id, f.attachment, 0, 0, 20000, 1).outcome, Outcome::kPending);
  ASSERT_EQ(Read(id, o.attachment, 0, 0, 20000, 2).outcome, Outcome::kPending);
  ASSERT_EQ(St(Detach(id, f.attachment)), Status::kOk);
  EXPECT_EQ(Completed(1).status, Status::kDetached);
  EXPECT_EQ(fx.reads.size(), 1u);  // the owner's read still waits
  EXPECT_EQ(set->parked_read_count(), 1u);
}

TEST_F(Parked, AReplacingOwnerAnswersTheOldOwnersRead) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(Read(id, o.attachment, 0, 0, 20000, 4).outcome, Outcome::kPending);
  ASSERT_EQ(St(Attach(id, Mode::kOwner, 0, true)), Status::kOk);
  EXPECT_EQ(Completed(4).status, Status::kDetached);
}

TEST_F(Parked, ANewerReadOnTheSameAttachmentAnswersTheOlderFirst) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(Read(id, o.attachment, 0, 0, 20000, 1).outcome, Outcome::kPending);
  ASSERT_EQ(Read(id, o.attachment, 0, 0, 20000, 2).outcome, Outcome::kPending);
  const Got old = Completed(1);
  EXPECT_EQ(old.status, Status::kOk);
  EXPECT_EQ(old.bytes, "");
  EXPECT_EQ(set->parked_read_count(), 1u);
  ShellWritesText(id, "x");
  EXPECT_EQ(Completed(2).bytes, "x");
}

TEST_F(Parked, AFullParkingAnswersAtOnce) {
  Make(Limits{60000, 8, 2, 4, 1024});
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f1 = Attach(id, Mode::kFollower), f2 = Attach(id, Mode::kFollower);
  ASSERT_EQ(Read(id, o.attachment, 0, 0, 20000, 1).outcome, Outcome::kPending);
  ASSERT_EQ(Read(id, f1.attachment, 0, 0, 20000, 2).outcome, Outcome::kPending);
  const Got g = Read(id, f2.attachment, 0, 0, 20000, 3);
  EXPECT_EQ(g.outcome, Outcome::kDone);
  EXPECT_EQ(g.status, Status::kOk);
  EXPECT_EQ(g.bytes, "");
}

TEST_F(Parked, AnOwnerReadThatReleasesTheShellAnswersWithItsOutput) {
  Make(Limits{60000, 8, kMaxParkedReads, 4, 16});
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(ShellWrites(id, 16), ShellAnswer::kAnswered);
  const TerminalReply f = Attach(id, Mode::kFollower, 16);
  ASSERT_EQ(St(f), Status::kOk);
  ASSERT_EQ(ShellWrites(id, 10), ShellAnswer::kParked);
  ASSERT_EQ(Read(id, f.attachment, 16, 0, 20000, 9).outcome, Outcome::kPending);
  // The owner caught up exactly: its acknowledgement lets the shell go on,
  // and this very read answers with what came in, not with a wait.
  const Got g = Read(id, o.attachment, 16, 0, 20000, 8);
  EXPECT_EQ(g.outcome, Outcome::kDone);
  EXPECT_EQ(g.bytes.size(), 10u);
  EXPECT_EQ(fx.outputs.size(), 2u);
  EXPECT_EQ(Completed(9).bytes.size(), 10u);  // the follower woke too
}

}  // namespace
}  // namespace terminal_host::test
