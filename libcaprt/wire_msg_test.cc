// WireIn and WireFinish (wire_msg.h) against the capnp glue they stand in
// for on hot paths: the same messages open, the same framing is refused,
// and what the codec builds is what Cap'n Proto itself writes.
#include "libcaprt/wire_msg.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "layout/worker.capnp.layout.h"
#include "libcaprt/capnp_glue.h"
#include "schema/worker.capnp.h"

namespace caprt {
namespace {

using Relay = capos::schema::ServiceWorker::RelayParams;
namespace L = capos::layout;

std::vector<uint64_t> Words(capnp::MessageBuilder& b) {
  kj::Array<capnp::word> flat = capnp::messageToFlatArray(b);
  std::vector<uint64_t> w(flat.size());
  memcpy(w.data(), flat.begin(), flat.asBytes().size());
  return w;
}

std::vector<uint64_t> RelayMessage(uint16_t method, const std::vector<uint8_t>& params) {
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<Relay>();
  p.setMethod(method);
  p.setParams(kj::arrayPtr(params.data(), params.size()));
  return Words(b);
}

bool GlueOpens(const void* bytes, size_t size) {
  return Decode<Relay>(bytes, size, [](Relay::Reader r) { (void)r.getParams(); }).ok();
}

// Opens and reads RelayParams' fields; kOk only if everything read.
abi::Error WireRead(const void* bytes, size_t size, uint16_t* method,
                    std::vector<uint8_t>* params) {
  WireIn in;
  if (in.Open(bytes, size) != abi::Error::kOk) return in.status();
  *method = in.root().get(L::ServiceWorker::RelayParams::kMethod);
  const uint8_t* d = nullptr;
  uint32_t n = 0;
  in.root().data(L::ServiceWorker::RelayParams::kParams, &d, &n);
  if (in.status() == abi::Error::kOk) params->assign(d, d + n);
  return in.status();
}

TEST(WireIn, ReadsWhatCapnpWrites) {
  std::vector<uint8_t> inner = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  auto w = RelayMessage(7, inner);
  uint16_t method = 0;
  std::vector<uint8_t> got;
  ASSERT_EQ(WireRead(w.data(), w.size() * 8, &method, &got), abi::Error::kOk);
  EXPECT_EQ(method, 7);
  EXPECT_EQ(got, inner);
}

TEST(WireIn, RefusesWhatTheGlueRefuses) {
  auto good = RelayMessage(1, std::vector<uint8_t>(8, 0x33));
  size_t bytes = good.size() * 8;
  std::vector<uint64_t> trailing = good;
  trailing.push_back(0);  // a word the segment table does not account for
  std::vector<uint64_t> truncated = good;
  truncated.pop_back();
  std::vector<uint64_t> junk(6, ~0ull);
  std::vector<uint64_t> big_segment = good;
  big_segment[0] = uint64_t{1000} << 32;
  struct Case {
    const char* name;
    const void* p;
    size_t size;
  } cases[] = {
      {"empty", good.data(), 0},
      {"null", nullptr, 16},
      {"seven bytes", good.data(), 7},
      {"not whole words", good.data(), bytes - 4},
      {"trailing word", trailing.data(), trailing.size() * 8},
      {"truncated", truncated.data(), truncated.size() * 8},
      {"segment larger than the buffer", big_segment.data(), bytes},
      {"junk", junk.data(), junk.size() * 8},
  };
  for (const Case& c : cases) {
    uint16_t m;
    std::vector<uint8_t> p;
    EXPECT_FALSE(GlueOpens(c.p, c.size)) << c.name;
    EXPECT_EQ(WireRead(c.p, c.size, &m, &p), abi::Error::kMalformedMessage) << c.name;
  }
  uint16_t m;
  std::vector<uint8_t> p;
  EXPECT_TRUE(GlueOpens(good.data(), bytes));
  EXPECT_EQ(WireRead(good.data(), bytes, &m, &p), abi::Error::kOk);
}

TEST(WireIn, ABadPointerFailsTheMessage) {
  // RelayParams whose params pointer is a struct pointer, then a list of
  // 4-byte elements, then an empty one of those: no Data, for either reader.
  for (uint64_t ptr :
       {uint64_t{0}, uint64_t{4} << 32 | 1 | uint64_t{1} << 35, uint64_t{4} << 32 | 1}) {
    std::vector<uint64_t> w = {uint64_t{4} << 32, uint64_t{1} << 32 | uint64_t{1} << 48, 3,
                               ptr ? ptr : uint64_t{1} << 32, 0};
    uint16_t m;
    std::vector<uint8_t> p;
    EXPECT_FALSE(GlueOpens(w.data(), w.size() * 8));
    EXPECT_EQ(WireRead(w.data(), w.size() * 8, &m, &p), abi::Error::kMalformedMessage);
  }
}

TEST(WireIn, ReadsAnUnalignedMessageFromACopy) {
  std::vector<uint8_t> inner(24, 0x42);
  auto w = RelayMessage(3, inner);
  std::vector<uint8_t> shifted(w.size() * 8 + 1);
  memcpy(shifted.data() + 1, w.data(), w.size() * 8);
  uint16_t method = 0;
  std::vector<uint8_t> got;
  ASSERT_EQ(WireRead(shifted.data() + 1, w.size() * 8, &method, &got), abi::Error::kOk);
  EXPECT_EQ(method, 3);
  EXPECT_EQ(got, inner);
}

TEST(WireIn, OpensOnce) {
  auto w = RelayMessage(1, {});
  WireIn in;
  ASSERT_EQ(in.Open(w.data(), w.size() * 8), abi::Error::kOk);
  EXPECT_EQ(in.Open(w.data(), w.size() * 8), abi::Error::kMalformedMessage);
}

TEST(WireIn, BoundsTheWorkOfAMessageAsTheGlueDoes) {
  // A struct whose pointer is itself: nesting ends at the glue's limit.
  std::vector<uint64_t> loop = {uint64_t{2} << 32, uint64_t{1} << 48,
                                uint64_t{1} << 48 | 0xfffffffcull};
  WireIn in;
  ASSERT_EQ(in.Open(loop.data(), loop.size() * 8), abi::Error::kOk);
  wire::StructReader s = in.root();
  uint32_t depth = 0;
  while (s.getStruct(0, &s) == wire::Status::kOk && depth < 100) ++depth;
  EXPECT_EQ(depth + 1, kWireNestingLimit);
  EXPECT_EQ(in.status(), abi::Error::kMalformedMessage);
  EXPECT_EQ(in.detail(), wire::Status::kNestingLimit);

  // Two pointers to one 40K-word blob: reading it twice is over the budget.
  constexpr uint32_t kBlobWords = 40 * 1024;
  std::vector<uint64_t> amp(1 + 1 + 2 + kBlobWords);
  amp[0] = uint64_t(amp.size() - 1) << 32;
  amp[1] = uint64_t{2} << 48;  // root: no data, two pointers
  amp[2] = (uint64_t{1} << 2) | 1 | uint64_t{2} << 32 | uint64_t{kBlobWords * 8} << 35;
  amp[3] = 1 | uint64_t{2} << 32 | uint64_t{kBlobWords * 8} << 35;
  WireIn big;
  ASSERT_EQ(big.Open(amp.data(), amp.size() * 8), abi::Error::kOk);
  const uint8_t* d;
  uint32_t n;
  EXPECT_EQ(big.root().data(0, &d, &n), wire::Status::kOk);
  EXPECT_EQ(n, kBlobWords * 8);
  EXPECT_EQ(big.root().data(1, &d, &n), wire::Status::kTraversalLimit);
  EXPECT_EQ(big.status(), abi::Error::kMalformedMessage);
}

TEST(WireIn, MoreSegmentsThanTheCodecTakes) {
  // 17 segments: capnp's reader takes up to 64, the codec 16 (documented).
  std::vector<uint64_t> w(9 + 17, 0);
  uint32_t table[18] = {16};
  for (int i = 1; i <= 17; ++i) table[i] = 1;
  memcpy(w.data(), table, sizeof(table));
  w[9] = 0;  // a null root pointer in segment 0
  EXPECT_TRUE(GlueOpens(w.data(), w.size() * 8));
  WireIn in;
  EXPECT_EQ(in.Open(w.data(), w.size() * 8), abi::Error::kMalformedMessage);
  EXPECT_EQ(in.detail(), wire::Status::kBadFraming);
}

TEST(WireFinish, BuildsWhatCapnpBuilds) {
  std::vector<uint8_t> inner = {9, 8, 7, 6, 5};
  auto want = RelayMessage(0x1234, inner);
  alignas(8) uint8_t out[128];
  wire::MessageBuilder b(out, sizeof(out));
  wire::StructBuilder root;
  ASSERT_EQ(b.initRoot<L::ServiceWorker::RelayParams>(&root), wire::Status::kOk);
  root.set(L::ServiceWorker::RelayParams::kMethod, uint16_t{0x1234});
  ASSERT_EQ(root.setData(L::ServiceWorker::RelayParams::kParams, inner.data(), 5),
            wire::Status::kOk);
  size_t len = 0;
  ASSERT_EQ(WireFinish(b, &len), abi::Error::kOk);
  ASSERT_EQ(len, want.size() * 8);
  EXPECT_EQ(memcmp(out, want.data(), len), 0);
}

TEST(WireFinish, MapsTheBuildersErrors) {
  alignas(8) uint8_t out[64];
  size_t len = 99;
  {
    wire::MessageBuilder b(out, 24);  // table, root pointer, one word
    wire::StructBuilder root;
    b.initRoot<L::ServiceWorker::RelayParams>(&root);  // needs two
    EXPECT_EQ(WireFinish(b, &len), abi::Error::kResultTooSmall);
    EXPECT_EQ(len, 0u);
  }
  {
    wire::MessageBuilder b(out + 4, 32);
    wire::StructBuilder root;
    b.initRoot<L::ServiceWorker::RelayParams>(&root);
    EXPECT_EQ(WireFinish(b, &len), abi::Error::kMalformedMessage);
  }
  {
    wire::MessageBuilder b(out, sizeof(out));
    wire::StructBuilder root;
    b.initRoot<L::ServiceWorker::RelayResults>(&root);
    root.setU16(0, 1);  // RelayResults has no data section
    EXPECT_EQ(WireFinish(b, &len), abi::Error::kMalformedMessage);
  }
}

}  // namespace
}  // namespace caprt
