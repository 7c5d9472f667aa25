#include "libcaprt/libc/heap.h"

namespace caprt {
namespace {

constexpr uintptr_t kLiveTag = 0x4c4956454c495645ull;  // "LIVELIVE"
constexpr uintptr_t kFreeTag = 0x4652454546524545ull;  // "FREEFREE"
constexpr size_t kHeader = 16;
// A free block must hold its header and the free-list link.
constexpr size_t kMinBlock = 32;

constexpr uintptr_t RoundUp(uintptr_t v, uintptr_t a) {
  return (v + a - 1) & ~(a - 1);
}

}  // namespace

// Every block starts with this header; `next` overlays the first payload
// word and is meaningful only while the block is free. The tag mixes in the
// block's address so a stale or forged pointer is unlikely to pass.
struct Heap::Block {
  size_t size;  // whole block, header included; multiple of kAlign
  uintptr_t tag;
  Block* next;
};

void Heap::Init(void* base, size_t size) {
  if (initialized()) return;
  uintptr_t b = RoundUp(reinterpret_cast<uintptr_t>(base), kAlign);
  uintptr_t e = (reinterpret_cast<uintptr_t>(base) + size) & ~(kAlign - 1);
  if (e <= b || e - b < kMinBlock) return;
  begin_ = b;
  end_ = e;
  free_ = reinterpret_cast<Block*>(b);
  free_->size = e - b;
  free_->tag = kFreeTag ^ b;
  free_->next = nullptr;
}

void* Heap::Alloc(size_t size, size_t align) {
  if (!initialized()) return nullptr;
  if (align < kAlign) align = kAlign;
  if ((align & (align - 1)) != 0 || size > end_ - begin_ || align > end_ - begin_) return nullptr;
  size_t need = RoundUp(size < kAlign ? kAlign : size, kAlign) + kHeader;
  Block* prev = nullptr;
  for (Block* b = free_; b != nullptr; prev = b, b = b->next) {
    uintptr_t start = reinterpret_cast<uintptr_t>(b);
    uintptr_t limit = start + b->size;
    uintptr_t payload = RoundUp(start + kHeader, align);
    // A gap in front of the header must be big enough to stay a free block.
    if (payload - kHeader != start && payload - kHeader - start < kMinBlock) {
      payload = RoundUp(start + kHeader + kMinBlock, align);
    }
    if (payload - kHeader + need > limit || payload - kHeader + need < payload) continue;
    Carve(prev, b, payload, need);
    return reinterpret_cast<void*>(payload);
  }
  return nullptr;
}

void Heap::Carve(Block* prev, Block* b, uintptr_t payload, size_t need) {
  uintptr_t start = reinterpret_cast<uintptr_t>(b);
  uintptr_t limit = start + b->size;
  if (prev != nullptr) {
    prev->next = b->next;
  } else {
    free_ = b->next;
  }
  uintptr_t h = payload - kHeader;
  if (h > start) {
    b->size = h - start;
    b->tag = kFreeTag ^ start;
    InsertFree(b);
  }
  uintptr_t tail = limit - (h + need);
  if (tail >= kMinBlock) {
    Block* t = reinterpret_cast<Block*>(h + need);
    t->size = tail;
    t->tag = kFreeTag ^ (h + need);
    InsertFree(t);
  } else {
    need += tail;
  }
  Block* live = reinterpret_cast<Block*>(h);
  live->size = need;
  live->tag = kLiveTag ^ h;
  used_ += need;
}

Heap::Block* Heap::Header(const void* p) const {
  uintptr_t v = reinterpret_cast<uintptr_t>(p);
  if (!initialized() || (v & (kAlign - 1)) != 0 || v < begin_ + kHeader || v >= end_) {
    return nullptr;
  }
  Block* h = reinterpret_cast<Block*>(v - kHeader);
  uintptr_t hv = v - kHeader;
  if (h->tag != (kLiveTag ^ hv) || h->size < kMinBlock || h->size > end_ - hv) return nullptr;
  return h;
}

bool Heap::Free(void* p) {
  Block* h = Header(p);
  if (h == nullptr) return false;
  used_ -= h->size;
  h->tag = kFreeTag ^ reinterpret_cast<uintptr_t>(h);
  InsertFree(h);
  return true;
}

size_t Heap::UsableSize(const void* p) const {
  Block* h = Header(p);
  return h == nullptr ? 0 : h->size - kHeader;
}

// Address-ordered insert; merges with the neighbours it touches.
void Heap::InsertFree(Block* b) {
  Block* prev = nullptr;
  Block* next = free_;
  while (next != nullptr && next < b) {
    prev = next;
    next = next->next;
  }
  auto addr = [](Block* x) { return reinterpret_cast<uintptr_t>(x); };
  b->next = next;
  if (next != nullptr && addr(b) + b->size == addr(next)) {
    b->size += next->size;
    b->next = next->next;
    next->tag = 0;
  }
  if (prev != nullptr && addr(prev) + prev->size == addr(b)) {
    prev->size += b->size;
    prev->next = b->next;
    b->tag = 0;
  } else if (prev != nullptr) {
    prev->next = b;
  } else {
    free_ = b;
  }
}

size_t Heap::LargestFree() const {
  size_t best = 0;
  for (Block* b = free_; b != nullptr; b = b->next) {
    if (b->size > best) best = b->size;
  }
  return best > kHeader ? best - kHeader : 0;
}

}  // namespace caprt
