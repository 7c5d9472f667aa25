// MBEDTLS_SSL_ASYNC_PRIVATE, as a later key service will use it: the TLS
// server holds only its certificate (the public key), and every private-key
// operation goes to callbacks that answer on a later handshake call, the way
// a reply from another process would. mbedTLS 3.6 consults these callbacks
// for TLS 1.2 server signatures only; the TLS 1.3 test pins that limit down.
#include <string.h>

#include <vector>

#include <gtest/gtest.h>

#include "libcaprt/mbedtls/tls_test_peer.h"
#include "libcaprt/mbedtls/tls_test_pki.h"
#include "psa/crypto.h"

namespace tls_test {
namespace {

constexpr char kHost[] = "tls.test";

// The stand-in key service: holds the private key, queues one request per
// handshake and signs it when the TLS stack asks for the result.
struct KeyService {
  mbedtls_pk_context* key = nullptr;
  Rng* rng = nullptr;
  int started = 0;
  int resumed = 0;
  mbedtls_md_type_t md = MBEDTLS_MD_NONE;
  std::vector<unsigned char> hash;
};

KeyService* ServiceOf(mbedtls_ssl_context* ssl) {
  return static_cast<KeyService*>(
      mbedtls_ssl_conf_get_async_config_data(mbedtls_ssl_context_get_config(ssl)));
}

int StartSign(mbedtls_ssl_context* ssl, mbedtls_x509_crt* /*cert*/, mbedtls_md_type_t md,
              const unsigned char* hash, size_t hash_len) {
  KeyService* ks = ServiceOf(ssl);
  ++ks->started;
  ks->md = md;
  ks->hash.assign(hash, hash + hash_len);  // the buffer dies when we return
  return MBEDTLS_ERR_SSL_ASYNC_IN_PROGRESS;
}

int Resume(mbedtls_ssl_context* ssl, unsigned char* out, size_t* out_len, size_t out_size) {
  KeyService* ks = ServiceOf(ssl);
  ++ks->resumed;
  return mbedtls_pk_sign(ks->key, ks->md, ks->hash.data(), ks->hash.size(), out, out_size, out_len,
                         Rng::Random, ks->rng);
}

class TlsAsyncKeyTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(psa_crypto_init(), PSA_SUCCESS);
    ASSERT_TRUE(rng_.ok());
    ASSERT_EQ(id_.Generate(KeyKind::kEcdsaP256, kHost, &rng_), 0);
    service_.key = id_.key();
    service_.rng = &rng_;
    // The server's own key is the certificate's public key: it cannot sign.
    ASSERT_EQ(mbedtls_ssl_conf_own_cert(server_.conf(), id_.cert(), &id_.cert()->pk), 0);
    mbedtls_ssl_conf_async_private_cb(server_.conf(), StartSign, nullptr, Resume, nullptr,
                                      &service_);
    mbedtls_ssl_conf_ca_chain(client_.conf(), id_.cert(), nullptr);
  }

  void Connect() {
    ASSERT_EQ(server_.Connect(&c2s_, &s2c_), 0);
    ASSERT_EQ(client_.Connect(&s2c_, &c2s_), 0);
    ASSERT_EQ(mbedtls_ssl_set_hostname(client_.ssl(), kHost), 0);
  }

  Rng rng_;
  Identity id_;
  KeyService service_;
  Pipe c2s_, s2c_;
  Peer client_{MBEDTLS_SSL_IS_CLIENT, &rng_};
  Peer server_{MBEDTLS_SSL_IS_SERVER, &rng_};
};

TEST_F(TlsAsyncKeyTest, Tls12ServerSignsThroughTheCallbacks) {
  mbedtls_ssl_conf_max_tls_version(client_.conf(), MBEDTLS_SSL_VERSION_TLS1_2);
  Connect();
  const HandshakeResult r = Handshake(&client_, &server_);
  ASSERT_TRUE(r.ok()) << "client " << r.client << " server " << r.server;
  EXPECT_EQ(mbedtls_ssl_get_version_number(server_.ssl()), MBEDTLS_SSL_VERSION_TLS1_2);
  EXPECT_EQ(service_.started, 1);  // the ServerKeyExchange signature
  EXPECT_EQ(service_.resumed, 1);
  EXPECT_EQ(service_.md, MBEDTLS_MD_SHA256);

  const char kMsg[] = "signed elsewhere";
  ASSERT_EQ(client_.Write(kMsg), 0);
  std::string got;
  EXPECT_EQ(server_.ReadAvailable(&got), MBEDTLS_ERR_SSL_WANT_READ);
  EXPECT_EQ(got, kMsg);
}

// mbedTLS 3.6's TLS 1.3 server signs CertificateVerify with the
// certificate's PK context directly and never calls the callbacks, so with
// a public-only key the handshake fails. The key service is therefore
// reached through an opaque key (signer_key.h, signer_key_test.cc); this
// test notices when an mbedTLS update changes that.
TEST_F(TlsAsyncKeyTest, Tls13DoesNotUseTheCallbacks) {
  mbedtls_ssl_conf_min_tls_version(client_.conf(), MBEDTLS_SSL_VERSION_TLS1_3);
  Connect();
  const HandshakeResult r = Handshake(&client_, &server_);
  // No signature algorithm could sign with the public-only key.
  EXPECT_EQ(r.server, MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE);
  EXPECT_EQ(r.client, MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE);
  EXPECT_EQ(service_.started, 0);
}

}  // namespace
}  // namespace tls_test
