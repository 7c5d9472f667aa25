// The CLI's side of the gateway's TLS port (--tls): an mbedTLS client over
// the connection's non-blocking socket. The server is trusted by a CA
// certificate (--ca FILE, PEM or DER, with the server name checked) or by
// the SHA-256 of its certificate (--pin, as `make run` prints it), or
// both; a mismatch fails the connection with a message that says which.
// With --cert (and --identity, its key) the client presents a certificate,
// which a port that requires mTLS checks in the handshake.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_TLS_CLIENT_H_
#define TOOLS_REMOTE_SESSION_CLIENT_TLS_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

namespace rsclient {

struct TlsOptions {
  bool enabled = false;
  std::string ca_file;      // "" = none
  std::string pin;          // "" = none; 64 hex digits, colons allowed
  std::string server_name;  // "" = the host (localhost for a loopback address)
  // mTLS (--cert): the client certificate (PEM or DER) and its key (the
  // --identity file), for a port whose manifest requires one.
  std::string cert_file;  // "" = none
  std::string key_file;
};

// The pin as 64 lower-case hex digits, or "" if it is not a SHA-256.
std::string normalize_pin(const std::string& pin);

// The name the server's certificate must carry: --server-name, else the
// host, or localhost for a loopback address.
std::string tls_server_name(const TlsOptions& o, const std::string& host);

class TlsClient {
 public:
  TlsClient();
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // Handshakes on `fd` (connected, non-blocking) before `deadline` and
  // checks the server as `o` says. "" on success, else a message for a
  // person.
  std::string handshake(int fd, const TlsOptions& o, const std::string& host,
                        std::chrono::steady_clock::time_point deadline);

  // Writes all of `data`, waiting for room up to 30 s. False: closed.
  bool write(const char* data, size_t len);
  // > 0 bytes read, 0 none until the socket is readable, -1 closed (a
  // close_notify, a reset or a fatal alert; `why` says which).
  long read(char* buf, size_t cap, std::string* why);
  // Plaintext mbedTLS already holds (poll() would not show it).
  bool pending() const;

  // The server certificate's SHA-256 as "AB:CD:...", once handshaken.
  const std::string& fingerprint() const { return fingerprint_; }
  const char* version() const;
  // The TLS exporter for `label` (no context), n bytes: what a public-key
  // login's signature binds (login_proof.h). False before the handshake.
  bool export_keying_material(const char* label, uint8_t* out, size_t n) const;

 private:
  struct State;
  std::unique_ptr<State> s_;
  std::string fingerprint_;
};

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_TLS_CLIENT_H_
