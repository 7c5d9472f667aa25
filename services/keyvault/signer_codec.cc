#include "services/keyvault/signer_codec.h"

#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/keyvault.capnp.h"

namespace keyvault {
namespace {

using Schema = capos::schema::Signer;

Reply Encode(capnp::MessageBuilder& b, uint8_t* out, uint32_t out_cap) {
  Reply r;
  const caprt::EncodeResult e = caprt::EncodeMessage(b, out, out_cap);
  r.status = e.error;
  r.len = e.error == abi::Error::kOk ? static_cast<uint32_t>(e.length) : 0;
  return r;
}

Reply Sign(const KeyTable& table, const Key& key, const uint8_t* params, uint32_t params_len,
           uint8_t* out, uint32_t out_cap) {
  uint16_t hash = 0;
  uint8_t digest[Schema::MAX_DIGEST_BYTES];
  size_t digest_len = 0;
  bool too_long = false;
  const caprt::DecodeResult d =
      caprt::Decode<Schema::SignParams>(params, params_len, [&](Schema::SignParams::Reader p) {
        hash = static_cast<uint16_t>(p.getHash());
        capnp::Data::Reader bytes = p.getDigest();
        too_long = bytes.size() > sizeof(digest);
        digest_len = too_long ? 0 : bytes.size();
        if (digest_len != 0) memcpy(digest, bytes.begin(), digest_len);
      });
  if (!d.ok()) return Reply{d.error, 0, SignError::kNone};

  uint8_t sig[kMaxSignatureBytes];
  size_t sig_len = 0;
  SignError err;
  if (hash > static_cast<uint16_t>(Hash::kSha512)) {
    err = SignError::kUnsupportedHash;  // an enumerant this build does not know
  } else if (too_long) {
    err = SignError::kBadDigestLength;
  } else {
    err = table.Sign(key, static_cast<Hash>(hash), digest, digest_len, sig, sizeof(sig), &sig_len);
  }
  capnp::MallocMessageBuilder b;
  auto result = b.initRoot<Schema::SignResults>().initResult();
  if (err == SignError::kNone) {
    result.setSignature(capnp::Data::Reader(sig, sig_len));
  } else {
    result.setError(static_cast<Schema::Error>(err));
  }
  Reply r = Encode(b, out, out_cap);
  r.sign_error = err;
  return r;
}

Reply PublicKey(const Key& key, uint8_t* out, uint32_t out_cap) {
  capnp::MallocMessageBuilder b;
  auto k = b.initRoot<Schema::PublicKeyResults>().initKey();
  k.setType(static_cast<Schema::KeyType>(key.type));
  k.setPoint(capnp::Data::Reader(key.point, key.point_len));
  return Encode(b, out, out_cap);
}

Reply Chain(const Key& key, uint8_t* out, uint32_t out_cap) {
  capnp::MallocMessageBuilder b;
  auto chain = b.initRoot<Schema::CertificateChainResults>().initChain(key.certs);
  size_t at = 0;
  for (int i = 0; i < key.certs; ++i) {
    chain.set(i, capnp::Data::Reader(key.chain + at, key.cert_len[i]));
    at += key.cert_len[i];
  }
  return Encode(b, out, out_cap);
}

}  // namespace

Reply HandleCall(const KeyTable& table, const Key& key, uint16_t method, const uint8_t* params,
                 uint32_t params_len, uint8_t* out, uint32_t out_cap) {
  // The minimum is checked before any work, so a caller with a short
  // buffer learns it at once and never costs a signature.
  const uint32_t min =
      method == 2 ? Schema::CHAIN_RESULT_BYTES : static_cast<uint32_t>(Schema::MIN_RESULT_BYTES);
  if (method > 2) return Reply{abi::Error::kBadMethod, 0, SignError::kNone};
  if (out_cap < min) return Reply{abi::Error::kResultTooSmall, 0, SignError::kNone};
  switch (method) {
    case 0:
      return Sign(table, key, params, params_len, out, out_cap);
    case 1:
      return PublicKey(key, out, out_cap);
    default:
      return Chain(key, out, out_cap);
  }
}

}  // namespace keyvault
