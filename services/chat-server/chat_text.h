// Validation of chat message text, which arrives from any session holding a
// Chat client facet and is shown to every other member (CLI, browser), so it
// is hostile input. Pure and freestanding.
#pragma once

#include <stddef.h>

namespace chat {

// True iff text[0, len) is well-formed UTF-8 (no overlong forms, surrogates
// or code points above U+10FFFF) with no control characters: C0 (which
// includes NUL, TAB and newlines, so a message cannot forge extra lines in a
// transcript), DEL, and C1 (U+0080..U+009F).
bool IsCleanText(const char* text, size_t len);

}  // namespace chat
