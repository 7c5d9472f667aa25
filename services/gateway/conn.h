// One gateway connection (its socket, buffers and frame reader) and the
// session it feeds (the remote-session core, which may outlive it and may
// be fed by several connections). Both heap-allocated (the buffers are
// large); shared by the event loop (conn_loop.cc), the session table
// (sessions.cc) and admission (admission.cc).
#pragma once

#include <stdint.h>
#include <string.h>

#include "libcaprt/runtime/ring.h"
#include "services/gateway/conn_loop.h"
#include "services/lib/ipc-backend/front_end.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/tls-front/channel.h"

namespace gateway {

namespace rs = remote_session;

// user_data of the connections' CALLs: the front ends' shared layout.
using ipc_backend::front_end::kAccept;
using ipc_backend::front_end::kCancel;
using ipc_backend::front_end::kLoopIndex;
using ipc_backend::front_end::kMark;
using ipc_backend::front_end::kRecv;
using ipc_backend::front_end::kSend;
using ipc_backend::front_end::kTimer;
using ipc_backend::front_end::Tag;

// Room for one maximal response beyond a few small ones already queued.
constexpr uint32_t kOutBytes = rs::kMaxResponseFrameBytes + 4096;

// One session core and what attaches to it. Created with a connection (a
// pre-auth core of its own); a connection that resumes another session
// leaves its own for that one. With no connection left, a session that
// holds live terminals is parked until park_until_ms instead of ended, so
// a client can come back to it (sessionResume).
struct Sess {
  Sess(rs::Backend& backend, const rs::SharedBounds& shared, const rs::ConnectionInfo& info,
       const rs::SessionLimits& limits)
      : core(backend, shared, info, limits), event(info.source.connection_event) {}

  rs::Session core;
  uint64_t event;              // the backend's key for it (its first connection's event)
  uint32_t conns = 0;          // connections attached
  uint64_t park_until_ms = 0;  // parked (no connection): ended then
};

// Per-connection state; heap-allocated at accept (the buffers are large).
// The recv and the send in flight each have their own params/reply
// buffers: the kernel writes the replies at completion time.
struct Conn {
  Conn()
      : reader(frame, sizeof(frame),
               rs::FramePolicy{rs::kDefaultMaxFrameBytes, kFrameDeadlineMs, kFrameMaxChunks}) {}

  uint32_t Queued() const { return out_tail - out_head; }
  // Compacts the queue; true if a maximal response fits behind it.
  bool Room() {
    if (out_head == out_tail) out_head = out_tail = 0;
    if (sizeof(out) - out_tail < rs::kMaxResponseFrameBytes && out_head > 0) {
      memmove(out, out + out_head, Queued());  // the send in flight holds a copy
      out_tail -= out_head;
      out_head = 0;
    }
    return sizeof(out) - out_tail >= rs::kMaxResponseFrameBytes;
  }
  // Queues a core output: a hold stops sends and frames until it ends; a
  // close gets a drain deadline after it.
  void Append(const rs::Output& o, uint64_t now) {
    out_tail += static_cast<uint32_t>(o.length);
    if (o.hold_ms != 0) hold_until_ms = now + o.hold_ms;
    if (o.close) Close(now);
  }
  void Close(uint64_t now, const char* why = "closed by session") {
    if (closing) return;
    closing = true;
    close_why = why;
    drain_deadline_ms = (hold_until_ms > now ? hold_until_ms : now) + kCloseDrainMs;
  }
  bool Held(uint64_t now) const { return hold_until_ms > now; }

  caprt::Cap sock;
  uint64_t event = 0;   // this connection's (logs, eviction age)
  uint32_t origin = 0;  // Request::origin of its frames: unique, never 0
  Sess* sess = nullptr;
  bool counted = true;             // holds a unit of Loop::connections_
  uint64_t hold_until_ms = 0;      // no sends, no frames before this (source penalty)
  uint64_t drain_deadline_ms = 0;  // closing: cut off at this time
  bool recv_posted = false, send_posted = false;
  bool closing = false;                 // send what is queued, then close
  bool dying = false;                   // closed; waiting for the ops in flight
  uint32_t in_len = 0, in_off = 0;      // received bytes not yet fed
  uint32_t out_head = 0, out_tail = 0;  // queued response bytes
  uint32_t sent_len = 0;                // bytes of the send in flight
  uint64_t send_tsc = 0;                // when it was submitted (stage clock)
  rs::FrameReader reader;
  // On a TLS port: the connection's TLS state. `in` then holds decrypted
  // bytes and `out` the plaintext still to be sealed (conn_loop.cc).
  tls_front::Channel* tls = nullptr;
  const char* close_why = "closed by session";
  alignas(8) uint8_t recv_params[256];
  alignas(8) uint8_t recv_reply[kChunk + 64];
  alignas(8) uint8_t send_params[kChunk + 64];
  alignas(8) uint8_t send_reply[256];
  uint8_t in[kChunk];
  uint8_t frame[rs::kDefaultMaxFrameBytes];
  alignas(8) uint8_t out[kOutBytes];
};

}  // namespace gateway
