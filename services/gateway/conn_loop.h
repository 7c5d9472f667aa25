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
//
// Sessions (sessions.cc) are not connections: a login's core lives in a
// Sess that any connection holding its resume ticket may join
// (sessionResume), and every answer goes back to whoever asked
// (Output::origin). A session whose last connection goes is ended (logged
// out, workers stopped), unless it holds live terminals: then it is parked
// for the terminal grace period, and a client that comes back within it
// finds its shells as they were.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"
#include "mbedtls/ssl.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/ipc-backend/front_end.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/source_policy.h"

namespace gateway {

namespace rs = remote_session;

// The backend is shared with the other front ends (services/lib/ipc-backend).
using ipc_backend::AdmissionPolicy;
using ipc_backend::IpcBackend;
using ipc_backend::kMaxRelays;
using ipc_backend::RelayPool;

// Live connections: 64. Evicted or closing connections stop counting at
// once but keep their slot until the kernel has completed their ops, so
// there are a few spare slots. One recv and one send per slot plus the
// accept (1 + 2 * 68 = 137), the worker relays (kMaxRelays, 32), the
// backend operations' window (IpcBackend::kOpWindow, 4), the deadline
// timer, one direct call to a kernel object (a refusal's send, a
// session-cell query) and a RECV and a wait per shell (2 * kMaxShells, 16)
// stay under the ring's per-process async bound (ring::kMaxAsync, 192):
// 191. (The shells took 8 connections from the 72 there were.)
inline constexpr uint32_t kMaxConns = 64;
inline constexpr uint32_t kSlots = kMaxConns + 4;
static_assert(1 + 2 * kSlots + kMaxRelays + IpcBackend::kOpWindow + 1 + 1 +
                      2 * ipc_backend::kMaxShells <=
                  abi::kMaxAsync,
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
// Session cores: one per connection, plus parked ones.
inline constexpr uint32_t kMaxSess = kSlots + 16;

struct Conn;
struct Sess;

// Resume tickets from the kernel CSPRNG (none without an entropy grant:
// then sessions end with their last connection, as before).
class Tickets final : public remote_session::ResumeTickets {
 public:
  explicit Tickets(const caprt::Cap& entropy) : entropy_(entropy) {}
  bool Mint(uint8_t* out) override;

 private:
  caprt::Cap entropy_;
};

class Loop {
 public:
  // `tickets` may be null (no resume); `tls` null serves plaintext, else
  // every connection is TLS with that config.
  Loop(IpcBackend& backend, caprt::Console& console, caprt::Timer timer,
       const AdmissionPolicy& admission, Tickets* tickets, const mbedtls_ssl_config* tls);
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
  // Drives connection i's session after any event (Pump(Sess&)).
  void Pump(uint32_t i);
  // The session's answers (worker, backend) while every connection of it
  // has room, then each connection's frames, sends, recvs and close.
  void Pump(Sess& s);
  // Connection i's buffered frames into its session's core, then its send,
  // recv and close.
  void PumpConn(uint32_t i);
  // sessions.cc
  // Routes a core output (in staging_) to whoever asked: the connection
  // with its origin, else connection `fallback` (-1: none). Returns false
  // if the output asked to join another session (handled here).
  void Emit(Sess& s, const rs::Output& o, int fallback);
  // Connection i's pre-auth session asked to join the ticket's session.
  void Join(uint32_t i);
  // True when every connection attached to s has room for an answer.
  bool AllRoom(const Sess& s) const;
  Sess* NewSess(const rs::ConnectionInfo& info);
  // Connection i leaves its session: the session ends or is parked when
  // it was the last.
  void Leave(uint32_t i);
  void EndSess(Sess* s, const char* why);
  int ConnIndex(uint32_t origin) const;
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
  // MaybeFree for every slot: one event may close any connection of a session.
  void Settle();
  void LogHeap();
  void LogStages();
  // tls.cc
  // Gives connection i its TLS channel; false without memory for it.
  bool StartTls(uint32_t i);
  // Refills connection i's `in` with plaintext (running the handshake
  // first); false when there is none now. A failed or closed channel
  // closes the connection.
  bool Decrypt(uint32_t i);
  // Seals queued responses into the channel, then close_notify if closing.
  void Seal(Conn& c);
  // Nothing left to send (with TLS: nothing sealable, no record pending).
  bool Drained(const Conn& c) const;
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
  Tickets* tickets_;
  const mbedtls_ssl_config* tls_;
  rs::SessionLimits limits_;
  Sess* sess_[kMaxSess] = {};
  uint32_t next_origin_ = 1;
  // A core output is written here, then copied to whoever asked.
  alignas(8) uint8_t staging_[rs::kMaxResponseFrameBytes];
  alignas(8) uint8_t accept_reply_[128];
  alignas(8) uint8_t timer_params_[64];
  bool timer_posted_ = false;
  uint64_t start_ms_ = 0, start_tsc_ = 0;  // calibrates the stage clock
  uint64_t now_ms_ = 0;
  Conn* conns_[kSlots] = {};
  uint64_t next_event_ = 1;
};

}  // namespace gateway
