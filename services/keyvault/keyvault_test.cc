// keyvault's core on the host: the boot resource is loaded into PSA, and
// the Signer codec answers exactly as the service does. Keys are made here
// at run time; signatures are checked with the public key the codec hands
// out, by PSA's own verify.
#include <string.h>

#include <string>
#include <vector>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "schema/keyvault.capnp.h"
#include "services/keyvault/key_load.h"
#include "services/keyvault/signer_codec.h"

namespace keyvault {
namespace {

using Schema = capos::schema::Signer;

struct TestKey {
  std::string name;
  KeyType type;
  std::vector<uint8_t> d;
  std::vector<std::vector<uint8_t>> chain;
};

std::vector<uint8_t> NewScalar(KeyType type) {
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  psa_set_key_type(&a, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
  psa_set_key_bits(&a, type == KeyType::kEcdsaP256 ? 256 : 384);
  psa_set_key_usage_flags(&a, PSA_KEY_USAGE_EXPORT);
  mbedtls_svc_key_id_t id;
  EXPECT_EQ(psa_generate_key(&a, &id), PSA_SUCCESS);
  std::vector<uint8_t> d(48);
  size_t len = 0;
  EXPECT_EQ(psa_export_key(id, d.data(), d.size(), &len), PSA_SUCCESS);
  d.resize(len);
  psa_destroy_key(id);
  return d;
}

std::vector<uint8_t> Resource(const std::vector<TestKey>& keys) {
  capnp::MallocMessageBuilder b;
  auto list = b.initRoot<capos::schema::KeyvaultKeys>().initKeys(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    list[i].setName(keys[i].name);
    list[i].setType(static_cast<Schema::KeyType>(keys[i].type));
    list[i].setPrivateKey(capnp::Data::Reader(keys[i].d.data(), keys[i].d.size()));
    auto chain = list[i].initCertificateChain(keys[i].chain.size());
    for (size_t c = 0; c < keys[i].chain.size(); ++c) {
      chain.set(c, capnp::Data::Reader(keys[i].chain[c].data(), keys[i].chain[c].size()));
    }
  }
  auto words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

class KeyvaultTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(psa_crypto_init(), PSA_SUCCESS); }

  bool Load(const std::vector<TestKey>& keys, std::string* why = nullptr) {
    const std::vector<uint8_t> r = Resource(keys);
    char buf[128] = {};
    const bool ok = LoadKeys(r.data(), r.size(), &table_, buf, sizeof(buf));
    if (why != nullptr) *why = buf;
    return ok;
  }

  Reply Call(const Key& key, uint16_t method, capnp::MallocMessageBuilder* params,
             uint32_t out_cap = sizeof(out_)) {
    std::vector<uint8_t> p;
    if (params != nullptr) {
      auto bytes = capnp::messageToFlatArray(*params);
      p.assign(bytes.asBytes().begin(), bytes.asBytes().end());
    }
    return HandleCall(table_, key, method, p.data(), static_cast<uint32_t>(p.size()), out_,
                      out_cap);
  }

  Reply Sign(const Key& key, Schema::HashAlgorithm hash, const std::vector<uint8_t>& digest) {
    capnp::MallocMessageBuilder b;
    auto p = b.initRoot<Schema::SignParams>();
    p.setHash(hash);
    p.setDigest(capnp::Data::Reader(digest.data(), digest.size()));
    return Call(key, 0, &b);
  }

  template <typename T, typename Fn>
  void Read(const Reply& r, Fn&& fn) {
    ASSERT_EQ(r.status, abi::Error::kOk);
    kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(out_),
                                          r.len / sizeof(capnp::word));
    capnp::FlatArrayMessageReader reader(words);
    fn(reader.getRoot<T>());
  }

  // Verifies `sig` over `digest` with the key's public point as the codec
  // reports it.
  bool Verifies(const Key& key, psa_algorithm_t hash, const std::vector<uint8_t>& digest,
                const std::vector<uint8_t>& sig) {
    std::vector<uint8_t> point;
    Read<Schema::PublicKeyResults>(Call(key, 1, nullptr), [&](Schema::PublicKeyResults::Reader r) {
      EXPECT_EQ(static_cast<uint8_t>(r.getKey().getType()), static_cast<uint8_t>(key.type));
      point.assign(r.getKey().getPoint().begin(), r.getKey().getPoint().end());
    });
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_set_key_type(&a, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_usage_flags(&a, PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_algorithm(&a, PSA_ALG_ECDSA(hash));
    mbedtls_svc_key_id_t id;
    if (psa_import_key(&a, point.data(), point.size(), &id) != PSA_SUCCESS) return false;
    const psa_status_t s = psa_verify_hash(id, PSA_ALG_ECDSA(hash), digest.data(), digest.size(),
                                           sig.data(), sig.size());
    psa_destroy_key(id);
    return s == PSA_SUCCESS;
  }

  std::vector<uint8_t> Signature(const Reply& r) {
    std::vector<uint8_t> sig;
    Read<Schema::SignResults>(r, [&](Schema::SignResults::Reader res) {
      EXPECT_TRUE(res.getResult().isSignature());
      if (res.getResult().isSignature()) {
        sig.assign(res.getResult().getSignature().begin(), res.getResult().getSignature().end());
      }
    });
    return sig;
  }

  Schema::Error Refusal(const Reply& r) {
    Schema::Error e = Schema::Error::SIGNING_FAILED;
    Read<Schema::SignResults>(r, [&](Schema::SignResults::Reader res) {
      EXPECT_TRUE(res.getResult().isError());
      if (res.getResult().isError()) e = res.getResult().getError();
    });
    return e;
  }

  KeyTable table_;
  alignas(8) uint8_t out_[16384];
};

TEST_F(KeyvaultTest, SignsAndTheSignatureVerifiesWithThePublicKey) {
  ASSERT_TRUE(Load({{"tls-server", KeyType::kEcdsaP256, NewScalar(KeyType::kEcdsaP256), {}},
                    {"tls-p384", KeyType::kEcdsaP384, NewScalar(KeyType::kEcdsaP384), {}}}));
  ASSERT_EQ(table_.count(), 2);
  const std::vector<uint8_t> d256(32, 0xa5), d384(48, 0x3c);
  const Key& p256 = *table_.Find("tls-server");
  const std::vector<uint8_t> sig = Signature(Sign(p256, Schema::HashAlgorithm::SHA256, d256));
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(Verifies(p256, PSA_ALG_SHA_256, d256, sig));
  // The control: another digest does not verify under that signature.
  EXPECT_FALSE(Verifies(p256, PSA_ALG_SHA_256, std::vector<uint8_t>(32, 0xa4), sig));

  const Key& p384 = *table_.Find("tls-p384");
  const std::vector<uint8_t> sig384 = Signature(Sign(p384, Schema::HashAlgorithm::SHA384, d384));
  EXPECT_EQ(sig384.size(), 96u);
  EXPECT_TRUE(Verifies(p384, PSA_ALG_SHA_384, d384, sig384));
}

TEST_F(KeyvaultTest, TheKeyNeverLeavesPsa) {
  ASSERT_TRUE(Load({{"tls-server", KeyType::kEcdsaP256, NewScalar(KeyType::kEcdsaP256), {}}}));
  uint8_t out[64];
  size_t len = 0;
  EXPECT_EQ(psa_export_key(table_.at(0)->id, out, sizeof(out), &len), PSA_ERROR_NOT_PERMITTED);
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  mbedtls_svc_key_id_t copy;
  EXPECT_NE(psa_copy_key(table_.at(0)->id, &a, &copy), PSA_SUCCESS);
}

TEST_F(KeyvaultTest, RefusalsAreTyped) {
  ASSERT_TRUE(Load({{"tls-server", KeyType::kEcdsaP256, NewScalar(KeyType::kEcdsaP256), {}}}));
  const Key& k = *table_.at(0);
  EXPECT_EQ(Refusal(Sign(k, Schema::HashAlgorithm::SHA256, std::vector<uint8_t>(31, 1))),
            Schema::Error::BAD_DIGEST_LENGTH);
  EXPECT_EQ(Refusal(Sign(k, Schema::HashAlgorithm::SHA384, std::vector<uint8_t>(32, 1))),
            Schema::Error::BAD_DIGEST_LENGTH);
  EXPECT_EQ(Refusal(Sign(k, Schema::HashAlgorithm::SHA256, std::vector<uint8_t>(65, 1))),
            Schema::Error::BAD_DIGEST_LENGTH);
  // SHA-512 is not in this build; an enumerant from a newer schema is unknown.
  EXPECT_EQ(Refusal(Sign(k, Schema::HashAlgorithm::SHA512, std::vector<uint8_t>(64, 1))),
            Schema::Error::UNSUPPORTED_HASH);
  EXPECT_EQ(Refusal(Sign(k, static_cast<Schema::HashAlgorithm>(9), std::vector<uint8_t>(32, 1))),
            Schema::Error::UNSUPPORTED_HASH);
}

TEST_F(KeyvaultTest, TransportErrors) {
  ASSERT_TRUE(Load({{"tls-server", KeyType::kEcdsaP256, NewScalar(KeyType::kEcdsaP256), {}}}));
  const Key& k = *table_.at(0);
  const uint8_t garbage[16] = {0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4};
  EXPECT_EQ(HandleCall(table_, k, 0, garbage, sizeof(garbage), out_, sizeof(out_)).status,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(HandleCall(table_, k, 3, nullptr, 0, out_, sizeof(out_)).status,
            abi::Error::kBadMethod);
  EXPECT_EQ(HandleCall(table_, k, 0, nullptr, 0, out_, Schema::MIN_RESULT_BYTES - 8).status,
            abi::Error::kResultTooSmall);
  EXPECT_EQ(HandleCall(table_, k, 2, nullptr, 0, out_, Schema::MIN_RESULT_BYTES).status,
            abi::Error::kResultTooSmall);
}

TEST_F(KeyvaultTest, CertificateChainComesBackInOrder) {
  const std::vector<uint8_t> leaf(700, 0x30), issuer(900, 0x31);
  ASSERT_TRUE(
      Load({{"tls-server", KeyType::kEcdsaP256, NewScalar(KeyType::kEcdsaP256), {leaf, issuer}}}));
  Read<Schema::CertificateChainResults>(
      Call(*table_.at(0), 2, nullptr), [&](Schema::CertificateChainResults::Reader r) {
        ASSERT_EQ(r.getChain().size(), 2u);
        EXPECT_EQ(std::vector<uint8_t>(r.getChain()[0].begin(), r.getChain()[0].end()), leaf);
        EXPECT_EQ(std::vector<uint8_t>(r.getChain()[1].begin(), r.getChain()[1].end()), issuer);
      });
}

TEST_F(KeyvaultTest, BadResourcesAreRefusedWithAReason) {
  const std::vector<uint8_t> d = NewScalar(KeyType::kEcdsaP256);
  std::string why;
  EXPECT_FALSE(Load({}, &why));
  EXPECT_EQ(why, "no keys");
  EXPECT_FALSE(Load({{"tls-server", KeyType::kEcdsaP384, d, {}}}, &why));
  EXPECT_EQ(why, "tls-server: private key has the wrong length");
  EXPECT_FALSE(Load({{"Bad name", KeyType::kEcdsaP256, d, {}}}, &why));
  EXPECT_EQ(why, "Bad name: key name is no grant name");
  EXPECT_FALSE(Load({{"k", KeyType::kEcdsaP256, d, {}}, {"k", KeyType::kEcdsaP256, d, {}}}, &why));
  EXPECT_EQ(why, "k: key name given twice");
  // Zero is no private key: PSA refuses it.
  EXPECT_FALSE(Load({{"zero", KeyType::kEcdsaP256, std::vector<uint8_t>(32, 0), {}}}, &why));
  EXPECT_EQ(why, "zero: PSA refused the private key");
  const std::vector<uint8_t> junk = {0, 0, 0, 0, 9, 0, 0, 0};
  char buf[128];
  EXPECT_FALSE(LoadKeys(junk.data(), junk.size(), &table_, buf, sizeof(buf)));
}

}  // namespace
}  // namespace keyvault
