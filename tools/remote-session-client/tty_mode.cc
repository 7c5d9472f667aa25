#include "tools/remote-session-client/tty_mode.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace rsclient {
namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH};

// Plain globals: the signal handler and atexit read them.
int g_tty_fd = -1;
termios g_saved{};
volatile sig_atomic_t g_raw = 0;
bool g_atexit = false;

int g_pipe[2] = {-1, -1};
struct sigaction g_old[sizeof(kSignals) / sizeof(kSignals[0])];
volatile sig_atomic_t g_exit_signal = 0;

void on_signal(int signo) {
  const int saved = errno;
  if (signo != SIGWINCH) g_exit_signal = signo;
  const unsigned char b = static_cast<unsigned char>(signo);
  (void)!write(g_pipe[1], &b, 1);  // non-blocking: a full pipe already wakes the loop
  errno = saved;
}

}  // namespace

bool tty_enter_raw(int fd) {
  termios t{};
  if (!isatty(fd) || tcgetattr(fd, &t) != 0) return false;
  if (!g_raw) {
    g_saved = t;
    g_tty_fd = fd;
  }
  if (!g_atexit) {
    std::atexit(tty_restore);
    g_atexit = true;
  }
  cfmakeraw(&t);  // no echo, no line editing, no signals from keys, no output mapping
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (tcsetattr(fd, TCSAFLUSH, &t) != 0) return false;
  g_raw = 1;
  return true;
}

void tty_restore() {
  if (!g_raw) return;
  tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved);
  g_raw = 0;
}

bool tty_size(int fd, unsigned* cols, unsigned* rows) {
  winsize w{};
  if (ioctl(fd, TIOCGWINSZ, &w) != 0 || w.ws_col == 0 || w.ws_row == 0) return false;
  *cols = w.ws_col;
  *rows = w.ws_row;
  return true;
}

int signals_install() {
  if (g_pipe[0] >= 0) return g_pipe[0];
  if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
  g_exit_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // a chunk's write to stdout finishes, then the loop sees the signal
  for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) {
    sigaction(kSignals[i], &sa, &g_old[i]);
  }
  return g_pipe[0];
}

void signals_uninstall() {
  if (g_pipe[0] < 0) return;
  for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) {
    sigaction(kSignals[i], &g_old[i], nullptr);
  }
  close(g_pipe[0]);
  close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

int signals_pending_exit() {
  return g_exit_signal;
}

void reraise(int signo) {
  tty_restore();
  signal(signo, SIG_DFL);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, signo);
  sigprocmask(SIG_UNBLOCK, &s, nullptr);
  raise(signo);
  _exit(128 + signo);  // only if the default action did not end us
}

}  // namespace rsclient
