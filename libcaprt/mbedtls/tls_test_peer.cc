#include "libcaprt/mbedtls/tls_test_peer.h"

#include <algorithm>

namespace tls_test {

Peer::Peer(int endpoint, Rng* rng) {
  mbedtls_ssl_config_init(&conf_);
  mbedtls_ssl_init(&ssl_);
  config_ok_ = mbedtls_ssl_config_defaults(&conf_, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                           MBEDTLS_SSL_PRESET_DEFAULT) == 0;
  mbedtls_ssl_conf_rng(&conf_, Rng::Random, rng);
}

Peer::~Peer() {
  mbedtls_ssl_free(&ssl_);
  mbedtls_ssl_config_free(&conf_);
}

int Peer::Connect(Pipe* in, Pipe* out) {
  in_ = in;
  out_ = out;
  const int ret = mbedtls_ssl_setup(&ssl_, &conf_);
  if (ret == 0) mbedtls_ssl_set_bio(&ssl_, this, Send, Recv, nullptr);
  return ret;
}

int Peer::Send(void* self, const unsigned char* buf, size_t len) {
  Pipe* out = static_cast<Peer*>(self)->out_;
  out->insert(out->end(), buf, buf + len);
  return static_cast<int>(len);
}

int Peer::Recv(void* self, unsigned char* buf, size_t len) {
  Pipe* in = static_cast<Peer*>(self)->in_;
  if (in->empty()) return MBEDTLS_ERR_SSL_WANT_READ;
  const size_t n = std::min(len, in->size());
  std::copy_n(in->begin(), n, buf);
  in->erase(in->begin(), in->begin() + static_cast<std::ptrdiff_t>(n));
  return static_cast<int>(n);
}

int Peer::Write(const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const int ret = mbedtls_ssl_write(
        &ssl_, reinterpret_cast<const unsigned char*>(data.data()) + done, data.size() - done);
    if (ret < 0 && !Pending(ret)) return ret;
    if (ret > 0) done += static_cast<size_t>(ret);
  }
  return 0;
}

int Peer::ReadAvailable(std::string* got) {
  unsigned char buf[4096];
  for (;;) {
    const int ret = mbedtls_ssl_read(&ssl_, buf, sizeof(buf));
    if (ret <= 0) return ret;
    got->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(ret));
  }
}

bool Pending(int ret) {
  return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE ||
         ret == MBEDTLS_ERR_SSL_ASYNC_IN_PROGRESS;
}

HandshakeResult Handshake(Peer* client, Peer* server) {
  HandshakeResult r{MBEDTLS_ERR_SSL_WANT_WRITE, MBEDTLS_ERR_SSL_WANT_READ};
  // mbedtls_ssl_handshake runs every step its input allows, so a full TLS
  // 1.2 or 1.3 handshake takes a few calls per side; the bound only stops a
  // test that would otherwise spin. Once one side has finished or failed,
  // the other gets a few more calls to read the last flight or the alert.
  int after_one_done = 0;
  for (int round = 0; round < 64; ++round) {
    if (Pending(r.client)) r.client = mbedtls_ssl_handshake(client->ssl());
    if (Pending(r.server)) r.server = mbedtls_ssl_handshake(server->ssl());
    if (!Pending(r.client) && !Pending(r.server)) break;
    if ((!Pending(r.client) || !Pending(r.server)) && ++after_one_done > 4) break;
  }
  return r;
}

}  // namespace tls_test
