#include "services/web-ui/json_member.h"

#include <gtest/gtest.h>

#include <string>

namespace web_ui {
namespace {

std::string Member(const std::string& json, const char* key) {
  JsonSpan v;
  if (!FindMember(json.data(), json.size(), key, &v)) return "<none>";
  return std::string(v.data, v.len);
}

TEST(JsonMember, TopLevelValuesOfEveryType) {
  std::string j =
      R"({"requestId":3,"s":"a\"b,}","o":{"k":[1,{"x":"]"}]},"l":[[],{}],"t":true,"n":null})";
  EXPECT_EQ(Member(j, "requestId"), "3");
  EXPECT_EQ(Member(j, "s"), R"("a\"b,}")");
  EXPECT_EQ(Member(j, "o"), R"({"k":[1,{"x":"]"}]})");
  EXPECT_EQ(Member(j, "l"), "[[],{}]");
  EXPECT_EQ(Member(j, "t"), "true");
  EXPECT_EQ(Member(j, "n"), "null");
  EXPECT_EQ(Member(j, "k"), "<none>");  // nested members are not top-level
  EXPECT_EQ(Member(j, "x"), "<none>");
}

TEST(JsonMember, SpacesAndNesting) {
  std::string j = R"( { "a" : 1 , "callResult" : { "chatMessages" : { "latestSeq" : "9" } } } )";
  JsonSpan v;
  ASSERT_TRUE(FindMember2(j.data(), j.size(), "callResult", "chatMessages", &v));
  EXPECT_EQ(std::string(v.data, v.len), R"({ "latestSeq" : "9" })");
  EXPECT_FALSE(FindMember2(j.data(), j.size(), "callResult", "paperclips", &v));
}

TEST(JsonMember, NotAnObjectOrCut) {
  JsonSpan v;
  for (std::string j : {"", "[1]", "\"a\"", "{", "{\"a\"", "{\"a\":", "{\"a\" 1}"}) {
    EXPECT_FALSE(FindMember(j.data(), j.size(), "a", &v)) << j;
  }
}

}  // namespace
}  // namespace web_ui
