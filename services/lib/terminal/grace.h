// The grace period of a terminal nobody owns at the moment: the owner
// detached (or never attached, or the shell exited with output unread). It
// ends the terminal `grace_ms` after it starts unless cancelled, so a
// reattach within it resumes the same shell and an abandoned one is
// reaped. Time is the caller's monotonic milliseconds; nothing here reads
// a clock.
#pragma once

#include <stdint.h>

namespace terminal {

class Grace {
 public:
  explicit Grace(uint64_t grace_ms) : grace_ms_(grace_ms) {}

  uint64_t grace_ms() const { return grace_ms_; }
  bool running() const { return running_; }
  // The instant it runs out (saturating); meaningful while running().
  uint64_t deadline_ms() const { return deadline_ms_; }

  // Starts the period at now_ms. An earlier deadline already running is
  // kept: a second reason to end never extends the first one's time.
  void Start(uint64_t now_ms);
  void Cancel() { running_ = false; }

  // True once running and now_ms has reached the deadline.
  bool Expired(uint64_t now_ms) const { return running_ && now_ms >= deadline_ms_; }
  // Milliseconds left (0 once expired); grace_ms() when not running.
  uint64_t RemainingMs(uint64_t now_ms) const;

 private:
  uint64_t grace_ms_;
  bool running_ = false;
  uint64_t deadline_ms_ = 0;
};

}  // namespace terminal
