// The shared Adventure world: players keyed by the caller-session reference
// the kernel attaches to each endpoint call, the NPCs the companions drive,
// where every item is, the door's lock, and what was said in each room.
//
// Pure and freestanding: fixed arrays, no allocation, no exceptions, so it
// runs the same in the guest and in host tests. It never sees transport
// bytes (adventure_codec.h decodes those). A session reference is compared
// and never stored anywhere a View, a heard line or a log line is built
// from: players are shown by a name made of their disclosed class and a
// world-local number.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/adventure-server/world_map.h"

namespace adventure {

// Bounds; schema/adventure.capnp publishes the same values (checked in the
// codec).
inline constexpr uint32_t kMaxPlayers = 16;
inline constexpr uint32_t kMaxItemBytes = 32;
inline constexpr uint32_t kMaxSayBytes = 160;
inline constexpr uint32_t kMaxCarried = 6;
inline constexpr uint32_t kMaxHeard = 8;
inline constexpr uint32_t kMaxLineBytes = 120;  // AdventureNpc.maxLineBytes
// "anonymous-99999": numbers wrap below 100000 so a name fits 15 bytes.
inline constexpr uint32_t kMaxNameBytes = 15;
// Lines kept per room: a player who is away from the server for more than
// this many lines in its room misses the oldest ones.
inline constexpr uint32_t kSpeechDepth = 16;
inline constexpr uint32_t kNpcCount = 3;

inline constexpr uint64_t kNoSession = 0;

// Same order and values as Adventure.Outcome.
enum class Outcome : uint8_t {
  kOk = 0,
  kNoExit = 1,
  kLocked = 2,
  kNoSuchItem = 3,
  kCannotUse = 4,
  kHandsFull = 5,
  kTooLong = 6,
  kInvalidText = 7,
  kNoSession = 8,
  kWorldFull = 9,
  kNoPlayer = 10,
};

// Same values as the Adventure method ordinals.
enum class Verb : uint8_t {
  kStatus = 0,
  kLook = 1,
  kInventory = 2,
  kGo = 3,
  kTake = 4,
  kDrop = 5,
  kUse = 6,
  kSay = 7,
  kWho = 8,
  kLeave = 9,
};

// Who is calling, from the kernel's RECV header, never from params.
struct Caller {
  uint64_t session_ref = kNoSession;
  // The disclosed principal class name ("operator", or "player" when the
  // facet disclosed nothing); a static string.
  const char* principal = "player";
};

struct Command {
  Verb verb = Verb::kStatus;
  uint16_t direction = 0;      // go: Adventure.Direction (other values: noExit)
  const char* text = nullptr;  // take/drop/use: the item; say: the text
  size_t text_len = 0;
};

struct Name {
  uint8_t len = 0;
  char text[kMaxNameBytes + 1] = {};
};

// Copies at most kMaxNameBytes of text[0, len) into `name`.
void SetName(Name& name, const char* text, size_t len);

struct Player {
  bool active = false;
  uint64_t session_ref = kNoSession;  // compared only
  uint32_t number = 0;                // world-local; also its speaker id
  Name name;
  uint8_t room = kStartRoom;
  uint32_t score = 0;
  uint32_t moves = 0;
  uint32_t awards = 0;  // bit per kind of points, each earned once
  bool won = false;
  uint32_t heard_seq = 0;  // last line of its room it has been given
};

struct Npc {
  bool active = false;  // in the world since its first act
  uint8_t room = kStartRoom;
};

struct HeardLine {
  uint32_t seq = 0;
  uint32_t speaker = 0;  // player number, or kNpcSpeaker | roster index
  Name from;
  uint16_t text_len = 0;
  char text[kMaxSayBytes + 1] = {};
};

// What a verb did. The View is built from it and the world's state right
// after the call (before any other call).
struct Reply {
  Outcome outcome = Outcome::kOk;
  const char* message = "";  // NUL-terminated: static, or the world's buffer
  // The caller's player, or -1 when it has none (noSession, worldFull,
  // noPlayer, or a refused first verb). After leave it names the removed
  // player's slot, whose data stays readable until the next join.
  int player = -1;
  bool players_list = false;  // who: the View lists everyone
  uint32_t heard = 0;         // lines in World::HeardAt(0 .. heard - 1)
  char log[96] = {};          // join/leave line for the console, or empty
};

struct ActReply {
  bool ok = false;       // false: malformedMessage, nothing changed
  uint32_t npc = 0;      // roster index
  bool entered = false;  // its first act: it just appeared in the world
};

class World {
 public:
  World();

  // Applies one player verb for `caller`. Never fails as a transport error.
  Reply Apply(const Caller& caller, const Command& command);
  // AdventureNpc.act: `npc` "" picks the next roster name.
  ActReply Act(const char* npc, size_t npc_len, const char* line, size_t line_len);

  const Player& PlayerAt(uint32_t slot) const { return players_[slot]; }
  int FindPlayer(uint64_t session_ref) const;
  uint32_t player_count() const;
  const Npc& NpcAt(uint32_t i) const { return npcs_[i]; }
  static const char* NpcName(uint32_t i);
  // Where an item is: a room, or carried by a player slot (room kNoRoom).
  int8_t ItemRoom(uint8_t item) const { return item_room_[item]; }
  int8_t ItemHolder(uint8_t item) const { return item_holder_[item]; }
  bool door_locked() const { return door_locked_; }
  bool lamp_lit() const { return lamp_lit_; }
  // Whether players in `room` can see the items there.
  bool IsLit(uint8_t room) const;
  // The room's description as its players see it now (dark or not).
  const char* DescriptionOf(uint8_t room) const;
  // Whether an exit can be walked now (it exists and is not locked).
  bool IsOpen(uint8_t room, Direction d) const;
  const HeardLine& HeardAt(uint32_t i) const { return heard_[i]; }
  uint32_t CarriedBy(int slot) const;

 private:
  int Join(const Caller& caller, Reply& reply);
  void Leave(int slot, Reply& reply);
  void Enter(Player& p, uint8_t room);
  uint32_t CollectHeard(Player& p);
  void Speak(uint8_t room, uint32_t speaker, const Name& from, const char* text, size_t len);
  void Award(Player& p, uint32_t bit, uint32_t points);
  int FindItem(const char* name, size_t len, uint8_t room, int holder) const;
  void Go(Player& p, uint16_t direction, Reply& r);
  void Take(int slot, const Command& c, Reply& r);
  void Drop(int slot, const Command& c, Reply& r);
  void Use(int slot, const Command& c, Reply& r);
  void Say(Player& p, const Command& c, Reply& r);
  const char* Format(const char* a, const char* b = "", const char* c = "");

  Player players_[kMaxPlayers];
  uint32_t next_number_ = 1;
  Npc npcs_[kNpcCount];
  uint32_t next_npc_ = 0;
  uint32_t rng_ = 0x9e3779b9u;  // fixed seed: the NPCs' walks are reproducible
  int8_t item_room_[kItemCount];
  int8_t item_holder_[kItemCount];
  bool door_locked_ = true;
  bool lamp_lit_ = false;
  HeardLine speech_[kRoomCount][kSpeechDepth];
  uint32_t speech_seq_[kRoomCount] = {};  // last seq said in each room
  HeardLine heard_[kMaxHeard];
  char message_[128] = {};
};

}  // namespace adventure
