// The core's side of public-key login: publicKey is offered only on a
// connection with a TLS channel binding; authChallenge hands out a nonce
// that exactly one login carries to the authority, beside the binding.
#include <string.h>

#include <gtest/gtest.h>

#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

struct Env {
  FakeBackend backend;
  LoginRegistry logins{4};
  Counter holders{100};
  CountingTickets tickets;
  Session session{backend, SharedBounds{&logins, &holders, nullptr, &tickets},
                  ConnectionInfo{{5, 6}, 0, nullptr}};
  TestClient c{session};
  uint8_t binding[kChannelBindingBytes];

  Env() { memset(binding, 0xb1, sizeof(binding)); }

  s::Response::Reader Challenge() {
    return c.Send([](RS::Builder b) { b.setAuthChallenge(); });
  }
  s::Response::Reader Proof(const char* principal, size_t key_len = kPublicKeyBytes) {
    return c.Send([&](RS::Builder b) {
      auto p = b.initLogin().initPublicKeyProof();
      p.setPrincipal(principal);
      auto key = p.initPublicKey(key_len);
      if (key_len != 0) key[0] = 0x04;
      p.initSignature(70)[0] = 0x30;
    });
  }
};

bool PublicKeyEnabled(s::Response::Reader r) {
  for (auto m : r.getAuthMethods()) {
    if (m.getName() == "publicKey") return m.getEnabled();
  }
  ADD_FAILURE() << "no publicKey row";
  return false;
}

TEST(SessionPubkey, WithoutTlsItIsDisabled) {
  Env e;
  EXPECT_FALSE(PublicKeyEnabled(e.c.Send([](RS::Builder b) { b.setAuthMethods(); })));
  EXPECT_EQ(TestClient::Code(e.Challenge()), int(ErrCode::DISABLED_AUTH_METHOD));
  EXPECT_EQ(TestClient::Code(e.Proof("kim")), int(ErrCode::DISABLED_AUTH_METHOD));
  EXPECT_EQ(e.backend.login_calls, 0);
}

TEST(SessionPubkey, TlsEnablesItAndTheChallengeCarriesNonceAndBinding) {
  Env e;
  e.session.SetChannelBinding(e.binding);
  EXPECT_TRUE(PublicKeyEnabled(e.c.Send([](RS::Builder b) { b.setAuthMethods(); })));
  auto ch = e.Challenge();
  ASSERT_EQ(ch.which(), s::Response::CHALLENGE) << e.c.last_text;
  auto nonce = ch.getChallenge().getNonce();
  ASSERT_EQ(nonce.size(), kNonceBytes);
  EXPECT_STREQ(ch.getChallenge().getExporterLabel().cStr(), kExporterLabel);
  uint8_t sent[kNonceBytes];
  memcpy(sent, nonce.begin(), kNonceBytes);
  auto r = e.Proof("kim");
  EXPECT_EQ(TestClient::Code(r), int(ErrCode::AUTH_DENIED));  // the fake denies
  ASSERT_EQ(e.backend.login_calls, 1);
  ASSERT_TRUE(e.backend.has_challenge);
  EXPECT_EQ(memcmp(e.backend.last_challenge, sent, kNonceBytes), 0);
  EXPECT_EQ(memcmp(e.backend.last_challenge + kNonceBytes, e.binding, kChannelBindingBytes), 0);
  EXPECT_EQ(e.backend.last_public_key[0], 0x04);
}

TEST(SessionPubkey, ANonceServesOneLogin) {
  Env e;
  e.session.SetChannelBinding(e.binding);
  ASSERT_EQ(e.Challenge().which(), s::Response::CHALLENGE);
  e.Proof("kim");
  ASSERT_TRUE(e.backend.has_challenge);
  // The replay on the same connection goes without one: the authority
  // refuses it (noChallenge).
  e.Proof("kim");
  EXPECT_EQ(e.backend.login_calls, 2);
  EXPECT_FALSE(e.backend.has_challenge);
  // Any login uses it up, a password one too.
  ASSERT_EQ(e.Challenge().which(), s::Response::CHALLENGE);
  e.c.Login("operator", "wrong");
  e.Proof("kim");
  EXPECT_FALSE(e.backend.has_challenge);
}

TEST(SessionPubkey, EachChallengeIsFresh) {
  Env e;
  e.session.SetChannelBinding(e.binding);
  auto a = e.Challenge().getChallenge().getNonce();
  std::vector<uint8_t> first(a.begin(), a.end());
  auto b = e.Challenge().getChallenge().getNonce();
  EXPECT_NE(first, std::vector<uint8_t>(b.begin(), b.end()));
}

TEST(SessionPubkey, MalformedProofIsAuthDeniedWithoutTheBackend) {
  Env e;
  e.session.SetChannelBinding(e.binding);
  ASSERT_EQ(e.Challenge().which(), s::Response::CHALLENGE);
  EXPECT_EQ(TestClient::Code(e.Proof("kim", 33)), int(ErrCode::AUTH_DENIED));
  EXPECT_EQ(TestClient::Code(e.Proof("")), int(ErrCode::AUTH_DENIED));
  // The retired bare-key variant is no proof either.
  auto legacy =
      e.c.Send([](RS::Builder b) { b.initLogin().setPublicKey(kj::heapArray<kj::byte>(65)); });
  EXPECT_EQ(TestClient::Code(legacy), int(ErrCode::AUTH_DENIED));
  EXPECT_EQ(e.backend.login_calls, 0);
}

// mTLS: the connection's client certificate goes to the authority with a
// publicKey login (a copy, so the TLS channel may go first); one longer
// than kMaxClientCertBytes is not handed on.
TEST(SessionPubkey, TheClientCertificateGoesWithTheLogin) {
  Env e;
  e.session.SetChannelBinding(e.binding);
  uint8_t der[600];
  memset(der, 0x5c, sizeof(der));
  e.session.SetClientCertificate(der, sizeof(der));
  memset(der, 0, sizeof(der));  // the channel's buffer is gone
  e.Challenge();
  e.Proof("alice");
  ASSERT_EQ(e.backend.login_calls, 1);
  ASSERT_NE(e.backend.last_source.client_cert, nullptr);
  ASSERT_EQ(e.backend.last_source.client_cert_len, 600u);
  EXPECT_EQ(e.backend.last_source.client_cert[0], 0x5c);
  EXPECT_EQ(e.backend.last_source.client_cert[599], 0x5c);
}

TEST(SessionPubkey, AnOversizedClientCertificateIsNotHandedOn) {
  Env e;
  e.session.SetChannelBinding(e.binding);
  static uint8_t big[kMaxClientCertBytes + 1];
  e.session.SetClientCertificate(big, sizeof(big));
  e.Challenge();
  e.Proof("alice");
  ASSERT_EQ(e.backend.login_calls, 1);
  EXPECT_EQ(e.backend.last_source.client_cert, nullptr);
  EXPECT_EQ(e.backend.last_source.client_cert_len, 0u);
}

}  // namespace
}  // namespace remote_session
