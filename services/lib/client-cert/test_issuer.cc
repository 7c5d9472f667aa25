#include "services/lib/client-cert/test_issuer.h"

#include "mbedtls/ecp.h"
#include "mbedtls/oid.h"
#include "mbedtls/x509_crt.h"
#include "psa/crypto.h"

namespace client_cert_test {

Issuer::Issuer(const char* cn) : name_(std::string("CN=") + cn) {
  // PK and X.509 go through PSA in this configuration.
  if (psa_crypto_init() != PSA_SUCCESS || !rng_.ok() ||
      ca_.Generate(tls_test::KeyKind::kEcdsaP256, cn, &rng_) != 0)
    return;
  const mbedtls_x509_buf& raw = ca_.cert()->raw;
  ca_der_.assign(raw.p, raw.p + raw.len);
  ok_ = true;
}

std::vector<uint8_t> Issuer::Leaf(const LeafSpec& spec, uint8_t point[65]) {
  tls_test::Identity key;
  // Generate also self-signs; only its key is used.
  if (key.Generate(tls_test::KeyKind::kEcdsaP256, spec.cn.c_str(), &rng_) != 0) return {};
  size_t olen = 0;
  if (mbedtls_ecp_write_public_key(mbedtls_pk_ec(*key.key()), MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
                                   point, 65) != 0 ||
      olen != 65) {
    return {};
  }
  return LeafFor(spec, point);
}

std::vector<uint8_t> Issuer::LeafFor(const LeafSpec& spec, const uint8_t point[65]) {
  // The key as a SubjectPublicKeyInfo (RFC 5480, named curve P-256).
  static const uint8_t kPrefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                    0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                    0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
  std::vector<uint8_t> spki(kPrefix, kPrefix + sizeof(kPrefix));
  spki.insert(spki.end(), point, point + 65);
  mbedtls_pk_context subject;
  mbedtls_pk_init(&subject);
  if (mbedtls_pk_parse_public_key(&subject, spki.data(), spki.size()) != 0) {
    mbedtls_pk_free(&subject);
    return {};
  }
  mbedtls_x509write_cert w;
  mbedtls_x509write_crt_init(&w);
  const std::string subject_name = "CN=" + spec.cn;
  mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
  mbedtls_x509write_crt_set_subject_key(&w, &subject);
  mbedtls_x509write_crt_set_issuer_key(&w, ca_.key());
  int ret = mbedtls_x509write_crt_set_subject_name(&w, subject_name.c_str());
  if (ret == 0) ret = mbedtls_x509write_crt_set_issuer_name(&w, name_.c_str());
  std::vector<uint8_t> serial = spec.serial;
  if (ret == 0) ret = mbedtls_x509write_crt_set_serial_raw(&w, serial.data(), serial.size());
  if (ret == 0) {
    ret = mbedtls_x509write_crt_set_validity(&w, spec.not_before.c_str(), spec.not_after.c_str());
  }
  if (ret == 0) ret = mbedtls_x509write_crt_set_basic_constraints(&w, /*is_ca=*/0, -1);
  if (ret == 0) ret = mbedtls_x509write_crt_set_key_usage(&w, MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
  mbedtls_asn1_sequence eku = {};
  eku.buf.tag = MBEDTLS_ASN1_OID;
  if (spec.client_auth) {
    eku.buf.p = reinterpret_cast<unsigned char*>(const_cast<char*>(MBEDTLS_OID_CLIENT_AUTH));
    eku.buf.len = MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH);
  } else {
    eku.buf.p = reinterpret_cast<unsigned char*>(const_cast<char*>(MBEDTLS_OID_SERVER_AUTH));
    eku.buf.len = MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH);
  }
  if (ret == 0) ret = mbedtls_x509write_crt_set_ext_key_usage(&w, &eku);
  unsigned char der[4096];
  if (ret == 0) ret = mbedtls_x509write_crt_der(&w, der, sizeof(der), tls_test::Rng::Random, &rng_);
  mbedtls_x509write_crt_free(&w);
  mbedtls_pk_free(&subject);
  if (ret <= 0) return {};
  return std::vector<uint8_t>(der + sizeof(der) - ret, der + sizeof(der));
}

}  // namespace client_cert_test
