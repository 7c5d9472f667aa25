#include "services/lib/service-relay/service_relay.h"

#include <string.h>

#include <vector>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "schema/paperclips.capnp.h"
#include "schema/worker.capnp.h"

namespace service_relay {
namespace {

using Schema = capos::schema::ServiceWorker;

struct Fake {
  int calls = 0;
  uint16_t method = 0xffff;
  uint32_t params_len = 0;
  std::vector<uint8_t> params;
  uint32_t reply_cap = 0;
  uint32_t answer_len = 16;
  abi::Error result = abi::Error::kOk;
};

abi::Error FakeCall(void* ctx, uint16_t method, const void* params, uint32_t params_len,
                    void* reply, uint32_t reply_cap, uint32_t* len) {
  Fake* f = static_cast<Fake*>(ctx);
  ++f->calls;
  f->method = method;
  f->params_len = params_len;
  EXPECT_NE(params, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(params) % 8, 0u);  // a message's words
  f->params.assign(static_cast<const uint8_t*>(params),
                   static_cast<const uint8_t*>(params) + params_len);
  f->reply_cap = reply_cap;
  if (f->result != abi::Error::kOk) return f->result;
  uint32_t n = f->answer_len < reply_cap ? f->answer_len : reply_cap;
  memset(reply, 0x5a, n);
  *len = f->answer_len;  // may lie about its length: the relay must not trust it
  return abi::Error::kOk;
}

kj::Array<capnp::word> RelayParams(uint16_t method, size_t inner_bytes) {
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<Schema::RelayParams>();
  p.setMethod(method);
  p.initParams(static_cast<unsigned>(inner_bytes));
  return capnp::messageToFlatArray(b);
}

Target To(Fake& f, uint16_t relay_methods) {
  Target t;
  t.relay_methods = relay_methods;
  t.call = FakeCall;
  t.ctx = &f;
  return t;
}

TEST(ServiceRelay, ForwardsMethodAndWrapsResults) {
  Fake f;
  alignas(8) static uint8_t out[kMaxResultsBytes];
  auto words = RelayParams(5, 24);
  Outcome o = Relay(words.begin(), words.asBytes().size(), To(f, 6), out, sizeof(out));
  ASSERT_EQ(o.status, abi::Error::kOk);
  EXPECT_EQ(f.calls, 1);
  EXPECT_EQ(f.method, 5);
  EXPECT_EQ(f.params_len, 24u);
  EXPECT_EQ(f.reply_cap, kMaxReplyBytes);
  capnp::FlatArrayMessageReader r(
      kj::arrayPtr(reinterpret_cast<const capnp::word*>(out), o.len / 8));
  auto results = r.getRoot<Schema::RelayResults>().getResults();
  ASSERT_EQ(results.size(), 16u);
  EXPECT_EQ(results[0], 0x5a);
}

TEST(ServiceRelay, TheLargestResultsFitTheBound) {
  Fake f;
  f.answer_len = kMaxReplyBytes;
  alignas(8) static uint8_t out[kMaxResultsBytes];
  auto words = RelayParams(0, 0);
  Outcome o = Relay(words.begin(), words.asBytes().size(), To(f, 1), out, sizeof(out));
  ASSERT_EQ(o.status, abi::Error::kOk);
  EXPECT_LE(o.len, kMaxResultsBytes);
  f.answer_len = kMaxReplyBytes + 8;  // a reply longer than the buffer it was given
  o = Relay(words.begin(), words.asBytes().size(), To(f, 1), out, sizeof(out));
  EXPECT_EQ(o.status, abi::Error::kMalformedMessage);
}

TEST(ServiceRelay, RelaysOnlyTheTargetsRange) {
  Fake f;
  alignas(8) static uint8_t out[kMaxResultsBytes];
  auto last = RelayParams(8, 8);
  EXPECT_EQ(Relay(last.begin(), last.asBytes().size(), To(f, 9), out, sizeof(out)).status,
            abi::Error::kOk);
  auto leave = RelayParams(9, 8);  // Adventure.leave: the worker's own, at shutdown
  EXPECT_EQ(Relay(leave.begin(), leave.asBytes().size(), To(f, 9), out, sizeof(out)).status,
            abi::Error::kBadMethod);
  auto huge = RelayParams(0xffff, 8);
  EXPECT_EQ(Relay(huge.begin(), huge.asBytes().size(), To(f, 9), out, sizeof(out)).status,
            abi::Error::kBadMethod);
  EXPECT_EQ(f.calls, 1);
  Target none;
  EXPECT_EQ(Relay(last.begin(), last.asBytes().size(), none, out, sizeof(out)).status,
            abi::Error::kBadMethod);
}

TEST(ServiceRelay, RejectsGarbageOversizedAndUnalignedInner) {
  Fake f;
  alignas(8) static uint8_t out[kMaxResultsBytes];
  alignas(8) uint8_t junk[40];
  memset(junk, 0xff, sizeof(junk));
  EXPECT_EQ(Relay(junk, sizeof(junk), To(f, 6), out, sizeof(out)).status,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(Relay(junk, 0, To(f, 6), out, sizeof(out)).status, abi::Error::kMalformedMessage);
  auto big = RelayParams(0, kMaxParamsBytes + 8);
  EXPECT_EQ(Relay(big.begin(), big.asBytes().size(), To(f, 6), out, sizeof(out)).status,
            abi::Error::kMalformedMessage);
  auto odd = RelayParams(0, 13);
  EXPECT_EQ(Relay(odd.begin(), odd.asBytes().size(), To(f, 6), out, sizeof(out)).status,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(f.calls, 0);
}

TEST(ServiceRelay, PassesCallErrorsThroughAndBoundsOutput) {
  Fake f;
  alignas(8) static uint8_t out[kMaxResultsBytes];
  f.result = abi::Error::kStaleSession;
  auto words = RelayParams(0, 8);
  Outcome o = Relay(words.begin(), words.asBytes().size(), To(f, 6), out, sizeof(out));
  EXPECT_EQ(o.status, abi::Error::kStaleSession);
  EXPECT_EQ(o.len, 0u);
  f.result = abi::Error::kOk;
  o = Relay(words.begin(), words.asBytes().size(), To(f, 6), out, 8);
  EXPECT_EQ(o.status, abi::Error::kResultTooSmall);
  EXPECT_EQ(o.len, 0u);
}

TEST(ServiceRelay, PassesTheParamsOnAndWritesWhatCapnpWrites) {
  Fake f;
  f.answer_len = 40;
  alignas(8) static uint8_t out[kMaxResultsBytes];
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<Schema::RelayParams>();
  p.setMethod(2);
  auto inner = p.initParams(32);
  for (size_t i = 0; i < inner.size(); ++i) inner[i] = static_cast<uint8_t>(i * 7);
  auto words = capnp::messageToFlatArray(b);
  // Also from an unaligned copy (read from an aligned one of its own).
  std::vector<uint8_t> shifted(words.asBytes().size() + 1);
  memcpy(shifted.data() + 1, words.begin(), words.asBytes().size());
  for (const void* at :
       {static_cast<const void*>(words.begin()), static_cast<const void*>(shifted.data() + 1)}) {
    f.params.clear();
    Outcome o = Relay(at, words.asBytes().size(), To(f, 6), out, sizeof(out));
    ASSERT_EQ(o.status, abi::Error::kOk);
    EXPECT_EQ(f.params, std::vector<uint8_t>(inner.begin(), inner.end()));
    capnp::MallocMessageBuilder want;
    auto w = want.initRoot<Schema::RelayResults>().initResults(40);
    memset(w.begin(), 0x5a, w.size());
    auto want_words = capnp::messageToFlatArray(want);
    ASSERT_EQ(o.len, want_words.asBytes().size());
    EXPECT_EQ(memcmp(out, want_words.begin(), o.len), 0);
  }
  // A null params blob reaches the service as empty params.
  auto none = RelayParams(1, 0);
  ASSERT_EQ(Relay(none.begin(), none.asBytes().size(), To(f, 6), out, sizeof(out)).status,
            abi::Error::kOk);
  EXPECT_EQ(f.params_len, 0u);
}

TEST(ServiceRelay, RefusesWhatCapnpsReaderRefuses) {
  Fake f;
  alignas(8) static uint8_t out[kMaxResultsBytes];
  auto good = RelayParams(1, 8);
  std::vector<uint64_t> w(good.size());
  memcpy(w.data(), good.begin(), good.asBytes().size());
  // A word the segment table does not account for.
  std::vector<uint64_t> trailing = w;
  trailing.push_back(0);
  EXPECT_EQ(Relay(trailing.data(), trailing.size() * 8, To(f, 6), out, sizeof(out)).status,
            abi::Error::kMalformedMessage);
  // params as a struct pointer; as an empty list of 4-byte elements.
  for (uint64_t ptr : {uint64_t{1} << 32, uint64_t{4} << 32 | 1}) {
    std::vector<uint64_t> bad = w;
    bad[3] = ptr;  // table, root pointer, method word, params pointer
    EXPECT_EQ(Relay(bad.data(), bad.size() * 8, To(f, 6), out, sizeof(out)).status,
              abi::Error::kMalformedMessage);
  }
  EXPECT_EQ(f.calls, 0);
}

TEST(ServiceRelay, EmptyParamsAreWhatCapnpWrites) {
  capnp::MallocMessageBuilder b;
  b.initRoot<capos::schema::Paperclips::EndParams>();
  auto words = capnp::messageToFlatArray(b);
  ASSERT_EQ(words.asBytes().size(), kEmptyParamsBytes);
  EXPECT_EQ(memcmp(words.begin(), kEmptyParams, kEmptyParamsBytes), 0);
}

}  // namespace
}  // namespace service_relay
