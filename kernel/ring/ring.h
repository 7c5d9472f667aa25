// The kernel side of a process's ring: consuming SQEs, dispatching them and
// posting CQEs, and the cap_enter wait.
//
// Invariants:
//  - The kernel keeps its own copies of sq_head and cq_tail; the values in
//    the shared header are outputs only, so a process scribbling on them
//    hurts nobody.
//  - An SQE is consumed only when the CQ has a free slot for its answer
//    (after the slots reserved for in-flight async calls), so a completion
//    is never dropped: a full CQ stops SQ consumption (backpressure).
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"

struct Process;

namespace ring {

// Maps and initialises the ring pages of a new process.
bool setup(Process* p);

// The cap_enter system call.
int64_t enter(Process* p, uint64_t min_complete, uint64_t timeout_ns);

// Posts the completion of an async operation that reserved a CQ slot.
void complete_async(Process* p, uint64_t user_data, abi::Error status, uint32_t result_len = 0,
                    uint64_t aux = 0);

// Wakes blocked processes whose cap_enter deadline has passed.
void wake_expired();

// Upper bound of in-flight async calls per process (then kBusy).
inline constexpr uint32_t kMaxAsync = abi::kMaxAsync;

}  // namespace ring
