#include "libcaprt/runtime/ring.h"

#include "libcaprt/runtime/syscall.h"

namespace caprt {
namespace {

uint32_t LoadAcquire(const uint32_t* p) {
  return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
uint32_t LoadRelaxed(const uint32_t* p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}
void StoreRelease(uint32_t* p, uint32_t v) {
  __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

constexpr uint32_t kSqMask = abi::kSqEntries - 1;
constexpr uint32_t kCqMask = abi::kCqEntries - 1;

}  // namespace

Status Ring::Attach(void* base, EnterFn enter) {
  auto* h = static_cast<abi::RingHeader*>(base);
  if (h->magic != abi::kRingMagic || h->abi_version != abi::kAbiVersion) {
    return Error::kAbiMismatch;
  }
  if (h->sq_entries != abi::kSqEntries || h->cq_entries != abi::kCqEntries ||
      h->sq_offset != abi::kSqOffset || h->cq_offset != abi::kCqOffset) {
    return Error::kBadLength;
  }
  header_ = h;
  enter_ = enter;
  return Status();
}

abi::Sqe* Ring::sq() const {
  return reinterpret_cast<abi::Sqe*>(reinterpret_cast<char*>(header_) + abi::kSqOffset);
}

abi::Cqe* Ring::cq() const {
  return reinterpret_cast<abi::Cqe*>(reinterpret_cast<char*>(header_) + abi::kCqOffset);
}

uint32_t Ring::SqFree() const {
  uint32_t used = LoadRelaxed(&header_->sq_tail) - LoadAcquire(&header_->sq_head);
  return used >= abi::kSqEntries ? 0 : abi::kSqEntries - used;
}

uint32_t Ring::SqQueued() const {
  return LoadRelaxed(&header_->sq_tail);
}

bool Ring::SqTaken(uint32_t count) const {
  return static_cast<int32_t>(LoadAcquire(&header_->sq_head) - count) >= 0;
}

bool Ring::Submit(const abi::Sqe& sqe) {
  if (SqFree() == 0) return false;
  uint32_t tail = LoadRelaxed(&header_->sq_tail);
  sq()[tail & kSqMask] = sqe;
  StoreRelease(&header_->sq_tail, tail + 1);
  return true;
}

int64_t Ring::Enter(uint32_t min_complete, uint64_t timeout_ns) {
  return enter_(min_complete, timeout_ns);
}

uint32_t Ring::CqReady() const {
  uint32_t ready = LoadAcquire(&header_->cq_tail) - LoadRelaxed(&header_->cq_head);
  // A tail more than a queue ahead is a kernel bug; reading it would hand out
  // entries twice, so treat the queue as empty rather than trust it.
  return ready > abi::kCqEntries ? 0 : ready;
}

bool Ring::PopRing(abi::Cqe* out) {
  if (CqReady() == 0) return false;
  uint32_t head = LoadRelaxed(&header_->cq_head);
  *out = cq()[head & kCqMask];
  StoreRelease(&header_->cq_head, head + 1);
  return true;
}

bool Ring::Pop(abi::Cqe* out) {
  if (stash_count_ == 0) return PopRing(out);
  *out = stash_[0];
  for (uint32_t i = 1; i < stash_count_; ++i) stash_[i - 1] = stash_[i];
  --stash_count_;
  return true;
}

bool Ring::Stash(const abi::Cqe& cqe) {
  if (stash_count_ == kStashMax) return false;
  stash_[stash_count_++] = cqe;
  return true;
}

Result<abi::Cqe> Ring::Wait(uint64_t user_data, uint64_t timeout_ns) {
  for (;;) {
    for (uint32_t i = 0; i < stash_count_; ++i) {
      if (stash_[i].user_data != user_data) continue;
      abi::Cqe found = stash_[i];
      for (uint32_t j = i + 1; j < stash_count_; ++j) stash_[j - 1] = stash_[j];
      --stash_count_;
      return found;
    }
    abi::Cqe cqe;
    while (CqReady() != 0) {
      // Check for room before popping so no completion is ever lost.
      if (stash_count_ == kStashMax) return Error::kBusy;
      PopRing(&cqe);
      if (cqe.user_data == user_data) return cqe;
      Stash(cqe);
    }
    int64_t n = Enter(1, timeout_ns);
    if (n < 0) return ErrorFromStatus(static_cast<int32_t>(n));
    if (n == 0 && timeout_ns != abi::kWaitForever) return Error::kTimedOut;
  }
}

Result<abi::Cqe> Ring::SubmitAndWait(const abi::Sqe& sqe, uint64_t timeout_ns) {
  while (!Submit(sqe)) {
    // The kernel stops consuming SQEs while the CQ is full, so move finished
    // CQEs to the stash before asking it to make room.
    abi::Cqe cqe;
    while (CqReady() != 0) {
      if (stash_count_ == kStashMax) return Error::kBusy;
      PopRing(&cqe);
      Stash(cqe);
    }
    int64_t n = Enter(0, 0);
    if (n < 0) return ErrorFromStatus(static_cast<int32_t>(n));
  }
  return Wait(sqe.user_data, timeout_ns);
}

Ring& DefaultRing() {
  static constinit Ring ring;
  return ring;
}

abi::Sqe CallSqe(const Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                 void* result, uint32_t result_cap, uint64_t user_data) {
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kCall);
  sqe.method = method;
  sqe.slot = cap.slot;
  sqe.generation = cap.generation;
  sqe.interface_id = cap.interface_id;
  sqe.params_addr = reinterpret_cast<uint64_t>(params);
  sqe.params_len = params_len;
  sqe.result_addr = reinterpret_cast<uint64_t>(result);
  sqe.result_cap = result_cap;
  sqe.user_data = user_data;
  return sqe;
}

Result<uint32_t> Call(const Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                      void* result, uint32_t result_cap) {
  Ring& ring = DefaultRing();
  Result<abi::Cqe> cqe = ring.SubmitAndWait(
      CallSqe(cap, method, params, params_len, result, result_cap, ring.NextUserData()));
  if (!cqe.ok()) return cqe.error();
  if (cqe.value().status != 0) return ErrorFromStatus(cqe.value().status);
  return cqe.value().result_len;
}

Status Release(const Cap& cap) {
  Ring& ring = DefaultRing();
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kRelease);
  sqe.slot = cap.slot;
  sqe.generation = cap.generation;
  sqe.user_data = ring.NextUserData();
  Result<abi::Cqe> cqe = ring.SubmitAndWait(sqe);
  if (!cqe.ok()) return cqe.error();
  return ErrorFromStatus(cqe.value().status);
}

void Exit(int status) {
  Ring& ring = DefaultRing();
  if (ring.attached()) {
    abi::Sqe sqe = {};
    sqe.opcode = static_cast<uint8_t>(abi::Op::kExit);
    sqe.aux = static_cast<uint64_t>(static_cast<int64_t>(status));
    sqe.user_data = ring.NextUserData();
    // Make room even if the CQ is full: completions may be dropped by us here
    // because the process is ending anyway.
    for (;;) {
      if (ring.Submit(sqe)) break;
      abi::Cqe cqe;
      while (ring.PopRing(&cqe)) {
      }
      ring.Enter(0, 0);
    }
    for (;;) ring.Enter(0, abi::kWaitForever);
  }
  // Without a ring there is no way to ask the kernel to end us; a fault is
  // the one exit left, and the kernel reports it with our name.
  __builtin_trap();
}

const char* ErrorName(Error e) {
  static constexpr const char* kNames[] = {"ok",
                                           "badOpcode",
                                           "badFlags",
                                           "badSlot",
                                           "staleGeneration",
                                           "badAddress",
                                           "badLength",
                                           "indexOverflow",
                                           "wrongInterface",
                                           "badMethod",
                                           "malformedMessage",
                                           "resultTooSmall",
                                           "noMemory",
                                           "denied",
                                           "notFound",
                                           "busy",
                                           "timedOut",
                                           "cancelled",
                                           "disconnected",
                                           "staleSession",
                                           "abiMismatch",
                                           "badImage",
                                           "reset"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(Error::kErrorCount));
  auto i = static_cast<uint32_t>(e);
  return i < static_cast<uint32_t>(Error::kErrorCount) ? kNames[i] : "unknownError";
}

Error ErrorFromStatus(int32_t status) {
  if (status > 0 || status <= -static_cast<int32_t>(Error::kErrorCount)) return Error::kErrorCount;
  return static_cast<Error>(-status);
}

}  // namespace caprt
