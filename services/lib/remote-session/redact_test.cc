#include "services/lib/remote-session/redact.h"

#include <gtest/gtest.h>
#include <stdio.h>

#include <string>
#include <vector>

#include "services/lib/remote-session/transcript.h"

namespace remote_session {
namespace {

std::string Redacted(const char* in, const RedactionContext* ctx = nullptr, size_t cap = 96) {
  std::vector<char> buf(cap);
  snprintf(buf.data(), cap, "%s", in);
  Redact(buf.data(), cap, ctx);
  return buf.data();
}

TEST(Redact, FixedMarkers) {
  EXPECT_EQ(Redacted("cap slot=3 generation 9"), "cap [redacted]=3 [redacted] 9");
  EXPECT_EQ(Redacted("pid 12 handle"), "[redacted] 12 [redacted]");
  EXPECT_EQ(Redacted("rapid mishandled"), "rapid mishandled");  // word boundaries
  EXPECT_EQ(Redacted("SessionRef=abc"), "[redacted]=abc");
}

TEST(Redact, HostPathsGoWhole) {
  EXPECT_EQ(Redacted("open /home/bob/x.txt now"), "open [redacted] now");
  EXPECT_EQ(Redacted("at /root/.ssh"), "at [redacted]");
}

TEST(Redact, SecretsAndHostUser) {
  RedactionContext ctx;
  ctx.secrets[0] = "hunter2";
  ctx.host_user = "bobby";
  EXPECT_EQ(Redacted("pw hunter2hunter2 by bobby", &ctx), "pw [redacted][redacted] by [redacted]");
  EXPECT_EQ(Redacted("bobbyx", &ctx), "bobbyx");  // host user is matched as a word
  ctx.host_user = "operator";                     // a protocol word cannot be scanned for
  EXPECT_EQ(Redacted("class=operator", &ctx), "class=operator");
}

TEST(Redact, NeverOverflows) {
  EXPECT_EQ(Redacted("pid", nullptr, 6), "[reda");
  char tiny[1] = {'x'};
  Redact(tiny, 1, nullptr);
  EXPECT_EQ(tiny[0], 0);
}

TEST(FindForbidden, ReportsFirstHit) {
  RedactionContext ctx;
  ctx.secrets[0] = "s3cret";
  const char* t = "ok then s3cret";
  ForbiddenHit h = FindForbidden(t, strlen(t), &ctx);
  ASSERT_TRUE(h.found);
  EXPECT_EQ(h.offset, 8u);
  EXPECT_STREQ(h.marker, "secret");
  const char* clean = "login method=password class=operator";
  EXPECT_FALSE(FindForbidden(clean, strlen(clean), &ctx).found);
  const char* g = "the Generation is";
  EXPECT_TRUE(FindForbidden(g, strlen(g), nullptr).found);
}

TEST(FindForbidden, RedactedTextIsClean) {
  RedactionContext ctx;
  ctx.secrets[0] = "pw";
  ctx.host_user = "carol";
  char text[96] = "slot 4 of carol at /home/carol pw handle";
  Redact(text, sizeof(text), &ctx);
  EXPECT_FALSE(FindForbidden(text, strlen(text), &ctx).found) << text;
}

TEST(ForbiddenMarkers, FileMatchesTheBuiltInList) {
  FILE* f = fopen(RS_MARKERS_FILE, "r");
  ASSERT_NE(f, nullptr);
  std::vector<std::string> file;
  char line[256];
  while (fgets(line, sizeof(line), f) != nullptr) {
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    if (s.empty() || s[0] == '#') continue;
    file.push_back(s);
  }
  fclose(f);
  ASSERT_EQ(file.size(), FixedMarkerCount());
  for (uint32_t i = 0; i < FixedMarkerCount(); ++i) EXPECT_EQ(file[i], FixedMarker(i));
}

TEST(Transcript, RingDropsOldestAndCounts) {
  Transcript t(3, 100);
  for (int i = 0; i < 5; ++i) {
    char kind[8];
    snprintf(kind, sizeof(kind), "k%d", i);
    t.Record(100 + i, kind, "", "ok", nullptr);
  }
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.dropped(), 2u);
  EXPECT_STREQ(t.At(0).kind, "k2");
  EXPECT_EQ(t.At(0).seq, 3u);
  EXPECT_EQ(t.At(0).at_ms, 2u);
  EXPECT_STREQ(t.At(2).kind, "k4");
}

TEST(Transcript, RecordsAreRedactedAndClamped) {
  Transcript t(0, 0);
  EXPECT_EQ(t.capacity(), 1u);
  Transcript big(100000, 0);
  EXPECT_EQ(big.capacity(), kMaxTranscriptEvents);
  RedactionContext ctx;
  ctx.secrets[0] = "topsecret";
  t.Record(5, "login", "password topsecret slot=2", "ok", &ctx);
  EXPECT_STREQ(t.At(0).detail, "password [redacted] [redacted]=2");
  std::string longdetail(500, 'x');
  t.Record(6, "call", longdetail.c_str(), "ok", nullptr);
  EXPECT_EQ(strlen(t.At(0).detail), kTranscriptDetailBytes - 1);
}

}  // namespace
}  // namespace remote_session
