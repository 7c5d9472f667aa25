// DTO reads waiting for output (TerminalRead.waitMs > 0 with nothing to
// answer yet). A parked read is only its question: when something may
// have changed for its terminal, TerminalSet asks the attach table again
// with the same from_seq, which is what makes a late answer follow the
// same rules as an immediate one (and acknowledge the same bytes).
// Bounded and inline: no allocation.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/terminal-host/effects.h"
#include "services/lib/terminal/attach.h"

namespace terminal_host {

struct ParkedRead {
  bool used = false;
  uint32_t call_tag = 0;
  uint32_t terminal_id = 0;
  terminal::AttachId attachment;
  uint64_t from_seq = 0;
  size_t max_bytes = 0;  // already resolved (0 means the maximum)
  uint64_t deadline_ms = 0;
};

class ParkedReads {
 public:
  explicit ParkedReads(uint32_t capacity)
      : capacity_(capacity < kMaxParkedReads ? capacity : kMaxParkedReads) {}

  // A free place, or nullptr when capacity() are parked.
  ParkedRead* Add();
  // The read parked on exactly this attachment (at most one is), or nullptr.
  ParkedRead* FindAttachment(uint32_t terminal_id, terminal::AttachId id);

  uint32_t capacity() const { return capacity_; }
  uint32_t count() const;
  // Index access for the set's scans: entries with !used are free.
  ParkedRead& at(uint32_t i) { return reads_[i]; }
  // The earliest deadline of a parked read, or UINT64_MAX.
  uint64_t NextDeadlineMs() const;

 private:
  uint32_t capacity_;
  ParkedRead reads_[kMaxParkedReads];
};

}  // namespace terminal_host
