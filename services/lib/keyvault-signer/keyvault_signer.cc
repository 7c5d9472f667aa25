#include "services/lib/keyvault-signer/keyvault_signer.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/keyvault.capnp.layout.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"

namespace keyvault_signer {
namespace {

using Schema = capos::schema::Signer;
namespace L = capos::layout;

bool HashOf(psa_algorithm_t alg, Schema::HashAlgorithm* out) {
  switch (alg) {
    case PSA_ALG_SHA_256:
      return *out = Schema::HashAlgorithm::SHA256, true;
    case PSA_ALG_SHA_384:
      return *out = Schema::HashAlgorithm::SHA384, true;
    case PSA_ALG_SHA_512:
      return *out = Schema::HashAlgorithm::SHA512, true;
    default:
      return false;
  }
}

psa_status_t StatusOf(Schema::Error e) {
  switch (e) {
    case Schema::Error::BAD_DIGEST_LENGTH:
      return PSA_ERROR_INVALID_ARGUMENT;
    case Schema::Error::UNSUPPORTED_HASH:
      return PSA_ERROR_NOT_SUPPORTED;
    default:
      return PSA_ERROR_HARDWARE_FAILURE;
  }
}

// CALL with the timeout; the reply's length or the error.
caprt::Result<uint32_t> Call(const caprt::Cap& cap, uint16_t method, capnp::MessageBuilder& params,
                             uint8_t* reply, uint32_t reply_cap, uint16_t timeout_ms) {
  alignas(8) uint8_t buf[256];  // sign params: a digest of at most 64 bytes
  caprt::Result<size_t> n = caprt::SerializeTo(params, buf, sizeof(buf));
  if (!n.ok()) return n.error();
  caprt::CallOptions options;
  options.timeout_ms = timeout_ms;
  caprt::Result<caprt::Reply> r = caprt::CallWith(
      cap, method, buf, static_cast<uint32_t>(n.value()), reply, reply_cap, options);
  if (!r.ok()) return r.error();
  return r.value().len;
}

}  // namespace

psa_status_t KeyvaultSigner::Sign(psa_algorithm_t hash_alg, const uint8_t* digest,
                                  size_t digest_len, uint8_t* signature, size_t signature_size,
                                  size_t* signature_len) {
  ++calls_;
  Schema::HashAlgorithm hash;
  if (!HashOf(hash_alg, &hash)) return PSA_ERROR_NOT_SUPPORTED;
  if (digest_len > Schema::MAX_DIGEST_BYTES) return PSA_ERROR_INVALID_ARGUMENT;
  capnp::MallocMessageBuilder params;
  auto p = params.initRoot<Schema::SignParams>();
  p.setHash(hash);
  p.setDigest(capnp::Data::Reader(digest, digest_len));
  caprt::Result<uint32_t> n =
      Call(cap_, L::Signer::kSign, params, reply_, Schema::MIN_RESULT_BYTES, timeout_ms_);
  last_error_ = n.ok() ? abi::Error::kOk : n.error();
  if (!n.ok()) return PSA_ERROR_COMMUNICATION_FAILURE;
  psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
  caprt::Status s =
      caprt::DecodeRoot<Schema::SignResults>(reply_, n.value(), [&](Schema::SignResults::Reader r) {
        if (r.getResult().isError()) {
          status = StatusOf(r.getResult().getError());
          return;
        }
        capnp::Data::Reader sig = r.getResult().getSignature();
        if (sig.size() == 0 || sig.size() > signature_size) {
          status = PSA_ERROR_BUFFER_TOO_SMALL;
          return;
        }
        memcpy(signature, sig.begin(), sig.size());
        *signature_len = sig.size();
        status = PSA_SUCCESS;
      });
  if (!s.ok()) last_error_ = abi::Error::kMalformedMessage;
  return s.ok() ? status : PSA_ERROR_COMMUNICATION_FAILURE;
}

abi::Error KeyvaultSigner::FetchChain(mbedtls_x509_crt* out) {
  capnp::MallocMessageBuilder params;
  params.initRoot<Schema::CertificateChainParams>();
  caprt::Result<uint32_t> n = Call(cap_, L::Signer::kCertificateChain, params, reply_,
                                   Schema::CHAIN_RESULT_BYTES, timeout_ms_);
  if (!n.ok()) return n.error();
  int certs = 0, ret = 0;
  caprt::Status s = caprt::DecodeRoot<Schema::CertificateChainResults>(
      reply_, n.value(), [&](Schema::CertificateChainResults::Reader r) {
        for (capnp::Data::Reader der : r.getChain()) {
          if (ret == 0) ret = mbedtls_x509_crt_parse_der(out, der.begin(), der.size());
          ++certs;
        }
      });
  if (!s.ok()) return abi::Error::kMalformedMessage;
  return certs > 0 && ret == 0 ? abi::Error::kOk : abi::Error::kNotFound;
}

}  // namespace keyvault_signer
