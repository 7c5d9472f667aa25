// One browser session's server side: the remote-session core it talks to
// (the same core the gateway runs per TCP connection; here per browser
// session, across HTTP connections), the requests waiting on it, and the
// state of its pushes. Lives in the slot of web_sessions.h's table that has
// the same index; the table entry points at it (WebSession::user).
#pragma once

#include <stdint.h>

#include "services/lib/remote-session/session.h"

namespace web_ui {

namespace rs = remote_session;

// What an answer from the core is for.
enum class WaitKind : uint8_t { kHttp, kPushChat, kPushPaperclips };

// A request handed to the core (or queued for it while it is busy), by the
// id the web UI gave it. The client's own requestId goes back in the JSON.
struct Waiter {
  bool used = false;
  bool fed = false;  // handed to the core; false: queued behind a busy core
  WaitKind kind = WaitKind::kHttp;
  uint32_t id = 0;         // Request::request_id as the core sees it
  uint32_t client_id = 0;  // the page's requestId
  rs::RequestKind request = rs::RequestKind::kAuthMethods;
  uint32_t conn = 0;  // kHttp: the connection slot and its serial
  uint64_t conn_serial = 0;
};

struct Browser {
  Browser(rs::Backend& backend, const rs::SharedBounds& shared, const rs::ConnectionInfo& info,
          const rs::SessionLimits& limits)
      : session(backend, shared, info, limits), event(info.source.connection_event) {}

  // Queued requests in arrival order, then those in the core.
  static constexpr uint32_t kMaxWaiters = 8;
  rs::Session session;
  uint64_t event;          // the backend's routing key for this session's CQEs
  uint64_t source_id = 0;  // the peer that created it (per-source login policy)
  uint32_t next_id = 1;
  Waiter waiters[kMaxWaiters];
  rs::Request queued[kMaxWaiters];  // waiters[i]'s request while !fed
  // Pushes: the WebSocket that carries them (slot + serial; -1 none).
  int32_t ws_conn = -1;
  uint64_t ws_serial = 0;
  bool watch_chat = false, watch_paperclips = false;
  bool chat_inflight = false, paperclips_inflight = false;
  uint64_t chat_since = 0;            // the last chat sequence pushed
  uint64_t paperclips_ticks = ~0ull;  // the last game tick pushed
  uint64_t next_push_ms = 0;
};

}  // namespace web_ui
