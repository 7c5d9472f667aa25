// The set's translations between the terminal core (services/lib/terminal)
// and the DTOs (remote_session terminal_types.h): the status, mode and
// state numbering, which both copy from schema/terminal.capnp, and the
// attachment number the DTO carries for a terminal::AttachId.
#pragma once

#include <stdint.h>

#include "services/lib/remote-session/terminal_types.h"
#include "services/lib/terminal/attach.h"

namespace terminal_host {

using remote_session::TerminalModeCode;
using remote_session::TerminalStateCode;
using remote_session::TerminalStatusCode;

// Both sides number as the schema does; the casts below rely on it.
static_assert(static_cast<int>(TerminalModeCode::kOwner) ==
              static_cast<int>(terminal::Mode::kOwner));
static_assert(static_cast<int>(TerminalModeCode::kFollower) ==
              static_cast<int>(terminal::Mode::kFollower));
static_assert(static_cast<int>(TerminalStateCode::kRunning) ==
              static_cast<int>(terminal::State::kRunning));
static_assert(static_cast<int>(TerminalStateCode::kDetached) ==
              static_cast<int>(terminal::State::kDetached));
static_assert(static_cast<int>(TerminalStateCode::kExited) ==
              static_cast<int>(terminal::State::kExited));
static_assert(static_cast<int>(terminal::Status::kInputFull) == 13,
              "TerminalStatusCode is the TerminalStatus ordinal");

inline TerminalStatusCode ToCode(terminal::Status s) {
  return static_cast<TerminalStatusCode>(s);
}
inline TerminalModeCode ToCode(terminal::Mode m) {
  return static_cast<TerminalModeCode>(m);
}
inline terminal::Mode FromCode(TerminalModeCode m) {
  return m == TerminalModeCode::kFollower ? terminal::Mode::kFollower : terminal::Mode::kOwner;
}
// An ended terminal is never described (it is gone from the set), so
// kEnded has no code; it would read as exited.
inline TerminalStateCode ToCode(terminal::State s) {
  return s == terminal::State::kRunning    ? TerminalStateCode::kRunning
         : s == terminal::State::kDetached ? TerminalStateCode::kDetached
                                           : TerminalStateCode::kExited;
}

// The DTO's `attachment`: generation << 4 | slot. The slot (0 owner,
// 1..8 followers) fits in four bits; the generation is what makes a stale
// or forged number fail (AttachTable checks it), and 0 never names an
// attachment. A generation at or above 2^28 (that many attaches to one
// terminal) does not survive the round trip: the attachment then answers
// `detached`, never another attachment's state.
inline constexpr uint32_t kSlotBits = 4;
inline constexpr uint32_t kSlotMask = (1u << kSlotBits) - 1;
static_assert(terminal::kMaxFollowers + 1 <= kSlotMask + 1, "slot must fit its bits");

inline uint32_t EncodeAttachment(terminal::AttachId id) {
  return id.generation << kSlotBits | (id.slot & kSlotMask);
}
inline terminal::AttachId DecodeAttachment(uint32_t value) {
  return terminal::AttachId{value & kSlotMask, value >> kSlotBits};
}

}  // namespace terminal_host
