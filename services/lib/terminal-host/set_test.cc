// The set: open, attach, list, their denials and limits, ids, and
// attachment numbers that were never handed out.
#include "services/lib/terminal-host/test_host.h"

namespace terminal_host::test {
namespace {

using Set = Host;
using terminal::Mode;

TEST_F(Set, OpenSpawnsTheShellAndAttachesTheCallerAsOwner) {
  const TerminalReply r = Open(100, 30);
  ASSERT_EQ(St(r), Status::kOk);
  EXPECT_EQ(r.terminal_id, 1u);
  EXPECT_EQ(r.mode, TerminalModeCode::kOwner);
  EXPECT_NE(r.attachment, 0u);
  EXPECT_EQ(r.info.id, 1u);
  EXPECT_EQ(r.info.cols, 100);
  EXPECT_EQ(r.info.rows, 30);
  EXPECT_EQ(r.info.state, TerminalStateCode::kRunning);
  EXPECT_TRUE(r.info.owner_attached);
  EXPECT_EQ(r.info.grace_ms, 60000u);
  ASSERT_EQ(fx.spawned.size(), 1u);
  EXPECT_EQ(fx.spawned[0].id, 1u);
  EXPECT_EQ(fx.spawned[0].cols, 100);
  EXPECT_EQ(fx.spawned[0].rows, 30);
  EXPECT_EQ(rings.held(), 1u);
  EXPECT_EQ(set->live_count(), 1u);
}

TEST_F(Set, OpenRefusesBadSizesAndChangesNothing) {
  for (auto [c, r] : {std::pair{9, 24}, {501, 24}, {80, 2}, {80, 201}, {0, 0}}) {
    const TerminalReply rep = Open(static_cast<uint16_t>(c), static_cast<uint16_t>(r));
    EXPECT_EQ(St(rep), Status::kBadSize) << c << "x" << r;
    EXPECT_EQ(rep.limit, 0u);
  }
  EXPECT_EQ(St(Open(10, 3)), Status::kOk);
  EXPECT_EQ(St(Open(500, 200)), Status::kOk);
  EXPECT_EQ(fx.spawned.size(), 2u);
}

TEST_F(Set, AtMostMaxTerminalsWithTheLimitInTheDenial) {
  for (uint32_t i = 1; i <= 4; ++i) EXPECT_EQ(Open().terminal_id, i);
  const TerminalReply r = Open();
  EXPECT_EQ(St(r), Status::kTooManyTerminals);
  EXPECT_EQ(r.limit, 4u);
  EXPECT_EQ(fx.spawned.size(), 4u);
  EXPECT_EQ(rings.held(), 4u);
}

TEST_F(Set, RunningOutOfRingStorageIsTooManyTerminals) {
  rings.set_max_blocks(1);
  ASSERT_EQ(St(Open()), Status::kOk);
  const TerminalReply r = Open();
  EXPECT_EQ(St(r), Status::kTooManyTerminals);
  EXPECT_EQ(r.limit, 1u);  // the bound actually hit: one terminal
  EXPECT_EQ(fx.spawned.size(), 1u);
}

TEST_F(Set, IdsAreNeverReusedAndEndedOnesSayEnded) {
  const TerminalReply a = Open();
  ASSERT_EQ(St(Close(a.terminal_id, a.attachment)), Status::kOk);
  EXPECT_EQ(rings.held(), 0u);
  const TerminalReply b = Open();
  EXPECT_EQ(b.terminal_id, 2u);
  // The old id and attachment: ended, never the new terminal.
  EXPECT_EQ(St(Info(1, a.attachment)), Status::kEnded);
  EXPECT_EQ(St(Attach(1, Mode::kFollower)), Status::kEnded);
  // Ids never handed out: unknownTerminal.
  EXPECT_EQ(St(Attach(3, Mode::kFollower)), Status::kUnknownTerminal);
  EXPECT_EQ(St(Attach(0, Mode::kFollower)), Status::kUnknownTerminal);
  EXPECT_EQ(St(Write(77, b.attachment, "x")), Status::kUnknownTerminal);
}

TEST_F(Set, AttachModesAndDenials) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  EXPECT_EQ(St(Attach(id, Mode::kOwner)), Status::kOwnerAttached);
  Make(Limits{60000, 2, kMaxParkedReads, 4, 1024});
  const uint32_t t = Open().terminal_id;
  const TerminalReply f1 = Attach(t, Mode::kFollower);
  ASSERT_EQ(St(f1), Status::kOk);
  EXPECT_EQ(f1.mode, TerminalModeCode::kFollower);
  EXPECT_EQ(f1.info.followers, 1u);
  ASSERT_EQ(St(Attach(t, Mode::kFollower)), Status::kOk);
  const TerminalReply f3 = Attach(t, Mode::kFollower);
  EXPECT_EQ(St(f3), Status::kTooManyFollowers);
  EXPECT_EQ(f3.limit, 2u);
  EXPECT_EQ(St(Attach(t, Mode::kFollower, 5)), Status::kFutureSeq);
}

TEST_F(Set, ReplaceOwnerMakesTheOldAttachmentDetached) {
  const TerminalReply o = Open();
  const TerminalReply n = Attach(o.terminal_id, Mode::kOwner, 0, true);
  ASSERT_EQ(St(n), Status::kOk);
  EXPECT_NE(n.attachment, o.attachment);
  EXPECT_EQ(St(Write(o.terminal_id, o.attachment, "x")), Status::kDetached);
  EXPECT_EQ(St(Write(o.terminal_id, n.attachment, "x")), Status::kOk);
}

TEST_F(Set, ListIsEveryLiveTerminalInIdOrder) {
  EXPECT_EQ(List().terminal_count, 0u);
  const TerminalReply a = Open(), b = Open(), c = Open();
  ASSERT_EQ(St(Close(b.terminal_id, b.attachment)), Status::kOk);
  const TerminalReply d = Open(120, 40);  // takes b's slot, id 4
  ASSERT_EQ(d.terminal_id, 4u);
  const TerminalReply l = List();
  EXPECT_EQ(St(l), Status::kOk);
  ASSERT_EQ(l.terminal_count, 3u);
  EXPECT_EQ(l.terminals[0].id, a.terminal_id);
  EXPECT_EQ(l.terminals[1].id, c.terminal_id);
  EXPECT_EQ(l.terminals[2].id, 4u);
  EXPECT_EQ(l.terminals[2].cols, 120);
}

TEST_F(Set, ForgedAttachmentsAnswerDetachedAndTouchNothing) {
  const TerminalReply o = Open();
  const uint32_t id = o.terminal_id;
  const TerminalReply f = Attach(id, Mode::kFollower);
  ASSERT_EQ(St(f), Status::kOk);
  const size_t events = fx.events.size();
  for (uint32_t forged : {0u, 1u, 0xFFFFFFFFu, o.attachment ^ 0x10u, o.attachment + 1,
                          f.attachment + 0x10u, (o.attachment & ~0xFu) | 9u, 15u}) {
    SCOPED_TRACE(forged);
    EXPECT_EQ(St(Write(id, forged, "rm -rf /\r")), Status::kDetached);
    EXPECT_EQ(St(Resize(id, forged, 90, 30)), Status::kDetached);
    EXPECT_EQ(St(Info(id, forged)), Status::kDetached);
    EXPECT_EQ(Read(id, forged, 0, 0, 1000, 9).status, Status::kDetached);
    EXPECT_EQ(St(Detach(id, forged)), Status::kDetached);
    EXPECT_EQ(St(Close(id, forged)), Status::kDetached);
  }
  EXPECT_EQ(fx.events.size(), events);  // no input, no stop, no parked read
  EXPECT_EQ(set->parked_read_count(), 0u);
  const TerminalReply i = Info(id, o.attachment);
  EXPECT_EQ(St(i), Status::kOk);
  EXPECT_EQ(i.info.cols, 80);
  EXPECT_EQ(i.info.followers, 1u);
  EXPECT_EQ(St(Info(id, f.attachment)), Status::kOk);
}

TEST_F(Set, AttachmentNumbersRoundTrip) {
  for (uint32_t slot = 0; slot <= terminal::kMaxFollowers; ++slot) {
    for (uint32_t gen : {1u, 2u, 12345u, (1u << 28) - 1}) {
      const terminal::AttachId back = DecodeAttachment(EncodeAttachment({slot, gen}));
      EXPECT_EQ(back.slot, slot);
      EXPECT_EQ(back.generation, gen);
    }
  }
  EXPECT_EQ(DecodeAttachment(0).generation, 0u);  // names nothing
}

}  // namespace
}  // namespace terminal_host::test
