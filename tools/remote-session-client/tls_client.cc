#include "tools/remote-session-client/tls_client.h"

#include <cstring>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include <cctype>
#include <fstream>
#include <iterator>
#include <vector>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"
#include "psa/crypto.h"

namespace rsclient {

struct TlsClient::State {
  State() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_ssl_config_init(&conf);
    mbedtls_ssl_init(&ssl);
    mbedtls_x509_crt_init(&ca);
    mbedtls_x509_crt_init(&own);
    mbedtls_pk_init(&own_key);
  }
  ~State() {
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_x509_crt_free(&ca);
    mbedtls_x509_crt_free(&own);
    mbedtls_pk_free(&own_key);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  mbedtls_ssl_config conf;
  mbedtls_ssl_context ssl;
  mbedtls_x509_crt ca;
  mbedtls_x509_crt own;  // --cert
  mbedtls_pk_context own_key;
  int fd = -1;
};

namespace {

using Clock = std::chrono::steady_clock;

int Send(void* ctx, const unsigned char* p, size_t n) {
  int fd = *static_cast<int*>(ctx);
  ssize_t got = ::send(fd, p, n, MSG_NOSIGNAL);
  if (got >= 0) return static_cast<int>(got);
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return MBEDTLS_ERR_SSL_WANT_WRITE;
  return MBEDTLS_ERR_SSL_CONN_EOF;
}

int Recv(void* ctx, unsigned char* p, size_t n) {
  int fd = *static_cast<int*>(ctx);
  ssize_t got = ::recv(fd, p, n, 0);
  if (got > 0) return static_cast<int>(got);
  if (got == 0) return MBEDTLS_ERR_SSL_CONN_EOF;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return MBEDTLS_ERR_SSL_WANT_READ;
  return MBEDTLS_ERR_SSL_CONN_EOF;
}

std::string Hex(const unsigned char* p, size_t n, bool colons) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (colons && i) out += ':';
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 15];
  }
  return out;
}

// A file's bytes with a NUL after them (PEM is parsed as a C string);
// false if it cannot be read.
bool ReadFile(const std::string& path, std::vector<unsigned char>* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) return false;
  out->push_back(0);
  return true;
}

// PEM's length includes its NUL; DER's does not.
size_t ParseLen(const std::vector<unsigned char>& b) {
  return b.size() - (b.size() > 1 && b[0] == 0x30 ? 1 : 0);
}

std::string ErrorText(int ret) {
  switch (ret) {
    case MBEDTLS_ERR_SSL_CONN_EOF:
      return "the gateway closed the connection during the TLS handshake (is the port TLS?)";
    case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
      return "the gateway refused the TLS handshake (fatal alert; a port that requires a "
             "client certificate refuses a missing, expired, revoked or foreign one: --cert)";
    case MBEDTLS_ERR_SSL_INVALID_MAC:
      // TLS 1.3: mbedTLS seals the alert for a refused client certificate
      // under keys this side has already moved on from.
      return "the gateway refused the TLS handshake (an alert that did not decrypt: a port "
             "that requires a client certificate refuses a missing, expired, revoked or "
             "foreign one: --cert)";
    case MBEDTLS_ERR_SSL_INVALID_RECORD:
    case MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE:
      return "the gateway does not speak TLS on this port (try without --tls)";
    default: {
      char hex[16];
      snprintf(hex, sizeof(hex), "-0x%04x", unsigned(-ret));
      return std::string("TLS handshake failed (mbedTLS ") + hex + ")";
    }
  }
}

bool Wait(int fd, short events, Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, events, 0};
  return poll(&p, 1, static_cast<int>(left.count())) > 0;
}

bool IsLoopback(const std::string& host) {
  in_addr a4;
  in6_addr a6;
  if (inet_pton(AF_INET, host.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
  return inet_pton(AF_INET6, host.c_str(), &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

}  // namespace

std::string normalize_pin(const std::string& pin) {
  std::string out;
  for (char c : pin) {
    if (c == ':') continue;
    if (!isxdigit(static_cast<unsigned char>(c))) return "";
    out += static_cast<char>(tolower(static_cast<unsigned char>(c)));
  }
  return out.size() == 64 ? out : "";
}

std::string tls_server_name(const TlsOptions& o, const std::string& host) {
  if (!o.server_name.empty()) return o.server_name;
  return IsLoopback(host) ? "localhost" : host;
}

TlsClient::TlsClient() : s_(std::make_unique<State>()) {}
TlsClient::~TlsClient() = default;

std::string TlsClient::handshake(int fd, const TlsOptions& o, const std::string& host,
                                 Clock::time_point deadline) {
  State& s = *s_;
  s.fd = fd;
  // PK and X.509 go through PSA in this mbedTLS configuration.
  if (psa_crypto_init() != PSA_SUCCESS ||
      mbedtls_ctr_drbg_seed(&s.drbg, mbedtls_entropy_func, &s.entropy, nullptr, 0) != 0 ||
      mbedtls_ssl_config_defaults(&s.conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                  MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
    return "TLS: cannot set up the client";
  }
  mbedtls_ssl_conf_rng(&s.conf, mbedtls_ctr_drbg_random, &s.drbg);
  mbedtls_ssl_conf_min_tls_version(&s.conf, MBEDTLS_SSL_VERSION_TLS1_2);
  if (!o.ca_file.empty()) {
    std::ifstream f(o.ca_file, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(f)),
                                     std::istreambuf_iterator<char>());
    if (!f.good() && !f.eof()) return "TLS: cannot read --ca " + o.ca_file;
    bytes.push_back(0);  // PEM is parsed as a C string; DER ignores it
    size_t len = bytes.size() - (bytes.size() > 1 && bytes[0] == 0x30 ? 1 : 0);
    if (bytes.size() == 1 || mbedtls_x509_crt_parse(&s.ca, bytes.data(), len) != 0) {
      return "TLS: --ca " + o.ca_file + " holds no certificate (PEM or DER)";
    }
    mbedtls_ssl_conf_ca_chain(&s.conf, &s.ca, nullptr);
  }
  if (!o.cert_file.empty()) {
    std::vector<unsigned char> cert, key;
    if (!ReadFile(o.cert_file, &cert)) return "TLS: cannot read --cert " + o.cert_file;
    if (mbedtls_x509_crt_parse(&s.own, cert.data(), ParseLen(cert)) != 0) {
      return "TLS: --cert " + o.cert_file + " holds no certificate (PEM or DER)";
    }
    if (!ReadFile(o.key_file, &key)) return "TLS: cannot read --identity " + o.key_file;
    if (mbedtls_pk_parse_key(&s.own_key, key.data(), ParseLen(key), nullptr, 0,
                             mbedtls_ctr_drbg_random, &s.drbg) != 0) {
      return "TLS: --identity " + o.key_file + " holds no private key";
    }
    if (mbedtls_pk_check_pair(&s.own.pk, &s.own_key, mbedtls_ctr_drbg_random, &s.drbg) != 0) {
      return "TLS: --cert " + o.cert_file + " is not for the key in --identity " + o.key_file;
    }
    if (mbedtls_ssl_conf_own_cert(&s.conf, &s.own, &s.own_key) != 0) {
      return "TLS: cannot use --cert " + o.cert_file;
    }
  }
  // With only a pin, the chain is not checked against a CA: the pin is.
  mbedtls_ssl_conf_authmode(
      &s.conf, o.ca_file.empty() ? MBEDTLS_SSL_VERIFY_OPTIONAL : MBEDTLS_SSL_VERIFY_REQUIRED);
  std::string name = tls_server_name(o, host);
  if (mbedtls_ssl_setup(&s.ssl, &s.conf) != 0 ||
      mbedtls_ssl_set_hostname(&s.ssl, name.c_str()) != 0) {
    return "TLS: cannot set up the connection";
  }
  mbedtls_ssl_set_bio(&s.ssl, &s.fd, Send, Recv, nullptr);
  for (;;) {
    int ret = mbedtls_ssl_handshake(&s.ssl);
    if (ret == 0) break;
    if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
      if (!Wait(fd, ret == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        return "no TLS handshake from the gateway in time (is the port TLS?)";
      }
      continue;
    }
    if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
      char info[512];
      mbedtls_x509_crt_verify_info(info, sizeof(info), "", mbedtls_ssl_get_verify_result(&s.ssl));
      std::string why(info);
      while (!why.empty() && why.back() == '\n') why.pop_back();
      for (char& c : why) c = c == '\n' ? ';' : c;
      return "TLS: the gateway's certificate does not verify against --ca " + o.ca_file + " (" +
             why + ")";
    }
    return ErrorText(ret);
  }
  const mbedtls_x509_crt* peer = mbedtls_ssl_get_peer_cert(&s.ssl);
  if (peer == nullptr) return "TLS: the gateway sent no certificate";
  unsigned char digest[32];
  size_t dlen = 0;
  if (psa_hash_compute(PSA_ALG_SHA_256, peer->raw.p, peer->raw.len, digest, sizeof(digest),
                       &dlen) != PSA_SUCCESS) {
    return "TLS: cannot hash the gateway's certificate";
  }
  fingerprint_ = Hex(digest, dlen, true);
  if (!o.pin.empty() && normalize_pin(o.pin) != normalize_pin(Hex(digest, dlen, false))) {
    return "TLS: the gateway's certificate (sha256 " + fingerprint_ + ") does not match --pin " +
           o.pin;
  }
  return "";
}

bool TlsClient::write(const char* data, size_t len) {
  size_t off = 0;
  while (off < len) {
    int ret =
        mbedtls_ssl_write(&s_->ssl, reinterpret_cast<const unsigned char*>(data) + off, len - off);
    if (ret > 0) {
      off += static_cast<size_t>(ret);
      continue;
    }
    if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) return false;
    short ev = ret == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT;
    if (!Wait(s_->fd, ev, Clock::now() + std::chrono::seconds(30))) return false;
  }
  return true;
}

long TlsClient::read(char* buf, size_t cap, std::string* why) {
  int ret = mbedtls_ssl_read(&s_->ssl, reinterpret_cast<unsigned char*>(buf), cap);
  if (ret > 0) return ret;
  if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) return 0;
  if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == 0 || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
    *why = "";
  } else {
    *why = ErrorText(ret);
  }
  return -1;
}

bool TlsClient::pending() const {
  return mbedtls_ssl_get_bytes_avail(&s_->ssl) > 0;
}

const char* TlsClient::version() const {
  return mbedtls_ssl_get_version(&s_->ssl);
}

bool TlsClient::export_keying_material(const char* label, uint8_t* out, size_t n) const {
  return mbedtls_ssl_export_keying_material(&s_->ssl, out, n, label, strlen(label), nullptr, 0,
                                            0) == 0;
}

}  // namespace rsclient
