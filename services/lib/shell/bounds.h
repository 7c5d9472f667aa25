// The shell core's bounds, in one place so the line editor, the splitter
// and the completer agree on them. Every one is enforced with a typed
// answer (a bell, a SplitStatus, a refused candidate), never a crash.
#pragma once

#include <stddef.h>

namespace shell {

// A line, in bytes. The editor refuses input past it with a bell; the
// splitter's storage is sized by it.
inline constexpr size_t kMaxLineBytes = 1024;
// A prompt, in bytes (SGR colour sequences included).
inline constexpr size_t kMaxPromptBytes = 256;
// Widest terminal the editor lays out for; wider sizes are clamped.
inline constexpr size_t kMaxColumns = 1024;
// History: at most this many lines, in a pool of this many bytes (so at
// least 16 lines of the maximum length are kept).
inline constexpr size_t kHistoryEntries = 64;
inline constexpr size_t kHistoryPoolBytes = 16384;
// Tab completion: candidates kept per Tab, and bytes per candidate.
inline constexpr size_t kMaxCandidates = 64;
inline constexpr size_t kMaxCandidateBytes = 64;
// Words per line and bytes per (unquoted) word.
inline constexpr size_t kMaxWords = 32;
inline constexpr size_t kMaxWordBytes = 512;

}  // namespace shell
