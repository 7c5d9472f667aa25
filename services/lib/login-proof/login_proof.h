// The public-key login's proof (schema/remote_session.capnp, "Public-key
// login"): the one definition of the signed message, shared by the signer
// (the host CLI) and the verifier (the authority), so both hash exactly the
// same bytes.
//
// The message is domain-separated (kDomain, then a NUL) so a signature made
// for it can never be one for another protocol's message, and it ends with
// the connection's nonce and TLS exporter, so it is good for one login
// attempt on one TLS connection.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace login_proof {

inline constexpr char kDomain[] = "capOS remote-session publicKey login v1";
inline constexpr char kExporterLabel[] = "EXPORTER-capos-remote-session-login";
inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kBindingBytes = 32;  // the TLS exporter's output
inline constexpr size_t kChallengeBytes = kNonceBytes + kBindingBytes;
inline constexpr size_t kPointBytes = 65;          // 0x04 || X || Y (P-256)
inline constexpr size_t kMaxSignatureBytes = 72;   // DER ECDSA P-256
inline constexpr size_t kMaxPrincipalBytes = 255;  // one length byte

// SHA-256 of the message for `principal` and `challenge` (the nonce, then
// the binding). False if the principal is longer than one byte can say.
bool Digest(const char* principal, size_t principal_len, const uint8_t challenge[kChallengeBytes],
            uint8_t out[32]);

// True only if `signature` (DER) is `point`'s ECDSA P-256 signature of the
// message. A point off the curve or in another encoding, or a malformed
// signature, is simply false. Costs one verification whatever the inputs
// (after their sizes), so its time does not depend on whose key it is.
bool Verify(const uint8_t point[kPointBytes], const char* principal, size_t principal_len,
            const uint8_t challenge[kChallengeBytes], const uint8_t* signature,
            size_t signature_len);

}  // namespace login_proof
