// Client certificates (issue 13, mTLS admission): the manifest's policy
// (AuthorityPolicy.clientCertificates) as the TLS front ends and the
// authority both apply it, written once.
//
// - A front end whose port the policy names requires a certificate that
//   chains to one of the policy's CAs during the handshake, so a client
//   without one never reaches the frame or HTTP parser (VerifyCallback adds
//   the deny list to mbedTLS's own chain, date and key-usage checks).
// - The authority lets a certificate's subject log in as publicKey for the
//   account it names (CheckLogin). It checks the certificate again itself
//   rather than trusting the front end that parsed the network's bytes:
//   the front end only hands on the leaf it received, and the login's
//   signature over the connection's nonce and TLS exporter proves the
//   client holds the certificate's key on that connection.
//
// Serial numbers are compared as unsigned big-endian integers (leading
// zero bytes ignored), as openssl prints them.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "mbedtls/x509_crt.h"

namespace client_cert {

inline constexpr size_t kMaxCas = 4;
inline constexpr size_t kMaxCertBytes = 4096;  // a CA's or a leaf's DER
inline constexpr size_t kMaxDenied = 64;
inline constexpr size_t kMaxSerialBytes = 20;  // RFC 5280 4.1.2.2
inline constexpr size_t kMaxPorts = 8;
inline constexpr size_t kPointBytes = 65;  // 0x04 || X || Y (P-256)

enum class Verdict : uint8_t {
  kOk,
  kMalformed,        // not one DER certificate within kMaxCertBytes
  kNotTrusted,       // does not chain to a policy CA (or no CA at all)
  kExpired,          // past its notAfter by the guest's clock
  kNotYetValid,      // before its notBefore (or the clock is unknown)
  kRevoked,          // its serial is on the deny list
  kNotForClients,    // key usage or extended key usage excludes clientAuth
  kSubjectMismatch,  // its subject CN is not the principal
  kKeyMismatch,      // its key is not the P-256 key that signed the login
};
const char* VerdictName(Verdict v);

class Policy {
 public:
  Policy();
  ~Policy();
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  // Each false leaves the policy unchanged: a CA that does not parse or is
  // not a CA (basicConstraints), a serial that is empty or too long, a
  // port 0, or a full table.
  bool AddCa(const uint8_t* der, size_t len);
  bool AddDeniedSerial(const uint8_t* serial, size_t len);
  bool AddRequiredPort(uint16_t port);

  size_t ca_count() const { return ca_count_; }
  size_t denied_count() const { return denied_count_; }
  size_t port_count() const { return port_count_; }
  // The i-th CA's DER / denied serial (normalized) / port, for encoding.
  const mbedtls_x509_buf& ca_der(size_t i) const;
  const uint8_t* denied(size_t i, size_t* len) const;
  uint16_t port(size_t i) const { return ports_[i]; }

  bool Requires(uint16_t port) const;
  bool Denied(const uint8_t* serial, size_t len) const;

  // The trust anchors, for mbedtls_ssl_conf_ca_chain; null without a CA.
  mbedtls_x509_crt* ca_chain() { return ca_count_ == 0 ? nullptr : &ca_; }
  // For mbedtls_ssl_conf_verify / mbedtls_x509_crt_verify, `self` the
  // Policy: a denied leaf is marked MBEDTLS_X509_BADCERT_REVOKED (so a TLS
  // client gets certificate_revoked).
  static int VerifyCallback(void* self, mbedtls_x509_crt* crt, int depth, uint32_t* flags);

  // Everything a certificate login needs, over the leaf's DER: it chains
  // to a policy CA, is within its dates, is not denied, may authenticate a
  // client, names `principal` as its subject CN, and holds `point`.
  Verdict CheckLogin(const uint8_t* der, size_t len, const char* principal, size_t principal_len,
                     const uint8_t point[kPointBytes]);

 private:
  mbedtls_x509_crt ca_;
  size_t ca_count_ = 0;
  uint8_t denied_[kMaxDenied][kMaxSerialBytes] = {};
  uint8_t denied_len_[kMaxDenied] = {};
  size_t denied_count_ = 0;
  uint16_t ports_[kMaxPorts] = {};
  size_t port_count_ = 0;
};

}  // namespace client_cert
