// The shell's loop: prompt, line editing through the session, exit,
// Ctrl-D and Ctrl-C, resize, request ids, a session that goes away.
#include <gtest/gtest.h>

#include "services/lib/shell/test_terminal.h"
#include "services/shell/test_env.h"

namespace shell_app::test {
namespace {

namespace rs = remote_session;

TEST(Shell, GreetsAndPromptsWithThePrincipal) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  EXPECT_TRUE(t.Shows("capOS shell")) << t.Screen();
  EXPECT_EQ(t.CursorRow(), "alice@capos>");
  EXPECT_EQ(t.screen.cursor_col(), 13u);
  // The name is coloured: SGR around it, and none of it counts as a column.
  EXPECT_NE(t.output.find("alice\x1b[0m@capos> "), std::string::npos);
  EXPECT_EQ(shell::test::CheckRegion(t.screen, t.shell->editor(), "alice@capos> "), "");
  EXPECT_FALSE(t.shell->done());
}

TEST(Shell, ExitAndCtrlDEndTheShell) {
  Env env;
  Terminal a(env, "alice", "wonderland");
  a.Type("exit\r");
  EXPECT_TRUE(a.shell->done());
  Terminal b(env, "alice", "wonderland");
  b.Type("x\x04");  // Ctrl-D on a non-empty line deletes, never exits
  EXPECT_FALSE(b.shell->done());
  b.Type("\x01\x0b\x04");  // Home, kill to end: empty; then Ctrl-D
  EXPECT_TRUE(b.shell->done());
  // Input after the end is ignored.
  b.Type("help\r");
  EXPECT_FALSE(b.Shows("usage"));
}

TEST(Shell, CtrlCCancelsTheLine) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  const size_t before = t.port.seen.size();
  t.Type("whoami\x03");
  EXPECT_EQ(t.port.seen.size(), before);  // nothing ran
  EXPECT_TRUE(t.Shows("alice@capos> whoami^C")) << t.Screen();
  EXPECT_EQ(t.CursorRow(), "alice@capos>");
  EXPECT_EQ(t.Line(), "");
}

TEST(Shell, UnknownCommandsAndBadArgsAreTypedLines) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("frobnicate\r");
  EXPECT_TRUE(t.Shows("unknown command: frobnicate (try help)")) << t.Screen();
  t.Type("launch\r");
  EXPECT_TRUE(t.Shows("usage: launch SERVICE")) << t.Screen();
  t.Type("chat 'oops\r");
  EXPECT_TRUE(t.Shows("unterminated")) << t.Screen();
  EXPECT_EQ(t.CursorRow(), "alice@capos>");
}

TEST(Shell, RequestIdsIncrease) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("whoami\rcaps\rmotd\r");
  ASSERT_GE(t.port.seen.size(), 5u);
  for (size_t i = 1; i < t.port.seen.size(); ++i) {
    EXPECT_GT(t.port.seen[i].id, t.port.seen[i - 1].id);
  }
}

TEST(Shell, ResizeRedrawsTheLineUnderBothModels) {
  for (shell::ResizeModel m : {shell::ResizeModel::kKeepRows, shell::ResizeModel::kReflow}) {
    Env env;
    Terminal t(env, "alice", "wonderland", 80, 24, m);
    t.Type("chat send " + std::string(90, 'x'));
    EXPECT_EQ(shell::test::CheckRegion(t.screen, t.shell->editor(), "alice@capos> "), "");
    for (size_t w : {30u, 7u, 132u, 20u}) {
      t.Resize(w);
      EXPECT_EQ(shell::test::CheckRegion(t.screen, t.shell->editor(), "alice@capos> "), "")
          << "width " << w;
    }
    t.Type("\r");  // still a working line
    EXPECT_TRUE(t.Shows("not sent")) << t.Screen();
  }
}

TEST(Shell, ASessionThatIsGoneEndsTheShell) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.port.gone = true;
  t.Type("whoami\r");
  EXPECT_TRUE(t.shell->done());
}

TEST(Shell, ALoggedOutSessionAnswersStaleSessionAsALine) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.client.Send([](rs::RS::Builder b) { b.setLogout(); });
  t.Type("whoami\r");
  EXPECT_TRUE(t.Shows("denied: staleSession")) << t.Screen();
  EXPECT_FALSE(t.shell->done());
}

}  // namespace
}  // namespace shell_app::test
