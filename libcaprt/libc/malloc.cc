// C allocation API and C++ allocation operators over the one process heap.
// Freeing a pointer the heap does not own is memory corruption: abort rather
// than continue with a damaged free list.
#include <caprt/libc.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <new>

#include "libcaprt/libc/heap.h"

namespace {
caprt::Heap g_heap;
}  // namespace

extern "C" {

void caprt_heap_init(void* base, size_t size) {
  g_heap.Init(base, size);
}
size_t caprt_heap_used(void) {
  return g_heap.used();
}
size_t caprt_heap_largest_free(void) {
  return g_heap.LargestFree();
}

void* malloc(size_t size) noexcept {
  void* p = g_heap.Alloc(size);
  if (p == nullptr) errno = ENOMEM;
  return p;
}

void* aligned_alloc(size_t align, size_t size) noexcept {
  void* p = g_heap.Alloc(size, align);
  if (p == nullptr) errno = ENOMEM;
  return p;
}

int posix_memalign(void** out, size_t align, size_t size) noexcept {
  if (align < sizeof(void*) || (align & (align - 1)) != 0) return EINVAL;
  void* p = g_heap.Alloc(size, align);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

void* calloc(size_t count, size_t size) noexcept {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  void* p = malloc(total);
  if (p != nullptr) memset(p, 0, total);
  return p;
}

void free(void* p) noexcept {
  if (p != nullptr && !g_heap.Free(p)) caprt_abort_hook("free(): invalid pointer");
}

void* realloc(void* p, size_t size) noexcept {
  if (p == nullptr) return malloc(size);
  size_t have = g_heap.UsableSize(p);
  if (have == 0) caprt_abort_hook("realloc(): invalid pointer");
  if (size <= have) return p;
  void* q = malloc(size);
  if (q == nullptr) return nullptr;  // the old block stays valid, as C requires
  memcpy(q, p, have);
  g_heap.Free(p);
  return q;
}

}  // extern "C"

namespace {

void* NewOrDie(size_t size, size_t align) {
  void* p = g_heap.Alloc(size == 0 ? 1 : size, align);
  if (p == nullptr) caprt_abort_hook("operator new: out of memory");
  return p;
}

}  // namespace

// Throwing forms cannot throw (no exceptions in a guest): exhaustion ends the
// process. The nothrow forms return nullptr instead.
void* operator new(size_t size) {
  return NewOrDie(size, caprt::Heap::kAlign);
}
void* operator new[](size_t size) {
  return NewOrDie(size, caprt::Heap::kAlign);
}
void* operator new(size_t size, std::align_val_t a) {
  return NewOrDie(size, size_t(a));
}
void* operator new[](size_t size, std::align_val_t a) {
  return NewOrDie(size, size_t(a));
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return malloc(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return malloc(size);
}
void* operator new(size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return aligned_alloc(size_t(a), size);
}
void* operator new[](size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return aligned_alloc(size_t(a), size);
}
void operator delete(void* p) noexcept {
  free(p);
}
void operator delete[](void* p) noexcept {
  free(p);
}
void operator delete(void* p, size_t) noexcept {
  free(p);
}
void operator delete[](void* p, size_t) noexcept {
  free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  free(p);
}
void operator delete(void* p, size_t, std::align_val_t) noexcept {
  free(p);
}
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
  free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  free(p);
}
