// A front end's side of one per-session chat worker: spawn it through the
// restricted launcher bound to the session cell, relay Chat calls to it over
// its control endpoint (the messages: relay_codec.h), and stop it (graceful
// shutdown, kill as fallback).
//
// Ownership: a Worker holds the control endpoint's client facet and the
// worker's ProcessHandle (never shown to remote clients); Stop() releases
// both. The owner facet is moved to the worker at launch.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/ring.h"
#include "services/lib/remote-session/types.h"

namespace ipc_backend {

// The caps every worker launch needs; the front end's own grants.
struct WorkerCaps {
  caprt::Cap launcher;  // RestrictedLauncher client
  caprt::Cap factory;   // EndpointFactory (control endpoints)
  caprt::Cap console;   // passed on as the worker's console
  caprt::Cap chat;      // Chat client facet, passed on narrowed to call
};

// The manifest launcher profile and binary the front end asks for.
inline constexpr const char* kWorkerProfile = "chat-worker";
inline constexpr const char* kWorkerBinary = "chat-worker";
// A relay that the worker does not answer within this fails unavailable
// (the worker's own Chat call is bounded at 5 s).
inline constexpr uint16_t kRelayTimeoutMs = 6000;
// The launch, and each step of a stop (shutdown, wait for the exit, kill),
// are asynchronous CALLs with these bounds (ipc_backend.h runs them).
inline constexpr uint16_t kLaunchTimeoutMs = 10000;
inline constexpr uint16_t kShutdownTimeoutMs = 1000;
inline constexpr uint16_t kLaunchCaps = 4;
// A service launch: up to 6 grants and the session cell.
inline constexpr uint16_t kMaxLaunchCaps = 8;

// One grant of a generic launch: the child sees `cap` as `name`.
struct LaunchGrant {
  const char* name;
  caprt::Cap cap;
  uint32_t rights;
  abi::TransferMode mode;
};

// What a service launch asks the restricted launcher for.
struct LaunchSpec {
  const char* profile;
  const char* binary;
  const char* child_name;
  const LaunchGrant* grants;  // the control owner facet is added by Prepare
  uint32_t grant_count;
  const char* control_name;  // the worker's name for its control facet ("" = none)
  uint64_t control_iface;
  const caprt::Cap* cell;  // bind the child to this session (null = unbound)
};

class Worker {
 public:
  bool running() const { return running_; }
  uint32_t pid() const { return pid_; }

  // Creates the control endpoint (a kernel object: it answers at once) and
  // encodes RestrictedLauncher.launch params into params[0, *len) with the
  // kLaunchCaps caps it sends into `sent`; the caller submits the CALL.
  // kOk, or kBoundExceeded (no endpoint room) / kUnavailable with `why`.
  remote_session::BackendStatus PrepareLaunch(const WorkerCaps& caps, const caprt::Cap& cell,
                                              void* params, uint32_t capacity, uint32_t* len,
                                              abi::CapTransfer* sent, char* why, uint32_t why_cap);
  // The launch CALL's CQE (status, reply[0, len) with `reply_caps` caps):
  // kOk (running), kStale (the launcher says the session is logged out) or
  // kUnavailable with `why`. Either way the prepared facets are settled.
  remote_session::BackendStatus FinishLaunch(int32_t status, const void* reply, uint32_t len,
                                             uint16_t reply_caps, char* why, uint32_t why_cap);
  // The same for a service's worker: a control endpoint of
  // spec.control_iface (its owner facet moved to the child), the spec's
  // grants and the session cell into `sent` (*sent_count of them).
  remote_session::BackendStatus PrepareService(const caprt::Cap& factory, const LaunchSpec& spec,
                                               void* params, uint32_t capacity, uint32_t* len,
                                               abi::CapTransfer* sent, uint16_t* sent_count,
                                               char* why, uint32_t why_cap);
  // RestrictedLauncher.DenialCode of the last refused launch (-1: none).
  int last_denial() const { return last_denial_; }

  // The control endpoint's client facet (relays and the shutdown are CALLs
  // on it) and the ProcessHandle (wait, kill). Valid while running().
  const caprt::Cap& control() const { return control_; }
  const caprt::Cap& handle() const { return handle_; }

  // After the stop steps: drops both caps. Idempotent.
  void Release();
  // A worker a relay found gone: kills it (the ProcessHandle is a kernel
  // object, so this answers at once) in case it only dropped its endpoint,
  // then drops both caps.
  void Discard();

 private:
  bool running_ = false;
  uint32_t pid_ = 0;
  caprt::Cap control_;
  caprt::Cap handle_;
  caprt::Cap owner_;  // moved to the worker by a successful launch CALL
  int last_denial_ = -1;
};

// Encodes RestrictedLauncher.launch params for `spec` with grant i at cap
// index i (and the cell, if any, after them). Returns the length, 0 if it
// does not fit.
uint32_t EncodeLaunch(const LaunchSpec& spec, const char* control_name, void* out, uint32_t cap);

}  // namespace ipc_backend
