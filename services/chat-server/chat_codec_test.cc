#include "services/chat-server/chat_codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "services/chat-server/chat_test_util.h"

namespace chat::test {
namespace {

class ChatCodecTest : public ::testing::Test {
 protected:
  std::unique_ptr<ChatRoom> owner_ = std::make_unique<ChatRoom>();
  ChatRoom& room_ = *owner_;
};

// Little-endian words of a hand-made single-segment message.
std::vector<uint8_t> RawMessage(std::initializer_list<uint64_t> words) {
  std::vector<uint8_t> out(8 + 8 * words.size());
  uint32_t header[2] = {0, static_cast<uint32_t>(words.size())};
  std::memcpy(out.data(), header, 8);
  size_t i = 8;
  for (uint64_t w : words) {
    std::memcpy(out.data() + i, &w, 8);
    i += 8;
  }
  return out;
}

constexpr uint64_t kRootToOnePointer = 1ull << 48;  // struct: 0 data words, 1 pointer

TEST(ChatCodec, InterfaceIdIsTheSchemas) {
  EXPECT_EQ(kChatInterfaceId, capnp::typeId<Chat>());
}

TEST_F(ChatCodecTest, JoinAnswersNameAndLogsOnlyTheFirstTime) {
  Reply r;
  auto j = Join(room_, Caller(0xfeedface12345678ull), r);
  EXPECT_EQ(j.getStatus(), Chat::Status::OK);
  EXPECT_FALSE(j.getAlreadyMember());
  EXPECT_EQ(std::string(j.getYou().cStr()), "operator-1");
  EXPECT_STREQ(r.result.log,
               "chat: join from session m1 class=operator auth=undisclosed profile=undisclosed");
  Reply again;
  auto j2 = Join(room_, Caller(0xfeedface12345678ull), again);
  EXPECT_TRUE(j2.getAlreadyMember());
  EXPECT_EQ(std::string(j2.getYou().cStr()), "operator-1");
  EXPECT_STREQ(again.result.log, "");
}

// The endpoint path: the interface is checked and the caller comes from the
// kernel's RECV header.
TEST_F(ChatCodecTest, HandleRecvChecksTheInterfaceAndTakesTheHeadersCaller) {
  abi::RecvHeader h = {};
  h.interface_id = kChatInterfaceId + 1;
  h.method = static_cast<uint16_t>(Method::kJoin);
  h.session_ref = 0x1234;
  alignas(8) uint8_t out[kMinResultBytes];
  EXPECT_EQ(HandleRecv(room_, h, nullptr, out, sizeof(out)).error, abi::Error::kWrongInterface);
  EXPECT_EQ(room_.member_count(), 0u);
  h.interface_id = kChatInterfaceId;
  HandleResult r = HandleRecv(room_, h, nullptr, out, sizeof(out));
  EXPECT_EQ(r.error, abi::Error::kOk);
  EXPECT_EQ(room_.member_count(), 1u);
  EXPECT_GE(room_.FindMember(0x1234), 0);
}

TEST_F(ChatCodecTest, JoinAcceptsEmptyParamsBuffer) {
  Reply r = Call(room_, Method::kJoin, {}, Caller(5));
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  EXPECT_EQ(r.Root<Chat::JoinResults>().getStatus(), Chat::Status::OK);
}

TEST_F(ChatCodecTest, JoinWithoutSessionAndAtMemberBound) {
  Reply r;
  EXPECT_EQ(Join(room_, Caller(kNoSession), r).getStatus(), Chat::Status::NO_SESSION);
  for (uint64_t ref = 1; ref <= kMaxMembers; ++ref) Join(room_, Caller(ref), r);
  auto past = Join(room_, Caller(kMaxMembers + 1), r);
  EXPECT_EQ(past.getStatus(), Chat::Status::BOUND_EXCEEDED);
  EXPECT_EQ(past.getBound(), Chat::Bound::MEMBERS);
  EXPECT_EQ(past.getLimit(), kMaxMembers);
  EXPECT_FALSE(past.hasYou());
}

TEST_F(ChatCodecTest, SendWithoutJoiningIsADomainResult) {
  Reply r;
  auto s = Send(room_, Caller(9), "hello", r);
  EXPECT_FALSE(s.getSent());
  EXPECT_EQ(s.getStatus(), Chat::Status::NOT_JOINED);
  EXPECT_EQ(room_.latest_seq(), 0u);
}

TEST_F(ChatCodecTest, SendAtTextBoundAndOnePast) {
  Reply r;
  Join(room_, Caller(9), r);
  auto at = Send(room_, Caller(9), std::string(kMaxTextBytes, 'z'), r);
  EXPECT_TRUE(at.getSent());
  EXPECT_EQ(at.getSeq(), 1u);
  auto past = Send(room_, Caller(9), std::string(kMaxTextBytes + 1, 'z'), r);
  EXPECT_FALSE(past.getSent());
  EXPECT_EQ(past.getStatus(), Chat::Status::BOUND_EXCEEDED);
  EXPECT_EQ(past.getBound(), Chat::Bound::TEXT_BYTES);
  EXPECT_EQ(past.getLimit(), kMaxTextBytes);
  auto bad = Send(room_, Caller(9), "two\nlines", r);
  EXPECT_EQ(bad.getStatus(), Chat::Status::INVALID_TEXT);
  auto empty = Send(room_, Caller(9), "", r);
  EXPECT_EQ(empty.getStatus(), Chat::Status::EMPTY_TEXT);
  EXPECT_EQ(room_.latest_seq(), 1u);
}

TEST_F(ChatCodecTest, WhoListsMembersInJoinOrderForMembersOnly) {
  Reply r;
  Join(room_, Caller(1), r);
  Join(room_, Caller(2, PrincipalClass::kGuest), r);
  Reply w = Call(room_, Method::kWho, EmptyParams(), Caller(2));
  ASSERT_EQ(w.result.error, abi::Error::kOk);
  auto who = w.Root<Chat::WhoResults>();
  EXPECT_EQ(who.getStatus(), Chat::Status::OK);
  ASSERT_EQ(who.getMembers().size(), 2u);
  EXPECT_EQ(std::string(who.getMembers()[0].cStr()), "operator-1");
  EXPECT_EQ(std::string(who.getMembers()[1].cStr()), "guest-2");
  EXPECT_EQ(std::string(who.getYou().cStr()), "guest-2");
  Reply outsider = Call(room_, Method::kWho, EmptyParams(), Caller(3));
  EXPECT_EQ(outsider.Root<Chat::WhoResults>().getStatus(), Chat::Status::NOT_JOINED);
  EXPECT_EQ(outsider.Root<Chat::WhoResults>().getMembers().size(), 0u);
}

TEST_F(ChatCodecTest, PollCarriesMessagesAndTruncation) {
  Reply r;
  Join(room_, Caller(1), r);
  for (uint32_t i = 1; i <= kHistoryDepth + 3; ++i) Send(room_, Caller(1), std::to_string(i), r);
  auto p = Poll(room_, Caller(1), 0, 0, r);
  EXPECT_EQ(p.getStatus(), Chat::Status::OK);
  EXPECT_TRUE(p.getTruncated());
  EXPECT_FALSE(p.getMore());
  EXPECT_EQ(p.getLatestSeq(), kHistoryDepth + 3);
  ASSERT_EQ(p.getMessages().size(), kHistoryDepth);
  EXPECT_EQ(p.getMessages()[0].getSeq(), 4u);
  EXPECT_EQ(std::string(p.getMessages()[0].getText().cStr()), "4");
  EXPECT_EQ(std::string(p.getMessages()[0].getFrom().cStr()), "operator-1");
  auto tail = Poll(room_, Caller(1), kHistoryDepth + 1, 1, r);
  EXPECT_FALSE(tail.getTruncated());
  EXPECT_TRUE(tail.getMore());
  ASSERT_EQ(tail.getMessages().size(), 1u);
  EXPECT_EQ(tail.getMessages()[0].getSeq(), kHistoryDepth + 2);
  EXPECT_EQ(Poll(room_, Caller(2), 0, 0, r).getStatus(), Chat::Status::NOT_JOINED);
}

TEST_F(ChatCodecTest, LeaveLogsAndThenSendIsRefused) {
  Reply r;
  Join(room_, Caller(1), r);
  Reply l = Call(room_, Method::kLeave, EmptyParams(), Caller(1));
  ASSERT_EQ(l.result.error, abi::Error::kOk);
  EXPECT_EQ(l.Root<Chat::LeaveResults>().getStatus(), Chat::Status::OK);
  EXPECT_STREQ(l.result.log, "chat: leave session m1 class=operator (leave)");
  Reply again = Call(room_, Method::kLeave, {}, Caller(1));
  EXPECT_EQ(again.Root<Chat::LeaveResults>().getStatus(), Chat::Status::NOT_JOINED);
  EXPECT_EQ(Send(room_, Caller(1), "x", r).getStatus(), Chat::Status::NOT_JOINED);
}

TEST_F(ChatCodecTest, DropSessionTearsDownMembership) {
  Reply r;
  Join(room_, Caller(1), r);
  char log[128];
  EXPECT_TRUE(DropSessionAndLog(room_, 1, log, sizeof(log)));
  EXPECT_STREQ(log, "chat: leave session m1 class=operator (session dropped)");
  EXPECT_FALSE(DropSessionAndLog(room_, 1, log, sizeof(log)));
  EXPECT_STREQ(log, "");
  EXPECT_EQ(Send(room_, Caller(1), "x", r).getStatus(), Chat::Status::NOT_JOINED);
}

TEST_F(ChatCodecTest, NoSessionReferenceLeavesInResultsOrLogs) {
  const uint64_t ref = 0x5e55105e55105e55ull;
  Reply a, b, c, d;
  Join(room_, Caller(ref), a);
  Send(room_, Caller(ref), "hi", b);
  c = Call(room_, Method::kWho, {}, Caller(ref));
  Poll(room_, Caller(ref), 0, 0, d);
  for (Reply* rep : {&a, &b, &c, &d}) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(rep->words.data());
    size_t n = rep->words.size() * 8;
    for (size_t i = 0; i + 8 <= n; ++i) {
      uint64_t v;
      std::memcpy(&v, bytes + i, 8);
      ASSERT_NE(v, ref) << "session reference at byte " << i;
    }
  }
  EXPECT_EQ(std::string(a.result.log).find("5e55"), std::string::npos);
}

TEST_F(ChatCodecTest, UnknownMethodIsBadMethod) {
  for (uint16_t m : {uint16_t(5), uint16_t(100), uint16_t(0xffff)}) {
    Reply r = Call(room_, static_cast<Method>(m), EmptyParams(), Caller(1));
    EXPECT_EQ(r.result.error, abi::Error::kBadMethod);
    EXPECT_EQ(r.result.length, 0u);
  }
  EXPECT_EQ(room_.member_count(), 0u);
}

TEST_F(ChatCodecTest, SmallResultBufferIsRefusedBeforeAnyChange) {
  Reply r = Call(room_, Method::kJoin, {}, Caller(1), kMinResultBytes - 1);
  EXPECT_EQ(r.result.error, abi::Error::kResultTooSmall);
  EXPECT_EQ(r.result.length, kMinResultBytes);
  EXPECT_EQ(room_.member_count(), 0u);
  HandleResult null_out = Handle(room_, 0, nullptr, 0, Caller(1), nullptr, 4096);
  EXPECT_EQ(null_out.error, abi::Error::kResultTooSmall);
}

TEST_F(ChatCodecTest, WorstCaseAnswersFitTheirBuffers) {
  Reply r;
  for (uint64_t ref = 1; ref <= kMaxMembers; ++ref) {
    Join(room_, Caller(ref, PrincipalClass::kAnonymous), r);
    EXPECT_LE(r.result.length, kMinResultBytes);
  }
  std::string longest;  // 64 four-byte code points: exactly kMaxTextBytes
  while (longest.size() < kMaxTextBytes) longest += "\xf0\x9f\x98\x80";
  for (uint32_t i = 0; i < kHistoryDepth; ++i) {
    auto s = Send(room_, Caller(1 + i % kMaxMembers, PrincipalClass::kAnonymous), longest, r);
    ASSERT_TRUE(s.getSent());
    EXPECT_LE(r.result.length, kMinResultBytes);
  }
  Reply full = Call(room_, Method::kPoll, PollParams(0, 0), Caller(1), kMaxResultBytes);
  ASSERT_EQ(full.result.error, abi::Error::kOk);
  EXPECT_EQ(full.Root<Chat::PollResults>().getMessages().size(), kHistoryDepth);
  Reply who = Call(room_, Method::kWho, {}, Caller(1), kMaxResultBytes);
  ASSERT_EQ(who.result.error, abi::Error::kOk);
  // A poll too big for a small buffer says how much it needs.
  Reply small = Call(room_, Method::kPoll, PollParams(0, 0), Caller(1), kMinResultBytes);
  EXPECT_EQ(small.result.error, abi::Error::kResultTooSmall);
  EXPECT_EQ(small.result.length, full.result.length);
}

TEST_F(ChatCodecTest, MalformedParamsAreTypedAndChangeNothing) {
  Reply r;
  Join(room_, Caller(1), r);
  std::vector<std::vector<uint8_t>> bad = {
      {1, 2, 3},                        // not whole words
      std::vector<uint8_t>(16, 0xff),   // segment count absurd
      RawMessage({kRootToOnePointer}),  // struct pointer past the segment
      // Text pointer far outside the segment.
      RawMessage({kRootToOnePointer, 1 | (1000ull << 2) | (2ull << 32) | (5ull << 35)}),
      // Text of 8 bytes without its NUL terminator.
      RawMessage({kRootToOnePointer, 1 | (2ull << 32) | (8ull << 35), 0x4141414141414141ull}),
      // Text field holding a struct pointer.
      RawMessage({kRootToOnePointer, 0 | (1ull << 32), 0}),
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    Reply s = Call(room_, Method::kSend, bad[i], Caller(1));
    EXPECT_EQ(s.result.error, abi::Error::kMalformedMessage) << "case " << i;
    EXPECT_EQ(s.result.length, 0u);
  }
  EXPECT_EQ(room_.latest_seq(), 0u);
  EXPECT_EQ(Call(room_, Method::kSend, {}, Caller(1)).result.error, abi::Error::kMalformedMessage);
  EXPECT_EQ(Call(room_, Method::kPoll, {1, 2, 3}, Caller(1)).result.error,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(Call(room_, Method::kLeave, std::vector<uint8_t>(16, 0xff), Caller(1)).result.error,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(room_.member_count(), 1u);  // the malformed leave did not leave
  EXPECT_EQ(Call(room_, Method::kJoin, {0, 0, 0, 0, 0, 0, 0}, Caller(2)).result.error,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(room_.member_count(), 1u);
}

// Join, leave and send answer through the wire codec: their bytes must be
// what Cap'n Proto writes for the same fields, into an aligned buffer (in
// place) or an unaligned one (copied), from aligned or unaligned params.
template <typename T, typename Fill>
std::vector<uint8_t> CapnpBytes(Fill&& fill) {
  capnp::MallocMessageBuilder b;
  fill(b.initRoot<T>());
  kj::Array<capnp::word> words = capnp::messageToFlatArray(b);
  return std::vector<uint8_t>(words.asBytes().begin(), words.asBytes().end());
}

std::vector<uint8_t> Answer(ChatRoom& room, Method m, const std::vector<uint8_t>& params,
                            uint64_t ref, size_t shift) {
  std::vector<uint8_t> in(params.size() + 1);
  memcpy(in.data() + shift, params.data(), params.size());
  alignas(8) uint8_t out[kMinResultBytes + 8];
  HandleResult r =
      Handle(room, static_cast<uint16_t>(m), params.empty() ? nullptr : in.data() + shift,
             params.size(), Caller(ref), out + shift, kMinResultBytes);
  EXPECT_EQ(r.error, abi::Error::kOk);
  return std::vector<uint8_t>(out + shift, out + shift + r.length);
}

TEST_F(ChatCodecTest, FixedAnswersAreWhatCapnpWrites) {
  for (size_t shift : {0, 1}) {
    auto owner = std::make_unique<ChatRoom>();
    ChatRoom& room = *owner;
    EXPECT_EQ(Answer(room, Method::kSend, SendParams("early"), 7, shift),
              CapnpBytes<Chat::SendResults>(
                  [](Chat::SendResults::Builder r) { r.setStatus(Chat::Status::NOT_JOINED); }));
    EXPECT_EQ(Answer(room, Method::kJoin, EmptyParams(), 7, shift),
              CapnpBytes<Chat::JoinResults>(
                  [](Chat::JoinResults::Builder r) { r.setYou("operator-1"); }));
    EXPECT_EQ(Answer(room, Method::kJoin, {}, 7, shift),
              CapnpBytes<Chat::JoinResults>([](Chat::JoinResults::Builder r) {
                r.setAlreadyMember(true);
                r.setYou("operator-1");
              }));
    EXPECT_EQ(Answer(room, Method::kSend, SendParams("hello"), 7, shift),
              CapnpBytes<Chat::SendResults>([](Chat::SendResults::Builder r) {
                r.setSent(true);
                r.setSeq(1);
              }));
    EXPECT_EQ(
        Answer(room, Method::kSend, SendParams(std::string(kMaxTextBytes + 1, 'x')), 7, shift),
        CapnpBytes<Chat::SendResults>([](Chat::SendResults::Builder r) {
          r.setStatus(Chat::Status::BOUND_EXCEEDED);
          r.setBound(Chat::Bound::TEXT_BYTES);
          r.setLimit(kMaxTextBytes);
        }));
    EXPECT_EQ(Answer(room, Method::kLeave, EmptyParams(), 7, shift),
              CapnpBytes<Chat::LeaveResults>([](Chat::LeaveResults::Builder) {}));
    EXPECT_EQ(Answer(room, Method::kLeave, EmptyParams(), 7, shift),
              CapnpBytes<Chat::LeaveResults>(
                  [](Chat::LeaveResults::Builder r) { r.setStatus(Chat::Status::NOT_JOINED); }));
    // Poll's params too (its answer is capnp's own).
    std::vector<uint8_t> poll = Answer(room, Method::kPoll, PollParams(0, 0), 8, shift);
    std::vector<capnp::word> words(poll.size() / 8);
    memcpy(words.data(), poll.data(), poll.size());
    capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
    EXPECT_EQ(reader.getRoot<Chat::PollResults>().getStatus(), Chat::Status::NOT_JOINED);
  }
}

// What Cap'n Proto's reader refuses, the wire reader refuses too.
TEST_F(ChatCodecTest, ParamsCapnpRefusesAreMalformed) {
  Reply r;
  Join(room_, Caller(1), r);
  std::vector<uint8_t> trailing = SendParams("hi");
  trailing.resize(trailing.size() + 8);  // a word the segment table does not count
  std::vector<std::vector<uint8_t>> bad = {
      trailing,
      // Text as an empty list of 4-byte elements.
      RawMessage({kRootToOnePointer, 1 | (4ull << 32)}),
      // A far pointer into a segment that does not exist.
      RawMessage({kRootToOnePointer, 2 | (5ull << 32)}),
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    EXPECT_EQ(Call(room_, Method::kSend, bad[i], Caller(1)).result.error,
              abi::Error::kMalformedMessage)
        << "case " << i;
  }
  EXPECT_EQ(Call(room_, Method::kWho, trailing, Caller(1)).result.error,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(Call(room_, Method::kPoll, trailing, Caller(1)).result.error,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(room_.latest_seq(), 0u);
}

}  // namespace
}  // namespace chat::test
