// PBKDF2-HMAC-SHA256 password records (mbedTLS): the format shared by the
// build-time tool that writes them (tools/passwd-hash) and the authority
// service that verifies logins against them (services/authority).
//
// Record text: pbkdf2-sha256$<iterations>$<salt-hex>$<hash-hex>, lower-case
// hex, iterations decimal without leading zeros. Records come from the boot
// package, which the build made; they are still parsed strictly (fuzzed).
//
// Pure C++ over mbedTLS: no allocation, no exceptions, no libc beyond
// memcpy and memcmp, so it builds for the freestanding guest and for the
// host alike. Byte strings are (pointer, length) so that neither side's
// string type leaks into the other.
#ifndef SERVICES_LIB_PASSWORD_RECORD_PASSWORD_RECORD_H_
#define SERVICES_LIB_PASSWORD_RECORD_PASSWORD_RECORD_H_

#include <stddef.h>
#include <stdint.h>

namespace pwrecord {

inline constexpr uint32_t kMinIterations = 1000;
inline constexpr uint32_t kMaxIterations = 1000000;  // bounds the login cost
inline constexpr size_t kMinSalt = 8;
inline constexpr size_t kMaxSalt = 32;
inline constexpr size_t kMinHash = 16;
inline constexpr size_t kMaxHash = 64;
// The cost when a manifest names none (manifests/defaults/accounts.cue
// repeats it as the CUE default of authorityPolicy.passwordIterations).
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

// True iff `iterations` is a cost a record may have.
constexpr bool valid_iterations(uint32_t iterations) {
  return iterations >= kMinIterations && iterations <= kMaxIterations;
}

// False for anything but a well-formed record within the bounds above.
bool parse_record(const char* text, size_t len, PasswordRecord* out);

// Writes the record text plus NUL; returns its length, or 0 if `cap` is too
// small or the record is out of bounds.
size_t format_record(const PasswordRecord& r, char* out, size_t cap);

// PBKDF2-HMAC-SHA256(password, salt, iterations) into out[0, out_len).
// False if mbedTLS fails (out of memory) or the inputs are out of bounds.
bool derive(const char* password, size_t password_len, const uint8_t* salt, size_t salt_len,
            uint32_t iterations, uint8_t* out, size_t out_len);

// Fills `r` (salt and hash) for `password` with the given salt.
bool make_record(const char* password, size_t password_len, const uint8_t* salt, size_t salt_len,
                 uint32_t iterations, PasswordRecord* r);

// True iff `password` matches. The hash compare is constant-time; the cost
// is r.iterations rounds of PBKDF2 whether or not, and wherever, it differs.
bool verify(const char* password, size_t password_len, const PasswordRecord& r);

}  // namespace pwrecord

#endif  // SERVICES_LIB_PASSWORD_RECORD_PASSWORD_RECORD_H_
