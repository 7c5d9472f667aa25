#include "services/lib/terminal-host/parked_reads.h"

namespace terminal_host {

ParkedRead* ParkedReads::Add() {
  for (uint32_t i = 0; i < capacity_; ++i) {
    if (!reads_[i].used) return &reads_[i];
  }
  return nullptr;
}

ParkedRead* ParkedReads::FindAttachment(uint32_t terminal_id, terminal::AttachId id) {
  for (uint32_t i = 0; i < capacity_; ++i) {
    ParkedRead& p = reads_[i];
    if (p.used && p.terminal_id == terminal_id && p.attachment.slot == id.slot &&
        p.attachment.generation == id.generation) {
      return &p;
    }
  }
  return nullptr;
}

uint32_t ParkedReads::count() const {
  uint32_t n = 0;
  for (uint32_t i = 0; i < capacity_; ++i) n += reads_[i].used ? 1 : 0;
  return n;
}

uint64_t ParkedReads::NextDeadlineMs() const {
  uint64_t next = UINT64_MAX;
  for (uint32_t i = 0; i < capacity_; ++i) {
    if (reads_[i].used && reads_[i].deadline_ms < next) next = reads_[i].deadline_ms;
  }
  return next;
}

}  // namespace terminal_host
