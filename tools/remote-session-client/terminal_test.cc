// The terminal command in-process against the fake gateway's terminals
// (fake_terminal.h): stdin from a file (EOF at its end), stdout and stderr
// to files, no signal handlers (terminal_binary_test.cc has those).
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/fake_gateway.h"
#include "tools/remote-session-client/state_file.h"
#include "tools/remote-session-client/terminal_cmd.h"

namespace rsclient {
namespace {

using testing::FakeGateway;
using testing::FakeTerminalKnobs;

struct TermRun {
  int code = -1;
  std::string out, err;
};

class TerminalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rsc-term-XXXXXX";
    dir_ = mkdtemp(tmpl);
    state_ = dir_ + "/state/terminal.state";
  }
  void TearDown() override { (void)!system(("rm -rf " + dir_).c_str()); }

  std::string slurp(const std::string& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }

  TermRun run(FakeGateway& gw, std::vector<std::string> args, const std::string& input,
              bool with_state = true) {
    std::vector<std::string> argv = {"--port", std::to_string(gw.port()), "--user", "operator"};
    argv.push_back("terminal");
    argv.insert(argv.end(), args.begin(), args.end());
    if (with_state) argv.insert(argv.end(), {"--state", state_, "--idle-exit", "150"});
    ParseResult p = parse_args(argv, [](const char*) { return std::nullopt; });
    EXPECT_TRUE(p.ok) << p.error;
    std::ofstream(dir_ + "/in") << input;
    TerminalIo io;
    io.in_fd = open((dir_ + "/in").c_str(), O_RDONLY);
    io.out_fd = open((dir_ + "/out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    io.err_fd = open((dir_ + "/err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    io.env = [](const char*) { return std::nullopt; };
    io.password = [] { return std::string(testing::kOperatorPassword); };
    io.signals = false;
    TermRun r;
    r.code = run_terminal(p.options, io);
    close(io.in_fd);
    close(io.out_fd);
    close(io.err_fd);
    r.out = slurp(dir_ + "/out");
    r.err = slurp(dir_ + "/err");
    return r;
  }

  TerminalState saved() {
    TerminalState s;
    std::string error;
    EXPECT_TRUE(load_state(state_, &s, &error)) << error;
    return s;
  }

  static bool has(const std::vector<std::string>& log, const std::string& line) {
    return std::find(log.begin(), log.end(), line) != log.end();
  }

  std::string dir_, state_;
};

TEST_F(TerminalTest, OpenEchoIdleDetachAndSaveTheSeq) {
  FakeGateway gw;
  TermRun r = run(gw, {}, "hello\r");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "fake$ hello\r\n$ ");
  EXPECT_NE(r.err.find("detached from term-1; resume with: remote-session-client terminal "
                       "--resume --state " +
                       state_),
            std::string::npos)
      << r.err;
  TerminalState s = saved();
  EXPECT_EQ(s.terminal, 1u);
  EXPECT_EQ(s.seq, r.out.size());
  EXPECT_EQ(s.ticket, "ticket-000000001");
  auto log = gw.terminals().log();
  EXPECT_TRUE(has(log, "open 80x24"));  // no tty: the default size
  EXPECT_TRUE(has(log, "write 6"));
  EXPECT_EQ(log.back(), "detach");
}

TEST_F(TerminalTest, AnswersOutOfOrderAreMatchedByRequestId) {
  FakeTerminalKnobs k;
  k.banner = "";  // the first read finds nothing and waits (waitMs)...
  FakeGateway gw(testing::Misbehave::kNone, k);
  TermRun r = run(gw, {}, "late\r");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "late\r\n$ ");
  // ...so the write sent after it was answered first, then the read.
  EXPECT_TRUE(has(gw.seen(), "answered out of order"));
}

TEST_F(TerminalTest, InputFullIsRetriedWithoutLosingBytes) {
  FakeTerminalKnobs k;
  k.input_full_writes = 3;
  FakeGateway gw(testing::Misbehave::kNone, k);
  TermRun r = run(gw, {}, "abc\r");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "fake$ abc\r\n$ ");
  auto log = gw.terminals().log();
  EXPECT_EQ(std::count(log.begin(), log.end(), "writeFull"), 3);
  EXPECT_TRUE(has(log, "write 4"));
}

TEST_F(TerminalTest, ShellExitEndsQuietlyAndForgetsTheState) {
  FakeGateway gw;
  TermRun r = run(gw, {}, "exit\r");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "fake$ exit\r\n");  // nothing of the CLI's own on stdout
  EXPECT_EQ(r.err, "");
  EXPECT_NE(access(state_.c_str(), F_OK), 0);
}

TEST_F(TerminalTest, CloseInsteadOfDetach) {
  FakeGateway gw;
  TermRun r = run(gw, {"--close"}, "x\r");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.err.find("closed term-1"), std::string::npos) << r.err;
  EXPECT_EQ(gw.terminals().log().back(), "close");
}

TEST_F(TerminalTest, ResumeGetsExactlyTheMissedBytes) {
  FakeTerminalKnobs k;
  k.away_output = "while you were away\r\n";
  FakeGateway gw(testing::Misbehave::kNone, k);
  TermRun first = run(gw, {}, "one\r");
  ASSERT_EQ(first.code, kExitOk) << first.err;
  const uint64_t seq = saved().seq;
  TermRun second = run(gw, {"--resume"}, "");
  EXPECT_EQ(second.code, kExitOk) << second.err;
  EXPECT_EQ(second.out, "while you were away\r\n");
  EXPECT_EQ(first.out + second.out, gw.terminals().output(1, 1).substr(0, seq + second.out.size()));
  auto log = gw.terminals().log();
  EXPECT_TRUE(has(log, "resume ok"));
  EXPECT_TRUE(has(log, "attach 1 owner resume=" + std::to_string(seq) + " replace=1"));
  EXPECT_EQ(saved().seq, seq + second.out.size());
}

TEST_F(TerminalTest, RefusedTicketFallsBackToLogin) {
  FakeGateway gw;
  std::string error;
  ASSERT_TRUE(save_state(state_, {"not-a-ticket", 1, 0}, &error));
  TermRun r = run(gw, {"--resume"}, "");
  EXPECT_NE(r.err.find("the saved session was refused (denied: authDenied"), std::string::npos)
      << r.err;
  // A new session has no term-1: a typed denial, exit 1.
  EXPECT_NE(r.err.find("terminal: denied: unknownTerminal"), std::string::npos) << r.err;
  EXPECT_EQ(r.code, kExitDenied);
  EXPECT_EQ(gw.seen()[1], "login password operator ok");
}

TEST_F(TerminalTest, ResumeNeedsAStateFile) {
  FakeGateway gw;
  TermRun r = run(gw, {"--resume"}, "");
  EXPECT_EQ(r.code, kExitLocalIo);
  EXPECT_NE(r.err.find("no saved terminal state"), std::string::npos) << r.err;
  EXPECT_TRUE(gw.seen().empty());  // failed before connecting
  std::ofstream(state_) << "garbage";
  r = run(gw, {"--resume"}, "");
  EXPECT_EQ(r.code, kExitLocalIo);
}

TEST_F(TerminalTest, FollowerSeesTheSkipMarkerAndSendsNoInput) {
  FakeTerminalKnobs k;
  k.keep_bytes = 8;  // the ring holds only the last 8 bytes
  FakeGateway gw(testing::Misbehave::kNone, k);
  TermRun owner = run(gw, {}, "hello world\r");
  ASSERT_EQ(owner.code, kExitOk) << owner.err;
  const TerminalState before = saved();
  const auto owner_log = gw.terminals().log();
  const size_t writes = std::count_if(owner_log.begin(), owner_log.end(), [](const std::string& l) {
    return l.rfind("write", 0) == 0;
  });
  TermRun f = run(gw, {"--follow"}, "ignored keys\r");
  EXPECT_EQ(f.code, kExitOk) << f.err;
  const std::string all = gw.terminals().output(1, 1);
  const std::string marker =
      "\x1b[2m[... " + std::to_string(all.size() - 8) + " bytes skipped ...]\x1b[0m\r\n";
  EXPECT_EQ(f.out, marker + all.substr(all.size() - 8));  // passed through as is
  EXPECT_NE(f.err.find("input is not sent"), std::string::npos) << f.err;
  EXPECT_NE(f.err.find("stopped following term-1"), std::string::npos) << f.err;
  auto log = gw.terminals().log();
  EXPECT_TRUE(has(log, "attach 1 follower resume=0 replace=0"));
  EXPECT_EQ(
      static_cast<size_t>(std::count_if(
          log.begin(), log.end(), [](const std::string& l) { return l.rfind("write", 0) == 0; })),
      writes);
  EXPECT_EQ(saved().seq, before.seq);  // a follower never moves the owner's seq
}

TEST_F(TerminalTest, ListInTheSavedSessionAndJson) {
  FakeGateway gw;
  ASSERT_EQ(run(gw, {}, "a\r").code, kExitOk);
  TermRun r = run(gw, {"list"}, "");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("ID NAME   SIZE  STATE    OWNER FOLLOWERS SEQS  PAUSED"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1  term-1 80x24 detached -     0         0..11 -"), std::string::npos)
      << r.out;
  std::vector<std::string> argv = {"--json", "--port",   std::to_string(gw.port()),
                                   "--user", "operator", "terminal",
                                   "list",   "--state",  state_};
  ParseResult p = parse_args(argv, [](const char*) { return std::nullopt; });
  ASSERT_TRUE(p.ok) << p.error;
  const int out = open((dir_ + "/json").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  TerminalIo io;
  io.out_fd = out;
  io.env = [](const char*) { return std::nullopt; };
  io.signals = false;
  EXPECT_EQ(run_terminal(p.options, io), kExitOk);
  close(out);
  const std::string j = slurp(dir_ + "/json");
  EXPECT_NE(j.find("{\"step\":\"terminal list\",\"outcome\":\"ok\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"name\":\"term-1\""), std::string::npos) << j;
}

TEST_F(TerminalTest, TooManyTerminalsIsOneClearLine) {
  FakeGateway gw;
  for (int i = 0; i < 4; ++i) ASSERT_EQ(run(gw, {}, "").code, kExitOk);
  TermRun r = run(gw, {}, "");
  EXPECT_EQ(r.code, kExitDenied);
  EXPECT_EQ(r.err, "terminal: denied: tooManyTerminals (limit 4)\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(TerminalTest, LoginDenialIsOnStderr) {
  FakeGateway gw;
  std::vector<std::string> argv = {
      "--port", std::to_string(gw.port()), "--user", "nobody", "terminal", "--state", state_};
  ParseResult p = parse_args(argv, [](const char*) { return std::nullopt; });
  ASSERT_TRUE(p.ok);
  const int err = open((dir_ + "/err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  TerminalIo io;
  io.err_fd = err;
  io.env = [](const char*) { return std::nullopt; };
  io.password = [] { return std::string("wrong"); };
  io.signals = false;
  EXPECT_EQ(run_terminal(p.options, io), kExitDenied);
  close(err);
  EXPECT_NE(slurp(dir_ + "/err").find("terminal: login: denied: authDenied"), std::string::npos)
      << slurp(dir_ + "/err");
}

}  // namespace
}  // namespace rsclient
