// RingPort against a fake kernel that completes every CALL at once and
// answers Timer.now with a clock that stands still, so the port's clock is
// never calibrated and every reading of it is a synchronous Timer.now: the
// runtime's Wait then stashes whatever else completed meanwhile.
#include "services/rpc-gateway/ring_port.h"

#include <gtest/gtest.h>
#include <kj/async.h>
#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"

namespace rpc_gateway {
namespace {

alignas(4096) unsigned char g_page[abi::kRingPages * abi::kPageSize];
// A sleep that nothing could ever end: no SQE left to take, no CQE in the
// ring. The real kernel would block the process there for good.
int g_stuck_sleeps = 0;
constexpr uint64_t kTimerIface = caprt::iface::kTimer;
constexpr uint64_t kOtherIface = 0x1234;

abi::RingHeader* H() {
  return reinterpret_cast<abi::RingHeader*>(g_page);
}
abi::Sqe* Sq() {
  return reinterpret_cast<abi::Sqe*>(g_page + abi::kSqOffset);
}
abi::Cqe* Cq() {
  return reinterpret_cast<abi::Cqe*>(g_page + abi::kCqOffset);
}

void Complete(const abi::Sqe& sqe) {
  abi::Cqe cqe = {};
  cqe.user_data = sqe.user_data;
  if (sqe.interface_id == kTimerIface && sqe.method == caprt::iface::kTimerNow) {
    capnp::MallocMessageBuilder reply;
    reply.initRoot<capos::schema::Timer::NowResults>().setNs(5000000000ull);
    caprt::EncodeResult r =
        caprt::EncodeMessage(reply, reinterpret_cast<void*>(sqe.result_addr), sqe.result_cap);
    cqe.status = -static_cast<int32_t>(r.error);
    cqe.result_len = static_cast<uint32_t>(r.length);
  }
  Cq()[H()->cq_tail++ & (abi::kCqEntries - 1)] = cqe;
}

int64_t FakeEnter(uint64_t min_complete, uint64_t timeout_ns) {
  abi::RingHeader* h = H();
  while (h->sq_head != h->sq_tail && h->cq_tail - h->cq_head < abi::kCqEntries) {
    Complete(Sq()[h->sq_head++ & (abi::kSqEntries - 1)]);
  }
  uint32_t ready = h->cq_tail - h->cq_head;
  if (min_complete > 0 && ready == 0 && timeout_ns == abi::kWaitForever) ++g_stuck_sleeps;
  return ready;
}

class RingPortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    memset(g_page, 0, sizeof(g_page));
    g_stuck_sleeps = 0;
    H()->magic = abi::kRingMagic;
    H()->abi_version = abi::kAbiVersion;
    H()->sq_entries = abi::kSqEntries;
    H()->cq_entries = abi::kCqEntries;
    H()->sq_offset = abi::kSqOffset;
    H()->cq_offset = abi::kCqOffset;
    ASSERT_TRUE(caprt::DefaultRing().Attach(g_page, FakeEnter).ok());
  }
};

// The completion of a CALL lands while the port reads its clock just
// before sleeping; the port must not sleep with it stashed.
TEST_F(RingPortTest, CompletionStashedByTheClockIsTakenBeforeSleeping) {
  caprt::Timer timer(caprt::Cap{1, 1, kTimerIface});
  RingPort port(timer);
  kj::EventLoop loop(port);
  kj::WaitScope ws(loop);
  kj::Promise<Completion> call =
      port.Call(caprt::Cap{2, 1, kOtherIface}, 0, kj::heapArray<kj::byte>(8), 8, 64);
  EXPECT_EQ(call.wait(ws).status, 0);
  EXPECT_EQ(g_stuck_sleeps, 0);
  EXPECT_EQ(caprt::DefaultRing().stashed(), 0u);
  EXPECT_EQ(port.in_flight(), 0u);
}

// The same for a completion that is not the port's: the sink gets it
// before the port sleeps.
struct CountingSink : CqeSink {
  void OnCqe(const abi::Cqe& cqe) override { ++seen; }
  int seen = 0;
};

TEST_F(RingPortTest, SinkCompletionStashedByTheClockIsTakenBeforeSleeping) {
  caprt::Timer timer(caprt::Cap{1, 1, kTimerIface});
  RingPort port(timer);
  CountingSink sink;
  port.set_sink(&sink);
  kj::EventLoop loop(port);
  kj::WaitScope ws(loop);
  abi::Sqe sqe = caprt::CallSqe(caprt::Cap{2, 1, kOtherIface}, 0, nullptr, 0, nullptr, 0, 1);
  ASSERT_TRUE(caprt::DefaultRing().Submit(sqe));
  port.wait();
  EXPECT_EQ(sink.seen, 1);
  EXPECT_EQ(g_stuck_sleeps, 0);
  EXPECT_EQ(caprt::DefaultRing().stashed(), 0u);
}

}  // namespace
}  // namespace rpc_gateway
