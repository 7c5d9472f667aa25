#include "services/lib/remote-session/source_policy.h"

#include <gtest/gtest.h>

namespace remote_session {
namespace {

TEST(SourcePolicy, FreeFailuresThenGrowingCappedDelay) {
  SourcePolicy p;
  for (uint32_t i = 0; i < SourcePolicy::kFreeFailures; i++) EXPECT_EQ(p.RecordFailure(7, 100), 0u);
  EXPECT_EQ(p.RecordFailure(7, 100), 250u);
  EXPECT_EQ(p.RecordFailure(7, 100), 500u);
  EXPECT_EQ(p.RecordFailure(7, 100), 1000u);
  EXPECT_EQ(p.RecordFailure(7, 100), 2000u);
  for (int i = 0; i < 100; i++) EXPECT_EQ(p.RecordFailure(7, 100), SourcePolicy::kMaxDelayMs);
  EXPECT_EQ(p.failures(8, 100), 0u);  // another source is untouched
}

TEST(SourcePolicy, ForgetsAfterQuietPeriod) {
  SourcePolicy p;
  for (int i = 0; i < 6; i++) p.RecordFailure(1, 0);
  EXPECT_EQ(p.failures(1, SourcePolicy::kForgetMs + 1), 0u);
  EXPECT_EQ(p.RecordFailure(1, SourcePolicy::kForgetMs + 1), 0u);
}

TEST(SourcePolicy, BoundedTableForgetsTheOldest) {
  SourcePolicy p;
  for (uint64_t s = 0; s < SourcePolicy::kSlots; s++) p.RecordFailure(s, 10 + s);
  p.RecordFailure(1000, 5000);  // evicts source 0 (oldest last failure)
  EXPECT_EQ(p.failures(0, 5000), 0u);
  EXPECT_EQ(p.failures(1, 5000), 1u);
  EXPECT_EQ(p.failures(1000, 5000), 1u);
}

}  // namespace
}  // namespace remote_session
