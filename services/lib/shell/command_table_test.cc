// The shell's command table, `help` at several widths, argument checks and
// completion of commands, cap names, services and verbs.
#include "services/lib/shell/command_table.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "services/lib/shell/shell_commands.h"
#include "services/lib/shell/vt_screen.h"

namespace shell {
namespace {

using V = std::vector<std::string>;

TEST(ShellCommands, EveryCommandOnceWithItsId) {
  const CommandTable& table = ShellCommands();
  EXPECT_EQ(table.size(), size_t(ShellCommand::kExit) + 1);
  std::set<std::string> names;
  std::set<int> ids;
  for (size_t i = 0; i < table.size(); ++i) {
    const CommandSpec& c = table.at(i);
    names.insert(c.name);
    ids.insert(c.id);
    EXPECT_EQ(std::string(c.usage).rfind(c.name, 0), 0u) << c.name;  // usage starts with it
    EXPECT_GT(std::string(c.summary).size(), 5u);
    EXPECT_EQ(table.Find(Text(c.name)), &c);
  }
  EXPECT_EQ(names.size(), table.size());
  EXPECT_EQ(ids.size(), table.size());
  for (const char* name : {"help", "whoami", "caps", "motd", "chat", "services", "launch", "stop",
                           "adventure", "paperclips", "transcript", "clear", "exit"}) {
    EXPECT_NE(table.Find(Text(name)), nullptr) << name;
  }
  EXPECT_EQ(table.Find(Text("hel")), nullptr);
  EXPECT_EQ(CommandOf(*table.Find(Text("launch"))), ShellCommand::kLaunch);
}

TEST(CheckArgs, CountsWordsAfterTheName) {
  const CommandTable& table = ShellCommands();
  auto words = std::make_unique<Words>();
  const auto check = [&](const char* line) {
    EXPECT_EQ(SplitLine(Text(line), words.get()), SplitStatus::kOk);
    return CheckArgs(*table.Find(words->at(0)), *words);
  };
  EXPECT_EQ(check("launch"), ArgsCheck::kTooFew);
  EXPECT_EQ(check("launch adventure"), ArgsCheck::kOk);
  EXPECT_EQ(check("launch adventure now"), ArgsCheck::kTooMany);
  EXPECT_EQ(check("whoami"), ArgsCheck::kOk);
  EXPECT_EQ(check("whoami root"), ArgsCheck::kTooMany);
  EXPECT_EQ(check("chat send a b c d e f g"), ArgsCheck::kOk);
  EXPECT_EQ(check("chat"), ArgsCheck::kTooFew);
}

test::VtScreen Help(size_t width) {
  std::vector<char> buf(16384);
  Output out(buf.data(), buf.size());
  PrintHelp(ShellCommands(), &out, width);
  EXPECT_FALSE(out.truncated());
  test::VtScreen screen(width, 200);
  screen.Write(out.data(), out.size());
  EXPECT_EQ(screen.unknown(), "");
  EXPECT_EQ(screen.autowraps(), 0u) << "width " << width;
  return screen;
}

TEST(PrintHelp, FitsAnyWidth) {
  const test::VtScreen wide = Help(100);
  EXPECT_EQ(wide.Rows().front().rfind("help [COMMAND]", 0), 0u);
  EXPECT_NE(wide.Rows().front().find("List the commands"), std::string::npos);
  for (size_t w : {80, 40, 20, 12, 1}) Help(w);
  const test::VtScreen narrow = Help(20);
  EXPECT_EQ(narrow.Row(0), "help [COMMAND]");
  EXPECT_EQ(narrow.Row(1), "  List the commands,");
}

TEST(PrintUsage, UsageThenSummary) {
  char buf[512];
  Output out(buf, sizeof(buf));
  PrintUsage(*ShellCommands().Find(Text("stop")), &out, 80);
  test::VtScreen screen(80, 5);
  screen.Write(out.data(), out.size());
  EXPECT_EQ(screen.Rows(), (V{"usage: stop SERVICE", "Stop a service this session launched."}));
}

class FakeSource : public WordSource {
 public:
  WordList Words(ArgSource source, const CommandSpec& command) override {
    const std::vector<TextRef>* list = &none_;
    if (source == ArgSource::kCaps) list = &caps_;
    if (source == ArgSource::kServices) list = &services_;
    if (source == ArgSource::kVerbs) {
      list = std::string(command.name) == "adventure" ? &adventure_ : &paperclips_;
    }
    return WordList{list->data(), list->size()};
  }

 private:
  std::vector<TextRef> none_;
  std::vector<TextRef> caps_ = {Text("motd"), Text("chat"), Text("my cap")};
  std::vector<TextRef> services_ = {Text("adventure"), Text("paperclips")};
  std::vector<TextRef> adventure_ = {Text("look"), Text("go"), Text("take")};
  std::vector<TextRef> paperclips_ = {Text("make"), Text("buyWire")};
};

V Complete(const std::string& line, size_t* start = nullptr) {
  FakeSource source;
  auto completer = std::make_unique<CommandCompleter>(&ShellCommands(), &source);
  auto out = std::make_unique<Completions>();
  out->Reset(999);
  completer->Complete(TextRef{line.data(), line.size()}, line.size(), out.get());
  if (start) *start = out->word_start();
  V v;
  for (size_t i = 0; i < out->size(); ++i) v.emplace_back(out->at(i).data, out->at(i).size);
  return v;
}

TEST(CommandCompleter, CommandsCapsServicesAndVerbs) {
  EXPECT_EQ(Complete("").size(), ShellCommands().size());
  EXPECT_EQ(Complete("he"), V{"help"});
  EXPECT_EQ(Complete("s"), (V{"services", "stop"}));
  EXPECT_EQ(Complete("help la"), V{"launch"});
  size_t start = 0;
  EXPECT_EQ(Complete("launch ", &start), (V{"adventure", "paperclips"}));
  EXPECT_EQ(start, 7u);
  EXPECT_EQ(Complete("stop pa"), V{"paperclips"});
  EXPECT_EQ(Complete("adventure l"), V{"look"});
  EXPECT_EQ(Complete("paperclips "), (V{"play", "make", "buyWire"}));
  EXPECT_EQ(Complete("chat s"), V{"send"});
  EXPECT_EQ(Complete("caps my"), V{"my\\ cap"});  // escaped so it splits back as one word
  EXPECT_EQ(Complete("caps 'my"), V{"my\\ cap"});
}

TEST(CommandCompleter, NothingWhereNothingFits) {
  EXPECT_EQ(Complete("whoami "), V{});
  EXPECT_EQ(Complete("adventure look "), V{});
  EXPECT_EQ(Complete("nosuch "), V{});
  EXPECT_EQ(Complete("zz"), V{});
  EXPECT_EQ(Complete("chat send \"unterminated"), V{});
}

}  // namespace
}  // namespace shell
