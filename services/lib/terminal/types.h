// The terminal core's vocabulary. Modes, statuses and states have the
// numbering of schema/terminal.capnp (TerminalMode, TerminalStatus,
// TerminalState), and the bounds its values; terminal_schema_test asserts
// both against the generated code, so a service can put these on the wire
// as they are.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace terminal {

// TerminalSession consts.
inline constexpr size_t kRingBytes = 262144;
inline constexpr size_t kMaxWriteBytes = 4096;
inline constexpr size_t kMaxReadBytes = 16384;
inline constexpr size_t kMaxMarkerBytes = 64;
inline constexpr uint16_t kMinCols = 10;
inline constexpr uint16_t kMaxCols = 500;
inline constexpr uint16_t kMinRows = 3;
inline constexpr uint16_t kMaxRows = 200;
inline constexpr uint32_t kMaxFollowers = 8;
// TerminalManager.maxTerminals.
inline constexpr uint32_t kMaxTerminals = 4;

enum class Mode : uint16_t {
  kOwner = 0,     // read-write; its lag pauses the producer
  kFollower = 1,  // read-only; skipped ahead when it lags
};

enum class Status : uint16_t {
  kOk = 0,
  kFollowerInput = 1,
  kNotOwner = 2,
  kUnknownTerminal = 3,
  kOwnerAttached = 4,
  kTooManyFollowers = 5,
  kTooManyTerminals = 6,
  kEnded = 7,
  kDetached = 8,
  kBadSize = 9,
  kTooLarge = 10,
  kFutureSeq = 11,
  kNoSession = 12,
  kInputFull = 13,
};
const char* StatusName(Status s);

enum class State : uint16_t {
  kRunning = 0,   // the owner is attached
  kDetached = 1,  // no owner attached: ends when the grace runs out
  kExited = 2,    // the producer (shell) ended: readable until drained
  kEnded = 3,     // not on the wire: a terminal that has ended is not listed
};

// What the producer (the terminal service reading the shell) is told after
// each Produce.
enum class Verdict : uint8_t {
  kOk,      // more output may follow now
  kPaused,  // stop reading the shell until Writable() > 0 again
  kEnded,   // the terminal has exited or ended: nothing is taken
};

// True when the size is inside the schema's bounds.
inline bool ValidSize(uint16_t cols, uint16_t rows) {
  return cols >= kMinCols && cols <= kMaxCols && rows >= kMinRows && rows <= kMaxRows;
}

}  // namespace terminal
