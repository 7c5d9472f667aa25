#include "services/lib/web-api/json_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace web_api {
namespace {

TEST(JsonWriter, SeparatorsAndValues) {
  char out[256];
  JsonWriter w(out, sizeof(out));
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Uint(0);
  w.Uint(18446744073709551615ull);
  w.UintString(42);
  w.Bool(true);
  w.Bool(false);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.EndArray();
  w.Key("k\"");
  w.String("v");
  w.EndObject();
  size_t n = w.Finish();
  EXPECT_EQ(std::string(out, n),
            R"({"a":[0,18446744073709551615,"42",true,false,null,{},[]],"k\"":"v"})");
  EXPECT_EQ(out[n], '\0');
}

TEST(JsonWriter, MisuseFailsForGood) {
  char out[64];
  {
    JsonWriter w(out, sizeof(out));
    w.BeginObject();
    w.Uint(1);  // a member without its key
    w.EndObject();
    EXPECT_EQ(w.Finish(), 0u);
  }
  {
    JsonWriter w(out, sizeof(out));
    w.Key("a");  // a key outside an object
    EXPECT_FALSE(w.ok());
  }
  {
    JsonWriter w(out, sizeof(out));
    w.Null();
    w.Null();  // two top-level values
    EXPECT_EQ(w.Finish(), 0u);
  }
  {
    JsonWriter w(out, sizeof(out));
    w.BeginObject();
    w.Key("a");
    w.EndObject();  // a key without its value
    EXPECT_EQ(w.Finish(), 0u);
  }
  {
    JsonWriter w(out, sizeof(out));
    w.BeginArray();
    w.EndObject();  // the wrong bracket
    EXPECT_EQ(w.Finish(), 0u);
  }
  {
    JsonWriter w(out, sizeof(out));
    w.BeginArray();  // never closed
    EXPECT_EQ(w.Finish(), 0u);
  }
  {
    JsonWriter w(out, sizeof(out));
    EXPECT_EQ(w.Finish(), 0u);  // nothing written
  }
}

TEST(JsonWriter, DepthIsBounded) {
  char out[256];
  JsonWriter ok(out, sizeof(out));
  for (uint32_t i = 0; i < JsonWriter::kMaxDepth; ++i) ok.BeginArray();
  for (uint32_t i = 0; i < JsonWriter::kMaxDepth; ++i) ok.EndArray();
  EXPECT_EQ(ok.Finish(), 2 * JsonWriter::kMaxDepth);
  JsonWriter deep(out, sizeof(out));
  for (uint32_t i = 0; i <= JsonWriter::kMaxDepth; ++i) deep.BeginArray();
  EXPECT_FALSE(deep.ok());
}

TEST(JsonWriter, CapacityIsNeverExceeded) {
  const std::string want = R"(["abc\n",12345])";
  for (size_t cap = 0; cap <= want.size() + 1; ++cap) {
    std::string out(cap + 1, '#');
    JsonWriter w(cap ? &out[0] : nullptr, cap);
    w.BeginArray();
    w.String("abc\n");
    w.Uint(12345);
    w.EndArray();
    size_t n = w.Finish();
    EXPECT_EQ(out[cap], '#') << cap;
    if (cap == want.size() + 1) {
      EXPECT_EQ(std::string(out.data(), n), want);
    } else {
      EXPECT_EQ(n, 0u) << cap;
    }
  }
}

TEST(JsonWriter, WellFormedUtf8IsKeptBoundariesIncluded) {
  // U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF.
  const std::string s =
      "\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f"
      "\xbf\xbf";
  char out[64];
  JsonWriter w(out, sizeof(out));
  w.String(s.data(), s.size());
  EXPECT_EQ(std::string(out, w.Finish()), "\"" + s + "\"");
}

TEST(JsonWriter, TruncatedSequenceAtTheEndIsOneReplacement) {
  char out[64];
  JsonWriter w(out, sizeof(out));
  w.String("x\xf0\x9f\x98", 4);
  EXPECT_EQ(std::string(out, w.Finish()), "\"x\xef\xbf\xbd\"");
}

}  // namespace
}  // namespace web_api
