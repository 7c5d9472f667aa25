// The TLS server configuration every connection of a front end shares:
// TLS 1.2 and 1.3 only, ECDHE with ECDSA only (no RSA key exchange, so no
// decryption oracle; no static DH; no PSK), no session tickets, no
// renegotiation, no client certificate yet, and a CTR-DRBG of its own
// seeded from mbedTLS's entropy (the CPU's RDSEED/RDRAND in the guest).
// The certificate's key is the caller's: in the guest an opaque SignerKey
// over keyvault, so this process never holds it.
#pragma once

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

namespace tls_front {

class ServerConfig {
 public:
  ServerConfig();
  ~ServerConfig();
  ServerConfig(const ServerConfig&) = delete;
  ServerConfig& operator=(const ServerConfig&) = delete;

  // `chain` (leaf first) and `key` (the leaf's) must outlive the config.
  // 0, or the first failing mbedTLS call's error.
  int Setup(mbedtls_x509_crt* chain, mbedtls_pk_context* key);

  const mbedtls_ssl_config* conf() const { return &conf_; }
  // Tests narrow a config further (for example to one version).
  mbedtls_ssl_config* mutable_conf() { return &conf_; }

 private:
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
  mbedtls_ssl_config conf_;
};

}  // namespace tls_front
