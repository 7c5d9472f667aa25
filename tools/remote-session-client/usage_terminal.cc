// `terminal --help` (the grammar is args_terminal.cc; README.md has more).
#include "tools/remote-session-client/args.h"

namespace rsclient {

const char* terminal_usage_text() {
  return R"TXT(usage: remote-session-client [OPTIONS] terminal [--state FILE]
                                       open a terminal, attach as its owner
       remote-session-client [--json] [OPTIONS] terminal list
       remote-session-client [OPTIONS] terminal attach ID [--follow | --resume]
       remote-session-client [OPTIONS] terminal --resume | --follow

OPTIONS are the global ones (--host, --port, --user, --password-file,
--guest, ...): they say how to log in when there is no session to resume.

  list             the session's terminals as a table (--json: the DTO)
  attach ID        attach to terminal ID as its owner (its output from
                   the oldest byte the guest still holds)
  --follow         attach read-only as a follower (the state file's
                   terminal unless ID is given); keys are not sent
  --resume         reattach as owner to the state file's terminal, taking
                   over from a client that is gone, at exactly the byte
                   it had written out last
  --state FILE     the state file (default $XDG_STATE_HOME/capos/
                   terminal.state, else ~/.local/state/capos/terminal.state)
  --idle-exit MS   without a tty: after stdin ends, stop once no output
                   came for MS milliseconds (default 1000)
  --close          without a tty: close the terminal at the end instead of
                   detaching from it

--resume and --follow first resume the saved session with its ticket and
log in (with a note on stderr) only if the guest refuses it.

On a tty the keyboard goes to the shell in raw mode (Ctrl-C is a byte for
the shell). At the start of a line:
  ~.   detach (the terminal lives on; resume with terminal --resume)
  ~~   send one ~
Without a tty stdin is sent as it comes and stdout gets the output raw.

Exit status: 0 the terminal ended, or this client detached; 1 a typed
denial (e.g. "terminal: denied: tooManyTerminals (limit 4)"); 2 usage;
3 connection; 4 protocol; 5 timeout; 6 the state file is missing, corrupt
or accessible by others. SIGINT, SIGTERM, SIGHUP and SIGQUIT restore the
tty and end the client by that signal; the state file then holds the last
chunk written out (after SIGKILL, a resume may repeat that last chunk).
)TXT";
}

}  // namespace rsclient
