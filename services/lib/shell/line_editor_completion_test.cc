// Tab completion through a Completer: one match, several, none, bounds and
// hostile candidates.
#include <gtest/gtest.h>

#include "services/lib/shell/test_terminal.h"

namespace shell::test {
namespace {

using Rows = std::vector<std::string>;

// Completes the word before the cursor from a fixed list.
class ListCompleter : public Completer {
 public:
  explicit ListCompleter(std::vector<std::string> words) : words_(std::move(words)) {}
  void Complete(TextRef line, size_t cursor, Completions* out) override {
    ++calls;
    size_t start = cursor;
    while (start > 0 && line.data[start - 1] != ' ') --start;
    out->Reset(start + start_shift);
    const std::string prefix(line.data + start, cursor - start);
    for (const std::string& w : words_) {
      if (w.compare(0, prefix.size(), prefix) == 0) out->Add(TextRef{w.data(), w.size()});
    }
  }
  int calls = 0;
  size_t start_shift = 0;  // to make it misbehave

 private:
  std::vector<std::string> words_;
};

TestTerminal::Options With(Completer* c, size_t width = 80) {
  TestTerminal::Options o;
  o.completer = c;
  o.width = width;
  o.height = 40;
  return o;
}

TEST(LineEditorCompletion, SingleMatchCompletesWithASpace) {
  ListCompleter c({"help", "whoami", "launch"});
  TestTerminal t(With(&c));
  t.Type("la\t");
  EXPECT_EQ(t.Rows(), Rows{"> launch"});
  EXPECT_EQ(t.line(), "launch ");
  t.Type("x");
  EXPECT_EQ(t.line(), "launch x");
}

TEST(LineEditorCompletion, SeveralMatchesListAndCompleteTheCommonPrefix) {
  ListCompleter c({"paperclips", "paperweight", "caps", "cat", "car"});
  TestTerminal t(With(&c));
  t.Type("pa\t");
  EXPECT_EQ(t.line(), "paper");
  EXPECT_EQ(t.Rows(), (Rows{"> paper", "paperclips   paperweight", "> paper"}));
  t.Type(
      "\x15"
      "ca\t");
  EXPECT_EQ(t.line(), "ca");
  EXPECT_EQ(t.Rows().back(), "> ca");
  EXPECT_EQ(t.Rows()[t.Rows().size() - 2], "caps  cat   car");
}

TEST(LineEditorCompletion, NoMatchOrNoCompleterRingsTheBell) {
  ListCompleter c({"help"});
  TestTerminal t(With(&c));
  t.Type("zz\t");
  EXPECT_EQ(t.screen().bells(), 1u);
  EXPECT_EQ(t.Rows(), Rows{"> zz"});
  TestTerminal none;
  none.Type("a\t");
  EXPECT_EQ(none.screen().bells(), 1u);
  EXPECT_EQ(none.line(), "a");
}

TEST(LineEditorCompletion, CompletesTheWordBeforeTheCursorMidLine) {
  ListCompleter c({"adventure", "look"});
  TestTerminal t(With(&c));
  t.Type("adv lo\x1b[D\x1b[D\x1b[D\t");  // no second space before " lo"
  EXPECT_EQ(t.line(), "adventure lo");
  EXPECT_EQ(t.editor().cursor(), 9u);
}

TEST(LineEditorCompletion, ListAtNarrowWidthsIsOneColumn) {
  ListCompleter c({"services", "stop", "s-very-long-name"});
  TestTerminal t(With(&c, 10));
  t.Type("s\t");
  EXPECT_EQ(t.Rows(), (Rows{"> s", "services", "stop", "s-very-lon", "> s"}));
}

TEST(LineEditorCompletion, LongListsAreCut) {
  std::vector<std::string> words;
  for (int i = 0; i < 200; ++i) words.push_back("cap-" + std::string(40, 'x') + std::to_string(i));
  ListCompleter c(words);
  TestTerminal t(TestTerminal::Options().Width(80).Height(100).WithCompleter(&c));
  t.Type("cap\t");
  // Only kMaxCandidates were kept, so their common prefix is not the
  // list's: the word is left alone.
  EXPECT_EQ(t.line(), "cap");
  const Rows rows = t.Rows();
  EXPECT_EQ(rows.back(), "> cap");
  const std::string& more = rows[rows.size() - 2];
  EXPECT_EQ(more.substr(0, 4), "... ");
  EXPECT_EQ(more.substr(more.size() - 5), " more");
  const size_t shown = rows.size() - 3;  // "> cap", the list, "... N more", "> cap"
  EXPECT_EQ(std::stoul(more.substr(4)), 200 - shown);
  EXPECT_LT(t.max_step_output(), LineEditor::kMaxKeyOutput);
}

TEST(LineEditorCompletion, HostileCandidatesAreRefused) {
  ListCompleter c({"evil\x1b[2J", "bad\r\nrm", "ok\xff",
                   "\xc2\x9b"
                   "31m",
                   "fine"});
  TestTerminal t(With(&c));
  t.Type("\t");
  EXPECT_EQ(t.line(), "fine ");
  EXPECT_EQ(t.screen().unknown(), "");
}

TEST(LineEditorCompletion, CompletionPastTheLineBoundRingsTheBell) {
  ListCompleter c({std::string(60, 'w')});
  TestTerminal t(With(&c));
  t.Type(std::string(kMaxLineBytes - 10, 'x') + " w\t");
  EXPECT_EQ(t.screen().bells(), 1u);
  EXPECT_EQ(t.line().size(), kMaxLineBytes - 8);
}

TEST(LineEditorCompletion, BadWordStartFromTheCompleterIsIgnored) {
  ListCompleter c({"help"});
  c.start_shift = 5;  // past the cursor
  TestTerminal t(With(&c));
  t.Type("he\t");
  EXPECT_EQ(t.line(), "he");
  EXPECT_EQ(t.screen().bells(), 1u);
}

TEST(LineEditorCompletion, CandidatesShareOnlyWholeCharacters) {
  ListCompleter c({"caf\xc3\xa9", "caf\xc3\xa8"});  // é and è share their first byte
  TestTerminal t(With(&c));
  t.Type("c\t");
  EXPECT_EQ(t.line(), "caf");
}

}  // namespace
}  // namespace shell::test
