// A front end's TLS server whose key stays in keyvault: the certificate
// chain comes from the granted Signer cap, the opaque key over that cap
// signs each handshake (libcaprt/mbedtls/signer_key.h), and the shared
// ServerConfig serves every connection. Guest only.
#pragma once

#include <stdint.h>

#include "libcaprt/mbedtls/signer_key.h"
#include "libcaprt/runtime/ring.h"
#include "mbedtls/x509_crt.h"
#include "services/lib/keyvault-signer/keyvault_signer.h"
#include "services/lib/tls-front/server_config.h"

namespace tls_front {

// The grant a front end's manifest entry gives it to serve TLS: a Signer
// client facet. Without it the front end serves plaintext.
inline constexpr char kSignerGrant[] = "tlsSigner";

class KeyvaultServer {
 public:
  KeyvaultServer(const caprt::Cap& signer, uint16_t timeout_ms);
  ~KeyvaultServer();
  KeyvaultServer(const KeyvaultServer&) = delete;
  KeyvaultServer& operator=(const KeyvaultServer&) = delete;

  // Starts PSA with the signer driver, fetches the chain and binds its key.
  // nullptr when ready, else what failed.
  const char* Setup();

  const mbedtls_ssl_config* conf() const { return config_.conf(); }
  ServerConfig& config() { return config_; }
  // The leaf certificate's SHA-256, as "AB:CD:..." (95 chars and a NUL).
  void Fingerprint(char* out, uint32_t cap) const;
  int signatures() const { return signer_.calls(); }

 private:
  keyvault_signer::KeyvaultSigner signer_;
  mbedtls_x509_crt chain_;
  caprt::tls::SignerKey key_;
  ServerConfig config_;
};

}  // namespace tls_front
