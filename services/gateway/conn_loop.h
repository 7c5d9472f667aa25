// The gateway's event loop: one accept and, per connection, at most one
// TCP recv and one send in flight as asynchronous CALLs on the ring (as
// services/echo), with one remote-session core per connection. Chat calls
// go to the session's worker asynchronously (RelayPool): the core answers
// them later through Session::CompleteChat, so a client may pipeline
// requests and have several worker calls outstanding (the core bounds
// them). Other backend calls (authority) are synchronous CALLs with
// timeouts; completions that arrive meanwhile wait in the ring's stash.
//
// Responses queue in the connection's out buffer; a frame or a worker
// answer is handled only while the queue has room for a maximal response,
// so nothing is dropped (backpressure stops the recvs instead).
//
// Frame deadlines come from the core's FrameReader: a recv waits forever
// while no frame has started, and with timeoutMs = the started frame's
// remaining time otherwise. A connection is closed on its own errors only
// (reset, failed send, terminal frame status, a response with close).
// Closing cancels its TCP ops and worker calls; the Conn is freed only when
// the kernel has completed every op that writes into it.
// The gateway's event loop: one accept and, per connection, one recv or one
// send in flight as asynchronous CALLs on the ring (as services/echo), with
// one remote-session core per connection. Backend calls (authority, worker)
// are synchronous CALLs with timeouts; completions of the TCP ops that
// arrive meanwhile wait in the ring's stash.
//
// Frame deadlines come from the core's FrameReader: a recv waits forever
// while no frame has started, and with timeoutMs = the started frame's
// remaining time otherwise. A connection is closed on its own errors only
// (reset, failed send, terminal frame status, a response with close).
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"
#include "services/gateway/ipc_backend.h"
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/session.h"

namespace gateway {

// One recv and one send per connection plus the accept (1 + 2 * 72 = 145),
// the worker relays (kMaxRelays, 32) and one synchronous backend call stay
// under the ring's per-process async bound (ring::kMaxAsync, 192); 72
// leaves room for 64 concurrent sessions.
inline constexpr uint32_t kMaxConns = 72;
inline constexpr uint32_t kBacklog = 16;
// Bytes per TCP recv/send. 8 KiB keeps a Conn (with its 64 KiB frame and
// out buffers) small enough for kMaxConns in the manifest's heap.
inline constexpr uint32_t kChunk = 8 * 1024;
inline constexpr uint32_t kLoginsPerPrincipal = 16;
// A started frame must be complete within this, in at most this many recvs.
inline constexpr uint64_t kFrameDeadlineMs = 3000;
inline constexpr uint32_t kFrameMaxChunks = 64;

struct Conn;

class Loop {
 public:
  Loop(IpcBackend& backend, caprt::Console& console, caprt::Timer timer, uint16_t port);
  // Serves until the listener fails; returns why.
  caprt::Error Run(const caprt::Cap& listener);

 private:
  uint64_t NowMs();
  void Submit(const abi::Sqe& sqe);
  void PostAccept();
  void OnAccept(const abi::Cqe& cqe);
  void Refuse(const caprt::Cap& sock);
  void OnRelay(const abi::Cqe& cqe);
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

  IpcBackend& backend_;
  caprt::Console& console_;
  caprt::Timer timer_;
  uint64_t source_id_;
  caprt::Cap listener_;
  remote_session::Counter connections_{kMaxConns};
  remote_session::Counter cap_holders_{2 * kMaxConns};
  remote_session::LoginRegistry logins_{kLoginsPerPrincipal};
  alignas(8) uint8_t accept_reply_[128];
  Conn* conns_[kMaxConns] = {};
  uint64_t next_event_ = 1;
};

}  // namespace gateway
