// First-fit heap over one caller-given region. Free blocks are kept in an
// address-ordered list and merged with their neighbours on release, so the
// region does not fragment into unusable slivers. Not thread-safe: services
// are single-threaded. Pure logic (no libc use), so it is host-tested.
#ifndef CAPRT_LIBC_HEAP_H_
#define CAPRT_LIBC_HEAP_H_

#include <stddef.h>
#include <stdint.h>

namespace caprt {

class Heap {
 public:
  // Payload alignment of every allocation.
  static constexpr size_t kAlign = 16;

  // Takes [base, base + size); base is rounded up to kAlign.
  void Init(void* base, size_t size);
  bool initialized() const { return begin_ != 0; }

  // nullptr when no free block fits (or size overflows). `align` must be a
  // power of two; values below kAlign mean kAlign.
  void* Alloc(size_t size, size_t align = kAlign);
  // Returns false (and changes nothing) if `p` is not a live block of this
  // heap: a double free, a foreign pointer or a smashed header.
  bool Free(void* p);
  // Usable bytes of a live block, or 0 if `p` is not one.
  size_t UsableSize(const void* p) const;

  size_t used() const { return used_; }
  size_t LargestFree() const;

 private:
  struct Block;
  Block* Header(const void* p) const;
  void InsertFree(Block* b);
  void Carve(Block* prev, Block* b, uintptr_t payload, size_t need);

  uintptr_t begin_ = 0;
  uintptr_t end_ = 0;
  Block* free_ = nullptr;
  size_t used_ = 0;
};

}  // namespace caprt

#endif  // CAPRT_LIBC_HEAP_H_
