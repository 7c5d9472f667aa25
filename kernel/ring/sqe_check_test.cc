#include "kernel/ring/sqe_check.h"

#include <gtest/gtest.h>

#include "kernel/ring/ring_queue.h"

namespace {

using abi::Error;

abi::Sqe call() {
  abi::Sqe s{};
  s.opcode = static_cast<uint8_t>(abi::Op::kCall);
  s.params_addr = 0x500000;
  s.params_len = 16;
  s.result_addr = 0x600000;
  s.result_cap = 64;
  return s;
}

TEST(SqeCheck, ValidCallPasses) {
  EXPECT_EQ(sqe::check(call()), Error::kOk);
}

TEST(SqeCheck, ZeroedEntryIsBadOpcode) {
  abi::Sqe s{};
  EXPECT_EQ(sqe::check(s), Error::kBadOpcode);
}

TEST(SqeCheck, UnknownAndReservedOpcodes) {
  abi::Sqe s = call();
  for (uint8_t op : {uint8_t(99), uint8_t(abi::Op::kOpCount), uint8_t(255)}) {
    s.opcode = op;
    EXPECT_EQ(sqe::check(s), Error::kBadOpcode) << int(op);
  }
}

TEST(SqeCheck, FlagsAndUnusedFieldsMustBeZero) {
  abi::Sqe s = call();
  s.flags = 1;
  EXPECT_EQ(sqe::check(s), Error::kBadFlags);
  s = call();
  s.opcode = uint8_t(abi::Op::kNop);
  s.caps_count = 1;  // only CALL and RETURN carry caps
  EXPECT_EQ(sqe::check(s), Error::kBadFlags);
  s = call();
  s.opcode = uint8_t(abi::Op::kRecv);
  s.timeout_ms = 5;  // only CALL has a timeout
  EXPECT_EQ(sqe::check(s), Error::kBadFlags);
}

TEST(SqeCheck, CapTransfersAreBounded) {
  abi::Sqe s = call();
  s.caps_count = abi::kMaxTransferCaps + 1;
  s.aux = 0x700000;
  EXPECT_EQ(sqe::check(s), Error::kBadLength);
  s.caps_count = 2;
  s.aux = abi::kUserTop - 16;  // the second entry would leave the user half
  EXPECT_EQ(sqe::check(s), Error::kBadAddress);
  s.aux = 0x700000;
  EXPECT_EQ(sqe::check(s), Error::kOk);
  s.opcode = uint8_t(abi::Op::kReturn);
  EXPECT_EQ(sqe::check(s), Error::kOk);
}

TEST(SqeCheck, LengthsAreBounded) {
  abi::Sqe s = call();
  s.params_len = abi::kMaxMessageBytes + 1;
  EXPECT_EQ(sqe::check(s), Error::kBadLength);
  s = call();
  s.result_cap = 0xffffffffu;
  EXPECT_EQ(sqe::check(s), Error::kBadLength);
  s = call();
  s.result_cap = abi::kMaxMessageBytes + 4096;  // RecvHeader + descriptors fit
  EXPECT_EQ(sqe::check(s), Error::kOk);
}

TEST(SqeCheck, BuffersMustStayInTheUserHalf) {
  abi::Sqe s = call();
  s.params_addr = 0xffff800000000000;
  EXPECT_EQ(sqe::check(s), Error::kBadAddress);
  s = call();
  s.result_addr = abi::kUserTop - 8;
  EXPECT_EQ(sqe::check(s), Error::kBadAddress);
  s = call();
  s.params_addr = ~0ull - 4;  // wraps
  EXPECT_EQ(sqe::check(s), Error::kBadAddress);
  s = call();
  s.params_addr = 0;  // null with zero length is fine: empty params
  s.params_len = 0;
  EXPECT_EQ(sqe::check(s), Error::kOk);
}

TEST(RingQueue, UsedAndOverflow) {
  EXPECT_EQ(ringq::used(0, 0, 128), 0);
  EXPECT_EQ(ringq::used(10, 138, 128), 128);
  EXPECT_EQ(ringq::used(10, 139, 128), -1);
  EXPECT_EQ(ringq::used(0xfffffff0u, 0x10u, 128), 0x20);  // wrap-around
  EXPECT_EQ(ringq::used(5, 4, 128), -1);                  // tail behind head
}

TEST(RingQueue, CqFreeKeepsReservations) {
  EXPECT_EQ(ringq::cq_free(0, 0, 256, 0), 256);
  EXPECT_EQ(ringq::cq_free(0, 250, 256, 4), 2);
  EXPECT_EQ(ringq::cq_free(0, 256, 256, 4), 0);
  EXPECT_EQ(ringq::cq_free(0, 300, 256, 0), -1);
  EXPECT_EQ(ringq::slot(257, 256), 1u);
}

}  // namespace
