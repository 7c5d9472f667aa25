// The probe's Signer client and its two verifiers: what a TLS front end's
// call path and a TLS client's check of the signature amount to.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/ring.h"
#include "mbedtls/x509_crt.h"
#include "schema/keyvault.capnp.h"

namespace kvprobe {

struct PublicKey {
  bool p256 = false;
  uint8_t point[97];
  size_t point_len = 0;
};

class SignerClient {
 public:
  explicit SignerClient(const caprt::Cap& cap) : cap_(cap) {}

  // Each returns false with why() set on a transport error or an answer of
  // the wrong shape.
  bool GetPublicKey(PublicKey* out);
  bool GetChain(mbedtls_x509_crt* out);  // parses every certificate
  bool Sign(capos::schema::Signer::HashAlgorithm hash, const uint8_t* digest, size_t len,
            uint8_t* sig, size_t* sig_len);
  // Sends a digest of `len` bytes that should be refused; the typed error.
  bool Refused(capos::schema::Signer::HashAlgorithm hash, size_t len,
               capos::schema::Signer::Error* error);
  const char* why() const { return why_; }

 private:
  caprt::Cap cap_;
  const char* why_ = "";
};

// ECDSA verification of a raw r || s signature over a SHA-256 digest: with
// the public point imported into PSA, or with the certificate's key.
bool VerifyWithPoint(const PublicKey& key, const uint8_t* digest, size_t len, const uint8_t* sig,
                     size_t sig_len);
bool VerifyWithCert(mbedtls_x509_crt& cert, const uint8_t* digest, size_t len, const uint8_t* sig,
                    size_t sig_len);

}  // namespace kvprobe
