// Both ends of one TLS connection inside a process, joined by two in-memory
// pipes: how a self-test or a probe proves a TLS configuration end to end
// (a handshake, the chain verified, data both ways) without a network.
// The same code in the host and freestanding builds.
#pragma once

#include <stddef.h>

#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

namespace caprt::tls {

class Loopback {
 public:
  struct Options {
    mbedtls_ssl_protocol_version version = MBEDTLS_SSL_VERSION_TLS1_3;
    mbedtls_x509_crt* chain = nullptr;  // the server's chain; the client's trust anchor
    mbedtls_pk_context* key = nullptr;  // the server's key (opaque or not)
    const char* hostname = nullptr;     // the name the client expects in the chain
    int (*rng)(void*, unsigned char*, size_t) = nullptr;
    void* rng_ctx = nullptr;
  };

  Loopback() = default;
  Loopback(const Loopback&) = delete;
  Loopback& operator=(const Loopback&) = delete;
  ~Loopback() { TearDown(); }

  // Sets both ends up; false if an mbedTLS set-up call failed.
  bool SetUp(const Options& options);
  // Runs both handshakes to their end; true when both completed.
  // `client_ret` and `server_ret` (optional) get their last results.
  bool Handshake(int* client_ret = nullptr, int* server_ret = nullptr);
  // Writes `msg` (at most 64 bytes) on one end and reads it on the other.
  bool Carries(bool from_client, const unsigned char* msg, size_t len);
  // Frees both ends; SetUp may follow.
  void TearDown();

  mbedtls_ssl_context* client() { return &client_.ssl; }
  mbedtls_ssl_context* server() { return &server_.ssl; }

 private:
  // Bytes in flight one way; a flight is a few KiB.
  struct Pipe {
    unsigned char buf[16 << 10];
    size_t start = 0;
    size_t end = 0;
  };
  struct End {
    mbedtls_ssl_config conf;
    mbedtls_ssl_context ssl;
    Pipe* in = nullptr;
    Pipe* out = nullptr;
    bool live = false;
  };
  static int Send(void* ctx, const unsigned char* p, size_t n);
  static int Recv(void* ctx, unsigned char* p, size_t n);
  bool SetUpEnd(End* e, bool server, const Options& o);

  Pipe c2s_;
  Pipe s2c_;
  End client_;
  End server_;
};

}  // namespace caprt::tls
