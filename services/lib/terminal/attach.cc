#include "services/lib/terminal/attach.h"

#include "services/lib/terminal/skip_marker.h"

namespace terminal {
namespace {

// UTF-8 continuation bytes a skipped reader would otherwise start on: at
// most three follow a lead byte, so skipping more would eat real text.
constexpr int kMaxContinuationSkip = 3;

}  // namespace

AttachTable::AttachTable(OutputRing* ring, const Limits& limits, uint64_t now_ms)
    : ring_(ring),
      max_followers_(limits.max_followers < kMaxFollowers ? limits.max_followers : kMaxFollowers),
      grace_(limits.grace_ms),
      owner_cursor_(ring->next_seq()) {
  grace_.Start(now_ms);
}

uint32_t AttachTable::NextGeneration() {
  if (++generation_ == 0) generation_ = 1;  // 0 never names an attachment
  return generation_;
}

Status AttachTable::Find(AttachId id, const Slot** slot) const {
  if (state_ == State::kEnded) return Status::kEnded;
  if (id.slot >= kSlots || id.generation == 0) return Status::kDetached;
  const Slot& s = slots_[id.slot];
  if (!s.used || s.generation != id.generation) return Status::kDetached;
  *slot = &s;
  return Status::kOk;
}

Status AttachTable::Find(AttachId id, Slot** slot) {
  const Slot* s = nullptr;
  const Status st = static_cast<const AttachTable*>(this)->Find(id, &s);
  *slot = const_cast<Slot*>(s);
  return st;
}

Status AttachTable::Attach(Mode mode, uint64_t resume_seq, bool replace_owner, AttachId* id) {
  if (state_ == State::kEnded) return Status::kEnded;
  if (resume_seq > ring_->next_seq()) return Status::kFutureSeq;
  if (mode == Mode::kOwner) {
    Slot& owner = slots_[0];
    if (owner.used && !replace_owner) return Status::kOwnerAttached;
    owner.used = true;
    owner.generation = NextGeneration();  // a replaced owner's id goes stale
    // The owner's reservation never reaches below the ring: bytes already
    // lost are reported to its first read as skipped.
    const uint64_t oldest = ring_->oldest_seq();
    owner_cursor_ = resume_seq < oldest ? oldest : resume_seq;
    if (state_ == State::kDetached) {
      state_ = State::kRunning;
      grace_.Cancel();
    }
    *id = AttachId{0, owner.generation};
    return Status::kOk;
  }
  if (followers_ >= max_followers_) return Status::kTooManyFollowers;
  for (uint32_t i = 1; i < kSlots; ++i) {
    if (slots_[i].used) continue;
    slots_[i] = Slot{true, NextGeneration(), resume_seq};  // lag is found by Read
    ++followers_;
    *id = AttachId{i, slots_[i].generation};
    return Status::kOk;
  }
  return Status::kTooManyFollowers;  // unreachable: max_followers_ < kSlots
}

void AttachTable::Release(uint32_t slot, uint64_t now_ms) {
  slots_[slot].used = false;
  if (slot != 0) {
    --followers_;
  } else if (state_ == State::kRunning) {
    state_ = State::kDetached;
    grace_.Start(now_ms);
  }
  if (state_ == State::kExited) EndIfDrained();
}

Status AttachTable::Detach(AttachId id, uint64_t now_ms) {
  Slot* s = nullptr;
  const Status st = Find(id, &s);
  if (st != Status::kOk) return st;
  Release(id.slot, now_ms);
  return Status::kOk;
}

Status AttachTable::CheckInput(AttachId id) const {
  const Slot* s = nullptr;
  const Status st = Find(id, &s);
  if (st != Status::kOk) return st;
  return id.slot == 0 ? Status::kOk : Status::kFollowerInput;
}

Status AttachTable::CheckControl(AttachId id) const {
  const Slot* s = nullptr;
  const Status st = Find(id, &s);
  if (st != Status::kOk) return st;
  return id.slot == 0 ? Status::kOk : Status::kNotOwner;
}

Status AttachTable::Describe(AttachId id, Mode* mode, uint64_t* cursor_seq) const {
  const Slot* s = nullptr;
  const Status st = Find(id, &s);
  if (st != Status::kOk) return st;
  *mode = id.slot == 0 ? Mode::kOwner : Mode::kFollower;
  *cursor_seq = id.slot == 0 ? owner_cursor_ : s->cursor;
  return Status::kOk;
}

uint64_t AttachTable::SkipTarget(uint64_t from_seq) const {
  uint64_t seq = ring_->oldest_seq();
  if (from_seq >= seq) return from_seq;
  for (int i = 0; i < kMaxContinuationSkip && seq < ring_->next_seq(); ++i, ++seq) {
    if ((ring_->At(seq) & 0xC0) != 0x80) break;
  }
  return seq;
}

Status AttachTable::Read(AttachId id, uint64_t from_seq, size_t max_bytes, uint8_t* out, size_t cap,
                         ReadResult* r) {
  *r = ReadResult{};
  Slot* s = nullptr;
  const Status st = Find(id, &s);
  if (st != Status::kOk) return st;
  if (from_seq > ring_->next_seq()) return Status::kFutureSeq;
  const uint64_t start = SkipTarget(from_seq);
  // The acknowledgement: everything before `start` is the reader's (or
  // lost to it). What this read returns is acknowledged by the next one.
  if (id.slot == 0) {
    owner_cursor_ = start;
  } else {
    s->cursor = start;
  }
  r->skipped = start - from_seq;
  if (state_ == State::kExited && r->skipped == 0 && start == ring_->next_seq()) {
    Release(id.slot, 0);  // it has everything; the grace is already running
    return Status::kEnded;
  }
  if (r->skipped > 0) r->marker_length = BuildSkipMarker(r->skipped, out, cap);
  size_t room = cap - r->marker_length;
  if (max_bytes < room) room = max_bytes;
  const RingRead got = ring_->Read(start, out == nullptr ? nullptr : out + r->marker_length, room);
  r->length = r->marker_length + got.length;
  r->next_seq = got.next_seq;
  r->more = got.next_seq < ring_->next_seq();
  return Status::kOk;
}

size_t AttachTable::Writable() const {
  if (state_ == State::kExited || state_ == State::kEnded) return 0;
  const uint64_t unread = ring_->next_seq() - owner_cursor_;
  return unread >= ring_->capacity() ? 0 : ring_->capacity() - static_cast<size_t>(unread);
}

bool AttachTable::paused() const {
  return (state_ == State::kRunning || state_ == State::kDetached) && Writable() == 0;
}

Verdict AttachTable::Produce(const uint8_t* data, size_t len, size_t* taken) {
  *taken = 0;
  if (state_ == State::kExited || state_ == State::kEnded) return Verdict::kEnded;
  const size_t room = Writable();
  const size_t n = len < room ? len : room;
  ring_->Append(data, n);
  *taken = n;
  return Writable() == 0 ? Verdict::kPaused : Verdict::kOk;
}

void AttachTable::Finish(uint64_t now_ms) {
  if (state_ == State::kExited || state_ == State::kEnded) return;
  state_ = State::kExited;
  grace_.Start(now_ms);  // keeps an earlier detach deadline
  EndIfDrained();
}

void AttachTable::EndIfDrained() {
  if (owner_attached() || followers_ > 0) return;
  if (owner_cursor_ == ring_->next_seq()) End();
}

void AttachTable::End() {
  state_ = State::kEnded;
  for (Slot& s : slots_) s.used = false;
  followers_ = 0;
  grace_.Cancel();
}

bool AttachTable::Tick(uint64_t now_ms) {
  if (state_ != State::kEnded && grace_.Expired(now_ms)) End();
  return state_ == State::kEnded;
}

}  // namespace terminal
