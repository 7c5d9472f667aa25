// Output fits the terminal at any width: no command's output makes the
// terminal wrap a row by itself, at 20, 40, 80 and 132 columns.
#include <gtest/gtest.h>

#include "services/shell/test_env.h"

namespace shell_app::test {
namespace {

class Widths : public ::testing::TestWithParam<size_t> {};

TEST_P(Widths, NoCommandOutputAutowraps) {
  const size_t width = GetParam();
  Env env;
  Terminal t(env, "operator", "opensesame", width, 30);
  Terminal other(env, "alice", "wonderland", 80, 24);
  t.Type("launch adventure\rlaunch paperclips\rchat join\r");
  other.Type("chat join\rchat send " + std::string(200, 'w') + " a long message, wrapped\r");
  for (const char* line :
       {"help", "help launch", "whoami", "caps", "caps chat", "caps adventure", "caps paperclips",
        "motd", "services", "chat who", "chat send hi", "adventure look", "paperclips status",
        "paperclips setPrice 0", "transcript", "launch nosuch", "stop nosuch", "nosuch"}) {
    // Type the line, then measure only what Enter prints: the editor's own
    // wrapping of a long typed line is the point of a line editor.
    t.Type(line);
    const size_t wraps = t.screen.autowraps();
    t.Type("\r");
    EXPECT_EQ(t.screen.autowraps(), wraps) << "`" << line << "` at width " << width << "\n"
                                           << t.Screen();
  }
  const size_t wraps = t.screen.autowraps();
  t.Tick();  // the long chat message, above the (empty) line
  EXPECT_TRUE(t.Shows("wrapped")) << t.Screen();
  EXPECT_EQ(t.screen.autowraps(), wraps);
  t.Type("paperclips play");
  const size_t typed = t.screen.autowraps();
  t.Type("\r");
  t.Tick();
  t.Type("m+");
  EXPECT_EQ(t.screen.autowraps(), typed);
  t.Type("q");
}

INSTANTIATE_TEST_SUITE_P(Shell, Widths, ::testing::Values(20, 40, 80, 132));

}  // namespace
}  // namespace shell_app::test
