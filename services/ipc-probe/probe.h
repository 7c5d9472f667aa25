// Shared plumbing of ipc-probe's checks (PASS/FAIL bookkeeping is
// services/lib/probe's): the kernel
// caps the probe is granted, Echo servers it starts, and raw SQE helpers
// for the checks that need several calls in flight at once.
#pragma once

#include <stdint.h>

#include <capnp/message.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/clients/process_spawner.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/ipc.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"
#include "services/lib/probe/harness.h"

namespace ipcprobe {

// Every wait is bounded: a probe must fail, never hang.
inline constexpr uint64_t kWaitNs = 5000ull * 1000 * 1000;
inline constexpr uint16_t kUnknownMethod = 77;

struct Env {
  caprt::Console console;
  caprt::Timer timer;
  caprt::ProcessSpawner spawner;
  caprt::Cap factory;    // EndpointFactory
  caprt::Cap authority;  // SessionAuthority
  caprt::Cap entropy;    // EntropySource
};

class Probe : public harness::Harness {
 public:
  explicit Probe(const Env& env) : Harness(env.console, "ipc-probe"), env(env) {}
  Env env;
};

// An ipc-echo process serving an endpoint the probe created; the probe
// keeps only the client facet (and the handle).
struct EchoServer {
  caprt::Cap client;
  caprt::ProcessHandle handle;
};
// With `keep_owner`, the caller keeps a copy of the owner facet too (so the
// endpoint outlives the server).
caprt::Result<EchoServer> StartEcho(Env& env, const char* name, bool disclose, uint64_t badge,
                                    caprt::Cap* keep_owner = nullptr);
// Kills the server and waits for it; releases the handle and client cap.
caprt::Status StopEcho(EchoServer& s);

// Builds params of type P with fill(P::Builder), CALLs `method` and leaves
// the reply in `reply`.
template <typename P, typename Fill>
caprt::Result<caprt::Reply> CallBuilt(const caprt::Cap& cap, uint16_t method, Fill&& fill,
                                      void* reply, uint32_t reply_cap,
                                      const caprt::CallOptions& o = {}) {
  capnp::MallocMessageBuilder b;
  fill(b.initRoot<P>());
  alignas(8) static uint8_t encoded[1024];
  caprt::Result<size_t> n = caprt::SerializeTo(b, encoded, sizeof(encoded));
  if (!n.ok()) return n.error();
  return caprt::CallWith(cap, method, encoded, static_cast<uint32_t>(n.value()), reply, reply_cap,
                         o);
}

// Raw CALL SQE, submitted but not waited for: its user_data (0 if the SQ
// is full).
uint64_t SubmitCall(const caprt::Cap& cap, uint16_t method, const void* params, uint32_t params_len,
                    void* result, uint32_t result_cap, uint16_t timeout_ms = 0);
// Submits a CANCEL of the call with `call_user_data`: its own user_data.
uint64_t SubmitCancel(uint64_t call_user_data);
// The CQE for `user_data`; each wait in the kernel is bounded by `ns`.
caprt::Result<abi::Cqe> WaitFor(uint64_t user_data, uint64_t ns = kWaitNs);
// A CQE status as an Error (kOk for 0).
inline caprt::Error StatusOf(const abi::Cqe& c) {
  return caprt::ErrorFromStatus(c.status);
}

void RunEndpointChecks(Probe& p);  // issue 3 item 1: round trip, header, typed errors
void RunTransferChecks(Probe& p);  // copy, move, narrowing, reply caps, transfer right
void RunBoundsChecks(Probe& p);    // busy, cancel, timeout, disconnected
void RunProcessChecks(Probe& p);   // spawn grants, exit status, fault, kill; entropy
void RunSessionChecks(Probe& p);   // session_ref, disclosure, staleSession, mint authority
int RunBench(Env env);             // bench mode: 100,000 echo round trips

}  // namespace ipcprobe
