// The async model of network-facing services (docs/architecture.md,
// "Asynchronous services") as the runtime offers it, once: submit a CALL
// without waiting, cancel one, sleep until a deadline, and take the next
// completion. A service owns its user_data marker bits and routes each CQE
// itself; nothing here blocks except Next() when there is nothing to do.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt::async {

// Submits on the default ring; when the SQ is full, lets the kernel take
// some first. Never waits for a completion.
void Submit(const abi::Sqe& sqe);

// Cancels the CALL submitted with user_data `target`. Its own CQE comes
// back (cancelled, or raced to completion) and so does the cancel's, with
// `user_data`.
void Cancel(uint64_t target, uint64_t user_data);

// Submits Timer.sleepUntil(deadline_ms). `params` holds the encoded
// params until the CQE (tagged `user_data`) arrives. False if they do not
// fit.
bool SleepUntil(const Cap& timer, uint64_t deadline_ms, void* params, uint32_t params_cap,
                uint64_t user_data);

// A completion of the runtime's own synchronous calls that arrived late:
// never a service's.
inline bool IsRuntime(uint64_t user_data) {
  return (user_data & Ring::kRuntimeUserData) != 0;
}

// The next CQE of the default ring. While there is none, `idle()` runs
// once (a service arms its deadline timer there) and the process sleeps
// until one arrives. Fails only if the ring does.
template <typename Idle>
Result<abi::Cqe> Next(Idle&& idle) {
  Ring& ring = DefaultRing();
  abi::Cqe cqe;
  while (!ring.Pop(&cqe)) {
    idle();
    // idle() may have made a synchronous call (a clock re-anchoring with
    // Timer.now) that stashed CQEs; cap_enter counts only the ring, so a
    // sleep now could leave them unseen for good.
    if (ring.stashed() != 0) continue;
    int64_t n = ring.Enter(1, abi::kWaitForever);
    if (n < 0) return ErrorFromStatus(static_cast<int32_t>(n));
  }
  return cqe;
}

}  // namespace caprt::async
