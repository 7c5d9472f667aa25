// The attached terminal's event loop: one connection, requests pipelined,
// answers matched by requestId. Exactly one terminalRead is outstanding
// (from the last nextSeq, so each read acknowledges what was written out
// before it); input goes out as terminalWrite, one at a time so an
// `inputFull` retry keeps the bytes in order; SIGWINCH becomes
// terminalResize. poll() watches stdin, the socket, the signal self-pipe
// and a timer (request deadlines, the inputFull retry, --idle-exit).
#ifndef TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_LOOP_H_
#define TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_LOOP_H_

#include <cstdint>
#include <functional>
#include <string>

#include "tools/remote-session-client/terminal_link.h"

namespace rsclient {

struct LoopConfig {
  int in_fd = 0;
  int out_fd = 1;
  int err_fd = 2;
  int signal_fd = -1;            // tty_mode.h self-pipe; -1 = none
  bool tty = false;              // in_fd is a tty: ~. escapes, no idle exit
  bool follower = false;         // read-only: input is not sent
  bool close_at_end = false;     // no tty: terminalClose instead of terminalDetach
  bool resize_at_start = false;  // an owner reattaching from a window of another size
  uint32_t idle_exit_ms = 1000;
  std::string name;  // "term-N", for messages
  // The terminal's size now (SIGWINCH); false = unknown, nothing sent.
  std::function<bool(uint16_t* cols, uint16_t* rows)> size;
  // Called after each chunk is fully written to out_fd, before the next
  // read acknowledges it; false stops the run (exit 6).
  std::function<bool(uint64_t next_seq, std::string* error)> saved;
};

struct LoopEnd {
  enum class Why {
    kEnded,     // the terminal ended (shell exited, closed)
    kDetached,  // ~. or end of input: detached (or closed) by this client
    kReplaced,  // another owner took the terminal (replaceOwner)
    kSignal,    // a terminating signal: restore and re-raise
    kFailed,    // transport, protocol, denial or local I/O
  };
  Why why = Why::kFailed;
  int signo = 0;
  Failure failure;
  uint64_t seq = 0;  // next seq not yet written to out_fd
};

LoopEnd run_terminal_loop(TerminalLink* link, uint32_t terminal, uint32_t attachment,
                          uint64_t from_seq, const LoopConfig& config);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_LOOP_H_
