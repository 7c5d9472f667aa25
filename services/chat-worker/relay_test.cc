#include "services/chat-worker/relay.h"

#include <string.h>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "schema/worker.capnp.h"

namespace chat_worker {
namespace {

using Schema = capos::schema::ChatWorker;

struct Fake {
  int calls = 0;
  uint16_t method = 0xffff;
  uint32_t params_len = 0;
  abi::Error result = abi::Error::kOk;
};

abi::Error FakeCall(void* ctx, uint16_t method, const void*, uint32_t params_len, void* reply,
                    uint32_t reply_cap, uint32_t* len) {
  Fake* f = static_cast<Fake*>(ctx);
  ++f->calls;
  f->method = method;
  f->params_len = params_len;
  if (f->result != abi::Error::kOk) return f->result;
  memset(reply, 0x5a, 16);
  *len = 16;
  return abi::Error::kOk;
}

kj::Array<capnp::word> RelayParams(uint16_t method, size_t inner_bytes) {
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<Schema::RelayParams>();
  p.setMethod(method);
  p.initParams(static_cast<unsigned>(inner_bytes));
  return capnp::messageToFlatArray(b);
}

alignas(8) uint8_t out[8192];

TEST(Relay, ForwardsMethodAndWrapsResults) {
  Fake f;
  auto words = RelayParams(2, 24);
  RelayOutcome o = Relay(words.begin(), words.asBytes().size(), FakeCall, &f, out, sizeof(out));
  ASSERT_EQ(o.status, abi::Error::kOk);
  EXPECT_EQ(f.calls, 1);
  EXPECT_EQ(f.method, 2);
  EXPECT_EQ(f.params_len, 24u);
  kj::ArrayPtr<const capnp::word> got(reinterpret_cast<const capnp::word*>(out), o.len / 8);
  capnp::FlatArrayMessageReader r(got);
  auto results = r.getRoot<Schema::RelayResults>().getResults();
  ASSERT_EQ(results.size(), 16u);
  EXPECT_EQ(results[0], 0x5a);
}

TEST(Relay, RejectsMethodOutsideChatWithoutCalling) {
  Fake f;
  auto words = RelayParams(kMaxChatMethod + 1, 8);
  RelayOutcome o = Relay(words.begin(), words.asBytes().size(), FakeCall, &f, out, sizeof(out));
  EXPECT_EQ(o.status, abi::Error::kBadMethod);
  EXPECT_EQ(f.calls, 0);
}

TEST(Relay, RejectsGarbageAndOversizedAndUnalignedInner) {
  Fake f;
  alignas(8) uint8_t junk[40];
  memset(junk, 0xff, sizeof(junk));
  EXPECT_EQ(Relay(junk, sizeof(junk), FakeCall, &f, out, sizeof(out)).status,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(Relay(junk, 0, FakeCall, &f, out, sizeof(out)).status, abi::Error::kMalformedMessage);
  auto big = RelayParams(0, Schema::MAX_RELAY_BYTES + 8);
  EXPECT_EQ(Relay(big.begin(), big.asBytes().size(), FakeCall, &f, out, sizeof(out)).status,
            abi::Error::kMalformedMessage);
  auto odd = RelayParams(0, 13);
  EXPECT_EQ(Relay(odd.begin(), odd.asBytes().size(), FakeCall, &f, out, sizeof(out)).status,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(f.calls, 0);
}

TEST(Relay, PassesCallErrorsThroughAndBoundsOutput) {
  Fake f;
  f.result = abi::Error::kStaleSession;
  auto words = RelayParams(0, 8);
  RelayOutcome o = Relay(words.begin(), words.asBytes().size(), FakeCall, &f, out, sizeof(out));
  EXPECT_EQ(o.status, abi::Error::kStaleSession);
  EXPECT_EQ(o.len, 0u);
  f.result = abi::Error::kOk;
  o = Relay(words.begin(), words.asBytes().size(), FakeCall, &f, out, 8);
  EXPECT_EQ(o.status, abi::Error::kResultTooSmall);
}

}  // namespace
}  // namespace chat_worker
