// `paperclips play`: the alternate screen, redraw every tick and after
// every key, q and Ctrl-C restoring the screen and the prompt.
#include <gtest/gtest.h>

#include "services/lib/shell/test_terminal.h"
#include "services/shell/test_env.h"

namespace shell_app::test {
namespace {

TEST(Play, FullScreenViewRedrawsAndQRestores) {
  Env env;
  Terminal t(env, "operator", "opensesame", 60, 20);
  t.Type("launch paperclips\r");
  t.Type("paperclips play\r");
  ASSERT_TRUE(t.shell->playing());
  EXPECT_TRUE(t.screen.alternate());
  EXPECT_EQ(t.screen.Row(0), "Paperclips  (q quits)");
  EXPECT_EQ(t.screen.Row(2), "clips 0  unsold 0");
  EXPECT_EQ(t.screen.Row(4), "price $0.25  demand 30%");
  EXPECT_EQ(t.screen.Row(6), "wire spool $15.00  tick 1");
  t.Tick();  // redrawn in place from a quiet status call
  EXPECT_EQ(t.screen.Row(6), "wire spool $15.00  tick 2");
  EXPECT_TRUE(t.port.seen.back().quiet);
  t.Type("mm");
  EXPECT_EQ(t.screen.Row(2), "clips 2  unsold 0");
  EXPECT_EQ(t.screen.Row(9), "You made a clip.");
  EXPECT_FALSE(t.port.seen.back().quiet);  // a move is the owner's, recorded
  t.Type("+");
  EXPECT_EQ(t.screen.Row(4), "price $0.26  demand 30%");
  t.Resize(30);
  EXPECT_EQ(t.screen.Row(8), "m make  w wire  a autoclipper");  // cut to the width
  t.Type("qwhoami");  // q leaves; what follows is the line editor's
  EXPECT_FALSE(t.shell->playing());
  EXPECT_FALSE(t.screen.alternate());
  EXPECT_TRUE(t.Shows("paperclips running, 1 process")) << t.Screen();  // the scrollback is back
  EXPECT_EQ(t.CursorRow(), "operator@capos> whoami");
  t.Type("\r");
  EXPECT_TRUE(t.Shows("principal")) << t.Screen();
}

TEST(Play, CtrlCLeavesToo) {
  Env env;
  Terminal t(env, "operator", "opensesame");
  t.Type("launch paperclips\rpaperclips play\r");
  ASSERT_TRUE(t.screen.alternate());
  t.Type("\x03");
  EXPECT_FALSE(t.screen.alternate());
  EXPECT_EQ(t.CursorRow(), "operator@capos>");
}

TEST(Play, WithoutTheGameItIsALine) {
  Env env;
  Terminal t(env, "operator", "opensesame");
  t.Type("paperclips play\r");
  EXPECT_FALSE(t.shell->playing());
  EXPECT_FALSE(t.screen.alternate());
  EXPECT_TRUE(t.Shows("denied: unknownCap")) << t.Screen();
  EXPECT_TRUE(t.Shows("launch paperclips")) << t.Screen();
  EXPECT_EQ(t.CursorRow(), "operator@capos>");
}

TEST(Play, AGameThatFailsMidViewShowsWhyAndStays) {
  Env env;
  Terminal t(env, "operator", "opensesame");
  t.Type("launch paperclips\rpaperclips play\r");
  env.backend.paperclips.clear();  // the game died under the view
  t.Type("m");
  EXPECT_TRUE(t.shell->playing());
  EXPECT_EQ(t.screen.Row(9).substr(0, 19), "denied: unavailable");
  t.Type("q");
  EXPECT_FALSE(t.screen.alternate());
}

}  // namespace
}  // namespace shell_app::test
