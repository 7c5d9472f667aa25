#include "services/lib/terminal/test_model.h"

#include <string.h>

#include "services/lib/terminal/skip_marker.h"
#include "services/lib/terminal/test_bytes.h"

namespace terminal::test {
namespace {

bool IsPattern(const uint8_t* p, size_t n, uint64_t seq) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != PatternByte(seq + i)) return false;
  return true;
}

uint64_t Min(uint64_t a, uint64_t b) {
  return a < b ? a : b;
}

}  // namespace

Model::Model(size_t capacity, uint32_t max_followers)
    : ring_(storage_, capacity < kMaxCapacity ? capacity : kMaxCapacity),
      table_(&ring_, Limits{max_followers, 50}, 0),
      limit_(max_followers < kMaxFollowers ? max_followers : kMaxFollowers) {
  Check(table_.Attach(Mode::kOwner, 0, false, &owner_.id) == Status::kOk);
  owner_.attached = true;
}

bool Model::Check(bool ok, int line) {
  if (!ok && failed_line_ == 0) failed_line_ = line;
  return ok;
}

void Model::Produce(size_t n) {
  uint8_t bytes[64];
  n = Min(n, sizeof(bytes));
  for (size_t i = 0; i < n; ++i) bytes[i] = PatternByte(ring_.next_seq() + i);
  const State before = table_.state();
  const size_t room = table_.Writable();
  size_t taken = 99;
  const Verdict v = table_.Produce(bytes, n, &taken);
  if (before == State::kExited || before == State::kEnded) {
    Check(v == Verdict::kEnded && taken == 0);
    return;
  }
  Check(taken == Min(n, room));  // exactly what fits: nothing dropped
  Check(v == (table_.Writable() == 0 ? Verdict::kPaused : Verdict::kOk));
}

void Model::OwnerRead(size_t max, bool lost) {
  if (!owner_.attached) return;
  uint8_t out[kMaxRead + kMaxMarkerBytes];
  ReadResult r;
  max = Min(max, kMaxRead);
  const State before = table_.state();
  const uint64_t next = ring_.next_seq();
  const Status st = table_.Read(owner_.id, owner_.have, max, out, sizeof(out), &r);
  if (before == State::kEnded || (before == State::kExited && owner_.have == next)) {
    Check(st == Status::kEnded);
    owner_.attached = false;
    return;
  }
  if (!Check(st == Status::kOk)) return;
  Check(r.skipped == 0 && r.marker_length == 0);  // the owner is never skipped
  Check(r.length == Min(max, next - owner_.have));
  Check(IsPattern(out, r.length, owner_.have));
  Check(r.next_seq == owner_.have + r.length);
  if (!lost) owner_.have = r.next_seq;
}

void Model::OwnerDrop(bool noticed) {
  if (!owner_.attached) return;
  owner_.attached = false;
  if (!noticed) return;  // the terminal still has it attached
  const Status want = ended() ? Status::kEnded : Status::kOk;
  Check(table_.Detach(owner_.id, now_) == want);
}

void Model::OwnerResume(bool replace) {
  if (owner_.attached) return;
  AttachId id;
  const bool other = table_.owner_attached();
  const Status st = table_.Attach(Mode::kOwner, owner_.have, replace, &id);
  if (ended()) return (void)Check(st == Status::kEnded);
  if (other && !replace) return (void)Check(st == Status::kOwnerAttached);
  if (!Check(st == Status::kOk)) return;
  Check(table_.CheckInput(owner_.id) == Status::kDetached);  // the old one is stale
  owner_ = Client{true, id, owner_.have};
}

void Model::FollowerAttach(uint8_t how) {
  Client* free_client = nullptr;
  for (Client& f : followers_)
    if (!f.attached) free_client = &f;
  const uint64_t resume = how % 3 == 0 ? 0 : how % 3 == 1 ? ring_.oldest_seq() : ring_.next_seq();
  AttachId id;
  const uint32_t count = table_.followers();
  const Status st = table_.Attach(Mode::kFollower, resume, false, &id);
  if (ended()) return (void)Check(st == Status::kEnded);
  if (count >= limit_) return (void)Check(st == Status::kTooManyFollowers);
  if (!Check(st == Status::kOk && free_client != nullptr)) return;
  Check(table_.CheckInput(id) == Status::kFollowerInput);
  *free_client = Client{true, id, resume};
}

void Model::FollowerRead(Client& f, size_t max) {
  if (!f.attached) return;
  uint8_t out[kMaxRead + kMaxMarkerBytes];
  ReadResult r;
  max = Min(max, kMaxRead);
  const State before = table_.state();
  const uint64_t oldest = ring_.oldest_seq(), next = ring_.next_seq();
  const size_t writable = table_.Writable();
  const Status st = table_.Read(f.id, f.have, max, out, sizeof(out), &r);
  const uint64_t start = f.have < oldest ? oldest : f.have;
  if (before == State::kEnded || (before == State::kExited && f.have == next)) {
    Check(st == Status::kEnded);
    f.attached = false;
    return;
  }
  if (!Check(st == Status::kOk)) return;
  Check(table_.Writable() == writable);  // a follower never pauses the owner
  Check(r.skipped == start - f.have);
  uint8_t marker[kMaxMarkerBytes];
  const size_t m = BuildSkipMarker(r.skipped, marker, sizeof(marker));
  if (!Check(r.marker_length == m && r.length >= m)) return;
  Check(memcmp(out, marker, m) == 0);
  Check(r.length - m == Min(max, next - start));
  Check(IsPattern(out + m, r.length - m, start));
  Check(r.next_seq == start + (r.length - m));
  f.have = r.next_seq;
}

void Model::FollowerLeave(Client& f) {
  if (!f.attached) return;
  f.attached = false;
  const Status want = ended() ? Status::kEnded : Status::kOk;
  Check(table_.Detach(f.id, now_) == want);
}

void Model::Pass(uint8_t ms) {
  const bool due = table_.grace().Expired(now_ + ms);
  const bool was = ended();
  now_ += ms;
  Check(table_.Tick(now_) == (was || due));
}

void Model::Finish() {
  const bool was = ended();
  table_.Finish(now_);
  if (was) return (void)Check(ended());
  // Nobody left to read, and the owner has everything: nothing to wait for.
  const bool drained = !table_.owner_attached() && table_.followers() == 0 &&
                       table_.owner_cursor() == ring_.next_seq();
  Check(ended() == drained);
}

void Model::Step(uint8_t op, uint8_t arg) {
  switch (op % 12) {
    case 0:
    case 1:
      return Produce(arg % 48);
    case 2:
    case 3:
      return OwnerRead(arg % (kMaxRead + 1), (arg & 0x80) != 0);
    case 4:
      return OwnerDrop((arg & 1) != 0);
    case 5:
      return OwnerResume((arg & 1) != 0);
    case 6:
      return FollowerAttach(arg);
    case 7:
      return FollowerRead(followers_[arg % kMaxFollowers], (arg >> 3) % (kMaxRead + 1));
    case 8:
      return FollowerLeave(followers_[arg % kMaxFollowers]);
    case 9:
      return Pass(arg);
    case 10:
      return Finish();
    default:
      if (arg == 0xFF) table_.End();  // rare: close or logout
      return;
  }
}

void Model::CheckInvariants() {
  if (ended()) return (void)Check(table_.Writable() == 0 && !table_.paused());
  const uint64_t cursor = table_.owner_cursor();
  Check(ring_.oldest_seq() <= cursor && cursor <= ring_.next_seq());
  Check(cursor <= owner_.have && owner_.have <= ring_.next_seq());
  const bool live = table_.state() != State::kExited;
  const size_t room = live ? ring_.capacity() - (ring_.next_seq() - cursor) : 0;
  Check(table_.Writable() == room);
  Check(table_.paused() == (live && room == 0));
}

void Model::Drain() {
  if (ended()) return;
  if (!owner_.attached) OwnerResume(true);
  while (owner_.have < ring_.next_seq() && failed_line_ == 0) {
    const uint64_t before = owner_.have;
    OwnerRead(kMaxRead, false);
    Check(owner_.have > before);
  }
}

int RunModel(const uint8_t* data, size_t size) {
  size_t at = 0;
  auto byte = [&]() -> uint8_t { return at < size ? data[at++] : 0; };
  const size_t capacity = 1 + byte() % Model::kMaxCapacity;
  Model model(capacity, byte() % (kMaxFollowers + 2));
  while (at < size && model.failed_line() == 0) {
    const uint8_t op = byte();
    model.Step(op, byte());
    model.CheckInvariants();
  }
  model.Drain();
  return model.failed_line();
}

}  // namespace terminal::test
