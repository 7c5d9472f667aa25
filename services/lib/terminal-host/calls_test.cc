// A client's calls on an attachment: write (and the shell's input it
// becomes), resize, info, close, and what a follower may not do.
#include "services/lib/terminal-host/test_host.h"

namespace terminal_host::test {
namespace {

using Calls = Host;
using terminal::Mode;

TEST_F(Calls, WritesReachTheShellsNextInputInOrder) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(St(Write(id, o.attachment, "ls")), Status::kOk);
  ASSERT_EQ(St(Write(id, o.attachment, " -l\r")), Status::kOk);
  EXPECT_TRUE(fx.inputs.empty());  // nobody asked yet
  EXPECT_EQ(set->ShellInput(id, 1000, now), ShellAnswer::kAnswered);
  ASSERT_EQ(fx.inputs.size(), 1u);
  EXPECT_EQ(fx.inputs[0].bytes, "ls -l\r");
  EXPECT_EQ(fx.inputs[0].cols, 80);
  EXPECT_EQ(fx.inputs[0].rows, 24);
  EXPECT_FALSE(fx.inputs[0].resized);
  EXPECT_FALSE(fx.inputs[0].closing);
  // Taken: the next input waits.
  EXPECT_EQ(set->ShellInput(id, 1000, now), ShellAnswer::kParked);
  EXPECT_EQ(fx.inputs.size(), 1u);
}

TEST_F(Calls, AnEmptyWriteIsOkAndDoesNothing) {
  const TerminalReply o = Open();
  EXPECT_EQ(St(Write(o.terminal_id, o.attachment, "")), Status::kOk);
  EXPECT_EQ(set->ShellInput(o.terminal_id, 1000, now), ShellAnswer::kParked);
}

TEST_F(Calls, InputIsBufferedUpTo4KiBAllOrNothing) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(St(Write(id, o.attachment, std::string(4000, 'a'))), Status::kOk);
  const TerminalReply full = Write(id, o.attachment, std::string(97, 'b'));
  EXPECT_EQ(St(full), Status::kInputFull);
  EXPECT_EQ(full.limit, 0u);
  ASSERT_EQ(St(Write(id, o.attachment, std::string(96, 'c'))), Status::kOk);  // exactly 4096
  EXPECT_EQ(St(Write(id, o.attachment, "d")), Status::kInputFull);
  ASSERT_EQ(set->ShellInput(id, 0, now), ShellAnswer::kAnswered);
  EXPECT_EQ(fx.inputs.back().bytes, std::string(4000, 'a') + std::string(96, 'c'));
  EXPECT_EQ(St(Write(id, o.attachment, "d")), Status::kOk);  // room again
}

TEST_F(Calls, AWriteAbove4KiBIsTooLargeWithTheLimit) {
  const TerminalReply o = Open();
  const TerminalReply r = Write(o.terminal_id, o.attachment, std::string(4097, 'x'));
  EXPECT_EQ(St(r), Status::kTooLarge);
  EXPECT_EQ(r.limit, 4096u);
  EXPECT_EQ(St(Write(o.terminal_id, o.attachment, std::string(4096, 'x'))), Status::kOk);
}

TEST_F(Calls, FollowersAreReadOnly) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  EXPECT_EQ(St(Write(id, f.attachment, "x")), Status::kFollowerInput);
  EXPECT_EQ(St(Write(id, f.attachment, std::string(5000, 'x'))), Status::kFollowerInput);
  EXPECT_EQ(St(Resize(id, f.attachment, 90, 30)), Status::kNotOwner);
  EXPECT_EQ(St(Resize(id, f.attachment, 1, 1)), Status::kNotOwner);
  EXPECT_EQ(St(Close(id, f.attachment)), Status::kNotOwner);
  EXPECT_EQ(set->ShellInput(id, 0, now), ShellAnswer::kAnswered);
  EXPECT_EQ(fx.inputs.back().bytes, "");
  EXPECT_FALSE(fx.inputs.back().resized);
  EXPECT_TRUE(fx.stopped.empty());
}

TEST_F(Calls, ResizeIsSeenByTheShellsNextInput) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  EXPECT_EQ(St(Resize(id, o.attachment, 9, 24)), Status::kBadSize);
  const TerminalReply r = Resize(id, o.attachment, 132, 50);
  ASSERT_EQ(St(r), Status::kOk);
  EXPECT_EQ(r.info.cols, 132);
  EXPECT_EQ(r.info.rows, 50);
  ASSERT_EQ(St(Write(id, o.attachment, "x")), Status::kOk);
  ASSERT_EQ(set->ShellInput(id, 1000, now), ShellAnswer::kAnswered);
  const InputAnswer& in = fx.inputs.back();
  EXPECT_TRUE(in.resized);
  EXPECT_EQ(in.cols, 132);
  EXPECT_EQ(in.rows, 50);
  EXPECT_EQ(in.bytes, "x");
  // Said once; the size stays in every later answer.
  ASSERT_EQ(set->ShellInput(id, 0, now), ShellAnswer::kAnswered);
  EXPECT_FALSE(fx.inputs.back().resized);
  EXPECT_EQ(fx.inputs.back().cols, 132);
  // Followers see it in info.
  const TerminalReply f = Attach(id, Mode::kFollower);
  EXPECT_EQ(f.info.cols, 132);
}

TEST_F(Calls, InfoSaysModeAndCursor) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ShellWrites(id, 100);
  ASSERT_EQ(Read(id, o.attachment, 0, 40).bytes.size(), 40u);
  ASSERT_EQ(Read(id, o.attachment, 40, 1).bytes.size(), 1u);
  const TerminalReply i = Info(id, o.attachment);
  ASSERT_EQ(St(i), Status::kOk);
  EXPECT_EQ(i.mode, TerminalModeCode::kOwner);
  EXPECT_EQ(i.cursor_seq, 40u);  // acknowledged by the second read's from_seq
  EXPECT_EQ(i.info.next_seq, 100u);
  EXPECT_EQ(i.info.oldest_seq, 0u);
  const TerminalReply f = Attach(id, Mode::kFollower, 7);
  const TerminalReply fi = Info(id, f.attachment);
  EXPECT_EQ(fi.mode, TerminalModeCode::kFollower);
  EXPECT_EQ(fi.cursor_seq, 7u);
}

TEST_F(Calls, CloseEndsTheTerminalAndItsShell) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  ASSERT_EQ(St(Close(id, o.attachment)), Status::kOk);
  ASSERT_EQ(fx.stopped.size(), 1u);
  EXPECT_EQ(fx.stopped[0], id);
  EXPECT_EQ(rings.held(), 0u);
  EXPECT_EQ(set->live_count(), 0u);
  for (uint32_t att : {o.attachment, f.attachment}) {
    EXPECT_EQ(St(Write(id, att, "x")), Status::kEnded);
    EXPECT_EQ(Read(id, att, 0).status, Status::kEnded);
    EXPECT_EQ(St(Close(id, att)), Status::kEnded);
    EXPECT_EQ(St(Detach(id, att)), Status::kEnded);
  }
  EXPECT_EQ(set->ShellInput(id, 0, now), ShellAnswer::kGone);
  EXPECT_EQ(set->ShellOutput(id, nullptr, 0, now), ShellAnswer::kGone);
  EXPECT_EQ(fx.stopped.size(), 1u);
}

}  // namespace
}  // namespace terminal_host::test
