#include "libcaprt/mbedtls/tls_test_key_holder.h"

#include <stdint.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libcaprt/mbedtls/tls_test_pki.h"
#include "mbedtls/ecp.h"
// psa_util.h, unlike mbedTLS's other headers, has no extern "C" of its own.
extern "C" {
#include "mbedtls/psa_util.h"
}

namespace tls_test {
namespace {

// Requests, one byte each, then their fixed fields.
constexpr unsigned char kSign = 'S';    // u32 hash alg, u8 length, digest
constexpr unsigned char kReveal = 'K';  // (nothing)

bool WriteAll(int fd, const void* p, size_t n) {
  const unsigned char* b = static_cast<const unsigned char*>(p);
  while (n > 0) {
    const ssize_t w = write(fd, b, n);
    if (w <= 0) return false;
    b += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool ReadAll(int fd, void* p, size_t n) {
  unsigned char* b = static_cast<unsigned char*>(p);
  while (n > 0) {
    const ssize_t r = read(fd, b, n);
    if (r <= 0) return false;
    b += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

// The child: answers requests until the parent closes the socket.
[[noreturn]] void Serve(int fd, const char* cn) {
  Rng rng;  // its own DRBG, seeded afresh, not a copy of the parent's
  Identity id;
  const bool ok = rng.ok() && id.Generate(KeyKind::kEcdsaP256, cn, &rng) == 0;
  const uint16_t cert_len = ok ? static_cast<uint16_t>(id.cert()->raw.len) : 0;
  if (!WriteAll(fd, &cert_len, sizeof(cert_len)) || !WriteAll(fd, id.cert()->raw.p, cert_len) ||
      !ok) {
    _exit(1);
  }
  unsigned char op;
  while (ReadAll(fd, &op, 1)) {
    if (op == kSign) {
      uint32_t hash_alg;
      uint8_t len;
      unsigned char digest[64];
      if (!ReadAll(fd, &hash_alg, 4) || !ReadAll(fd, &len, 1) || len > sizeof(digest) ||
          !ReadAll(fd, digest, len)) {
        _exit(1);
      }
      unsigned char der[MBEDTLS_PK_SIGNATURE_MAX_SIZE], raw[2 * 66];
      size_t der_len = 0, raw_len = 0;
      int ret = mbedtls_pk_sign(id.key(), mbedtls_md_type_from_psa_alg(hash_alg), digest, len, der,
                                sizeof(der), &der_len, Rng::Random, &rng);
      if (ret == 0) ret = mbedtls_ecdsa_der_to_raw(256, der, der_len, raw, sizeof(raw), &raw_len);
      const int32_t status = ret == 0 ? PSA_SUCCESS : PSA_ERROR_HARDWARE_FAILURE;
      const uint16_t n = static_cast<uint16_t>(ret == 0 ? raw_len : 0);
      if (!WriteAll(fd, &status, 4) || !WriteAll(fd, &n, 2) || !WriteAll(fd, raw, n)) _exit(1);
    } else if (op == kReveal) {
      unsigned char d[66];
      size_t len = 0;
      if (mbedtls_ecp_write_key_ext(mbedtls_pk_ec(*id.key()), &len, d, sizeof(d)) != 0) len = 0;
      const uint8_t n = static_cast<uint8_t>(len);
      if (!WriteAll(fd, &n, 1) || !WriteAll(fd, d, n)) _exit(1);
    } else {
      _exit(1);
    }
  }
  _exit(0);
}

}  // namespace

KeyHolder::~KeyHolder() {
  if (fd_ >= 0) close(fd_);  // the child reads EOF and exits
  if (pid_ > 0) {
    int status;
    waitpid(pid_, &status, 0);
  }
}

bool KeyHolder::Start(const char* cn) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return false;
  pid_ = fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    close(fds[0]);
    Serve(fds[1], cn);
  }
  close(fds[1]);
  fd_ = fds[0];
  uint16_t len = 0;
  if (!ReadAll(fd_, &len, sizeof(len)) || len == 0) return false;
  cert_der_.resize(len);
  return ReadAll(fd_, cert_der_.data(), len);
}

psa_status_t KeyHolder::Sign(psa_algorithm_t hash_alg, const uint8_t* digest, size_t digest_len,
                             uint8_t* signature, size_t signature_size, size_t* signature_len) {
  ++signs_;
  last_hash_alg_ = hash_alg;
  if (unreachable_) return PSA_ERROR_COMMUNICATION_FAILURE;
  if (digest_len > 64) return PSA_ERROR_INVALID_ARGUMENT;
  const uint32_t alg = hash_alg;
  const uint8_t len = static_cast<uint8_t>(digest_len);
  int32_t status;
  uint16_t n;
  if (!WriteAll(fd_, &kSign, 1) || !WriteAll(fd_, &alg, 4) || !WriteAll(fd_, &len, 1) ||
      !WriteAll(fd_, digest, len) || !ReadAll(fd_, &status, 4) || !ReadAll(fd_, &n, 2)) {
    return PSA_ERROR_COMMUNICATION_FAILURE;
  }
  if (n > signature_size) return PSA_ERROR_BUFFER_TOO_SMALL;
  if (!ReadAll(fd_, signature, n)) return PSA_ERROR_COMMUNICATION_FAILURE;
  *signature_len = n;
  return status;
}

size_t KeyHolder::RevealScalar(unsigned char* out, size_t out_size) {
  uint8_t n = 0;
  if (!WriteAll(fd_, &kReveal, 1) || !ReadAll(fd_, &n, 1) || n > out_size) return 0;
  return ReadAll(fd_, out, n) ? n : 0;
}

}  // namespace tls_test
