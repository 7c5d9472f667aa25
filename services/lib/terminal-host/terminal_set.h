// One session's terminals (TerminalManager, schema/terminal.capnp), as the
// front end's backend holds them: the DTO calls from the session's
// clients, the calls of each terminal's shell (ShellHost), and time. The
// rules of one terminal (ring, attachments, flow control, grace) are the
// terminal core's (services/lib/terminal); this adds what a set of them
// needs: ids, sizes, the shell's input and output, and reads that wait.
//
// Every side effect goes through Effects (effects.h). Single-threaded; no
// allocation but the rings (RingStorage); times are the host's monotonic
// milliseconds. The host calls Tick(now) when NextDeadlineMs() comes.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/remote-session/terminal_types.h"
#include "services/lib/terminal-host/effects.h"
#include "services/lib/terminal-host/parked_reads.h"
#include "services/lib/terminal/attach.h"

namespace terminal_host {

enum class Outcome : uint8_t {
  kDone,     // *out is the answer
  kPending,  // a read that waits: Effects::CompleteRead answers it later
};

// What became of a shell's ShellHost call.
enum class ShellAnswer : uint8_t {
  kAnswered,  // the Effects answer (AnswerInput / AnswerOutput) was made
  kParked,    // it will be made later
  kGone,      // the terminal has ended or its shell exited: `disconnected`
  kRefused,   // a second call of that kind, or output above kMaxOutputBytes:
              // malformedMessage (nothing changed)
};

class TerminalSet {
 public:
  TerminalSet(Effects& effects, RingStorage& storage, const Limits& limits);
  // Gives the rings of terminals still live back without any Effects; a
  // host that logs out calls EndAll first.
  ~TerminalSet();
  TerminalSet(const TerminalSet&) = delete;
  TerminalSet& operator=(const TerminalSet&) = delete;

  // A client's terminal* call. kDone: *out is the answer; a read's
  // out->bytes points into the set and is valid until the next call into
  // it. kPending: a read with wait_ms > 0 found nothing; it is answered
  // through Effects::CompleteRead(call_tag) once output arrives, its
  // attachment or terminal goes away, a newer read on the same attachment
  // comes, or wait_ms passes (then ok with no bytes).
  Outcome Call(const remote_session::TerminalRequest& request, uint32_t call_tag, uint64_t now_ms,
               remote_session::TerminalReply* out);

  // The answer to Effects::SpawnShell. !ok: the terminal exits at once
  // (its readers drain, then see `ended`).
  void ShellStarted(uint32_t terminal_id, bool ok, uint64_t now_ms);
  // ShellHost.input: answered now when input, a resize or the end is
  // pending (or wait_ms is 0), else parked for at most wait_ms (clamped to
  // kMaxShellWaitMs) and then answered with no bytes.
  ShellAnswer ShellInput(uint32_t terminal_id, uint32_t wait_ms, uint64_t now_ms);
  // ShellHost.output: the bytes go into the ring; answered now when all
  // fit, else the rest is kept and the answer waits for the owner to read
  // (the shell is paused, nothing is dropped).
  ShellAnswer ShellOutput(uint32_t terminal_id, const uint8_t* bytes, size_t len, uint64_t now_ms);
  // The shell process ended: the terminal exits (output stays readable
  // until drained or the grace runs out). A parked output's untaken rest
  // is lost with the shell, which never saw it answered.
  void ShellExited(uint32_t terminal_id, uint64_t now_ms);

  // Expires shell input waits, read waits and grace periods.
  void Tick(uint64_t now_ms);
  // When Tick next has work, or UINT64_MAX.
  uint64_t NextDeadlineMs() const;
  // Logout: every terminal ends (StopShell each, parked reads `ended`,
  // parked shell input answered closing).
  void EndAll(uint64_t now_ms);

  uint32_t live_count() const;
  uint32_t parked_read_count() const { return parked_.count(); }

 private:
  // One terminal: the core's ring and attach table, the shell's side.
  // Lives in terms_ and is never copied (table points at ring).
  struct Term {
    bool live = false;
    uint32_t id = 0;
    uint16_t cols = 0;
    uint16_t rows = 0;
    uint8_t* storage = nullptr;
    terminal::OutputRing ring{nullptr, 0};
    terminal::AttachTable table{&ring, terminal::Limits{}, 0};
    bool shell_gone = false;  // never started, or exited: no shell calls
    bool input_parked = false;
    uint64_t input_deadline_ms = 0;
    bool resized = false;  // the shell's next input says resized
    size_t input_len = 0;
    uint8_t input[kMaxInputBytes];  // the owner's writes the shell has not taken
    bool output_parked = false;
    size_t output_off = 0;  // output[output_off, output_len) waits for room
    size_t output_len = 0;
    uint8_t output[kMaxOutputBytes];
  };

  Term* FindLive(uint32_t id);
  const Term* FindLive(uint32_t id) const;
  remote_session::TerminalStatusCode Missing(uint32_t id) const;
  void Describe(const Term& t, uint64_t now_ms, remote_session::TerminalInfo* info) const;

  void Open(const remote_session::TerminalRequest& q, uint64_t now_ms,
            remote_session::TerminalReply* out);
  void Attach(const remote_session::TerminalRequest& q, uint64_t now_ms,
              remote_session::TerminalReply* out);
  void List(uint64_t now_ms, remote_session::TerminalReply* out);
  Outcome Read(Term& t, const remote_session::TerminalRequest& q, uint32_t call_tag,
               uint64_t now_ms, remote_session::TerminalReply* out);
  void OnTerminal(Term& t, const remote_session::TerminalRequest& q, uint64_t now_ms,
                  remote_session::TerminalReply* out);

  // One attach-table read into buf, as a reply.
  terminal::Status ReadInto(Term& t, terminal::AttachId a, uint64_t from_seq, size_t max,
                            uint8_t* buf, remote_session::TerminalReply* reply);
  // Re-asks every parked read of t; answers those that now have one.
  void Wake(Term& t);
  // Answers p with what a read now says (`ended` without a live t).
  void CompleteParked(ParkedRead& p, Term* t);
  // Feeds a paused output call's rest into the ring; true if any went in.
  bool ReleaseOutput(Term& t);
  void AnswerInputNow(Term& t, bool closing);
  void ShellGone(Term& t, uint64_t now_ms);
  // Ends t if its attach table has ended; EndTerminal does it now.
  void Settle(Term& t);
  void EndTerminal(Term& t);

  Effects& effects_;
  RingStorage& storage_;
  Limits limits_;
  uint32_t next_id_ = 1;
  ParkedReads parked_;
  Term terms_[terminal::kMaxTerminals];
  uint8_t reply_buf_[kReadBufferBytes];  // what Call's reads answer with
  uint8_t wake_buf_[kReadBufferBytes];   // what CompleteRead answers with
};

}  // namespace terminal_host
