#include "kernel/mm/wx_walk.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace {

constexpr uint64_t P = 1, W = 2, PS = 1ull << 7, NX = 1ull << 63;

// Synthetic physical memory: table frames by address.
struct Mem {
  std::map<uint64_t, std::vector<uint64_t>> tables;
  uint64_t next = 0x1000;
  uint64_t New() {
    tables[next].assign(512, 0);
    uint64_t a = next;
    next += 0x1000;
    return a;
  }
  uint64_t& At(uint64_t t, int i) { return tables.at(t)[i]; }
  static const uint64_t* Resolve(uint64_t phys, void* ctx) {
    auto* m = static_cast<Mem*>(ctx);
    auto it = m->tables.find(phys);
    return it == m->tables.end() ? nullptr : it->second.data();
  }
};

// PML4[511] -> PDPT[510] -> PD[0] -> PT: the kernel image window.
struct KernelTree {
  Mem m;
  uint64_t pml4, pdpt, pd, pt;
  KernelTree() {
    pml4 = m.New();
    pdpt = m.New();
    pd = m.New();
    pt = m.New();
    m.At(pml4, 511) = pdpt | P | W;
    m.At(pdpt, 510) = pd | P | W;
    m.At(pd, 0) = pt | P | W;
    m.At(pt, 256) = 0x100000 | P;           // text: R-X
    m.At(pt, 257) = 0x101000 | P | NX;      // rodata
    m.At(pt, 258) = 0x102000 | P | W | NX;  // data
  }
  wx::Report Walk() { return wx::Walk(pml4, 256, 511, &Mem::Resolve, &m); }
};

TEST(WxWalk, AcceptsTextRodataDataSplit) {
  KernelTree k;
  wx::Report r = k.Walk();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.leaves, 3u);
}

// The bug: boot tables mapped the kernel image and direct map W+X.
TEST(WxWalk, RegressionKernelWxBootTablesAreRefused) {
  KernelTree k;
  k.m.At(k.pt, 258) &= ~NX;  // data page executable
  wx::Report r = k.Walk();
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.bad_table);
  EXPECT_EQ(r.bad_va, 0xffffffff80000000ull + 258 * 4096);
}

TEST(WxWalk, HugeDirectMapPageWithoutNxIsRefused) {
  KernelTree k;
  uint64_t pdpt = k.m.New(), pd = k.m.New();
  k.m.At(k.pml4, 256) = pdpt | P | W;
  k.m.At(pdpt, 0) = pd | P | W;
  for (int i = 0; i < 512; i++) k.m.At(pd, i) = (uint64_t(i) << 21) | P | W | PS | NX;
  EXPECT_TRUE(k.Walk().ok);
  k.m.At(pd, 7) &= ~NX;
  wx::Report r = k.Walk();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_va, 0xffff800000000000ull + (7ull << 21));
}

TEST(WxWalk, NxOrReadOnlyAtAnUpperLevelCoversTheLeaf) {
  KernelTree k;
  k.m.At(k.pt, 258) &= ~NX;
  k.m.At(k.pd, 0) |= NX;  // the whole PT is NX from above
  EXPECT_TRUE(k.Walk().ok);
  k.m.At(k.pd, 0) &= ~NX;
  k.m.At(k.pdpt, 510) &= ~W;  // the whole window is read-only from above
  EXPECT_TRUE(k.Walk().ok);
}

TEST(WxWalk, OneGigabyteLeafIsChecked) {
  KernelTree k;
  k.m.At(k.pdpt, 0) = 0x40000000 | P | W | PS;
  wx::Report r = k.Walk();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_va, 0xffffff8000000000ull);
}

TEST(WxWalk, UnresolvableTableIsReported) {
  KernelTree k;
  k.m.At(k.pd, 1) = 0xdead000 | P | W;
  wx::Report r = k.Walk();
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.bad_table);
}

TEST(WxWalk, OnlyTheRequestedHalfIsWalked) {
  KernelTree k;
  uint64_t pdpt = k.m.New();
  k.m.At(k.pml4, 0) = pdpt | P | W | 4;
  k.m.At(pdpt, 1) = 0x40000000 | P | W | PS;  // a W+X user 1 GiB leaf
  EXPECT_TRUE(k.Walk().ok);
  EXPECT_FALSE(wx::Walk(k.pml4, 0, 511, &Mem::Resolve, &k.m).ok);
}

}  // namespace
