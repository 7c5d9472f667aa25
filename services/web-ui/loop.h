// The web UI's event loop: the gateway's async model (docs/architecture.md,
// "Asynchronous services") over HTTP. One accept and, per connection, at
// most one TCP recv and one send in flight as CALLs on the ring; browser
// sessions are a separate table (web_sessions.h), each with its own
// remote-session core (browser.h), so a browser's requests may arrive on any
// of its connections and its pushes on a WebSocket. Nothing waits for
// another process: a request the core answers later (login, worker calls,
// launches) parks its connection, and its answer comes back through the
// shared IPC backend's CQEs (services/lib/ipc-backend) to the browser
// session and from there to the connection.
//
// Deadlines (one Timer sleepUntil in flight drives them): a request must be
// complete kRequestDeadlineMs after its first byte, however it drips in; a
// WebSocket frame likewise; a send must complete within kSendDeadlineMs; an
// idle keep-alive connection is closed after kKeepAliveMs. With every slot
// taken, the oldest connection that carries nothing for a logged-in session
// (idle, or still reading a request) is closed for a new one.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/clients/timer.h"
#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"
#include "services/lib/http/request.h"
#include "services/lib/ipc-backend/backend_caps.h"
#include "services/lib/ipc-backend/front_end.h"
#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/remote-session/bounds.h"
#include "services/lib/remote-session/source_policy.h"
#include "services/lib/ui-bundle/ui_bundle.h"
#include "services/web-ui/browser.h"
#include "services/web-ui/conn.h"
#include "services/web-ui/cookies.h"
#include "services/web-ui/web_sessions.h"

namespace web_ui {

using ipc_backend::IpcBackend;
using ipc_backend::kMaxRelays;

// Connections: live ones, plus a few slots for closing ones whose ops the
// kernel still has to complete. Accept + a recv and a send per slot + the
// relays + the backend's op window + the timer + one direct call stay under
// the ring's async bound.
inline constexpr uint32_t kMaxConns = 48;
inline constexpr uint32_t kSlots = kMaxConns + 4;
static_assert(1 + 2 * kSlots + kMaxRelays + IpcBackend::kOpWindow + 1 + 1 +
                      2 * ipc_backend::kMaxShells <=
                  abi::kMaxAsync,
              "the loop's CALLs fit the ring's async bound");
// Browser sessions (pre-auth and logged in); logged-in ones each hold a
// backend session slot.
inline constexpr uint32_t kMaxBrowsers = 48;
static_assert(kMaxBrowsers <= IpcBackend::kMaxSessions, "a backend slot per browser");
inline constexpr uint32_t kBacklog = 64;
inline constexpr uint32_t kLoginsPerPrincipal = 16;
inline constexpr uint64_t kRequestDeadlineMs = 10000;
inline constexpr uint64_t kSendDeadlineMs = 10000;
inline constexpr uint64_t kKeepAliveMs = 30000;
inline constexpr uint64_t kCloseDrainMs = 2000;
inline constexpr uint64_t kTimerSliceMs = 250;
// How often a watched WebSocket's state is fetched for pushes.
inline constexpr uint64_t kPushIntervalMs = 1000;

struct Config {
  ipc_backend::AdmissionPolicy admission;
  SessionLimits sessions;  // browser-session expiry
  caprt::Cap entropy;      // the kernel CSPRNG: session ids and CSRF tokens
  const ui_bundle::Bundle* bundle = nullptr;
  // Null: plaintext. Else every connection is TLS with this config (the
  // manifest's tlsSigner grant), with HSTS and Secure cookies.
  const mbedtls_ssl_config* tls = nullptr;
};

class Loop {
 public:
  Loop(IpcBackend& backend, caprt::Console& console, caprt::Timer timer, const Config& config);
  caprt::Error Run(const caprt::Cap& listener);

 private:
  // The shared completion routing (services/lib/ipc-backend/front_end.h).
  template <typename L>
  friend caprt::Error ipc_backend::front_end::Run(L& loop);
  // A recv or send CQE of connection slot i.
  void OnConnOp(uint32_t i, uint64_t op, const abi::Cqe& cqe);
  // loop.cc: the ring, connections, deadlines.
  uint64_t NowMs() const { return now_ms_; }
  void Tick();
  void PostAccept();
  void OnAccept(const abi::Cqe& cqe);
  bool Evict();
  void OnRecv(uint32_t i, const abi::Cqe& cqe);
  void OnSend(uint32_t i, const abi::Cqe& cqe);
  // Drives connection i: parses what it has, sends what is queued, reads more.
  void Pump(uint32_t i);
  void PostRecv(uint32_t i);
  void PostSend(uint32_t i);
  void Finish(uint32_t i, const char* why);
  void MaybeFree(uint32_t i);
  void ArmTimer();
  void OnTimer();
  void CheckDeadlines(uint32_t i, uint64_t now);
  void LogHeap();
  Conn* At(uint32_t i, uint64_t serial);
  bool tls() const { return config_.tls != nullptr; }

  // tls.cc: what TLS changes per connection (the gateway's tls.cc too).
  // Refills connection i's `in` with plaintext (the handshake first);
  // false when there is none now. A failed or closed channel closes it.
  bool Decrypt(uint32_t i);
  // Something to send: queued bytes, or (TLS) sealed records.
  bool HasOutput(const Conn& c) const;
  // The next send's bytes: with TLS, seals the queue and then the file's
  // body into records first.
  const uint8_t* NextSend(Conn& c, uint32_t* len);
  // The send took n bytes of what NextSend gave.
  void Sent(Conn& c, uint32_t n);
  // Nothing left to send (with TLS: nothing sealable, no record pending).
  bool Drained(const Conn& c) const;

  // http_serve.cc: one complete request on connection i.
  void Serve(uint32_t i);
  void ServeBundle(uint32_t i, const http::Request& req);
  void ServeHealth(uint32_t i, const http::Request& req);
  void ServeHello(uint32_t i, const http::Request& req);
  void ServeRpc(uint32_t i, const http::Request& req);
  void ServeEvents(uint32_t i, const http::Request& req);
  void WriteDenial(uint32_t i, uint8_t denial);
  // Writes status + security headers + the extra headers + body.
  void WriteJson(uint32_t i, uint16_t status, const char* body, size_t len,
                 const char* const* cookies, uint32_t cookie_count);
  bool NewToken(Token* t);

  // bridge.cc: browser sessions and their cores.
  int32_t NewBrowser(const Token& id, const Token& csrf, uint64_t source_id, WebSession** entry);
  // A fresh core for table slot b (browsers_[b] must be empty).
  bool NewCore(uint32_t b, uint64_t source_id);
  void EndBrowser(uint32_t b, const char* why);
  void EndedEntry(const Ended& e);
  // Queues req for browser b's core; false if its waiters are full (an
  // HTTP request is then answered boundExceeded).
  bool Submit(uint32_t b, uint32_t conn, const rs::Request& req, WaitKind kind);
  // Feeds queued requests while the core is not busy.
  void Feed(uint32_t b);
  // Worker answers and backend completions for browser b.
  void PumpBrowser(uint32_t b);
  // A response frame the core wrote for browser b: to its waiter.
  void Deliver(uint32_t b, const rs::Output& o);
  void Answer(uint32_t b, const Waiter& w, char* json, size_t n, const rs::Output& o);
  bool Rotate(uint32_t b, bool logged_in, char cookies[2][kMaxSetCookieBytes]);
  void OnRelay(const abi::Cqe& cqe);
  void OnOp(const abi::Cqe& cqe);
  int32_t BrowserOfEvent(uint64_t event) const;

  // pushes.cc: the WebSocket side.
  void OnWsBytes(uint32_t i);
  void OnWsMessage(uint32_t i, const uint8_t* data, size_t len);
  void WsSend(uint32_t i, const char* text, size_t len);
  void WsClose(uint32_t i, uint16_t code);
  void PushTick(uint32_t b, uint64_t now);
  void Push(uint32_t b, WaitKind kind, const char* json, size_t n);
  void PushSessionEnd(Browser* br, uint32_t conn, const char* state);

  IpcBackend& backend_;
  caprt::Console& console_;
  caprt::Timer timer_;
  caprt::EventClock clock_;
  Config config_;
  caprt::Cap listener_;
  remote_session::Counter connections_{kMaxConns};
  remote_session::Counter cap_holders_{2 * kMaxBrowsers};
  remote_session::LoginRegistry logins_{kLoginsPerPrincipal};
  remote_session::SourcePolicy sources_;
  WebSession entries_[kMaxBrowsers];
  SessionTable table_{entries_, kMaxBrowsers, config_.sessions};
  Browser* browsers_[kMaxBrowsers] = {};
  Conn* conns_[kSlots] = {};
  alignas(8) uint8_t accept_reply_[128];
  alignas(8) uint8_t timer_params_[64];
  bool timer_posted_ = false;
  uint64_t now_ms_ = 0;
  uint64_t next_serial_ = 1;
  uint64_t next_event_ = 1;
  uint32_t serving_ = kLoopIndex;  // the connection whose request Serve() is handling
};

}  // namespace web_ui
