#include "kernel/ring/ring.h"

#include "kernel/arch/clock.h"
#include "kernel/lib/kstring.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/usercopy.h"
#include "kernel/objects/object.h"
#include "kernel/proc/process.h"
#include "kernel/proc/process_list.h"
#include "kernel/proc/sched.h"
#include "kernel/ring/ring_queue.h"
#include "kernel/ring/sqe_check.h"

namespace ring {
namespace {

// One CPU and a non-preemptible kernel: a single pair of scratch buffers
// serves every call. 8-byte aligned for the wire reader.
alignas(16) uint8_t params_buf[abi::kMaxMessageBytes];
alignas(16) uint8_t result_buf[abi::kMaxMessageBytes];

volatile uint32_t& shared(uint32_t& field) { return *reinterpret_cast<volatile uint32_t*>(&field); }

int64_t cq_used(Process* p) {
  return ringq::used(shared(p->ring->cq_head), p->cq_tail_k, abi::kCqEntries);
}

void post(Process* p, uint64_t user_data, abi::Error status, uint32_t result_len) {
  abi::Cqe& c = p->cq[ringq::slot(p->cq_tail_k, abi::kCqEntries)];
  c.user_data = user_data;
  c.status = -static_cast<int32_t>(status);
  c.result_len = result_len;
  c.aux = 0;
  c.reserved = 0;
  asm volatile("" ::: "memory");  // entry before tail (one CPU: compiler order suffices)
  p->cq_tail_k++;
  shared(p->ring->cq_tail) = p->cq_tail_k;
}

void maybe_wake(Process* p) {
  if (p->state != Process::State::kBlocked) return;
  int64_t u = cq_used(p);
  if (u < 0 || u >= p->wait_min) sched::wake(p);
}

abi::Error do_call(Process* p, const abi::Sqe& s, uint32_t* result_len, bool* pending) {
  const cap::Entry* e = nullptr;
  abi::Error err = p->caps.lookup(s.slot, s.generation, &e);
  if (err != abi::Error::kOk) return err;
  if (s.interface_id != e->interface_id) return abi::Error::kWrongInterface;
  if (s.params_len) {
    err = usercopy::from_user(&p->as, params_buf, s.params_addr, s.params_len);
    if (err != abi::Error::kOk) return err;
  }
  if (s.result_cap) {
    err = usercopy::check(&p->as, s.result_addr, s.result_cap, true);
    if (err != abi::Error::kOk) return err;
  }
  kobj::CallCtx ctx{p, s.method, s.user_data, params_buf, s.params_len, result_buf, s.result_cap};
  err = e->object->call(ctx);
  if (err != abi::Error::kOk) return err;
  if (ctx.pending) {
    p->async_reserved++;
    *pending = true;
    return abi::Error::kOk;
  }
  if (ctx.result_len > s.result_cap) return abi::Error::kResultTooSmall;
  if (ctx.result_len) {
    err = usercopy::to_user(&p->as, s.result_addr, result_buf, ctx.result_len);
    if (err != abi::Error::kOk) return err;
  }
  *result_len = ctx.result_len;
  return abi::Error::kOk;
}

void dispatch(Process* p, const abi::Sqe& s) {
  abi::Error err = sqe::check(s);
  uint32_t result_len = 0;
  if (err == abi::Error::kOk) {
    switch (static_cast<abi::Op>(s.opcode)) {
      case abi::Op::kNop:
        break;
      case abi::Op::kExit:
        proc::exit_current(static_cast<int>(s.aux));
      case abi::Op::kRelease: {
        kobj::Object* released = nullptr;
        err = p->caps.release(s.slot, s.generation, &released);
        break;
      }
      case abi::Op::kCall: {
        bool pending = false;
        err = do_call(p, s, &result_len, &pending);
        if (pending) return;  // the object posts the CQE later
        break;
      }
      default:
        err = abi::Error::kBadOpcode;
    }
  }
  post(p, s.user_data, err, err == abi::Error::kOk ? result_len : 0);
}

// Consumes SQEs while the CQ has room. Returns kIndexOverflow if the
// process corrupted cq_head (then nothing can be posted safely).
abi::Error consume(Process* p) {
  for (;;) {
    uint32_t tail = shared(p->ring->sq_tail);
    int64_t free = ringq::cq_free(shared(p->ring->cq_head), p->cq_tail_k, abi::kCqEntries,
                                  p->async_reserved);
    if (free < 0) return abi::Error::kIndexOverflow;
    int64_t pending = ringq::used(p->sq_head_k, tail, abi::kSqEntries);
    if (pending == 0 || free == 0) return abi::Error::kOk;
    if (pending < 0) {
      // A tail that ran past the ring cannot name valid entries: report
      // once and resynchronise instead of guessing which ones were meant.
      p->sq_head_k = tail;
      shared(p->ring->sq_head) = tail;
      post(p, 0, abi::Error::kIndexOverflow, 0);
      continue;
    }
    abi::Sqe s;
    memcpy(&s, &p->sq[ringq::slot(p->sq_head_k, abi::kSqEntries)], sizeof(s));
    p->sq_head_k++;
    shared(p->ring->sq_head) = p->sq_head_k;
    dispatch(p, s);
  }
}

}  // namespace

bool setup(Process* p) {
  uint64_t phys = pmm::alloc_contig(abi::kRingPages);
  if (!phys) return false;
  for (uint64_t i = 0; i < abi::kRingPages; i++) {
    if (!vm::map(&p->as, abi::kRingVa + i * abi::kPageSize, phys + i * abi::kPageSize,
                 vm::kUser | vm::kWrite | vm::kNoExec)) {
      for (uint64_t j = i; j < abi::kRingPages; j++) pmm::free(phys + j * abi::kPageSize);
      return false;
    }
  }
  auto* base = mm::phys_to_virt<uint8_t>(phys);
  p->ring = reinterpret_cast<abi::RingHeader*>(base);
  p->sq = reinterpret_cast<abi::Sqe*>(base + abi::kSqOffset);
  p->cq = reinterpret_cast<abi::Cqe*>(base + abi::kCqOffset);
  p->ring->magic = abi::kRingMagic;
  p->ring->abi_version = abi::kAbiVersion;
  p->ring->sq_entries = abi::kSqEntries;
  p->ring->cq_entries = abi::kCqEntries;
  p->ring->sq_offset = abi::kSqOffset;
  p->ring->cq_offset = abi::kCqOffset;
  return true;
}

int64_t enter(Process* p, uint64_t min_complete, uint64_t timeout_ns) {
  abi::Error err = consume(p);
  if (err != abi::Error::kOk) return -static_cast<int64_t>(err);
  uint32_t want = min_complete > abi::kCqEntries ? abi::kCqEntries : uint32_t(min_complete);
  uint64_t now = clock::now_ns();
  uint64_t deadline = timeout_ns == abi::kWaitForever || now + timeout_ns < now
                          ? ~0ull
                          : now + timeout_ns;
  for (;;) {
    int64_t used = cq_used(p);
    if (used < 0) return -static_cast<int64_t>(abi::Error::kIndexOverflow);
    if (used >= want || clock::now_ns() >= deadline) return used;
    p->wait_min = want;
    p->wait_deadline_ns = deadline;
    sched::block();
  }
}

void complete_async(Process* p, uint64_t user_data, abi::Error status) {
  p->async_reserved--;
  post(p, user_data, status, 0);
  maybe_wake(p);
}

void wake_expired() {
  uint64_t now = clock::now_ns();
  proc::for_each([now](Process* p) {
    if (p->state == Process::State::kBlocked && p->wait_deadline_ns <= now) sched::wake(p);
  });
}

}  // namespace ring
