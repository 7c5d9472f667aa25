#include "libcaprt/runtime/ipc.h"

#include <string.h>

namespace caprt {
namespace {

uint32_t Align8(uint32_t n) {
  return (n + 7) & ~7u;
}

}  // namespace

Result<Reply> CallWith(const Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                       void* result, uint32_t result_cap, const CallOptions& options) {
  Ring& ring = DefaultRing();
  abi::Sqe sqe = CallSqe(cap, method, params, params_len, result, result_cap, ring.NextUserData());
  sqe.caps_count = options.caps_count;
  sqe.timeout_ms = options.timeout_ms;
  sqe.aux = reinterpret_cast<uint64_t>(options.caps);
  Result<abi::Cqe> cqe = ring.SubmitAndWait(sqe);
  if (!cqe.ok()) return cqe.error();
  if (cqe.value().status != 0) return ErrorFromStatus(cqe.value().status);
  Reply r;
  r.len = cqe.value().result_len;
  r.caps = static_cast<uint16_t>(cqe.value().aux);
  return r;
}

Result<Cap> ReplyCap(const void* result, const Reply& reply, uint16_t i) {
  if (i >= reply.caps) return Error::kBadSlot;
  auto* d = reinterpret_cast<const abi::CapDescriptor*>(static_cast<const uint8_t*>(result) +
                                                        Align8(reply.len)) +
            i;
  return Cap{d->slot, d->generation, d->interface_id};
}

Result<Cap> Incoming::cap(uint16_t i) const {
  if (i >= caps_count) return Error::kBadSlot;
  return Cap{caps[i].slot, caps[i].generation, caps[i].interface_id};
}

abi::Sqe ReturnSqe(const Cap& owner, uint64_t token, const Answer& answer, const void* results,
                   uint64_t user_data) {
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kReturn);
  sqe.slot = owner.slot;
  sqe.generation = owner.generation;
  sqe.interface_id = token;
  sqe.method = static_cast<uint16_t>(answer.status);
  sqe.user_data = user_data;
  sqe.params_addr = reinterpret_cast<uint64_t>(results);
  sqe.params_len = answer.len;
  sqe.caps_count = answer.caps_count;
  sqe.aux = reinterpret_cast<uint64_t>(answer.caps);
  return sqe;
}

Status Return(const Cap& owner, uint64_t token, const Answer& answer, const void* results) {
  Ring& ring = DefaultRing();
  abi::Sqe sqe = ReturnSqe(owner, token, answer, results, ring.NextUserData());
  Result<abi::Cqe> cqe = ring.SubmitAndWait(sqe);
  if (!cqe.ok()) return cqe.error();
  return ErrorFromStatus(cqe.value().status);
}

bool Server::Add(const Cap& owner, Handler handler, void* ctx) {
  if (count_ == kMaxEndpoints) return false;
  Slot& s = slots_[count_++];
  s.owner = owner;
  s.handler = handler;
  s.ctx = ctx;
  s.posted = false;
  return true;
}

abi::Error Server::Post(Slot& s) {
  Ring& ring = DefaultRing();
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kRecv);
  sqe.slot = s.owner.slot;
  sqe.generation = s.owner.generation;
  sqe.user_data = s.recv_user_data = ring.NextUserData();
  sqe.result_addr = reinterpret_cast<uint64_t>(s.buf);
  sqe.result_cap = kBufferBytes;
  while (!ring.Submit(sqe)) {
    int64_t n = ring.Enter(0, 0);
    if (n < 0) return ErrorFromStatus(static_cast<int32_t>(n));
    abi::Cqe c;
    // A full SQ with a full CQ: park completions so the kernel can go on.
    while (ring.CqReady() && ring.PopRing(&c)) {
      if (!ring.Stash(c)) return abi::Error::kBusy;
    }
  }
  s.posted = true;
  return abi::Error::kOk;
}

abi::Error Server::Handle(Slot& s, const abi::Cqe& cqe) {
  s.posted = false;
  if (cqe.status != 0) return ErrorFromStatus(cqe.status);
  auto* h = reinterpret_cast<const abi::RecvHeader*>(s.buf);
  Incoming in;
  in.header = h;
  in.params = s.buf + sizeof(abi::RecvHeader);
  in.params_len = h->params_len;
  in.caps = reinterpret_cast<const abi::CapDescriptor*>(s.buf + sizeof(abi::RecvHeader) +
                                                        Align8(h->params_len));
  in.caps_count = h->caps_count;
  answer_ = Answer();
  s.handler(s.ctx, in, out_, sizeof(out_), &answer_);
  // The RETURN goes out with the next cap_enter (the one that waits for the
  // next call), not a cap_enter of its own. Its CQE comes back as a stray
  // (Step waits past it), and a caller that went away (cancelled, timed
  // out, died, logged out) is not the server's failure either way.
  // answer_ and out_ stay untouched until then: the next handler runs only
  // after that cap_enter.
  Ring& ring = DefaultRing();
  abi::Sqe sqe = ReturnSqe(s.owner, h->call_token, answer_, out_, ring.NextUserData());
  while (!ring.Submit(sqe)) ring.Enter(0, 0);
  returning_ = true;
  return_user_data_ = sqe.user_data;
  return_queued_ = ring.SqQueued();
  return abi::Error::kOk;
}

abi::Error Server::Step(uint64_t timeout_ns) {
  Ring& ring = DefaultRing();
  for (int i = 0; i < count_; ++i) {
    if (!slots_[i].posted) {
      abi::Error e = Post(slots_[i]);
      if (e != abi::Error::kOk) return e;
    }
  }
  abi::Cqe cqe;
  if (!ring.Pop(&cqe)) {
    // A RETURN the kernel has not taken yet completes in this very entry,
    // at once: waiting for one CQE would end the wait on its own, and every
    // served call would cost a second entry (and, under emulation, a second
    // pass through the kernel after each switch of address space). So the
    // wait is for that CQE and one more.
    if (returning_ && ring.SqTaken(return_queued_)) returning_ = false;
    bool past_return = returning_;
    int64_t n = ring.Enter(past_return ? 2 : 1, timeout_ns);
    if (n < 0) return ErrorFromStatus(static_cast<int32_t>(n));
    if (!ring.Pop(&cqe)) return abi::Error::kTimedOut;
    // Nothing but the RETURN's own: the wait ended on its deadline.
    if (past_return && cqe.user_data == return_user_data_ && !ring.Pop(&cqe))
      return abi::Error::kTimedOut;
  }
  for (int i = 0; i < count_; ++i) {
    if (slots_[i].posted && slots_[i].recv_user_data == cqe.user_data) {
      return Handle(slots_[i], cqe);
    }
  }
  return abi::Error::kOk;  // a stray completion (e.g. of a cancelled call)
}

abi::Error Server::Run(const volatile bool* stop) {
  while (!stop || !*stop) {
    abi::Error e = Step(abi::kWaitForever);
    if (e != abi::Error::kOk && e != abi::Error::kTimedOut) return e;
  }
  return abi::Error::kOk;
}

}  // namespace caprt
