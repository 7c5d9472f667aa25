#include "kernel/ring/ring.h"

#include "kernel/arch/clock.h"
#include "kernel/ipc/ipc.h"
#include "kernel/lib/kstring.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/usercopy.h"
#include "kernel/objects/object.h"
#include "kernel/objects/session.h"
#include "kernel/proc/process.h"
#include "kernel/proc/process_list.h"
#include "kernel/proc/sched.h"
#include "kernel/ring/ring_queue.h"
#include "kernel/ring/sqe_check.h"
#include "kernel/ring/transfer.h"

namespace ring {
namespace {

// One CPU and a non-preemptible kernel: a single pair of scratch buffers
// serves every call. 8-byte aligned for the wire reader.
alignas(16) uint8_t params_buf[abi::kMaxMessageBytes];
alignas(16) uint8_t result_buf[abi::kMaxMessageBytes + 4096];  // + room for cap descriptors

volatile uint32_t& shared(uint32_t& field) {
  return *reinterpret_cast<volatile uint32_t*>(&field);
}

int64_t cq_used(Process* p) {
  return ringq::used(shared(p->ring->cq_head), p->cq_tail_k, abi::kCqEntries);
}

void post(Process* p, uint64_t user_data, abi::Error status, uint32_t result_len,
          uint64_t aux = 0) {
  abi::Cqe& c = p->cq[ringq::slot(p->cq_tail_k, abi::kCqEntries)];
  c.user_data = user_data;
  c.status = -static_cast<int32_t>(status);
  c.result_len = result_len;
  c.aux = aux;
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

// A CALL on a kernel object: params in, results (and returned caps) out.
abi::Error object_call(Process* p, const abi::Sqe& s, const cap::Entry& e, uint32_t* result_len,
                       uint64_t* aux, bool* pending) {
  if (s.params_len) {
    abi::Error err = usercopy::from_user(&p->as, params_buf, s.params_addr, s.params_len);
    if (err != abi::Error::kOk) return err;
  }
  cap::Entry sent[abi::kMaxTransferCaps];
  abi::Error err = xfer::collect(p, s.aux, s.caps_count, sent);
  if (err != abi::Error::kOk) return err;
  kobj::CallCtx ctx{p, s.method, s.user_data, params_buf, s.params_len, result_buf, s.result_cap};
  ctx.result_addr = s.result_addr;
  ctx.in_caps = sent;
  ctx.in_count = s.caps_count;
  err = e.object->call(ctx);
  xfer::drop(sent, s.caps_count);  // objects took their own references
  if (err == abi::Error::kOk && ctx.pending) {
    p->async_reserved++;
    *pending = true;
    return abi::Error::kOk;
  }
  uint32_t desc_off = (ctx.result_len + 7) & ~7u;
  uint32_t need = desc_off + 16 * ctx.out_count;
  if (err == abi::Error::kOk && need > s.result_cap) {
    *aux = need;
    err = abi::Error::kResultTooSmall;
  }
  if (err != abi::Error::kOk) {
    xfer::drop(ctx.out_caps, ctx.out_count);
    return err;
  }
  memset(result_buf + ctx.result_len, 0, desc_off - ctx.result_len);
  err = xfer::install(p, ctx.out_caps, ctx.out_count,
                      reinterpret_cast<abi::CapDescriptor*>(result_buf + desc_off));
  if (err != abi::Error::kOk) return err;
  if (need) err = usercopy::to_user(&p->as, s.result_addr, result_buf, need);
  if (err != abi::Error::kOk) return err;
  *result_len = ctx.result_len;
  *aux = ctx.out_count;
  return abi::Error::kOk;
}

// Checks every CALL/RECV/RETURN makes of its cap, once, at entry.
abi::Error admit(Process* p, const abi::Sqe& s, const cap::Entry** e) {
  abi::Error err = p->caps.lookup(s.slot, s.generation, e);
  if (err != abi::Error::kOk) return err;
  if (p->session && !p->session->live()) return abi::Error::kStaleSession;
  auto op = static_cast<abi::Op>(s.opcode);
  if (op == abi::Op::kCall) {
    if (s.interface_id != (*e)->interface_id) return abi::Error::kWrongInterface;
    if (!((*e)->rights & abi::kRightCall)) return abi::Error::kDenied;
  } else if (!(*e)->object->as_endpoint()) {
    return abi::Error::kWrongInterface;  // RECV/RETURN need an endpoint
  }
  if (s.result_cap) {
    err = usercopy::check(&p->as, s.result_addr, s.result_cap, true);
    if (err != abi::Error::kOk) return err;
  }
  return abi::Error::kOk;
}

// Returns true when the operation completes later (no CQE now).
bool run(Process* p, const abi::Sqe& s, abi::Error* err, uint32_t* result_len, uint64_t* aux) {
  auto op = static_cast<abi::Op>(s.opcode);
  switch (op) {
    case abi::Op::kNop:
      return false;
    case abi::Op::kExit:
      proc::exit_current(static_cast<int>(s.aux));
    case abi::Op::kRelease:
      *err = xfer::release(p, s.slot, s.generation);
      return false;
    case abi::Op::kCancel:
      *err = ipc::cancel(p, s);
      return false;
    default:
      break;
  }
  const cap::Entry* e = nullptr;
  *err = admit(p, s, &e);
  if (*err != abi::Error::kOk) return false;
  if (op == abi::Op::kReturn) {
    *err = ipc::ret(p, s, *e);
    return false;
  }
  if (op == abi::Op::kRecv || e->object->as_endpoint()) {
    *err = op == abi::Op::kRecv ? ipc::recv(p, s, *e) : ipc::call(p, s, *e);
    return *err == abi::Error::kOk;
  }
  bool pending = false;
  *err = object_call(p, s, *e, result_len, aux, &pending);
  return pending;
}

void dispatch(Process* p, const abi::Sqe& s) {
  abi::Error err = sqe::check(s);
  uint32_t result_len = 0;
  uint64_t aux = 0;
  if (err == abi::Error::kOk && run(p, s, &err, &result_len, &aux)) return;
  bool ok = err == abi::Error::kOk;
  post(p, s.user_data, err, ok ? result_len : 0,
       ok || err == abi::Error::kResultTooSmall ? aux : 0);
}

// Consumes SQEs while the CQ has room. Returns kIndexOverflow if the
// process corrupted cq_head (then nothing can be posted safely).
abi::Error consume(Process* p) {
  for (;;) {
    uint32_t tail = shared(p->ring->sq_tail);
    int64_t free =
        ringq::cq_free(shared(p->ring->cq_head), p->cq_tail_k, abi::kCqEntries, p->async_reserved);
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
  uint64_t deadline =
      timeout_ns == abi::kWaitForever || now + timeout_ns < now ? ~0ull : now + timeout_ns;
  for (;;) {
    int64_t used = cq_used(p);
    if (used < 0) return -static_cast<int64_t>(abi::Error::kIndexOverflow);
    if (used >= want || clock::now_ns() >= deadline) return used;
    p->wait_min = want;
    p->wait_deadline_ns = deadline;
    sched::block();
  }
}

void complete_async(Process* p, uint64_t user_data, abi::Error status, uint32_t result_len,
                    uint64_t aux) {
  p->async_reserved--;
  post(p, user_data, status, result_len, aux);
  maybe_wake(p);
}

void wake_expired() {
  uint64_t now = clock::now_ns();
  proc::for_each([now](Process* p) {
    if (p->state == Process::State::kBlocked && p->wait_deadline_ns <= now) sched::wake(p);
  });
}

}  // namespace ring
