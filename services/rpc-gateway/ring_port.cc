#include "services/rpc-gateway/ring_port.h"

#include <kj/debug.h>

#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/ipc.h"

namespace rpc_gateway {
namespace {

// The cancel SQE's own CQE carries this slot value: nothing to complete.
constexpr uint64_t kCancelSlot = 0xffff;

}  // namespace

// One CALL from submission to its CQE. `waiter` is the promise's adapter
// while the promise lives; after that the op only waits to be freed.
struct RingPort::Op {
  uint32_t slot = 0;
  uint32_t seq = 0;
  uint64_t user_data = 0;
  Adapter* waiter = nullptr;
  kj::Array<kj::byte> params;
  kj::Array<kj::byte> reply;
};

// The promise side of an op. Its destructor runs when the promise is
// dropped: an op still in the kernel is then cancelled, never freed.
class RingPort::Adapter {
 public:
  Adapter(kj::PromiseFulfiller<Completion>& fulfiller, RingPort& port, Op* op)
      : fulfiller_(fulfiller), port_(port), op_(op) {
    op->waiter = this;
  }
  ~Adapter() {
    if (op_ != nullptr) {
      op_->waiter = nullptr;
      port_.Cancel(op_);
    }
  }
  void Done(Completion&& c) {
    op_ = nullptr;
    fulfiller_.fulfill(kj::mv(c));
  }

 private:
  kj::PromiseFulfiller<Completion>& fulfiller_;
  RingPort& port_;
  Op* op_;
};

RingPort::RingPort(const caprt::Timer& timer) : clock_(timer), timer_(At(clock_.NowMs())) {}

RingPort::~RingPort() noexcept(false) {
  // Ops still in the kernel at exit stay allocated: the process is ending
  // and the kernel may still write into their buffers until then.
}

kj::Promise<Completion> RingPort::Call(const caprt::Cap& cap, uint16_t method,
                                       kj::Array<kj::byte> params, uint32_t params_len,
                                       uint32_t reply_capacity) {
  KJ_REQUIRE(params_len <= params.size()) {
    return KJ_EXCEPTION(FAILED, "params");
  }
  uint32_t slot = 0;
  while (slot < kMaxOps && ops_[slot] != nullptr) ++slot;
  if (slot == kMaxOps) return KJ_EXCEPTION(OVERLOADED, "busy");
  Op* op = new Op;
  op->slot = slot;
  op->seq = next_seq_++;
  op->user_data = kMark | (uint64_t(op->seq) << 16) | slot;
  op->params = kj::mv(params);
  op->reply = kj::heapArray<kj::byte>(reply_capacity);
  ops_[slot] = op;
  ++in_flight_;
  caprt::async::Submit(caprt::CallSqe(cap, method, op->params.begin(), params_len,
                                      op->reply.begin(), reply_capacity, op->user_data));
  return kj::newAdaptedPromise<Completion, Adapter>(*this, op);
}

void RingPort::Cancel(Op* op) {
  caprt::async::Cancel(op->user_data, kMark | kCancelSlot);
}

void RingPort::Dispatch(const abi::Cqe& cqe) {
  // The runtime's late synchronous completions are nobody's.
  if (caprt::async::IsRuntime(cqe.user_data)) return;
  if ((cqe.user_data & kMark) == 0) {
    if (sink_ != nullptr) sink_->OnCqe(cqe);
    return;
  }
  uint64_t slot = cqe.user_data & 0xffff;
  uint32_t seq = static_cast<uint32_t>(cqe.user_data >> 16);
  if (slot == kCancelSlot || slot >= kMaxOps) return;
  Op* op = ops_[slot];
  if (op == nullptr || op->seq != seq) return;
  ops_[slot] = nullptr;
  --in_flight_;
  if (op->waiter != nullptr) {
    Completion c;
    c.status = cqe.status;
    c.len = cqe.result_len;
    c.aux = cqe.aux;
    c.reply = kj::mv(op->reply);
    op->waiter->Done(kj::mv(c));
  } else if (cqe.status == 0 && cqe.aux != 0) {
    // A cancelled op that completed anyway (an accept's socket): nobody will
    // take the caps it brought, so they go back now.
    caprt::Reply r{cqe.result_len, static_cast<uint16_t>(cqe.aux)};
    for (uint16_t i = 0; i < r.caps; ++i) {
      caprt::Result<caprt::Cap> cap = caprt::ReplyCap(op->reply.begin(), r, i);
      if (cap.ok()) caprt::Release(cap.value());
    }
  }
  delete op;
}

bool RingPort::Reap() {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::Cqe cqe;
  bool any = false;
  while (ring.Pop(&cqe)) {
    Dispatch(cqe);
    any = true;
  }
  return any;
}

void RingPort::AdvanceTimer() {
  timer_.advanceTo(At(clock_.NowMs()));
}

bool RingPort::wait() {
  caprt::Ring& ring = caprt::DefaultRing();
  if (Reap()) {
    ring.Enter(0, 0);  // only to hand the kernel what the loop submitted
  } else {
    uint64_t timeout = abi::kWaitForever;
    KJ_IF_MAYBE (t, timer_.timeoutToNextEvent(At(clock_.NowMs()), kj::NANOSECONDS,
                                              abi::kWaitForever - 1)) {
      timeout = *t;
    }
    // Reading the clock may have been a synchronous Timer.now (a re-anchor,
    // mono_clock.h) whose wait stashed CQEs that completed meanwhile.
    // cap_enter counts only the ring, so a sleep now could leave them
    // unseen until something else arrives, or for good.
    ring.Enter(ring.stashed() != 0 ? 0 : 1, timeout);
    Reap();
  }
  AdvanceTimer();
  return false;
}

bool RingPort::poll() {
  caprt::DefaultRing().Enter(0, 0);
  Reap();
  AdvanceTimer();
  return false;
}

}  // namespace rpc_gateway
