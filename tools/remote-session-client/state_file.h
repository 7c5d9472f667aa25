// The terminal state file: what `terminal --resume` and `--follow` need to
// come back after this process is gone. It holds the session's resume
// ticket (a bearer secret, kept like a password: the file is 0600 in 0700
// directories, and a file others can read is refused), the terminal id and
// the next seq this client has fully written to stdout.
//
// Every save writes a fresh file next to it and renames it over the old
// one, so a reader (or a client killed mid-save) sees the old state or the
// new one, never half of each. No fsync: the file must survive the client,
// not the host losing power.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_STATE_FILE_H_
#define TOOLS_REMOTE_SESSION_CLIENT_STATE_FILE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "tools/remote-session-client/args.h"

namespace rsclient {

struct TerminalState {
  std::string ticket;     // raw SessionView.resumeTicket bytes; may be empty
  uint32_t terminal = 0;  // terminal id in that session
  uint64_t seq = 0;       // first seq not yet written to stdout
};

// $XDG_STATE_HOME/capos/terminal.state, else ~/.local/state/capos/...;
// "" when neither variable is set.
std::string default_state_path(const Env& env);

// Loads `path`. false with one line in *error (missing, unreadable,
// accessible by group or others, or corrupt); never the path or the ticket.
bool load_state(const std::string& path, TerminalState* out, std::string* error);

// Creates missing parent directories (0700) and atomically replaces `path`
// with `state` (0600). false with one line in *error.
bool save_state(const std::string& path, const TerminalState& state, std::string* error);

// The file's text and its inverse (exposed for tests).
std::string format_state(const TerminalState& state);
std::optional<TerminalState> parse_state(const std::string& text);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_STATE_FILE_H_
