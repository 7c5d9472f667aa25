// Lines that wrap, at 10, 20 and 80 columns and at the extremes, and
// resizes under both ResizeModels. TestTerminal checks after every byte
// that the screen shows the prompt and line from the region's start with
// the cursor in place and nothing left over.
#include <gtest/gtest.h>

#include "services/lib/shell/test_terminal.h"

namespace shell::test {
namespace {

using Rows = std::vector<std::string>;

constexpr char kLeft[] = "\x1b[D";
constexpr char kHome[] = "\x1b[H";
constexpr char kEnd[] = "\x1b[F";

// s cut into rows of w columns (ASCII), as the screen shows it.
Rows Wrapped(const std::string& s, size_t w) {
  Rows rows;
  for (size_t at = 0; at < s.size(); at += w) rows.push_back(s.substr(at, w));
  while (!rows.empty() && rows.back().find_first_not_of(' ') == std::string::npos) rows.pop_back();
  for (std::string& r : rows) r.erase(r.find_last_not_of(' ') + 1);
  return rows;
}

std::string Letters(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(char('a' + i % 26));
  return s;
}

class Wrap : public ::testing::TestWithParam<size_t> {};

TEST_P(Wrap, TypingEditingAndMovingAcrossRows) {
  const size_t w = GetParam();
  TestTerminal t(TestTerminal::Options().Width(w).Height(60));
  const std::string text = Letters(3 * w + 5);
  t.Type(text);
  EXPECT_EQ(t.Rows(), Wrapped("> " + text, w));
  // Insert at the start, in the middle, delete across a row boundary.
  t.Type(std::string(kHome) + "^");
  EXPECT_EQ(t.Rows(), Wrapped("> ^" + text, w));
  for (size_t i = 0; i < w; ++i) t.Type("\x1b[C");
  t.Type("|");
  std::string want = "^" + text;
  want.insert(w + 1, "|");
  EXPECT_EQ(t.Rows(), Wrapped("> " + want, w));
  t.Type("\x7f\x7f\x7f");
  want.erase(w - 1, 3);
  EXPECT_EQ(t.Rows(), Wrapped("> " + want, w));
  // Walk the cursor through every position back and forth.
  t.Type(kEnd);
  for (size_t i = 0; i < want.size() + 2; ++i) t.Type(kLeft);
  EXPECT_EQ(t.screen().cursor_col(), 2u % w);
  t.Type(std::string(kEnd) + "\x15");  // Ctrl-U empties it: one row again
  EXPECT_EQ(t.Rows(), Rows{">"});
}

TEST_P(Wrap, LineEndingExactlyAtTheMargin) {
  const size_t w = GetParam();
  TestTerminal t(TestTerminal::Options().Width(w).Height(60));
  const std::string text = Letters(2 * w - 2);  // prompt + text = 2 rows exactly
  t.Type(text);
  EXPECT_EQ(t.Rows(), Wrapped("> " + text, w));
  EXPECT_EQ(t.screen().cursor_row(), 2u);  // at the start of the row below
  EXPECT_EQ(t.screen().cursor_col(), 0u);
  t.Type("z");
  EXPECT_EQ(t.Rows(), Wrapped("> " + text + "z", w));
  t.Type("\x7f");
  EXPECT_EQ(t.screen().cursor_row(), 2u);
  t.Type(std::string(kLeft) + kEnd + "\r");
  EXPECT_EQ(t.lines(), Rows{text});
  Rows want = Wrapped("> " + text, w);
  want.push_back("");  // the blank row of the margin
  want.push_back(">");
  EXPECT_EQ(t.Rows(), want);
}

TEST_P(Wrap, PreviousOutputIsNeverOverwritten) {
  const size_t w = GetParam();
  TestTerminal t(TestTerminal::Options().Width(w).Height(60));
  const std::string text = Letters(2 * w + 3);
  t.Type("ls\r");
  t.Type(text + kHome + "x");
  Rows want = Wrapped("> ls", w);
  for (const std::string& r : Wrapped("> x" + text, w)) want.push_back(r);
  EXPECT_EQ(t.Rows(), want);
}

INSTANTIATE_TEST_SUITE_P(Widths, Wrap, ::testing::Values(10, 20, 80, 3, 7));

TEST(LineEditorWrap, PromptWiderThanTheTerminal) {
  TestTerminal t(TestTerminal::Options().Width(8).Prompt("capos:alice@shell> "));
  t.Type("hello world");
  EXPECT_EQ(t.Rows(), Wrapped("capos:alice@shell> hello world", 8));
  t.Type(std::string(kHome) + "\x0b");
  EXPECT_EQ(t.Rows(), Wrapped("capos:alice@shell>", 8));
}

TEST(LineEditorWrap, OneColumn) {
  TestTerminal t(TestTerminal::Options().Width(1).Height(30));
  t.Type(std::string("abc") + kLeft + "X");
  EXPECT_EQ(t.Rows(), (Rows{">", "", "a", "b", "X", "c"}));
}

class Resize : public ::testing::TestWithParam<ResizeModel> {};

TEST_P(Resize, ToAnyWidthAndBack) {
  TestTerminal t(TestTerminal::Options().Width(20).Height(80).Model(GetParam()));
  t.Type("ls\r");
  const std::string text = Letters(45);
  t.Type(text);
  for (size_t w : {10, 7, 80, 13, 1, 20, 3, 45, 47, 9}) {
    t.Resize(w);
    // The region is the screen's last rows; above it, "> ls" as the
    // terminal left it (cut or re-wrapped).
    const Rows want = Wrapped("> " + text, w);
    const Rows rows = t.Rows();
    ASSERT_GT(rows.size(), want.size()) << "width " << w;
    EXPECT_EQ(Rows(rows.end() - want.size(), rows.end()), want) << "width " << w;
    EXPECT_EQ(rows[0].substr(0, 1), ">");
  }
}

TEST_P(Resize, WithTheCursorInTheMiddle) {
  TestTerminal t(TestTerminal::Options().Width(20).Height(40).Model(GetParam()));
  const std::string text = Letters(50);
  t.Type(text);
  for (int i = 0; i < 23; ++i) t.Type(kLeft);
  for (size_t w : {11, 30, 5, 20}) {
    t.Resize(w);
    EXPECT_EQ(t.Rows(), Wrapped("> " + text, w)) << "width " << w;
  }
  t.Type("#");
  EXPECT_EQ(t.line(), text.substr(0, 27) + "#" + text.substr(27));
}

TEST_P(Resize, AtTheMarginRow) {
  TestTerminal t(TestTerminal::Options().Width(10).Height(40).Model(GetParam()));
  const std::string text = Letters(18);  // ends exactly at the margin
  t.Type(text);
  for (size_t w : {9, 10, 6, 20, 10}) {
    t.Resize(w);
    EXPECT_EQ(t.Rows(), Wrapped("> " + text, w)) << "width " << w;
  }
}

INSTANTIATE_TEST_SUITE_P(Models, Resize,
                         ::testing::Values(ResizeModel::kKeepRows, ResizeModel::kReflow));

}  // namespace
}  // namespace shell::test
