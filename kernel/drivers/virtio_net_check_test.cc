#include "kernel/drivers/virtio_net_check.h"

#include <gtest/gtest.h>

namespace virtio_net {
namespace {

constexpr uint32_t kBufs = 4;
constexpr uint32_t kBufSize = 2048;
const bool kAllOwned[kBufs] = {true, true, true, true};

TEST(VirtioNetCheck, AcceptsMinimalAndMaximalFrames) {
  uint32_t off = 99, len = 99;
  EXPECT_EQ(check_rx({0, kNetHdrSize + kEthHdrSize}, kBufs, kBufSize, kAllOwned, &off, &len),
            Verdict::kOk);
  EXPECT_EQ(off, kNetHdrSize);
  EXPECT_EQ(len, kEthHdrSize);
  EXPECT_EQ(check_rx({3, kNetHdrSize + kMaxFrame}, kBufs, kBufSize, kAllOwned, &off, &len),
            Verdict::kOk);
  EXPECT_EQ(len, kMaxFrame);
}

TEST(VirtioNetCheck, RejectsIdOutOfRange) {
  uint32_t off = 0, len = 0;
  EXPECT_EQ(check_rx({kBufs, 100}, kBufs, kBufSize, kAllOwned, &off, &len), Verdict::kBadId);
  EXPECT_EQ(check_rx({0xffffffffu, 100}, kBufs, kBufSize, kAllOwned, &off, &len), Verdict::kBadId);
}

TEST(VirtioNetCheck, RejectsBufferNotWithDevice) {
  const bool owned[kBufs] = {true, false, true, true};
  uint32_t off = 0, len = 0;
  EXPECT_EQ(check_rx({1, 100}, kBufs, kBufSize, owned, &off, &len), Verdict::kNotOwned);
}

TEST(VirtioNetCheck, RejectsShortFrames) {
  uint32_t off = 0, len = 0;
  EXPECT_EQ(check_rx({0, 0}, kBufs, kBufSize, kAllOwned, &off, &len), Verdict::kTooShort);
  EXPECT_EQ(check_rx({0, kNetHdrSize}, kBufs, kBufSize, kAllOwned, &off, &len), Verdict::kTooShort);
  EXPECT_EQ(check_rx({0, kNetHdrSize + kEthHdrSize - 1}, kBufs, kBufSize, kAllOwned, &off, &len),
            Verdict::kTooShort);
}

TEST(VirtioNetCheck, RejectsLengthBeyondBufferOrFrame) {
  uint32_t off = 0, len = 0;
  EXPECT_EQ(check_rx({0, kBufSize + 1}, kBufs, kBufSize, kAllOwned, &off, &len), Verdict::kTooLong);
  EXPECT_EQ(check_rx({0, 0xffffffffu}, kBufs, kBufSize, kAllOwned, &off, &len), Verdict::kTooLong);
  // Fits the 2 KiB buffer but is no Ethernet frame we negotiated.
  EXPECT_EQ(check_rx({0, kNetHdrSize + kMaxFrame + 1}, kBufs, kBufSize, kAllOwned, &off, &len),
            Verdict::kTooLong);
  // A buffer smaller than a full frame bounds the length by itself.
  EXPECT_EQ(check_rx({0, 200}, kBufs, 128, kAllOwned, &off, &len), Verdict::kTooLong);
}

TEST(VirtioNetCheck, UsedIndexWrapsAndDetectsCorruption) {
  EXPECT_EQ(new_used(10, 10, 256), 0);
  EXPECT_EQ(new_used(10, 12, 256), 2);
  EXPECT_EQ(new_used(0xfffe, 3, 256), 5);  // wrapped
  EXPECT_EQ(new_used(0, 256, 256), 256);
  EXPECT_EQ(new_used(0, 257, 256), -1);  // more than the ring holds
  EXPECT_EQ(new_used(5, 4, 256), -1);    // went backwards
}

TEST(VirtioNetCheck, TxCompletionMustNameBufferInFlight) {
  const bool in_flight[kBufs] = {false, true, false, false};
  EXPECT_EQ(check_tx({1, 0}, kBufs, in_flight), Verdict::kOk);
  EXPECT_EQ(check_tx({0, 0}, kBufs, in_flight), Verdict::kNotOwned);
  EXPECT_EQ(check_tx({kBufs, 0}, kBufs, in_flight), Verdict::kBadId);
}

TEST(VirtioNetCheck, VerdictNamesAreDistinct) {
  EXPECT_STRNE(verdict_name(Verdict::kBadId), verdict_name(Verdict::kTooLong));
  EXPECT_STREQ(verdict_name(Verdict::kOk), "ok");
}

}  // namespace
}  // namespace virtio_net
