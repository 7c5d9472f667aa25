#include "services/lib/terminal/output_ring.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/lib/terminal/test_bytes.h"

namespace terminal {
namespace {

using test::Pattern;

std::string ReadAll(const OutputRing& ring, uint64_t from, size_t max, RingRead* r) {
  std::string out(max, '\0');
  *r = ring.Read(from, reinterpret_cast<uint8_t*>(out.data()), max);
  out.resize(r->length);
  return out;
}

void Append(OutputRing& ring, const std::string& s) {
  ring.Append(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(OutputRing, EmptyRingReadsNothingAtSeqZero) {
  uint8_t storage[8];
  OutputRing ring(storage, sizeof(storage));
  EXPECT_EQ(ring.oldest_seq(), 0u);
  EXPECT_EQ(ring.next_seq(), 0u);
  RingRead r;
  EXPECT_EQ(ReadAll(ring, 0, 8, &r), "");
  EXPECT_FALSE(r.future);
  EXPECT_EQ(r.next_seq, 0u);
  EXPECT_EQ(r.skipped, 0u);
}

TEST(OutputRing, ReadsFromAnySeqItHolds) {
  uint8_t storage[16];
  OutputRing ring(storage, sizeof(storage));
  Append(ring, "hello, ");
  Append(ring, "world");
  RingRead r;
  EXPECT_EQ(ReadAll(ring, 0, 64, &r), "hello, world");
  EXPECT_EQ(r.next_seq, 12u);
  EXPECT_EQ(ReadAll(ring, 7, 64, &r), "world");
  EXPECT_EQ(r.start_seq, 7u);
  EXPECT_EQ(ReadAll(ring, 7, 3, &r), "wor");  // max bounds the copy
  EXPECT_EQ(r.next_seq, 10u);
  EXPECT_EQ(ReadAll(ring, 12, 64, &r), "");  // caught up: nothing, no error
  EXPECT_EQ(r.next_seq, 12u);
}

TEST(OutputRing, FutureSeqIsAnErrorNotAWait) {
  uint8_t storage[8];
  OutputRing ring(storage, sizeof(storage));
  Append(ring, "abc");
  RingRead r;
  EXPECT_EQ(ReadAll(ring, 4, 8, &r), "");
  EXPECT_TRUE(r.future);
  EXPECT_EQ(r.next_seq, 3u);
}

TEST(OutputRing, WraparoundKeepsTheLastCapacityBytes) {
  uint8_t storage[8];
  OutputRing ring(storage, sizeof(storage));
  Append(ring, "0123456");
  Append(ring, "789ab");  // wraps: holds "456789ab"
  EXPECT_EQ(ring.size(), 8u);
  EXPECT_EQ(ring.oldest_seq(), 4u);
  EXPECT_EQ(ring.next_seq(), 12u);
  RingRead r;
  EXPECT_EQ(ReadAll(ring, 4, 64, &r), "456789ab");
  EXPECT_EQ(ReadAll(ring, 6, 4, &r), "6789");  // a read across the wrap point
  EXPECT_EQ(ReadAll(ring, 9, 64, &r), "9ab");
}

TEST(OutputRing, LostBytesAreCountedAndTheOldestReturned) {
  uint8_t storage[4];
  OutputRing ring(storage, sizeof(storage));
  Append(ring, "abcdefghij");  // longer than the ring: keeps "ghij"
  EXPECT_EQ(ring.oldest_seq(), 6u);
  RingRead r;
  EXPECT_EQ(ReadAll(ring, 2, 64, &r), "ghij");
  EXPECT_EQ(r.skipped, 4u);
  EXPECT_EQ(r.start_seq, 6u);
  EXPECT_EQ(r.next_seq, 10u);
}

TEST(OutputRing, EveryChunkingGivesTheSameBytes) {
  // Bytes are a function of their seq, so any misplaced byte shows.
  for (size_t cap : {1u, 2u, 3u, 7u, 16u}) {
    for (size_t chunk = 1; chunk <= 2 * cap + 1; ++chunk) {
      std::vector<uint8_t> storage(cap);
      OutputRing ring(storage.data(), cap);
      uint64_t seq = 0;
      while (seq < 5 * cap + 3) {
        std::vector<uint8_t> bytes = Pattern(seq, chunk);
        ring.Append(bytes.data(), bytes.size());
        seq += chunk;
        ASSERT_EQ(ring.next_seq(), seq);
        ASSERT_EQ(ring.size(), seq < cap ? seq : cap);
        std::vector<uint8_t> out(cap);
        RingRead r = ring.Read(ring.oldest_seq(), out.data(), out.size());
        out.resize(r.length);
        ASSERT_EQ(out, Pattern(ring.oldest_seq(), ring.size())) << cap << " " << chunk;
      }
    }
  }
}

TEST(OutputRing, ZeroCapacityCountsButHoldsNothing) {
  OutputRing ring(nullptr, 16);
  Append(ring, "abc");
  EXPECT_EQ(ring.capacity(), 0u);
  EXPECT_EQ(ring.next_seq(), 3u);
  EXPECT_EQ(ring.oldest_seq(), 3u);
  RingRead r;
  EXPECT_EQ(ReadAll(ring, 0, 8, &r), "");
  EXPECT_EQ(r.skipped, 3u);
}

TEST(OutputRing, AtNamesTheByteOfASeq) {
  uint8_t storage[5];
  OutputRing ring(storage, sizeof(storage));
  std::vector<uint8_t> bytes = Pattern(0, 13);
  ring.Append(bytes.data(), bytes.size());
  for (uint64_t seq = ring.oldest_seq(); seq < ring.next_seq(); ++seq)
    EXPECT_EQ(ring.At(seq), test::PatternByte(seq));
}

}  // namespace
}  // namespace terminal
