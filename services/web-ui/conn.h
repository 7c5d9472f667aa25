// One TCP connection of the web UI: HTTP/1.1 keep-alive requests, or, after
// an upgrade, one WebSocket that carries a browser session's pushes.
// Heap-allocated at accept (the request reader and the out queue are large);
// shared by the loop (loop.cc), the HTTP endpoints (http_serve.cc), the
// session bridge (bridge.cc) and the pushes (pushes.cc).
#pragma once

#include <stdint.h>
#include <string.h>

#include "libcaprt/runtime/ring.h"
#include "services/lib/http/request_reader.h"
#include "services/lib/ipc-backend/front_end.h"
#include "services/lib/remote-session/codec.h"
#include "services/lib/tls-front/channel.h"
#include "services/lib/websocket/frame_reader.h"

namespace web_ui {

// user_data of the connections' CALLs: the front ends' shared layout.
using ipc_backend::front_end::kAccept;
using ipc_backend::front_end::kCancel;
using ipc_backend::front_end::kLoopIndex;
using ipc_backend::front_end::kMark;
using ipc_backend::front_end::kRecv;
using ipc_backend::front_end::kSend;
using ipc_backend::front_end::kTimer;
using ipc_backend::front_end::Tag;

// Bytes per TCP recv/send.
constexpr uint32_t kChunk = 8 * 1024;
// The out queue holds one whole response: the largest rendered view (a
// 64 KiB DTO grows by at most ~2x as JSON: escapes, names, decimal
// strings), its headers, and what is still queued before it.
constexpr uint32_t kOutBytes = 192 * 1024;
constexpr uint32_t kMaxResponseBytes = 160 * 1024;
// A WebSocket message from the page is a small JSON object ({"watch": ...}).
constexpr uint32_t kWsMessageBytes = 1024;

enum class ConnMode : uint8_t { kHttp, kWebSocket };

struct Conn {
  Conn() : ws(ws_buf, sizeof(ws_buf), kWsMessageBytes) {}

  uint32_t Queued() const { return out_tail - out_head; }
  // Bytes still to send: the queue, then a bundle file's body sent straight
  // from the bundle.
  uint32_t Pending() const { return Queued() + body_left; }
  // Compacts the queue; true if a maximal response fits behind it.
  bool Room() {
    if (out_head == out_tail) out_head = out_tail = 0;
    if (sizeof(out) - out_tail < kMaxResponseBytes && out_head > 0 && !send_posted) {
      memmove(out, out + out_head, Queued());
      out_tail -= out_head;
      out_head = 0;
    }
    return sizeof(out) - out_tail >= kMaxResponseBytes;
  }
  uint8_t* Tail() { return out + out_tail; }
  uint32_t TailRoom() const { return sizeof(out) - out_tail; }

  caprt::Cap sock;
  uint64_t serial = 0;     // per accept; a browser's waiter names its conn by slot + serial
  uint64_t source_id = 0;  // the peer address the kernel saw (per-source policy key)
  ConnMode mode = ConnMode::kHttp;
  bool counted = true;  // holds a unit of Loop::connections_
  bool recv_posted = false, send_posted = false;
  bool closing = false;  // send what is queued, then close
  bool dying = false;    // closed; waiting for the ops in flight
  bool keep_alive = true;
  // A request handed to a browser session waits for its answer: no other
  // request is read meanwhile (HTTP/1.1 answers in order).
  bool waiting = false;
  int32_t browser = -1;  // the session it waits on, or whose pushes it carries
  uint64_t accepted_ms = 0;
  uint64_t request_start_ms = 0;  // first byte of the current request (0: idle)
  uint64_t idle_since_ms = 0;     // last answer sent (keep-alive idle clock)
  uint64_t send_start_ms = 0;     // the send in flight (send deadline)
  uint64_t hold_until_ms = 0;     // a held failed login: no send before this
  uint64_t drain_deadline_ms = 0;
  uint32_t in_len = 0, in_off = 0;
  uint32_t out_head = 0, out_tail = 0;
  uint32_t sent_len = 0;
  // A bundle file too large for the out queue: its head is queued, its body
  // is sent from the bundle's own (read-only, process-lifetime) bytes after
  // it, in kChunk pieces. No other request is read until it is sent.
  const uint8_t* body = nullptr;
  uint32_t body_left = 0;
  bool sending_body = false;
  // On a TLS port: the connection's TLS state; `in` then holds decrypted
  // bytes, and the queue and a file's body are sealed before each send
  // (tls.cc).
  tls_front::Channel* tls = nullptr;
  http::RequestReader reader;
  websocket::FrameReader ws;
  alignas(8) uint8_t recv_params[256];
  alignas(8) uint8_t recv_reply[kChunk + 64];
  alignas(8) uint8_t send_params[kChunk + 64];
  alignas(8) uint8_t send_reply[256];
  uint8_t in[kChunk];
  uint8_t ws_buf[kWsMessageBytes];
  uint8_t out[kOutBytes];
};

}  // namespace web_ui
