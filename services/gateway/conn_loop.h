// The gateway's event loop: one accept and, per connection, at most one
// TCP recv and one send in flight as asynchronous CALLs on the ring (as
// services/echo), with one remote-session core per connection. Nothing in
// it waits for another process (docs/architecture.md, "Asynchronous
// services"): chat calls go to the session's worker through the RelayPool
// and land in Session::CompleteChat, so a client may pipeline requests and
// have several worker calls outstanding (the core bounds them); every
// other backend call (login, bundle, system text, worker start, logout and
// worker stop) is an IpcBackend operation whose Completion lands in
// Session::Complete. While a session waits for one it is busy and takes no
// frames; every other connection keeps being served meanwhile.
//
// Responses queue in the connection's out buffer; a frame or an answer is
// handled only while the queue has room for a maximal response, so nothing
// is dropped (backpressure stops the recvs instead).
//
// Frame deadlines come from the core's FrameReader: a recv waits forever
// while no frame has started, and with timeoutMs = the started frame's
// remaining time otherwise. A connection is closed on its own errors only
// (reset, failed send, terminal frame status, a response with close).
// Closing cancels its TCP ops and worker calls; the Conn is freed only when
// the kernel has completed every op that writes into it; a backend
// operation in flight finishes on its own (a login that lands is ended).
// Admission (admission.cc): a connection without a live login is closed
// with loginTimeout after the manifest's grace period; when every connection slot is
// taken, the oldest pre-auth connection is closed (boundExceeded) to make
// room, so idle connections can never lock a real user out; live sessions
// and logins in flight are never evicted. A failed login from a penalized
// source has its denial held (SourcePolicy), which slows that source and
// nobody else. One Timer sleepUntil in flight drives the deadlines.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/ipc-backend/front_end.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/source_policy.h"

namespace gateway {

// The backend is shared with the other front ends (services/lib/ipc-backend).
using ipc_backend::AdmissionPolicy;
using ipc_backend::IpcBackend;
using ipc_backend::kMaxRelays;
using ipc_backend::RelayPool;

// Live connections: 72 leaves room for 64 concurrent sessions. Evicted or
// closing connections stop counting at once but keep their slot until the
// kernel has completed their ops, so there are a few spare slots. One recv
// and one send per slot plus the accept (1 + 2 * 76 = 153), the worker
// relays (kMaxRelays, 32), the backend operations' window
// (IpcBackend::kOpWindow, 4), the deadline timer and one direct call to a
// kernel object (a refusal's send, a session-cell query) stay under the
// ring's per-process async bound (ring::kMaxAsync, 192): 191.
inline constexpr uint32_t kMaxConns = 72;
inline constexpr uint32_t kSlots = kMaxConns + 4;
static_assert(1 + 2 * kSlots + kMaxRelays + IpcBackend::kOpWindow + 1 + 1 <= abi::kMaxAsync,
              "the loop's CALLs fit the ring's async bound");
// The kernel's largest listen backlog: a burst of connects past a small
// one loses SYNs, and the host's retries back off for seconds (70 connects
// took 23 s with 16, 12 s with 64).
inline constexpr uint32_t kBacklog = 64;
// Bytes per TCP recv/send. 8 KiB keeps a Conn (with its 64 KiB frame and
// out buffers) small enough for kMaxConns in the manifest's heap.
inline constexpr uint32_t kChunk = 8 * 1024;
inline constexpr uint32_t kLoginsPerPrincipal = 16;
// A started frame must be complete within this, in at most this many recvs.
inline constexpr uint64_t kFrameDeadlineMs = 3000;
inline constexpr uint32_t kFrameMaxChunks = 64;
// A closing connection whose peer does not take its last bytes within this
// is cut off, so its slot comes back.
inline constexpr uint64_t kCloseDrainMs = 2000;
// The deadline timer never sleeps longer than this, so a deadline set while
// it sleeps is late by at most this much.
inline constexpr uint64_t kTimerSliceMs = 250;

struct Conn;

class Loop {
 public:
  Loop(IpcBackend& backend, caprt::Console& console, caprt::Timer timer,
       const AdmissionPolicy& admission);
  // Serves until the listener fails; returns why.
  caprt::Error Run(const caprt::Cap& listener);

 private:
  // The shared completion routing (services/lib/ipc-backend/front_end.h).
  template <typename L>
  friend caprt::Error ipc_backend::front_end::Run(L& loop);
  // A recv or send CQE of connection slot i.
  void OnConnOp(uint32_t i, uint64_t op, const abi::Cqe& cqe);
  // The time of the event being handled (read once per CQE by Tick).
  uint64_t NowMs();
  void Tick();
  void PostAccept();
  void OnAccept(const abi::Cqe& cqe);
  void Refuse(const caprt::Cap& sock);
  void OnRelay(const abi::Cqe& cqe);
  // A backend operation's CQE: the next step, or its answer to the core.
  void OnOp(const abi::Cqe& cqe);
  // Drives connection i after any event: worker answers and buffered frames
  // into the out queue (while it has room), then the send, the recv, the close.
  void Pump(uint32_t i);
  // false: the started frame's deadline had already passed (reader ticked).
  bool PostRecv(uint32_t i);
  void OnRecv(uint32_t i, const abi::Cqe& cqe);
  void PostSend(uint32_t i);
  void OnSend(uint32_t i, const abi::Cqe& cqe);
  // Tears the session down and cancels the connection's ops; the Conn is
  // freed by MaybeFree once none is in flight.
  void Finish(uint32_t i, const char* why);
  // Frees a finished connection with no op in flight. Called by the loop
  // after each event, never below a handler that still uses the Conn.
  void MaybeFree(uint32_t i);
  void LogHeap();
  void LogStages();
  // admission.cc
  // Makes room for a new connection by closing the oldest pre-auth one;
  // false if every live connection is authenticated (or logging in).
  bool Evict();
  // Applies hold, grace and drain deadlines to connection i.
  void CheckDeadlines(uint32_t i, uint64_t now);
  // Keeps one sleepUntil in flight while any deadline exists.
  void ArmTimer();
  void OnTimer();

  IpcBackend& backend_;
  caprt::Console& console_;
  caprt::Timer timer_;
  caprt::EventClock clock_;
  AdmissionPolicy admission_;
  caprt::Cap listener_;
  remote_session::Counter connections_{kMaxConns};
  remote_session::Counter cap_holders_{2 * kMaxConns};
  remote_session::LoginRegistry logins_{kLoginsPerPrincipal};
  remote_session::SourcePolicy sources_;
  alignas(8) uint8_t accept_reply_[128];
  alignas(8) uint8_t timer_params_[64];
  bool timer_posted_ = false;
  uint64_t start_ms_ = 0, start_tsc_ = 0;  // calibrates the stage clock
  uint64_t now_ms_ = 0;
  Conn* conns_[kSlots] = {};
  uint64_t next_event_ = 1;
};

}  // namespace gateway
