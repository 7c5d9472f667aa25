// Terminals over the DTO relay (schema/remote_session.capnp terminal*
// calls; the rules are schema/terminal.capnp's): what the session core
// hands its Backend and what comes back. Fixed-size, like types.h.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace remote_session {

// == TerminalManager.maxTerminals, TerminalSession bounds.
inline constexpr uint32_t kMaxTerminals = 4;
inline constexpr size_t kMaxTerminalWriteBytes = 4096;
inline constexpr uint32_t kMaxTerminalReadBytes = 16384;
inline constexpr uint32_t kMaxTerminalMarkerBytes = 64;
// TerminalRead.waitMs above this is malformedRequest.
inline constexpr uint32_t kMaxTerminalWaitMs = 25000;

enum class TerminalOp : uint8_t {
  kOpen,    // cols, rows
  kAttach,  // terminal_id, mode, seq (= resumeSeq), replace_owner
  kList,
  kWrite,   // terminal_id, attachment, bytes
  kResize,  // terminal_id, attachment, cols, rows
  kRead,    // terminal_id, attachment, seq (= fromSeq), max_bytes, wait_ms
  kInfo,    // terminal_id, attachment
  kDetach,  // terminal_id, attachment
  kClose    // terminal_id, attachment
};

// Same numbering as schema/terminal.capnp TerminalMode / TerminalState /
// TerminalStatus (services/lib/terminal/types.h asserts its own copy).
enum class TerminalModeCode : uint8_t { kOwner, kFollower };
enum class TerminalStateCode : uint8_t { kRunning, kDetached, kExited };
using TerminalStatusCode = uint8_t;  // TerminalStatus ordinal; 0 = ok

struct TerminalRequest {
  TerminalOp op = TerminalOp::kList;
  uint32_t terminal_id = 0;
  uint32_t attachment = 0;
  TerminalModeCode mode = TerminalModeCode::kOwner;
  uint64_t seq = 0;
  bool replace_owner = false;
  uint16_t cols = 0;
  uint16_t rows = 0;
  const uint8_t* bytes = nullptr;  // kWrite; borrowed for the call only
  size_t bytes_len = 0;
  uint32_t max_bytes = 0;  // kRead; 0 = kMaxTerminalReadBytes
  uint32_t wait_ms = 0;    // kRead; <= kMaxTerminalWaitMs
};

struct TerminalInfo {
  uint32_t id = 0;
  uint16_t cols = 0;
  uint16_t rows = 0;
  TerminalStateCode state = TerminalStateCode::kRunning;
  bool owner_attached = false;
  uint32_t followers = 0;
  uint64_t oldest_seq = 0;
  uint64_t next_seq = 0;
  bool paused = false;
  uint32_t grace_ms = 0;
};

// The answer, whatever the op; the core reads the fields its op uses.
struct TerminalReply {
  TerminalStatusCode status = 0;
  uint32_t limit = 0;
  uint32_t terminal_id = 0;  // open/attach
  uint32_t attachment = 0;   // open/attach
  TerminalModeCode mode = TerminalModeCode::kOwner;
  TerminalInfo info;  // open/attach/info/resize
  TerminalInfo terminals[kMaxTerminals];
  uint32_t terminal_count = 0;     // list
  const uint8_t* bytes = nullptr;  // read: borrowed, valid during the call that hands it over
  size_t bytes_len = 0;            // <= kMaxTerminalReadBytes + kMaxTerminalMarkerBytes
  uint64_t next_seq = 0;
  uint64_t skipped = 0;
  bool more = false;
  uint64_t cursor_seq = 0;  // info
};

}  // namespace remote_session
