// The gateway's side of one per-session chat worker: spawn it through the
// restricted launcher bound to the session cell, relay Chat calls to it over
// its control endpoint, and stop it (graceful shutdown, kill as fallback).
//
// Ownership: a Worker holds the control endpoint's client facet and the
// worker's ProcessHandle (never shown to remote clients); Stop() releases
// both. The owner facet is moved to the worker at launch.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/ring.h"
#include "services/lib/remote-session/types.h"

namespace gateway {

// The caps every worker launch needs; the gateway's own grants.
struct WorkerCaps {
  caprt::Cap launcher;  // RestrictedLauncher client
  caprt::Cap factory;   // EndpointFactory (control endpoints)
  caprt::Cap console;   // passed on as the worker's console
  caprt::Cap chat;      // Chat client facet, passed on narrowed to call
};

// The manifest launcher profile and binary the gateway asks for.
inline constexpr const char* kWorkerProfile = "chat-worker";
inline constexpr const char* kWorkerBinary = "chat-worker";
// Bounds on how long one session's worker can hold up the event loop.
inline constexpr uint16_t kRelayTimeoutMs = 6000;
inline constexpr uint16_t kShutdownTimeoutMs = 1000;

class Worker {
 public:
  bool running() const { return running_; }
  uint32_t pid() const { return pid_; }

  // Launches the worker bound to `cell`. kOk, kStale (the launcher says the
  // session is logged out), kBoundExceeded (no endpoint/process room),
  // kUnavailable (launcher denial or failure; the reason goes to `why`).
  remote_session::BackendStatus Start(const WorkerCaps& caps, const caprt::Cap& cell, char* why,
                                      uint32_t why_cap);

  // One Chat call relayed through the worker; kStale after logout.
  remote_session::BackendStatus Call(const remote_session::ChatRequest& request,
                                     remote_session::ChatReply* reply);

  // Graceful shutdown through the control endpoint; kill if that fails or
  // the worker does not end. Idempotent. Returns true if it had to kill.
  bool Stop();

 private:
  bool running_ = false;
  uint32_t pid_ = 0;
  caprt::Cap control_;
  caprt::Cap handle_;
};

// Encodes the Chat params message for `request` into out (8-byte aligned);
// returns its length, or 0 if it does not fit.
uint32_t EncodeChatParams(const remote_session::ChatRequest& request, void* out, uint32_t cap);
// Decodes the Chat results of `op` into *reply; false for a bad message.
bool DecodeChatResults(remote_session::ChatOp op, const void* data, uint32_t len,
                       remote_session::ChatReply* reply);

}  // namespace gateway
