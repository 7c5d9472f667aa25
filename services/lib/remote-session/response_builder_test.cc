// The text helper every response writer uses: an array that the backend
// filled to the brim has no NUL, and must never be read past its end.
#include <gtest/gtest.h>

#include "services/lib/remote-session/response_builder.h"

namespace remote_session {
namespace {

struct Filled {
  char name[4];
  char after[4];
};

// The writers read backend records through const references, so the
// arrays are const: the case where a plain `T(const char*)` overload would
// win the tie and strlen into `after`.
TEST(ResponseText, FullArrayStopsAtItsEnd) {
  Filled filled;
  memcpy(filled.name, "abcd", 4);  // no NUL
  memcpy(filled.after, "xyz", 4);
  const Filled& view = filled;
  capnp::Text::Reader r = T(view.name);
  EXPECT_EQ(r.size(), 3u);  // N - 1: the last byte is the NUL's place
  EXPECT_EQ(std::string(r.begin(), r.size()), "abc");
  EXPECT_EQ(T(filled.name).size(), 3u);
}

TEST(ResponseText, ShortArrayStopsAtItsNul) {
  char name[16] = "guest";
  EXPECT_EQ(T(name).size(), 5u);
  const char fixed[] = "operator";
  EXPECT_EQ(T(fixed).size(), 8u);
}

TEST(ResponseText, PointersAreNulTerminated) {
  const char* p = "session";
  char buf[] = "longer text here";
  char* q = buf;
  EXPECT_EQ(T(p).size(), 7u);
  EXPECT_EQ(T(q).size(), 16u);
}

}  // namespace
}  // namespace remote_session
