#include "services/adventure-server/adventure_codec.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/adventure-server/adventure_test_util.h"

namespace adventure {
namespace {

using test::Adventure;
using test::AdventureNpc;
using test::Call;
using test::CallNpc;
using test::Player;
using test::Strings;
using V = std::vector<std::string>;

class AdventureCodecTest : public ::testing::Test {
 protected:
  std::unique_ptr<World> owner_ = std::make_unique<World>();
  World& world_ = *owner_;
};

TEST_F(AdventureCodecTest, InterfaceIdsAreTheSchemas) {
  EXPECT_EQ(kAdventureInterfaceId, capnp::typeId<Adventure>());
  EXPECT_EQ(kAdventureNpcInterfaceId, capnp::typeId<AdventureNpc>());
}

// The endpoint path: the interface is checked and the caller (and its
// disclosed class) comes from the kernel's RECV header.
TEST_F(AdventureCodecTest, HandleRecvChecksTheInterfaceAndTakesTheHeadersCaller) {
  abi::RecvHeader h = {};
  h.interface_id = kAdventureNpcInterfaceId;
  h.method = static_cast<uint16_t>(Verb::kLook);
  h.session_ref = 0x1234;
  h.principal_class = 3;  // operator, but not disclosed yet
  alignas(8) uint8_t out[kMinResultBytes];
  EXPECT_EQ(HandleRecv(world_, h, nullptr, out, sizeof(out)).error, abi::Error::kWrongInterface);
  EXPECT_EQ(world_.player_count(), 0u);
  h.interface_id = kAdventureInterfaceId;
  EXPECT_EQ(HandleRecv(world_, h, nullptr, out, sizeof(out)).error, abi::Error::kOk);
  EXPECT_STREQ(world_.PlayerAt(uint32_t(world_.FindPlayer(0x1234))).name.text, "player-1");
  h.session_ref = 0x5678;
  h.disclosed = abi::kDisclosedClasses;
  HandleResult r = HandleRecv(world_, h, nullptr, out, sizeof(out));
  EXPECT_EQ(r.error, abi::Error::kOk);
  EXPECT_STREQ(r.log, "adventure: operator-2 joined");
  EXPECT_EQ(HandleNpcRecv(world_, h, nullptr, out, sizeof(out)).error, abi::Error::kWrongInterface);
}

TEST_F(AdventureCodecTest, TransportErrorsChangeNothing) {
  Caller c = Player(5);
  EXPECT_EQ(Call(world_, Verb::kLook, {}, c, kMinResultBytes - 1).result.error,
            abi::Error::kResultTooSmall);
  EXPECT_EQ(Call(world_, static_cast<Verb>(10), {}, c).result.error, abi::Error::kBadMethod);
  std::vector<uint8_t> junk = {1, 0, 0, 0, 9, 9, 9, 9, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(Call(world_, Verb::kTake, junk, c).result.error, abi::Error::kMalformedMessage);
  EXPECT_EQ(Call(world_, Verb::kGo, {}, c).result.error, abi::Error::kMalformedMessage);
  EXPECT_EQ(world_.player_count(), 0u);
  test::Reply r = Call(world_, Verb::kLook, {}, c, kMinResultBytes - 1);
  EXPECT_EQ(r.result.length, kMinResultBytes);
}

TEST_F(AdventureCodecTest, LookAnswersTheRoomAndTheScore) {
  test::Reply r = Call(world_, Verb::kLook, test::EmptyParams(), Player(5));
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  auto v = r.View();
  EXPECT_EQ(v.getOutcome(), Adventure::Outcome::OK);
  EXPECT_EQ(std::string(v.getYou().cStr()), "operator-1");
  EXPECT_EQ(std::string(v.getRoom().cStr()), "Courtyard");
  EXPECT_EQ(Strings(v.getExits()), (V{"north", "east", "west"}));
  EXPECT_TRUE(Strings(v.getItems()).empty());
  EXPECT_EQ(v.getMaxScore(), 50u);
  EXPECT_FALSE(v.hasPlayers());
}

TEST_F(AdventureCodecTest, ATenKilobyteItemNameIsTooLongNotAnError) {
  test::Reply r = Call(world_, Verb::kTake, test::ItemParams(std::string(10240, 'k')), Player(5));
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  EXPECT_EQ(r.View().getOutcome(), Adventure::Outcome::TOO_LONG);
  r = Call(world_, Verb::kSay, test::SayParams(std::string(10240, 's')), Player(5));
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  EXPECT_EQ(r.View().getOutcome(), Adventure::Outcome::TOO_LONG);
  r = Call(world_, Verb::kUse, test::ItemParams(""), Player(5));
  EXPECT_EQ(r.View().getOutcome(), Adventure::Outcome::INVALID_TEXT);
  EXPECT_EQ(world_.player_count(), 0u);
}

TEST_F(AdventureCodecTest, TwoPlayersSeeEachOtherAndHearEachOther) {
  Call(world_, Verb::kGo, test::GoParams(2), Player(1));
  Call(world_, Verb::kGo, test::GoParams(2), Player(2, "guest"));
  Call(world_, Verb::kSay, test::SayParams("a horse!"), Player(2, "guest"));
  test::Reply r = Call(world_, Verb::kTake, test::ItemParams("lamp"), Player(1));
  auto v = r.View();
  EXPECT_EQ(std::string(v.getRoom().cStr()), "Stables");
  EXPECT_EQ(Strings(v.getOthers()), (V{"guest-2"}));
  EXPECT_EQ(Strings(v.getInventory()), (V{"lamp"}));
  EXPECT_EQ(Strings(v.getItems()), (V{"rope"}));
  ASSERT_EQ(v.getHeard().size(), 1u);
  EXPECT_EQ(std::string(v.getHeard()[0].getFrom().cStr()), "guest-2");
  EXPECT_EQ(std::string(v.getHeard()[0].getText().cStr()), "a horse!");
}

TEST_F(AdventureCodecTest, WhoListsPlayersAndNpcsWithTheirRooms) {
  Call(world_, Verb::kLook, {}, Player(1));
  ASSERT_EQ(CallNpc(world_, test::ActParams("", "Hmm.")).result.error, abi::Error::kOk);
  auto v = Call(world_, Verb::kWho, {}, Player(2, "user")).View();
  ASSERT_EQ(v.getPlayers().size(), 3u);
  EXPECT_EQ(std::string(v.getPlayers()[1].getName().cStr()), "user-2");
  EXPECT_EQ(std::string(v.getPlayers()[2].getName().cStr()), "Grimble");
  EXPECT_EQ(std::string(v.getPlayers()[2].getRoom().cStr()), "Kitchen");
  EXPECT_TRUE(v.getPlayers()[2].getNpc());
  EXPECT_FALSE(v.getPlayers()[0].getNpc());
}

TEST_F(AdventureCodecTest, NpcActAssignsNamesAndRefusesBadInput) {
  test::Reply r = CallNpc(world_, test::ActParams("", "Hmm."));
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  EXPECT_EQ(std::string(r.Act().getName().cStr()), "Grimble");
  EXPECT_EQ(std::string(r.Act().getRoom().cStr()), "Kitchen");
  EXPECT_STREQ(r.result.log, "adventure: Grimble appears in the Kitchen");
  EXPECT_EQ(CallNpc(world_, test::ActParams("Grimble", "On.")).result.log[0], '\0');
  EXPECT_EQ(CallNpc(world_, test::ActParams("grimble", "x")).result.error,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(CallNpc(world_, test::ActParams(std::string(4000, 'G'), "x")).result.error,
            abi::Error::kMalformedMessage);
  EXPECT_EQ(
      CallNpc(world_, test::ActParams("Mossy", std::string(kMaxLineBytes + 1, 'a'))).result.error,
      abi::Error::kMalformedMessage);
  EXPECT_EQ(CallNpc(world_, {1, 2, 3}).result.error, abi::Error::kMalformedMessage);
  EXPECT_EQ(CallNpc(world_, test::ActParams("", "x"), kMinNpcResultBytes - 1).result.error,
            abi::Error::kResultTooSmall);
  alignas(8) uint8_t out[kMinNpcResultBytes];
  EXPECT_EQ(HandleNpc(world_, 1, nullptr, 0, out, sizeof(out)).error, abi::Error::kBadMethod);
  EXPECT_FALSE(world_.NpcAt(1).active);  // none of the refused acts assigned Mossy
}

// Every bound at once: a full world gathered in one room with every NPC,
// every item, eight pending lines of maximum length, and a `who`. The answer
// must fit the minResultBytes every caller provides.
TEST_F(AdventureCodecTest, TheLargestViewFitsMinResultBytes) {
  // Player 1 gathers every item into the Kitchen or its hands.
  Caller one = Player(1, "anonymous");
  const char* walk[] = {"e",     "+lamp",    "*lamp", "+rope", "w", "w",     "+apple", "d",
                        "+coin", "u",        "e",     "n",     "e", "-rope", "-apple", "-coin",
                        "d",     "+key",     "u",     "w",     "u", "*key",  "n",      "+crown",
                        "u",     "+feather", "d",     "s",     "d", "e"};
  for (const char* step : walk) {
    Command c;
    std::string item = step + 1;
    if (step[0] == '+') c = test::WithText(Verb::kTake, item);
    if (step[0] == '-') c = test::WithText(Verb::kDrop, item);
    if (step[0] == '*') c = test::WithText(Verb::kUse, item);
    if (item.empty()) {
      const std::string dirs = "nsewud";
      c = test::Go(static_cast<Direction>(dirs.find(step[0])));
    }
    ASSERT_EQ(world_.Apply(one, c).outcome, Outcome::kOk) << step;
  }
  // The door is open now, so every NPC can wander into the Kitchen.
  for (uint32_t i = 0; i < kNpcCount; ++i) {
    std::string npc = World::NpcName(i);
    for (int step = 0;
         step < 10000 && (!world_.NpcAt(i).active || world_.NpcAt(i).room != kKitchen); ++step) {
      ASSERT_TRUE(world_.Act(npc.data(), npc.size(), "x", 1).ok);
    }
    ASSERT_EQ(world_.NpcAt(i).room, kKitchen);
  }
  for (uint64_t ref = 2; ref <= kMaxPlayers; ++ref) {
    Caller c = Player(ref, "anonymous");
    world_.Apply(c, test::Go(Direction::kNorth));
    world_.Apply(c, test::Go(Direction::kEast));
  }
  std::string line(kMaxSayBytes, 'w');
  for (uint32_t i = 0; i < kSpeechDepth; ++i) {
    world_.Apply(Player(2, "anonymous"), test::WithText(Verb::kSay, line));
  }
  test::Reply r = Call(world_, Verb::kWho, {}, Player(1, "anonymous"));
  ASSERT_EQ(r.result.error, abi::Error::kOk);
  EXPECT_EQ(r.View().getHeard().size(), kMaxHeard);
  EXPECT_EQ(r.View().getPlayers().size(), kMaxPlayers + kNpcCount);
  EXPECT_EQ(r.View().getItems().size() + r.View().getInventory().size(), uint32_t(kItemCount));
  EXPECT_EQ(r.View().getOthers().size(), kMaxPlayers - 1 + kNpcCount);
  EXPECT_LE(r.result.length, kMinResultBytes);
  RecordProperty("largest_view_bytes", static_cast<int>(r.result.length));
}

}  // namespace
}  // namespace adventure
