// caprt::Server against a fake kernel: calls arrive on a posted RECV, each
// RETURN completes (with its own CQE) when the kernel takes it, and a wait
// for more CQEs than there are ends at once (a deadline, or the test's
// "nothing more will come").
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <vector>

#include "libcaprt/runtime/ipc.h"

namespace caprt {
namespace {

alignas(4096) unsigned char g_page[abi::kRingPages * abi::kPageSize];

struct Fake {
  std::deque<uint16_t> calls;  // methods of the calls waiting for a RECV
  bool recv_posted = false;
  uint64_t recv_user_data = 0;
  uint64_t recv_addr = 0;
  std::vector<uint16_t> answered;  // the RETURNs taken, by answer length
  int enters = 0;
  int short_waits = 0;  // waits that ended with fewer CQEs than asked for
  uint64_t next_token = 1;
};
Fake g;

abi::RingHeader* H() {
  return reinterpret_cast<abi::RingHeader*>(g_page);
}
void Post(uint64_t user_data, int32_t status, uint32_t len) {
  abi::Cqe c = {};
  c.user_data = user_data;
  c.status = status;
  c.result_len = len;
  reinterpret_cast<abi::Cqe*>(g_page + abi::kCqOffset)[H()->cq_tail++ & (abi::kCqEntries - 1)] = c;
}

int64_t FakeEnter(uint64_t min_complete, uint64_t) {
  ++g.enters;
  abi::RingHeader* h = H();
  while (h->sq_head != h->sq_tail) {
    abi::Sqe s =
        reinterpret_cast<abi::Sqe*>(g_page + abi::kSqOffset)[h->sq_head++ & (abi::kSqEntries - 1)];
    if (s.opcode == static_cast<uint8_t>(abi::Op::kRecv)) {
      g.recv_posted = true;
      g.recv_user_data = s.user_data;
      g.recv_addr = s.result_addr;
    } else if (s.opcode == static_cast<uint8_t>(abi::Op::kReturn)) {
      g.answered.push_back(static_cast<uint16_t>(s.params_len));
      Post(s.user_data, 0, 0);
    }
  }
  if (g.recv_posted && !g.calls.empty()) {
    abi::RecvHeader rh = {};
    rh.call_token = g.next_token++;
    rh.interface_id = 0x1234;
    rh.method = g.calls.front();
    g.calls.pop_front();
    memcpy(reinterpret_cast<void*>(g.recv_addr), &rh, sizeof(rh));
    g.recv_posted = false;
    Post(g.recv_user_data, 0, sizeof(rh));
  }
  int64_t used = h->cq_tail - h->cq_head;
  if (used < static_cast<int64_t>(min_complete)) ++g.short_waits;
  return used;
}

// Answers with `method` bytes of results.
void Echo(void*, const Incoming& in, uint8_t*, uint32_t, Answer* answer) {
  answer->len = in.header->method;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    memset(g_page, 0, sizeof(g_page));
    g = Fake();
    H()->magic = abi::kRingMagic;
    H()->abi_version = abi::kAbiVersion;
    H()->sq_entries = abi::kSqEntries;
    H()->cq_entries = abi::kCqEntries;
    H()->sq_offset = abi::kSqOffset;
    H()->cq_offset = abi::kCqOffset;
    ASSERT_TRUE(DefaultRing().Attach(g_page, FakeEnter).ok());
    ASSERT_TRUE(server_.Add(Cap{1, 1, 0x1234}, Echo, nullptr));
  }
  Server server_;  // large; one per test
};

TEST_F(ServerTest, OneKernelEntryPerServedCall) {
  g.calls = {8, 16, 24};
  for (int i = 0; i < 3; ++i) ASSERT_EQ(server_.Step(abi::kWaitForever), abi::Error::kOk);
  // Each entry took the previous RETURN and brought the next call: the
  // RETURN's own CQE did not end a wait early.
  EXPECT_EQ(g.enters, 3);
  EXPECT_EQ(g.short_waits, 0);
  EXPECT_EQ(g.answered, (std::vector<uint16_t>{8, 16}));
  // No more calls: the last RETURN goes out, and the wait ends on its
  // deadline as a timeout (not as a served call).
  EXPECT_EQ(server_.Step(1000), abi::Error::kTimedOut);
  EXPECT_EQ(g.answered, (std::vector<uint16_t>{8, 16, 24}));
  EXPECT_EQ(g.enters, 4);
  // Nothing is owed now: the next wait is for one CQE again.
  g.calls = {32};
  EXPECT_EQ(server_.Step(abi::kWaitForever), abi::Error::kOk);
  EXPECT_EQ(g.enters, 5);
  EXPECT_EQ(g.short_waits, 1);  // only the deadline above
}

TEST_F(ServerTest, AReturnTakenEarlierIsNotWaitedFor) {
  g.calls = {8};
  ASSERT_EQ(server_.Step(abi::kWaitForever), abi::Error::kOk);
  // Something else enters the kernel first (a synchronous call, say): it
  // takes the RETURN, whose CQE is then read as a stray.
  DefaultRing().Enter(0, 0);
  ASSERT_EQ(g.answered.size(), 1u);
  g.calls = {16};
  EXPECT_EQ(server_.Step(abi::kWaitForever), abi::Error::kOk);  // the stray
  int before = g.enters;
  EXPECT_EQ(server_.Step(abi::kWaitForever), abi::Error::kOk);  // the call
  EXPECT_EQ(g.enters - before, 1);
  EXPECT_EQ(g.short_waits, 0);
  EXPECT_EQ(server_.Step(1000), abi::Error::kTimedOut);
  EXPECT_EQ(g.answered, (std::vector<uint16_t>{8, 16}));
}

}  // namespace
}  // namespace caprt
