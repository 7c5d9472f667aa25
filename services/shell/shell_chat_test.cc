// Chat: join/send/who/leave, messages from another session shown above the
// line being typed as they arrive, and hostile text neutralised.
#include <gtest/gtest.h>

#include "services/lib/shell/test_terminal.h"
#include "services/shell/test_env.h"

namespace shell_app::test {
namespace {

namespace rs = remote_session;

TEST(Chat, JoinSendWhoLeave) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("chat join\r");
  EXPECT_TRUE(t.Shows("joined as alice-1")) << t.Screen();
  EXPECT_TRUE(t.shell->chat_joined());
  t.Type("chat send hello   \"world\"\r");
  EXPECT_TRUE(t.Shows("sent (seq 1)")) << t.Screen();
  ASSERT_EQ(env.backend.room.size(), 1u);
  EXPECT_EQ(env.backend.room[0].text, "hello   \"world\"");  // the raw rest of the line
  t.Type("chat who\r");
  EXPECT_TRUE(t.Shows("members: alice-1")) << t.Screen();
  t.Type("chat leave\r");
  EXPECT_TRUE(t.Shows("left the room")) << t.Screen();
  EXPECT_FALSE(t.shell->chat_joined());
  t.Type("chat dance\r");
  EXPECT_TRUE(t.Shows("usage: chat")) << t.Screen();
}

TEST(Chat, MessagesFromAnotherSessionAppearAboveTheTypedLine) {
  Env env;
  Terminal alice(env, "alice", "wonderland");
  Terminal op(env, "operator", "opensesame");
  op.Type("chat join\rchat send before alice joined\r");
  alice.Type("chat join\r");
  alice.Type("chat send half a li");
  op.Type("chat send hello alice\r");
  const size_t polls = alice.port.seen.size();
  alice.Tick();
  // The poll was a quiet chatPoll since what alice has seen.
  ASSERT_EQ(alice.port.seen.size(), polls + 1);
  EXPECT_EQ(alice.port.seen.back().method, rs::CallMethod::kChatPoll);
  EXPECT_TRUE(alice.port.seen.back().quiet);
  EXPECT_TRUE(alice.Shows("operator-2: hello alice")) << alice.Screen();
  EXPECT_FALSE(alice.Shows("before alice joined")) << alice.Screen();
  // The message is above the line, and the line is intact below it.
  const size_t row = alice.screen.cursor_row();
  EXPECT_EQ(alice.screen.Row(row - 1), "operator-2: hello alice");
  EXPECT_EQ(alice.CursorRow(), "alice@capos> chat send half a li");
  EXPECT_EQ(shell::test::CheckRegion(alice.screen, alice.shell->editor(), "alice@capos> "), "");
  // Shown once only.
  alice.Tick();
  size_t count = 0;
  for (const std::string& r : alice.screen.Rows()) count += r == "operator-2: hello alice";
  EXPECT_EQ(count, 1u);
  // Typing goes on where it was.
  alice.Type("ne\r");
  EXPECT_EQ(env.backend.room.back().text, "half a line");
}

TEST(Chat, HostileTextIsNeutralised) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("chat join\r");
  t.Type("typing");
  env.backend.Inject("mallory\x1b[2J",
                     "\x1b[2J\x1b[H\x1b]0;owned\x07\x1b[31mevil\x1b[5n\x9b"
                     "2J\r\x08\x08tail\xff");
  t.Tick();
  // Nothing the screen model does not know reached it (Write checks), the
  // screen was not cleared, and the text shows as harmless characters.
  EXPECT_TRUE(t.Shows("capOS shell")) << t.Screen();
  EXPECT_TRUE(t.Shows("mallory[2J: [2J[H]0;owned[31mevil[5n")) << t.Screen();
  EXPECT_TRUE(t.Shows("tail\xef\xbf\xbd")) << t.Screen();
  EXPECT_EQ(t.CursorRow(), "alice@capos> typing");
  // No escape from the message itself: every ESC the shell wrote is its own.
  const size_t at = t.output.find("mallory");
  ASSERT_NE(at, std::string::npos);
  const std::string shown = t.output.substr(at, t.output.find("tail") - at);
  EXPECT_EQ(shown.find("\x1b]"), std::string::npos);
  EXPECT_EQ(shown.find("\x1b[2J"), std::string::npos);
  EXPECT_EQ(shown.find("\x1b[5n"), std::string::npos);
}

TEST(Chat, ARoomThatIsGoneStopsThePolls) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("chat join\r");
  env.backend.chat_status = rs::BackendStatus::kUnavailable;
  t.Tick();
  EXPECT_TRUE(t.Shows("denied: unavailable")) << t.Screen();
  EXPECT_TRUE(t.Shows("no longer polling")) << t.Screen();
  EXPECT_FALSE(t.shell->chat_joined());
  const size_t n = t.port.seen.size();
  t.Tick();
  EXPECT_EQ(t.port.seen.size(), n);
  EXPECT_EQ(t.CursorRow(), "alice@capos>");
}

}  // namespace
}  // namespace shell_app::test
