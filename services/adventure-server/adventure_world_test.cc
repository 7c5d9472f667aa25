#include "services/adventure-server/adventure_world.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/adventure-server/adventure_test_util.h"

namespace adventure {
namespace {

using test::Go;
using test::Player;
using test::Verb0;
using test::WithText;

class WorldTest : public ::testing::Test {
 protected:
  Reply Do(uint64_t ref, const Command& c) { return world_.Apply(Player(ref), c); }
  Reply Do(uint64_t ref, Verb v, const std::string& text) {
    return world_.Apply(Player(ref), WithText(v, text));
  }
  const adventure::Player& P(uint64_t ref) {
    int slot = world_.FindPlayer(ref);
    EXPECT_GE(slot, 0);
    return world_.PlayerAt(static_cast<uint32_t>(slot < 0 ? 0 : slot));
  }
  // Runs the walkthrough README.md documents, expecting ok at every step
  // except the one locked door.
  void Walkthrough(uint64_t ref);

  // ~40 KiB: on the heap, as the server keeps it in .bss.
  std::unique_ptr<World> owner_ = std::make_unique<World>();
  World& world_ = *owner_;
};

void WorldTest::Walkthrough(uint64_t ref) {
  EXPECT_EQ(Do(ref, Verb0(Verb::kLook)).outcome, Outcome::kOk);
  EXPECT_EQ(Do(ref, Go(Direction::kEast)).outcome, Outcome::kOk);  // Stables
  EXPECT_EQ(Do(ref, Verb::kTake, "lamp").outcome, Outcome::kOk);
  EXPECT_EQ(Do(ref, Verb::kUse, "lamp").outcome, Outcome::kOk);  // +5
  EXPECT_EQ(Do(ref, Go(Direction::kWest)).outcome, Outcome::kOk);
  EXPECT_EQ(Do(ref, Go(Direction::kNorth)).outcome, Outcome::kOk);  // Great Hall
  EXPECT_EQ(Do(ref, Go(Direction::kEast)).outcome, Outcome::kOk);   // Kitchen
  EXPECT_EQ(Do(ref, Go(Direction::kDown)).outcome, Outcome::kOk);   // Cellar
  EXPECT_EQ(Do(ref, Verb::kTake, "key").outcome, Outcome::kOk);     // +5
  EXPECT_EQ(Do(ref, Go(Direction::kUp)).outcome, Outcome::kOk);
  EXPECT_EQ(Do(ref, Go(Direction::kWest)).outcome, Outcome::kOk);
  EXPECT_EQ(Do(ref, Go(Direction::kUp)).outcome, Outcome::kOk);  // Gallery
  EXPECT_EQ(Do(ref, Go(Direction::kNorth)).outcome, Outcome::kLocked);
  EXPECT_EQ(Do(ref, Verb::kUse, "key").outcome, Outcome::kOk);      // +10
  EXPECT_EQ(Do(ref, Go(Direction::kNorth)).outcome, Outcome::kOk);  // Tower
  EXPECT_EQ(Do(ref, Verb::kTake, "crown").outcome, Outcome::kOk);   // +10
  EXPECT_EQ(Do(ref, Go(Direction::kSouth)).outcome, Outcome::kOk);
  EXPECT_EQ(Do(ref, Go(Direction::kDown)).outcome, Outcome::kOk);
  EXPECT_EQ(Do(ref, Go(Direction::kNorth)).outcome, Outcome::kOk);  // Throne Room
  EXPECT_EQ(Do(ref, Verb::kUse, "crown").outcome, Outcome::kOk);    // +20, won
}

TEST_F(WorldTest, FirstVerbPlacesTheSessionInTheStartRoomUnderAServerName) {
  Reply r = Do(0x5e55105e, Verb0(Verb::kLook));
  ASSERT_EQ(r.outcome, Outcome::kOk);
  ASSERT_GE(r.player, 0);
  const adventure::Player& p = world_.PlayerAt(uint32_t(r.player));
  EXPECT_STREQ(p.name.text, "operator-1");
  EXPECT_EQ(p.room, kStartRoom);
  EXPECT_STREQ(r.log, "adventure: operator-1 joined");
  Reply again = Do(0x5e55105e, Verb0(Verb::kStatus));
  EXPECT_EQ(again.player, r.player);
  EXPECT_EQ(again.log[0], '\0');
  EXPECT_STREQ(
      world_.PlayerAt(uint32_t(world_.Apply(Player(7, "guest"), Verb0(Verb::kLook)).player))
          .name.text,
      "guest-2");
}

TEST_F(WorldTest, UnboundCallerGetsNoSessionAndNoPlayer) {
  Reply r = Do(kNoSession, Verb0(Verb::kLook));
  EXPECT_EQ(r.outcome, Outcome::kNoSession);
  EXPECT_EQ(r.player, -1);
  EXPECT_EQ(world_.player_count(), 0u);
}

TEST_F(WorldTest, MovementFollowsExitsAndARefusedMoveChangesNothing) {
  Do(1, Go(Direction::kNorth));
  EXPECT_EQ(P(1).room, kGreatHall);
  EXPECT_EQ(P(1).moves, 1u);
  Reply r = Do(1, Go(Direction::kWest));
  EXPECT_EQ(r.outcome, Outcome::kNoExit);
  EXPECT_EQ(P(1).room, kGreatHall);
  EXPECT_EQ(P(1).moves, 1u);
  Command bogus = Go(Direction::kNorth);
  bogus.direction = 77;  // an enum value from a newer schema
  EXPECT_EQ(Do(1, bogus).outcome, Outcome::kNoExit);
}

TEST_F(WorldTest, TheIronDoorIsLockedUntilTheKeyIsUsedBesideIt) {
  Do(1, Go(Direction::kNorth));
  Do(1, Go(Direction::kUp));
  EXPECT_EQ(Do(1, Go(Direction::kNorth)).outcome, Outcome::kLocked);
  EXPECT_EQ(P(1).room, kGallery);
  EXPECT_EQ(Do(1, Verb::kUse, "key").outcome, Outcome::kNoSuchItem);  // not carried
  EXPECT_TRUE(world_.door_locked());
}

TEST_F(WorldTest, TheWalkthroughWinsWithTheFullScore) {
  Walkthrough(1);
  EXPECT_EQ(P(1).score, kMaxScore);
  EXPECT_EQ(kMaxScore, 50u);
  EXPECT_TRUE(P(1).won);
  EXPECT_EQ(world_.ItemRoom(kCrown), kThroneRoom);  // left on the throne
  EXPECT_FALSE(world_.door_locked());
}

TEST_F(WorldTest, UsingAThingInTheWrongPlaceIsCannotUse) {
  Do(1, Go(Direction::kWest));  // Garden
  ASSERT_EQ(Do(1, Verb::kTake, "apple").outcome, Outcome::kOk);
  Reply r = Do(1, Verb::kUse, "apple");
  EXPECT_EQ(r.outcome, Outcome::kCannotUse);
  EXPECT_STREQ(r.message, "Nothing happens.");
}

TEST_F(WorldTest, TheCellarHidesItsKeyUntilTheLampIsLit) {
  Do(1, Go(Direction::kNorth));
  Do(1, Go(Direction::kEast));
  Do(1, Go(Direction::kDown));
  EXPECT_FALSE(world_.IsLit(kCellar));
  EXPECT_EQ(Do(1, Verb::kTake, "key").outcome, Outcome::kNoSuchItem);
  EXPECT_EQ(world_.ItemRoom(kKey), kCellar);
  EXPECT_EQ(P(1).score, 0u);
}

TEST_F(WorldTest, AnItemDroppedByOnePlayerCanBeTakenByAnother) {
  Do(1, Go(Direction::kEast));
  Do(2, Go(Direction::kEast));
  ASSERT_EQ(Do(1, Verb::kTake, "LAMP").outcome, Outcome::kOk);  // names ignore case
  EXPECT_EQ(Do(2, Verb::kTake, "lamp").outcome, Outcome::kNoSuchItem);
  EXPECT_EQ(Do(2, Verb::kDrop, "lamp").outcome, Outcome::kNoSuchItem);
  ASSERT_EQ(Do(1, Verb::kDrop, "lamp").outcome, Outcome::kOk);
  EXPECT_EQ(Do(2, Verb::kTake, "lamp").outcome, Outcome::kOk);
  EXPECT_EQ(world_.ItemHolder(kLamp), world_.FindPlayer(2));
}

TEST_F(WorldTest, HandsHoldAtMostMaxCarried) {
  Do(1, Go(Direction::kEast));
  Do(1, Verb::kTake, "lamp");
  Do(1, Verb::kUse, "lamp");
  Do(1, Verb::kTake, "rope");
  Do(1, Go(Direction::kWest));
  Do(1, Go(Direction::kWest));
  Do(1, Verb::kTake, "apple");
  Do(1, Go(Direction::kDown));
  Do(1, Verb::kTake, "coin");
  Do(1, Go(Direction::kUp));
  Do(1, Go(Direction::kEast));
  Do(1, Go(Direction::kNorth));
  Do(1, Go(Direction::kEast));
  Do(1, Verb::kTake, "bread");
  Do(1, Go(Direction::kDown));
  ASSERT_EQ(Do(1, Verb::kTake, "key").outcome, Outcome::kOk);
  ASSERT_EQ(world_.CarriedBy(world_.FindPlayer(1)), kMaxCarried);
  Do(1, Verb::kDrop, "apple");
  Do(1, Verb::kTake, "apple");
  Do(1, Go(Direction::kUp));
  Do(1, Go(Direction::kWest));
  Do(1, Go(Direction::kUp));
  Do(1, Verb::kUse, "key");
  Do(1, Go(Direction::kNorth));
  Reply r = Do(1, Verb::kTake, "crown");
  EXPECT_EQ(r.outcome, Outcome::kHandsFull);
  EXPECT_EQ(world_.ItemRoom(kCrown), kTower);
}

TEST_F(WorldTest, BadItemNamesAreTypedOutcomesAndAFirstRefusedVerbJoinsNobody) {
  std::string huge(10 * 1024, 'x');
  EXPECT_EQ(Do(1, Verb::kTake, huge).outcome, Outcome::kTooLong);
  EXPECT_EQ(world_.player_count(), 0u);
  EXPECT_EQ(Do(1, Verb::kTake, std::string(kMaxItemBytes + 1, 'a')).outcome, Outcome::kTooLong);
  EXPECT_EQ(Do(1, Verb::kDrop, "").outcome, Outcome::kInvalidText);
  EXPECT_EQ(Do(1, Verb::kUse, "la\nmp").outcome, Outcome::kInvalidText);
  EXPECT_EQ(Do(1, Verb::kTake, "\xff\xfe").outcome, Outcome::kInvalidText);
  EXPECT_EQ(Do(1, Verb::kSay, std::string(kMaxSayBytes + 1, 'a')).outcome, Outcome::kTooLong);
  EXPECT_EQ(Do(1, Verb::kSay, "\x1b[2J").outcome, Outcome::kInvalidText);
  EXPECT_EQ(world_.player_count(), 0u);
  EXPECT_EQ(Do(1, Verb::kTake, std::string(kMaxItemBytes, 'a')).outcome, Outcome::kNoSuchItem);
  EXPECT_EQ(world_.player_count(), 1u);
}

TEST_F(WorldTest, TheWorldHoldsAtMostMaxPlayers) {
  for (uint64_t ref = 1; ref <= kMaxPlayers; ++ref) {
    ASSERT_EQ(Do(ref, Verb0(Verb::kStatus)).outcome, Outcome::kOk);
  }
  Reply r = Do(999, Verb0(Verb::kStatus));
  EXPECT_EQ(r.outcome, Outcome::kWorldFull);
  EXPECT_EQ(r.player, -1);
  EXPECT_EQ(world_.player_count(), kMaxPlayers);
  Do(3, Verb0(Verb::kLeave));
  EXPECT_EQ(Do(999, Verb0(Verb::kStatus)).outcome, Outcome::kOk);
}

TEST_F(WorldTest, LeaveDropsWhatWasCarriedAndForgetsThePlayer) {
  Do(1, Go(Direction::kEast));
  Do(1, Verb::kTake, "rope");
  Reply r = Do(1, Verb0(Verb::kLeave));
  EXPECT_EQ(r.outcome, Outcome::kOk);
  EXPECT_STREQ(r.log, "adventure: operator-1 left with 0/50 points");
  EXPECT_EQ(world_.ItemRoom(kRope), kStables);
  EXPECT_EQ(world_.FindPlayer(1), -1);
  EXPECT_EQ(Do(1, Verb0(Verb::kLeave)).outcome, Outcome::kNoPlayer);
  Do(2, Go(Direction::kEast));
  EXPECT_EQ(Do(2, Verb::kTake, "rope").outcome, Outcome::kOk);
  // Back again: a new player with a new number.
  Do(1, Verb0(Verb::kLook));
  EXPECT_STREQ(P(1).name.text, "operator-3");
}

TEST_F(WorldTest, SpeechIsHeardByOthersInTheRoomOnTheirNextVerb) {
  Do(1, Verb0(Verb::kLook));
  Do(2, Verb0(Verb::kLook));
  Do(3, Go(Direction::kNorth));
  ASSERT_EQ(Do(1, Verb::kSay, "hello there").outcome, Outcome::kOk);
  EXPECT_EQ(Do(1, Verb0(Verb::kLook)).heard, 0u);  // not its own line
  EXPECT_EQ(Do(3, Verb0(Verb::kLook)).heard, 0u);  // another room
  Reply r = Do(2, Verb0(Verb::kLook));
  ASSERT_EQ(r.heard, 1u);
  EXPECT_STREQ(world_.HeardAt(0).from.text, "operator-1");
  EXPECT_STREQ(world_.HeardAt(0).text, "hello there");
  EXPECT_EQ(Do(2, Verb0(Verb::kLook)).heard, 0u);  // delivered once
  // A newcomer does not hear what was said before it arrived.
  Do(1, Verb::kSay, "before");
  Do(3, Go(Direction::kSouth));
  EXPECT_EQ(Do(3, Verb0(Verb::kLook)).heard, 0u);
}

TEST_F(WorldTest, AtMostMaxHeardLinesPerViewAndTheRestComeNext) {
  Do(1, Verb0(Verb::kLook));
  Do(2, Verb0(Verb::kLook));
  for (int i = 0; i < 11; ++i) Do(1, Verb::kSay, "line " + std::to_string(i));
  Reply first = Do(2, Verb0(Verb::kStatus));
  ASSERT_EQ(first.heard, kMaxHeard);
  EXPECT_STREQ(world_.HeardAt(0).text, "line 0");
  Reply rest = Do(2, Verb0(Verb::kStatus));
  ASSERT_EQ(rest.heard, 3u);
  EXPECT_STREQ(world_.HeardAt(2).text, "line 10");
}

TEST_F(WorldTest, NpcsTakeRosterNamesWalkOpenExitsAndAreHeard) {
  ActReply a = world_.Act("", 0, "Hmm.", 4);
  ASSERT_TRUE(a.ok);
  EXPECT_TRUE(a.entered);
  EXPECT_STREQ(World::NpcName(a.npc), "Grimble");
  EXPECT_EQ(world_.NpcAt(a.npc).room, kKitchen);
  EXPECT_STREQ(World::NpcName(world_.Act("", 0, "Hi", 2).npc), "Mossy");
  ActReply again = world_.Act("Grimble", 7, "Onward", 6);
  ASSERT_TRUE(again.ok);
  EXPECT_FALSE(again.entered);
  uint8_t room = world_.NpcAt(again.npc).room;
  EXPECT_TRUE(room == kGreatHall || room == kCellar);
  EXPECT_FALSE(world_.Act("Nobody", 6, "x", 1).ok);
  EXPECT_FALSE(world_.Act("Grimble", 7, "", 0).ok);
  EXPECT_FALSE(world_.Act("Grimble", 7, "a\tb", 3).ok);
  std::string long_line(kMaxLineBytes + 1, 'a');
  EXPECT_FALSE(world_.Act("Grimble", 7, long_line.data(), long_line.size()).ok);
  EXPECT_EQ(world_.NpcAt(again.npc).room, room);  // refused acts changed nothing
}

TEST_F(WorldTest, PlayersHearTheNpcInTheirRoom) {
  Do(1, Go(Direction::kNorth));
  Do(1, Go(Direction::kEast));  // Kitchen, where Grimble appears
  world_.Act("", 0, "Who left the pots out?", 22);
  Reply r = Do(1, Verb0(Verb::kLook));
  ASSERT_EQ(r.heard, 1u);
  EXPECT_STREQ(world_.HeardAt(0).from.text, "Grimble");
  EXPECT_STREQ(world_.HeardAt(0).text, "Who left the pots out?");
}

TEST_F(WorldTest, NpcsNeverWalkThroughTheLockedDoor) {
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(world_.Act("Pip", 3, "tick", 4).ok);
    uint8_t room = world_.NpcAt(2).room;
    EXPECT_TRUE(room == kBelfry || room == kTower) << int(room);
  }
}

}  // namespace
}  // namespace adventure
