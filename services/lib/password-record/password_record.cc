#include "services/lib/password-record/password_record.h"

#include <string.h>

#include "mbedtls/md.h"
#include "mbedtls/pkcs5.h"
#include "mbedtls/platform_util.h"

// mbedTLS's constant_time.h (3.6 as 2.28) lacks the C++ linkage guard its
// other headers have.
extern "C" {
#include "mbedtls/constant_time.h"
}

namespace pwrecord {
namespace {

// A borrowed (pointer, length) slice of the record text being parsed.
struct Slice {
  const char* p = "";
  size_t n = 0;
  char operator[](size_t i) const { return p[i]; }
};

constexpr char kPrefix[] = "pbkdf2-sha256$";
constexpr size_t kPrefixLen = sizeof(kPrefix) - 1;
constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is not canonical: rejected
}

// Splits off the text up to the next '$' (or the end when last).
bool take_field(Slice* rest, Slice* field, bool last) {
  size_t i = 0;
  while (i < rest->n && (*rest)[i] != '$') ++i;
  if (last != (i == rest->n)) return false;
  *field = Slice{rest->p, i};
  *rest = last ? Slice() : Slice{rest->p + i + 1, rest->n - i - 1};
  return true;
}

bool parse_hex(Slice hex, uint8_t* out, size_t min, size_t max, size_t* len) {
  if (hex.n % 2 != 0 || hex.n / 2 < min || hex.n / 2 > max) return false;
  for (size_t i = 0; i < hex.n; i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i / 2] = static_cast<uint8_t>(hi << 4 | lo);
  }
  *len = hex.n / 2;
  return true;
}

bool parse_iterations(Slice s, uint32_t* out) {
  if (s.n == 0 || s.n > 7 || s[0] == '0') return false;
  uint32_t v = 0;
  for (size_t i = 0; i < s.n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + static_cast<uint32_t>(s[i] - '0');
  }
  if (!valid_iterations(v)) return false;
  *out = v;
  return true;
}

bool in_bounds(const PasswordRecord& r) {
  return valid_iterations(r.iterations) && r.salt_len >= kMinSalt && r.salt_len <= kMaxSalt &&
         r.hash_len >= kMinHash && r.hash_len <= kMaxHash;
}

}  // namespace

bool parse_record(const char* text, size_t len, PasswordRecord* out) {
  if (text == nullptr || len < kPrefixLen || memcmp(text, kPrefix, kPrefixLen) != 0) return false;
  Slice rest{text + kPrefixLen, len - kPrefixLen};
  Slice iter, salt, hash;
  if (!take_field(&rest, &iter, false) || !take_field(&rest, &salt, false) ||
      !take_field(&rest, &hash, true)) {
    return false;
  }
  PasswordRecord r;
  if (!parse_iterations(iter, &r.iterations) ||
      !parse_hex(salt, r.salt, kMinSalt, kMaxSalt, &r.salt_len) ||
      !parse_hex(hash, r.hash, kMinHash, kMaxHash, &r.hash_len)) {
    return false;
  }
  *out = r;
  return true;
}

size_t format_record(const PasswordRecord& r, char* out, size_t cap) {
  if (!in_bounds(r)) return 0;
  char iter[8];
  size_t n = 0;
  for (uint32_t v = r.iterations; v != 0; v /= 10) iter[n++] = static_cast<char>('0' + v % 10);
  const size_t need = kPrefixLen + n + 1 + 2 * r.salt_len + 1 + 2 * r.hash_len;
  if (cap < need + 1) return 0;
  size_t o = 0;
  memcpy(out, kPrefix, kPrefixLen);
  o += kPrefixLen;
  while (n != 0) out[o++] = iter[--n];
  out[o++] = '$';
  for (size_t i = 0; i < r.salt_len; ++i) {
    out[o++] = kHex[r.salt[i] >> 4];
    out[o++] = kHex[r.salt[i] & 15];
  }
  out[o++] = '$';
  for (size_t i = 0; i < r.hash_len; ++i) {
    out[o++] = kHex[r.hash[i] >> 4];
    out[o++] = kHex[r.hash[i] & 15];
  }
  out[o] = '\0';
  return o;
}

bool derive(const char* password, size_t password_len, const uint8_t* salt, size_t salt_len,
            uint32_t iterations, uint8_t* out, size_t out_len) {
  if (password_len > kMaxPassword || out_len == 0 || out_len > kMaxHash) return false;
  return mbedtls_pkcs5_pbkdf2_hmac_ext(
             MBEDTLS_MD_SHA256, reinterpret_cast<const unsigned char*>(password), password_len,
             salt, salt_len, iterations, static_cast<uint32_t>(out_len), out) == 0;
}

bool make_record(const char* password, size_t password_len, const uint8_t* salt, size_t salt_len,
                 uint32_t iterations, PasswordRecord* r) {
  if (salt_len < kMinSalt || salt_len > kMaxSalt) return false;
  PasswordRecord out;
  out.iterations = iterations;
  memcpy(out.salt, salt, salt_len);
  out.salt_len = salt_len;
  out.hash_len = kDefaultHash;
  if (!in_bounds(out) ||
      !derive(password, password_len, salt, salt_len, iterations, out.hash, out.hash_len)) {
    return false;
  }
  *r = out;
  return true;
}

bool verify(const char* password, size_t password_len, const PasswordRecord& r) {
  if (!in_bounds(r)) return false;
  uint8_t got[kMaxHash];
  const bool derived =
      derive(password, password_len, r.salt, r.salt_len, r.iterations, got, r.hash_len);
  const bool same = mbedtls_ct_memcmp(got, r.hash, r.hash_len) == 0;
  mbedtls_platform_zeroize(got, sizeof(got));
  return derived && same;
}

}  // namespace pwrecord
