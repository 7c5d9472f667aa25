#include "kernel/drivers/virtio_rng_check.h"

#include <gtest/gtest.h>

namespace virtio_rng {
namespace {

constexpr uint16_t kId = 0;
constexpr uint32_t kLen = 4096;

TEST(VirtioRngCheck, ProgressNoneOneOrCorrupt) {
  EXPECT_EQ(progress(0, 0), Progress::kNone);
  EXPECT_EQ(progress(7, 8), Progress::kOne);
  EXPECT_EQ(progress(0xffff, 0), Progress::kOne);  // wraps
  EXPECT_EQ(progress(0, 2), Progress::kCorrupt);   // two completions for one buffer
  EXPECT_EQ(progress(5, 4), Progress::kCorrupt);   // index moved backwards
  EXPECT_EQ(progress(0, 0x8000), Progress::kCorrupt);
}

TEST(VirtioRngCheck, AcceptsOneByteToFullBuffer) {
  uint32_t got = 0;
  EXPECT_EQ(check_used({kId, 1}, kId, kLen, &got), Verdict::kOk);
  EXPECT_EQ(got, 1u);
  EXPECT_EQ(check_used({kId, kLen}, kId, kLen, &got), Verdict::kOk);
  EXPECT_EQ(got, kLen);
}

TEST(VirtioRngCheck, RejectsForeignDescriptorId) {
  uint32_t got = 77;
  EXPECT_EQ(check_used({1, 16}, kId, kLen, &got), Verdict::kBadId);
  EXPECT_EQ(check_used({0xffffffffu, 16}, kId, kLen, &got), Verdict::kBadId);
  EXPECT_EQ(check_used({0x10000, 16}, kId, kLen, &got), Verdict::kBadId);  // no truncation to u16
  EXPECT_EQ(got, 77u);                                                     // untouched on rejection
}

TEST(VirtioRngCheck, RejectsLengthBeyondBuffer) {
  uint32_t got = 77;
  EXPECT_EQ(check_used({kId, kLen + 1}, kId, kLen, &got), Verdict::kTooLong);
  EXPECT_EQ(check_used({kId, 0xffffffffu}, kId, kLen, &got), Verdict::kTooLong);
  EXPECT_EQ(check_used({kId, 33}, kId, 32, &got), Verdict::kTooLong);
  EXPECT_EQ(got, 77u);
}

TEST(VirtioRngCheck, EmptyCompletionIsNotData) {
  uint32_t got = 77;
  EXPECT_EQ(check_used({kId, 0}, kId, kLen, &got), Verdict::kEmpty);
  EXPECT_EQ(got, 77u);
}

TEST(VirtioRngCheck, VerdictsHaveNames) {
  EXPECT_STREQ(verdict_name(Verdict::kOk), "ok");
  EXPECT_STREQ(verdict_name(Verdict::kBadId), "bad descriptor id");
  EXPECT_STREQ(verdict_name(Verdict::kTooLong), "length beyond the buffer");
  EXPECT_STREQ(verdict_name(Verdict::kEmpty), "empty completion");
}

}  // namespace
}  // namespace virtio_rng
