#include "services/keyvault/key_table.h"

#include <string.h>

namespace keyvault {
namespace {

size_t ScalarBytes(KeyType type) {
  return type == KeyType::kEcdsaP256 ? 32 : 48;
}

bool ValidName(const char* name, size_t len) {
  if (len == 0 || len >= kNameMax) return false;
  for (size_t i = 0; i < len; ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    (i > 0 && c >= 'A' && c <= 'Z');
    if (!ok || (i == 0 && !(c >= 'a' && c <= 'z'))) return false;  // the manifest's #GrantName
  }
  return true;
}

psa_algorithm_t HashAlg(Hash h) {
  switch (h) {
    case Hash::kSha256:
      return PSA_ALG_SHA_256;
    case Hash::kSha384:
      return PSA_ALG_SHA_384;
    case Hash::kSha512:
      return PSA_ALG_SHA_512;
  }
  return PSA_ALG_NONE;
}

}  // namespace

KeyTable::~KeyTable() {
  for (int i = 0; i < count_; ++i) psa_destroy_key(keys_[i].id);
}

bool KeyTable::Add(const char* name, size_t name_len, KeyType type, const uint8_t* d, size_t d_len,
                   const uint8_t* const* cert, const size_t* cert_len, int certs,
                   const char** why) {
  if (count_ == kMaxKeys) return *why = "too many keys", false;
  if (!ValidName(name, name_len)) return *why = "key name is no grant name", false;
  if (Find(name) != nullptr) return *why = "key name given twice", false;
  if (type != KeyType::kEcdsaP256 && type != KeyType::kEcdsaP384) {
    return *why = "unknown key type", false;
  }
  if (d_len != ScalarBytes(type)) return *why = "private key has the wrong length", false;
  if (certs < 0 || certs > kMaxChainCerts) return *why = "too many certificates", false;
  size_t chain_bytes = 0;
  for (int i = 0; i < certs; ++i) {
    if (cert_len[i] == 0 || cert_len[i] > kMaxChainBytes - chain_bytes) {
      return *why = "certificate chain too large", false;
    }
    chain_bytes += cert_len[i];
  }

  Key& k = keys_[count_];
  psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
  psa_set_key_type(&attributes, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
  psa_set_key_bits(&attributes, type == KeyType::kEcdsaP256 ? 256 : 384);
  // Sign hashes, and that is all: without PSA_KEY_USAGE_EXPORT or _COPY
  // the key never leaves PSA, whatever a request asks for.
  psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_SIGN_HASH);
  psa_set_key_algorithm(&attributes, PSA_ALG_ECDSA(PSA_ALG_ANY_HASH));
  if (psa_import_key(&attributes, d, d_len, &k.id) != PSA_SUCCESS) {
    return *why = "PSA refused the private key", false;
  }
  if (psa_export_public_key(k.id, k.point, sizeof(k.point), &k.point_len) != PSA_SUCCESS) {
    psa_destroy_key(k.id);
    return *why = "no public key", false;
  }
  memcpy(k.name, name, name_len);
  k.name[name_len] = '\0';
  k.type = type;
  k.certs = certs;
  size_t at = 0;
  for (int i = 0; i < certs; ++i) {
    memcpy(k.chain + at, cert[i], cert_len[i]);
    k.cert_len[i] = static_cast<uint16_t>(cert_len[i]);
    at += cert_len[i];
  }
  ++count_;
  return true;
}

const Key* KeyTable::Find(const char* name) const {
  for (int i = 0; i < count_; ++i) {
    if (strcmp(keys_[i].name, name) == 0) return &keys_[i];
  }
  return nullptr;
}

SignError KeyTable::Sign(const Key& key, Hash hash, const uint8_t* digest, size_t digest_len,
                         uint8_t* sig, size_t sig_cap, size_t* sig_len) const {
  const psa_algorithm_t alg = HashAlg(hash);
  if (alg == PSA_ALG_NONE) return SignError::kUnsupportedHash;
  if (digest_len != PSA_HASH_LENGTH(alg)) return SignError::kBadDigestLength;
  const psa_status_t status =
      psa_sign_hash(key.id, PSA_ALG_ECDSA(alg), digest, digest_len, sig, sig_cap, sig_len);
  if (status == PSA_SUCCESS) return SignError::kNone;
  // A hash the build leaves out (SHA-512 in ours) is the caller's to avoid.
  return status == PSA_ERROR_NOT_SUPPORTED ? SignError::kUnsupportedHash
                                           : SignError::kSigningFailed;
}

}  // namespace keyvault
