// A TLS front end's side of keyvault: a caprt::tls::Signer over a `Signer`
// cap (schema/keyvault.capnp), so the SignerKey beside its certificate
// (libcaprt/mbedtls/signer_key.h) gets each handshake signature from
// keyvault, and the certificate chain getter that gives it that
// certificate. It holds a cap, never key bytes.
//
// mbedTLS asks for the signature synchronously from inside the handshake
// step, so Sign is one blocking CALL bounded by `timeout_ms`: a keyvault
// that does not answer fails that handshake (docs/architecture.md, "TLS
// and the key service").
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "libcaprt/mbedtls/signer_key.h"
#include "libcaprt/runtime/ring.h"
#include "mbedtls/x509_crt.h"
#include "schema/keyvault.capnp.h"

namespace keyvault_signer {

class KeyvaultSigner : public caprt::tls::Signer {
 public:
  KeyvaultSigner(const caprt::Cap& signer, uint16_t timeout_ms)
      : cap_(signer), timeout_ms_(timeout_ms) {}

  // A transport failure (timedOut, disconnected, ...) is
  // PSA_ERROR_COMMUNICATION_FAILURE; keyvault's typed refusals map to
  // INVALID_ARGUMENT (badDigestLength), NOT_SUPPORTED (unsupportedHash) and
  // HARDWARE_FAILURE (signingFailed). last_error() keeps the kernel's error.
  psa_status_t Sign(psa_algorithm_t hash_alg, const uint8_t* digest, size_t digest_len,
                    uint8_t* signature, size_t signature_size, size_t* signature_len) override;

  // Parses the key's certificate chain (leaf first) into `out`, an
  // initialized chain. kOk, the call's error, kMalformedMessage for an
  // undecodable answer or kNotFound for an empty chain or bad DER.
  abi::Error FetchChain(mbedtls_x509_crt* out);

  int calls() const { return calls_; }
  abi::Error last_error() const { return last_error_; }

 private:
  caprt::Cap cap_;
  uint16_t timeout_ms_;
  int calls_ = 0;
  abi::Error last_error_ = abi::Error::kOk;
  alignas(8) uint8_t reply_[capos::schema::Signer::CHAIN_RESULT_BYTES];
};

}  // namespace keyvault_signer
