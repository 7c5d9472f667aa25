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
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/session.h"

namespace gateway {

// One recv/send per connection plus the accept must stay under the ring's
// per-process async bound (ring::kMaxAsync, 192) with room for the
// synchronous backend calls; 72 leaves room for 64 concurrent sessions.
inline constexpr uint32_t kMaxConns = 72;
inline constexpr uint32_t kBacklog = 16;
inline constexpr uint32_t kChunk = 16 * 1024;
inline constexpr uint32_t kLoginsPerPrincipal = 16;
// A started frame must be complete within this, in at most this many recvs.
inline constexpr uint64_t kFrameDeadlineMs = 3000;
inline constexpr uint32_t kFrameMaxChunks = 64;

struct Conn;

class Loop {
 public:
  Loop(remote_session::Backend& backend, caprt::Console& console, caprt::Timer timer,
       uint16_t port);
  // Serves until the listener fails; returns why.
  caprt::Error Run(const caprt::Cap& listener);

 private:
  uint64_t NowMs();
  void Submit(const abi::Sqe& sqe);
  void PostAccept();
  void OnAccept(const abi::Cqe& cqe);
  void Refuse(const caprt::Cap& sock);
  void PostRecv(uint32_t i);
  void OnRecv(uint32_t i, const abi::Cqe& cqe);
  // Feeds buffered bytes to the frame reader until a response must be sent
  // (then sends it) or the bytes run out (then recvs).
  void Process(uint32_t i);
  void Respond(uint32_t i, const remote_session::Output& out);
  void PostSend(uint32_t i);
  void OnSend(uint32_t i, const abi::Cqe& cqe);
  void Finish(uint32_t i, const char* why);

  remote_session::Backend& backend_;
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
