// The shell's side (ShellHost): its input call, which waits for the
// owner's keystrokes, a resize or the end; its output call, which waits
// while the owner lags (the pause of the terminal core's flow control);
// its start and its exit.
#include <string.h>

#include "services/lib/terminal-host/terminal_set.h"

namespace terminal_host {

void TerminalSet::AnswerInputNow(Term& t, bool closing) {
  effects_.AnswerInput(t.id, t.input, t.input_len, t.cols, t.rows, t.resized, closing);
  t.input_len = 0;
  t.resized = false;
  t.input_parked = false;
}

bool TerminalSet::ReleaseOutput(Term& t) {
  if (!t.output_parked) return false;
  size_t taken = 0;
  t.table.Produce(t.output + t.output_off, t.output_len - t.output_off, &taken);
  t.output_off += taken;
  if (t.output_off == t.output_len) {
    t.output_parked = false;
    effects_.AnswerOutput(t.id);  // all of it is in the ring now
  }
  return taken > 0;
}

void TerminalSet::ShellGone(Term& t, uint64_t now_ms) {
  // Its parked calls went with the process: nothing is answered.
  t.shell_gone = true;
  t.input_parked = t.output_parked = t.resized = false;
  t.input_len = t.output_off = t.output_len = 0;
  t.table.Finish(now_ms);
  Wake(t);  // readers that have everything see `ended`
  Settle(t);
}

void TerminalSet::ShellStarted(uint32_t terminal_id, bool ok, uint64_t now_ms) {
  Term* t = FindLive(terminal_id);
  if (t == nullptr || t->shell_gone || ok) return;
  ShellGone(*t, now_ms);
}

void TerminalSet::ShellExited(uint32_t terminal_id, uint64_t now_ms) {
  Term* t = FindLive(terminal_id);
  if (t != nullptr && !t->shell_gone) ShellGone(*t, now_ms);
}

ShellAnswer TerminalSet::ShellInput(uint32_t terminal_id, uint32_t wait_ms, uint64_t now_ms) {
  Term* t = FindLive(terminal_id);
  if (t == nullptr || t->shell_gone) return ShellAnswer::kGone;
  if (t->input_parked) return ShellAnswer::kRefused;  // one input call at a time
  if (t->input_len > 0 || t->resized || wait_ms == 0) {
    AnswerInputNow(*t, false);
    return ShellAnswer::kAnswered;
  }
  t->input_parked = true;
  t->input_deadline_ms = now_ms + (wait_ms < kMaxShellWaitMs ? wait_ms : kMaxShellWaitMs);
  return ShellAnswer::kParked;
}

ShellAnswer TerminalSet::ShellOutput(uint32_t terminal_id, const uint8_t* bytes, size_t len,
                                     uint64_t now_ms) {
  (void)now_ms;
  Term* t = FindLive(terminal_id);
  if (t == nullptr || t->shell_gone) return ShellAnswer::kGone;
  if (t->output_parked || len > kMaxOutputBytes) return ShellAnswer::kRefused;
  size_t taken = 0;
  if (len > 0) t->table.Produce(bytes, len, &taken);  // an empty call may have no pointer
  ShellAnswer answer = ShellAnswer::kAnswered;
  if (taken == len) {
    effects_.AnswerOutput(t->id);
  } else {
    // Paused: the rest waits here (the shell's call stays unanswered, so it
    // writes nothing more) until an owner read makes room.
    memcpy(t->output, bytes + taken, len - taken);
    t->output_off = 0;
    t->output_len = len - taken;
    t->output_parked = true;
    answer = ShellAnswer::kParked;
  }
  if (taken > 0) Wake(*t);
  return answer;
}

}  // namespace terminal_host
