// TerminalSet: the set itself (ids, open, attach, list), the end of a
// terminal and time. The other calls are in session_calls.cc (a client's
// calls on one terminal), reads.cc and shell_calls.cc.
#include "services/lib/terminal-host/terminal_set.h"

#include "services/lib/terminal-host/codes.h"

namespace terminal_host {

using remote_session::TerminalInfo;
using remote_session::TerminalReply;
using remote_session::TerminalRequest;
using terminal::Status;

namespace {

uint32_t Clamp(uint32_t v, uint32_t max) {
  return v < max ? v : max;
}

}  // namespace

TerminalSet::TerminalSet(Effects& effects, RingStorage& storage, const Limits& limits)
    : effects_(effects), storage_(storage), limits_(limits), parked_(limits.max_parked_reads) {
  limits_.max_followers = Clamp(limits_.max_followers, terminal::kMaxFollowers);
  limits_.max_terminals = Clamp(limits_.max_terminals, terminal::kMaxTerminals);
  limits_.max_parked_reads = parked_.capacity();
}

TerminalSet::~TerminalSet() {
  for (Term& t : terms_) {
    if (t.live) storage_.Release(t.storage, limits_.ring_bytes);
  }
}

TerminalSet::Term* TerminalSet::FindLive(uint32_t id) {
  for (Term& t : terms_) {
    if (t.live && t.id == id) return &t;
  }
  return nullptr;
}

const TerminalSet::Term* TerminalSet::FindLive(uint32_t id) const {
  return const_cast<TerminalSet*>(this)->FindLive(id);
}

// Ids are handed out in order and never reused, so an id below next_id_
// that is not live has ended. Telling that apart from an id never issued
// says nothing about other sessions: ids are local to this set.
remote_session::TerminalStatusCode TerminalSet::Missing(uint32_t id) const {
  return ToCode(id != 0 && id < next_id_ ? Status::kEnded : Status::kUnknownTerminal);
}

uint32_t TerminalSet::live_count() const {
  uint32_t n = 0;
  for (const Term& t : terms_) n += t.live ? 1 : 0;
  return n;
}

void TerminalSet::Describe(const Term& t, uint64_t now_ms, TerminalInfo* info) const {
  *info = TerminalInfo{};
  info->id = t.id;
  info->cols = t.cols;
  info->rows = t.rows;
  info->state = ToCode(t.table.state());
  info->owner_attached = t.table.owner_attached();
  info->followers = t.table.followers();
  info->oldest_seq = t.ring.oldest_seq();
  info->next_seq = t.ring.next_seq();
  info->paused = t.table.paused();
  // Running: the period; detached or exited: what is left of it.
  const uint64_t grace = t.table.grace().RemainingMs(now_ms);
  info->grace_ms = grace > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(grace);
}

Outcome TerminalSet::Call(const TerminalRequest& q, uint32_t call_tag, uint64_t now_ms,
                          TerminalReply* out) {
  *out = TerminalReply{};
  switch (q.op) {
    case remote_session::TerminalOp::kOpen:
      Open(q, now_ms, out);
      return Outcome::kDone;
    case remote_session::TerminalOp::kAttach:
      Attach(q, now_ms, out);
      return Outcome::kDone;
    case remote_session::TerminalOp::kList:
      List(now_ms, out);
      return Outcome::kDone;
    default:
      break;
  }
  Term* t = FindLive(q.terminal_id);
  if (t == nullptr) {
    out->status = Missing(q.terminal_id);
    return Outcome::kDone;
  }
  if (q.op == remote_session::TerminalOp::kRead) return Read(*t, q, call_tag, now_ms, out);
  OnTerminal(*t, q, now_ms, out);
  return Outcome::kDone;
}

void TerminalSet::Open(const TerminalRequest& q, uint64_t now_ms, TerminalReply* out) {
  if (!terminal::ValidSize(q.cols, q.rows)) {
    out->status = ToCode(Status::kBadSize);
    return;
  }
  Term* t = nullptr;
  for (Term& each : terms_) {
    if (!each.live && t == nullptr) t = &each;
  }
  // Ids run out after 2^32 - 1 opens; the set then opens no more.
  if (live_count() >= limits_.max_terminals || t == nullptr || next_id_ == UINT32_MAX) {
    out->status = ToCode(Status::kTooManyTerminals);
    out->limit = limits_.max_terminals;
    return;
  }
  uint8_t* storage = storage_.Acquire(limits_.ring_bytes);
  if (storage == nullptr) {  // the host's rings ran out first: that is the bound hit
    out->status = ToCode(Status::kTooManyTerminals);
    out->limit = live_count();
    return;
  }
  t->live = true;
  t->id = next_id_++;
  t->cols = q.cols;
  t->rows = q.rows;
  t->storage = storage;
  t->ring = terminal::OutputRing(storage, limits_.ring_bytes);
  t->table = terminal::AttachTable(
      &t->ring, terminal::Limits{limits_.max_followers, limits_.grace_ms}, now_ms);
  t->shell_gone = t->input_parked = t->resized = t->output_parked = false;
  t->input_len = t->output_off = t->output_len = 0;
  terminal::AttachId owner;
  t->table.Attach(terminal::Mode::kOwner, 0, false, &owner);  // a new table: always ok
  effects_.SpawnShell(t->id, t->cols, t->rows);
  out->terminal_id = t->id;
  out->attachment = EncodeAttachment(owner);
  out->mode = TerminalModeCode::kOwner;
  Describe(*t, now_ms, &out->info);
}

void TerminalSet::Attach(const TerminalRequest& q, uint64_t now_ms, TerminalReply* out) {
  Term* t = FindLive(q.terminal_id);
  if (t == nullptr) {
    out->status = Missing(q.terminal_id);
    return;
  }
  const terminal::Mode mode = FromCode(q.mode);
  terminal::AttachId id;
  const Status st = t->table.Attach(mode, q.seq, q.replace_owner, &id);
  out->status = ToCode(st);
  if (st == Status::kTooManyFollowers) out->limit = limits_.max_followers;
  if (st != Status::kOk) return;
  // An owner's resume seq is its acknowledgement: a paused shell may go
  // on. A replaced owner's parked read now answers `detached`.
  if (mode == terminal::Mode::kOwner) {
    ReleaseOutput(*t);
    Wake(*t);
  }
  out->terminal_id = t->id;
  out->attachment = EncodeAttachment(id);
  out->mode = ToCode(mode);
  Describe(*t, now_ms, &out->info);
}

void TerminalSet::List(uint64_t now_ms, TerminalReply* out) {
  // Few enough to pick the next-lowest id each time.
  uint32_t after = 0;
  for (;;) {
    const Term* next = nullptr;
    for (const Term& t : terms_) {
      if (t.live && t.id > after && (next == nullptr || t.id < next->id)) next = &t;
    }
    if (next == nullptr) break;
    Describe(*next, now_ms, &out->terminals[out->terminal_count++]);
    after = next->id;
  }
}

void TerminalSet::Settle(Term& t) {
  if (t.live && t.table.state() == terminal::State::kEnded) EndTerminal(t);
}

// StopShell is the last Effects call that names the terminal: its readers
// and its shell hear first.
void TerminalSet::EndTerminal(Term& t) {
  t.table.End();
  for (uint32_t i = 0; i < parked_.capacity(); ++i) {
    ParkedRead& p = parked_.at(i);
    if (p.used && p.terminal_id == t.id) CompleteParked(p, &t);  // `ended` now
  }
  if (!t.shell_gone && t.input_parked) AnswerInputNow(t, /*closing=*/true);
  effects_.StopShell(t.id);
  storage_.Release(t.storage, limits_.ring_bytes);
  t.storage = nullptr;
  t.ring = terminal::OutputRing(nullptr, 0);
  t.table = terminal::AttachTable(&t.ring, terminal::Limits{}, 0);
  t.live = false;
}

void TerminalSet::EndAll(uint64_t now_ms) {
  (void)now_ms;
  for (Term& t : terms_) {
    if (t.live) EndTerminal(t);
  }
}

void TerminalSet::Tick(uint64_t now_ms) {
  for (Term& t : terms_) {
    if (!t.live) continue;
    if (t.input_parked && now_ms >= t.input_deadline_ms) AnswerInputNow(t, false);
    if (t.table.Tick(now_ms)) EndTerminal(t);  // the grace ran out
  }
  for (uint32_t i = 0; i < parked_.capacity(); ++i) {
    ParkedRead& p = parked_.at(i);
    if (!p.used || now_ms < p.deadline_ms) continue;
    CompleteParked(p, FindLive(p.terminal_id));  // ok with no bytes, mostly
  }
  for (Term& t : terms_) Settle(t);  // a late read may have drained an exited one
}

uint64_t TerminalSet::NextDeadlineMs() const {
  uint64_t next = parked_.NextDeadlineMs();
  for (const Term& t : terms_) {
    if (!t.live) continue;
    if (t.input_parked && t.input_deadline_ms < next) next = t.input_deadline_ms;
    const terminal::Grace& g = t.table.grace();
    if (g.running() && g.deadline_ms() < next) next = g.deadline_ms();
  }
  return next;
}

}  // namespace terminal_host
