// The checks on item names and said text, which come from any session's
// worker (or a companion) and are shown to other players: hostile input.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/adventure-server/adventure_world.h"

namespace adventure {

// kOk for 1..max bytes of UTF-8 without control characters (so a line can
// never forge another line in a transcript); kTooLong above max (measured,
// never truncated), kInvalidText for empty, bad UTF-8 or a control
// character.
Outcome CheckText(const char* text, size_t len, uint32_t max);

}  // namespace adventure
