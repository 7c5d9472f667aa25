// The screen model itself: the tests of the editor are only as good as it.
#include "services/lib/shell/vt_screen.h"

#include <gtest/gtest.h>

namespace shell::test {
namespace {

using Rows = std::vector<std::string>;

TEST(VtScreen, AutowrapWithPendingWrap) {
  VtScreen s(4, 5);
  s.Write("abcd");
  EXPECT_TRUE(s.pending_wrap());
  EXPECT_EQ(s.cursor_col(), 3u);
  s.Write("\r");  // CR cancels the pending wrap: same row
  EXPECT_EQ(s.cursor_row(), 0u);
  s.Write("ABCDe");
  EXPECT_EQ(s.Rows(), (Rows{"ABCD", "e"}));
  EXPECT_EQ(s.autowraps(), 1u);
}

TEST(VtScreen, LineFeedScrollsAtTheBottom) {
  VtScreen s(10, 2);
  s.Write("one\r\ntwo\r\nthree");
  EXPECT_EQ(s.Rows(), (Rows{"two", "three"}));
  EXPECT_EQ(s.scrolled(), 1u);
}

TEST(VtScreen, CursorMovesClampAndErase) {
  VtScreen s(10, 4);
  s.Write("0123456789\r\nabcdefghij\r\nxyz");
  s.Write("\x1b[5A\x1b[3C\x1b[K");  // up past the top, right 3 (from col 3), erase the rest
  EXPECT_EQ(s.Rows(), (Rows{"012345", "abcdefghij", "xyz"}));
  s.Write("\x1b[2;5H\x1b[J");
  EXPECT_EQ(s.Rows(), (Rows{"012345", "abcd"}));
  s.Write("\x1b[99B\x1b[99C\x1b[2D");
  EXPECT_EQ(s.cursor_row(), 3u);
  EXPECT_EQ(s.cursor_col(), 7u);
  s.Write("\x1b[H\x1b[2J\a\x1b[0;1;31m\x1b[?25l");
  EXPECT_EQ(s.Rows(), Rows{});
  EXPECT_EQ(s.bells(), 1u);
  EXPECT_EQ(s.unknown(), "");
  s.Write(
      "\x1b[6n\x1b"
      "7");
  EXPECT_NE(s.unknown(), "");
}

TEST(VtScreen, ResizeKeepingRows) {
  VtScreen s(6, 4);
  s.Write("abcdefgh");
  s.Resize(3, ResizeModel::kKeepRows);
  EXPECT_EQ(s.Rows(), (Rows{"abc", "gh"}));
  EXPECT_EQ(s.cursor_row(), 1u);
  EXPECT_EQ(s.cursor_col(), 2u);
}

TEST(VtScreen, ResizeReflowingSoftWrappedLines) {
  VtScreen s(6, 5);
  s.Write("ls\r\nabcdefgh");
  s.Resize(4, ResizeModel::kReflow);
  EXPECT_EQ(s.Rows(), (Rows{"ls", "abcd", "efgh"}));
  EXPECT_EQ(s.cursor_row(), 3u);  // offset 8 in its line
  EXPECT_EQ(s.cursor_col(), 0u);
  s.Resize(10, ResizeModel::kReflow);
  EXPECT_EQ(s.Rows(), (Rows{"ls", "abcdefgh"}));
  EXPECT_EQ(s.cursor_row(), 1u);
  EXPECT_EQ(s.cursor_col(), 8u);
}

TEST(VtScreen, ReflowPushesRowsOffTheTop) {
  VtScreen s(8, 3);
  s.Write("one\r\nabcdefgh");
  s.Resize(2, ResizeModel::kReflow);
  // "one" and "abcdefgh" plus the pending cursor need 2 + 5 rows; the
  // empty row below the cursor goes first, then rows off the top.
  EXPECT_EQ(s.Rows(), (Rows{"ef", "gh"}));
  EXPECT_EQ(s.cursor_row(), 2u);
  EXPECT_EQ(s.scrolled(), 4u);
}

TEST(VtScreen, AlternateScreenSavesAndRestores) {
  VtScreen s(10, 3);
  s.Write("abc\r\nde");
  s.Write("\x1b[?1049h");
  EXPECT_TRUE(s.alternate());
  EXPECT_EQ(s.Rows().size(), 0u);
  s.Write("xyz");
  s.Write("\x1b[?1049l");
  EXPECT_FALSE(s.alternate());
  EXPECT_EQ(s.Row(0), "abc");
  EXPECT_EQ(s.Row(1), "de");
  EXPECT_EQ(s.cursor_row(), 1u);
  EXPECT_EQ(s.cursor_col(), 2u);
  EXPECT_EQ(s.unknown(), "");
}

}  // namespace
}  // namespace shell::test
