// The terminal half of the fake gateway (fake_gateway.h), for the CLI's
// unit tests only: per-session terminals whose "shell" echoes its input
// (a line `exit` ends it, `flood` makes it write a lot), with seqs, owner
// and follower attachments, resume tickets and knobs for inputFull, a
// trimmed ring (follower skips) and output written while the owner is
// away. It checks the CLI's side of the DTOs, nothing of the guest.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_FAKE_TERMINAL_H_
#define TOOLS_REMOTE_SESSION_CLIENT_FAKE_TERMINAL_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "schema/remote_session.capnp.h"

namespace rsclient::testing {

struct FakeTerminalKnobs {
  std::string banner = "fake$ ";  // the shell's first output
  int input_full_writes = 0;      // the first N writes answer inputFull
  std::string away_output;        // written when the owner detaches
  uint64_t keep_bytes = 0;        // > 0: the ring holds only the last N bytes
  size_t flood_bytes = 300000;    // what the line `flood` makes the shell write
};

// A read that waits (waitMs) until output arrives; the gateway holds it.
struct HeldRead {
  uint32_t request_id = 0;
  int session = 0;
  uint32_t terminal = 0, attachment = 0;
  uint64_t from = 0;
  uint32_t max_bytes = 0;
  uint64_t deadline_ms = 0;
};

class FakeTerminals {
 public:
  explicit FakeTerminals(FakeTerminalKnobs knobs) : knobs_(std::move(knobs)) {}

  // A new session (a login); its 16-byte resume ticket.
  int login(std::string* ticket);
  // The session a ticket names, or 0.
  int resume(const std::string& ticket);

  // Answers a terminal call; a read with waitMs and nothing to return yet
  // is left for the caller to hold (returns false, *held filled).
  bool call(int session, capos::schema::Call::Reader c, uint32_t request_id, uint64_t now_ms,
            capos::schema::TerminalReply::Builder out, HeldRead* held);
  // A held read whose output arrived (or that timed out): true when ready.
  bool ready(const HeldRead& h, uint64_t now_ms);
  void answer(const HeldRead& h, capos::schema::TerminalReply::Builder out);

  // For assertions: the calls seen ("open 80x24", "attach 1 owner resume=5
  // replace=1", "write 6", "writeFull", "resize 100x30", "detach", "close",
  // "list") and everything a terminal's shell wrote.
  std::vector<std::string> log();
  std::string output(int session, uint32_t terminal);

 private:
  struct Term {
    uint32_t id = 0;
    uint16_t cols = 0, rows = 0;
    std::string out;     // every byte, seq = index
    std::string line;    // input since the last Enter
    uint32_t owner = 0;  // attachment number, 0 = none
    std::map<uint32_t, bool> followers;
    bool exited = false, closed = false;
  };
  Term* find(int session, uint32_t id);
  bool valid(const Term& t, uint32_t attachment) const;
  uint64_t oldest(const Term& t) const;
  void input(Term* t, const std::string& bytes);
  void view(const Term& t, capos::schema::TerminalView::Builder v) const;
  void read(Term* t, uint32_t att, uint64_t from, uint32_t max_bytes,
            capos::schema::TerminalReply::Builder out);

  FakeTerminalKnobs knobs_;
  std::mutex mu_;
  std::map<int, std::vector<Term>> sessions_;
  std::map<std::string, int> tickets_;
  uint32_t next_attachment_ = 100;
  int input_full_left_ = -1;  // -1: not yet taken from the knobs
  std::vector<std::string> log_;
};

}  // namespace rsclient::testing

#endif  // TOOLS_REMOTE_SESSION_CLIENT_FAKE_TERMINAL_H_
