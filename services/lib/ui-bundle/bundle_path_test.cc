// The path and content-type rules on their own (FORMAT.md).
#include "services/lib/ui-bundle/bundle_path.h"

#include <gtest/gtest.h>
#include <string.h>

#include <string>

namespace ui_bundle {
namespace {

bool Path(const std::string& p) {
  return ValidPath(p.data(), p.size());
}
bool Type(const std::string& t) {
  return ValidContentType(t.data(), t.size());
}

TEST(BundlePathTest, AcceptsPlainSegments) {
  for (const char* p : {"/a", "/index.html", "/vendor/preact/preact.mjs", "/a-b_c/d.e.f", "/_x"}) {
    EXPECT_TRUE(Path(p)) << p;
  }
  EXPECT_TRUE(Path("/" + std::string(126, 'a')));
}

TEST(BundlePathTest, RefusesTraversalEscapesAndOddShapes) {
  for (const char* p : {"", "/", "a", "a/b", "/..", "/../a", "/a/..", "/.", "/a/./b", "//", "/a//b",
                        "/a/", "/.git", "/a%2e", "/a\\b", "/a b", "/a:b", "/a?b"}) {
    EXPECT_FALSE(Path(p)) << p;
  }
  EXPECT_FALSE(Path("/" + std::string(127, 'a')));  // 128 bytes
  EXPECT_FALSE(Path(std::string("/a\0b", 4)));
  EXPECT_FALSE(Path("/caf\xc3\xa9"));
}

TEST(BundlePathTest, ContentTypes) {
  for (const char* t : {"text/html; charset=utf-8", "image/svg+xml", "application/json",
                        "font/woff2", "text/css;charset=utf-8"}) {
    EXPECT_TRUE(Type(t)) << t;
  }
  for (const char* t : {"", "text", "text/", "/x", "Text/html", "text/html\r\n", "text/html; ",
                        "text/html; a", "text/html; a=\"b\"", "text/html,x/y", "a/b/c"}) {
    EXPECT_FALSE(Type(t)) << t;
  }
  EXPECT_FALSE(Type("a/" + std::string(62, 'b')));  // 64 bytes
}

}  // namespace
}  // namespace ui_bundle
