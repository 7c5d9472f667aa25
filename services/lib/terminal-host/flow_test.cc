// Flow control through the set: an owner that lags pauses the shell's
// output call (never drops it), its reads release it, a follower is
// skipped and never pauses anyone, and a resume is exact. Real 256 KiB
// rings, flooded far past their size.
#include <algorithm>

#include "services/lib/terminal-host/test_host.h"

namespace terminal_host::test {
namespace {

using Flow = Host;
using terminal::Mode;
using terminal::test::Pattern;

std::string PatternText(uint64_t seq, size_t n) {
  const std::vector<uint8_t> p = Pattern(seq, n);
  return std::string(p.begin(), p.end());
}

TEST_F(Flow, OwnerLagPausesTheShellAndItsReadsReleaseIt) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  // 64 full output calls fill the 256 KiB ring; the 65th waits.
  for (int i = 0; i < 64; ++i) ASSERT_EQ(ShellWrites(id, kMaxOutputBytes), ShellAnswer::kAnswered);
  EXPECT_EQ(fx.outputs.size(), 64u);
  ASSERT_EQ(ShellWrites(id, kMaxOutputBytes), ShellAnswer::kParked);
  EXPECT_EQ(fx.outputs.size(), 64u);  // AnswerOutput not called: paused
  EXPECT_TRUE(Info(id, o.attachment).info.paused);
  // Reading alone acknowledges nothing; the next read's from_seq does.
  Got g = Read(id, o.attachment, 0, 1000);
  ASSERT_EQ(g.bytes, PatternText(0, 1000));
  EXPECT_EQ(fx.outputs.size(), 64u);
  g = Read(id, o.attachment, 1000, 1000);  // frees 1000: part of the call goes in
  ASSERT_EQ(g.bytes, PatternText(1000, 1000));
  EXPECT_EQ(fx.outputs.size(), 64u);
  EXPECT_EQ(Info(id, o.attachment).info.next_seq, 262144u + 1000);
  g = Read(id, o.attachment, 5000, 1);  // 4000 more: the rest (3096) fits
  EXPECT_EQ(fx.outputs.size(), 65u);
  EXPECT_EQ(Info(id, o.attachment).info.next_seq, 65u * 4096);
}

TEST_F(Flow, AFloodFarBeyondTheRingReachesTheOwnerByteExact) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  const uint64_t total = 3 * 1024 * 1024 + 123;  // twelve rings' worth
  uint64_t have = 0, follower = 0, skipped = 0;
  std::string owner_got;
  bool parked = false;
  size_t calls = 0;
  int turn = 0;
  while (have < total) {
    // The shell writes whenever its previous output call was answered.
    if (!parked && shell_seq[id] < total) {
      const size_t n = std::min<uint64_t>(kMaxOutputBytes - (turn % 7) * 13, total - shell_seq[id]);
      parked = ShellWrites(id, n) == ShellAnswer::kParked;
      ++calls;
    }
    // The owner reads now and then, in odd sizes; the follower rarely.
    if (++turn % 5 == 0) {
      const Got g = Read(id, o.attachment, have, 3000 + turn % 5000);
      ASSERT_EQ(g.status, Status::kOk);
      ASSERT_EQ(g.skipped, 0u);
      owner_got += g.bytes;
      have = g.next_seq;
      if (parked && fx.outputs.size() == calls) parked = false;  // released
    }
    if (turn % 97 == 0) {
      const Got g = Read(id, f.attachment, follower);
      ASSERT_EQ(g.status, Status::kOk);
      skipped += g.skipped;
      follower = g.next_seq;
    }
    ASSERT_LT(turn, 10000000);
  }
  EXPECT_EQ(owner_got.size(), total);
  EXPECT_TRUE(owner_got == PatternText(0, total));  // no byte lost, duplicated or moved
  EXPECT_EQ(fx.outputs.size(), calls);              // every output call answered once all was taken
  EXPECT_GT(skipped, 0u);                           // the follower fell behind and was skipped
}

TEST_F(Flow, ASkippedFollowerSeesTheMarkerAndNeverPausesTheOwner) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  uint64_t have = 0;
  // The owner keeps up; the follower never reads while 600 KiB go by.
  for (int i = 0; i < 150; ++i) {
    ASSERT_EQ(ShellWrites(id, kMaxOutputBytes), ShellAnswer::kAnswered) << i;
    OwnerCatchesUp(id, o.attachment, &have);
  }
  EXPECT_EQ(have, 150u * 4096);
  const Got g = Read(id, f.attachment, 0, 100);
  ASSERT_EQ(g.status, Status::kOk);
  EXPECT_EQ(g.skipped, 150u * 4096 - 262144);
  const std::string marker =
      "\x18\x1b[0;2m\r\n[... " + std::to_string(g.skipped) + " bytes skipped ...]\x1b[0m\r\n";
  ASSERT_GT(g.bytes.size(), marker.size());
  EXPECT_EQ(g.bytes.substr(0, marker.size()), marker);
  EXPECT_EQ(g.bytes.substr(marker.size()), PatternText(g.skipped, 100));
  EXPECT_EQ(g.next_seq, g.skipped + 100);
}

TEST_F(Flow, AResumeGetsExactlyTheBytesMissedWhileTheShellPaused) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  ASSERT_EQ(ShellWrites(id, 1000), ShellAnswer::kAnswered);
  Got g = Read(id, o.attachment, 0, 600);
  ASSERT_EQ(g.bytes, PatternText(0, 600));
  const uint64_t last = g.next_seq;  // the client's last seq; then the connection drops
  ASSERT_EQ(St(Detach(id, o.attachment)), Status::kOk);
  EXPECT_EQ(Info(id, o.attachment).status, ToCode(Status::kDetached));
  // The shell keeps writing while nobody owns the terminal, until paused.
  int answered = 0;
  while (ShellWrites(id, kMaxOutputBytes) == ShellAnswer::kAnswered) ++answered;
  // The read from 0 acknowledged nothing, so all 1000 bytes stay reserved.
  EXPECT_EQ(answered, 63);
  const TerminalReply l = List();
  ASSERT_EQ(l.terminal_count, 1u);
  EXPECT_TRUE(l.terminals[0].paused);
  EXPECT_EQ(l.terminals[0].state, TerminalStateCode::kDetached);
  // Reattach with the last seq: exactly what was missed, and the shell goes on.
  now += 1000;
  const TerminalReply r = Attach(id, Mode::kOwner, last);
  ASSERT_EQ(St(r), Status::kOk);
  EXPECT_EQ(r.info.state, TerminalStateCode::kRunning);
  uint64_t have = last;
  while (have < shell_seq[id]) {
    const uint64_t before = have;
    OwnerCatchesUp(id, r.attachment, &have);
    ASSERT_GT(have, before);
  }
  EXPECT_EQ(have, shell_seq[id]);
  EXPECT_EQ(fx.outputs.size(), static_cast<size_t>(answered) + 2);
}

}  // namespace
}  // namespace terminal_host::test
