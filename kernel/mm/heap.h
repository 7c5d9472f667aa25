// Kernel heap: power-of-two size classes (32 B .. 2 KiB) carved from
// frames, and whole contiguous frames for anything larger. Returns zeroed
// memory or nullptr; never panics on exhaustion, callers turn that into
// abi::Error::kNoMemory.
#pragma once

#include <stddef.h>

namespace kheap {
void* alloc(size_t size);
void free(void* p);
size_t live_allocations();  // for leak accounting
}  // namespace kheap

template <typename T>
T* knew() {
  void* p = kheap::alloc(sizeof(T));
  return p ? new (p) T() : nullptr;
}
template <typename T>
void kdelete(T* p) {
  if (!p) return;
  p->~T();
  kheap::free(p);
}

inline void* operator new(size_t, void* p) noexcept {
  return p;
}
