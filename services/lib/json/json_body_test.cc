#include "services/lib/json/json_body.h"

#include <gtest/gtest.h>

#include <string>

namespace json {
namespace {

Error ParseText(Document& d, const std::string& s, const Limits& l = Limits{}) {
  return d.Parse(s.data(), s.size(), l);
}

TEST(JsonBody, ParsesAndReadsMembers) {
  Document d;
  ASSERT_EQ(ParseText(d, R"({"user":"me","n":42,"ok":true,"f":1.5,"big":1e300})"), Error::kNone);
  char buf[8];
  size_t len = 0;
  EXPECT_TRUE(GetString(d.root(), "user", buf, sizeof(buf), &len));
  EXPECT_STREQ(buf, "me");
  EXPECT_EQ(len, 2u);
  int64_t n = 0;
  EXPECT_TRUE(GetInt(d.root(), "n", 0, 100, &n));
  EXPECT_EQ(n, 42);
  EXPECT_FALSE(GetInt(d.root(), "n", 0, 41, &n));   // out of range
  EXPECT_FALSE(GetInt(d.root(), "f", 0, 100, &n));  // not integral
  EXPECT_FALSE(GetInt(d.root(), "big", INT64_MIN, INT64_MAX, &n));
  bool ok = false;
  EXPECT_TRUE(GetBool(d.root(), "ok", &ok));
  EXPECT_TRUE(ok);
  EXPECT_FALSE(GetBool(d.root(), "n", &ok));  // wrong type
  EXPECT_FALSE(GetString(d.root(), "missing", buf, sizeof(buf)));
  EXPECT_FALSE(GetString(d.root(), "n", buf, sizeof(buf)));
}

TEST(JsonBody, StringThatDoesNotFitIsRefused) {
  Document d;
  ASSERT_EQ(ParseText(d, R"({"s":"12345678"})"), Error::kNone);
  char buf[8] = "junk";
  EXPECT_FALSE(GetString(d.root(), "s", buf, sizeof(buf)));
  EXPECT_STREQ(buf, "");
  char fits[9];
  EXPECT_TRUE(GetString(d.root(), "s", fits, sizeof(fits)));
}

TEST(JsonBody, GettersOnNonObjects) {
  Document d;
  ASSERT_EQ(ParseText(d, "[1,2]"), Error::kNone);
  int64_t n;
  EXPECT_FALSE(GetInt(d.root(), "0", 0, 10, &n));
  EXPECT_FALSE(GetInt(nullptr, "x", 0, 10, &n));
}

TEST(JsonBody, SizeLimit) {
  Document d;
  Limits l;
  l.max_bytes = 4;
  EXPECT_EQ(ParseText(d, "[1,2]", l), Error::kTooLarge);
  EXPECT_EQ(d.root(), nullptr);
}

TEST(JsonBody, DepthLimitBeforeCjsonRecurses) {
  Document d;
  std::string deep = std::string(kMaxDepth + 1, '[') + std::string(kMaxDepth + 1, ']');
  EXPECT_EQ(ParseText(d, deep), Error::kTooDeep);
  std::string ok = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
  EXPECT_EQ(ParseText(d, ok), Error::kNone);
  Limits l;
  l.max_depth = 2;
  EXPECT_EQ(ParseText(d, "[[[]]]", l), Error::kTooDeep);
  // Brackets inside strings do not count.
  EXPECT_EQ(ParseText(d, R"(["[[[[[[", "\"[[["])", l), Error::kNone);
}

TEST(JsonBody, AllocationBudget) {
  Document d;
  std::string many = "[";
  for (int i = 0; i < 2000; ++i) many += "1,";
  many += "1]";
  Limits l;
  l.max_alloc_bytes = 16 * 1024;
  size_t before = LiveBytes();
  EXPECT_EQ(ParseText(d, many, l), Error::kOutOfMemory);
  EXPECT_EQ(LiveBytes(), before);  // the partial tree was freed
  EXPECT_EQ(ParseText(d, many), Error::kNone);
  EXPECT_GT(LiveBytes(), before);
  d.Clear();
  EXPECT_EQ(LiveBytes(), before);
}

TEST(JsonBody, SyntaxErrors) {
  Document d;
  for (const char* s : {"", "{", "{\"a\":1,", "[1,]", "{\"a\" 1}", "nul", "1 2", "{\"a\":1}x"}) {
    EXPECT_EQ(ParseText(d, s), Error::kSyntax) << s;
  }
  EXPECT_EQ(d.Parse("{}\0{}", 5), Error::kSyntax);  // embedded NUL
  // A \u0000 escape would silently cut the string short in cJSON.
  EXPECT_EQ(ParseText(d, R"({"u":"ad\u0000min"})"), Error::kSyntax);
  EXPECT_EQ(ParseText(d, R"({"u":"a\\u0000"})"), Error::kNone);  // an escaped backslash
}

// Regression for CVE-2023-53154 in the unpatched cJSON 1.7.15: an object
// that ends right after a comma must not be read past its end (the fuzz
// target runs this under ASan; here it must simply be a syntax error).
TEST(JsonBody, ObjectEndingAfterCommaIsSyntaxError) {
  Document d;
  EXPECT_EQ(ParseText(d, "{\"a\":1,"), Error::kSyntax);
  EXPECT_EQ(ParseText(d, "{\"a\":1, "), Error::kSyntax);
}

TEST(JsonBody, PrintGoesThroughHooks) {
  Document d;
  ASSERT_EQ(ParseText(d, R"({"a":[1,0.5,-3e-7,"x"]})"), Error::kNone);
  size_t before = LiveBytes();
  char* text = cJSON_PrintUnformatted(d.root());
  ASSERT_NE(text, nullptr);
  EXPECT_STREQ(text, R"({"a":[1,0.5,-3e-07,"x"]})");
  EXPECT_GT(LiveBytes(), before);
  cJSON_free(text);
  EXPECT_EQ(LiveBytes(), before);
}

}  // namespace
}  // namespace json
