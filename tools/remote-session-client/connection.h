// One TCP connection to the gateway, carrying frames. The fd is owned and
// closed by the Connection. Errors come back as a status plus one short
// message meant for a person: never a stack of socket errors.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_CONNECTION_H_
#define TOOLS_REMOTE_SESSION_CLIENT_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>

#include "tools/remote-session-client/frame.h"
#include "tools/remote-session-client/tls_client.h"

namespace rsclient {

enum class IoStatus {
  kOk,
  kConnectFailed,  // refused, unreachable, no such host
  kClosed,         // the peer closed or reset the connection
  kTimeout,        // no complete response within the deadline
  kBadFrame,       // the peer sent a frame this client refuses
};

struct IoResult {
  IoStatus status = IoStatus::kOk;
  std::string message;
};

class Connection {
 public:
  explicit Connection(int fd);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects within timeout_ms, with the TLS handshake and server check
  // when `tls.enabled`. `conn` is set only on success.
  static IoResult connect_tcp(const std::string& host, uint16_t port, uint32_t timeout_ms,
                              std::unique_ptr<Connection>* conn,
                              const TlsOptions& tls = TlsOptions());

  IoResult send(const std::string& frame);
  // Waits up to timeout_ms for one complete frame; `payload` gets its body.
  IoResult receive(std::string* payload, uint32_t timeout_ms);

  // The socket, for a caller's poll() set (terminal_loop.cc); receive()
  // with timeout 0 then takes what has arrived without waiting (over TLS
  // too: it first takes what the TLS layer already decrypted).
  int fd() const { return fd_; }
  // The TLS layer, once handshaken (null on a plaintext connection).
  const TlsClient* tls() const { return tls_.get(); }

  // Labels the peer in messages ("the remote-session gateway at H:P").
  void set_peer_label(std::string label) { peer_ = std::move(label); }

 private:
  // Reads what the socket (or the TLS layer) has: > 0 bytes, 0 would
  // block, -1 closed or failed (`why`: "" for a clean close).
  long read_some(char* buf, size_t cap, std::string* why);

  int fd_;
  std::unique_ptr<TlsClient> tls_;
  bool got_any_ = false;  // a byte has arrived (a plaintext peer speaks frames)
  FrameReader reader_;
  std::string peer_ = "the remote-session gateway";
};

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_CONNECTION_H_
