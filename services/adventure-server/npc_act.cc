// AdventureNpc.act: the companions' only way into the world. NPCs share
// the players' rooms and speech, never their identity space: an NPC's
// speaker id has the top bit set, which no player number reaches.
#include "services/adventure-server/adventure_world.h"
#include "services/adventure-server/text_check.h"

namespace adventure {
namespace {

constexpr const char* kRoster[kNpcCount] = {"Grimble", "Mossy", "Pip"};
constexpr uint32_t kNpcSpeaker = 0x80000000u;

uint32_t Length(const char* s) {
  uint32_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// The roster index of `npc`, or kNpcCount when it names no roster NPC.
uint32_t RosterIndex(const char* npc, size_t len) {
  for (uint32_t i = 0; i < kNpcCount; ++i) {
    const char* name = kRoster[i];
    if (npc == nullptr || Length(name) != len) continue;
    bool same = true;
    for (size_t k = 0; k < len; ++k) same = same && name[k] == npc[k];
    if (same) return i;
  }
  return kNpcCount;
}

}  // namespace

const char* World::NpcName(uint32_t i) {
  return kRoster[i % kNpcCount];
}

ActReply World::Act(const char* npc, size_t npc_len, const char* line, size_t line_len) {
  ActReply r;
  uint32_t index = npc_len == 0 ? next_npc_ : RosterIndex(npc, npc_len);
  if (index >= kNpcCount) return r;
  if (CheckText(line, line_len, kMaxLineBytes) != Outcome::kOk) return r;
  if (npc_len == 0) next_npc_ = (next_npc_ + 1) % kNpcCount;
  Npc& n = npcs_[index];
  if (!n.active) {
    n.active = true;
    r.entered = true;
    n.room = NpcHome(index);
  } else {
    Direction open[kDirections];
    uint32_t count = 0;
    for (uint8_t d = 0; d < kDirections; ++d) {
      if (IsOpen(n.room, static_cast<Direction>(d))) open[count++] = static_cast<Direction>(d);
    }
    // xorshift32: cheap, and reproducible runs make NPC walks testable.
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 17;
    rng_ ^= rng_ << 5;
    if (count > 0) n.room = static_cast<uint8_t>(RoomAt(n.room).exits[uint8_t(open[rng_ % count])]);
  }
  Name from;
  SetName(from, kRoster[index], Length(kRoster[index]));
  Speak(n.room, kNpcSpeaker | index, from, line, line_len);
  r.ok = true;
  r.npc = index;
  return r;
}

}  // namespace adventure
