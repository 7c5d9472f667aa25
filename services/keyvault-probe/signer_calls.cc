#include "services/keyvault-probe/signer_calls.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/keyvault.capnp.layout.h"
#include "libcaprt/runtime/clients/message.h"
#include "mbedtls/pk.h"
#include "psa/crypto.h"
extern "C" {
#include "mbedtls/psa_util.h"  // no extern "C" of its own
}

namespace kvprobe {
namespace {

using Schema = capos::schema::Signer;
namespace L = capos::layout;

alignas(8) uint8_t reply[Schema::CHAIN_RESULT_BYTES];

}  // namespace

bool SignerClient::GetPublicKey(PublicKey* out) {
  capnp::MallocMessageBuilder params;
  params.initRoot<Schema::PublicKeyParams>();
  caprt::Result<uint32_t> n =
      caprt::CallMessage(cap_, L::Signer::kPublicKey, params, reply, Schema::MIN_RESULT_BYTES);
  if (!n.ok()) return why_ = caprt::ErrorName(n.error()), false;
  caprt::Status s = caprt::DecodeRoot<Schema::PublicKeyResults>(
      reply, n.value(), [&](Schema::PublicKeyResults::Reader r) {
        auto point = r.getKey().getPoint();
        out->p256 = r.getKey().getType() == Schema::KeyType::ECDSA_P256;
        out->point_len = point.size() <= sizeof(out->point) ? point.size() : 0;
        memcpy(out->point, point.begin(), out->point_len);
      });
  if (!s.ok()) return why_ = "undecodable publicKey answer", false;
  return true;
}

bool SignerClient::GetChain(mbedtls_x509_crt* out) {
  capnp::MallocMessageBuilder params;
  params.initRoot<Schema::CertificateChainParams>();
  caprt::Result<uint32_t> n = caprt::CallMessage(cap_, L::Signer::kCertificateChain, params, reply,
                                                 Schema::CHAIN_RESULT_BYTES);
  if (!n.ok()) return why_ = caprt::ErrorName(n.error()), false;
  int certs = 0, ret = 0;
  caprt::Status s = caprt::DecodeRoot<Schema::CertificateChainResults>(
      reply, n.value(), [&](Schema::CertificateChainResults::Reader r) {
        for (auto der : r.getChain()) {
          if (ret == 0) ret = mbedtls_x509_crt_parse_der(out, der.begin(), der.size());
          ++certs;
        }
      });
  if (!s.ok()) return why_ = "undecodable certificateChain answer", false;
  if (certs == 0 || ret != 0) return why_ = certs == 0 ? "empty chain" : "bad DER", false;
  return true;
}

bool SignerClient::Sign(Schema::HashAlgorithm hash, const uint8_t* digest, size_t len, uint8_t* sig,
                        size_t* sig_len) {
  capnp::MallocMessageBuilder params;
  auto p = params.initRoot<Schema::SignParams>();
  p.setHash(hash);
  p.setDigest(capnp::Data::Reader(digest, len));
  caprt::Result<uint32_t> n =
      caprt::CallMessage(cap_, L::Signer::kSign, params, reply, Schema::MIN_RESULT_BYTES);
  if (!n.ok()) return why_ = caprt::ErrorName(n.error()), false;
  bool is_sig = false;
  caprt::Status s =
      caprt::DecodeRoot<Schema::SignResults>(reply, n.value(), [&](Schema::SignResults::Reader r) {
        if (!r.getResult().isSignature()) return;
        auto bytes = r.getResult().getSignature();
        is_sig = bytes.size() <= 96;
        *sig_len = is_sig ? bytes.size() : 0;
        memcpy(sig, bytes.begin(), *sig_len);
      });
  if (!s.ok() || !is_sig) return why_ = "no signature in the answer", false;
  return true;
}

bool SignerClient::Refused(Schema::HashAlgorithm hash, size_t len, Schema::Error* error) {
  uint8_t digest[64] = {};
  capnp::MallocMessageBuilder params;
  auto p = params.initRoot<Schema::SignParams>();
  p.setHash(hash);
  p.setDigest(capnp::Data::Reader(digest, len));
  caprt::Result<uint32_t> n =
      caprt::CallMessage(cap_, L::Signer::kSign, params, reply, Schema::MIN_RESULT_BYTES);
  if (!n.ok()) return why_ = caprt::ErrorName(n.error()), false;
  bool is_error = false;
  caprt::Status s =
      caprt::DecodeRoot<Schema::SignResults>(reply, n.value(), [&](Schema::SignResults::Reader r) {
        is_error = r.getResult().isError();
        if (is_error) *error = r.getResult().getError();
      });
  if (!s.ok() || !is_error) return why_ = "not a typed refusal", false;
  return true;
}

bool VerifyWithPoint(const PublicKey& key, const uint8_t* digest, size_t len, const uint8_t* sig,
                     size_t sig_len) {
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  psa_set_key_type(&a, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
  psa_set_key_usage_flags(&a, PSA_KEY_USAGE_VERIFY_HASH);
  psa_set_key_algorithm(&a, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
  mbedtls_svc_key_id_t id;
  if (psa_import_key(&a, key.point, key.point_len, &id) != PSA_SUCCESS) return false;
  const psa_status_t s =
      psa_verify_hash(id, PSA_ALG_ECDSA(PSA_ALG_SHA_256), digest, len, sig, sig_len);
  psa_destroy_key(id);
  return s == PSA_SUCCESS;
}

bool VerifyWithCert(mbedtls_x509_crt& cert, const uint8_t* digest, size_t len, const uint8_t* sig,
                    size_t sig_len) {
  unsigned char der[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
  size_t der_len = 0;
  if (mbedtls_ecdsa_raw_to_der(256, sig, sig_len, der, sizeof(der), &der_len) != 0) return false;
  return mbedtls_pk_verify(&cert.pk, MBEDTLS_MD_SHA256, digest, len, der, der_len) == 0;
}

}  // namespace kvprobe
