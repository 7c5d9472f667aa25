// Pre-auth admission for the gateway's event loop: grace period, eviction
// of the oldest pre-auth connection when every slot is taken, source-penalty
// holds and close drains, all driven by one Timer sleepUntil (conn_loop.h).
#include "libcaprt/runtime/async.h"
#include "services/gateway/conn.h"
#include "services/gateway/conn_loop.h"

namespace gateway {

bool Loop::Evict() {
  // The oldest connection (lowest event id) without a live session. A
  // closing one already gave its unit back, so it is never picked twice.
  Conn* victim = nullptr;
  uint32_t at = 0;
  for (uint32_t i = 0; i < kSlots; ++i) {
    Conn* c = conns_[i];
    if (c == nullptr || c->dying || c->closing || !c->counted) continue;
    const rs::Session& core = c->sess->core;
    // A connection joined to a live session is never pre-auth.
    if (core.state() == rs::SessionState::kAuthenticated || core.busy() || c->sess->conns > 1)
      continue;
    if (victim == nullptr || c->event < victim->event) {
      victim = c;
      at = i;
    }
  }
  if (victim == nullptr) return false;
  uint64_t now = NowMs();
  victim->hold_until_ms = 0;
  if (victim->Room()) {
    Emit(*victim->sess, victim->sess->core.Evicted(now, staging_, sizeof(staging_)), int(at));
  }
  victim->Close(now);
  // Its unit goes to the new connection now; the slot follows once the
  // typed denial is sent (or the drain deadline passes).
  victim->counted = false;
  connections_.Release();
  console_.Printf("evict event=%llu: pre-auth slot given to a newer connection\n",
                  (unsigned long long)victim->event);
  Pump(at);
  return true;
}

void Loop::CheckDeadlines(uint32_t i, uint64_t now) {
  Conn& c = *conns_[i];
  if (c.dying) return;
  if (c.hold_until_ms != 0 && now >= c.hold_until_ms) {
    c.hold_until_ms = 0;
    Pump(i);
    if (c.dying) return;
  }
  uint64_t grace = c.sess->core.GraceDeadlineMs();
  if (!c.closing && grace != 0 && now >= grace && c.Room()) {
    Emit(*c.sess, c.sess->core.GraceExpired(now, staging_, sizeof(staging_)), int(i));
    console_.Printf("disconnect event=%llu: no login within the grace period\n",
                    (unsigned long long)c.event);
    Pump(i);
    if (c.dying) return;
  }
  if (c.closing && c.drain_deadline_ms != 0 && now >= c.drain_deadline_ms) {
    Finish(i, "peer did not take its last bytes");
  }
}

void Loop::ArmTimer() {
  if (timer_posted_) return;
  uint64_t earliest = 0;
  for (Conn* c : conns_) {
    if (c == nullptr || c->dying) continue;
    uint64_t d = c->closing ? c->drain_deadline_ms : c->sess->core.GraceDeadlineMs();
    if (c->hold_until_ms != 0 && (d == 0 || c->hold_until_ms < d)) d = c->hold_until_ms;
    if (d != 0 && (earliest == 0 || d < earliest)) earliest = d;
  }
  for (Sess* s : sess_) {
    if (s != nullptr && s->park_until_ms != 0 && (earliest == 0 || s->park_until_ms < earliest))
      earliest = s->park_until_ms;
  }
  uint64_t terminals = backend_.NextTerminalDeadlineMs();
  if (terminals != 0 && (earliest == 0 || terminals < earliest)) earliest = terminals;
  if (earliest == 0) return;
  uint64_t now = NowMs();
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
  // Terminal waits and graces: any session may have answers now.
  uint64_t terminals = backend_.NextTerminalDeadlineMs();
  if (terminals != 0 && now >= terminals && backend_.TickTerminals()) {
    for (Sess* s : sess_) {
      if (s != nullptr) Pump(*s);
    }
  }
  // A parked session nobody came back to within the terminal grace.
  for (Sess* s : sess_) {
    if (s != nullptr && s->park_until_ms != 0 && now >= s->park_until_ms)
      EndSess(s, "nobody resumed it within the terminal grace period");
  }
}

}  // namespace gateway
