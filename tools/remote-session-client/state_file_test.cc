#include "tools/remote-session-client/state_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>

namespace rsclient {
namespace {

std::string temp_dir() {
  char tmpl[] = "/tmp/rsc-state-XXXXXX";
  return mkdtemp(tmpl);
}

mode_t mode_of(const std::string& p) {
  struct stat st {};
  stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

TEST(StateFile, RoundTripWithBinaryTicket) {
  TerminalState s{std::string("\x00\xff\x10ticket", 9), 3, 123456789012ull};
  auto back = parse_state(format_state(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->ticket, s.ticket);
  EXPECT_EQ(back->terminal, 3u);
  EXPECT_EQ(back->seq, 123456789012ull);
  // No ticket (a front end that does not resume) is fine too.
  EXPECT_TRUE(parse_state(format_state({"", 1, 0})));
}

TEST(StateFile, SaveCreates0600In0700DirsAndReplacesAtomically) {
  const std::string dir = temp_dir();
  const std::string path = dir + "/a/b/terminal.state";
  const mode_t old = umask(0);  // the file must be 0600 whatever the umask
  std::string error;
  ASSERT_TRUE(save_state(path, {"tk", 1, 5}, &error)) << error;
  umask(old);
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(mode_of(dir + "/a"), 0700u);
  EXPECT_EQ(mode_of(dir + "/a/b"), 0700u);
  struct stat before {};
  stat(path.c_str(), &before);
  ASSERT_TRUE(save_state(path, {"tk", 1, 9}, &error));
  struct stat after {};
  stat(path.c_str(), &after);
  EXPECT_NE(before.st_ino, after.st_ino);  // a new file renamed over, never rewritten in place
  TerminalState s;
  ASSERT_TRUE(load_state(path, &s, &error)) << error;
  EXPECT_EQ(s.seq, 9u);
  EXPECT_EQ(s.ticket, "tk");
  // No temporary file is left behind.
  EXPECT_EQ(system(("test $(ls -A " + dir + "/a/b | wc -l) = 1").c_str()), 0);
  system(("rm -rf " + dir).c_str());
}

TEST(StateFile, MissingCorruptAndOpenFilesAreClearErrors) {
  const std::string dir = temp_dir();
  TerminalState s;
  std::string error;
  EXPECT_FALSE(load_state(dir + "/none", &s, &error));
  EXPECT_NE(error.find("no saved terminal state"), std::string::npos) << error;
  EXPECT_EQ(error.find(dir), std::string::npos);  // no host path in messages
  for (const char* text :
       {"", "garbage\n", "capos-terminal-state 1\nticket zz\nterminal 1\nseq 0\n",
        "capos-terminal-state 1\nticket \nterminal 0\nseq 0\n",
        "capos-terminal-state 1\nticket \nterminal 1\n",
        "capos-terminal-state 1\nticket \nterminal 1\nseq -1\n",
        "capos-terminal-state 1\nticket \nterminal 1\nseq 1\nseq 2\n"}) {
    const std::string p = dir + "/bad";
    std::ofstream(p) << text;
    chmod(p.c_str(), 0600);
    EXPECT_FALSE(load_state(p, &s, &error)) << text;
    EXPECT_NE(error.find("corrupt"), std::string::npos) << error;
  }
  const std::string p = dir + "/open";
  std::string e2;
  ASSERT_TRUE(save_state(p, {"secret", 1, 0}, &e2));
  chmod(p.c_str(), 0644);
  EXPECT_FALSE(load_state(p, &s, &error));
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;
  EXPECT_EQ(error.find("secret"), std::string::npos);
  system(("rm -rf " + dir).c_str());
}

TEST(StateFile, DefaultPathFollowsXdgThenHome) {
  auto env = [](std::map<std::string, std::string> m) {
    return [m](const char* n) -> std::optional<std::string> {
      auto it = m.find(n);
      return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
  };
  EXPECT_EQ(default_state_path(env({{"XDG_STATE_HOME", "/x"}, {"HOME", "/h"}})),
            "/x/capos/terminal.state");
  EXPECT_EQ(default_state_path(env({{"HOME", "/h"}})), "/h/.local/state/capos/terminal.state");
  // A relative XDG_STATE_HOME is invalid per the spec: ignored.
  EXPECT_EQ(default_state_path(env({{"XDG_STATE_HOME", "rel"}, {"HOME", "/h"}})),
            "/h/.local/state/capos/terminal.state");
  EXPECT_EQ(default_state_path(env({})), "");
}

}  // namespace
}  // namespace rsclient
