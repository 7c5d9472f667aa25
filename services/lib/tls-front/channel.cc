#include "services/lib/tls-front/channel.h"

#include <string.h>

namespace tls_front {
namespace {

// A sealed record's bytes beyond its plaintext: the header, TLS 1.2's
// explicit nonce, the AEAD tag and TLS 1.3's inner content type, rounded
// up generously.
constexpr size_t kRecordOverhead = 256;

bool WouldBlock(int ret) {
  return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

}  // namespace

Channel::Channel() {
  mbedtls_ssl_init(&ssl_);
}

Channel::~Channel() {
  mbedtls_ssl_free(&ssl_);
}

int Channel::Start(const mbedtls_ssl_config* conf) {
  int ret = mbedtls_ssl_setup(&ssl_, conf);
  if (ret != 0) {
    Fail(ret);
    return ret;
  }
  mbedtls_ssl_set_bio(&ssl_, this, Send, Recv, nullptr);
  set_up_ = true;
  return 0;
}

size_t Channel::PutCipher(const uint8_t* p, size_t n) {
  if (in_off_ == in_len_) in_off_ = in_len_ = 0;
  if (in_off_ > 0 && sizeof(in_) - in_len_ < n) {
    memmove(in_, in_ + in_off_, in_len_ - in_off_);
    in_len_ -= in_off_;
    in_off_ = 0;
  }
  size_t take = sizeof(in_) - in_len_ < n ? sizeof(in_) - in_len_ : n;
  memcpy(in_ + in_len_, p, take);
  in_len_ += take;
  return take;
}

int Channel::Recv(void* self, unsigned char* p, size_t n) {
  Channel& c = *static_cast<Channel*>(self);
  size_t have = c.in_len_ - c.in_off_;
  if (have == 0) return MBEDTLS_ERR_SSL_WANT_READ;
  size_t take = have < n ? have : n;
  memcpy(p, c.in_ + c.in_off_, take);
  c.in_off_ += take;
  return static_cast<int>(take);
}

int Channel::Send(void* self, const unsigned char* p, size_t n) {
  Channel& c = *static_cast<Channel*>(self);
  if (c.out_off_ > 0 && c.OutRoom() < n) {
    // The loop's send in flight holds its own copy of what it took.
    memmove(c.out_, c.out_ + c.out_off_, c.out_len_ - c.out_off_);
    c.out_len_ -= c.out_off_;
    c.out_off_ = 0;
  }
  size_t room = c.OutRoom();
  if (room == 0) return MBEDTLS_ERR_SSL_WANT_WRITE;
  size_t take = room < n ? room : n;  // a short write: mbedTLS sends the rest later
  memcpy(c.out_ + c.out_len_, p, take);
  c.out_len_ += take;
  return static_cast<int>(take);
}

void Channel::CipherSent(size_t n) {
  out_off_ += n > CipherOutLen() ? CipherOutLen() : n;
  if (out_off_ == out_len_) out_off_ = out_len_ = 0;
}

void Channel::Fail(int ret) {
  if (state_ == State::kFailed) return;
  state_ = State::kFailed;
  error_ = ret;
}

int Channel::ReadPlain(uint8_t* out, size_t cap) {
  if (!set_up_ || state_ == State::kClosed || state_ == State::kFailed) return -1;
  if (state_ == State::kHandshake) {
    int ret = mbedtls_ssl_handshake(&ssl_);
    if (WouldBlock(ret)) return 0;
    if (ret != 0) {
      Fail(ret);
      return -1;
    }
    state_ = State::kOpen;
  }
  int ret = mbedtls_ssl_read(&ssl_, out, cap);
  if (ret > 0) return ret;
  if (WouldBlock(ret)) return 0;
  if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == 0) {
    state_ = State::kClosed;
    return -1;
  }
  Fail(ret);
  return -1;
}

int Channel::WritePlain(const uint8_t* p, size_t n) {
  if (state_ == State::kFailed || state_ == State::kClosed) return -1;
  if (state_ != State::kOpen || n == 0) return 0;
  if (n > kMaxPlainPerRecord) n = kMaxPlainPerRecord;
  if (out_off_ > 0 && OutRoom() < n + kRecordOverhead) {
    memmove(out_, out_ + out_off_, out_len_ - out_off_);
    out_len_ -= out_off_;
    out_off_ = 0;
  }
  // Sealing only into room for the whole record means mbedTLS never keeps
  // a half-written record (which it would want re-sent with the same
  // arguments).
  if (OutRoom() < n + kRecordOverhead) return 0;
  int ret = mbedtls_ssl_write(&ssl_, p, n);
  if (ret > 0) return ret;
  Fail(ret == 0 || WouldBlock(ret) ? MBEDTLS_ERR_SSL_INTERNAL_ERROR : ret);
  return -1;
}

void Channel::Close() {
  if (state_ != State::kOpen || close_sent_) return;
  close_sent_ = true;
  (void)mbedtls_ssl_close_notify(&ssl_);  // into CipherOut; nothing waits for the peer's
}

const char* Channel::Version() const {
  return state_ == State::kOpen || state_ == State::kClosed ? mbedtls_ssl_get_version(&ssl_) : "-";
}

const char* Channel::Why() const {
  switch (error_) {
    case 0:
      return state_ == State::kClosed ? "peer closed" : "none";
    case MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION:
      return "protocol version refused";
    case MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE:
      return "no common parameters";
    case MBEDTLS_ERR_SSL_INVALID_RECORD:
      return "invalid record";
    case MBEDTLS_ERR_SSL_INVALID_MAC:
      return "bad record MAC";
    case MBEDTLS_ERR_SSL_DECODE_ERROR:
      return "malformed handshake message";
    case MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE:
      return "unexpected message";
    case MBEDTLS_ERR_SSL_UNSUPPORTED_EXTENSION:
      return "unsupported extension";
    case MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER:
      return "illegal parameter";
    case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
      return "peer sent a fatal alert";
    case MBEDTLS_ERR_SSL_ALLOC_FAILED:
      return "out of memory";
    // mTLS (ServerConfig::RequireClientCertificates): which check refused
    // the client's certificate.
    case MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE:
      return "client certificate missing";
    case MBEDTLS_ERR_SSL_BAD_CERTIFICATE:
      return "client certificate not for clients";
    case MBEDTLS_ERR_X509_CERT_VERIFY_FAILED: {
      uint32_t flags = mbedtls_ssl_get_verify_result(&ssl_);
      if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) return "client certificate not trusted";
      if (flags & MBEDTLS_X509_BADCERT_REVOKED) return "client certificate revoked";
      if (flags & MBEDTLS_X509_BADCERT_EXPIRED) return "client certificate expired";
      if (flags & MBEDTLS_X509_BADCERT_FUTURE) return "client certificate not yet valid";
      return "client certificate refused";
    }
    default:
      return "tls error";
  }
}

bool Channel::Export(const char* label, uint8_t* out, size_t n) {
  if (state_ != State::kOpen) return false;
  return mbedtls_ssl_export_keying_material(&ssl_, out, n, label, strlen(label), nullptr, 0, 0) ==
         0;
}

bool Channel::PeerCertificate(const uint8_t** der, size_t* len) const {
  if (state_ != State::kOpen) return false;
  const mbedtls_x509_crt* crt = mbedtls_ssl_get_peer_cert(&ssl_);
  if (crt == nullptr || crt->raw.len == 0) return false;
  *der = crt->raw.p;
  *len = crt->raw.len;
  return true;
}

}  // namespace tls_front
