// Stub.
#include "services/lib/remote-session/transcript.h"
namespace remote_session {
Transcript::Transcript(uint32_t capacity, uint64_t started_ms)
    : capacity_(capacity), started_ms_(started_ms) {}
void Transcript::Record(uint64_t, const char*, const char*, const char*, const RedactionContext*) {}
const TranscriptEvent& Transcript::At(uint32_t i) const {
  return events_[i];
}
}  // namespace remote_session
