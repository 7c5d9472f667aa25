#include "services/adventure-npc/npc_calls.h"

#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "schema/adventure.capnp.h"
#include "schema/chat.capnp.h"

namespace npc {
namespace {

using capos::schema::AdventureNpc;
using capos::schema::Chat;
using capos::schema::ChatNarrator;

std::vector<capnp::word> Words(const void* bytes, size_t len) {
  std::vector<capnp::word> words(len / sizeof(capnp::word));
  std::memcpy(words.data(), bytes, words.size() * sizeof(capnp::word));
  return words;
}

std::vector<uint8_t> Bytes(capnp::MessageBuilder& builder) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

std::vector<uint8_t> ActReply(const std::string& name, const std::string& room) {
  capnp::MallocMessageBuilder builder;
  auto r = builder.initRoot<AdventureNpc::ActResults>();
  r.setName(capnp::Text::Reader(name.data(), name.size()));
  r.setRoom(capnp::Text::Reader(room.data(), room.size()));
  return Bytes(builder);
}

TEST(NpcCallsTest, ActParamsCarryTheNameAndTheLine) {
  alignas(8) uint8_t out[512];
  size_t len = EncodeAct("", "Hello.", out, sizeof(out));
  ASSERT_GT(len, 0u);
  auto words = Words(out, len);
  capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
  auto p = reader.getRoot<AdventureNpc::ActParams>();
  EXPECT_STREQ(p.getNpc().cStr(), "");
  EXPECT_STREQ(p.getLine().cStr(), "Hello.");
  EXPECT_EQ(EncodeAct("Grimble", "Hello.", out, 16), 0u);  // does not fit
}

TEST(NpcCallsTest, AnnounceParamsCarryTheSpeakerAndTheText) {
  alignas(8) uint8_t out[512];
  size_t len = EncodeAnnounce("Mossy", "Hi (Garden)", out, sizeof(out));
  ASSERT_GT(len, 0u);
  auto words = Words(out, len);
  capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
  auto p = reader.getRoot<ChatNarrator::AnnounceParams>();
  EXPECT_STREQ(p.getSpeaker().cStr(), "Mossy");
  EXPECT_STREQ(p.getText().cStr(), "Hi (Garden)");
}

TEST(NpcCallsTest, ActRepliesAreCheckedBeforeTheyReachChat) {
  ActAnswer a;
  auto ok = ActReply("Grimble", "Kitchen");
  ASSERT_TRUE(DecodeAct(ok.data(), ok.size(), &a));
  EXPECT_STREQ(a.name, "Grimble");
  EXPECT_STREQ(a.room, "Kitchen");
  for (auto bad : {ActReply("", "Kitchen"), ActReply("npc:x", "Kitchen"),
                   ActReply(std::string(kMaxNameBytes + 1, 'a'), "Kitchen"), ActReply("Pip", ""),
                   ActReply("Pip", "Hall\nforged line"),
                   ActReply("Pip", std::string(kMaxRoomBytes + 1, 'r'))}) {
    EXPECT_FALSE(DecodeAct(bad.data(), bad.size(), &a));
  }
  uint8_t junk[16] = {0xff};
  EXPECT_FALSE(DecodeAct(junk, sizeof(junk), &a));
}

TEST(NpcCallsTest, AnnounceReplyGivesStatusAndSeq) {
  capnp::MallocMessageBuilder builder;
  auto r = builder.initRoot<ChatNarrator::AnnounceResults>();
  r.setStatus(Chat::Status::INVALID_TEXT);
  r.setSeq(42);
  auto bytes = Bytes(builder);
  AnnounceAnswer a;
  ASSERT_TRUE(DecodeAnnounce(bytes.data(), bytes.size(), &a));
  EXPECT_EQ(a.status, uint16_t(Chat::Status::INVALID_TEXT));
  EXPECT_EQ(a.seq, 42u);
}

TEST(NpcCallsTest, TheAnnouncementNamesTheRoomAndEveryLineFits) {
  char text[kMaxAnnounceBytes + 1];
  FormatAnnouncement("Hmm.", "Belfry", text, sizeof(text));
  EXPECT_STREQ(text, "Hmm. (Belfry)");
  for (uint32_t i = 0; i < 16; ++i) {
    size_t n = std::strlen(LineAt(i));
    EXPECT_GT(n, 0u);
    EXPECT_LE(n, kMaxLineBytes);
  }
}

}  // namespace
}  // namespace npc
