// The driver's operation decoding, the checks after every operation, and
// the end: every owner resumes and drains, then logout (test_driver.h).
#include <memory>

#include "services/lib/terminal-host/test_driver.h"
#include "services/lib/terminal-host/test_driver_model.h"

namespace terminal_host::test {

void Driver::Step(uint8_t op, uint8_t arg) {
  if (op % 20 < 2) {
    Open(arg);
  } else if (op % 20 == 14 || op % 20 == 15 || (op % 20 == 19 && arg % 8 != 0)) {
    now_ += arg % 64;
    set_->Tick(now_);
    Events();
  } else if (op % 20 == 19) {
    set_->EndAll(now_);
    Events();
    for (auto& [id, t] : terms_) Check(t.stopped);
  } else if (Term* t = Pick(op / 20)) {
    switch (op % 20) {
      case 2:
      case 3:
        Output(*t, arg);
        break;
      case 4:
        Input(*t, arg);
        break;
      case 5:
      case 6:
        Read(*t, 0, arg);
        break;
      case 7:
        Read(*t, 1 + arg % 2, arg);
        break;
      case 8:
        Write(*t, arg);
        break;
      case 9:
        Resize(*t, arg);
        break;
      case 10:
        OwnerDrop(*t, arg);
        break;
      case 11:
        OwnerResume(*t, arg & 1);
        break;
      case 12:
        FollowerAttach(*t, arg);
        break;
      case 13:
        FollowerLeave(*t, arg);
        break;
      case 16:
        arg % 4 == 0 ? Exit(*t, arg) : Output(*t, arg);
        break;
      case 17:
        arg % 3 == 0 ? Close(*t, arg) : Read(*t, 0, arg);
        break;
      case 18:
        Forge(*t, arg);
        break;
    }
  }
  Invariants();
}

void Driver::Invariants() {
  TerminalRequest q;
  q.op = TerminalOp::kList;
  const TerminalReply l = Call(q);
  Check(fx_.events.size() == seen_);  // a list changes nothing
  size_t live = 0;
  for (auto& [id, t] : terms_) {
    if (t.stopped) continue;
    const remote_session::TerminalInfo* info = nullptr;
    for (uint32_t i = 0; i < l.terminal_count; ++i)
      if (l.terminals[i].id == id) info = &l.terminals[i];
    if (!Check(info != nullptr)) continue;
    ++live;
    // What the shell may have is never left waiting for it.
    Check(!(t.in_parked && (!t.input.empty() || t.resized)));
    // Time only moves in Tick, so a grace that ran out has ended it.
    Check(info->state == TerminalStateCode::kRunning || info->grace_ms > 0);
    if (t.gone) {
      Check(info->next_seq <= t.sent);
    } else if (t.out_parked) {
      Check(info->next_seq < t.sent && info->paused);  // kept, not dropped
    } else {
      Check(info->next_seq == t.sent);  // answered: every byte was taken
    }
  }
  Check(l.terminal_count == live && rings_.held() == live && set_->live_count() == live);
  for (auto& [tag, p] : pending_) Check(!terms_[p.id].stopped);
  Check(set_->NextDeadlineMs() > now_);  // whatever was due, Tick did
}

void Driver::DrainOwner(Term& t) {
  Client& c = t.c[0];
  if (!c.attached) OwnerResume(t, true);
  for (int guard = 0; c.attached && guard < 100000; ++guard) {
    const uint64_t before = c.have;
    Read(t, 0, 0);  // up to the maximum, no wait, answer kept
    if (c.have == before && !t.out_parked) break;
  }
  if (!t.gone && !t.stopped) Check(c.have == t.sent && !t.out_parked);
}

void Driver::Finish() {
  for (auto& [id, t] : terms_) {
    if (!t.stopped && !t.gone) DrainOwner(t);
  }
  set_->EndAll(now_);
  Events();
  Check(pending_.empty());  // every parked read answered, once
  for (auto& [id, t] : terms_) {
    Check(t.stopped && fx_.Count(Kind::kStop, id) == 1 && fx_.Count(Kind::kSpawn, id) == 1);
  }
  Check(set_->live_count() == 0 && rings_.held() == 0 && !rings_.bad_release());
}

int RunDriver(const uint8_t* data, size_t size) {
  static const uint8_t kDefault[4] = {56, 80, 2, 3};
  const uint8_t* cfg = size >= 4 ? data : kDefault;
  auto d = std::make_unique<Driver>(cfg);
  for (size_t i = size >= 4 ? 4 : size; i + 1 < size && d->failed() == 0; i += 2)
    d->Step(data[i], data[i + 1]);
  if (d->failed() == 0) d->Finish();
  return d->failed();
}

}  // namespace terminal_host::test
