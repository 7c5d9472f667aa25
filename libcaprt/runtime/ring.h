// Client side of the submission/completion ring at abi::kRingVa.
//
// Single-threaded by design (one ring per process, services are
// single-threaded). All index arithmetic is on the free-running uint32
// counters; the kernel's indices are read with acquire and ours published with
// release, so an SQE is fully written before the kernel can see its tail, and
// a CQE is fully read before its slot is handed back.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/result.h"

namespace caprt {

// A capability as the process names it: slot + generation it was granted
// with, plus the interface the CapSet says it implements.
struct Cap {
  uint32_t slot = 0;
  uint32_t generation = 0;
  uint64_t interface_id = 0;
};

class Ring {
 public:
  // cap_enter; swappable so the ring logic can be unit-tested on the host.
  using EnterFn = int64_t (*)(uint64_t min_complete, uint64_t timeout_ns);

  // CQEs read while waiting for another user_data are kept here, in order.
  static constexpr uint32_t kStashMax = 128;

  constexpr Ring() = default;

  // Binds to the ring page at `base` after checking the header the kernel
  // wrote: kAbiMismatch for a wrong magic/version, kBadLength for entry
  // counts or offsets that differ from abi.h.
  Status Attach(void* base, EnterFn enter);
  // Binds without checks. Only for the start-up path that must report an
  // ABI mismatch and exit through a ring whose layout matches but whose
  // version does not.
  void AttachUnchecked(void* base, EnterFn enter) {
    header_ = static_cast<abi::RingHeader*>(base);
    enter_ = enter;
  }
  bool attached() const { return header_ != nullptr; }
  abi::RingHeader* header() const { return header_; }

  // Free SQ slots as seen now (0 if the tail was corrupted past the head).
  uint32_t SqFree() const;
  // Queues one SQE; false if the SQ is full. Nothing reaches the kernel until
  // Enter().
  bool Submit(const abi::Sqe& sqe);
  // SQEs queued so far (a free-running count), and whether the kernel has
  // taken the first `count` of them.
  uint32_t SqQueued() const;
  bool SqTaken(uint32_t count) const;
  // cap_enter: >= 0 unread CQEs, or -Error.
  int64_t Enter(uint32_t min_complete, uint64_t timeout_ns);

  // Unread CQEs in the ring itself (not counting the stash).
  uint32_t CqReady() const;
  // Takes the oldest CQE from the ring itself, bypassing the stash.
  bool PopRing(abi::Cqe* out);
  // Takes the oldest stashed CQE, else the oldest CQE in the ring.
  bool Pop(abi::Cqe* out);

  // Waits for the CQE carrying `user_data`, stashing others. timeout_ns
  // bounds each wait in the kernel (not the total); kTimedOut if a wait ends
  // with nothing new, kBusy if the stash is full, -Error of cap_enter.
  Result<abi::Cqe> Wait(uint64_t user_data, uint64_t timeout_ns = abi::kWaitForever);

  // Submits, making room first if the SQ is full, then waits for its CQE.
  Result<abi::Cqe> SubmitAndWait(const abi::Sqe& sqe, uint64_t timeout_ns = abi::kWaitForever);

  // Fresh user_data for an SQE; never 0 (the kernel uses 0 for SQEs it could
  // not read). The runtime's values all have kRuntimeUserData set, so an
  // event loop that tags its own SQEs with values below it can never
  // mistake a synchronous call's completion for one of its own (or the
  // reverse).
  static constexpr uint64_t kRuntimeUserData = 1ull << 63;
  uint64_t NextUserData() { return kRuntimeUserData | next_user_data_++; }

  uint32_t stashed() const { return stash_count_; }
  // Keeps a CQE for a later Pop/Wait; false when the stash is full.
  bool Stash(const abi::Cqe& cqe);

 private:
  abi::Sqe* sq() const;
  abi::Cqe* cq() const;

  abi::RingHeader* header_ = nullptr;
  EnterFn enter_ = nullptr;
  uint64_t next_user_data_ = 1;
  uint32_t stash_count_ = 0;
  abi::Cqe stash_[kStashMax] = {};
};

// The process's ring, attached by the runtime before main().
Ring& DefaultRing();

// A CALL SQE on `cap` (interface id from the cap) for `method` with the
// given buffers; callers that send caps or a timeout set those fields too.
abi::Sqe CallSqe(const Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                 void* result, uint32_t result_cap, uint64_t user_data);

// One synchronous CALL on the default ring: returns result_len, or the CQE's
// error (or the ring's, e.g. kBusy).
Result<uint32_t> Call(const Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                      void* result, uint32_t result_cap);

// RELEASE `cap`; its slot's generation moves on in the kernel.
Status Release(const Cap& cap);

// Ends the process with `status` through a kExit SQE. Never returns.
[[noreturn]] void Exit(int status);

}  // namespace caprt
