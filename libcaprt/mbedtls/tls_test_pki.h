// Keys, certificates and randomness for the host TLS tests, made at run time
// with mbedTLS itself (mbedtls_host: the project config plus certificate
// writing), so no key or certificate is ever checked in.
#ifndef CAPRT_MBEDTLS_TLS_TEST_PKI_H_
#define CAPRT_MBEDTLS_TLS_TEST_PKI_H_

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/pk.h"
#include "mbedtls/x509_crt.h"

namespace tls_test {

// A CTR-DRBG seeded from the host's entropy (an mbedtls_f_rng_t).
class Rng {
 public:
  Rng();
  ~Rng();
  Rng(const Rng&) = delete;
  Rng& operator=(const Rng&) = delete;

  bool ok() const { return ok_; }
  static int Random(void* self, unsigned char* out, size_t len);

 private:
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
  bool ok_ = false;
};

enum class KeyKind { kEcdsaP256, kEcdsaP384, kRsa2048 };

// A fresh private key and a self-signed certificate for it (subject and
// issuer CN=<cn>, CA:TRUE), which a peer can trust as its own anchor.
class Identity {
 public:
  Identity();
  ~Identity();
  Identity(const Identity&) = delete;
  Identity& operator=(const Identity&) = delete;

  // Returns 0 or the first mbedTLS error.
  int Generate(KeyKind kind, const char* cn, Rng* rng);

  mbedtls_pk_context* key() { return &key_; }
  mbedtls_x509_crt* cert() { return &cert_; }

 private:
  int GenerateKey(KeyKind kind, Rng* rng);
  int SelfSign(KeyKind kind, const char* cn, Rng* rng);

  mbedtls_pk_context key_;
  mbedtls_x509_crt cert_;
};

}  // namespace tls_test

#endif  // CAPRT_MBEDTLS_TLS_TEST_PKI_H_
