// The TLS server configuration every connection of a front end shares:
// TLS 1.2 and 1.3 only, ECDHE with ECDSA only (no RSA key exchange, so no
// decryption oracle; no static DH; no external PSK), no renegotiation, a
// client certificate only where the manifest requires one, and a CTR-DRBG of its own seeded from
// mbedTLS's entropy (the CPU's RDSEED/RDRAND in the guest).
//
// Resumption: session tickets sealed with this process's own ticket key
// (AES-256-GCM, drawn from the DRBG, rotated every kTicketLifetimeS),
// valid for kTicketLifetimeS. TLS 1.3 resumes only with psk_dhe_ke (a
// fresh ECDHE), so a stolen ticket key does not open past traffic. A
// ticket is good only at the process that issued it (a restart makes a
// new key), and a resumed handshake needs no signature from keyvault.
// The certificate's key is the caller's: in the guest an opaque SignerKey
// over keyvault, so this process never holds it.
#pragma once

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/ssl.h"
#include "mbedtls/ssl_ticket.h"
#include "mbedtls/x509_crt.h"
#include "services/lib/client-cert/client_cert.h"

namespace tls_front {

class ServerConfig {
 public:
  static constexpr uint32_t kTicketLifetimeS = 3600;

  ServerConfig();
  ~ServerConfig();
  ServerConfig(const ServerConfig&) = delete;
  ServerConfig& operator=(const ServerConfig&) = delete;

  // `chain` (leaf first) and `key` (the leaf's) must outlive the config.
  // 0, or the first failing mbedTLS call's error.
  int Setup(mbedtls_x509_crt* chain, mbedtls_pk_context* key);

  // mTLS: the handshake fails without a client certificate that chains to
  // `certs`'s CAs, is within its dates, may authenticate a client and is
  // not denied (alerts certificate_required / unknown_ca /
  // certificate_expired / certificate_revoked). `certs` must outlive the
  // config and have a CA.
  void RequireClientCertificates(client_cert::Policy* certs);

  const mbedtls_ssl_config* conf() const { return &conf_; }
  // Tests narrow a config further (for example to one version).
  mbedtls_ssl_config* mutable_conf() { return &conf_; }

 private:
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
  mbedtls_ssl_ticket_context tickets_;
  mbedtls_ssl_config conf_;
};

}  // namespace tls_front
