// `remote-session-client terminal ...`: log in (or resume the saved
// session), then list, open or attach, and run the terminal until it ends,
// the user detaches (~.), input ends (no tty), or a signal ends the client.
// Exit codes are the CLI's (client.h); a signal is re-raised after the tty
// is restored.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_CMD_H_
#define TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_CMD_H_

#include <functional>
#include <optional>
#include <string>

#include "tools/remote-session-client/args.h"
#include "tools/remote-session-client/connection.h"
#include "tools/remote-session-client/terminal_link.h"

namespace rsclient {

struct TerminalIo {
  int in_fd = 0;
  int out_fd = 1;
  int err_fd = 2;
  Env env;  // XDG_STATE_HOME, HOME
  std::function<std::optional<std::string>()> password;
  bool signals = true;  // install the self-pipe handlers (in-process tests: false)
};

int run_terminal(const Options& o, const TerminalIo& io);

// terminal_session.cc: a session on `conn`, by the saved ticket when there
// is one (a refused ticket falls back to the login with a note on err_fd),
// else by o.steps' login. *ticket gets the session's fresh resume ticket;
// *link continues the request ids.
bool terminal_session(const Options& o, const TerminalIo& io, Connection* conn,
                      const std::string& saved_ticket, std::string* ticket,
                      std::unique_ptr<TerminalLink>* link, Failure* fail);

// One line on fd (the CLI's messages; raw mode is off when it is used).
void say(int fd, const std::string& line);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_TERMINAL_CMD_H_
