#include "services/lib/remote-session/transcript.h"

#include <string.h>

#include "services/lib/remote-session/redact.h"
#include "services/lib/remote-session/stage_clock.h"

namespace remote_session {
namespace {

void CopyCut(char* dst, size_t cap, const char* src) {
  if (src == nullptr) src = "";
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = 0;
}

}  // namespace

Transcript::Transcript(uint32_t capacity, uint64_t started_ms)
    : capacity_(capacity == 0                     ? 1
                : capacity > kMaxTranscriptEvents ? kMaxTranscriptEvents
                                                  : capacity),
      started_ms_(started_ms) {}

void Transcript::Record(uint64_t now_ms, const char* kind, const char* detail, const char* outcome,
                        const RedactionContext* redaction) {
  StageTimer timer(Stage::kTranscript);
  uint32_t slot;
  if (count_ == capacity_) {
    slot = head_;
    head_ = (head_ + 1) % capacity_;
    ++dropped_;
  } else {
    slot = (head_ + count_) % capacity_;
    ++count_;
  }
  TranscriptEvent& e = events_[slot];
  e.seq = next_seq_++;
  e.at_ms = now_ms >= started_ms_ ? now_ms - started_ms_ : 0;
  // Every field is redacted: kinds and outcomes are the core's own words,
  // but the rule is cheaper to keep than to argue about.
  CopyCut(e.kind, sizeof(e.kind), kind);
  CopyCut(e.detail, sizeof(e.detail), detail);
  CopyCut(e.outcome, sizeof(e.outcome), outcome);
  StageTimer redact(Stage::kRedact);
  Redact(e.kind, sizeof(e.kind), redaction);
  Redact(e.detail, sizeof(e.detail), redaction);
  Redact(e.outcome, sizeof(e.outcome), redaction);
}

const TranscriptEvent& Transcript::At(uint32_t i) const {
  return events_[(head_ + (i < count_ ? i : 0)) % capacity_];
}

}  // namespace remote_session
