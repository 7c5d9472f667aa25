#include "services/authority/backoff.h"

#include <gtest/gtest.h>

namespace authority {
namespace {

constexpr uint64_t kSec = 1'000'000'000;

TEST(BackoffTest, FreeFailuresThenDoublingDelayFromLastFailure) {
  Backoff b;
  uint64_t t = 10 * kSec;
  for (uint32_t i = 0; i < kFreeFailures; ++i) {
    b.record_failure("alice", 1, t);
    EXPECT_EQ(b.blocked_for("alice", t), 0u) << i;
  }
  b.record_failure("alice", 1, t);  // 4th: 1 s
  EXPECT_EQ(b.blocked_for("alice", t), kSec);
  EXPECT_EQ(b.blocked_for("alice", t + kSec / 2), kSec / 2);
  EXPECT_EQ(b.blocked_for("alice", t + kSec), 0u);
  t += kSec;
  b.record_failure("alice", 1, t);  // 5th: 2 s
  EXPECT_EQ(b.blocked_for("alice", t), 2 * kSec);
  b.record_failure("alice", 1, t);  // 6th: 4 s
  EXPECT_EQ(b.blocked_for("alice", t), 4 * kSec);
  // Only the principal blocks: bob, from alice's source, is free.
  EXPECT_EQ(b.blocked_for("bob", t), 0u);
}

TEST(BackoffTest, DelayIsCapped) {
  Backoff b;
  for (int i = 0; i < 100; ++i) b.record_failure("alice", 1, 5);
  EXPECT_EQ(b.blocked_for("alice", 5), kMaxDelayNs);
  EXPECT_EQ(b.principal_failures("alice"), 100u);
}

TEST(BackoffTest, SuccessClearsPrincipalButNotSource) {
  Backoff b;
  for (uint32_t i = 0; i <= kFreeFailures; ++i) b.record_failure("alice", 1, 0);
  b.record_success("alice");
  EXPECT_EQ(b.principal_failures("alice"), 0u);
  EXPECT_EQ(b.source_failures(1), kFreeFailures + 1);
  EXPECT_EQ(b.blocked_for("alice", 0), 0u);
}

TEST(BackoffTest, OldFailuresAreForgotten) {
  Backoff b;
  for (uint32_t i = 0; i < 10; ++i) b.record_failure("alice", 1, 0);
  b.record_failure("alice", 1, kForgetNs + 1);
  EXPECT_EQ(b.principal_failures("alice"), 1u);
  EXPECT_EQ(b.blocked_for("alice", kForgetNs + 1), 0u);
}

TEST(BackoffTest, FullTableReusesOldestEntry) {
  Backoff b;
  for (uint64_t s = 0; s < kBackoffSlots; ++s) b.record_failure("", 1000 + s, 100 + s);
  b.record_failure("", 5, 1000);
  EXPECT_EQ(b.source_failures(1000), 0u);  // oldest went
  EXPECT_EQ(b.source_failures(1001), 1u);
  EXPECT_EQ(b.source_failures(5), 1u);
}

// The bug: one client's wrong passwords for operator blocked every login
// from the shared source (alice, guest, anonymous) for minutes.
TEST(BackoffTest, RegressionGlobalLockoutSourceNeverBlocks) {
  Backoff b;
  for (int i = 0; i < 12; ++i) b.record_failure("operator", 7, 0);
  EXPECT_GT(b.blocked_for("operator", 0), 0u);  // per principal: stays
  EXPECT_EQ(b.blocked_for("alice", 0), 0u);
  EXPECT_EQ(b.blocked_for("", 0), 0u);   // guest / anonymous
  EXPECT_EQ(b.source_failures(7), 12u);  // still counted for the audit
}

TEST(BackoffTest, EmptyPrincipalIsNeverTracked) {
  Backoff b;
  for (int i = 0; i < 10; ++i) b.record_failure("", 1, 0);
  EXPECT_EQ(b.principal_failures(""), 0u);
  EXPECT_EQ(b.blocked_for("", 0), 0u);
}

}  // namespace
}  // namespace authority
