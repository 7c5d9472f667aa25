// The verbs that change the world. Each one checks everything first and
// changes nothing unless it answers kOk.
#include "services/adventure-server/adventure_world.h"

namespace adventure {
namespace {

// Award bits: each kind of points is earned once per player.
constexpr uint32_t kAwardLamp = 1u << 0;
constexpr uint32_t kAwardKey = 1u << 1;
constexpr uint32_t kAwardDoor = 1u << 2;
constexpr uint32_t kAwardCrown = 1u << 3;
constexpr uint32_t kAwardThrone = 1u << 4;

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool SameItemName(const char* name, const char* text, size_t len) {
  size_t i = 0;
  for (; i < len; ++i) {
    if (name[i] == '\0' || name[i] != Lower(text[i])) return false;
  }
  return name[i] == '\0';
}

}  // namespace

int World::FindItem(const char* name, size_t len, uint8_t room, int holder) const {
  for (uint8_t i = 0; i < kItemCount; ++i) {
    if (!SameItemName(ItemAt(i).name, name, len)) continue;
    bool here = holder >= 0 ? item_holder_[i] == holder : item_room_[i] == room;
    return here ? i : -1;
  }
  return -1;
}

void World::Go(Player& p, uint16_t direction, Reply& r) {
  Direction d = static_cast<Direction>(direction);
  if (direction >= kDirections || RoomAt(p.room).exits[direction] == kNoRoom) {
    r.outcome = Outcome::kNoExit;
    r.message = "You can't go that way.";
    return;
  }
  if (!IsOpen(p.room, d)) {
    r.outcome = Outcome::kLocked;
    r.message = "The iron door is locked.";
    return;
  }
  Enter(p, static_cast<uint8_t>(RoomAt(p.room).exits[direction]));
  ++p.moves;
  r.message = Format("You go ", DirectionName(d), ".");
}

void World::Take(int slot, const Command& c, Reply& r) {
  Player& p = players_[slot];
  if (!IsLit(p.room)) {
    r.outcome = Outcome::kNoSuchItem;
    r.message = "It is too dark to find anything here.";
    return;
  }
  int item = FindItem(c.text, c.text_len, p.room, -1);
  if (item < 0) {
    r.outcome = Outcome::kNoSuchItem;
    r.message = "There is no such thing here.";
    return;
  }
  if (CarriedBy(slot) >= kMaxCarried) {
    r.outcome = Outcome::kHandsFull;
    r.message = "Your hands are full.";
    return;
  }
  item_room_[item] = kNoRoom;
  item_holder_[item] = static_cast<int8_t>(slot);
  if (item == kKey) Award(p, kAwardKey, kPointsTakeKey);
  if (item == kCrown) Award(p, kAwardCrown, kPointsTakeCrown);
  r.message = Format("You take the ", ItemAt(static_cast<uint8_t>(item)).name, ".");
}

void World::Drop(int slot, const Command& c, Reply& r) {
  Player& p = players_[slot];
  int item = FindItem(c.text, c.text_len, p.room, slot);
  if (item < 0) {
    r.outcome = Outcome::kNoSuchItem;
    r.message = "You are not carrying that.";
    return;
  }
  item_holder_[item] = -1;
  item_room_[item] = static_cast<int8_t>(p.room);
  r.message = Format("You drop the ", ItemAt(static_cast<uint8_t>(item)).name, ".");
}

void World::Use(int slot, const Command& c, Reply& r) {
  Player& p = players_[slot];
  int item = FindItem(c.text, c.text_len, p.room, slot);
  if (item < 0) {
    r.outcome = Outcome::kNoSuchItem;
    r.message = "You are not carrying that.";
    return;
  }
  switch (item) {
    case kLamp:
      // A switch, not a one-off: someone else may have lit it first, and
      // everyone can still earn the points by lighting it themselves.
      lamp_lit_ = !lamp_lit_;
      if (lamp_lit_) Award(p, kAwardLamp, kPointsLightLamp);
      r.message = lamp_lit_ ? "The lamp flickers alight." : "You shade the lamp.";
      return;
    case kKey:
      if (p.room != kDoorRoomA && p.room != kDoorRoomB) {
        r.outcome = Outcome::kCannotUse;
        r.message = "There is no lock here.";
        return;
      }
      door_locked_ = !door_locked_;
      if (!door_locked_) Award(p, kAwardDoor, kPointsUnlockDoor);
      r.message = door_locked_ ? "You lock the iron door." : "The key turns; the iron door opens.";
      return;
    case kCrown:
      if (p.room != kThroneRoomGoal) {
        r.outcome = Outcome::kCannotUse;
        r.message = "The crown belongs on a throne.";
        return;
      }
      // The crown stays on the throne, where the next player can take it.
      item_holder_[kCrown] = -1;
      item_room_[kCrown] = static_cast<int8_t>(p.room);
      p.won = true;
      Award(p, kAwardThrone, kPointsCrowned);
      r.message = "You set the crown upon the throne. The castle is yours!";
      return;
    default:
      r.outcome = Outcome::kCannotUse;
      r.message = "Nothing happens.";
      return;
  }
}

void World::Say(Player& p, const Command& c, Reply& r) {
  Speak(p.room, p.number, p.name, c.text, c.text_len);
  r.message = "You speak up.";
}

}  // namespace adventure
