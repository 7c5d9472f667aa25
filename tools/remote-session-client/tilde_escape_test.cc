#include "tools/remote-session-client/tilde_escape.h"

#include <gtest/gtest.h>

namespace rsclient {
namespace {

TEST(TildeEscape, DetachAtTheVeryStart) {
  TildeEscape t;
  auto r = t.feed("~.");
  EXPECT_TRUE(r.detach);
  EXPECT_EQ(r.forward, "");
}

TEST(TildeEscape, DetachAfterEnterEitherNewline) {
  for (const char* nl : {"\r", "\n"}) {
    TildeEscape t;
    auto r = t.feed(std::string("ls") + nl + "~.after");
    EXPECT_TRUE(r.detach);
    EXPECT_EQ(r.forward, std::string("ls") + nl);  // bytes after ~. are dropped
  }
}

TEST(TildeEscape, DoubleTildeSendsOne) {
  TildeEscape t;
  auto r = t.feed("~~x");
  EXPECT_FALSE(r.detach);
  EXPECT_EQ(r.forward, "~x");
  // ...and the line is no longer at its start: ~. now passes through.
  r = t.feed("~.");
  EXPECT_FALSE(r.detach);
  EXPECT_EQ(r.forward, "~.");
}

TEST(TildeEscape, MidLineTildePassesThrough) {
  TildeEscape t;
  auto r = t.feed("cd ~.local ~/x");
  EXPECT_FALSE(r.detach);
  EXPECT_EQ(r.forward, "cd ~.local ~/x");
}

TEST(TildeEscape, HeldTildeIsDecidedByTheNextRead) {
  TildeEscape t;
  auto r = t.feed("\r~");
  EXPECT_EQ(r.forward, "\r");  // held until the next key
  r = t.feed("a");
  EXPECT_FALSE(r.detach);
  EXPECT_EQ(r.forward, "~a");
  r = t.feed("\r~");
  r = t.feed(".");
  EXPECT_TRUE(r.detach);
}

TEST(TildeEscape, TildeThenEnterKeepsTheLineStart) {
  TildeEscape t;
  auto r = t.feed("~\r~.");
  EXPECT_EQ(r.forward, "~\r");
  EXPECT_TRUE(r.detach);
}

TEST(TildeEscape, ControlBytesAreOrdinary) {
  TildeEscape t;
  auto r = t.feed(std::string("\x03\x04\x1a", 3));  // Ctrl-C, Ctrl-D, Ctrl-Z: bytes for the shell
  EXPECT_FALSE(r.detach);
  EXPECT_EQ(r.forward, std::string("\x03\x04\x1a", 3));
}

}  // namespace
}  // namespace rsclient
