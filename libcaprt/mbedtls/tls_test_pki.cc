#include "libcaprt/mbedtls/tls_test_pki.h"

#include <string>

#include "mbedtls/ecp.h"
#include "mbedtls/rsa.h"
#include "mbedtls/x509.h"

namespace tls_test {

Rng::Rng() {
  mbedtls_entropy_init(&entropy_);
  mbedtls_ctr_drbg_init(&drbg_);
  static const unsigned char kPersonal[] = "capos tls test";
  ok_ = mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, kPersonal,
                              sizeof(kPersonal) - 1) == 0;
}

Rng::~Rng() {
  mbedtls_ctr_drbg_free(&drbg_);
  mbedtls_entropy_free(&entropy_);
}

int Rng::Random(void* self, unsigned char* out, size_t len) {
  return mbedtls_ctr_drbg_random(&static_cast<Rng*>(self)->drbg_, out, len);
}

Identity::Identity() {
  mbedtls_pk_init(&key_);
  mbedtls_x509_crt_init(&cert_);
}

Identity::~Identity() {
  mbedtls_x509_crt_free(&cert_);
  mbedtls_pk_free(&key_);
}

int Identity::Generate(KeyKind kind, const char* cn, Rng* rng) {
  if (int ret = GenerateKey(kind, rng); ret != 0) return ret;
  return SelfSign(kind, cn, rng);
}

int Identity::GenerateKey(KeyKind kind, Rng* rng) {
  if (kind == KeyKind::kRsa2048) {
    if (int ret = mbedtls_pk_setup(&key_, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)); ret != 0) {
      return ret;
    }
    return mbedtls_rsa_gen_key(mbedtls_pk_rsa(key_), Rng::Random, rng, 2048, 65537);
  }
  if (int ret = mbedtls_pk_setup(&key_, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)); ret != 0) {
    return ret;
  }
  const mbedtls_ecp_group_id curve =
      kind == KeyKind::kEcdsaP384 ? MBEDTLS_ECP_DP_SECP384R1 : MBEDTLS_ECP_DP_SECP256R1;
  return mbedtls_ecp_gen_key(curve, mbedtls_pk_ec(key_), Rng::Random, rng);
}

int Identity::SelfSign(KeyKind kind, const char* cn, Rng* rng) {
  mbedtls_x509write_cert w;
  mbedtls_x509write_crt_init(&w);
  const std::string name = std::string("CN=") + cn;
  unsigned char serial[] = {0x01};
  unsigned char der[4096];
  mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(
      &w, kind == KeyKind::kEcdsaP384 ? MBEDTLS_MD_SHA384 : MBEDTLS_MD_SHA256);
  mbedtls_x509write_crt_set_subject_key(&w, &key_);
  mbedtls_x509write_crt_set_issuer_key(&w, &key_);
  int ret = mbedtls_x509write_crt_set_subject_name(&w, name.c_str());
  if (ret == 0) ret = mbedtls_x509write_crt_set_issuer_name(&w, name.c_str());
  if (ret == 0) ret = mbedtls_x509write_crt_set_serial_raw(&w, serial, sizeof(serial));
  // Dates are checked (MBEDTLS_HAVE_TIME_DATE): valid from before any test
  // or image build until long after.
  if (ret == 0) ret = mbedtls_x509write_crt_set_validity(&w, "20250101000000", "20450101000000");
  if (ret == 0) ret = mbedtls_x509write_crt_set_basic_constraints(&w, /*is_ca=*/1, 0);
  // An RSA certificate also allows key encipherment, as RSA server
  // certificates usually do: without it mbedTLS would refuse RSA key
  // exchange for the certificate alone, and RsaKeyExchangeIsRefused would
  // pass whatever the config said.
  unsigned int usage = MBEDTLS_X509_KU_DIGITAL_SIGNATURE | MBEDTLS_X509_KU_KEY_CERT_SIGN;
  if (kind == KeyKind::kRsa2048) usage |= MBEDTLS_X509_KU_KEY_ENCIPHERMENT;
  if (ret == 0) ret = mbedtls_x509write_crt_set_key_usage(&w, usage);
  // The DER is written at the end of the buffer; the result is its length.
  if (ret == 0) ret = mbedtls_x509write_crt_der(&w, der, sizeof(der), Rng::Random, rng);
  mbedtls_x509write_crt_free(&w);
  if (ret < 0) return ret;
  return mbedtls_x509_crt_parse_der(&cert_, der + sizeof(der) - ret, static_cast<size_t>(ret));
}

}  // namespace tls_test
