#include "services/lib/terminal-host/test_host.h"

namespace terminal_host::test {

void Host::Make(const Limits& limits) {
  if (set) set->EndAll(now);
  set = std::make_unique<TerminalSet>(fx, rings, limits);
  fx.Clear();
  for (uint64_t& s : shell_seq) s = 0;
}

TerminalReply Host::Do(const TerminalRequest& q, Outcome* outcome, uint32_t tag) {
  TerminalReply r;
  const Outcome o = set->Call(q, tag, now, &r);
  if (outcome != nullptr) *outcome = o;
  return r;
}

TerminalReply Host::Open(uint16_t cols, uint16_t rows) {
  TerminalRequest q;
  q.op = TerminalOp::kOpen;
  q.cols = cols;
  q.rows = rows;
  return Do(q);
}

TerminalReply Host::Attach(uint32_t id, terminal::Mode mode, uint64_t seq, bool replace) {
  TerminalRequest q;
  q.op = TerminalOp::kAttach;
  q.terminal_id = id;
  q.mode = ToCode(mode);
  q.seq = seq;
  q.replace_owner = replace;
  return Do(q);
}

TerminalReply Host::List() {
  TerminalRequest q;
  q.op = TerminalOp::kList;
  return Do(q);
}

namespace {

TerminalRequest Ref(TerminalOp op, uint32_t id, uint32_t att) {
  TerminalRequest q;
  q.op = op;
  q.terminal_id = id;
  q.attachment = att;
  return q;
}

}  // namespace

TerminalReply Host::Write(uint32_t id, uint32_t att, const std::string& bytes) {
  TerminalRequest q = Ref(TerminalOp::kWrite, id, att);
  q.bytes = reinterpret_cast<const uint8_t*>(bytes.data());
  q.bytes_len = bytes.size();
  return Do(q);
}

TerminalReply Host::Resize(uint32_t id, uint32_t att, uint16_t cols, uint16_t rows) {
  TerminalRequest q = Ref(TerminalOp::kResize, id, att);
  q.cols = cols;
  q.rows = rows;
  return Do(q);
}

TerminalReply Host::Info(uint32_t id, uint32_t att) {
  return Do(Ref(TerminalOp::kInfo, id, att));
}
TerminalReply Host::Detach(uint32_t id, uint32_t att) {
  return Do(Ref(TerminalOp::kDetach, id, att));
}
TerminalReply Host::Close(uint32_t id, uint32_t att) {
  return Do(Ref(TerminalOp::kClose, id, att));
}

namespace {

Got FromReply(const TerminalReply& r, Outcome o) {
  Got g;
  g.outcome = o;
  g.status = St(r);
  if (r.bytes != nullptr) g.bytes.assign(reinterpret_cast<const char*>(r.bytes), r.bytes_len);
  g.next_seq = r.next_seq;
  g.skipped = r.skipped;
  g.more = r.more;
  return g;
}

}  // namespace

Got Host::Read(uint32_t id, uint32_t att, uint64_t from, uint32_t max, uint32_t wait_ms,
               uint32_t tag) {
  TerminalRequest q = Ref(TerminalOp::kRead, id, att);
  q.seq = from;
  q.max_bytes = max;
  q.wait_ms = wait_ms;
  Outcome o;
  const TerminalReply r = Do(q, &o, tag);
  return FromReply(r, o);
}

Got Host::Completed(uint32_t tag) {
  const ReadAnswer* found = nullptr;
  int n = 0;
  for (const ReadAnswer& a : fx.reads) {
    if (a.call_tag != tag) continue;
    found = &a;
    ++n;
  }
  EXPECT_EQ(n, 1) << "CompleteRead(" << tag << ") calls";
  if (found == nullptr) return Got{Outcome::kPending, Status::kOk, "", 0, 0, false};
  Got g = FromReply(found->reply, Outcome::kDone);
  g.bytes = found->bytes;
  return g;
}

ShellAnswer Host::ShellWrites(uint32_t id, size_t n) {
  const std::vector<uint8_t> p = terminal::test::Pattern(shell_seq[id], n);
  shell_seq[id] += n;
  return set->ShellOutput(id, p.data(), p.size(), now);
}

ShellAnswer Host::ShellWritesText(uint32_t id, const std::string& s) {
  shell_seq[id] += s.size();
  return set->ShellOutput(id, reinterpret_cast<const uint8_t*>(s.data()), s.size(), now);
}

void Host::OwnerCatchesUp(uint32_t id, uint32_t att, uint64_t* have) {
  for (int guard = 0; guard < 100000; ++guard) {
    const Got g = Read(id, att, *have);
    ASSERT_EQ(g.status, Status::kOk);
    ASSERT_EQ(g.skipped, 0u);
    const std::vector<uint8_t> want = terminal::test::Pattern(*have, g.bytes.size());
    ASSERT_EQ(g.bytes, std::string(want.begin(), want.end())) << "from " << *have;
    ASSERT_EQ(g.next_seq, *have + g.bytes.size());
    *have = g.next_seq;
    if (g.bytes.empty()) return;
  }
  FAIL() << "owner never caught up";
}

}  // namespace terminal_host::test
