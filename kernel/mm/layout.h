// Kernel virtual memory layout. The boot page tables (arch/boot.S) map the
// first 1 GiB of physical memory at kDirectMap and the kernel image at
// kKernelVma; the lower half (PML4 entries 0..255) belongs to processes.
#pragma once

#include <stdint.h>

namespace mm {

inline constexpr uint64_t kDirectMap = 0xffff800000000000;
inline constexpr uint64_t kKernelVma = 0xffffffff80000000;
inline constexpr uint64_t kMaxPhys = 1ull << 30;  // what the boot direct map covers

template <typename T = void>
inline T* phys_to_virt(uint64_t phys) {
  return reinterpret_cast<T*>(phys + kDirectMap);
}
inline uint64_t virt_to_phys(const void* v) {
  uint64_t a = reinterpret_cast<uint64_t>(v);
  return a >= kKernelVma ? a - kKernelVma : a - kDirectMap;
}

}  // namespace mm
