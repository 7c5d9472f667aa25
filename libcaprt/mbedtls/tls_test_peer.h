// Two mbedTLS endpoints joined in memory for the host TLS tests: each peer's
// BIO callbacks read its inbox and append to the other's, so a handshake is
// driven step by step in one thread, with no sockets, the way a guest service
// will feed TLS from its own transport.
#ifndef CAPRT_MBEDTLS_TLS_TEST_PEER_H_
#define CAPRT_MBEDTLS_TLS_TEST_PEER_H_

#include <deque>
#include <string>

#include "libcaprt/mbedtls/tls_test_pki.h"
#include "mbedtls/ssl.h"

namespace tls_test {

// Bytes in flight from one peer to the other.
using Pipe = std::deque<unsigned char>;

class Peer {
 public:
  // endpoint is MBEDTLS_SSL_IS_CLIENT or MBEDTLS_SSL_IS_SERVER; the config
  // starts from mbedTLS's defaults, TLS 1.2 and 1.3 allowed.
  Peer(int endpoint, Rng* rng);
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  mbedtls_ssl_config* conf() { return &conf_; }
  mbedtls_ssl_context* ssl() { return &ssl_; }
  bool config_ok() const { return config_ok_; }

  // Binds the configured context to its pipes (mbedtls_ssl_setup + BIO);
  // returns mbedtls_ssl_setup's result.
  int Connect(Pipe* in, Pipe* out);

  // Sends all of `data`; returns 0 or the mbedTLS error.
  int Write(const std::string& data);
  // Reads what has arrived and appends it to `got`; 0, WANT_READ or an error.
  int ReadAvailable(std::string* got);

 private:
  static int Send(void* self, const unsigned char* buf, size_t len);
  static int Recv(void* self, unsigned char* buf, size_t len);

  mbedtls_ssl_config conf_;
  mbedtls_ssl_context ssl_;
  bool config_ok_ = false;
  Pipe* in_ = nullptr;
  Pipe* out_ = nullptr;
};

// The outcome of driving two handshakes: each side's last return value.
struct HandshakeResult {
  int client = 0;
  int server = 0;
  bool ok() const { return client == 0 && server == 0; }
};

// Steps both handshakes alternately until each has finished or failed, or
// neither can make progress. Asynchronous private-key steps (TLS 1.2 server
// with MBEDTLS_SSL_ASYNC_PRIVATE) count as progress.
HandshakeResult Handshake(Peer* client, Peer* server);

// True for mbedTLS's "call again later" results.
bool Pending(int ret);

}  // namespace tls_test

#endif  // CAPRT_MBEDTLS_TLS_TEST_PEER_H_
