// The web UI's deadlines, driven by one Timer sleepUntil in flight (as the
// gateway's admission.cc): held answers, close drains, send deadlines,
// browser-session expiry and the push cadence. Request deadlines ride on
// the recv itself (its timeout is the request's remaining time).
#include "libcaprt/runtime/async.h"
#include "services/web-ui/loop.h"

namespace web_ui {

void Loop::CheckDeadlines(uint32_t i, uint64_t now) {
  Conn& c = *conns_[i];
  if (c.dying) return;
  if (c.hold_until_ms != 0 && now >= c.hold_until_ms) {
    c.hold_until_ms = 0;
    Pump(i);
    if (c.dying) return;
  }
  if (c.send_posted && now >= c.send_start_ms + kSendDeadlineMs) {
    return Finish(i, "send deadline");
  }
  if (c.closing && c.drain_deadline_ms != 0 && now >= c.drain_deadline_ms) {
    Finish(i, "peer did not take its last bytes");
  }
}

void Loop::ArmTimer() {
  if (timer_posted_) return;
  uint64_t now = NowMs();
  uint64_t earliest = table_.NextExpiryMs();
  auto consider = [&](uint64_t d) {
    if (d != 0 && d < earliest) earliest = d;
  };
  for (Conn* c : conns_) {
    if (c == nullptr || c->dying) continue;
    consider(c->hold_until_ms);
    if (c->send_posted) consider(c->send_start_ms + kSendDeadlineMs);
    if (c->closing) consider(c->drain_deadline_ms);
  }
  for (Browser* b : browsers_) {
    if (b != nullptr && b->ws_conn >= 0 && (b->watch_chat || b->watch_paperclips)) {
      consider(b->next_push_ms ? b->next_push_ms : now);
    }
  }
  consider(backend_.NextTerminalDeadlineMs());
  if (earliest == UINT64_MAX) return;
  if (earliest > now + kTimerSliceMs) earliest = now + kTimerSliceMs;
  timer_posted_ = caprt::async::SleepUntil(timer_.cap(), earliest, timer_params_,
                                           sizeof(timer_params_), Tag(kLoopIndex, kTimer));
}

void Loop::OnTimer() {
  timer_posted_ = false;
  uint64_t now = NowMs();
  for (uint32_t i = 0; i < kSlots; ++i) {
    if (conns_[i] == nullptr) continue;
    CheckDeadlines(i, now);
    MaybeFree(i);
  }
  // Abandoned browser sessions are logged out without waiting for a request.
  Ended ended;
  while (table_.Sweep(now, &ended)) EndedEntry(ended);
  for (uint32_t b = 0; b < kMaxBrowsers; ++b) {
    if (browsers_[b] != nullptr && now >= browsers_[b]->next_push_ms) PushTick(b, now);
  }
  // Terminal waits and graces: any browser may have answers now.
  uint64_t terminals = backend_.NextTerminalDeadlineMs();
  if (terminals != 0 && now >= terminals && backend_.TickTerminals()) {
    for (uint32_t b = 0; b < kMaxBrowsers; ++b) {
      if (browsers_[b] != nullptr) PumpBrowser(b);
    }
  }
}

}  // namespace web_ui
