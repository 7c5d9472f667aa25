#include "services/lib/login-proof/test_signer.h"

#include <string.h>

namespace login_proof {

TestSigner::TestSigner(uint64_t seed) : state_(seed * 2 + 1) {
  mbedtls_ecdsa_init(&key_);
  size_t n = 0;
  if (mbedtls_ecdsa_genkey(&key_, MBEDTLS_ECP_DP_SECP256R1, Random, this) != 0 ||
      mbedtls_ecp_write_public_key(&key_, MBEDTLS_ECP_PF_UNCOMPRESSED, &n, point_,
                                   sizeof(point_)) != 0 ||
      n != kPointBytes) {
    memset(point_, 0, sizeof(point_));
  }
}

TestSigner::~TestSigner() {
  mbedtls_ecdsa_free(&key_);
}

int TestSigner::Random(void* self, unsigned char* out, size_t n) {
  auto* s = static_cast<TestSigner*>(self);
  for (size_t i = 0; i < n; ++i) {
    s->state_ ^= s->state_ << 13;
    s->state_ ^= s->state_ >> 7;
    s->state_ ^= s->state_ << 17;
    out[i] = uint8_t(s->state_ >> 24);
  }
  return 0;
}

size_t TestSigner::Sign(const char* principal, const uint8_t challenge[kChallengeBytes],
                        uint8_t sig[kMaxSignatureBytes]) {
  uint8_t hash[32];
  size_t len = 0;
  if (!Digest(principal, strlen(principal), challenge, hash) ||
      mbedtls_ecdsa_write_signature(&key_, MBEDTLS_MD_SHA256, hash, sizeof(hash), sig,
                                    kMaxSignatureBytes, &len, Random, this) != 0) {
    return 0;
  }
  return len;
}

}  // namespace login_proof
