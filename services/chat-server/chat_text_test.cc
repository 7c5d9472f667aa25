#include "services/chat-server/chat_text.h"

#include <gtest/gtest.h>

#include <string>

namespace chat {
namespace {

bool Clean(const std::string& s) {
  return IsCleanText(s.data(), s.size());
}

TEST(ChatText, AcceptsPrintableAsciiAndUtf8) {
  EXPECT_TRUE(Clean("hello, world ~!"));
  EXPECT_TRUE(Clean("gr\xc3\xbc\xc3\x9f dich"));  // U+00FC U+00DF
  EXPECT_TRUE(Clean("\xe2\x82\xac 5"));           // U+20AC
  EXPECT_TRUE(Clean("\xf0\x9f\x98\x80"));         // U+1F600
  EXPECT_TRUE(Clean("\xf4\x8f\xbf\xbf"));         // U+10FFFF, the last code point
  EXPECT_TRUE(Clean(""));
}

TEST(ChatText, RejectsControlCharacters) {
  EXPECT_FALSE(Clean(std::string("a\0b", 3)));
  EXPECT_FALSE(Clean("line\nforged: admin"));
  EXPECT_FALSE(Clean("cr\r"));
  EXPECT_FALSE(Clean("tab\t"));
  EXPECT_FALSE(Clean("\x1b[31mred"));
  EXPECT_FALSE(Clean("del\x7f"));
  EXPECT_FALSE(Clean("c1 \xc2\x85"));  // U+0085 NEL
  EXPECT_FALSE(Clean("c1 \xc2\x9f"));  // U+009F
  EXPECT_TRUE(Clean("\xc2\xa0"));      // U+00A0 is the first after C1
}

TEST(ChatText, RejectsMalformedUtf8) {
  EXPECT_FALSE(Clean("\x80"));                  // stray continuation
  EXPECT_FALSE(Clean("\xc3"));                  // truncated at end
  EXPECT_FALSE(Clean("\xe2\x82"));              // truncated 3-byte
  EXPECT_FALSE(Clean("\xc3\x41"));              // bad continuation
  EXPECT_FALSE(Clean("\xc0\xaf"));              // overlong '/'
  EXPECT_FALSE(Clean("\xe0\x80\xaf"));          // overlong 3-byte
  EXPECT_FALSE(Clean("\xf0\x80\x80\xaf"));      // overlong 4-byte
  EXPECT_FALSE(Clean("\xed\xa0\x80"));          // surrogate U+D800
  EXPECT_FALSE(Clean("\xf4\x90\x80\x80"));      // U+110000
  EXPECT_FALSE(Clean("\xf8\x88\x80\x80\x80"));  // 5-byte form
  EXPECT_FALSE(Clean("\xff"));
}

}  // namespace
}  // namespace chat
