// The real binary (RSC_BINARY) against the fake gateway, for what only a
// separate process shows: signals end it with the tty restored and the
// state file consistent with what reached stdout, on a pty (openpty) and
// on pipes.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "tools/remote-session-client/fake_gateway.h"
#include "tools/remote-session-client/state_file.h"

namespace rsclient {
namespace {

using testing::FakeGateway;
using Clock = std::chrono::steady_clock;

// Starts the binary with `in`/`out` as stdin/stdout and `err` as stderr;
// `tty` (or -1) becomes its controlling terminal.
pid_t spawn(uint16_t port, const std::vector<std::string>& args, int in, int out, int err,
            int tty) {
  std::vector<std::string> argv = {RSC_BINARY, "--port",   std::to_string(port),
                                   "--user",   "operator", "terminal"};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid != 0) return pid;
  rlimit none{0, 0};
  setrlimit(RLIMIT_CORE, &none);  // SIGQUIT must not leave a core file
  setsid();
  if (tty >= 0) ioctl(tty, TIOCSCTTY, 0);
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  setenv("CAPOS_REMOTE_SESSION_PASSWORD", testing::kOperatorPassword, 1);
  std::vector<char*> c;
  for (auto& a : argv) c.push_back(a.data());
  c.push_back(nullptr);
  execv(c[0], c.data());
  _exit(127);
}

// Reads fd into *got until done(*got) or 5 s pass.
bool read_until(int fd, std::string* got, const std::function<bool(const std::string&)>& done) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!done(*got)) {
    if (Clock::now() > deadline) return false;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) return done(*got);
    got->append(buf, static_cast<size_t>(n));
  }
  return true;
}

bool wait_for(const std::function<bool()>& cond) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!cond()) {
    if (Clock::now() > deadline) return false;
    usleep(10 * 1000);
  }
  return true;
}

std::string temp_state() {
  char tmpl[] = "/tmp/rsc-bin-XXXXXX";
  return std::string(mkdtemp(tmpl)) + "/terminal.state";
}

bool raw(int fd) {
  termios t{};
  tcgetattr(fd, &t);
  return (t.c_lflag & (ICANON | ECHO | ISIG)) == 0;
}

TEST(TerminalBinary, RawModeIsRestoredAfterEachTerminatingSignal) {
  for (int sig : {SIGTERM, SIGHUP, SIGINT, SIGQUIT}) {
    FakeGateway gw;
    int master = -1, slave = -1;
    winsize ws{};
    ws.ws_col = 90;
    ws.ws_row = 20;
    ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, &ws), 0);
    termios before{};
    tcgetattr(slave, &before);
    ASSERT_FALSE(raw(slave));
    const std::string state = temp_state();
    const pid_t pid = spawn(gw.port(), {"--state", state}, slave, slave, slave, slave);
    std::string screen;
    ASSERT_TRUE(read_until(master, &screen, [](const std::string& s) {
      return s.find("fake$ ") != std::string::npos;
    })) << screen;
    ASSERT_TRUE(wait_for([&] { return raw(slave); }));
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << sig << " status " << status;
    termios after{};
    tcgetattr(slave, &after);
    EXPECT_EQ(after.c_lflag, before.c_lflag) << "signal " << sig;
    EXPECT_EQ(after.c_iflag, before.c_iflag) << "signal " << sig;
    EXPECT_EQ(after.c_oflag, before.c_oflag) << "signal " << sig;
    EXPECT_EQ(gw.terminals().log().front(), "open 90x20");
    close(master);
    close(slave);
    (void)!system(("rm -rf $(dirname " + state + ")").c_str());
  }
}

TEST(TerminalBinary, TypingResizeAndTildeDotOnAPty) {
  FakeGateway gw;
  int master = -1, slave = -1;
  winsize ws{};
  ws.ws_col = 80;
  ws.ws_row = 24;
  ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, &ws), 0);
  termios before{};
  tcgetattr(slave, &before);
  const std::string state = temp_state();
  const pid_t pid = spawn(gw.port(), {"--state", state}, slave, slave, slave, slave);
  std::string screen;
  ASSERT_TRUE(read_until(
      master, &screen, [](const std::string& s) { return s.find("fake$ ") != std::string::npos; }));
  ASSERT_TRUE(wait_for([&] { return raw(slave); }));
  // Ctrl-C is a byte for the shell in raw mode, not a signal for the client.
  (void)!write(master, "hi\x03~.\r", 6);  // ~. mid-line passes through
  ASSERT_TRUE(read_until(master, &screen, [](const std::string& s) {
    return s.find("hi\x03~.\r\n$ ") != std::string::npos;
  })) << screen;
  ws.ws_col = 100;
  ws.ws_row = 30;
  ioctl(master, TIOCSWINSZ, &ws);  // the kernel sends SIGWINCH
  ASSERT_TRUE(wait_for([&] {
    for (const auto& l : gw.terminals().log()) {
      if (l == "resize 100x30") return true;
    }
    return false;
  }));
  (void)!write(master, "~.", 2);
  ASSERT_TRUE(read_until(master, &screen, [](const std::string& s) {
    return s.find("resume with: remote-session-client terminal --resume") != std::string::npos;
  })) << screen;
  EXPECT_NE(screen.find("detached from term-1"), std::string::npos);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  termios after{};
  tcgetattr(slave, &after);
  EXPECT_EQ(after.c_lflag, before.c_lflag);
  EXPECT_EQ(gw.terminals().log().back(), "detach");
  close(master);
  close(slave);
  (void)!system(("rm -rf $(dirname " + state + ")").c_str());
}

TEST(TerminalBinary, SigtermMidStreamThenResumeIsExact) {
  FakeGateway gw;
  const std::string state = temp_state();
  int in[2], out[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  const int err = open("/dev/null", O_WRONLY);
  const pid_t pid = spawn(gw.port(), {"--state", state}, in[0], out[1], err, -1);
  close(in[0]);
  close(out[1]);
  (void)!write(in[1], "flood\r", 6);  // ~300 KB of output; stdin stays open
  std::string first;
  ASSERT_TRUE(read_until(out[0], &first, [](const std::string& s) { return s.size() > 20000; }));
  kill(pid, SIGTERM);  // the client may be blocked writing stdout: keep draining
  read_until(out[0], &first, [](const std::string&) { return false; });
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  TerminalState s;
  std::string error;
  ASSERT_TRUE(load_state(state, &s, &error)) << error;
  EXPECT_EQ(s.seq, first.size());  // the chunk written out and its seq: one step
  const std::string all = gw.terminals().output(1, 1);
  ASSERT_GT(all.size(), first.size());  // killed before the end of the flood
  // Resume from the saved seq: exactly the rest, nothing twice.
  int out2[2];
  ASSERT_EQ(pipe(out2), 0);
  const int none = open("/dev/null", O_RDONLY);
  const pid_t pid2 = spawn(gw.port(), {"--resume", "--state", state, "--idle-exit", "300"}, none,
                           out2[1], err, -1);
  close(out2[1]);
  std::string second;
  read_until(out2[0], &second, [](const std::string&) { return false; });
  waitpid(pid2, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(first + second, all);
  close(in[1]);
  close(out[0]);
  close(out2[0]);
  close(none);
  close(err);
  (void)!system(("rm -rf $(dirname " + state + ")").c_str());
}

}  // namespace
}  // namespace rsclient
