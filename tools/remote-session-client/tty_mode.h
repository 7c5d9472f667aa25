// The local terminal of an interactive `terminal` run: raw mode while it
// runs, and the saved mode put back on every way out: a normal return, an
// error, exit() (atexit), and the signals that end the client
// (SIGINT/SIGTERM/SIGHUP/SIGQUIT: the caller restores, then re-raises so
// the parent sees the real cause).
//
// Signals go through a self-pipe: the handler only writes the signal
// number, and the event loop acts on it between steps. That is what makes
// "write a chunk to stdout, then save its seq" one step that a signal
// cannot split (SA_RESTART resumes a write the signal interrupted).
#ifndef TOOLS_REMOTE_SESSION_CLIENT_TTY_MODE_H_
#define TOOLS_REMOTE_SESSION_CLIENT_TTY_MODE_H_

#include <csignal>

namespace rsclient {

// Puts `fd` (a tty) into raw mode; the first call also registers the
// atexit restore. false if fd is not a tty or tcsetattr fails.
bool tty_enter_raw(int fd);
// Restores the mode saved by tty_enter_raw; safe to call any number of
// times and from a signal handler (only tcsetattr).
void tty_restore();

// Size of the tty on fd; false when it is not a tty or reports 0x0.
bool tty_size(int fd, unsigned* cols, unsigned* rows);

// Installs the self-pipe handler for SIGINT, SIGTERM, SIGHUP, SIGQUIT and
// SIGWINCH; returns the pipe's read end (each byte is a signal number) or
// -1. The old dispositions come back with signals_uninstall().
int signals_install();
void signals_uninstall();
// The last terminating signal caught (0 = none); the loop checks it
// between chunks as well as the pipe.
int signals_pending_exit();

// Restores the default disposition of `signo` and raises it (after
// tty_restore): the process ends as if the signal had never been caught.
[[noreturn]] void reraise(int signo);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_TTY_MODE_H_
