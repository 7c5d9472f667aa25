// The fixed castle the Adventure world is played in: rooms, exits, where
// each item starts, and the one locked door. Data only; the rules that read
// it live in adventure_world.cc. README.md draws the map.
#pragma once

#include <stdint.h>

namespace adventure {

// Same order and values as Adventure.Direction in schema/adventure.capnp.
enum class Direction : uint8_t { kNorth = 0, kSouth = 1, kEast = 2, kWest = 3, kUp = 4, kDown = 5 };
inline constexpr uint32_t kDirections = 6;
inline constexpr int8_t kNoRoom = -1;

// Titles and descriptions are short on purpose: the largest possible View
// (adventure_codec_test.cc builds it) must fit Adventure.minResultBytes.
inline constexpr uint32_t kMaxTitleBytes = 15;
inline constexpr uint32_t kMaxDescriptionBytes = 160;

struct RoomDef {
  const char* title;
  const char* description;
  int8_t exits[kDirections];  // room index per Direction, or kNoRoom
  bool dark;                  // items here are seen only by the lamp's light
};

struct ItemDef {
  const char* name;  // lower-case ASCII, one word; matched case-insensitively
  uint8_t home;      // the room it lies in when the world starts
};

enum Room : uint8_t {
  kCourtyard,
  kGreatHall,
  kStables,
  kGarden,
  kKitchen,
  kThroneRoom,
  kGallery,
  kCellar,
  kTower,
  kWell,
  kBelfry,
  kRoomCount,
};

enum Item : uint8_t {
  kLamp,
  kKey,
  kCrown,
  kApple,
  kRope,
  kCoin,
  kFeather,
  kBread,
  kItemCount,
};

inline constexpr uint8_t kStartRoom = kCourtyard;

// The iron door between the Gallery and the Tower: locked at the start, and
// the key turns it from either side.
inline constexpr uint8_t kDoorRoomA = kGallery;
inline constexpr Direction kDoorDirA = Direction::kNorth;
inline constexpr uint8_t kDoorRoomB = kTower;
inline constexpr Direction kDoorDirB = Direction::kSouth;

// Where the crown must be used to win.
inline constexpr uint8_t kThroneRoomGoal = kThroneRoom;

// Points, each earned at most once per player; their sum is maxScore.
inline constexpr uint32_t kPointsLightLamp = 5;
inline constexpr uint32_t kPointsTakeKey = 5;
inline constexpr uint32_t kPointsUnlockDoor = 10;
inline constexpr uint32_t kPointsTakeCrown = 10;
inline constexpr uint32_t kPointsCrowned = 20;
inline constexpr uint32_t kMaxScore =
    kPointsLightLamp + kPointsTakeKey + kPointsUnlockDoor + kPointsTakeCrown + kPointsCrowned;

const RoomDef& RoomAt(uint8_t room);
const ItemDef& ItemAt(uint8_t item);
// "north" .. "down"; "" for a value outside the enum.
const char* DirectionName(Direction d);
// Room an NPC of the roster enters the world in.
uint8_t NpcHome(uint32_t roster_index);

}  // namespace adventure
