// Endpoint IPC: CALL, RECV, RETURN and CANCEL on endpoint caps, call
// timeouts, and teardown when a process or an endpoint goes away.
//
// A call too large for the RECV buffer the server posted fails with
// kBadLength (the server's buffer is its size limit); the RECV stays posted.
//
// Bounds (each exhausted bound is a typed kBusy, never a panic):
//  - kMaxCalls in-flight calls system-wide, Endpoint::kMaxQueued per endpoint,
//  - kMaxRecvs posted RECVs system-wide,
//  - ring::kMaxAsync outstanding async operations per process.
//
// Sessions: a call admitted from a process bound to a session cell carries
// the cell. If the cell is logged out before the call is delivered, the
// call fails as kStaleSession instead; if it is logged out before the
// RETURN, the RETURN is rejected and the caller gets kStaleSession with no
// bytes and no caps (an error payload is dropped too).
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/cap/cap_table.h"

struct Process;

namespace kobj {
class Endpoint;
}

namespace ipc {

inline constexpr uint32_t kMaxCalls = 512;
inline constexpr uint32_t kMaxRecvs = 256;

// Each returns kOk when the operation was accepted and its CQE will be
// posted later, or the error for an immediate CQE.
abi::Error call(Process* p, const abi::Sqe& s, const cap::Entry& ep_cap);
abi::Error recv(Process* p, const abi::Sqe& s, const cap::Entry& ep_cap);
// RETURN completes synchronously: the result is the RETURN's own status.
abi::Error ret(Process* p, const abi::Sqe& s, const cap::Entry& ep_cap);
abi::Error cancel(Process* p, const abi::Sqe& s);

void tick();                    // call deadlines
void drop_process(Process* p);  // p is exiting: forget its calls and RECVs
void endpoint_died(kobj::Endpoint* ep);

}  // namespace ipc
