// Every key of the line editor, asserted on what the screen shows
// (TestTerminal checks the drawn region after every byte as well).
#include <gtest/gtest.h>

#include "services/lib/shell/test_terminal.h"

namespace shell::test {
namespace {

using Event = LineEditor::Event;
using Rows = std::vector<std::string>;
using Events = std::vector<Event>;

constexpr char kLeft[] = "\x1b[D";
constexpr char kRight[] = "\x1b[C";
constexpr char kUp[] = "\x1b[A";
constexpr char kDown[] = "\x1b[B";

TEST(LineEditorKeys, TypingAndEnter) {
  TestTerminal t;
  EXPECT_EQ(t.Type("hello"), Events{});
  EXPECT_EQ(t.Rows(), Rows{"> hello"});
  EXPECT_EQ(t.Type("\r"), Events{Event::kLine});
  EXPECT_EQ(t.lines(), Rows{"hello"});
  EXPECT_EQ(t.Rows(), (Rows{"> hello", ">"}));
  EXPECT_EQ(t.screen().cursor_row(), 1u);
  EXPECT_EQ(t.screen().cursor_col(), 2u);
  // LF, and CR LF as one Enter.
  EXPECT_EQ(t.Type("a\nb\r\nc\r"), (Events{Event::kLine, Event::kLine, Event::kLine}));
  EXPECT_EQ(t.lines(), (Rows{"hello", "a", "b", "c"}));
}

TEST(LineEditorKeys, LeftRightAndInsertInTheMiddle) {
  TestTerminal t;
  t.Type(std::string("helo") + kLeft + "l");
  EXPECT_EQ(t.Rows(), Rows{"> hello"});
  EXPECT_EQ(t.screen().cursor_col(), 6u);
  t.Type(std::string(kRight) + kRight + kRight + "!");  // Right stops at the end
  EXPECT_EQ(t.line(), "hello!");
  t.Type(std::string(8, '\x02') + "<" +
         "\x06"
         "\x06"
         "-");  // Ctrl-B past the start, Ctrl-F
  EXPECT_EQ(t.line(), "<he-llo!");
}

TEST(LineEditorKeys, HomeAndEndInEveryEncoding) {
  for (const char* home : {"\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x01"}) {
    for (const char* end : {"\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF", "\x05"}) {
      TestTerminal t;
      t.Type(std::string("mid") + home + "[" + end + "]");
      EXPECT_EQ(t.line(), "[mid]");
      EXPECT_EQ(t.Rows(), Rows{"> [mid]"});
    }
  }
}

TEST(LineEditorKeys, BackspaceAndDelete) {
  TestTerminal t;
  t.Type("abcd\x7f\x08");
  EXPECT_EQ(t.Rows(), Rows{"> ab"});
  t.Type(std::string("\x01") + "\x7f" + "\x1b[3~");  // nothing before; delete 'a'
  EXPECT_EQ(t.Rows(), Rows{"> b"});
  t.Type("\x05\x1b[3~");  // nothing under the cursor at the end
  EXPECT_EQ(t.line(), "b");
  t.Type(std::string("c") + kLeft + kLeft + "\x04");  // Ctrl-D deletes under the cursor
  EXPECT_EQ(t.line(), "c");
  EXPECT_TRUE(t.editor().active());
}

TEST(LineEditorKeys, KillKeys) {
  TestTerminal t;
  t.Type("one two  three\x17");  // Ctrl-W: the word before the cursor
  EXPECT_EQ(t.line(), "one two  ");
  t.Type("\x17");
  EXPECT_EQ(t.line(), "one ");
  t.Type(
      "two three\x1b"
      "b"
      "\x0b");  // Alt-b, then Ctrl-K: to the end
  EXPECT_EQ(t.Rows(), Rows{"> one two"});
  t.Type(std::string(kLeft) + kLeft + kLeft + "\x15");  // Ctrl-U: to the start
  EXPECT_EQ(t.Rows(), Rows{"> wo"});
  EXPECT_EQ(t.screen().cursor_col(), 2u);
}

TEST(LineEditorKeys, WordMoves) {
  TestTerminal t;
  t.Type(
      "alpha beta gamma\x1b[1;5D\x1b[1;5D|\x1b[1;3C\x1b"
      "f!");
  EXPECT_EQ(t.line(), "alpha |beta gamma!");
}

TEST(LineEditorKeys, CtrlCAbandonsTheLine) {
  TestTerminal t;
  EXPECT_EQ(t.Type("secret\x03"), Events{Event::kInterrupt});
  EXPECT_EQ(t.Rows(), (Rows{"> secret^C", ">"}));
  EXPECT_EQ(t.line(), "");
  EXPECT_EQ(t.editor().history().size(), 0u);
  t.Type(kUp);
  EXPECT_EQ(t.line(), "");
}

TEST(LineEditorKeys, CtrlDIsEofOnlyOnAnEmptyLine) {
  TestTerminal t;
  EXPECT_EQ(t.Type("\x04"), Events{Event::kEof});
  EXPECT_EQ(t.Rows(), (Rows{">", ">"}));
  EXPECT_EQ(t.Type("x\x04"), Events{});
  EXPECT_EQ(t.line(), "x");
}

TEST(LineEditorKeys, CtrlLClearsAndRedraws) {
  TestTerminal t;
  t.Type("ls\rps\rhal");
  t.Type(std::string(kLeft) + "\x0c");
  EXPECT_EQ(t.Rows(), Rows{"> hal"});
  EXPECT_EQ(t.screen().cursor_row(), 0u);
  EXPECT_EQ(t.screen().cursor_col(), 4u);
}

TEST(LineEditorKeys, HistoryUpDown) {
  TestTerminal t;
  t.Type("one\rtwo\rtwo\rdraft");
  EXPECT_EQ(t.editor().history().size(), 2u);  // no repeat of the previous line
  t.Type(kUp);
  EXPECT_EQ(t.Rows(), (Rows{"> one", "> two", "> two", "> two"}));
  t.Type("\x10");  // Ctrl-P
  EXPECT_EQ(t.line(), "one");
  const size_t bells = t.screen().bells();
  t.Type(kUp);  // no older line
  EXPECT_EQ(t.screen().bells(), bells + 1);
  EXPECT_EQ(t.line(), "one");
  t.Type(std::string(kDown) + "\x0e");  // Down, Ctrl-N: back to the draft
  EXPECT_EQ(t.line(), "draft");
  t.Type(kDown);
  EXPECT_EQ(t.screen().bells(), bells + 2);
  t.Type(std::string(kUp) + "!\r");  // a recalled line can be edited and entered
  EXPECT_EQ(t.lines().back(), "two!");
}

TEST(LineEditorKeys, HistoryIsBounded) {
  TestTerminal t;
  for (int i = 0; i < 100; ++i) t.Type(std::to_string(i) + "\r");
  EXPECT_EQ(t.editor().history().size(), kHistoryEntries);
  for (size_t i = 0; i < kHistoryEntries + 5; ++i) t.Type(kUp);
  EXPECT_EQ(t.line(), std::to_string(100 - kHistoryEntries));
}

TEST(LineEditorKeys, MultiByteCharactersMoveAsOne) {
  TestTerminal t;
  t.Type(std::string("aé€😀") + kLeft + kLeft + "\x7f");
  EXPECT_EQ(t.line(), "a€😀");
  EXPECT_EQ(t.screen().cursor_col(), 3u);
  t.Type("\x1b[3~");
  EXPECT_EQ(t.Rows(), Rows{"> a😀"});
}

TEST(LineEditorKeys, LineBoundRingsTheBell) {
  TestTerminal t(TestTerminal::Options().Width(80).Height(40));
  t.Type(std::string(kMaxLineBytes - 1, 'x'));
  const size_t bells = t.screen().bells();
  t.Type("é");  // two bytes do not fit in one
  EXPECT_EQ(t.screen().bells(), bells + 1);
  t.Type("y");
  EXPECT_EQ(t.line().size(), kMaxLineBytes);
  t.Type("z");
  EXPECT_EQ(t.screen().bells(), bells + 2);
  EXPECT_EQ(t.line(), std::string(kMaxLineBytes - 1, 'x') + "y");
}

TEST(LineEditorKeys, ColouredPromptCountsOnlyItsText) {
  TestTerminal t(TestTerminal::Options().Width(12).Prompt("\x1b[1;32malice\x1b[0m> "));
  t.Type("0123456789");
  EXPECT_EQ(t.Rows(), (Rows{"alice> 01234", "56789"}));
  EXPECT_EQ(t.screen().cursor_col(), 5u);
}

TEST(LineEditorKeys, PromptControlsAreDropped) {
  // Only text and colours survive: not CR LF, ED, CUU, BEL, nor the ESC of
  // an OSC (its text is harmless once the ESC is gone).
  TestTerminal t(TestTerminal::Options()
                     .Prompt("a\r\nb\x1b[2Jc\x1b[5A\x1b]0;x\x07> ")
                     .ShownPrompt("abc]0;x> "));
  t.Type("ok");
  EXPECT_EQ(t.Rows(), Rows{"abc]0;x> ok"});
}

TEST(LineEditorKeys, PrintAboveTheLine) {
  TestTerminal t;
  t.Type("draft");
  t.Print("alice: hi\r\n");
  EXPECT_EQ(t.Rows(), (Rows{"alice: hi", "> draft"}));
  t.Type("!");  // a hidden line shows itself again on the next key
  t.Hide();
  EXPECT_EQ(t.Rows(), (Rows{"alice: hi"}));
  t.Type("?");
  EXPECT_EQ(t.Rows(), (Rows{"alice: hi", "> draft!?"}));
}

}  // namespace
}  // namespace shell::test
