#include "libcaprt/mbedtls/tls_loopback.h"

#include <string.h>

namespace caprt::tls {
namespace {

bool Pending(int ret) {
  return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

}  // namespace

int Loopback::Send(void* ctx, const unsigned char* p, size_t n) {
  Pipe* out = static_cast<End*>(ctx)->out;
  if (n > sizeof(out->buf) - out->end) n = sizeof(out->buf) - out->end;
  if (n == 0) return MBEDTLS_ERR_SSL_WANT_WRITE;
  memcpy(out->buf + out->end, p, n);
  out->end += n;
  return static_cast<int>(n);
}

int Loopback::Recv(void* ctx, unsigned char* p, size_t n) {
  Pipe* in = static_cast<End*>(ctx)->in;
  if (in->start == in->end) {
    in->start = in->end = 0;
    return MBEDTLS_ERR_SSL_WANT_READ;
  }
  if (n > in->end - in->start) n = in->end - in->start;
  memcpy(p, in->buf + in->start, n);
  in->start += n;
  return static_cast<int>(n);
}

bool Loopback::SetUpEnd(End* e, bool server, const Options& o) {
  mbedtls_ssl_config_init(&e->conf);
  mbedtls_ssl_init(&e->ssl);
  e->live = true;
  e->in = server ? &c2s_ : &s2c_;
  e->out = server ? &s2c_ : &c2s_;
  const int endpoint = server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT;
  if (mbedtls_ssl_config_defaults(&e->conf, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                  MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
    return false;
  }
  mbedtls_ssl_conf_rng(&e->conf, o.rng, o.rng_ctx);
  mbedtls_ssl_conf_min_tls_version(&e->conf, o.version);
  mbedtls_ssl_conf_max_tls_version(&e->conf, o.version);
  if (server && mbedtls_ssl_conf_own_cert(&e->conf, o.chain, o.key) != 0) return false;
  if (!server) mbedtls_ssl_conf_ca_chain(&e->conf, o.chain, nullptr);
  if (mbedtls_ssl_setup(&e->ssl, &e->conf) != 0) return false;
  mbedtls_ssl_set_bio(&e->ssl, e, Send, Recv, nullptr);
  return server || o.hostname == nullptr || mbedtls_ssl_set_hostname(&e->ssl, o.hostname) == 0;
}

bool Loopback::SetUp(const Options& options) {
  TearDown();
  return SetUpEnd(&client_, false, options) && SetUpEnd(&server_, true, options);
}

bool Loopback::Handshake(int* client_ret, int* server_ret) {
  int c = MBEDTLS_ERR_SSL_WANT_WRITE, s = MBEDTLS_ERR_SSL_WANT_READ;
  // Each round moves at least one flight; a handshake takes a handful.
  for (int round = 0; round < 32 && (Pending(c) || Pending(s)); ++round) {
    if (Pending(c)) c = mbedtls_ssl_handshake(&client_.ssl);
    if (Pending(s)) s = mbedtls_ssl_handshake(&server_.ssl);
  }
  if (client_ret != nullptr) *client_ret = c;
  if (server_ret != nullptr) *server_ret = s;
  return c == 0 && s == 0;
}

bool Loopback::Carries(bool from_client, const unsigned char* msg, size_t len) {
  mbedtls_ssl_context* from = from_client ? &client_.ssl : &server_.ssl;
  mbedtls_ssl_context* to = from_client ? &server_.ssl : &client_.ssl;
  unsigned char got[64] = {};
  if (len > sizeof(got) || mbedtls_ssl_write(from, msg, len) != static_cast<int>(len)) {
    return false;
  }
  return mbedtls_ssl_read(to, got, sizeof(got)) == static_cast<int>(len) &&
         memcmp(got, msg, len) == 0;
}

void Loopback::TearDown() {
  End* ends[] = {&client_, &server_};
  for (End* e : ends) {
    if (!e->live) continue;
    mbedtls_ssl_free(&e->ssl);
    mbedtls_ssl_config_free(&e->conf);
    e->live = false;
  }
  c2s_.start = c2s_.end = 0;
  s2c_.start = s2c_.end = 0;
}

}  // namespace caprt::tls
