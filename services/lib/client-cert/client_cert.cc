#include "services/lib/client-cert/client_cert.h"

#include <string.h>

#include "mbedtls/oid.h"
#include "psa/crypto.h"

namespace client_cert {
namespace {

// The SubjectPublicKeyInfo of every named-curve P-256 key, up to its point
// (RFC 5480): SEQUENCE { SEQUENCE { id-ecPublicKey, secp256r1 }, BIT STRING
// { 0 unused bits, the point } }. Comparing the whole encoding pins the
// algorithm and the curve as well as the point.
constexpr uint8_t kP256SpkiPrefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                       0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                       0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};

// The serial without its leading zero bytes (DER adds one to keep a high
// bit unsigned; openssl's hex does not show it).
const uint8_t* Trim(const uint8_t* p, size_t* len) {
  while (*len > 1 && p[0] == 0) {
    ++p;
    --(*len);
  }
  return p;
}

Verdict FromFlags(uint32_t flags) {
  if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) return Verdict::kNotTrusted;
  if (flags & MBEDTLS_X509_BADCERT_REVOKED) return Verdict::kRevoked;
  if (flags & MBEDTLS_X509_BADCERT_EXPIRED) return Verdict::kExpired;
  if (flags & MBEDTLS_X509_BADCERT_FUTURE) return Verdict::kNotYetValid;
  if (flags & (MBEDTLS_X509_BADCERT_KEY_USAGE | MBEDTLS_X509_BADCERT_EXT_KEY_USAGE)) {
    return Verdict::kNotForClients;
  }
  return Verdict::kNotTrusted;
}

bool SubjectIs(const mbedtls_x509_crt& crt, const char* principal, size_t principal_len) {
  size_t cns = 0;
  bool match = false;
  for (const mbedtls_x509_name* n = &crt.subject; n != nullptr; n = n->next) {
    if (n->oid.p == nullptr || MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) != 0) continue;
    ++cns;
    match = n->val.len == principal_len && memcmp(n->val.p, principal, principal_len) == 0;
  }
  return cns == 1 && match;  // two CNs name nobody in particular
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kMalformed:
      return "malformed";
    case Verdict::kNotTrusted:
      return "notTrusted";
    case Verdict::kExpired:
      return "expired";
    case Verdict::kNotYetValid:
      return "notYetValid";
    case Verdict::kRevoked:
      return "revoked";
    case Verdict::kNotForClients:
      return "notForClients";
    case Verdict::kSubjectMismatch:
      return "subjectMismatch";
    case Verdict::kKeyMismatch:
      return "keyMismatch";
  }
  return "unknown";
}

Policy::Policy() {
  mbedtls_x509_crt_init(&ca_);
}
Policy::~Policy() {
  mbedtls_x509_crt_free(&ca_);
}

bool Policy::AddCa(const uint8_t* der, size_t len) {
  if (ca_count_ == kMaxCas || der == nullptr || len == 0 || len > kMaxCertBytes) return false;
  if (psa_crypto_init() != PSA_SUCCESS) return false;  // X.509 signatures go through PSA
  mbedtls_x509_crt one;
  mbedtls_x509_crt_init(&one);
  bool ok = mbedtls_x509_crt_parse_der(&one, der, len) == 0 && one.next == nullptr &&
            one.MBEDTLS_PRIVATE(ca_istrue) != 0;
  mbedtls_x509_crt_free(&one);
  if (!ok || mbedtls_x509_crt_parse_der(&ca_, der, len) != 0) return false;
  ++ca_count_;
  return true;
}

bool Policy::AddDeniedSerial(const uint8_t* serial, size_t len) {
  if (denied_count_ == kMaxDenied || serial == nullptr || len == 0) return false;
  serial = Trim(serial, &len);
  if (len > kMaxSerialBytes) return false;
  memcpy(denied_[denied_count_], serial, len);
  denied_len_[denied_count_++] = static_cast<uint8_t>(len);
  return true;
}

bool Policy::AddRequiredPort(uint16_t port) {
  if (port == 0 || port_count_ == kMaxPorts) return false;
  ports_[port_count_++] = port;
  return true;
}

const mbedtls_x509_buf& Policy::ca_der(size_t i) const {
  const mbedtls_x509_crt* c = &ca_;
  while (i-- > 0 && c->next != nullptr) c = c->next;
  return c->raw;
}

const uint8_t* Policy::denied(size_t i, size_t* len) const {
  *len = denied_len_[i];
  return denied_[i];
}

bool Policy::Requires(uint16_t port) const {
  for (size_t i = 0; i < port_count_; ++i) {
    if (ports_[i] == port) return true;
  }
  return false;
}

bool Policy::Denied(const uint8_t* serial, size_t len) const {
  if (serial == nullptr || len == 0) return false;
  serial = Trim(serial, &len);
  for (size_t i = 0; i < denied_count_; ++i) {
    if (denied_len_[i] == len && memcmp(denied_[i], serial, len) == 0) return true;
  }
  return false;
}

int Policy::VerifyCallback(void* self, mbedtls_x509_crt* crt, int depth, uint32_t* flags) {
  const Policy* p = static_cast<const Policy*>(self);
  if (depth == 0 && p->Denied(crt->serial.p, crt->serial.len)) {
    *flags |= MBEDTLS_X509_BADCERT_REVOKED;
  }
  return 0;  // the flags decide; 0 lets mbedTLS report them
}

Verdict Policy::CheckLogin(const uint8_t* der, size_t len, const char* principal,
                           size_t principal_len, const uint8_t point[kPointBytes]) {
  if (der == nullptr || len == 0 || len > kMaxCertBytes) return Verdict::kMalformed;
  if (ca_count_ == 0) return Verdict::kNotTrusted;
  if (psa_crypto_init() != PSA_SUCCESS) return Verdict::kNotTrusted;
  mbedtls_x509_crt crt;
  mbedtls_x509_crt_init(&crt);
  Verdict v = Verdict::kOk;
  uint32_t flags = 0;
  if (mbedtls_x509_crt_parse_der(&crt, der, len) != 0 || crt.next != nullptr) {
    v = Verdict::kMalformed;
  } else if (mbedtls_x509_crt_verify(&crt, &ca_, nullptr, nullptr, &flags, VerifyCallback, this) !=
                 0 ||
             flags != 0) {
    v = FromFlags(flags);
  } else if (mbedtls_x509_crt_check_key_usage(&crt, MBEDTLS_X509_KU_DIGITAL_SIGNATURE) != 0 ||
             mbedtls_x509_crt_check_extended_key_usage(
                 &crt, MBEDTLS_OID_CLIENT_AUTH, MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH)) != 0) {
    v = Verdict::kNotForClients;
  } else if (!SubjectIs(crt, principal, principal_len)) {
    v = Verdict::kSubjectMismatch;
  } else if (crt.pk_raw.len != sizeof(kP256SpkiPrefix) + kPointBytes ||
             memcmp(crt.pk_raw.p, kP256SpkiPrefix, sizeof(kP256SpkiPrefix)) != 0 ||
             memcmp(crt.pk_raw.p + sizeof(kP256SpkiPrefix), point, kPointBytes) != 0) {
    v = Verdict::kKeyMismatch;
  }
  mbedtls_x509_crt_free(&crt);
  return v;
}

}  // namespace client_cert
