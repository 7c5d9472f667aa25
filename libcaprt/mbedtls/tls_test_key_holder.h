// A key holder for the host TLS tests: a child process that generates an
// ECDSA P-256 key and a self-signed certificate for it, and then signs
// digests on request, over a socket. The test process (the TLS server and
// client) never has the private key in its memory, as a TLS endpoint in the
// guest never has the key service's: the separation is an address space,
// not a convention. For the tests' memory scans the holder can also hand
// over its private scalar, into a caller's buffer only.
#ifndef CAPRT_MBEDTLS_TLS_TEST_KEY_HOLDER_H_
#define CAPRT_MBEDTLS_TLS_TEST_KEY_HOLDER_H_

#include <sys/types.h>

#include <vector>

#include "libcaprt/mbedtls/signer_key.h"

namespace tls_test {

class KeyHolder : public caprt::tls::Signer {
 public:
  KeyHolder() = default;
  ~KeyHolder() override;  // ends the child
  KeyHolder(const KeyHolder&) = delete;
  KeyHolder& operator=(const KeyHolder&) = delete;

  // Forks the holder; `cn` names the certificate's subject. The certificate
  // (DER) is read back. False if anything failed.
  bool Start(const char* cn);
  const std::vector<unsigned char>& cert_der() const { return cert_der_; }

  // Signer: one request to the child and its answer.
  psa_status_t Sign(psa_algorithm_t hash_alg, const uint8_t* digest, size_t digest_len,
                    uint8_t* signature, size_t signature_size, size_t* signature_len) override;

  // Test-only: the private scalar, big-endian, written to `out` (the
  // caller keeps it off the heap, on its stack). Returns its length or 0.
  size_t RevealScalar(unsigned char* out, size_t out_size);

  int signs() const { return signs_; }
  psa_algorithm_t last_hash_alg() const { return last_hash_alg_; }
  // While set, Sign fails as a dead key service would.
  void set_unreachable(bool v) { unreachable_ = v; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::vector<unsigned char> cert_der_;
  int signs_ = 0;
  psa_algorithm_t last_hash_alg_ = 0;
  bool unreachable_ = false;
};

}  // namespace tls_test

#endif  // CAPRT_MBEDTLS_TLS_TEST_KEY_HOLDER_H_
