// Tables and lists at several widths, read back through the screen model:
// every row must fit, so the terminal never wraps a table by itself.
#include "services/lib/shell/layout.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/lib/shell/vt_screen.h"

namespace shell {
namespace {

using Rows = std::vector<std::string>;

template <typename F>
Rows Screen(size_t width, F f) {
  std::vector<char> buf(8192);
  Output out(buf.data(), buf.size());
  f(&out);
  test::VtScreen screen(width, 40);
  screen.Write(out.data(), out.size());
  EXPECT_EQ(screen.unknown(), "");
  EXPECT_EQ(screen.autowraps(), 0u) << "a row ran past " << width << " columns";
  return screen.Rows();
}

TEST(Layout, WrapTextAtWordBoundaries) {
  const TextRef text = Text("the quick  brown fox jumps");
  EXPECT_EQ(Screen(10, [&](Output* o) { WrapText(o, text, 10, 0, 0); }),
            (Rows{"the quick", "brown fox", "jumps"}));
  EXPECT_EQ(Screen(12, [&](Output* o) { WrapText(o, text, 12, 0, 2); }),
            (Rows{"the quick", "  brown fox", "  jumps"}));
  EXPECT_EQ(Screen(80, [&](Output* o) { WrapText(o, text, 80, 0, 0); }),
            (Rows{"the quick brown fox jumps"}));
}

TEST(Layout, WrapTextBreaksLongWordsAndKeepsNewlines) {
  EXPECT_EQ(Screen(4, [](Output* o) { WrapText(o, Text("abcdefghij k"), 4, 0, 0); }),
            (Rows{"abcd", "efgh", "ij k"}));
  EXPECT_EQ(Screen(20, [](Output* o) { WrapText(o, Text("one\ntwo\n\nthree"), 20, 0, 1); }),
            (Rows{"one", " two", "", " three"}));
  EXPECT_EQ(Screen(1, [](Output* o) { WrapText(o, Text("ab c"), 1, 0, 5); }),
            (Rows{"a", "b", "c"}));
}

TEST(Layout, WrapTextReturnsItsColumn) {
  char buf[64];
  Output out(buf, sizeof(buf));
  EXPECT_EQ(WrapText(&out, Text("abc de"), 80, 3, 0), 9u);
  out.Clear();
  EXPECT_EQ(WrapText(&out, Text("abc de"), 5, 0, 1), 3u);
}

TEST(Layout, ColumnsLikeLs) {
  const TextRef items[] = {Text("help"), Text("whoami"),   Text("caps"),  Text("motd"),
                           Text("chat"), Text("services"), Text("launch")};
  EXPECT_EQ(Screen(80, [&](Output* o) { PrintColumns(o, items, 7, 80); }),
            (Rows{"help      whoami    caps      motd      chat      services  launch"}));
  EXPECT_EQ(Screen(30, [&](Output* o) { PrintColumns(o, items, 7, 30); }),
            (Rows{"help      motd      launch", "whoami    chat", "caps      services"}));
  EXPECT_EQ(Screen(5, [&](Output* o) { PrintColumns(o, items, 3, 5); }),
            (Rows{"help", "whoam", "caps"}));
}

TEST(Layout, DefinitionsSideBySideOrStacked) {
  const auto print = [](size_t width) {
    return Screen(width, [&](Output* o) {
      PrintDefinition(o, Text("launch SERVICE"), Text("Start a service from the catalog."), 14,
                      width);
    });
  };
  EXPECT_EQ(print(80), (Rows{"launch SERVICE  Start a service from the catalog."}));
  EXPECT_EQ(print(40),
            (Rows{"launch SERVICE  Start a service from the", "                catalog."}));
  EXPECT_EQ(print(20), (Rows{"launch SERVICE", "  Start a service", "  from the catalog."}));
}

TEST(Layout, UntrustedTextIsDisarmed) {
  EXPECT_EQ(Screen(20, [](Output* o) { WrapText(o, Text("hi\x1b[2J\x1b]0;t\x07 you"), 20, 0, 0); }),
            (Rows{"hi[2J]0;t you"}));
}

}  // namespace
}  // namespace shell
