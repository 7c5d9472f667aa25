#include <vector>

#include "services/lib/terminal-host/test_driver_model.h"
#include "services/lib/terminal/skip_marker.h"
#include "services/lib/terminal/test_bytes.h"

namespace terminal_host::test {

Term* Driver::Pick(uint8_t arg) {
  std::vector<Term*> live;
  for (auto& [id, t] : terms_)
    if (!t.stopped) live.push_back(&t);
  return live.empty() ? nullptr : live[arg % live.size()];
}

TerminalReply Driver::Call(const TerminalRequest& q, Outcome* o) {
  TerminalReply r;
  const Outcome got = set_->Call(q, next_tag_, now_, &r);
  if (o != nullptr) *o = got;
  Check(got == Outcome::kDone || o != nullptr);
  return r;
}

TerminalRequest Driver::Ref(TerminalOp op, const Term& t, uint32_t att) const {
  TerminalRequest q;
  q.op = op;
  q.terminal_id = t.id;
  q.attachment = att;
  return q;
}

// Every Effects call since the last look, in order, against the model.
void Driver::Events() {
  for (; seen_ < fx_.events.size(); ++seen_) {
    const FakeEffects::Event e = fx_.events[seen_];
    if (e.kind == Kind::kRead) {
      auto it = pending_.find(e.id);
      if (!Check(it != pending_.end())) continue;  // answered twice, or never parked
      const Pending p = it->second;
      pending_.erase(it);
      const ReadAnswer* a = nullptr;
      for (const ReadAnswer& r : fx_.reads)
        if (r.call_tag == e.id) a = &r;
      Term& t = terms_[p.id];
      Check(!t.stopped);
      t.c[p.who].pending = false;
      Answer(t, p.who, p.from, a->reply, a->bytes);
      continue;
    }
    auto it = terms_.find(e.id);
    if (!Check(it != terms_.end() && !it->second.stopped)) continue;
    Term& t = it->second;
    if (e.kind == Kind::kStop) {
      t.stopped = true;
    } else if (e.kind == Kind::kOutput) {
      Check(t.out_parked);  // the immediate answer is checked in Output
      t.out_parked = false;
    } else if (e.kind == Kind::kInput) {
      const InputAnswer* in = nullptr;
      for (const InputAnswer& a : fx_.inputs)
        if (a.id == t.id) in = &a;
      Check(t.in_parked && !t.gone);
      Check(in->bytes == t.input && in->resized == t.resized);
      // closing only as the terminal ends: StopShell follows at once
      Check(!in->closing ||
            (seen_ + 1 < fx_.events.size() && fx_.events[seen_ + 1].kind == Kind::kStop));
      t.in_parked = t.resized = false;
      t.input.clear();
    } else {
      Check(false);  // spawns are checked where they happen
    }
  }
}

void Driver::Answer(Term& t, int who, uint64_t from, const TerminalReply& r,
                    const std::string& bytes) {
  Client& c = t.c[who];
  const Status st = static_cast<Status>(r.status);
  if (st == Status::kEnded || st == Status::kDetached) {
    c.attached = false;
    return;
  }
  if (!Check(st == Status::kOk)) return;
  Check(from <= c.have);  // a newer read of the same seq may answer after the older
  size_t marker = 0;
  if (r.skipped > 0) {
    uint8_t m[terminal::kMaxMarkerBytes];
    marker = terminal::BuildSkipMarker(r.skipped, m, sizeof(m));
    Check(who != 0);  // the owner is never skipped
    Check(bytes.size() >= marker && bytes.compare(0, marker, std::string(m, m + marker)) == 0);
  }
  const uint64_t start = from + r.skipped;
  const std::vector<uint8_t> want = terminal::test::Pattern(start, bytes.size() - marker);
  Check(bytes.compare(marker, std::string::npos, std::string(want.begin(), want.end())) == 0);
  Check(r.next_seq == start + want.size());
  if (r.next_seq > c.have) c.have = r.next_seq;
}

void Driver::Read(Term& t, int who, uint8_t arg) {
  Client& c = t.c[who];
  if (!c.attached) return;
  TerminalRequest q = Ref(TerminalOp::kRead, t, c.att);
  q.seq = c.have;
  q.max_bytes = arg % 4 == 0 ? 0 : arg % 50;
  q.wait_ms = arg & 0x80 ? 1 + arg % 60 : 0;
  if (c.pending && !(arg & 0x40)) return;  // mostly one read at a time, as clients do
  Outcome o;
  const TerminalReply r = Call(q, &o);
  if (o == Outcome::kPending) {
    Check(q.wait_ms > 0);
    pending_[next_tag_] = Pending{t.id, who, q.seq};
    c.pending = true;
  }
  ++next_tag_;
  Events();                                    // a superseded read is answered first
  if (o == Outcome::kDone && !(arg & 0x20)) {  // else the answer is lost
    std::string bytes(reinterpret_cast<const char*>(r.bytes), r.bytes ? r.bytes_len : 0);
    Answer(t, who, q.seq, r, bytes);
  }
}

void Driver::Open(uint8_t arg) {
  TerminalRequest q;
  q.op = TerminalOp::kOpen;
  q.cols = arg % 16 == 0 ? 9 : 80;
  q.rows = 24;
  const size_t live = rings_.held();
  const TerminalReply r = Call(q);
  const Status st = static_cast<Status>(r.status);
  if (q.cols == 9) {
    Check(st == Status::kBadSize);
  } else if (live >= limits_.max_terminals) {
    Check(st == Status::kTooManyTerminals && r.limit == limits_.max_terminals);
  } else if (Check(st == Status::kOk)) {
    Term& t = terms_[r.terminal_id];
    Check(t.id == 0);  // never reused
    t.id = r.terminal_id;
    t.c[0] = Client{true, r.attachment, 0, false};
    t.handed_out.push_back(r.attachment);
    Check(seen_ < fx_.events.size() && fx_.events[seen_].kind == Kind::kSpawn &&
          fx_.events[seen_].id == t.id);
    ++seen_;
  }
  Events();
}

void Driver::OwnerDrop(Term& t, uint8_t arg) {
  Client& c = t.c[0];
  if (!c.attached) return;
  c.attached = false;
  if (arg & 1) {  // noticed: a detach; else the set still holds it
    const Status st = static_cast<Status>(Call(Ref(TerminalOp::kDetach, t, c.att)).status);
    Check(st == Status::kOk || st == Status::kEnded || st == Status::kDetached);
  }
  Events();
}

void Driver::OwnerResume(Term& t, bool replace) {
  Client& c = t.c[0];
  if (c.attached) return;
  TerminalRequest q;
  q.op = TerminalOp::kAttach;
  q.terminal_id = t.id;
  q.mode = TerminalModeCode::kOwner;
  q.seq = c.have;
  q.replace_owner = replace;
  const TerminalReply r = Call(q);
  Events();  // a replaced owner's parked read answers detached first
  const Status st = static_cast<Status>(r.status);
  if (st == Status::kOwnerAttached) {
    Check(!replace);
    return;
  }
  if (!Check(st == Status::kOk && r.mode == TerminalModeCode::kOwner)) return;
  c.attached = true;
  c.att = r.attachment;
  t.handed_out.push_back(r.attachment);
}

void Driver::FollowerAttach(Term& t, uint8_t arg) {
  Client& c = t.c[1 + arg % 2];
  if (c.attached) return;
  TerminalRequest q;
  q.op = TerminalOp::kAttach;
  q.terminal_id = t.id;
  q.mode = TerminalModeCode::kFollower;
  q.seq = arg & 2 ? c.have : 0;  // resume, or a new viewer
  if (q.seq == 0) c.have = 0;
  const TerminalReply r = Call(q);
  Events();
  const Status st = static_cast<Status>(r.status);
  if (st == Status::kTooManyFollowers) {
    Check(r.limit == limits_.max_followers);
    return;
  }
  if (!Check(st == Status::kOk && r.mode == TerminalModeCode::kFollower)) return;
  c.attached = true;
  c.att = r.attachment;
  t.handed_out.push_back(r.attachment);
}

void Driver::FollowerLeave(Term& t, uint8_t arg) {
  Client& c = t.c[1 + arg % 2];
  if (!c.attached) return;
  c.attached = false;
  const Status st = static_cast<Status>(Call(Ref(TerminalOp::kDetach, t, c.att)).status);
  Check(st == Status::kOk || st == Status::kDetached);
  Events();
}

}  // namespace terminal_host::test
