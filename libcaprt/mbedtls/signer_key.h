// A TLS server key that the TLS process never holds. The private key lives in
// a key service (services/keyvault); this process keeps the certificate (the
// public key) and a Signer that asks the key service for signatures.
//
// Why this route: mbedTLS 3.6 signs a TLS 1.3 CertificateVerify with the
// configured PK context itself (mbedtls_pk_sign_ext), never through the
// MBEDTLS_SSL_ASYNC_PRIVATE callbacks (those serve TLS 1.2 only). Its only
// public hook under that call is PSA: an opaque PK context
// (mbedtls_pk_setup_opaque) over a PSA key whose location belongs to a
// secure-element driver registered at run time (MBEDTLS_PSA_CRYPTO_SE_C,
// psa_register_se_driver). The key is registered, not imported
// (mbedtls_psa_register_se_key): PSA records its attributes and a slot
// number, and the driver's sign entry point calls the slot's Signer. The
// same opaque key serves TLS 1.2's ServerKeyExchange signature, so both
// versions take one path. docs/architecture.md (TLS) has the whole decision.
//
// The driver offers signing and nothing else: no import, generation, export,
// decryption or key agreement, so no private key can enter this process
// through PSA, and there is no RSA decryption oracle to reach.
#ifndef CAPRT_MBEDTLS_SIGNER_KEY_H_
#define CAPRT_MBEDTLS_SIGNER_KEY_H_

#include <stddef.h>
#include <stdint.h>

#include "mbedtls/pk.h"
#include "psa/crypto.h"

namespace caprt::tls {

// Signs handshake digests with a key held elsewhere.
class Signer {
 public:
  virtual ~Signer() = default;

  // Signs `digest`, which TLS computed with `hash_alg` (PSA_ALG_SHA_256,
  // _384 or _512), and writes the signature in PSA's format for the key: for
  // ECDSA, r then s, each big-endian and as long as the curve's order. The
  // handshake waits for the answer (mbedTLS signs synchronously), so an
  // implementation must give up after a bounded time. Returns PSA_SUCCESS
  // or a PSA error, which fails the handshake.
  virtual psa_status_t Sign(psa_algorithm_t hash_alg, const uint8_t* digest, size_t digest_len,
                            uint8_t* signature, size_t signature_size, size_t* signature_len) = 0;
};

// Registers the signer driver with PSA. Call it once per PSA session, before
// psa_crypto_init() (mbedtls_psa_crypto_free() unregisters it).
psa_status_t InstallSignerDriver();

// The PSA location of bound keys: 1, the PSA specification's "primary
// secure element" (mbedTLS's headers do not name it), which is what the key
// service is to this process.
constexpr psa_key_location_t kSignerKeyLocation = 0x000001;

// The number of keys one process can have bound at a time.
constexpr int kMaxSignerKeys = 8;

// One bound key: pk() is what mbedtls_ssl_conf_own_cert() takes beside the
// certificate. The Signer must outlive the binding.
class SignerKey {
 public:
  SignerKey();
  ~SignerKey();
  SignerKey(const SignerKey&) = delete;
  SignerKey& operator=(const SignerKey&) = delete;

  // Binds `signer` to the key whose public half is `public_key` (the
  // certificate's key, ECDSA on P-256 or P-384); its type and size become
  // the PSA key's. Returns 0, MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE for another
  // key type, MBEDTLS_ERR_PK_ALLOC_FAILED when all slots are bound, or a
  // PSA error (negative).
  int Bind(Signer* signer, const mbedtls_pk_context& public_key);

  mbedtls_pk_context* pk() { return &pk_; }
  mbedtls_svc_key_id_t id() const { return id_; }

 private:
  int slot_ = -1;
  mbedtls_svc_key_id_t id_ = MBEDTLS_SVC_KEY_ID_INIT;
  mbedtls_pk_context pk_;
};

}  // namespace caprt::tls

#endif  // CAPRT_MBEDTLS_SIGNER_KEY_H_
