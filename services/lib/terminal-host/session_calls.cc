// A client's calls on one live terminal's attachment, reads aside
// (reads.cc): write, resize, info, detach, close. The attach table says
// whether the attachment may (CheckInput, CheckControl); what a refused
// call leaves behind is nothing.
#include <string.h>

#include "services/lib/terminal-host/codes.h"
#include "services/lib/terminal-host/terminal_set.h"

namespace terminal_host {

using remote_session::TerminalOp;
using remote_session::TerminalReply;
using remote_session::TerminalRequest;
using terminal::Status;

void TerminalSet::OnTerminal(Term& t, const TerminalRequest& q, uint64_t now_ms,
                             TerminalReply* out) {
  const terminal::AttachId a = DecodeAttachment(q.attachment);
  Status st = Status::kOk;
  switch (q.op) {
    case TerminalOp::kWrite:
      st = t.table.CheckInput(a);
      if (st != Status::kOk) break;
      if (q.bytes_len > terminal::kMaxWriteBytes) {
        st = Status::kTooLarge;
        out->limit = static_cast<uint32_t>(terminal::kMaxWriteBytes);
        break;
      }
      // An exited shell reads nothing more: the input is taken and dropped,
      // as a terminal whose program has ended swallows keystrokes.
      if (q.bytes_len == 0 || t.shell_gone) break;
      // All or nothing: the shell takes its input in answers of at most
      // kMaxInputBytes, and what it has not taken yet is all that is held.
      if (q.bytes_len > kMaxInputBytes - t.input_len) {
        st = Status::kInputFull;
        break;
      }
      memcpy(t.input + t.input_len, q.bytes, q.bytes_len);
      t.input_len += q.bytes_len;
      if (t.input_parked) AnswerInputNow(t, false);
      break;
    case TerminalOp::kResize:
      st = t.table.CheckControl(a);
      if (st != Status::kOk) break;
      if (!terminal::ValidSize(q.cols, q.rows)) {
        st = Status::kBadSize;
        break;
      }
      t.cols = q.cols;
      t.rows = q.rows;
      if (t.shell_gone) break;
      t.resized = true;  // the shell's next input carries it, even the same size
      if (t.input_parked) AnswerInputNow(t, false);
      break;
    case TerminalOp::kInfo: {
      terminal::Mode mode;
      st = t.table.Describe(a, &mode, &out->cursor_seq);
      if (st == Status::kOk) out->mode = ToCode(mode);
      break;
    }
    case TerminalOp::kDetach:
      st = t.table.Detach(a, now_ms);
      if (st != Status::kOk) break;
      Wake(t);    // its parked read answers `detached`
      Settle(t);  // the last reader of an exited, drained terminal left
      break;
    case TerminalOp::kClose:
      st = t.table.CheckControl(a);
      if (st == Status::kOk) EndTerminal(t);
      break;
    default:  // open, attach, list and read are not per-terminal calls
      st = Status::kUnknownTerminal;
      break;
  }
  out->status = ToCode(st);
  const bool described = q.op == TerminalOp::kInfo || q.op == TerminalOp::kResize;
  if (st == Status::kOk && described) Describe(t, now_ms, &out->info);
}

}  // namespace terminal_host
