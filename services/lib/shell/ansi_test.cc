#include "services/lib/shell/ansi.h"

#include <gtest/gtest.h>

#include <string>

#include "services/lib/shell/utf8.h"

namespace shell {
namespace {

template <typename F>
std::string Render(F f) {
  char buf[512];
  Output out(buf, sizeof(buf));
  f(&out);
  return std::string(out.data(), out.size());
}

TEST(Output, NeverOverflowsAndSaysSo) {
  char buf[8] = {};
  Output out(buf, 4);
  out.PutStr("abc");
  EXPECT_FALSE(out.truncated());
  out.PutStr("defg");
  EXPECT_TRUE(out.truncated());
  EXPECT_EQ(std::string(out.data(), out.size()), "abcd");
  EXPECT_EQ(buf[4], 0);
  out.Put('x');
  EXPECT_EQ(out.size(), 4u);
  out.Clear();
  out.PutUint(4096);
  EXPECT_EQ(std::string(out.data(), out.size()), "4096");
}

TEST(Ansi, Colours) {
  EXPECT_EQ(Render([](Output* o) { SetColor(o, Color::kRed); }), "\x1b[0;31m");
  EXPECT_EQ(Render([](Output* o) { SetColor(o, Color::kWhite); }), "\x1b[0;37m");
  EXPECT_EQ(Render([](Output* o) { SetColor(o, Color::kGray); }), "\x1b[0;90m");
  EXPECT_EQ(Render([](Output* o) { SetColor(o, Color::kBrightWhite, true); }), "\x1b[0;1;97m");
  EXPECT_EQ(Render([](Output* o) { SetColor(o, Color::kDefault); }), "\x1b[0m");
  EXPECT_EQ(Render([](Output* o) { PutColored(o, Color::kGreen, Text("ok\x1b[2J")); }),
            "\x1b[0;32mok[2J\x1b[0m");
}

TEST(Ansi, CursorAndScreen) {
  EXPECT_EQ(Render([](Output* o) { ClearScreen(o); }), "\x1b[H\x1b[2J");
  EXPECT_EQ(Render([](Output* o) { CursorTo(o, 0, 0); }), "\x1b[1;1H");
  EXPECT_EQ(Render([](Output* o) { CursorTo(o, 23, 79); }), "\x1b[24;80H");
  EXPECT_EQ(Render([](Output* o) {
              CursorUp(o, 0);
              CursorUp(o, 3);
              CursorDown(o, 12);
              CursorForward(o, 1);
            }),
            "\x1b[3A\x1b[12B\x1b[1C");
  EXPECT_EQ(Render([](Output* o) {
              EraseBelow(o);
              EraseLineRight(o);
              SetCursorVisible(o, false);
              SetCursorVisible(o, true);
              Bell(o);
            }),
            "\x1b[J\x1b[K\x1b[?25l\x1b[?25h\a");
}

TEST(Ansi, DisplayColumnsSkipsEscapes) {
  const std::string s = "\x1b[1;32malice\x1b[0m@\xc3\xa9> ";
  EXPECT_EQ(DisplayColumns(s.data(), s.size()), 9u);
  EXPECT_EQ(DisplayColumns("\x1b[", 2), 0u);
  EXPECT_EQ(DisplayColumns("a\r\n\tb", 5), 2u);
}

TEST(Ansi, SafeTextDisarmsControls) {
  EXPECT_EQ(Render([](Output* o) { PutSafeText(o, Text("a\x1b[2Jb\nc\x07\xff\td")); }),
            "a[2Jb\r\nc\xef\xbf\xbd d");
  EXPECT_EQ(Render([](Output* o) {
              PutSafeText(o, Text("\xc2\x9b"
                                  "31m\xe2\x82"));
            }),
            "31m\xef\xbf\xbd");
}

TEST(Utf8, Steps) {
  const std::string s = "a\xc3\xa9\xe2\x82\xac";
  EXPECT_EQ(Utf8Columns(s.data(), s.size()), 3u);
  EXPECT_EQ(Utf8Next(s.data(), s.size(), 1), 3u);
  EXPECT_EQ(Utf8Next(s.data(), s.size(), 3), 6u);
  EXPECT_EQ(Utf8Next(s.data(), s.size(), 6), 6u);
  EXPECT_EQ(Utf8Prev(s.data(), 6), 3u);
  EXPECT_EQ(Utf8Prev(s.data(), 3), 1u);
  EXPECT_EQ(Utf8Prev(s.data(), 0), 0u);
  EXPECT_EQ(Utf8WholePrefix(s.data(), 5), 3u);
  EXPECT_TRUE(IsCleanText(s.data(), s.size()));
  EXPECT_FALSE(IsCleanText("a\tb", 3));
  EXPECT_FALSE(IsCleanText("\xc2\x80", 2));
  EXPECT_FALSE(IsCleanText("\xc3", 1));
  EXPECT_FALSE(IsCleanText("\x7f", 1));
}

}  // namespace
}  // namespace shell
