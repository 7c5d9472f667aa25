// The shell's side: a parked input call and what answers it, one call of a
// kind at a time, the start failing, the exit and the drain after it.
#include "services/lib/terminal-host/test_host.h"

namespace terminal_host::test {
namespace {

using Shell = Host;

TEST_F(Shell, AParkedInputIsAnsweredByAWrite) {
  const TerminalReply o = Open();
  ASSERT_EQ(set->ShellInput(o.terminal_id, 5000, now), ShellAnswer::kParked);
  ASSERT_EQ(St(Write(o.terminal_id, o.attachment, "q")), Status::kOk);
  ASSERT_EQ(fx.inputs.size(), 1u);
  EXPECT_EQ(fx.inputs[0].bytes, "q");
  EXPECT_FALSE(fx.inputs[0].closing);
}

TEST_F(Shell, AParkedInputIsAnsweredByAResize) {
  const TerminalReply o = Open();
  ASSERT_EQ(set->ShellInput(o.terminal_id, 5000, now), ShellAnswer::kParked);
  ASSERT_EQ(St(Resize(o.terminal_id, o.attachment, 40, 10)), Status::kOk);
  ASSERT_EQ(fx.inputs.size(), 1u);
  EXPECT_EQ(fx.inputs[0].bytes, "");
  EXPECT_TRUE(fx.inputs[0].resized);
  EXPECT_EQ(fx.inputs[0].cols, 40);
  EXPECT_EQ(fx.inputs[0].rows, 10);
}

TEST_F(Shell, AParkedInputIsAnsweredClosingByClose) {
  const TerminalReply o = Open();
  ASSERT_EQ(set->ShellInput(o.terminal_id, 5000, now), ShellAnswer::kParked);
  ASSERT_EQ(St(Close(o.terminal_id, o.attachment)), Status::kOk);
  ASSERT_EQ(fx.inputs.size(), 1u);
  EXPECT_TRUE(fx.inputs[0].closing);
  // Answered before the shell is stopped, and nothing after.
  ASSERT_EQ(fx.events.size(), 3u);
  EXPECT_EQ(fx.events[1].kind, Kind::kInput);
  EXPECT_EQ(fx.events[2].kind, Kind::kStop);
}

TEST_F(Shell, AParkedInputTimesOutEmpty) {
  const TerminalReply o = Open();
  ASSERT_EQ(set->ShellInput(o.terminal_id, 9000, now), ShellAnswer::kParked);  // clamped to 5000
  EXPECT_EQ(set->NextDeadlineMs(), now + 5000);
  set->Tick(now + 4999);
  EXPECT_TRUE(fx.inputs.empty());
  set->Tick(now + 5000);
  ASSERT_EQ(fx.inputs.size(), 1u);
  EXPECT_EQ(fx.inputs[0].bytes, "");
  EXPECT_FALSE(fx.inputs[0].resized);
  EXPECT_FALSE(fx.inputs[0].closing);
  EXPECT_EQ(fx.inputs[0].cols, 80);
}

TEST_F(Shell, OneCallOfAKindAtATime) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(set->ShellInput(id, 5000, now), ShellAnswer::kParked);
  EXPECT_EQ(set->ShellInput(id, 5000, now), ShellAnswer::kRefused);
  uint8_t big[kMaxOutputBytes + 1] = {};
  EXPECT_EQ(set->ShellOutput(id, big, sizeof(big), now), ShellAnswer::kRefused);
  Make(Limits{60000, 8, kMaxParkedReads, 4, 16});
  const uint32_t t = Open().terminal_id;
  ASSERT_EQ(ShellWrites(t, 20), ShellAnswer::kParked);  // 16 fit
  EXPECT_EQ(ShellWrites(t, 1), ShellAnswer::kRefused);
  EXPECT_TRUE(fx.outputs.empty());
}

TEST_F(Shell, AShellThatFailsToStartExitsTheTerminal) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(St(Write(id, o.attachment, "x")), Status::kOk);
  set->ShellStarted(id, false, now);
  EXPECT_EQ(Info(id, o.attachment).info.state, TerminalStateCode::kExited);
  EXPECT_TRUE(fx.stopped.empty());  // the owner has not seen the end yet
  EXPECT_EQ(set->ShellInput(id, 0, now), ShellAnswer::kGone);
  EXPECT_EQ(Read(id, o.attachment, 0).status, Status::kEnded);
  ASSERT_EQ(fx.stopped.size(), 1u);  // drained and alone: ended
  EXPECT_EQ(set->live_count(), 0u);
  EXPECT_TRUE(fx.inputs.empty());
}

TEST_F(Shell, AStartedShellIsJustThat) {
  const TerminalReply o = Open();
  set->ShellStarted(o.terminal_id, true, now);
  set->ShellStarted(99, false, now);  // unknown: ignored
  EXPECT_EQ(Info(o.terminal_id, o.attachment).info.state, TerminalStateCode::kRunning);
  EXPECT_TRUE(fx.stopped.empty());
}

TEST_F(Shell, AfterExitOutputDrainsThenEnded) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, terminal::Mode::kFollower);
  ASSERT_EQ(ShellWritesText(id, "bye\r\n"), ShellAnswer::kAnswered);
  ASSERT_EQ(set->ShellInput(id, 5000, now), ShellAnswer::kParked);
  set->ShellExited(id, now);
  EXPECT_TRUE(fx.inputs.empty());  // the call went with the process
  EXPECT_EQ(St(Write(id, o.attachment, "ignored")), Status::kOk);
  EXPECT_EQ(set->ShellOutput(id, nullptr, 0, now), ShellAnswer::kGone);
  Got g = Read(id, o.attachment, 0);
  EXPECT_EQ(g.status, Status::kOk);
  EXPECT_EQ(g.bytes, "bye\r\n");
  EXPECT_EQ(Read(id, o.attachment, g.next_seq).status, Status::kEnded);
  EXPECT_TRUE(fx.stopped.empty());  // the follower has not drained
  g = Read(id, f.attachment, 0, 3);
  EXPECT_EQ(g.bytes, "bye");
  g = Read(id, f.attachment, 3);
  EXPECT_EQ(g.bytes, "\r\n");
  EXPECT_EQ(Read(id, f.attachment, 5).status, Status::kEnded);
  ASSERT_EQ(fx.stopped.size(), 1u);
  EXPECT_EQ(rings.held(), 0u);
}

}  // namespace
}  // namespace terminal_host::test
