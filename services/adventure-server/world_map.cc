#include "services/adventure-server/world_map.h"

namespace adventure {
namespace {

constexpr int8_t X = kNoRoom;

// Exits in Direction order: north, south, east, west, up, down.
constexpr RoomDef kRooms[kRoomCount] = {
    {"Courtyard",
     "Cobbles worn smooth by centuries of boots. The great hall lies north.",
     {kGreatHall, X, kStables, kGarden, X, X},
     false},
    {"Great Hall",
     "Long tables under smoky banners. A stair climbs to a gallery.",
     {kThroneRoom, kCourtyard, kKitchen, X, kGallery, X},
     false},
    {"Stables",
     "Straw, saddles and the smell of horses long gone.",
     {X, X, X, kCourtyard, X, X},
     false},
    {"Garden",
     "Overgrown herb beds around an old well with a rusty ladder.",
     {X, X, kCourtyard, X, X, kWell},
     false},
    {"Kitchen",
     "A cold hearth and hanging pots. Steps lead down into darkness.",
     {X, X, X, kGreatHall, X, kCellar},
     false},
    {"Throne Room",
     "An empty throne waits on a dais, a crown-shaped hollow in its back.",
     {X, kGreatHall, X, X, X, X},
     false},
    {"Gallery",
     "Portraits glare from the walls. An iron door stands to the north.",
     {kTower, X, X, X, X, kGreatHall},
     false},
    {"Cellar",
     "Barrels and cobwebs, and a draught from the steps above.",
     {X, X, X, X, kKitchen, X},
     true},
    {"Tower",
     "A round room of cold stone. Stairs wind up to the belfry.",
     {X, kGallery, X, X, kBelfry, X},
     false},
    {"Well", "Wet stones and a circle of sky far above.", {X, X, X, X, kGarden, X}, false},
    {"Belfry", "A cracked bell hangs over the whole castle.", {X, X, X, X, X, kTower}, false},
};

constexpr ItemDef kItems[kItemCount] = {
    {"lamp", kStables}, {"key", kCellar}, {"crown", kTower},    {"apple", kGarden},
    {"rope", kStables}, {"coin", kWell},  {"feather", kBelfry}, {"bread", kKitchen},
};

constexpr uint8_t kNpcHomes[] = {kKitchen, kGarden, kBelfry};

constexpr uint32_t Length(const char* s) {
  uint32_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

constexpr bool MapIsConsistent() {
  for (uint32_t r = 0; r < kRoomCount; ++r) {
    const RoomDef& room = kRooms[r];
    if (Length(room.title) > kMaxTitleBytes) return false;
    if (Length(room.description) > kMaxDescriptionBytes) return false;
    for (uint32_t d = 0; d < kDirections; ++d) {
      int8_t to = room.exits[d];
      if (to == X) continue;
      // Every passage is walkable both ways: the opposite exit leads back.
      if (to < 0 || to >= kRoomCount || kRooms[to].exits[d ^ 1] != static_cast<int8_t>(r)) {
        return false;
      }
    }
  }
  return kRooms[kDoorRoomA].exits[uint8_t(kDoorDirA)] == kDoorRoomB &&
         kRooms[kDoorRoomB].exits[uint8_t(kDoorDirB)] == kDoorRoomA;
}
static_assert(MapIsConsistent());

}  // namespace

const RoomDef& RoomAt(uint8_t room) {
  return kRooms[room < kRoomCount ? room : kStartRoom];
}

const ItemDef& ItemAt(uint8_t item) {
  return kItems[item < kItemCount ? item : 0];
}

const char* DirectionName(Direction d) {
  static const char* const kNames[kDirections] = {"north", "south", "east", "west", "up", "down"};
  uint8_t i = static_cast<uint8_t>(d);
  return i < kDirections ? kNames[i] : "";
}

uint8_t NpcHome(uint32_t roster_index) {
  return kNpcHomes[roster_index % (sizeof(kNpcHomes) / sizeof(kNpcHomes[0]))];
}

}  // namespace adventure
