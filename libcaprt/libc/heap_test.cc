#include "libcaprt/libc/heap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace caprt {
namespace {

class HeapTest : public ::testing::Test {
 protected:
  void SetUp() override { heap_.Init(region_, sizeof(region_)); }

  alignas(16) unsigned char region_[64 * 1024];
  Heap heap_;
};

TEST_F(HeapTest, AllocationsAreAlignedDisjointAndInRegion) {
  std::vector<unsigned char*> blocks;
  for (size_t size : {1u, 15u, 16u, 17u, 100u, 4000u}) {
    auto* p = static_cast<unsigned char*>(heap_.Alloc(size));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % Heap::kAlign, 0u);
    EXPECT_GE(p, region_);
    EXPECT_LE(p + size, region_ + sizeof(region_));
    EXPECT_GE(heap_.UsableSize(p), size);
    for (auto* q : blocks) EXPECT_TRUE(p + size <= q || q + heap_.UsableSize(q) <= p);
    blocks.push_back(p);
  }
}

TEST_F(HeapTest, FreeingEverythingCoalescesBackToOneBlock) {
  size_t largest = heap_.LargestFree();
  std::vector<void*> blocks;
  for (int i = 0; i < 50; ++i) blocks.push_back(heap_.Alloc(100 + i * 7));
  // Free in an interleaved order so merges happen on both sides.
  for (size_t i = 0; i < blocks.size(); i += 2) ASSERT_TRUE(heap_.Free(blocks[i]));
  for (size_t i = 1; i < blocks.size(); i += 2) ASSERT_TRUE(heap_.Free(blocks[i]));
  EXPECT_EQ(heap_.used(), 0u);
  EXPECT_EQ(heap_.LargestFree(), largest);
}

TEST_F(HeapTest, ExhaustionReturnsNullAndRecovers) {
  EXPECT_EQ(heap_.Alloc(sizeof(region_)), nullptr);
  EXPECT_EQ(heap_.Alloc(SIZE_MAX), nullptr);
  EXPECT_EQ(heap_.Alloc(SIZE_MAX - 8), nullptr);
  std::vector<void*> blocks;
  while (void* p = heap_.Alloc(1000)) blocks.push_back(p);
  EXPECT_GT(blocks.size(), 50u);
  ASSERT_TRUE(heap_.Free(blocks.back()));
  EXPECT_NE(heap_.Alloc(1000), nullptr);
}

TEST_F(HeapTest, LargeAlignmentIsHonoured) {
  void* filler = heap_.Alloc(24);
  for (size_t align : {32u, 64u, 4096u}) {
    void* p = heap_.Alloc(200, align);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u);
    EXPECT_TRUE(heap_.Free(p));
  }
  EXPECT_EQ(heap_.Alloc(8, 48), nullptr);  // not a power of two
  EXPECT_TRUE(heap_.Free(filler));
  EXPECT_EQ(heap_.used(), 0u);
}

TEST_F(HeapTest, RejectsDoubleFreeForeignAndInteriorPointers) {
  void* p = heap_.Alloc(64);
  ASSERT_TRUE(heap_.Free(p));
  EXPECT_FALSE(heap_.Free(p));
  int on_stack = 0;
  EXPECT_FALSE(heap_.Free(&on_stack));
  void* q = heap_.Alloc(64);
  EXPECT_FALSE(heap_.Free(static_cast<char*>(q) + 16));
  EXPECT_FALSE(heap_.Free(static_cast<char*>(q) + 1));
  EXPECT_EQ(heap_.UsableSize(static_cast<char*>(q) + 16), 0u);
  EXPECT_TRUE(heap_.Free(q));
}

TEST(HeapInit, UninitializedOrTinyRegionAllocatesNothing) {
  Heap heap;
  EXPECT_EQ(heap.Alloc(1), nullptr);
  alignas(16) unsigned char tiny[24];
  heap.Init(tiny, sizeof(tiny));
  EXPECT_EQ(heap.Alloc(1), nullptr);
}

}  // namespace
}  // namespace caprt
