// What a player may do next, derived from a game: every command with
// whether it would be accepted now and, if not, why; and which projects to
// show. Pure; the codec copies it into Paperclips.View.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/paperclips-server/paperclips_rules.h"

namespace paperclips {

// The View lists every command, in this order, enabled or not; `end` is the
// worker's, not the player's, so it is not offered.
inline constexpr uint32_t kCommandCount = 5;
inline constexpr size_t kReasonBytes = 48;

struct CommandState {
  const char* name;  // the method name in the schema
  bool enabled;
  char reason[kReasonBytes];  // "" when enabled
};

// Command i of kCommandCount (make, setPrice, buyWire, buyAutoclipper,
// project). `enabled` means the command with a sensible argument would be
// accepted now; setPrice is always enabled (only its argument can be bad).
CommandState CommandAt(const Game& g, uint32_t i);

struct ProjectState {
  bool listed;     // unlocked or done: the View shows it
  bool available;  // unlocked, not done and affordable now
  bool done;
};
ProjectState ProjectStateAt(const Game& g, uint32_t i);

}  // namespace paperclips
