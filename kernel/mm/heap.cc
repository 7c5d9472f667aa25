#include "kernel/mm/heap.h"

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "kernel/lib/kstring.h"
#include "kernel/lib/print.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"

namespace kheap {
namespace {

// Every block is preceded by a header so free() knows where it came from.
struct Header {
  uint32_t magic;
  uint32_t pages;  // 0 for size-class blocks
  uint32_t cls;
  uint32_t pad;
};
static_assert(sizeof(Header) == 16);
constexpr uint32_t kMagic = 0x4b484550;  // "KHEP"
constexpr int kClasses = 7;              // 32 .. 2048 bytes including header
constexpr size_t kClassSize[kClasses] = {32, 64, 128, 256, 512, 1024, 2048};

struct FreeBlock {
  FreeBlock* next;
};
FreeBlock* free_lists[kClasses];
size_t live = 0;

bool refill(int cls) {
  uint64_t phys = pmm::alloc();
  if (!phys) return false;
  auto* base = mm::phys_to_virt<uint8_t>(phys);
  for (size_t off = 0; off + kClassSize[cls] <= abi::kPageSize; off += kClassSize[cls]) {
    auto* b = reinterpret_cast<FreeBlock*>(base + off);
    b->next = free_lists[cls];
    free_lists[cls] = b;
  }
  return true;
}

}  // namespace

void* alloc(size_t size) {
  size_t need = size + sizeof(Header);
  Header* h = nullptr;
  int cls = 0;
  while (cls < kClasses && kClassSize[cls] < need) cls++;
  if (cls < kClasses) {
    if (!free_lists[cls] && !refill(cls)) return nullptr;
    FreeBlock* b = free_lists[cls];
    free_lists[cls] = b->next;
    h = reinterpret_cast<Header*>(b);
    memset(h, 0, kClassSize[cls]);
    h->pages = 0;
    h->cls = cls;
  } else {
    size_t pages = (need + abi::kPageSize - 1) / abi::kPageSize;
    uint64_t phys = pmm::alloc_contig(pages);
    if (!phys) return nullptr;
    h = mm::phys_to_virt<Header>(phys);
    h->pages = static_cast<uint32_t>(pages);
  }
  h->magic = kMagic;
  live++;
  return h + 1;
}

void free(void* p) {
  if (!p) return;
  Header* h = static_cast<Header*>(p) - 1;
  if (h->magic != kMagic) panic("kheap: free of a bad pointer %p", p);
  h->magic = 0;
  live--;
  if (h->pages) {
    pmm::free_contig(mm::virt_to_phys(h), h->pages);
    return;
  }
  auto* b = reinterpret_cast<FreeBlock*>(h);
  b->next = free_lists[h->cls];
  free_lists[h->cls] = b;
}

size_t live_allocations() {
  return live;
}

}  // namespace kheap
