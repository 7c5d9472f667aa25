// A TLS server whose signatures come from a key it never holds
// (signer_key.h): the key lives in a child process (tls_test_key_holder.h),
// the server has its certificate and a SignerKey, and an mbedTLS client
// completes TLS 1.3 and TLS 1.2 handshakes against it and verifies the
// certificate. Then this process's writable memory is searched for the
// private scalar; a control test shows the search finds it when the server
// does hold the key.
#include "libcaprt/mbedtls/signer_key.h"

#include <stdio.h>
#include <string.h>

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "libcaprt/mbedtls/tls_test_key_holder.h"
#include "libcaprt/mbedtls/tls_test_peer.h"
#include "mbedtls/ecp.h"

namespace tls_test {
namespace {

constexpr char kHost[] = "tls.test";

// True if a writable private mapping of this process (heap, data, bss,
// anonymous maps: everything mbedTLS, PSA and the ITS can write to) holds
// `key`, as stored big-endian (PSA key buffers, encodings) or in mbedTLS's
// little-endian limbs (an mbedtls_mpi on x86-64). The stack is left out:
// the test keeps its own copy of the key there.
bool ProcessMemoryHolds(const unsigned char* key, size_t len) {
  unsigned char reversed[66];
  std::reverse_copy(key, key + len, reversed);
  std::vector<std::pair<uintptr_t, uintptr_t>> regions;
  FILE* maps = fopen("/proc/self/maps", "r");
  if (maps == nullptr) return true;  // unknowable counts as held
  char line[512];
  while (fgets(line, sizeof(line), maps) != nullptr) {
    unsigned long lo, hi;
    char perms[5];
    if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3) continue;
    if (strncmp(perms, "rw-p", 4) != 0 || strstr(line, "[stack]") != nullptr) continue;
    regions.emplace_back(lo, hi);
  }
  fclose(maps);
  for (const auto& [lo, hi] : regions) {
    const void* base = reinterpret_cast<const void*>(lo);
    if (memmem(base, hi - lo, key, len) != nullptr ||
        memmem(base, hi - lo, reversed, len) != nullptr) {
      return true;
    }
  }
  return false;
}

// PSA with the signer driver, for one test: the driver must be registered
// before psa_crypto_init, so PSA starts over (other suites in this binary
// use it too). Declared first in the fixture, so it ends last.
struct PsaWithSignerDriver {
  PsaWithSignerDriver() {
    mbedtls_psa_crypto_free();
    installed = caprt::tls::InstallSignerDriver();
    initialized = psa_crypto_init();
  }
  ~PsaWithSignerDriver() { mbedtls_psa_crypto_free(); }
  psa_status_t installed, initialized;
};

class SignerKeyTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(psa_.installed, PSA_SUCCESS);
    ASSERT_EQ(psa_.initialized, PSA_SUCCESS);
    ASSERT_TRUE(rng_.ok());
    ASSERT_TRUE(holder_.Start(kHost));
    mbedtls_x509_crt_init(&cert_);
    ASSERT_EQ(
        mbedtls_x509_crt_parse_der(&cert_, holder_.cert_der().data(), holder_.cert_der().size()),
        0);
    mbedtls_ssl_conf_ca_chain(client_.conf(), &cert_, nullptr);
  }
  void TearDown() override { mbedtls_x509_crt_free(&cert_); }

  // The server presents the holder's certificate and signs through it.
  void UseSignerKey() {
    ASSERT_EQ(key_.Bind(&holder_, cert_.pk), 0);
    ASSERT_EQ(mbedtls_ssl_conf_own_cert(server_.conf(), &cert_, key_.pk()), 0);
  }

  HandshakeResult Connect(mbedtls_ssl_protocol_version v) {
    mbedtls_ssl_conf_min_tls_version(client_.conf(), v);
    mbedtls_ssl_conf_max_tls_version(client_.conf(), v);
    EXPECT_EQ(server_.Connect(&c2s_, &s2c_), 0);
    EXPECT_EQ(client_.Connect(&s2c_, &c2s_), 0);
    EXPECT_EQ(mbedtls_ssl_set_hostname(client_.ssl(), kHost), 0);
    return Handshake(&client_, &server_);
  }

  void ExpectVerifiedSession(const HandshakeResult& r, mbedtls_ssl_protocol_version v) {
    ASSERT_TRUE(r.ok()) << "client " << r.client << " server " << r.server;
    EXPECT_EQ(mbedtls_ssl_get_version_number(client_.ssl()), v);
    EXPECT_EQ(mbedtls_ssl_get_verify_result(client_.ssl()), 0u);  // chain and name
    EXPECT_EQ(holder_.signs(), 1);
    EXPECT_EQ(holder_.last_hash_alg(), PSA_ALG_SHA_256);
    std::string got;
    ASSERT_EQ(client_.Write("signed elsewhere"), 0);
    EXPECT_EQ(server_.ReadAvailable(&got), MBEDTLS_ERR_SSL_WANT_READ);
    EXPECT_EQ(got, "signed elsewhere");
  }

  // Asks the holder for its key (into this frame) and searches for it while
  // the server's contexts are alive.
  bool ServerProcessHoldsTheKey() {
    unsigned char d[66];
    const size_t len = holder_.RevealScalar(d, sizeof(d));
    EXPECT_EQ(len, 32u);
    const bool held = len == 0 || ProcessMemoryHolds(d, len);
    mbedtls_platform_zeroize(d, sizeof(d));
    return held;
  }

  PsaWithSignerDriver psa_;
  Rng rng_;
  KeyHolder holder_;
  mbedtls_x509_crt cert_;
  caprt::tls::SignerKey key_;
  Pipe c2s_, s2c_;
  Peer client_{MBEDTLS_SSL_IS_CLIENT, &rng_};
  Peer server_{MBEDTLS_SSL_IS_SERVER, &rng_};
};

TEST_F(SignerKeyTest, Tls13CertificateVerifyIsSignedByTheHolder) {
  UseSignerKey();
  ExpectVerifiedSession(Connect(MBEDTLS_SSL_VERSION_TLS1_3), MBEDTLS_SSL_VERSION_TLS1_3);
  EXPECT_FALSE(ServerProcessHoldsTheKey());
}

TEST_F(SignerKeyTest, Tls12ServerKeyExchangeIsSignedByTheHolder) {
  UseSignerKey();
  ExpectVerifiedSession(Connect(MBEDTLS_SSL_VERSION_TLS1_2), MBEDTLS_SSL_VERSION_TLS1_2);
  EXPECT_NE(strstr(mbedtls_ssl_get_ciphersuite(client_.ssl()), "ECDHE-ECDSA"), nullptr);
  EXPECT_FALSE(ServerProcessHoldsTheKey());
}

// The control: the same handshake with the key in the server's own PK
// context, and the search finds it. Without this the clean results above
// could come from a search that cannot see.
TEST_F(SignerKeyTest, SearchFindsAKeyTheServerHolds) {
  unsigned char d[66];
  const size_t len = holder_.RevealScalar(d, sizeof(d));
  ASSERT_EQ(len, 32u);
  mbedtls_pk_context own;
  mbedtls_pk_init(&own);
  ASSERT_EQ(mbedtls_pk_setup(&own, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), 0);
  ASSERT_EQ(mbedtls_ecp_read_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(own), d, len), 0);
  mbedtls_platform_zeroize(d, sizeof(d));
  ASSERT_EQ(mbedtls_ssl_conf_own_cert(server_.conf(), &cert_, &own), 0);
  const HandshakeResult r = Connect(MBEDTLS_SSL_VERSION_TLS1_3);
  EXPECT_TRUE(r.ok()) << "client " << r.client << " server " << r.server;
  EXPECT_EQ(holder_.signs(), 0);
  EXPECT_TRUE(ServerProcessHoldsTheKey());
  mbedtls_pk_free(&own);
}

// A key service that does not answer fails the handshake (fatal alert),
// never falls back to anything.
TEST_F(SignerKeyTest, UnreachableSignerFailsTheHandshake) {
  for (mbedtls_ssl_protocol_version v : {MBEDTLS_SSL_VERSION_TLS1_3, MBEDTLS_SSL_VERSION_TLS1_2}) {
    SCOPED_TRACE(v);
    Pipe c2s, s2c;
    Peer client(MBEDTLS_SSL_IS_CLIENT, &rng_), server(MBEDTLS_SSL_IS_SERVER, &rng_);
    caprt::tls::SignerKey key;
    ASSERT_EQ(key.Bind(&holder_, cert_.pk), 0);
    ASSERT_EQ(mbedtls_ssl_conf_own_cert(server.conf(), &cert_, key.pk()), 0);
    mbedtls_ssl_conf_ca_chain(client.conf(), &cert_, nullptr);
    mbedtls_ssl_conf_min_tls_version(client.conf(), v);
    mbedtls_ssl_conf_max_tls_version(client.conf(), v);
    ASSERT_EQ(server.Connect(&c2s, &s2c), 0);
    ASSERT_EQ(client.Connect(&s2c, &c2s), 0);
    ASSERT_EQ(mbedtls_ssl_set_hostname(client.ssl(), kHost), 0);
    holder_.set_unreachable(true);
    const HandshakeResult r = Handshake(&client, &server);
    EXPECT_NE(r.server, 0);
    EXPECT_NE(r.client, 0);
    EXPECT_GE(holder_.signs(), 1);
  }
}

// The driver lets no key material in or out: a bound key cannot be
// exported, and no key can be imported or generated at its location.
TEST_F(SignerKeyTest, NoKeyMaterialCrossesTheDriver) {
  UseSignerKey();
  unsigned char out[256];
  size_t out_len = 0;
  EXPECT_NE(psa_export_key(key_.id(), out, sizeof(out), &out_len), PSA_SUCCESS);
  EXPECT_EQ(out_len, 0u);

  psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
  psa_set_key_lifetime(
      &attributes, PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(PSA_KEY_PERSISTENCE_VOLATILE,
                                                                  caprt::tls::kSignerKeyLocation));
  psa_set_key_type(&attributes, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
  psa_set_key_bits(&attributes, 256);
  psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_SIGN_HASH);
  psa_set_key_algorithm(&attributes, PSA_ALG_ECDSA(PSA_ALG_ANY_HASH));
  mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
  unsigned char scalar[32];
  memset(scalar, 0x5a, sizeof(scalar));
  EXPECT_EQ(psa_import_key(&attributes, scalar, sizeof(scalar), &id), PSA_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(psa_generate_key(&attributes, &id), PSA_ERROR_NOT_SUPPORTED);
}

}  // namespace
}  // namespace tls_test
