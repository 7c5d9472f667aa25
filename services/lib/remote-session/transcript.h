// The per-connection transcript: what happened, in order, redacted at the
// point of recording. A bounded ring: when full the oldest event is dropped
// and counted; the export starts with a "dropped" event carrying the count
// so nothing is lost silently.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace remote_session {

inline constexpr uint32_t kMaxTranscriptEvents = 256;
inline constexpr size_t kTranscriptKindBytes = 24;
inline constexpr size_t kTranscriptDetailBytes = 96;
inline constexpr size_t kTranscriptOutcomeBytes = 24;

struct TranscriptEvent {
  uint32_t seq = 0;
  uint64_t at_ms = 0;  // since the connection started
  char kind[kTranscriptKindBytes] = {};
  char detail[kTranscriptDetailBytes] = {};
  char outcome[kTranscriptOutcomeBytes] = {};
};

struct RedactionContext;

class Transcript {
 public:
  // capacity is clamped to 1..kMaxTranscriptEvents.
  Transcript(uint32_t capacity, uint64_t started_ms);

  // Appends an event; `detail` is passed through Redact() with `redaction`
  // (may be null: only the fixed patterns apply). Strings are truncated to
  // their fields.
  void Record(uint64_t now_ms, const char* kind, const char* detail, const char* outcome,
              const RedactionContext* redaction);

  uint32_t size() const { return count_; }  // events held
  uint32_t capacity() const { return capacity_; }
  uint64_t dropped() const { return dropped_; }
  // i-th held event, oldest first (i < size()).
  const TranscriptEvent& At(uint32_t i) const;

 private:
  TranscriptEvent events_[kMaxTranscriptEvents];
  uint32_t capacity_;
  uint32_t head_ = 0;  // index of the oldest event
  uint32_t count_ = 0;
  uint32_t next_seq_ = 1;
  uint64_t dropped_ = 0;
  uint64_t started_ms_;
};

}  // namespace remote_session
