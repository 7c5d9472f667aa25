// One gateway connection: its socket, buffers, frame reader and session
// core. Heap-allocated at accept (the buffers are large); shared by the
// event loop (conn_loop.cc) and admission (admission.cc).
#pragma once

#include <stdint.h>
#include <string.h>

#include "libcaprt/runtime/ring.h"
#include "services/gateway/conn_loop.h"
#include "services/lib/ipc-backend/front_end.h"
#include "services/lib/remote-session/session.h"

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

// Per-connection state; heap-allocated at accept (the buffers are large).
// The recv and the send in flight each have their own params/reply
// buffers: the kernel writes the replies at completion time.
struct Conn {
  Conn(rs::Backend& backend, const rs::SharedBounds& shared, const rs::ConnectionInfo& info,
       const rs::SessionLimits& limits)
      : reader(frame, sizeof(frame),
               rs::FramePolicy{rs::kDefaultMaxFrameBytes, kFrameDeadlineMs, kFrameMaxChunks}),
        session(backend, shared, info, limits) {}

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
  void Close(uint64_t now) {
    if (closing) return;
    closing = true;
    drain_deadline_ms = (hold_until_ms > now ? hold_until_ms : now) + kCloseDrainMs;
  }
  bool Held(uint64_t now) const { return hold_until_ms > now; }

  caprt::Cap sock;
  uint64_t event = 0;
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
  rs::Session session;
  alignas(8) uint8_t recv_params[256];
  alignas(8) uint8_t recv_reply[kChunk + 64];
  alignas(8) uint8_t send_params[kChunk + 64];
  alignas(8) uint8_t send_reply[256];
  uint8_t in[kChunk];
  uint8_t frame[rs::kDefaultMaxFrameBytes];
  alignas(8) uint8_t out[kOutBytes];
};

}  // namespace gateway
