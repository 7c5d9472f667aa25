#include <gtest/gtest.h>

#include "tools/remote-session-client/args.h"

namespace rsclient {
namespace {

using Action = TerminalOptions::Action;

ParseResult parse(std::vector<std::string> argv) {
  return parse_args(argv, [](const char* n) -> std::optional<std::string> {
    if (std::string(n) == "USER") return "operator";
    return std::nullopt;
  });
}

TEST(TerminalArgs, OpenIsTheDefaultAndKeepsTheLogin) {
  auto r = parse({"--guest", "terminal"});
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_TRUE(r.options.terminal);
  EXPECT_EQ(r.options.terminal->action, Action::kOpen);
  EXPECT_EQ(r.options.terminal->idle_exit_ms, 1000u);
  EXPECT_EQ(r.options.terminal->state_file, "");
  ASSERT_EQ(r.options.steps.size(), 1u);  // the implicit login, as the global options say
  EXPECT_EQ(r.options.steps[0].kind, Step::Kind::kLogin);
  EXPECT_EQ(r.options.steps[0].method, LoginMethod::kGuest);
}

TEST(TerminalArgs, ListAttachFollowResume) {
  auto r = parse({"terminal", "list"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.terminal->action, Action::kList);
  r = parse({"--json", "terminal", "list"});
  ASSERT_TRUE(r.ok) << r.error;
  r = parse({"terminal", "attach", "3"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.terminal->action, Action::kAttach);
  EXPECT_EQ(r.options.terminal->id, 3u);
  r = parse({"terminal", "attach", "2", "--follow"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.terminal->follow);
  r = parse({"terminal", "--resume"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.terminal->action, Action::kAttach);
  EXPECT_EQ(r.options.terminal->id, 0u);  // from the state file
  EXPECT_TRUE(r.options.terminal->resume);
  r = parse({"terminal", "--follow"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.terminal->action, Action::kAttach);
}

TEST(TerminalArgs, StateIdleExitCloseAndHelp) {
  auto r = parse({"terminal", "--state", "/tmp/s", "--idle-exit=250", "--close"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.terminal->state_file, "/tmp/s");
  EXPECT_EQ(r.options.terminal->idle_exit_ms, 250u);
  EXPECT_TRUE(r.options.terminal->close);
  r = parse({"terminal", "--state=/tmp/t", "--idle-exit", "0"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.options.terminal->state_file, "/tmp/t");
  EXPECT_EQ(r.options.terminal->idle_exit_ms, 0u);
  r = parse({"terminal", "--help"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.terminal->help);
  r = parse({"terminal", "attach", "-h"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.options.terminal->help);
}

TEST(TerminalArgs, Errors) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"terminal", "attach"}, "usage: terminal attach ID"},
      {{"terminal", "attach", "x"}, "ID must be a terminal number"},
      {{"terminal", "attach", "0"}, "ID must be a terminal number"},
      {{"terminal", "attach", "4294967296"}, "ID must be a terminal number"},
      {{"terminal", "attach", "1", "2"}, "usage: terminal attach ID"},
      {{"terminal", "list", "x"}, "usage: terminal list"},
      {{"terminal", "list", "--follow"}, "takes none of"},
      {{"terminal", "list", "--resume"}, "takes none of"},
      {{"terminal", "list", "--close"}, "takes none of"},
      {{"terminal", "open"}, "unexpected 'open'"},
      {{"terminal", "--follow", "--resume"}, "exclude each other"},
      {{"terminal", "attach", "1", "--follow", "--close"}, "cannot --close"},
      {{"terminal", "--state"}, "--state needs a value"},
      {{"terminal", "--state="}, "--state must not be empty"},
      {{"terminal", "--idle-exit", "abc"}, "--idle-exit: MS must be"},
      {{"terminal", "--idle-exit", "600001"}, "--idle-exit: MS must be"},
      {{"terminal", "--idle-exit", "0x10"}, "--idle-exit: MS must be"},
      {{"terminal", "--idle-exit"}, "--idle-exit needs a value"},
      {{"terminal", "--follow=yes"}, "unknown option '--follow'"},
      {{"terminal", "--bogus"}, "unknown option '--bogus'"},
      {{"--json", "terminal"}, "--json applies to `terminal list` only"},
      {{"--json", "terminal", "attach", "1"}, "--json applies"},
  };
  for (const auto& [argv, want] : cases) {
    auto r = parse(argv);
    EXPECT_FALSE(r.ok) << argv.back();
    EXPECT_NE(r.error.find(want), std::string::npos) << argv.back() << ": " << r.error;
  }
}

TEST(TerminalArgs, NotAStep) {
  // A terminal is interactive: it is a command, not a `session --do` step.
  auto r = parse({"session", "--do", "terminal"});
  EXPECT_FALSE(r.ok);
}

}  // namespace
}  // namespace rsclient
