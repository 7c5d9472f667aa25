#include "services/lib/shell/command_line.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace shell {
namespace {

using V = std::vector<std::string>;

V Split(const std::string& line, SplitStatus want = SplitStatus::kOk) {
  auto words = std::make_unique<Words>();
  EXPECT_EQ(SplitLine(TextRef{line.data(), line.size()}, words.get()), want) << line;
  V out;
  for (size_t i = 0; i < words->size(); ++i) out.emplace_back(words->at(i).data, words->at(i).size);
  return out;
}

TEST(SplitLine, BlanksSeparateWords) {
  EXPECT_EQ(Split(""), V{});
  EXPECT_EQ(Split("   \t "), V{});
  EXPECT_EQ(Split("chat send hello"), (V{"chat", "send", "hello"}));
  EXPECT_EQ(Split("  adventure\t go   north "), (V{"adventure", "go", "north"}));
}

TEST(SplitLine, QuotesAndEscapes) {
  EXPECT_EQ(Split("chat send 'hello world'"), (V{"chat", "send", "hello world"}));
  EXPECT_EQ(Split("say \"it's \\\"fine\\\" \\\\ \\n\""), (V{"say", "it's \"fine\" \\ \\n"}));
  EXPECT_EQ(Split("'a\\b' \"\" '' x"), (V{"a\\b", "", "", "x"}));
  EXPECT_EQ(Split("a\"b c\"'d'e"), (V{"ab cde"}));
  EXPECT_EQ(Split("one\\ word \\'q"), (V{"one word", "'q"}));
  EXPECT_EQ(Split("caf\xc3\xa9 '\xe2\x82\xac'"), (V{"caf\xc3\xa9", "\xe2\x82\xac"}));
}

TEST(SplitLine, TypedErrors) {
  Split("chat send 'oops", SplitStatus::kUnterminatedSingleQuote);
  Split("chat send \"oops", SplitStatus::kUnterminatedDoubleQuote);
  Split("echo \"a\\\"", SplitStatus::kUnterminatedDoubleQuote);
  Split("trailing\\", SplitStatus::kTrailingBackslash);
  std::string many;
  for (size_t i = 0; i <= kMaxWords; ++i) many += "w ";
  Split(many, SplitStatus::kTooManyWords);
  Split(std::string(kMaxWordBytes + 1, 'x'), SplitStatus::kWordTooLong);
  EXPECT_EQ(Split(std::string(kMaxWordBytes, 'x')).size(), 1u);
  Split(std::string(kMaxLineBytes + 1, ' '), SplitStatus::kLineTooLong);
  EXPECT_STREQ(SplitStatusMessage(SplitStatus::kUnterminatedSingleQuote), "unterminated ' quote");
}

TEST(SplitLine, OffsetsPointAtTheRawWords) {
  auto words = std::make_unique<Words>();
  const std::string line = "chat  send 'hi there' \"x\"";
  ASSERT_EQ(SplitLine(TextRef{line.data(), line.size()}, words.get()), SplitStatus::kOk);
  ASSERT_EQ(words->size(), 4u);
  EXPECT_EQ(words->offset(0), 0u);
  EXPECT_EQ(words->offset(1), 6u);
  EXPECT_EQ(line.substr(words->offset(2)), "'hi there' \"x\"");  // the raw rest for free text
}

TEST(SplitForCompletion, TheWordUnderTheCursor) {
  auto words = std::make_unique<Words>();
  CursorWord at;
  const std::string line = "adventure ta";
  ASSERT_EQ(SplitForCompletion(TextRef{line.data(), line.size()}, line.size(), words.get(), &at),
            SplitStatus::kOk);
  EXPECT_EQ(at.index, 1u);
  EXPECT_EQ(at.start, 10u);
  EXPECT_EQ(std::string(at.text.data, at.text.size), "ta");
  // After a blank: a new, empty word at the cursor.
  ASSERT_EQ(SplitForCompletion(TextRef{line.data(), line.size()}, 10, words.get(), &at),
            SplitStatus::kOk);
  EXPECT_EQ(at.index, 1u);
  EXPECT_EQ(at.start, 10u);
  EXPECT_EQ(at.text.size, 0u);
  // Mid-word: only what is before the cursor counts.
  ASSERT_EQ(SplitForCompletion(TextRef{line.data(), line.size()}, 3, words.get(), &at),
            SplitStatus::kOk);
  EXPECT_EQ(at.index, 0u);
  EXPECT_EQ(std::string(at.text.data, at.text.size), "adv");
}

TEST(SplitForCompletion, OpenQuotesAndBackslashAreTheWordBeingTyped) {
  auto words = std::make_unique<Words>();
  CursorWord at;
  const std::string line = "caps 'my ca";
  ASSERT_EQ(SplitForCompletion(TextRef{line.data(), line.size()}, line.size(), words.get(), &at),
            SplitStatus::kOk);
  EXPECT_EQ(at.index, 1u);
  EXPECT_EQ(at.start, 5u);
  EXPECT_EQ(at.quote, '\'');
  EXPECT_EQ(std::string(at.text.data, at.text.size), "my ca");
  const std::string bs = "launch my\\";
  ASSERT_EQ(SplitForCompletion(TextRef{bs.data(), bs.size()}, bs.size(), words.get(), &at),
            SplitStatus::kOk);
  EXPECT_EQ(std::string(at.text.data, at.text.size), "my");
}

TEST(EscapeWord, RoundTripsThroughSplit) {
  for (const std::string w : {"plain", "two words", "it's", "say \"hi\"", "back\\slash", ""}) {
    char buf[64];
    size_t n = 0;
    ASSERT_TRUE(EscapeWord(TextRef{w.data(), w.size()}, buf, sizeof(buf), &n));
    EXPECT_EQ(Split(std::string(buf, n)), V{w});
  }
  char small[3];
  size_t n = 0;
  EXPECT_FALSE(EscapeWord(Text("a b"), small, sizeof(small), &n));
}

}  // namespace
}  // namespace shell
