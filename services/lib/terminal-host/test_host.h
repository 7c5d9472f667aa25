// Host-test fixture: a TerminalSet over FakeEffects and FakeRings, with
// calls that read like a client's and a shell's. Status codes are compared
// as terminal::Status (same numbering, codes.h).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/lib/terminal-host/codes.h"
#include "services/lib/terminal-host/fake_effects.h"
#include "services/lib/terminal-host/terminal_set.h"
#include "services/lib/terminal/test_bytes.h"

namespace terminal_host::test {

using remote_session::TerminalOp;
using remote_session::TerminalReply;
using remote_session::TerminalRequest;
using terminal::Status;
using Kind = FakeEffects::Kind;

inline Status St(const TerminalReply& r) {
  return static_cast<Status>(r.status);
}

// What a client's read got (immediate or, with Pending(), completed later).
struct Got {
  Outcome outcome = Outcome::kDone;
  Status status = Status::kOk;
  std::string bytes;
  uint64_t next_seq = 0;
  uint64_t skipped = 0;
  bool more = false;
};

class Host : public ::testing::Test {
 protected:
  Host() { Make(Limits{}); }

  // Rebuilds the set (e.g. with other limits); events are cleared.
  void Make(const Limits& limits);

  TerminalReply Do(const TerminalRequest& q, Outcome* outcome = nullptr, uint32_t tag = 0);
  TerminalReply Open(uint16_t cols = 80, uint16_t rows = 24);
  TerminalReply Attach(uint32_t id, terminal::Mode mode, uint64_t seq = 0, bool replace = false);
  TerminalReply List();
  TerminalReply Write(uint32_t id, uint32_t att, const std::string& bytes);
  TerminalReply Resize(uint32_t id, uint32_t att, uint16_t cols, uint16_t rows);
  TerminalReply Info(uint32_t id, uint32_t att);
  TerminalReply Detach(uint32_t id, uint32_t att);
  TerminalReply Close(uint32_t id, uint32_t att);
  Got Read(uint32_t id, uint32_t att, uint64_t from, uint32_t max = 0, uint32_t wait_ms = 0,
           uint32_t tag = 0);
  // The CompleteRead answer for `tag`; fails the test unless exactly one.
  Got Completed(uint32_t tag);

  // The shell writes `n` pattern bytes of its stream (the stream's seq is
  // the ring's), as one ShellHost.output call of at most kMaxOutputBytes.
  ShellAnswer ShellWrites(uint32_t id, size_t n);
  ShellAnswer ShellWritesText(uint32_t id, const std::string& s);

  // The owner reads until it has everything the ring holds (wait 0),
  // checking each byte against the pattern from `*have`.
  void OwnerCatchesUp(uint32_t id, uint32_t att, uint64_t* have);

  FakeEffects fx;
  FakeRings rings;
  std::unique_ptr<TerminalSet> set;
  uint64_t now = 1000;
  uint64_t shell_seq[8] = {};  // per terminal id: the shell's next pattern seq
};

}  // namespace terminal_host::test
