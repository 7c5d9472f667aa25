// Short text the game builds (messages, reasons) and the one text it takes
// from callers (project ids). No formatting library: the guest has none
// that is bounded, and these lines need only words, counts and dollars.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/text_line.h"

namespace paperclips {

// The game's messages and reasons (words, counts and dollars).
using Line = caprt::TextLine;

// A project id is 1..max_len bytes of printable ASCII (0x20..0x7e); every
// real id is, so anything else is refused as invalidText before lookup.
bool IsValidId(const char* s, size_t len, size_t max_len);

}  // namespace paperclips
