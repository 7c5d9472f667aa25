#include "services/lib/remote-session/source_policy.h"

namespace remote_session {

uint64_t SourcePolicy::RecordFailure(uint64_t source, uint64_t now_ms) {
  Entry* e = nullptr;
  Entry* oldest = &entries_[0];
  for (Entry& x : entries_) {
    if (x.used && x.source == source) {
      e = &x;
      break;
    }
    if (!x.used || (oldest->used && x.last_ms < oldest->last_ms)) oldest = &x;
  }
  if (e == nullptr) {
    e = oldest;
    *e = Entry{true, source, 0, now_ms};
  }
  if (now_ms - e->last_ms > kForgetMs) e->failures = 0;
  e->last_ms = now_ms;
  if (e->failures < 64) e->failures++;
  if (e->failures <= kFreeFailures) return 0;
  uint32_t shift = e->failures - 1 - kFreeFailures;
  uint64_t delay = shift >= 16 ? kMaxDelayMs : kBaseDelayMs << shift;
  return delay < kMaxDelayMs ? delay : kMaxDelayMs;
}

uint32_t SourcePolicy::failures(uint64_t source, uint64_t now_ms) const {
  for (const Entry& x : entries_) {
    if (x.used && x.source == source) return now_ms - x.last_ms > kForgetMs ? 0 : x.failures;
  }
  return 0;
}

}  // namespace remote_session
