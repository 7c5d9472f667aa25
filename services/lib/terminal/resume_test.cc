// Resume exactness: an owner that disconnects at any point, losing the
// answer in flight or not, noticed by the terminal or not, and reattaches
// with the seq it has, ends up with every byte exactly once.
#include <gtest/gtest.h>

#include <vector>

#include "services/lib/terminal/attach.h"
#include "services/lib/terminal/test_bytes.h"
#include "services/lib/terminal/test_terminal.h"

namespace terminal {
namespace {

using test::Pattern;
using test::Terminal;

enum class Drop {
  kAnswerLost,   // the read's answer never reaches the client
  kAfterAnswer,  // the client got it, then the connection went
};

struct Script {
  size_t capacity;
  size_t total;  // bytes the shell writes in all
  Drop drop;
  bool noticed;       // the terminal saw the disconnect (Detach) or not
  int offline_steps;  // the shell keeps producing while nobody reads
};

// Drives the terminal step by step and disconnects the owner at
// `disconnect_at`. Returns what the client ended up with.
std::vector<uint8_t> Run(const Script& s, int disconnect_at, int* steps) {
  Terminal t(s.capacity);
  AttachId owner = t.Owner();
  std::vector<uint8_t> have;
  size_t produced = 0;
  int step = 0;
  auto produce = [&](size_t n) {
    n = n < s.total - produced ? n : s.total - produced;
    produced += t.Produce(n);
  };
  while (have.size() < s.total && step < 10000) {
    produce(1 + step % 7);
    test::Got got = t.Read(owner, have.size(), 1 + (step * 5) % 11);
    EXPECT_EQ(got.status, Status::kOk);
    EXPECT_EQ(got.r.skipped, 0u) << "the owner was skipped at step " << step;
    const bool lost = step == disconnect_at && s.drop == Drop::kAnswerLost;
    if (!lost) have.insert(have.end(), got.data.begin(), got.data.end());
    if (step == disconnect_at) {
      if (s.noticed) {
        EXPECT_EQ(t.table().Detach(owner, step), Status::kOk);
      }
      for (int i = 0; i < s.offline_steps; ++i) produce(1 + i % 5);
      AttachId back;
      EXPECT_EQ(t.table().Attach(Mode::kOwner, have.size(), !s.noticed, &back), Status::kOk);
      EXPECT_EQ(t.table().CheckInput(owner), Status::kDetached);
      owner = back;
    }
    ++step;
  }
  *steps = step;
  return have;
}

void CheckEveryDisconnectPoint(const Script& s) {
  int steps = 0;
  EXPECT_EQ(Run(s, -1, &steps), Pattern(0, s.total));
  for (int at = 0; at <= steps; ++at) {
    int ignored;
    ASSERT_EQ(Run(s, at, &ignored), Pattern(0, s.total)) << "disconnect at step " << at;
  }
}

TEST(Resume, AnswerLostAndNoticed) {
  CheckEveryDisconnectPoint(Script{16, 300, Drop::kAnswerLost, true, 0});
}

TEST(Resume, AnswerLostAndNotNoticed) {
  CheckEveryDisconnectPoint(Script{16, 300, Drop::kAnswerLost, false, 0});
}

TEST(Resume, AfterAnAnswer) {
  CheckEveryDisconnectPoint(Script{16, 300, Drop::kAfterAnswer, true, 0});
  CheckEveryDisconnectPoint(Script{16, 300, Drop::kAfterAnswer, false, 0});
}

TEST(Resume, WhileTheShellFloodsTheRing) {
  // Offline long enough to fill the ring: the shell pauses, and the
  // resume still gets every byte.
  CheckEveryDisconnectPoint(Script{8, 200, Drop::kAnswerLost, true, 20});
  CheckEveryDisconnectPoint(Script{5, 120, Drop::kAfterAnswer, false, 20});
  CheckEveryDisconnectPoint(Script{1, 40, Drop::kAnswerLost, true, 3});
}

TEST(Resume, AFollowerWithinTheRingGetsExactlyWhatItMissed) {
  Terminal t(64);
  AttachId owner = t.Owner();
  AttachId follower = t.Follower();
  t.Produce(10);
  test::Got got = t.Read(follower, 0);
  ASSERT_EQ(t.table().Detach(follower, 0), Status::kOk);
  t.Produce(20);
  t.Read(owner, 30, 0);
  AttachId back = t.Follower(got.r.next_seq);
  got = t.Read(back, got.r.next_seq);
  EXPECT_EQ(got.r.skipped, 0u);
  EXPECT_EQ(got.data, Pattern(10, 20));
}

}  // namespace
}  // namespace terminal
