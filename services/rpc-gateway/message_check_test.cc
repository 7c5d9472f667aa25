// The message limits in front of rpc.c++: what a stock client sends passes,
// and each hostile shape the guest would otherwise abort or drown on is
// refused with its reason.
#include "services/rpc-gateway/message_check.h"

#include <capnp/message.h>
#include <capnp/rpc.capnp.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace rpc_gateway {
namespace {

using Words = std::vector<uint64_t>;

// A message in stream framing: the segment table, then the segments.
Words Frame(const std::vector<Words>& segments) {
  std::vector<uint32_t> table;
  table.push_back(static_cast<uint32_t>(segments.size() - 1));
  for (const Words& s : segments) table.push_back(static_cast<uint32_t>(s.size()));
  if (table.size() % 2) table.push_back(0);
  Words out(table.size() / 2);
  std::memcpy(out.data(), table.data(), table.size() * 4);
  for (const Words& s : segments) out.insert(out.end(), s.begin(), s.end());
  return out;
}

Words Serialize(capnp::MessageBuilder& b) {
  kj::Array<capnp::word> flat = capnp::messageToFlatArray(b);
  Words out(flat.size());
  std::memcpy(out.data(), flat.begin(), flat.size() * 8);
  return out;
}

// A struct pointer word: offset (words after the pointer), data and
// pointer section sizes.
uint64_t StructPtr(int32_t offset, uint16_t data, uint16_t ptrs) {
  return uint64_t(uint32_t(offset) << 2) | uint64_t(data) << 32 | uint64_t(ptrs) << 48;
}

// A list pointer word with element size code `size` (2 = byte, 6 = pointer).
uint64_t ListPtr(int32_t offset, uint8_t size, uint32_t count) {
  return uint64_t(uint32_t(offset) << 2) | 1 | uint64_t(size) << 32 | uint64_t(count) << 35;
}

Verdict Check(const Words& m, MessageKind* kind = nullptr) {
  MessageKind k;
  return CheckMessage(m.data(), m.size() * 8, SchemaLimits(), kind ? kind : &k);
}

TEST(MessageCheck, StockBootstrapAndCallPass) {
  capnp::MallocMessageBuilder b;
  b.initRoot<capnp::rpc::Message>().initBootstrap().setQuestionId(0);
  MessageKind kind;
  EXPECT_EQ(Check(Serialize(b), &kind), Verdict::kOk);
  EXPECT_EQ(kind, MessageKind::kQuestion);

  capnp::MallocMessageBuilder call;
  auto c = call.initRoot<capnp::rpc::Message>().initCall();
  c.setQuestionId(1);
  c.setInterfaceId(0xe49d3e21ef20780bull);
  c.initTarget().initPromisedAnswer().setQuestionId(0);
  c.initParams().initContent();
  EXPECT_EQ(Check(Serialize(call), &kind), Verdict::kOk);
  EXPECT_EQ(kind, MessageKind::kQuestion);

  capnp::MallocMessageBuilder finish;
  finish.initRoot<capnp::rpc::Message>().initFinish().setQuestionId(1);
  EXPECT_EQ(Check(Serialize(finish), &kind), Verdict::kOk);
  EXPECT_EQ(kind, MessageKind::kFinish);
}

// The message that aborts an unchecked guest: the root points past its
// segment, the reader substitutes a default Message (unimplemented with a
// default inner message) and rpc.c++ asserts.
TEST(MessageCheck, RootPointerOutOfBoundsIsRefused) {
  EXPECT_EQ(Check(Frame({{StructPtr(100, 1, 1)}})), Verdict::kMalformed);
  EXPECT_EQ(Check(Frame({{StructPtr(0, 1, 1), 0}})), Verdict::kMalformed);  // a pointer short
}

TEST(MessageCheck, NullOrNonStructRootIsRefused) {
  EXPECT_EQ(Check(Frame({{0}})), Verdict::kNotAStruct);
  EXPECT_EQ(Check(Frame({{ListPtr(0, 2, 8), 0}})), Verdict::kNotAStruct);
  EXPECT_EQ(Check(Frame({{}})), Verdict::kMalformed);  // no root pointer at all
}

TEST(MessageCheck, UnimplementedEchoOnlyOfResolve) {
  capnp::MallocMessageBuilder call;
  call.initRoot<capnp::rpc::Message>().initUnimplemented().initCall().setQuestionId(3);
  EXPECT_EQ(Check(Serialize(call)), Verdict::kUnhandledUnimplemented);

  capnp::MallocMessageBuilder empty;  // the default inner message of the abort
  empty.initRoot<capnp::rpc::Message>().initUnimplemented();
  EXPECT_EQ(Check(Serialize(empty)), Verdict::kUnhandledUnimplemented);

  capnp::MallocMessageBuilder resolve;
  resolve.initRoot<capnp::rpc::Message>().initUnimplemented().initResolve().setPromiseId(2);
  EXPECT_EQ(Check(Serialize(resolve)), Verdict::kOk);
}

// 64 pointers to one 1000-word list: 1065 words on the wire, 64000 read.
TEST(MessageCheck, AmplificationRunsOutOfTraversalBudget) {
  Words seg;
  seg.push_back(StructPtr(0, 0, 64));
  for (int i = 0; i < 64; ++i) seg.push_back(ListPtr(64 - i - 1, 2, 8000));
  seg.resize(seg.size() + 1000, 0);
  EXPECT_EQ(Check(Frame({seg})), Verdict::kMalformed);

  // The same 8000 bytes read once, as a call's payload, are fine.
  capnp::MallocMessageBuilder call;
  auto c = call.initRoot<capnp::rpc::Message>().initCall();
  c.initTarget().setImportedCap(0);
  c.initParams().getContent().initAs<capnp::Data>(8000);
  EXPECT_EQ(Check(Serialize(call)), Verdict::kOk);
}

TEST(MessageCheck, DeepNestingIsRefused) {
  Words seg;
  for (int i = 0; i < 40; ++i) seg.push_back(StructPtr(0, 0, 1));  // each points at the next
  seg.push_back(0);
  EXPECT_EQ(Check(Frame({seg})), Verdict::kMalformed);
}

TEST(MessageCheck, SegmentTableBoundsBeforeTheBody) {
  MessageLimits l = SchemaLimits();
  uint32_t segments = 0, rest = 0;
  uint8_t first[8] = {};
  std::memcpy(first + 4, &l.max_words, 4);  // one segment of max_words
  EXPECT_EQ(CheckFirstWord(first, l, &segments, &rest), Verdict::kOk);
  EXPECT_EQ(segments, 1u);
  EXPECT_EQ(rest, 0u);
  uint32_t big = l.max_words + 1;
  std::memcpy(first + 4, &big, 4);
  EXPECT_EQ(CheckFirstWord(first, l, &segments, &rest), Verdict::kTooLarge);

  uint32_t count = l.max_segments;  // max_segments + 1 segments
  std::memcpy(first, &count, 4);
  std::memset(first + 4, 0, 4);
  EXPECT_EQ(CheckFirstWord(first, l, &segments, &rest), Verdict::kTooManySegments);
  uint32_t all = 0xffffffffu;  // 2^32 segments: no overflow into a small count
  std::memcpy(first, &all, 4);
  EXPECT_EQ(CheckFirstWord(first, l, &segments, &rest), Verdict::kTooManySegments);

  count = 2;  // three segments: the table is two words
  std::memcpy(first, &count, 4);
  ASSERT_EQ(CheckFirstWord(first, l, &segments, &rest), Verdict::kOk);
  EXPECT_EQ(segments, 3u);
  EXPECT_EQ(rest, 8u);
  uint32_t table[4] = {2, 10, 20, l.max_words};
  uint64_t total = 0;
  EXPECT_EQ(CheckTable(reinterpret_cast<uint8_t*>(table), 3, l, &total), Verdict::kTooLarge);
  table[3] = 30;
  EXPECT_EQ(CheckTable(reinterpret_cast<uint8_t*>(table), 3, l, &total), Verdict::kOk);
  EXPECT_EQ(total, 2u + 60u);
}

TEST(MessageCheck, WholeMessageBoundsToo) {
  MessageLimits l = SchemaLimits();
  Words seg(l.max_words, 0);
  seg[0] = StructPtr(0, 1, 0);
  MessageKind kind;
  Words m = Frame({seg});
  EXPECT_EQ(CheckMessage(m.data(), m.size() * 8, l, &kind), Verdict::kTooLarge);

  std::vector<Words> many(l.max_segments + 1, Words{0});
  many[0][0] = StructPtr(0, 0, 0);
  m = Frame(many);
  EXPECT_EQ(CheckMessage(m.data(), m.size() * 8, l, &kind), Verdict::kMalformed);
}

TEST(MessageCheck, LimitsAreTheSchemas) {
  MessageLimits l = SchemaLimits();
  EXPECT_EQ(l.max_words, 9216u);
  EXPECT_EQ(l.max_segments, 32u);
  EXPECT_EQ(l.traversal_words, 36864u);
  EXPECT_EQ(l.nesting_depth, 32);
  EXPECT_STREQ(VerdictName(Verdict::kMalformed), "malformed message");
}

}  // namespace
}  // namespace rpc_gateway
