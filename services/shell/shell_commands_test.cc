// Every command's output as the user sees it, denials as typed lines, and
// Tab completion of commands, cap names, services, verbs and enum values.
#include <gtest/gtest.h>

#include "services/lib/shell/ansi.h"
#include "services/shell/test_env.h"

namespace shell_app::test {
namespace {

namespace rs = remote_session;

std::string Red() {
  char buf[32];
  shell::Output o(buf, sizeof(buf));
  shell::SetColor(&o, shell::Color::kRed);
  return std::string(o.data(), o.size());
}

TEST(Commands, HelpListsTheTable) {
  Env env;
  Terminal t(env, "alice", "wonderland", 100, 40);
  t.Type("help\r");
  for (const char* c :
       {"whoami", "caps [CAP]", "motd", "chat join", "services", "launch SERVICE", "stop SERVICE",
        "adventure VERB", "paperclips VERB", "transcript", "clear", "exit"}) {
    EXPECT_TRUE(t.Shows(c)) << c << "\n" << t.Screen();
  }
  t.Type("help chat\r");
  EXPECT_TRUE(t.Shows("usage: chat join | send TEXT | who | leave")) << t.Screen();
}

TEST(Commands, WhoamiShowsTheSession) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("whoami\r");
  EXPECT_TRUE(t.Shows("principal   alice")) << t.Screen();
  EXPECT_TRUE(t.Shows("profile     user"));
  EXPECT_TRUE(t.Shows("login       password"));
}

TEST(Commands, CapsIsATableAndOneCapItsMethods) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("caps\r");
  // The columns fit the widest entry (the read-only terminal manager).
  EXPECT_TRUE(t.Shows("NAME         INTERFACE        POLICY")) << t.Screen();
  EXPECT_TRUE(t.Shows("system_info  SystemInfo       read")) << t.Screen();
  EXPECT_TRUE(t.Shows("chat         Chat             read-write")) << t.Screen();
  EXPECT_TRUE(t.Shows("terminal     TerminalManager  read")) << t.Screen();
  t.Type("clear\rcaps chat\r");
  EXPECT_TRUE(t.Shows("chatSend <text>")) << t.Screen();
  EXPECT_TRUE(t.Shows("say something in the room"));
  t.Type("caps nosuch\r");
  EXPECT_TRUE(t.Shows("no cap of that name")) << t.Screen();
}

TEST(Commands, MotdCallsSystemInfo) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("motd\r");
  EXPECT_TRUE(t.Shows("welcome to capOS")) << t.Screen();
  EXPECT_EQ(t.port.seen.back().method, rs::CallMethod::kSystemMotd);
}

TEST(Commands, DenialsAreTypedRedLines) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("adventure look\r");  // alice launched nothing
  EXPECT_TRUE(t.Shows("denied: unknownCap")) << t.Screen();
  EXPECT_NE(t.output.find(Red() + "denied: unknownCap \xe2\x80\x94 "), std::string::npos);
  Terminal g(env, "guest", nullptr);
  g.Type("chat send hi\r");  // a guest may read the room, not write to it
  EXPECT_TRUE(g.Shows("denied: methodDenied")) << g.Screen();
  g.Type("launch adventure\r");
  EXPECT_TRUE(g.Shows("denied: launchDenied (notPermitted)")) << g.Screen();
  EXPECT_FALSE(g.shell->done());
  EXPECT_EQ(g.CursorRow(), "guest@capos>");
}

TEST(Commands, ServicesLaunchStopAndAGame) {
  Env env;
  Terminal t(env, "operator", "opensesame", 100, 40);
  t.Type("services\r");
  EXPECT_TRUE(t.Shows("adventure")) << t.Screen();
  EXPECT_TRUE(t.Shows("state notRunning, available")) << t.Screen();
  t.Type("launch paperclips\r");
  EXPECT_TRUE(t.Shows("paperclips running, 1 process")) << t.Screen();
  EXPECT_TRUE(t.Shows("export paperclips (Paperclips)")) << t.Screen();
  t.Type("launch adventure\radventure look\r");
  EXPECT_TRUE(t.Shows("== Gatehouse ==")) << t.Screen();
  EXPECT_TRUE(t.Shows("exits: north, east")) << t.Screen();
  EXPECT_EQ(env.backend.last_service.method, 1);  // Adventure.look
  t.Type("launch paperclips\r");
  EXPECT_TRUE(t.Shows("denied: launchDenied (sessionQuota)")) << t.Screen();
  t.Type("clear\rstop paperclips\r");
  EXPECT_TRUE(t.Shows("paperclips notRunning, 0 processes")) << t.Screen();
  t.Type("paperclips status\r");
  EXPECT_TRUE(t.Shows("denied: unknownCap")) << t.Screen();
}

TEST(Commands, GameVerbsAreCheckedByTheSession) {
  Env env;
  Terminal t(env, "operator", "opensesame", 100, 40);
  t.Type("launch adventure\radventure dance\r");
  EXPECT_TRUE(t.Shows("denied: methodDenied")) << t.Screen();
  t.Type("adventure go sideways\r");
  EXPECT_TRUE(t.Shows("denied: malformedRequest")) << t.Screen();
  // A text verb takes the rest of the line as one argument.
  t.Type("adventure say hello there\r");
  EXPECT_TRUE(t.Shows("You look around.")) << t.Screen();
}

TEST(Commands, TranscriptIsATableWithoutTheQuietPolls) {
  Env env;
  Terminal t(env, "alice", "wonderland", 100, 40);
  t.Type("chat join\r");
  t.Tick();
  t.Tick();
  t.Type("clear\rtranscript\r");
  EXPECT_TRUE(t.Shows("SEQ  +MS")) << t.Screen();
  EXPECT_TRUE(t.Shows("login")) << t.Screen();
  EXPECT_FALSE(t.Shows("chatPoll")) << t.Screen();
}

TEST(Commands, TabCompletesCommandsCapsServicesVerbsAndValues) {
  Env env;
  Terminal t(env, "operator", "opensesame");
  t.Type("whoa\t");
  EXPECT_EQ(t.Line(), "whoami ");
  t.Type(
      "\x15"
      "caps sy\t");
  EXPECT_EQ(t.Line(), "caps system_info ");
  t.Type(
      "\x15"
      "launch adv\t");
  EXPECT_EQ(t.Line(), "launch adventure ");
  t.Type("\r");
  t.Type("adventure lo\t");
  EXPECT_EQ(t.Line(), "adventure look ");
  t.Type(
      "\x15"
      "adventure go n\t");
  EXPECT_EQ(t.Line(), "adventure go north ");
  t.Type(
      "\x15"
      "paperclips p\t");
  EXPECT_EQ(t.Line(), "paperclips play ");
  t.Type(
      "\x15"
      "chat j\t");
  EXPECT_EQ(t.Line(), "chat join ");
  // Several candidates: listed above the line, which is drawn again.
  t.Type(
      "\x15"
      "adventure \t");
  EXPECT_TRUE(t.Shows("inventory")) << t.Screen();
  EXPECT_EQ(t.Line(), "adventure ");
}

TEST(Commands, ClearClearsTheScreen) {
  Env env;
  Terminal t(env, "alice", "wonderland");
  t.Type("whoami\rclear\r");
  EXPECT_FALSE(t.Shows("principal")) << t.Screen();
  EXPECT_EQ(t.screen.cursor_row(), 0u);
  EXPECT_EQ(t.CursorRow(), "alice@capos>");
}

}  // namespace
}  // namespace shell_app::test
