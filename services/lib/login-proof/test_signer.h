// A P-256 key for host tests of the public-key login: signs the login
// message as the CLI does (login_proof.h), with a seeded, deterministic
// generator (test keys protect nothing).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ecdsa.h>

#include "services/lib/login-proof/login_proof.h"

namespace login_proof {

class TestSigner {
 public:
  explicit TestSigner(uint64_t seed);
  ~TestSigner();
  TestSigner(const TestSigner&) = delete;
  TestSigner& operator=(const TestSigner&) = delete;

  // The key as authorizedKeys holds it.
  const uint8_t* point() const { return point_; }
  // Signs the message for `principal` and `challenge`; returns the DER
  // signature's length (0 on failure).
  size_t Sign(const char* principal, const uint8_t challenge[kChallengeBytes],
              uint8_t sig[kMaxSignatureBytes]);

 private:
  static int Random(void* self, unsigned char* out, size_t n);
  mbedtls_ecdsa_context key_;
  uint64_t state_;
  uint8_t point_[kPointBytes] = {};
};

}  // namespace login_proof
