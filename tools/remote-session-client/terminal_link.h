// Requests and responses of a terminal run on its one connection: request
// ids that only grow, Call.terminal* builders (cap "terminal", interface
// TerminalManager), and decoded responses handed back by requestId, since a
// terminalRead with waitMs is answered only when output arrives and so
// after requests sent later.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_LINK_H_
#define TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_LINK_H_

#include <capnp/message.h>

#include <cstdint>
#include <memory>
#include <string>

#include "schema/remote_session.capnp.h"
#include "schema/terminal.capnp.h"
#include "tools/remote-session-client/connection.h"

namespace rsclient {

inline constexpr char kTerminalCap[] = "terminal";
inline constexpr uint64_t kTerminalIface = capnp::typeId<capos::schema::TerminalManager>();
inline constexpr uint32_t kReadWaitMs = 20000;  // the guest caps waitMs at 25000
inline constexpr uint32_t kReadMaxBytes = capos::schema::TerminalSession::MAX_READ_BYTES;
inline constexpr uint32_t kWriteMaxBytes = capos::schema::TerminalSession::MAX_WRITE_BYTES;

// Why a terminal run stops early: an exit code (client.h) and one line.
struct Failure {
  int code = 0;
  std::string message;
};

using Reply = std::unique_ptr<capnp::MallocMessageBuilder>;

class TerminalLink {
 public:
  TerminalLink(Connection* conn, uint32_t first_id, uint32_t timeout_ms)
      : conn_(conn), next_id_(first_id), timeout_ms_(timeout_ms) {}

  // A fresh request message and its Call with the terminal cap filled in.
  static capos::schema::Call::Builder terminal_call(capnp::MallocMessageBuilder* msg);

  // Gives `msg` the next requestId and sends it; that id in *id.
  bool send(capnp::MallocMessageBuilder& msg, uint32_t* id, Failure* fail);
  // The next response within timeout_ms (0: only one that has arrived;
  // false with fail->code 0 when none has).
  bool receive(Reply* out, uint32_t timeout_ms, Failure* fail);
  // Waits for the answer to `id` (the only outstanding request).
  bool await(uint32_t id, Reply* out, Failure* fail);

  int fd() const { return conn_->fd(); }
  uint32_t timeout_ms() const { return timeout_ms_; }

 private:
  Connection* conn_;
  uint32_t next_id_;
  uint32_t timeout_ms_;
};

// "ok", or why a Response is not a terminal reply: a denial's code name
// ("denied: staleSession") or "unexpected response".
std::string reply_problem(capos::schema::Response::Reader r);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_LINK_H_
