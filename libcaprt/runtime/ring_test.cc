// Ring client logic against a fake kernel that completes NOPs, stops
// consuming when the CQ is full (backpressure), and can be told to hold
// completions back.
#include "libcaprt/runtime/ring.h"

#include "libcaprt/runtime/async.h"

#include <gtest/gtest.h>

#include <vector>

namespace caprt {
namespace {

alignas(4096) unsigned char g_page[abi::kRingPages * abi::kPageSize];
bool g_hold = false;  // when set, the fake kernel consumes nothing
int g_enters = 0;

abi::RingHeader* H() {
  return reinterpret_cast<abi::RingHeader*>(g_page);
}
abi::Sqe* Sq() {
  return reinterpret_cast<abi::Sqe*>(g_page + abi::kSqOffset);
}
abi::Cqe* Cq() {
  return reinterpret_cast<abi::Cqe*>(g_page + abi::kCqOffset);
}

int64_t FakeEnter(uint64_t, uint64_t) {
  ++g_enters;
  abi::RingHeader* h = H();
  while (!g_hold && h->sq_head != h->sq_tail && h->cq_tail - h->cq_head < abi::kCqEntries) {
    abi::Sqe sqe = Sq()[h->sq_head++ & (abi::kSqEntries - 1)];
    abi::Cqe cqe = {};
    cqe.user_data = sqe.user_data;
    cqe.status = sqe.opcode == static_cast<uint8_t>(abi::Op::kNop) ? 0 : -1;
    Cq()[h->cq_tail++ & (abi::kCqEntries - 1)] = cqe;
  }
  return h->cq_tail - h->cq_head;
}

class RingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    memset(g_page, 0, sizeof(g_page));
    g_hold = false;
    g_enters = 0;
    H()->magic = abi::kRingMagic;
    H()->abi_version = abi::kAbiVersion;
    H()->sq_entries = abi::kSqEntries;
    H()->cq_entries = abi::kCqEntries;
    H()->sq_offset = abi::kSqOffset;
    H()->cq_offset = abi::kCqOffset;
    // Start near the uint32 wrap so every test crosses it.
    H()->sq_head = H()->sq_tail = 0xffffffc0u;
    H()->cq_head = H()->cq_tail = 0xffffff80u;
  }
  abi::Sqe Nop(uint64_t ud) {
    abi::Sqe s = {};
    s.opcode = static_cast<uint8_t>(abi::Op::kNop);
    s.user_data = ud;
    return s;
  }
  Ring ring_;
};

TEST_F(RingTest, AttachRejectsBadHeaders) {
  H()->magic = 0;
  EXPECT_EQ(ring_.Attach(g_page, FakeEnter).error(), abi::Error::kAbiMismatch);
  H()->magic = abi::kRingMagic;
  H()->abi_version = abi::kAbiVersion + 1;
  EXPECT_EQ(ring_.Attach(g_page, FakeEnter).error(), abi::Error::kAbiMismatch);
  H()->abi_version = abi::kAbiVersion;
  H()->sq_entries = 64;
  EXPECT_EQ(ring_.Attach(g_page, FakeEnter).error(), abi::Error::kBadLength);
  EXPECT_FALSE(ring_.attached());
}

TEST_F(RingTest, SubmitFillsThenRefuses) {
  ASSERT_TRUE(ring_.Attach(g_page, FakeEnter).ok());
  for (uint32_t i = 0; i < abi::kSqEntries; ++i) ASSERT_TRUE(ring_.Submit(Nop(i + 1)));
  EXPECT_EQ(ring_.SqFree(), 0u);
  EXPECT_FALSE(ring_.Submit(Nop(999)));
  EXPECT_EQ(ring_.Enter(0, 0), static_cast<int64_t>(abi::kSqEntries));
  EXPECT_EQ(ring_.SqFree(), abi::kSqEntries);
  abi::Cqe c;
  for (uint32_t i = 0; i < abi::kSqEntries; ++i) {
    ASSERT_TRUE(ring_.Pop(&c));
    EXPECT_EQ(c.user_data, i + 1);
  }
  EXPECT_FALSE(ring_.Pop(&c));
}

TEST_F(RingTest, CorruptTailMeansNoRoom) {
  ASSERT_TRUE(ring_.Attach(g_page, FakeEnter).ok());
  H()->sq_tail = H()->sq_head + abi::kSqEntries + 5;
  EXPECT_EQ(ring_.SqFree(), 0u);
  EXPECT_FALSE(ring_.Submit(Nop(1)));
}

TEST_F(RingTest, CorruptCqTailIsNotTrusted) {
  ASSERT_TRUE(ring_.Attach(g_page, FakeEnter).ok());
  H()->cq_tail = H()->cq_head + abi::kCqEntries + 1;
  abi::Cqe c;
  EXPECT_EQ(ring_.CqReady(), 0u);
  EXPECT_FALSE(ring_.PopRing(&c));
}

TEST_F(RingTest, WaitStashesOthersInOrder) {
  ASSERT_TRUE(ring_.Attach(g_page, FakeEnter).ok());
  for (uint64_t ud = 1; ud <= 5; ++ud) ASSERT_TRUE(ring_.Submit(Nop(ud)));
  Result<abi::Cqe> c = ring_.Wait(4);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value().user_data, 4u);
  EXPECT_EQ(ring_.stashed(), 3u);  // 1, 2, 3 stashed; 5 still in the ring
  std::vector<uint64_t> order;
  abi::Cqe cqe;
  while (ring_.Pop(&cqe)) order.push_back(cqe.user_data);
  EXPECT_EQ(order, (std::vector<uint64_t>{1, 2, 3, 5}));
}

TEST_F(RingTest, WaitTimesOutWhenNothingArrives) {
  ASSERT_TRUE(ring_.Attach(g_page, FakeEnter).ok());
  g_hold = true;
  ASSERT_TRUE(ring_.Submit(Nop(7)));
  Result<abi::Cqe> c = ring_.Wait(7, 1000);
  EXPECT_EQ(c.error(), abi::Error::kTimedOut);
}

TEST_F(RingTest, SubmitAndWaitDrainsAFullCq) {
  ASSERT_TRUE(ring_.Attach(g_page, FakeEnter).ok());
  // 300 NOPs with nobody reading: the CQ fills, then the SQ.
  uint32_t submitted = 0;
  while (submitted < 300 && ring_.Submit(Nop(1000 + submitted))) {
    ++submitted;
    if (ring_.SqFree() == 0) ring_.Enter(0, 0);
  }
  EXPECT_EQ(ring_.CqReady(), abi::kCqEntries);
  // SubmitAndWait must move CQEs to the stash to make room, losing none, and
  // give up with kBusy rather than drop when the stash is full.
  Result<abi::Cqe> c = ring_.SubmitAndWait(Nop(42), 1000);
  EXPECT_EQ(c.error(), abi::Error::kBusy);
  size_t seen = 0;
  bool saw_42 = false;
  abi::Cqe cqe;
  for (uint64_t want = 1000; ring_.Pop(&cqe);) {
    if (cqe.user_data == 42) {
      saw_42 = true;
    } else {
      EXPECT_EQ(cqe.user_data, want++);
      ++seen;
    }
    if (ring_.stashed() == 0 && ring_.CqReady() == 0) ring_.Enter(0, 0);
  }
  EXPECT_EQ(seen, submitted + 0u);
  EXPECT_TRUE(saw_42);
}

// A sleep nothing could end: no SQE left, no CQE in the ring.
int g_stuck_sleeps = 0;
int64_t EnterCountingStuckSleeps(uint64_t min_complete, uint64_t timeout_ns) {
  int64_t ready = FakeEnter(min_complete, timeout_ns);
  if (min_complete > 0 && ready == 0 && timeout_ns == abi::kWaitForever) ++g_stuck_sleeps;
  return ready;
}

// An event loop's idle step may make a synchronous call (an EventClock
// re-anchoring with Timer.now); what that call stashed must come out of
// Next() without a sleep, because cap_enter does not count the stash.
TEST_F(RingTest, NextTakesWhatIdleStashedWithoutSleeping) {
  Ring& ring = DefaultRing();
  ASSERT_TRUE(ring.Attach(g_page, EnterCountingStuckSleeps).ok());
  g_stuck_sleeps = 0;
  ASSERT_TRUE(ring.Submit(Nop(7)));
  int idles = 0;
  Result<abi::Cqe> next = async::Next([&] {
    if (idles++ == 0) {
      ASSERT_TRUE(ring.SubmitAndWait(Nop(ring.NextUserData())).ok());
    }
  });
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next.value().user_data, 7u);
  EXPECT_EQ(g_stuck_sleeps, 0);
  EXPECT_EQ(ring.stashed(), 0u);
}

}  // namespace
}  // namespace caprt

namespace caprt {
namespace {

// Regression (echo closed a live connection after 85 others): the runtime's
// own tags must never meet an event loop's tags below kRuntimeUserData.
TEST(RingUserData, RuntimeTagsAreMarkedAndNeverZero) {
  Ring ring;
  for (int i = 0; i < 1000; ++i) {
    uint64_t ud = ring.NextUserData();
    EXPECT_NE(ud, 0u);
    EXPECT_TRUE(ud & Ring::kRuntimeUserData);
  }
}

}  // namespace
}  // namespace caprt
