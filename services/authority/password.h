// PBKDF2-HMAC-SHA256 password records (mbedTLS), shared by the authority
// service and the build-time tool tools/passwd-hash.
//
// Record text: pbkdf2-sha256$<iterations>$<salt-hex>$<hash-hex>, lower-case
// hex, iterations decimal without leading zeros. The record comes from the
// boot package, which the build made; it is still parsed strictly (fuzzed).
#ifndef SERVICES_AUTHORITY_PASSWORD_H_
#define SERVICES_AUTHORITY_PASSWORD_H_

#include <stddef.h>
#include <stdint.h>

#include "services/authority/text.h"

namespace authority {

inline constexpr uint32_t kMinIterations = 1000;
inline constexpr uint32_t kMaxIterations = 1000000;  // bounds the login cost
inline constexpr size_t kMinSalt = 8;
inline constexpr size_t kMaxSalt = 32;
inline constexpr size_t kMinHash = 16;
inline constexpr size_t kMaxHash = 64;
inline constexpr uint32_t kDefaultIterations = 10000;
inline constexpr size_t kDefaultSalt = 16;
inline constexpr size_t kDefaultHash = 32;
inline constexpr size_t kMaxPassword = 256;

struct PasswordRecord {
  uint32_t iterations = 0;
  uint8_t salt[kMaxSalt] = {};
  size_t salt_len = 0;
  uint8_t hash[kMaxHash] = {};
  size_t hash_len = 0;
};

// False for anything but a well-formed record within the bounds above.
bool parse_record(Str text, PasswordRecord* out);

// Writes the record text plus NUL; returns its length, or 0 if `cap` is too
// small or the record is out of bounds.
size_t format_record(const PasswordRecord& r, char* out, size_t cap);

// PBKDF2-HMAC-SHA256(password, salt, iterations) into out[0, out_len).
// False if mbedTLS fails (out of memory) or the inputs are out of bounds.
bool derive(Str password, const uint8_t* salt, size_t salt_len, uint32_t iterations, uint8_t* out,
            size_t out_len);

// Fills `r` (salt and hash) for `password` with the given salt.
bool make_record(Str password, const uint8_t* salt, size_t salt_len, uint32_t iterations,
                 PasswordRecord* r);

// True iff `password` matches. The hash compare is constant-time; the cost
// is dominated by PBKDF2 and independent of where a mismatch is.
bool verify(Str password, const PasswordRecord& r);

}  // namespace authority

#endif  // SERVICES_AUTHORITY_PASSWORD_H_
