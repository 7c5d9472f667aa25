// Hostile byte streams: escape sequences pasted as text, overlong and
// unknown sequences, invalid UTF-8, floods, and seeded random streams at
// random widths with resizes. TestTerminal checks after every byte that
// the output stayed within kMaxKeyOutput and the screen shows the region.
#include <gtest/gtest.h>

#include "services/lib/shell/test_terminal.h"
#include "services/lib/shell/utf8.h"

namespace shell::test {
namespace {

using Rows = std::vector<std::string>;

TEST(LineEditorHostile, EscapeSequencesNeverReachTheLine) {
  TestTerminal t;
  t.Type("\x1b[31mred\x1b[2J\x1b]52;c;Zm9v\x07\x1b[6n\x1bPq#0\x1b\\!");
  EXPECT_EQ(t.line(), "red!");
  EXPECT_EQ(t.Rows(), Rows{"> red!"});
}

TEST(LineEditorHostile, OverlongSequenceIsSwallowedAndTheEditorRecovers) {
  TestTerminal t;
  t.Type("\x1b[" + std::string(5000, '9') + "Cok");
  EXPECT_EQ(t.line(), "ok");
  t.Type("\x1b[" + std::string(100, ';') + "\x03");  // Ctrl-C still works inside
  EXPECT_EQ(t.line(), "");
}

TEST(LineEditorHostile, InvalidUtf8IsDropped) {
  TestTerminal t;
  t.Type("a\xff\xfe\xc3(\xed\xa0\x80\xf8\x88\x80\x80\x80z\xc2\x85");
  EXPECT_EQ(t.line(), "a(z");
  EXPECT_TRUE(IsCleanText(t.line().data(), t.line().size()));
}

TEST(LineEditorHostile, FloodStopsAtTheBound) {
  TestTerminal t(TestTerminal::Options().Width(80).Height(40));
  t.Type(std::string(3000, 'y'));
  EXPECT_EQ(t.line().size(), kMaxLineBytes);
  EXPECT_EQ(t.screen().bells(), 3000 - kMaxLineBytes);
  t.Type("\r");
  EXPECT_EQ(t.lines().back().size(), kMaxLineBytes);
}

TEST(LineEditorHostile, FeedStopsWhenTheOutputIsFull) {
  LineEditor::Options o;
  auto editor = std::make_unique<LineEditor>(o);
  std::vector<char> buf(LineEditor::kMaxKeyOutput + 100);
  Output out(buf.data(), buf.size());
  ASSERT_TRUE(editor->Begin(Text("> "), &out));
  const std::string input(500, 'x');
  LineEditor::Event e;
  size_t used =
      editor->Feed(reinterpret_cast<const uint8_t*>(input.data()), input.size(), &out, &e);
  EXPECT_LT(used, input.size());  // stopped with room for one more key left
  EXPECT_FALSE(out.truncated());
  Output small(buf.data(), LineEditor::kMaxKeyOutput - 1);
  EXPECT_EQ(editor->Feed(reinterpret_cast<const uint8_t*>("x"), 1, &small, &e), 0u);
  EXPECT_FALSE(editor->Resize(10, &small));
  EXPECT_FALSE(editor->Begin(Text("> "), &small));
}

// Deterministic pseudo-random streams made of the pieces terminals send.
class Stream {
 public:
  explicit Stream(uint64_t seed) : s_(seed * 2654435761u + 1) {}
  uint64_t Next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  // Mostly text (so lines get long enough to wrap), some editing keys and
  // hostile bytes, and rarely a key that ends or empties the line.
  std::string Piece() {
    static const char* const kKeys[] = {"\x1b[D",
                                        "\x1b[C",
                                        "\x1b[A",
                                        "\x1b[B",
                                        "\x1b[H",
                                        "\x1b[F",
                                        "\x1b[3~",
                                        "\x1bOH",
                                        "\x1b[1;5D",
                                        "\x1b"
                                        "b",
                                        "\x7f",
                                        "\x08",
                                        "\x01",
                                        "\x05",
                                        "\x0b",
                                        "\x17",
                                        "\t",
                                        "\x04",
                                        "\x1b[",
                                        "\x1b",
                                        "\x1bO",
                                        "\xc3\xa9",
                                        "\xe2\x82\xac",
                                        "\xf0\x9f\x98\x80",
                                        "\xc3",
                                        "\xff",
                                        " ",
                                        "\x1b]0;x\x07",
                                        "\x1b[?25l",
                                        "\x1b[200~"};
    static const char* const kEnds[] = {"\r", "\x03", "\x15", "\x0c"};
    const uint64_t r = Next() % 100;
    if (r < 45) return std::string(1, char('a' + Next() % 26));
    if (r < 50) return std::string(Next() % 200, char('A' + Next() % 26));
    if (r < 53) return std::string(1, char(Next() & 0xff));
    if (r < 55) return kEnds[Next() % 4];
    return kKeys[Next() % (sizeof(kKeys) / sizeof(kKeys[0]))];
  }

 private:
  uint64_t s_;
};

class FixedCompleter : public Completer {
 public:
  void Complete(TextRef line, size_t cursor, Completions* out) override {
    size_t start = cursor;
    while (start > 0 && line.data[start - 1] != ' ') --start;
    out->Reset(start);
    for (const char* w : {"adventure", "adverb", "paperclips", "p\xc3\xa9", "x"}) out->Add(Text(w));
  }
};

class RandomStreams : public ::testing::TestWithParam<ResizeModel> {};

TEST_P(RandomStreams, KeepEveryInvariant) {
  FixedCompleter completer;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    Stream rng(seed);
    const size_t width = 1 + rng.Next() % 90;
    TestTerminal t(TestTerminal::Options()
                       .Width(width)
                       .Height(1100)
                       .Model(GetParam())
                       .WithCompleter(&completer));
    for (int step = 0; step < 300 && !::testing::Test::HasFailure(); ++step) {
      if (rng.Next() % 40 == 0) t.Resize(1 + rng.Next() % 120);
      if (rng.Next() % 60 == 0) t.Print("message\r\n");
      t.Type(rng.Piece());
      ASSERT_LE(t.line().size(), kMaxLineBytes);
      ASSERT_TRUE(IsCleanText(t.line().data(), t.line().size()));
    }
    ASSERT_FALSE(::testing::Test::HasFailure()) << "seed " << seed << " width " << width;
  }
}

INSTANTIATE_TEST_SUITE_P(Models, RandomStreams,
                         ::testing::Values(ResizeModel::kKeepRows, ResizeModel::kReflow));

}  // namespace
}  // namespace shell::test
