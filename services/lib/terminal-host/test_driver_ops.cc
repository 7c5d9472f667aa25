// The driver's writes, resizes, closes, forged calls and the shell's
// calls (test_driver_model.h), each checked against the model.
#include <vector>

#include "services/lib/terminal-host/test_driver_model.h"
#include "services/lib/terminal/test_bytes.h"

namespace terminal_host::test {

void Driver::Write(Term& t, uint8_t arg) {
  const int who = arg & 1 ? 1 + (arg >> 1) % 2 : 0;
  Client& c = t.c[who];
  if (!c.attached) return;
  const size_t len = arg % 3 == 0 ? 3900 + arg * 2 : arg % 40;
  std::string bytes(len, 'a');
  for (size_t i = 0; i < len; ++i) bytes[i] = static_cast<char>('a' + (i + arg) % 26);
  TerminalRequest q = Ref(TerminalOp::kWrite, t, c.att);
  q.bytes = reinterpret_cast<const uint8_t*>(bytes.data());
  q.bytes_len = len;
  const TerminalReply r = Call(q);
  const Status st = static_cast<Status>(r.status);
  if (st == Status::kDetached || st == Status::kEnded) {  // it lost its attachment unawares
    c.attached = false;
  } else if (who != 0) {
    Check(st == Status::kFollowerInput);
  } else if (len > terminal::kMaxWriteBytes) {
    Check(st == Status::kTooLarge && r.limit == terminal::kMaxWriteBytes);
  } else if (len == 0 || t.gone) {
    Check(st == Status::kOk);
  } else if (t.input.size() + len > kMaxInputBytes) {
    Check(st == Status::kInputFull);
  } else if (Check(st == Status::kOk)) {
    t.input += bytes;
  }
  Events();
}

void Driver::Resize(Term& t, uint8_t arg) {
  Client& c = t.c[0];
  if (!c.attached) return;
  TerminalRequest q = Ref(TerminalOp::kResize, t, c.att);
  q.cols = static_cast<uint16_t>(5 + arg * 2);
  q.rows = 24;
  const Status st = static_cast<Status>(Call(q).status);
  if (st == Status::kDetached || st == Status::kEnded) {
    c.attached = false;
  } else if (q.cols < terminal::kMinCols || q.cols > terminal::kMaxCols) {
    Check(st == Status::kBadSize);
  } else if (Check(st == Status::kOk)) {
    t.resized = !t.gone;
  }
  Events();
}

void Driver::Close(Term& t, uint8_t arg) {
  const int who = arg & 1 ? 1 + (arg >> 1) % 2 : 0;
  Client& c = t.c[who];
  if (!c.attached) return;
  const Status st = static_cast<Status>(Call(Ref(TerminalOp::kClose, t, c.att)).status);
  Events();
  if (st == Status::kDetached || st == Status::kEnded) {
    c.attached = false;
  } else if (who != 0) {
    Check(st == Status::kNotOwner);
  } else {
    Check(st == Status::kOk && t.stopped);
  }
}

// A number the set never gave for this terminal: detached, and nothing
// else happens.
void Driver::Forge(Term& t, uint8_t arg) {
  uint32_t v = t.handed_out.empty() ? arg : t.handed_out[arg % t.handed_out.size()];
  v ^= 1u << (arg % 32);
  if (arg % 7 == 0) v = arg * 0x01010101u;
  for (uint32_t h : t.handed_out)
    if (h == v) return;
  static constexpr TerminalOp kOps[] = {TerminalOp::kWrite,  TerminalOp::kResize,
                                        TerminalOp::kRead,   TerminalOp::kInfo,
                                        TerminalOp::kDetach, TerminalOp::kClose};
  TerminalRequest q = Ref(kOps[arg % 6], t, v);
  q.cols = 80;
  q.rows = 24;
  q.wait_ms = 100;
  const uint8_t byte = 'x';
  q.bytes = &byte;
  q.bytes_len = 1;
  const size_t events = fx_.events.size();
  const size_t parked = set_->parked_read_count();
  const TerminalReply r = Call(q);
  Check(static_cast<Status>(r.status) == Status::kDetached);
  Check(fx_.events.size() == events && set_->parked_read_count() == parked);
}

void Driver::Output(Term& t, uint8_t arg) {
  const size_t n = arg * 17u % 4200u;
  const std::vector<uint8_t> bytes = terminal::test::Pattern(t.sent, n);
  const bool refuse = t.out_parked || n > kMaxOutputBytes;
  const bool was_parked = t.out_parked;
  t.out_parked = true;  // so that an AnswerOutput during the call is expected
  const ShellAnswer a = set_->ShellOutput(t.id, bytes.data(), n, now_);
  if (t.gone) {
    Check(a == ShellAnswer::kGone);
    t.out_parked = false;
  } else if (refuse) {
    Check(a == ShellAnswer::kRefused);
    t.out_parked = was_parked;
  } else {
    Check(a == ShellAnswer::kAnswered || a == ShellAnswer::kParked);
    t.sent += n;
  }
  Events();
  if (a == ShellAnswer::kAnswered) Check(!t.out_parked);
  if (a == ShellAnswer::kParked) Check(t.out_parked);
}

void Driver::Input(Term& t, uint8_t arg) {
  const uint32_t wait = arg % 3 == 0 ? 0 : arg * 40u;
  const bool was_parked = t.in_parked;
  t.in_parked = true;  // so that an AnswerInput during the call is expected
  const ShellAnswer a = set_->ShellInput(t.id, wait, now_);
  if (t.gone) {
    Check(a == ShellAnswer::kGone);
    t.in_parked = false;
  } else if (was_parked) {
    Check(a == ShellAnswer::kRefused);
  } else {
    Check(a == (t.input.empty() && !t.resized && wait > 0 ? ShellAnswer::kParked
                                                          : ShellAnswer::kAnswered));
  }
  Events();
  if (a == ShellAnswer::kAnswered) Check(!t.in_parked);
}

void Driver::Exit(Term& t, uint8_t arg) {
  if (arg & 2) {  // a start that worked changes nothing
    set_->ShellStarted(t.id, true, now_);
    Events();
    return;
  }
  // What the shell had not handed over or been given goes with it.
  t.gone = true;
  t.in_parked = t.out_parked = t.resized = false;
  t.input.clear();
  if (arg & 1) {
    set_->ShellExited(t.id, now_);
  } else {
    set_->ShellStarted(t.id, false, now_);
  }
  Events();
}

}  // namespace terminal_host::test
