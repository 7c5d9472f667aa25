// The processes behind a front end's terminals: one `shell` per terminal,
// started through the restricted launcher bound to the session's cell,
// with one cap: the client facet of a ShellHost endpoint
// (schema/terminal.capnp) whose owner facet stays here. The pool keeps a
// RECV posted on each shell's endpoint and a ProcessHandle.wait in flight,
// so it learns of every call and of the exit without ever blocking; what a
// call means is the TerminalSet's business (IpcBackend, terminal_ops.cc).
//
// A shell's calls are sequential (it is one simple process), so each
// shell has at most one call taken and not yet answered: the pool RECVs
// the next one only after answering (or parking) the last.
//
// user_data: bit 58 marks the pool (the loop uses 62, the relays 61 and
// 60, the backend's operations 59, the runtime 63), then the op, the
// shell's generation and its index, so a CQE of a freed shell is dropped.
// Ring budget: one RECV and one wait per shell (2 * kMaxShells); launches
// go through the backend's CallQueue window.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/runtime/ring.h"
#include "services/lib/ipc-backend/shell_decode.h"
#include "services/lib/ipc-backend/worker_client.h"

namespace ipc_backend {

inline constexpr uint32_t kMaxShells = 8;
// The launcher profile and binary (manifest launcherProfiles).
inline constexpr const char* kShellProfile = "shell";
inline constexpr const char* kShellBinary = "shell";
// A shell's largest call: a request message plus the RECV header.
inline constexpr uint32_t kShellRecvBytes = 8192 + 512;

struct ShellEvent {
  enum Kind : uint8_t {
    kNone,
    kStarted,  // the launch answered: `ok`
    kCall,     // a call was taken: `call`, `params`, `params_len`, `wait_ms`
    kExited,   // the process ended (or the launch failed before)
  } kind = kNone;
  uint32_t shell = 0;
  uint32_t owner = 0;  // the shell's backend slot, session handle and terminal
  uint64_t key = 0;
  uint32_t terminal_id = 0;
  bool ok = false;
  ShellCall call = ShellCall::kBad;
  const uint8_t* params = nullptr;  // kOutput: the bytes; kRequest: the Request message
  size_t params_len = 0;
  uint32_t wait_ms = 0;  // kInput
};

class ShellPool {
 public:
  static bool Owns(uint64_t user_data);
  // The CQE of a launch is the backend's CallQueue's: it must call
  // Completed() on it.
  static bool IsLaunch(uint64_t user_data);

  // Takes a shell slot for (owner, key, terminal) and prepares its launch:
  // the endpoint, the launch params and caps. Returns the shell index and
  // fills *sqe (tagged for this pool) for the caller's CallQueue, or -1
  // (no slot, no endpoint, params that do not fit).
  int Prepare(const WorkerCaps& caps, const caprt::Cap& cell, uint32_t owner, uint64_t key,
              uint32_t terminal_id, abi::Sqe* sqe);

  // One of this pool's CQEs: what it means, if anything. After kCall the
  // shell is waiting; answer it (AnswerInput/AnswerOutput/AnswerRequest/
  // Refuse) or park it and answer later.
  ShellEvent OnCqe(const abi::Cqe& cqe);

  // Answers the taken call and RECVs the next. Each is a RETURN to a
  // kernel object (answered at once). False if the shell has no call taken.
  bool AnswerInput(uint32_t shell, const uint8_t* bytes, size_t len, uint16_t cols, uint16_t rows,
                   bool resized, bool closing);
  bool AnswerOutput(uint32_t shell);
  bool AnswerRequest(uint32_t shell, const uint8_t* response, size_t len);
  bool Refuse(uint32_t shell, abi::Error error);

  // Kills the process and drops the endpoint: its taken call fails
  // `disconnected`. The slot is freed once the wait's CQE is back.
  void Stop(uint32_t shell);

  bool used(uint32_t shell) const { return shell < kMaxShells && slots_[shell].used; }
  uint32_t owner(uint32_t shell) const { return slots_[shell].owner; }
  uint64_t key(uint32_t shell) const { return slots_[shell].key; }
  uint32_t terminal(uint32_t shell) const { return slots_[shell].terminal_id; }
  uint32_t generation(uint32_t shell) const { return slots_[shell].generation; }
  // The taken request's Request message (valid until answered); false if
  // the shell has no request taken.
  bool TakenRequest(uint32_t shell, const uint8_t** message, size_t* len, bool* quiet) const;
  // The live shell of (key, terminal), or -1.
  int Find(uint64_t key, uint32_t terminal_id) const;
  uint32_t live() const;

 private:
  enum Op : uint8_t { kLaunch = 1, kRecv = 2, kWait = 3 };
  struct Slot {
    bool used = false;
    bool launching = false;  // the launch CALL is in flight
    bool running = false;    // launched, not stopped
    bool stopped = false;    // Stop() ran: only the wait's CQE frees it
    bool taken = false;      // a call is taken and not yet answered
    bool recv_posted = false;
    bool wait_posted = false;
    uint32_t generation = 0;
    uint32_t owner = 0;  // the backend slot
    uint64_t key = 0;    // the owner's session handle
    uint32_t terminal_id = 0;
    uint64_t token = 0;                // the taken call's
    const uint8_t* request = nullptr;  // a taken request's message, in recv
    size_t request_len = 0;
    bool request_quiet = false;
    caprt::Cap endpoint;  // the owner facet
    caprt::Cap handle;    // its ProcessHandle once launched (slot 0: none)
    abi::CapTransfer caps[kMaxLaunchCaps];
    alignas(8) uint8_t params[1024];
    alignas(8) uint8_t reply[512];
    alignas(8) uint8_t wait_reply[128];
    alignas(8) uint8_t recv[kShellRecvBytes];
  };
  uint64_t Tag(uint32_t i, Op op) const;
  void PostRecv(uint32_t i);
  void PostWait(uint32_t i);
  bool Return(uint32_t i, abi::Error status, const void* results, uint32_t len);
  ShellEvent Taken(uint32_t i, const abi::Cqe& cqe);
  void MaybeFree(uint32_t i);

  Slot slots_[kMaxShells];
};

}  // namespace ipc_backend
