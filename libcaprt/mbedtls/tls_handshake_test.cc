// The project's mbedTLS config (capos_mbedtls_config.h, host build) is
// TLS-capable: an mbedTLS client and server, joined in memory, complete TLS
// 1.3 and TLS 1.2 handshakes over every configured suite, key type and group
// and move application data both ways; old protocol versions, an untrusted
// certificate and a wrong host name are refused. Keys and certificates are
// generated here at run time.
#include <string.h>

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "libcaprt/mbedtls/tls_test_peer.h"
#include "libcaprt/mbedtls/tls_test_pki.h"
#include "mbedtls/ssl_ciphersuites.h"
#include "psa/crypto.h"

namespace tls_test {
namespace {

constexpr char kHost[] = "tls.test";

const uint16_t kX25519[] = {MBEDTLS_SSL_IANA_TLS_GROUP_X25519, MBEDTLS_SSL_IANA_TLS_GROUP_NONE};
const uint16_t kP256[] = {MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1, MBEDTLS_SSL_IANA_TLS_GROUP_NONE};
const uint16_t kP384[] = {MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1, MBEDTLS_SSL_IANA_TLS_GROUP_NONE};
// TLS 1.2 with an ECDSA certificate: the client's groups also name the curves
// it accepts in certificates, so P-256 must be listed beside X25519.
const uint16_t kX25519AndP256[] = {MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
                                   MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
                                   MBEDTLS_SSL_IANA_TLS_GROUP_NONE};

class TlsHandshakeTest : public testing::Test {
 protected:
  // Key generation (RSA especially) is the slow part: once per suite.
  static void SetUpTestSuite() {
    ASSERT_EQ(psa_crypto_init(), PSA_SUCCESS);  // TLS 1.3 runs on PSA
    rng_ = new Rng();
    ASSERT_TRUE(rng_->ok());
    for (int k = 0; k < 3; ++k) {
      ids_[k] = new Identity();
      ASSERT_EQ(ids_[k]->Generate(static_cast<KeyKind>(k), kHost, rng_), 0);
    }
    // Same name, different key: what an impostor would present.
    stranger_ = new Identity();
    ASSERT_EQ(stranger_->Generate(KeyKind::kEcdsaP256, kHost, rng_), 0);
  }
  static void TearDownTestSuite() {
    delete stranger_;
    for (Identity*& id : ids_) delete id;
    delete rng_;
    mbedtls_psa_crypto_free();
  }

  static Identity* id(KeyKind k) { return ids_[static_cast<int>(k)]; }

  // The server presents `server_id`; the client trusts `anchor` and expects
  // kHost. Versions are left at mbedTLS's defaults (1.2 to 1.3) unless a
  // test narrows them before Connect.
  void Configure(Identity* server_id, mbedtls_x509_crt* anchor) {
    ASSERT_TRUE(client_.config_ok());
    ASSERT_TRUE(server_.config_ok());
    ASSERT_EQ(mbedtls_ssl_conf_own_cert(server_.conf(), server_id->cert(), server_id->key()), 0);
    mbedtls_ssl_conf_ca_chain(client_.conf(), anchor, nullptr);
  }

  void Connect(const char* hostname = kHost) {
    ASSERT_EQ(server_.Connect(&c2s_, &s2c_), 0);
    ASSERT_EQ(client_.Connect(&s2c_, &c2s_), 0);
    ASSERT_EQ(mbedtls_ssl_set_hostname(client_.ssl(), hostname), 0);
  }

  static void Pin(Peer* p, mbedtls_ssl_protocol_version v) {
    mbedtls_ssl_conf_min_tls_version(p->conf(), v);
    mbedtls_ssl_conf_max_tls_version(p->conf(), v);
  }

  // Sends `data` from one peer and reads it all on the other.
  static void RoundTrip(Peer* from, Peer* to, const std::string& data) {
    ASSERT_EQ(from->Write(data), 0);
    std::string got;
    for (int i = 0; i < 64 && got.size() < data.size(); ++i) {
      const int ret = to->ReadAvailable(&got);
      ASSERT_TRUE(ret == 0 || ret == MBEDTLS_ERR_SSL_WANT_READ) << ret;
    }
    EXPECT_EQ(got, data);
  }

  static Rng* rng_;
  static Identity* ids_[3];
  static Identity* stranger_;

  Pipe c2s_, s2c_;
  Peer client_{MBEDTLS_SSL_IS_CLIENT, rng_};
  Peer server_{MBEDTLS_SSL_IS_SERVER, rng_};
};

Rng* TlsHandshakeTest::rng_ = nullptr;
Identity* TlsHandshakeTest::ids_[3] = {};
Identity* TlsHandshakeTest::stranger_ = nullptr;

// One negotiated combination: the client offers exactly this version, suite
// and group; the server accepts anything the config allows.
struct Case {
  const char* name;
  mbedtls_ssl_protocol_version version;
  int suite;
  KeyKind key;
  const uint16_t* groups;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class TlsSuiteTest : public TlsHandshakeTest, public testing::WithParamInterface<Case> {};

TEST_P(TlsSuiteTest, HandshakesAndMovesDataBothWays) {
  const Case& c = GetParam();
  Configure(id(c.key), id(c.key)->cert());
  Pin(&client_, c.version);
  const int suites[] = {c.suite, 0};
  mbedtls_ssl_conf_ciphersuites(client_.conf(), suites);
  mbedtls_ssl_conf_groups(client_.conf(), c.groups);
  Connect();

  const HandshakeResult r = Handshake(&client_, &server_);
  ASSERT_TRUE(r.ok()) << "client " << r.client << " server " << r.server;
  EXPECT_EQ(mbedtls_ssl_get_version_number(client_.ssl()), c.version);
  EXPECT_EQ(mbedtls_ssl_get_version_number(server_.ssl()), c.version);
  EXPECT_STREQ(mbedtls_ssl_get_ciphersuite(client_.ssl()),
               mbedtls_ssl_get_ciphersuite_name(c.suite));
  EXPECT_EQ(mbedtls_ssl_get_verify_result(client_.ssl()), 0u);

  // Larger than one record (16 KiB), so records are split and reassembled.
  std::string big(40000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + 3);
  RoundTrip(&client_, &server_, "ping from the client");
  RoundTrip(&server_, &client_, "pong from the server");
  RoundTrip(&client_, &server_, big);
  RoundTrip(&server_, &client_, big);
}

INSTANTIATE_TEST_SUITE_P(
    Configured, TlsSuiteTest,
    testing::Values(
        Case{"Tls13Aes128GcmP256X25519", MBEDTLS_SSL_VERSION_TLS1_3,
             MBEDTLS_TLS1_3_AES_128_GCM_SHA256, KeyKind::kEcdsaP256, kX25519},
        Case{"Tls13Aes256GcmP384", MBEDTLS_SSL_VERSION_TLS1_3, MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
             KeyKind::kEcdsaP384, kP384},
        Case{"Tls13ChaChaRsaPss", MBEDTLS_SSL_VERSION_TLS1_3,
             MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256, KeyKind::kRsa2048, kP256},
        Case{"Tls12EcdsaAes128GcmX25519", MBEDTLS_SSL_VERSION_TLS1_2,
             MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, KeyKind::kEcdsaP256, kX25519AndP256},
        Case{"Tls12EcdsaAes256GcmP384", MBEDTLS_SSL_VERSION_TLS1_2,
             MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, KeyKind::kEcdsaP384, kP384},
        Case{"Tls12EcdsaChaChaP256", MBEDTLS_SSL_VERSION_TLS1_2,
             MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, KeyKind::kEcdsaP256, kP256},
        Case{"Tls12RsaAes128Gcm", MBEDTLS_SSL_VERSION_TLS1_2,
             MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, KeyKind::kRsa2048, kX25519},
        Case{"Tls12RsaChaCha", MBEDTLS_SSL_VERSION_TLS1_2,
             MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, KeyKind::kRsa2048, kP256}),
    [](const testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST_F(TlsHandshakeTest, DefaultsNegotiateTls13) {
  Configure(id(KeyKind::kEcdsaP256), id(KeyKind::kEcdsaP256)->cert());
  Connect();
  ASSERT_TRUE(Handshake(&client_, &server_).ok());
  EXPECT_EQ(mbedtls_ssl_get_version_number(client_.ssl()), MBEDTLS_SSL_VERSION_TLS1_3);
}

TEST_F(TlsHandshakeTest, UntrustedCertificateFails) {
  for (mbedtls_ssl_protocol_version v : {MBEDTLS_SSL_VERSION_TLS1_2, MBEDTLS_SSL_VERSION_TLS1_3}) {
    SCOPED_TRACE(v);
    Pipe c2s, s2c;
    Peer client(MBEDTLS_SSL_IS_CLIENT, rng_), server(MBEDTLS_SSL_IS_SERVER, rng_);
    Identity* server_id = id(KeyKind::kEcdsaP256);
    ASSERT_EQ(mbedtls_ssl_conf_own_cert(server.conf(), server_id->cert(), server_id->key()), 0);
    // The client trusts another key under the same name.
    mbedtls_ssl_conf_ca_chain(client.conf(), stranger_->cert(), nullptr);
    Pin(&client, v);
    ASSERT_EQ(server.Connect(&c2s, &s2c), 0);
    ASSERT_EQ(client.Connect(&s2c, &c2s), 0);
    ASSERT_EQ(mbedtls_ssl_set_hostname(client.ssl(), kHost), 0);

    const HandshakeResult r = Handshake(&client, &server);
    EXPECT_EQ(r.client, MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
    EXPECT_NE(r.server, 0);
    EXPECT_TRUE(mbedtls_ssl_get_verify_result(client.ssl()) & MBEDTLS_X509_BADCERT_NOT_TRUSTED);
  }
}

TEST_F(TlsHandshakeTest, WrongHostNameFails) {
  Configure(id(KeyKind::kEcdsaP256), id(KeyKind::kEcdsaP256)->cert());
  Connect("other.test");
  const HandshakeResult r = Handshake(&client_, &server_);
  EXPECT_EQ(r.client, MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
  EXPECT_TRUE(mbedtls_ssl_get_verify_result(client_.ssl()) & MBEDTLS_X509_BADCERT_CN_MISMATCH);
}

TEST_F(TlsHandshakeTest, Tls12ClientAndTls13OnlyServerFail) {
  Configure(id(KeyKind::kEcdsaP256), id(KeyKind::kEcdsaP256)->cert());
  Pin(&client_, MBEDTLS_SSL_VERSION_TLS1_2);
  Pin(&server_, MBEDTLS_SSL_VERSION_TLS1_3);
  Connect();
  const HandshakeResult r = Handshake(&client_, &server_);
  EXPECT_NE(r.client, 0);
  EXPECT_NE(r.server, 0);
}

// mbedTLS 3.6 has no TLS 1.0/1.1 code at all: a client cannot even be set
// up to offer them.
TEST_F(TlsHandshakeTest, ClientLimitedToTls11IsRefused) {
  Configure(id(KeyKind::kEcdsaP256), id(KeyKind::kEcdsaP256)->cert());
  mbedtls_ssl_conf_min_tls_version(client_.conf(),
                                   static_cast<mbedtls_ssl_protocol_version>(0x0301));
  mbedtls_ssl_conf_max_tls_version(client_.conf(),
                                   static_cast<mbedtls_ssl_protocol_version>(0x0302));
  EXPECT_EQ(client_.Connect(&s2c_, &c2s_), MBEDTLS_ERR_SSL_BAD_CONFIG);
  EXPECT_TRUE(c2s_.empty());
}

// A pre-TLS 1.3 ClientHello written byte by byte (no supported_versions
// extension, as an old client sends it): client_version `version`, one
// suite, P-256, ecdsa_secp256r1_sha256 and rsa_pkcs1_sha256.
void Put16(std::vector<unsigned char>* v, size_t x) {
  v->push_back(static_cast<unsigned char>(x >> 8));
  v->push_back(static_cast<unsigned char>(x));
}

std::vector<unsigned char> ClientHello(uint16_t version, uint16_t suite) {
  static const unsigned char kExtensions[] = {
      0x00, 0x18,                                      // their length
      0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17,  // supported_groups: P-256
      0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,              // ec_point_formats: uncompressed
      0x00, 0x0d, 0x00, 0x06, 0x00, 0x04,              // signature_algorithms:
      0x04, 0x03, 0x04, 0x01,                          //   ECDSA P-256, RSA PKCS#1, SHA-256
  };
  std::vector<unsigned char> body;
  Put16(&body, version);
  body.resize(body.size() + 32, 0x5a);  // random
  body.push_back(0);                    // no session id
  Put16(&body, 2);                      // cipher_suites: one
  Put16(&body, suite);
  body.push_back(1);  // compression methods: null only
  body.push_back(0);
  body.insert(body.end(), kExtensions, kExtensions + sizeof(kExtensions));

  std::vector<unsigned char> record = {0x16, 0x03, 0x01};  // handshake, as old clients label it
  Put16(&record, body.size() + 4);
  record.push_back(0x01);  // ClientHello, 24-bit length
  record.push_back(0);
  Put16(&record, body.size());
  record.insert(record.end(), body.begin(), body.end());
  return record;
}

// Feeds `hello` to a fresh server and returns its handshake result.
int ServerAnswers(Peer* server, Pipe* in, const std::vector<unsigned char>& hello) {
  in->assign(hello.begin(), hello.end());
  int ret = MBEDTLS_ERR_SSL_WANT_READ;
  for (int i = 0; i < 4 && !in->empty() && Pending(ret); ++i) {
    ret = mbedtls_ssl_handshake(server->ssl());
  }
  return ret;
}

// The hand-made hello is well formed: as TLS 1.2 the server accepts it and
// answers with its first flight.
TEST_F(TlsHandshakeTest, HandMadeTls12ClientHelloIsAnswered) {
  Configure(id(KeyKind::kEcdsaP256), id(KeyKind::kEcdsaP256)->cert());
  ASSERT_EQ(server_.Connect(&c2s_, &s2c_), 0);
  EXPECT_EQ(ServerAnswers(&server_, &c2s_,
                          ClientHello(0x0303, MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)),
            MBEDTLS_ERR_SSL_WANT_READ);
  ASSERT_FALSE(s2c_.empty());
  EXPECT_EQ(s2c_[0], 0x16);  // handshake records: ServerHello ... ServerHelloDone
}

// The same hello as TLS 1.1: one fatal protocol_version alert, and failure.
TEST_F(TlsHandshakeTest, Tls11ClientHelloIsRefused) {
  Configure(id(KeyKind::kEcdsaP256), id(KeyKind::kEcdsaP256)->cert());
  ASSERT_EQ(server_.Connect(&c2s_, &s2c_), 0);
  EXPECT_EQ(ServerAnswers(&server_, &c2s_,
                          ClientHello(0x0302, MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA)),
            MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION);
  const std::vector<unsigned char> sent(s2c_.begin(), s2c_.end());
  ASSERT_EQ(sent.size(), 7u);
  EXPECT_EQ(sent[0], 0x15);  // alert record
  EXPECT_EQ(sent[5], MBEDTLS_SSL_ALERT_LEVEL_FATAL);
  EXPECT_EQ(sent[6], MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION);
}

// ECDHE only: a server with an RSA certificate answers an ECDHE-RSA hello
// but refuses a client that offers only RSA key exchange, so the server's
// (or a key service's) RSA key is never a decryption oracle (Bleichenbacher,
// ROBOT), whatever the client sends.
TEST_F(TlsHandshakeTest, RsaKeyExchangeIsRefused) {
  for (const uint16_t suite :
       {MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, MBEDTLS_TLS_RSA_WITH_AES_128_GCM_SHA256,
        MBEDTLS_TLS_RSA_WITH_AES_256_CBC_SHA256}) {
    SCOPED_TRACE(suite);
    Pipe c2s, s2c;
    Peer server(MBEDTLS_SSL_IS_SERVER, rng_);
    Identity* rsa = id(KeyKind::kRsa2048);
    ASSERT_EQ(mbedtls_ssl_conf_own_cert(server.conf(), rsa->cert(), rsa->key()), 0);
    ASSERT_EQ(server.Connect(&c2s, &s2c), 0);
    const int ret = ServerAnswers(&server, &c2s, ClientHello(0x0303, suite));
    const std::vector<unsigned char> sent(s2c.begin(), s2c.end());
    ASSERT_FALSE(sent.empty());
    if (suite == MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) {
      EXPECT_EQ(ret, MBEDTLS_ERR_SSL_WANT_READ);
      EXPECT_EQ(sent[0], 0x16);  // ServerHello ... ServerHelloDone
      continue;
    }
    EXPECT_EQ(ret, MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE);
    ASSERT_EQ(sent.size(), 7u);
    EXPECT_EQ(sent[0], 0x15);  // alert record
    EXPECT_EQ(sent[5], MBEDTLS_SSL_ALERT_LEVEL_FATAL);
    EXPECT_EQ(sent[6], MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE);
  }
}

}  // namespace
}  // namespace tls_test
