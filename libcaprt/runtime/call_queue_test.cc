#include "libcaprt/runtime/call_queue.h"

#include <gtest/gtest.h>

#include <vector>

namespace caprt {
namespace {

std::vector<uint64_t> submitted;
void Record(const abi::Sqe& sqe) {
  submitted.push_back(sqe.user_data);
}

abi::Sqe Tagged(uint64_t tag) {
  abi::Sqe s = {};
  s.user_data = tag;
  return s;
}

TEST(CallQueue, WindowThenFifo) {
  submitted.clear();
  CallQueue q(2, Record);
  for (uint64_t t = 1; t <= 5; ++t) ASSERT_TRUE(q.Submit(Tagged(t)));
  EXPECT_EQ(submitted, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(q.in_flight(), 2u);
  EXPECT_EQ(q.queued(), 3u);
  q.Completed();
  EXPECT_EQ(submitted, (std::vector<uint64_t>{1, 2, 3}));
  q.Completed();
  q.Completed();
  EXPECT_EQ(submitted, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  q.Completed();
  q.Completed();
  EXPECT_EQ(q.in_flight(), 0u);
  // A fresh SQE goes straight out again.
  ASSERT_TRUE(q.Submit(Tagged(6)));
  EXPECT_EQ(submitted.back(), 6u);
}

TEST(CallQueue, NewSqesNeverOvertakeQueuedOnes) {
  submitted.clear();
  CallQueue q(1, Record);
  q.Submit(Tagged(1));
  q.Submit(Tagged(2));
  q.Completed();  // 2 goes out
  q.Submit(Tagged(3));
  EXPECT_EQ(submitted, (std::vector<uint64_t>{1, 2}));
  q.Completed();
  EXPECT_EQ(submitted, (std::vector<uint64_t>{1, 2, 3}));
}

TEST(CallQueue, UnqueueKeepsTheOrderOfTheRest) {
  submitted.clear();
  CallQueue q(1, Record);
  for (uint64_t t = 1; t <= 4; ++t) q.Submit(Tagged(t));
  EXPECT_TRUE(q.Unqueue(3));
  EXPECT_FALSE(q.Unqueue(1));  // in flight: its CQE still comes
  EXPECT_FALSE(q.Unqueue(9));
  q.Completed();
  q.Completed();
  EXPECT_EQ(submitted, (std::vector<uint64_t>{1, 2, 4}));
}

TEST(CallQueue, FullQueueRefusesAndKeepsEverything) {
  submitted.clear();
  CallQueue q(1, Record);
  ASSERT_TRUE(q.Submit(Tagged(1)));
  for (uint32_t i = 0; i < CallQueue::kMaxQueued; ++i) ASSERT_TRUE(q.Submit(Tagged(100 + i)));
  EXPECT_FALSE(q.Submit(Tagged(999)));
  EXPECT_EQ(q.queued(), CallQueue::kMaxQueued);
  for (uint32_t i = 0; i <= CallQueue::kMaxQueued; ++i) q.Completed();
  EXPECT_EQ(submitted.size(), CallQueue::kMaxQueued + 1);
  EXPECT_EQ(submitted.back(), 100 + CallQueue::kMaxQueued - 1);
}

}  // namespace
}  // namespace caprt
