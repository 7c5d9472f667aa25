#include "services/lib/terminal/grace.h"

namespace terminal {

void Grace::Start(uint64_t now_ms) {
  const uint64_t deadline = now_ms > UINT64_MAX - grace_ms_ ? UINT64_MAX : now_ms + grace_ms_;
  if (running_ && deadline_ms_ <= deadline) return;
  running_ = true;
  deadline_ms_ = deadline;
}

uint64_t Grace::RemainingMs(uint64_t now_ms) const {
  if (!running_) return grace_ms_;
  return now_ms >= deadline_ms_ ? 0 : deadline_ms_ - now_ms;
}

}  // namespace terminal
