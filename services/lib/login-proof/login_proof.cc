#include "services/lib/login-proof/login_proof.h"

#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/sha256.h>

namespace login_proof {

bool Digest(const char* principal, size_t principal_len, const uint8_t challenge[kChallengeBytes],
            uint8_t out[32]) {
  if (principal_len > kMaxPrincipalBytes) return false;
  mbedtls_sha256_context sha;
  mbedtls_sha256_init(&sha);
  const uint8_t len = uint8_t(principal_len);
  // sizeof(kDomain) includes its NUL: the separator.
  bool ok = mbedtls_sha256_starts(&sha, 0) == 0 &&
            mbedtls_sha256_update(&sha, reinterpret_cast<const uint8_t*>(kDomain),
                                  sizeof(kDomain)) == 0 &&
            mbedtls_sha256_update(&sha, &len, 1) == 0 &&
            mbedtls_sha256_update(&sha, reinterpret_cast<const uint8_t*>(principal),
                                  principal_len) == 0 &&
            mbedtls_sha256_update(&sha, challenge, kChallengeBytes) == 0 &&
            mbedtls_sha256_finish(&sha, out) == 0;
  mbedtls_sha256_free(&sha);
  return ok;
}

bool Verify(const uint8_t point[kPointBytes], const char* principal, size_t principal_len,
            const uint8_t challenge[kChallengeBytes], const uint8_t* signature,
            size_t signature_len) {
  if (signature_len == 0 || signature_len > kMaxSignatureBytes) return false;
  uint8_t hash[32];
  if (!Digest(principal, principal_len, challenge, hash)) return false;
  mbedtls_ecp_group grp;
  mbedtls_ecp_point q;
  mbedtls_ecdsa_context key;
  mbedtls_ecp_group_init(&grp);
  mbedtls_ecp_point_init(&q);
  mbedtls_ecdsa_init(&key);
  // Only the uncompressed encoding: one key, one byte string, so an
  // account's authorizedKeys can be matched byte for byte.
  bool ok = point[0] == 0x04 && mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) == 0 &&
            mbedtls_ecp_point_read_binary(&grp, &q, point, kPointBytes) == 0 &&
            mbedtls_ecp_check_pubkey(&grp, &q) == 0 &&
            mbedtls_ecp_set_public_key(MBEDTLS_ECP_DP_SECP256R1, &key, &q) == 0 &&
            mbedtls_ecdsa_read_signature(&key, hash, sizeof(hash), signature, signature_len) == 0;
  mbedtls_ecdsa_free(&key);
  mbedtls_ecp_point_free(&q);
  mbedtls_ecp_group_free(&grp);
  return ok;
}

}  // namespace login_proof
