// Bad-input paths of the request decoder and of HandleFrame / FrameError.
#include "services/lib/remote-session/codec.h"

#include <gtest/gtest.h>

#include "services/lib/remote-session/test_client.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

std::vector<uint8_t> Encode(const std::function<void(RS::Builder)>& fill) {
  capnp::MallocMessageBuilder b;
  auto r = b.initRoot<RS>();
  fill(r);
  auto bytes = capnp::messageToFlatArray(b);
  return std::vector<uint8_t>(bytes.asBytes().begin(), bytes.asBytes().end());
}

TEST(Codec, DecodesLoginAndWipes) {
  auto bytes = Encode([](RS::Builder r) {
    r.setRequestId(42);
    auto l = r.initLogin();
    l.setRequestedProfile("ops");
    l.initPassword().setPrincipal("operator");
    l.getPassword().setPassword("pw");
  });
  Request req;
  ASSERT_EQ(DecodeRequest(bytes.data(), bytes.size(), &req), DecodeStatus::kOk);
  EXPECT_EQ(req.request_id, 42u);
  EXPECT_EQ(req.kind, RequestKind::kLogin);
  EXPECT_EQ(req.login, LoginKind::kPassword);
  EXPECT_STREQ(req.principal.data, "operator");
  EXPECT_STREQ(req.password.data, "pw");
  EXPECT_STREQ(req.profile.data, "ops");
  req.Wipe();
  EXPECT_EQ(req.password.data[0], 0);
  EXPECT_EQ(req.password.len, 0u);
}

TEST(Codec, DecodesCall) {
  auto bytes = Encode([](RS::Builder r) {
    auto c = r.initCall();
    c.setCapName("chat");
    c.setInterfaceId(99);
    c.setChatPoll(7);
  });
  Request req;
  ASSERT_EQ(DecodeRequest(bytes.data(), bytes.size(), &req), DecodeStatus::kOk);
  EXPECT_EQ(req.method, CallMethod::kChatPoll);
  EXPECT_EQ(req.since_seq, 7u);
  EXPECT_EQ(req.interface_id, 99u);
}

TEST(Codec, RejectsGarbage) {
  Request req;
  uint8_t junk[16] = {0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  EXPECT_EQ(DecodeRequest(junk, sizeof(junk), &req), DecodeStatus::kMalformed);
  EXPECT_EQ(DecodeRequest(junk, 0, &req), DecodeStatus::kMalformed);
  EXPECT_EQ(DecodeRequest(junk, 3, &req), DecodeStatus::kMalformed);
  auto good = Encode([](RS::Builder r) { r.setLogout(); });
  good.resize(good.size() - 8);  // truncated segment
  EXPECT_EQ(DecodeRequest(good.data(), good.size(), &req), DecodeStatus::kMalformed);
}

TEST(Codec, UnknownUnionVariantIsMalformed) {
  auto bytes = Encode([](RS::Builder r) { r.setLogout(); });
  // Root struct data section: requestId (32 bits) then the union tag (16 bits).
  // Segment table is 8 bytes, root pointer 8 bytes, so the tag is at 16 + 4.
  bytes[20] = 0x7f;
  Request req;
  EXPECT_EQ(DecodeRequest(bytes.data(), bytes.size(), &req), DecodeStatus::kMalformed);
}

TEST(Codec, MalformedFrameClosesWithMalformedRequest) {
  FakeBackend backend;
  LoginRegistry logins(2);
  Session session(backend, SharedBounds{&logins, nullptr}, {});
  TestClient c(session);
  auto r = c.SendBytes({1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(TestClient::Code(r), int(ErrCode::MALFORMED_REQUEST));
  EXPECT_TRUE(c.last.close);
  std::vector<uint8_t> out(kMaxResponseFrameBytes);
  Output o = session.FrameError(FrameStatus::kOversized, 10, out.data(), out.size());
  EXPECT_TRUE(o.close);
  EXPECT_GT(o.length, 4u);
}

TEST(Codec, TooSmallOutputCloses) {
  FakeBackend backend;
  LoginRegistry logins(2);
  Session session(backend, SharedBounds{&logins, nullptr}, {});
  auto bytes = Encode([](RS::Builder r) { r.setAuthMethods(); });
  uint8_t out[16];
  Output o = session.HandleFrame(bytes.data(), bytes.size(), 0, out, sizeof(out));
  EXPECT_EQ(o.length, 0u);
  EXPECT_TRUE(o.close);
}

}  // namespace
}  // namespace remote_session
