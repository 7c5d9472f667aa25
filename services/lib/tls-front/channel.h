// One TLS server connection as a state machine over byte buffers, so an
// event loop that owns the socket can drive it: ciphertext the loop
// received goes in (PutCipher), plaintext comes out (ReadPlain), queued
// plaintext is sealed (WritePlain) and the ciphertext to send waits in
// CipherOut until the loop's send took it. Nothing here waits or touches a
// socket; mbedTLS's BIO callbacks only move bytes between these buffers
// and "would block" is the loop's cue to post a recv or a send.
//
// The handshake runs inside ReadPlain. Its signature goes through the
// config's own key (an opaque SignerKey over keyvault in the guest), which
// mbedTLS calls synchronously (README.md, "Blocking").
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "mbedtls/ssl.h"

namespace tls_front {

// Room for one received chunk of ciphertext (the front ends' TCP recv
// size) and for the largest record mbedTLS writes, with the handshake's
// first flight behind it.
inline constexpr size_t kCipherInBytes = 8 * 1024;
inline constexpr size_t kCipherOutBytes = 24 * 1024;
// WritePlain seals at most this much per record, so a record always fits
// in the room it checks for.
inline constexpr size_t kMaxPlainPerRecord = 8 * 1024;

class Channel {
 public:
  enum class State : uint8_t {
    kHandshake,  // not yet open
    kOpen,       // application data both ways
    kClosed,     // the peer sent close_notify (a clean end)
    kFailed,     // a fatal error: the alert, if any, is in CipherOut
  };

  Channel();
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Binds a fresh connection to `conf` (a server config that outlives
  // it). mbedtls_ssl_setup's result: 0, or MBEDTLS_ERR_SSL_ALLOC_FAILED.
  int Start(const mbedtls_ssl_config* conf);

  // Ciphertext from the peer; returns the bytes taken (less than n only
  // when the input buffer is full).
  size_t PutCipher(const uint8_t* p, size_t n);
  // True when every received byte was taken by mbedTLS: the loop may post
  // the next recv.
  bool CipherInEmpty() const { return in_len_ == in_off_; }

  // Advances the handshake and then decrypts: > 0 plaintext bytes, 0 when
  // nothing more can be read until more ciphertext arrives (or CipherOut
  // drains), < 0 once the channel is closed or failed (see state()).
  int ReadPlain(uint8_t* out, size_t cap);

  // Seals up to n bytes (at most kMaxPlainPerRecord) into CipherOut; the
  // bytes taken, 0 when there is no room yet (or not open), < 0 on failure.
  int WritePlain(const uint8_t* p, size_t n);

  // Queues close_notify (once, and only on an open channel).
  void Close();

  const uint8_t* CipherOut() const { return out_ + out_off_; }
  size_t CipherOutLen() const { return out_len_ - out_off_; }
  void CipherSent(size_t n);

  State state() const { return state_; }
  // mbedTLS's fatal error code (0 if none) and a short name for logs.
  int error() const { return error_; }
  const char* Why() const;
  // The negotiated version ("TLSv1.3", "TLSv1.2") once open.
  const char* Version() const;
  // The TLS exporter (RFC 5705 / RFC 8446 7.5) for `label` with no
  // context, n bytes, once open: what a public-key login binds its
  // signature to. False before the handshake is over or on failure.
  bool Export(const char* label, uint8_t* out, size_t n);
  // The leaf certificate the client presented (DER, valid while the
  // channel lives), once open; false without one.
  bool PeerCertificate(const uint8_t** der, size_t* len) const;

 private:
  static int Send(void* self, const unsigned char* p, size_t n);
  static int Recv(void* self, unsigned char* p, size_t n);
  void Fail(int ret);
  size_t OutRoom() const { return sizeof(out_) - out_len_; }

  mbedtls_ssl_context ssl_;
  bool set_up_ = false;
  bool close_sent_ = false;
  State state_ = State::kHandshake;
  int error_ = 0;
  size_t in_off_ = 0, in_len_ = 0;
  size_t out_off_ = 0, out_len_ = 0;
  uint8_t in_[kCipherInBytes];
  uint8_t out_[kCipherOutBytes];
};

}  // namespace tls_front
