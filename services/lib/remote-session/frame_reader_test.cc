#include "services/lib/remote-session/frame_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace remote_session {
namespace {

std::vector<uint8_t> Header(uint32_t n) {
  return {uint8_t(n), uint8_t(n >> 8), uint8_t(n >> 16), uint8_t(n >> 24)};
}

struct Fixture {
  std::vector<uint8_t> buf = std::vector<uint8_t>(kDefaultMaxFrameBytes);
  FrameReader reader{buf.data(), buf.size(), FramePolicy{}};
};

TEST(FrameReader, WholeFrameInOneChunk) {
  Fixture f;
  std::vector<uint8_t> in = Header(3);
  in.insert(in.end(), {'a', 'b', 'c'});
  EXPECT_EQ(f.reader.Feed(in.data(), in.size(), 10), in.size());
  ASSERT_EQ(f.reader.status(), FrameStatus::kFrame);
  EXPECT_EQ(f.reader.FrameLength(), 3u);
  EXPECT_EQ(0, memcmp(f.reader.Frame(), "abc", 3));
  f.reader.Next();
  EXPECT_EQ(f.reader.status(), FrameStatus::kIdle);
  EXPECT_EQ(f.reader.DeadlineMs(), 0u);
}

TEST(FrameReader, TwoFramesInOneChunkAreFedInPieces) {
  Fixture f;
  std::vector<uint8_t> in = Header(1);
  in.push_back('x');
  std::vector<uint8_t> second = Header(2);
  in.insert(in.end(), second.begin(), second.end());
  in.insert(in.end(), {'y', 'z'});
  size_t used = f.reader.Feed(in.data(), in.size(), 0);
  EXPECT_EQ(used, 5u);
  EXPECT_EQ(f.reader.Feed(in.data() + used, in.size() - used, 0), 0u);  // frame not taken yet
  f.reader.Next();
  EXPECT_EQ(f.reader.Feed(in.data() + used, in.size() - used, 0), 6u);
  ASSERT_EQ(f.reader.status(), FrameStatus::kFrame);
  EXPECT_EQ(0, memcmp(f.reader.Frame(), "yz", 2));
}

TEST(FrameReader, IdleWaitsForeverBeforeTheFirstByte) {
  Fixture f;
  EXPECT_EQ(f.reader.Tick(1'000'000'000), FrameStatus::kIdle);
  std::vector<uint8_t> in = Header(1);
  in.push_back('q');
  EXPECT_EQ(f.reader.Feed(in.data(), in.size(), 2'000'000'000), 5u);
  EXPECT_EQ(f.reader.status(), FrameStatus::kFrame);
}

TEST(FrameReader, ZeroAndOversizedHeadersAreTerminal) {
  Fixture f;
  auto zero = Header(0);
  f.reader.Feed(zero.data(), 4, 0);
  EXPECT_EQ(f.reader.status(), FrameStatus::kZeroLength);
  EXPECT_TRUE(IsTerminal(f.reader.status()));
  EXPECT_EQ(f.reader.Feed(zero.data(), 4, 0), 0u);

  Fixture g;
  auto big = Header(kDefaultMaxFrameBytes + 1);
  g.reader.Feed(big.data(), 4, 0);
  EXPECT_EQ(g.reader.status(), FrameStatus::kOversized);

  Fixture h;  // exactly at the limit is fine
  auto max = Header(kDefaultMaxFrameBytes);
  h.reader.Feed(max.data(), 4, 0);
  EXPECT_EQ(h.reader.status(), FrameStatus::kPartial);
}

TEST(FrameReader, SmallBufferLowersTheMaximum) {
  std::vector<uint8_t> buf(16);
  FrameReader r(buf.data(), buf.size(), FramePolicy{});
  auto h = Header(17);
  r.Feed(h.data(), 4, 0);
  EXPECT_EQ(r.status(), FrameStatus::kOversized);
}

// The probe: a header announcing 8192 bytes, then only 4096.
TEST(FrameReader, HalfAFrameStallsAtTheDeadline) {
  Fixture f;
  std::vector<uint8_t> in = Header(8192);
  in.resize(4 + 4096, 'p');
  EXPECT_EQ(f.reader.Feed(in.data(), in.size(), 100), in.size());
  EXPECT_EQ(f.reader.status(), FrameStatus::kPartial);
  EXPECT_EQ(f.reader.DeadlineMs(), 5100u);
  EXPECT_EQ(f.reader.Tick(5099), FrameStatus::kPartial);
  EXPECT_EQ(f.reader.Tick(5100), FrameStatus::kStalled);
  EXPECT_TRUE(IsTerminal(f.reader.status()));
}

TEST(FrameReader, LateBytesAfterTheDeadlineStall) {
  Fixture f;
  auto h = Header(2);
  f.reader.Feed(h.data(), 4, 0);
  uint8_t b[2] = {1, 2};
  EXPECT_EQ(f.reader.Feed(b, 2, 5000), 0u);
  EXPECT_EQ(f.reader.status(), FrameStatus::kStalled);
}

TEST(FrameReader, ChunkBoundAtTheLimitAndOnePast) {
  FramePolicy p;
  p.max_chunks_per_frame = 64;
  std::vector<uint8_t> buf(1024);
  std::vector<uint8_t> in = Header(60);  // 4 + 60 = 64 bytes
  in.resize(64, 'd');
  {
    FrameReader r(buf.data(), buf.size(), p);
    for (int i = 0; i < 64; ++i) ASSERT_EQ(r.Feed(&in[i], 1, i), 1u) << i;
    EXPECT_EQ(r.status(), FrameStatus::kFrame);  // completed by chunk 64
  }
  {
    std::vector<uint8_t> longer = Header(61);
    longer.resize(65, 'd');
    FrameReader r(buf.data(), buf.size(), p);
    for (int i = 0; i < 63; ++i) r.Feed(&longer[i], 1, i);
    EXPECT_EQ(r.status(), FrameStatus::kPartial);
    r.Feed(&longer[63], 1, 63);  // chunk 64 leaves it incomplete
    EXPECT_EQ(r.status(), FrameStatus::kDribbling);
  }
}

TEST(FrameReader, ChunksCountPerFrame) {
  FramePolicy p;
  p.max_chunks_per_frame = 2;
  std::vector<uint8_t> buf(64);
  FrameReader r(buf.data(), buf.size(), p);
  for (int frame = 0; frame < 5; ++frame) {
    auto h = Header(1);
    r.Feed(h.data(), 4, 0);
    uint8_t b = 'x';
    r.Feed(&b, 1, 0);
    ASSERT_EQ(r.status(), FrameStatus::kFrame);
    r.Next();
  }
}

TEST(WriteFrame, PrefixAndBounds) {
  uint8_t out[16];
  EXPECT_EQ(WriteFrame("hello", 5, out, sizeof(out)), 9u);
  EXPECT_EQ(out[0], 5);
  EXPECT_EQ(out[1] | out[2] | out[3], 0);
  EXPECT_EQ(0, memcmp(out + 4, "hello", 5));
  EXPECT_EQ(WriteFrame("hello", 0, out, sizeof(out)), 0u);
  EXPECT_EQ(WriteFrame("hello", 5, out, 8), 0u);
  EXPECT_EQ(WriteFrame("hello", 5, out, sizeof(out), 4), 0u);
}

}  // namespace
}  // namespace remote_session
