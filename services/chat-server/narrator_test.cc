// ChatNarrator: the room side (ChatRoom::Announce) and the codec
// (HandleNarrator / HandleNarratorRecv).
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "services/chat-server/chat_codec.h"
#include "services/chat-server/chat_test_util.h"

namespace chat {
namespace {

using capos::schema::Chat;
using capos::schema::ChatNarrator;
using test::Caller;

std::vector<uint8_t> AnnounceParams(const std::string& speaker, const std::string& text) {
  capnp::MallocMessageBuilder builder;
  auto p = builder.initRoot<ChatNarrator::AnnounceParams>();
  p.setSpeaker(capnp::Text::Reader(speaker.c_str(), speaker.size()));
  p.setText(capnp::Text::Reader(text.c_str(), text.size()));
  kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

class NarratorTest : public ::testing::Test {
 protected:
  SendOutcome Announce(const std::string& speaker, const std::string& text) {
    return room_.Announce(speaker.data(), speaker.size(), text.data(), text.size());
  }
  // Decoded (status, seq) of one HandleNarrator call, or error.
  struct Answer {
    abi::Error error;
    Chat::Status status = Chat::Status::OK;
    uint64_t seq = 0;
  };
  Answer Call(const std::vector<uint8_t>& params, uint16_t method = 0,
              size_t cap = kMinResultBytes) {
    std::vector<capnp::word> out(cap / sizeof(capnp::word) + 1);
    HandleResult r = HandleNarrator(room_, method, params.data(), params.size(), out.data(), cap);
    Answer a{r.error};
    if (r.error != abi::Error::kOk) return a;
    capnp::FlatArrayMessageReader reader(kj::arrayPtr(out.data(), r.length / sizeof(capnp::word)));
    auto res = reader.getRoot<ChatNarrator::AnnounceResults>();
    a.status = res.getStatus();
    a.seq = res.getSeq();
    return a;
  }

  std::unique_ptr<ChatRoom> owner_ = std::make_unique<ChatRoom>();
  ChatRoom& room_ = *owner_;
};

TEST_F(NarratorTest, AnnounceAppendsUnderTheNpcPrefixWithoutMembership) {
  SendOutcome s = Announce("Grimble", "Hmm. (Kitchen)");
  ASSERT_EQ(s.status, Status::kOk);
  EXPECT_EQ(s.seq, 1u);
  const Message* m = room_.MessageAt(1);
  ASSERT_NE(m, nullptr);
  EXPECT_STREQ(m->from, "npc:Grimble");
  EXPECT_STREQ(m->text, "Hmm. (Kitchen)");
  EXPECT_EQ(room_.member_count(), 0u);
  // Members see it in their polls like any message.
  test::Reply keep;
  test::Join(room_, Caller(9), keep);
  auto poll = test::Poll(room_, Caller(9), 0, 0, keep);
  ASSERT_EQ(poll.getMessages().size(), 1u);
  EXPECT_STREQ(poll.getMessages()[0].getFrom().cStr(), "npc:Grimble");
}

TEST_F(NarratorTest, BadSpeakersAreInvalidTextAndStoreNothing) {
  for (const std::string& bad :
       {std::string(), std::string(17, 'a'), std::string("npc:x"), std::string("operator 1"),
        std::string("Pip\n"), std::string("Grimbl\xc3\xa9")}) {
    EXPECT_EQ(Announce(bad, "hello").status, Status::kInvalidText) << bad;
  }
  EXPECT_EQ(Announce(std::string(16, 'Z'), "ok").status, Status::kOk);
  EXPECT_STREQ(room_.MessageAt(1)->from, "npc:ZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(room_.latest_seq(), 1u);
}

TEST_F(NarratorTest, TextIsCheckedExactlyLikeSend) {
  EXPECT_EQ(Announce("Mossy", "").status, Status::kEmptyText);
  SendOutcome big = Announce("Mossy", std::string(kMaxTextBytes + 1, 'a'));
  EXPECT_EQ(big.status, Status::kBoundExceeded);
  EXPECT_EQ(big.bound, Bound::kTextBytes);
  EXPECT_EQ(big.limit, kMaxTextBytes);
  EXPECT_EQ(Announce("Mossy", "a\x1b[31m").status, Status::kInvalidText);
  EXPECT_EQ(Announce("Mossy", "\xc0\xaf").status, Status::kInvalidText);
  EXPECT_EQ(room_.latest_seq(), 0u);
}

TEST_F(NarratorTest, CodecAnswersStatusAndSeq) {
  Answer a = Call(AnnounceParams("Pip", "The bell tolls. (Belfry)"));
  ASSERT_EQ(a.error, abi::Error::kOk);
  EXPECT_EQ(a.status, Chat::Status::OK);
  EXPECT_EQ(a.seq, 1u);
  a = Call(AnnounceParams("Pip", std::string(10240, 'x')));
  ASSERT_EQ(a.error, abi::Error::kOk);
  EXPECT_EQ(a.status, Chat::Status::BOUND_EXCEEDED);
  EXPECT_EQ(a.seq, 0u);
  a = Call(AnnounceParams(std::string(10240, 'P'), "hi"));
  EXPECT_EQ(a.status, Chat::Status::INVALID_TEXT);
  EXPECT_EQ(room_.latest_seq(), 1u);
}

TEST_F(NarratorTest, CodecTransportErrorsChangeNothing) {
  EXPECT_EQ(Call(AnnounceParams("Pip", "x"), 1).error, abi::Error::kBadMethod);
  EXPECT_EQ(Call(AnnounceParams("Pip", "x"), 0, kMinResultBytes - 8).error,
            abi::Error::kResultTooSmall);
  EXPECT_EQ(Call({1, 2, 3, 4, 5}).error, abi::Error::kMalformedMessage);
  EXPECT_EQ(room_.latest_seq(), 0u);
}

TEST_F(NarratorTest, RecvPathChecksTheInterface) {
  abi::RecvHeader h = {};
  h.interface_id = kChatInterfaceId;  // the members' endpoint is not this one
  auto params = AnnounceParams("Pip", "x");
  h.params_len = static_cast<uint32_t>(params.size());
  alignas(8) uint8_t out[kMinResultBytes];
  EXPECT_EQ(HandleNarratorRecv(room_, h, params.data(), out, sizeof(out)).error,
            abi::Error::kWrongInterface);
  h.interface_id = kChatNarratorInterfaceId;
  EXPECT_EQ(HandleNarratorRecv(room_, h, params.data(), out, sizeof(out)).error, abi::Error::kOk);
  EXPECT_EQ(room_.latest_seq(), 1u);
  EXPECT_EQ(kChatNarratorInterfaceId, capnp::typeId<ChatNarrator>());
}

}  // namespace
}  // namespace chat
