// The visible marker a skipped reader sees where its lost bytes were:
//
//   CAN, ESC[0;2m, CR LF, "[... N bytes skipped ...]", ESC[0m, CR LF
//
// Why each part: CAN (0x18) aborts an escape sequence the lost bytes may
// have left half-parsed in the viewer's terminal, so the marker itself is
// not eaten by it; ESC[0;2m resets attributes the lost bytes set and dims
// the line, so it reads as a note, not as shell output; the CR LFs put it
// on a line of its own; ESC[0m leaves attributes at their defaults. The
// marker has no sequence numbers: it is not terminal output.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/terminal/types.h"

namespace terminal {

// Writes the marker for `skipped` (> 0) lost bytes and returns its length,
// at most kMaxMarkerBytes; 0 (nothing written) when skipped is 0 or `cap`
// is below the marker's length.
size_t BuildSkipMarker(uint64_t skipped, uint8_t* out, size_t cap);

}  // namespace terminal
