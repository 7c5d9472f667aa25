// What a TerminalSet asks of its host, and the bounds it is built with.
// The set decides; the host (the front end's IPC glue, or a test's fake)
// carries out. Every side effect goes through Effects, so the glue stays a
// thin adapter and the rules stay host-testable.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/terminal_types.h"
#include "services/lib/terminal/types.h"

namespace terminal_host {

// ShellHost consts (schema/terminal.capnp).
inline constexpr size_t kMaxInputBytes = 4096;   // one input answer; the input buffer
inline constexpr size_t kMaxOutputBytes = 4096;  // one output call
inline constexpr uint32_t kMaxShellWaitMs = 5000;
// Parked DTO reads a set holds at once (Limits::max_parked_reads is
// clamped to it). A read that finds no free place is answered at once.
inline constexpr uint32_t kMaxParkedReads = 16;
// One read's answer: the data and a skip marker in front of it.
inline constexpr size_t kReadBufferBytes = terminal::kMaxReadBytes + terminal::kMaxMarkerBytes;

struct Limits {
  uint64_t grace_ms = 60000;                         // the manifest's graceMs
  uint32_t max_followers = terminal::kMaxFollowers;  // clamped to kMaxFollowers
  uint32_t max_parked_reads = kMaxParkedReads;       // clamped to kMaxParkedReads
  uint32_t max_terminals = terminal::kMaxTerminals;  // clamped to kMaxTerminals
  size_t ring_bytes = terminal::kRingBytes;          // tests and fuzz use small rings
};

// Ring storage, one block of Limits::ring_bytes per terminal: taken when a
// terminal opens, given back when it ends. The only memory a set does not
// hold inline (four 256 KiB rings would make every set 1 MiB).
class RingStorage {
 public:
  // nullptr when none is left: the open is refused (tooManyTerminals).
  virtual uint8_t* Acquire(size_t bytes) = 0;
  virtual void Release(uint8_t* storage, size_t bytes) = 0;

 protected:
  ~RingStorage() = default;
};

// The side effects. Called only from inside a TerminalSet method; an
// implementation must not call back into the set (queue the work instead).
// Pointers handed over are valid during the call only.
class Effects {
 public:
  // Starts the terminal's shell; the host answers with ShellStarted. The
  // set may call StopShell before that answer (close, logout): the host
  // then stops the shell as soon as it exists.
  virtual void SpawnShell(uint32_t terminal_id, uint16_t cols, uint16_t rows) = 0;
  // The terminal has ended: stop the shell (if it still runs), answer a
  // still-parked ShellHost.output call with `disconnected`, free the rest.
  // Called exactly once per opened terminal; the set forgets the id.
  virtual void StopShell(uint32_t terminal_id) = 0;
  // Answers the shell's parked ShellHost.input call.
  virtual void AnswerInput(uint32_t terminal_id, const uint8_t* bytes, size_t len, uint16_t cols,
                           uint16_t rows, bool resized, bool closing) = 0;
  // Answers the shell's parked ShellHost.output call: the ring has taken
  // every byte of it.
  virtual void AnswerOutput(uint32_t terminal_id) = 0;
  // A DTO read the set left pending (TerminalSet::Call said kPending) has
  // its answer; reply.bytes is valid during this call only.
  virtual void CompleteRead(uint32_t call_tag, const remote_session::TerminalReply& reply) = 0;

 protected:
  ~Effects() = default;
};

}  // namespace terminal_host
