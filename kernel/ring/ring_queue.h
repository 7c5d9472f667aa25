// Index arithmetic of the SQ/CQ rings. Heads and tails are free-running
// uint32 counters written by two parties; the side reading a counter it
// does not own must treat it as hostile. Pure and host-testable.
#pragma once

#include <stdint.h>

namespace ringq {

// Entries between head and tail, or -1 when tail is more than `entries`
// ahead of head (a corrupted or hostile counter: index overflow).
inline int64_t used(uint32_t head, uint32_t tail, uint32_t entries) {
  uint32_t d = tail - head;
  return d > entries ? -1 : static_cast<int64_t>(d);
}

// CQ slots the kernel may still fill without overwriting an unread CQE,
// after keeping `reserved` slots for completions already promised to
// in-flight asynchronous calls. -1 if cq_head is corrupt.
inline int64_t cq_free(uint32_t head, uint32_t tail, uint32_t entries, uint32_t reserved) {
  int64_t u = used(head, tail, entries);
  if (u < 0) return -1;
  int64_t f = static_cast<int64_t>(entries) - u - reserved;
  return f < 0 ? 0 : f;
}

inline uint32_t slot(uint32_t index, uint32_t entries) {
  return index & (entries - 1);
}

}  // namespace ringq
