#include "services/lib/tls-front/keyvault_server.h"

#include "psa/crypto.h"

namespace tls_front {

KeyvaultServer::KeyvaultServer(const caprt::Cap& signer, uint16_t timeout_ms)
    : signer_(signer, timeout_ms) {
  mbedtls_x509_crt_init(&chain_);
}

KeyvaultServer::~KeyvaultServer() {
  mbedtls_x509_crt_free(&chain_);
}

const char* KeyvaultServer::Setup() {
  // The driver must be registered before PSA starts (signer_key.h).
  if (caprt::tls::InstallSignerDriver() != PSA_SUCCESS || psa_crypto_init() != PSA_SUCCESS) {
    return "PSA did not start";
  }
  if (signer_.FetchChain(&chain_) != abi::Error::kOk) return "no certificate chain from keyvault";
  if (key_.Bind(&signer_, chain_.pk) != 0) return "the certificate's key cannot be bound";
  if (config_.Setup(&chain_, key_.pk()) != 0) return "TLS configuration failed";
  return nullptr;
}

void KeyvaultServer::Fingerprint(char* out, uint32_t cap) const {
  uint8_t digest[32];
  size_t len = 0;
  if (cap == 0) return;
  out[0] = '\0';
  if (psa_hash_compute(PSA_ALG_SHA_256, chain_.raw.p, chain_.raw.len, digest, sizeof(digest),
                       &len) != PSA_SUCCESS ||
      cap < 3 * len) {
    return;
  }
  static const char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < len; ++i) {
    out[3 * i] = kHex[digest[i] >> 4];
    out[3 * i + 1] = kHex[digest[i] & 15];
    out[3 * i + 2] = i + 1 == len ? '\0' : ':';
  }
}

}  // namespace tls_front
