// Reads: a client's read, and the reads that wait for output. A parked
// read is answered by asking the attach table again with the same
// from_seq, so it follows the rules of an immediate read and acknowledges
// the same bytes (re-asking acknowledges nothing new).
#include "services/lib/terminal-host/codes.h"
#include "services/lib/terminal-host/terminal_set.h"

namespace terminal_host {

using remote_session::TerminalReply;
using remote_session::TerminalRequest;
using terminal::Status;

Status TerminalSet::ReadInto(Term& t, terminal::AttachId a, uint64_t from_seq, size_t max,
                             uint8_t* buf, TerminalReply* reply) {
  *reply = TerminalReply{};
  terminal::ReadResult r;
  const Status st = t.table.Read(a, from_seq, max, buf, kReadBufferBytes, &r);
  reply->status = ToCode(st);
  if (st != Status::kOk) return st;
  reply->bytes = buf;
  reply->bytes_len = r.length;
  reply->next_seq = r.next_seq;
  reply->skipped = r.skipped;
  reply->more = r.more;
  return st;
}

Outcome TerminalSet::Read(Term& t, const TerminalRequest& q, uint32_t call_tag, uint64_t now_ms,
                          TerminalReply* out) {
  const terminal::AttachId a = DecodeAttachment(q.attachment);
  // One parked read per attachment: a newer read is the client's newer
  // acknowledgement, so the older one is answered first, as it stands
  // (re-asked later, its older from_seq would move the owner back).
  if (ParkedRead* old = parked_.FindAttachment(t.id, a)) CompleteParked(*old, &t);
  const size_t max = q.max_bytes == 0 || q.max_bytes > terminal::kMaxReadBytes
                         ? terminal::kMaxReadBytes
                         : q.max_bytes;
  Status st = ReadInto(t, a, q.seq, max, reply_buf_, out);
  // The owner's acknowledgement may give a paused shell room: its output
  // goes on, other waiting readers see it, and so does this read when it
  // had nothing yet (it caught up exactly).
  if (st == Status::kOk && a.slot == 0 && ReleaseOutput(t)) {
    Wake(t);
    if (out->bytes_len == 0) st = ReadInto(t, a, q.seq, max, reply_buf_, out);
  }
  Settle(t);  // an exited terminal this read drained has ended
  const uint32_t wait = q.wait_ms > remote_session::kMaxTerminalWaitMs
                            ? remote_session::kMaxTerminalWaitMs
                            : q.wait_ms;
  if (st != Status::kOk || out->bytes_len > 0 || wait == 0 || !t.live) return Outcome::kDone;
  ParkedRead* p = parked_.Add();
  if (p == nullptr) return Outcome::kDone;  // full: ok with no bytes, the client asks again
  *p = ParkedRead{true, call_tag, t.id, a, q.seq, max, now_ms + wait};
  *out = TerminalReply{};
  return Outcome::kPending;
}

void TerminalSet::Wake(Term& t) {
  TerminalReply reply;
  for (uint32_t i = 0; i < parked_.capacity(); ++i) {
    ParkedRead& p = parked_.at(i);
    if (!p.used || p.terminal_id != t.id) continue;
    const Status st = ReadInto(t, p.attachment, p.from_seq, p.max_bytes, wake_buf_, &reply);
    if (st == Status::kOk && reply.bytes_len == 0) continue;  // still nothing: keeps waiting
    p.used = false;  // before the callback: answered exactly once
    effects_.CompleteRead(p.call_tag, reply);
  }
}

void TerminalSet::CompleteParked(ParkedRead& p, Term* t) {
  TerminalReply reply;
  if (t == nullptr || !t->live) {
    reply.status = ToCode(Status::kEnded);
  } else {
    ReadInto(*t, p.attachment, p.from_seq, p.max_bytes, wake_buf_, &reply);
  }
  p.used = false;
  effects_.CompleteRead(p.call_tag, reply);
}

}  // namespace terminal_host
