// The companion's two calls as bytes: AdventureNpc.act to the world and
// ChatNarrator.announce to the chat room. Encoding and decoding only, so the
// loop in main.cc stays a loop and this part is host-tested and fuzzed.
//
// Replies are decoded through libcaprt's glue and then checked: a name
// that could not be an announce speaker, or a room that is not clean text,
// is refused here rather than forwarded to chat.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace npc {

// ChatNarrator.maxSpeakerBytes; also holds every roster name.
inline constexpr size_t kMaxNameBytes = 16;
inline constexpr size_t kMaxRoomBytes = 32;
// AdventureNpc.maxLineBytes.
inline constexpr size_t kMaxLineBytes = 120;
// "<line> (<room>)"
inline constexpr size_t kMaxAnnounceBytes = kMaxLineBytes + kMaxRoomBytes + 3;

struct ActAnswer {
  char name[kMaxNameBytes + 1] = {};
  char room[kMaxRoomBytes + 1] = {};
};

struct AnnounceAnswer {
  uint16_t status = 0;  // Chat.Status
  uint64_t seq = 0;
};

// Each Encode writes a params message into out[0, cap) (8-byte aligned)
// and returns its length, or 0 if it does not fit.
size_t EncodeAct(const char* npc, const char* line, void* out, size_t cap);
size_t EncodeAnnounce(const char* speaker, const char* text, void* out, size_t cap);

// False for a reply that does not decode or whose fields are out of bounds.
bool DecodeAct(const void* reply, size_t len, ActAnswer* answer);
bool DecodeAnnounce(const void* reply, size_t len, AnnounceAnswer* answer);

// "<line> (<room>)" into out (NUL-terminated, truncated to cap - 1).
void FormatAnnouncement(const char* line, const char* room, char* out, size_t cap);

// The fixed lines the companion says, in turn.
const char* LineAt(uint32_t i);

}  // namespace npc
