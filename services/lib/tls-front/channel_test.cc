// tls_front::Channel driven as an event loop drives it: ciphertext moved
// by hand between an mbedTLS client (tls_test::Peer) and the channel, in
// whole chunks or a byte at a time, and hostile openings written byte by
// byte (an old version, a null cipher, plain text, a truncated hello).
#include "services/lib/tls-front/channel.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "libcaprt/mbedtls/tls_test_peer.h"
#include "libcaprt/mbedtls/tls_test_pki.h"
#include "psa/crypto.h"
#include "services/lib/tls-front/server_config.h"

namespace tls_front {
namespace {

constexpr char kHost[] = "tls.test";

class ChannelTest : public testing::Test {
 protected:
  void SetUp() override {
    // PK and X.509 go through PSA (MBEDTLS_USE_PSA_CRYPTO).
    ASSERT_EQ(psa_crypto_init(), PSA_SUCCESS);
    ASSERT_TRUE(rng_.ok());
    ASSERT_EQ(id_.Generate(tls_test::KeyKind::kEcdsaP256, kHost, &rng_), 0);
    ASSERT_EQ(server_.Setup(id_.cert(), id_.key()), 0);
    ASSERT_EQ(channel_.Start(server_.conf()), 0);
  }

  // A client that trusts the server's self-signed certificate.
  void Client(mbedtls_ssl_protocol_version max = MBEDTLS_SSL_VERSION_TLS1_3) {
    client_ = std::make_unique<tls_test::Peer>(MBEDTLS_SSL_IS_CLIENT, &rng_);
    ASSERT_TRUE(client_->config_ok());
    mbedtls_ssl_conf_ca_chain(client_->conf(), id_.cert(), nullptr);
    mbedtls_ssl_conf_authmode(client_->conf(), MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_max_tls_version(client_->conf(), max);
    ASSERT_EQ(client_->Connect(&to_client_, &to_server_), 0);
    ASSERT_EQ(mbedtls_ssl_set_hostname(client_->ssl(), kHost), 0);
  }

  // Moves what each side wrote to the other, `chunk` bytes at a time to
  // the channel, and lets the channel read; appends its plaintext to
  // `plain_`. Returns the channel's last ReadPlain result.
  int Pump(size_t chunk = 8192) {
    int ret = 0;
    for (int round = 0; round < 100000; ++round) {
      bool moved = false;
      while (!to_server_.empty() && channel_.CipherInEmpty()) {
        std::vector<uint8_t> piece;
        while (!to_server_.empty() && piece.size() < chunk) {
          piece.push_back(to_server_.front());
          to_server_.pop_front();
        }
        EXPECT_EQ(channel_.PutCipher(piece.data(), piece.size()), piece.size());
        moved = true;
        uint8_t buf[4096];
        while ((ret = channel_.ReadPlain(buf, sizeof(buf))) > 0) {
          plain_.append(reinterpret_cast<char*>(buf), size_t(ret));
        }
      }
      if (channel_.CipherOutLen() != 0) {
        to_client_.insert(to_client_.end(), channel_.CipherOut(),
                          channel_.CipherOut() + channel_.CipherOutLen());
        channel_.CipherSent(channel_.CipherOutLen());
        moved = true;
      }
      if (client_ != nullptr && !client_done_) {
        int c = mbedtls_ssl_handshake(client_->ssl());
        if (c == 0) client_done_ = true;
        if (!tls_test::Pending(c) && c != 0) client_error_ = c, client_done_ = true;
        moved = moved || !to_server_.empty();
      }
      if (!moved) break;
    }
    return ret;
  }

  tls_test::Rng rng_;
  tls_test::Identity id_;
  ServerConfig server_;
  Channel channel_;
  std::unique_ptr<tls_test::Peer> client_;
  tls_test::Pipe to_server_, to_client_;
  std::string plain_;
  bool client_done_ = false;
  int client_error_ = 0;
};

// The channel's first ReadPlain runs the handshake's first step.
TEST_F(ChannelTest, Tls13HandshakeAndDataBothWays) {
  Client();
  uint8_t none[16];
  EXPECT_EQ(channel_.ReadPlain(none, sizeof(none)), 0);
  Pump();
  ASSERT_TRUE(client_done_);
  ASSERT_EQ(client_error_, 0);
  ASSERT_EQ(channel_.state(), Channel::State::kOpen);
  EXPECT_STREQ(channel_.Version(), "TLSv1.3");
  EXPECT_EQ(mbedtls_ssl_get_verify_result(client_->ssl()), 0u);

  ASSERT_EQ(client_->Write("authMethods"), 0);
  Pump();
  EXPECT_EQ(plain_, "authMethods");

  const std::string answer = "password guest anonymous";
  ASSERT_EQ(channel_.WritePlain(reinterpret_cast<const uint8_t*>(answer.data()), answer.size()),
            int(answer.size()));
  Pump();
  std::string got;
  EXPECT_EQ(client_->ReadAvailable(&got), MBEDTLS_ERR_SSL_WANT_READ);
  EXPECT_EQ(got, answer);
}

TEST_F(ChannelTest, Tls12Handshake) {
  Client(MBEDTLS_SSL_VERSION_TLS1_2);
  Pump();
  ASSERT_EQ(client_error_, 0);
  ASSERT_EQ(channel_.state(), Channel::State::kOpen);
  EXPECT_STREQ(channel_.Version(), "TLSv1.2");
  EXPECT_EQ(mbedtls_ssl_get_ciphersuite_id_from_ssl(client_->ssl()),
            MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
}

// Both ends derive the same exporter (what a public-key login binds its
// signature to); another label gives another value, and a channel that is
// not open has none.
void ExpectExporterMatches(Channel& server, mbedtls_ssl_context* client) {
  uint8_t mine[32], theirs[32], other[32];
  ASSERT_TRUE(server.Export("EXPORTER-test", mine, sizeof(mine))) << server.Version();
  ASSERT_EQ(mbedtls_ssl_export_keying_material(client, theirs, sizeof(theirs), "EXPORTER-test", 13,
                                               nullptr, 0, 0),
            0);
  EXPECT_EQ(memcmp(mine, theirs, sizeof(mine)), 0) << server.Version();
  ASSERT_TRUE(server.Export("EXPORTER-else", other, sizeof(other)));
  EXPECT_NE(memcmp(mine, other, sizeof(mine)), 0);
}

TEST_F(ChannelTest, Tls13ExporterMatchesTheClients) {
  uint8_t early[32];
  EXPECT_FALSE(channel_.Export("EXPORTER-test", early, sizeof(early)));
  Client(MBEDTLS_SSL_VERSION_TLS1_3);
  Pump();
  ASSERT_EQ(client_error_, 0);
  ASSERT_EQ(channel_.state(), Channel::State::kOpen);
  ExpectExporterMatches(channel_, client_->ssl());
}

TEST_F(ChannelTest, Tls12ExporterMatchesTheClients) {
  Client(MBEDTLS_SSL_VERSION_TLS1_2);
  Pump();
  ASSERT_EQ(client_error_, 0);
  ASSERT_EQ(channel_.state(), Channel::State::kOpen);
  ExpectExporterMatches(channel_, client_->ssl());
}

// Every ciphertext byte alone: every partial record and message waits.
TEST_F(ChannelTest, OneByteAtATime) {
  Client();
  Pump(1);
  ASSERT_EQ(client_error_, 0);
  ASSERT_EQ(channel_.state(), Channel::State::kOpen);
  ASSERT_EQ(client_->Write(std::string(3000, 'x')), 0);
  Pump(1);
  EXPECT_EQ(plain_, std::string(3000, 'x'));
}

// More than a record and more than CipherOut: the loop seals what fits,
// sends, and seals again; the client gets every byte in order.
TEST_F(ChannelTest, LargeWritesSealInPieces) {
  Client();
  Pump();
  ASSERT_EQ(channel_.state(), Channel::State::kOpen);
  std::string big;
  for (int i = 0; big.size() < 100000; ++i) big += std::to_string(i) + ",";
  size_t off = 0;
  std::string got;
  while (off < big.size()) {
    int n;
    while (off < big.size() &&
           (n = channel_.WritePlain(reinterpret_cast<const uint8_t*>(big.data()) + off,
                                    big.size() - off)) > 0) {
      EXPECT_LE(size_t(n), kMaxPlainPerRecord);
      off += size_t(n);
    }
    ASSERT_GT(channel_.CipherOutLen(), 0u);
    // The loop's send takes part of it.
    size_t sent = channel_.CipherOutLen() / 2 + 1;
    to_client_.insert(to_client_.end(), channel_.CipherOut(), channel_.CipherOut() + sent);
    channel_.CipherSent(sent);
    client_->ReadAvailable(&got);
  }
  Pump();
  client_->ReadAvailable(&got);
  EXPECT_EQ(got, big);
}

TEST_F(ChannelTest, PeerCloseNotifyEndsCleanly) {
  Client();
  Pump();
  ASSERT_EQ(mbedtls_ssl_close_notify(client_->ssl()), 0);
  Pump();
  EXPECT_EQ(channel_.state(), Channel::State::kClosed);
  EXPECT_EQ(channel_.error(), 0);
  uint8_t buf[8];
  EXPECT_LT(channel_.ReadPlain(buf, sizeof(buf)), 0);
}

TEST_F(ChannelTest, OurCloseNotifyReachesTheClient) {
  Client();
  Pump();
  channel_.Close();
  channel_.Close();  // once
  Pump();
  std::string got;
  EXPECT_EQ(client_->ReadAvailable(&got), MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY);
}

// A ClientHello record by hand: `version` in the hello, one cipher suite,
// an empty extension list (so no supported_versions: the legacy version
// is all there is).
std::vector<uint8_t> Hello(uint16_t version, uint16_t suite) {
  std::vector<uint8_t> body = {1, 0, 0, 0, uint8_t(version >> 8), uint8_t(version)};
  for (int i = 0; i < 32; ++i) body.push_back(uint8_t(i));
  for (uint8_t b : {0, 0, 2, int(suite >> 8), int(suite & 0xff), 1, 0, 0, 0}) body.push_back(b);
  size_t len = body.size() - 4;
  body[1] = uint8_t(len >> 16), body[2] = uint8_t(len >> 8), body[3] = uint8_t(len);
  std::vector<uint8_t> rec = {22, 3, 1, uint8_t(body.size() >> 8), uint8_t(body.size())};
  rec.insert(rec.end(), body.begin(), body.end());
  return rec;
}

class HostileTest : public ChannelTest {
 protected:
  // Feeds `bytes`, lets the channel read, and returns whether an alert
  // record (content type 21) came out.
  bool Feed(const std::vector<uint8_t>& bytes) {
    EXPECT_EQ(channel_.PutCipher(bytes.data(), bytes.size()), bytes.size());
    uint8_t buf[64];
    channel_.ReadPlain(buf, sizeof(buf));
    return channel_.CipherOutLen() >= 7 && channel_.CipherOut()[0] == 21;
  }
};

TEST_F(HostileTest, Tls10And11AreRefused) {
  for (uint16_t v : {0x0301, 0x0302}) {
    Channel c;
    ASSERT_EQ(c.Start(server_.conf()), 0);
    std::vector<uint8_t> h = Hello(v, 0xc02b);
    c.PutCipher(h.data(), h.size());
    uint8_t buf[8];
    EXPECT_LT(c.ReadPlain(buf, sizeof(buf)), 0) << std::hex << v;
    EXPECT_EQ(c.state(), Channel::State::kFailed);
    EXPECT_STREQ(c.Why(), "protocol version refused");
    ASSERT_GE(c.CipherOutLen(), 7u);
    EXPECT_EQ(c.CipherOut()[0], 21);  // an alert
    EXPECT_EQ(c.CipherOut()[6], 70);  // protocol_version
  }
}

TEST_F(HostileTest, NullCipherIsRefused) {
  EXPECT_TRUE(Feed(Hello(0x0303, 0x003b)));  // TLS_RSA_WITH_NULL_SHA256
  EXPECT_EQ(channel_.state(), Channel::State::kFailed);
  EXPECT_EQ(channel_.error(), MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE);
  EXPECT_EQ(channel_.CipherOut()[6], 40);  // handshake_failure
}

TEST_F(HostileTest, PlainTextIsNotARecord) {
  const std::string get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  Feed(std::vector<uint8_t>(get.begin(), get.end()));
  EXPECT_EQ(channel_.state(), Channel::State::kFailed);
  uint8_t buf[8];
  EXPECT_LT(channel_.ReadPlain(buf, sizeof(buf)), 0);
  EXPECT_EQ(channel_.WritePlain(buf, sizeof(buf)), -1);
}

TEST_F(HostileTest, TruncatedHelloWaitsForTheRest) {
  std::vector<uint8_t> h = Hello(0x0303, 0xc02b);
  h.resize(20);
  EXPECT_FALSE(Feed(h));
  EXPECT_EQ(channel_.state(), Channel::State::kHandshake);
  EXPECT_TRUE(channel_.CipherInEmpty());
  EXPECT_EQ(channel_.CipherOutLen(), 0u);
}

TEST_F(HostileTest, GarbageAfterTheHandshakeFails) {
  Client();
  Pump();
  ASSERT_EQ(channel_.state(), Channel::State::kOpen);
  std::vector<uint8_t> junk = {23, 3, 3, 0, 40};
  junk.resize(45, 0xee);  // an application-data record that does not decrypt
  Feed(junk);
  EXPECT_EQ(channel_.state(), Channel::State::kFailed);
  EXPECT_STREQ(channel_.Why(), "bad record MAC");
}

TEST_F(HostileTest, AnOversizedRecordFails) {
  std::vector<uint8_t> rec = {22, 3, 3, 0xff, 0xff};
  Feed(rec);
  EXPECT_EQ(channel_.state(), Channel::State::kFailed);
}

}  // namespace
}  // namespace tls_front
