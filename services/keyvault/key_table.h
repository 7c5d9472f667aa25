// The keys keyvault holds. Each private key is a volatile PSA key whose
// policy allows signing hashes and nothing else (no export, no copy, no
// decryption, no key agreement): once loaded, not even a bug in this
// process's request handling can make PSA hand the key out. The key bytes
// from the boot resource are copied into PSA and nowhere else; the caller
// wipes the resource.
#ifndef SERVICES_KEYVAULT_KEY_TABLE_H_
#define SERVICES_KEYVAULT_KEY_TABLE_H_

#include <stddef.h>
#include <stdint.h>

#include "psa/crypto.h"

namespace keyvault {

// The schema's ordinals (schema/keyvault.capnp, Signer).
enum class KeyType : uint8_t { kEcdsaP256 = 0, kEcdsaP384 = 1 };
enum class Hash : uint8_t { kSha256 = 0, kSha384 = 1, kSha512 = 2 };
enum class SignError : uint8_t {
  kNone = 0xff,
  kBadDigestLength = 0,
  kUnsupportedHash = 1,
  kSigningFailed = 2,
};

constexpr int kMaxKeys = 4;
constexpr size_t kNameMax = 32;  // a grant name, NUL included
constexpr size_t kMaxChainBytes = 8192;
constexpr int kMaxChainCerts = 4;
constexpr size_t kMaxPointBytes = 97;
constexpr size_t kMaxSignatureBytes = 96;

struct Key {
  char name[kNameMax];
  KeyType type;
  mbedtls_svc_key_id_t id;
  uint8_t point[kMaxPointBytes];
  size_t point_len;
  uint8_t chain[kMaxChainBytes];  // the certificates' DER, back to back
  uint16_t cert_len[kMaxChainCerts];
  int certs;
};

class KeyTable {
 public:
  KeyTable() = default;
  ~KeyTable();  // destroys the PSA keys
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  // Adds a key (PSA must be initialized). `d` is the private scalar in PSA's
  // format; the chain is `certs` DER certificates. False, with a reason for
  // the log, on a bad name, size or count, or when PSA refuses the key.
  bool Add(const char* name, size_t name_len, KeyType type, const uint8_t* d, size_t d_len,
           const uint8_t* const* cert, const size_t* cert_len, int certs, const char** why);

  const Key* Find(const char* name) const;
  const Key* at(int i) const { return i >= 0 && i < count_ ? &keys_[i] : nullptr; }
  int count() const { return count_; }

  // Signs `digest` (made with `hash`) with `key` into `sig` (PSA's format:
  // r || s). Returns kNone on success.
  SignError Sign(const Key& key, Hash hash, const uint8_t* digest, size_t digest_len, uint8_t* sig,
                 size_t sig_cap, size_t* sig_len) const;

 private:
  Key keys_[kMaxKeys];
  int count_ = 0;
};

}  // namespace keyvault

#endif  // SERVICES_KEYVAULT_KEY_TABLE_H_
