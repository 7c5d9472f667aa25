// The parts of the multiboot (v1) information structure the kernel reads.
#pragma once

#include <stdint.h>

namespace multiboot {

inline constexpr uint32_t kBootloaderMagic = 0x2BADB002;

struct __attribute__((packed)) Info {
  uint32_t flags;
  uint32_t mem_lower, mem_upper;
  uint32_t boot_device;
  uint32_t cmdline;
  uint32_t mods_count, mods_addr;
  uint32_t syms[4];
  uint32_t mmap_length, mmap_addr;
};

struct __attribute__((packed)) Module {
  uint32_t start, end;
  uint32_t string;
  uint32_t reserved;
};

struct __attribute__((packed)) MmapEntry {
  uint32_t size;  // of the rest of this entry
  uint64_t addr, len;
  uint32_t type;  // 1 = available RAM
};

inline constexpr uint32_t kFlagMods = 1 << 3;
inline constexpr uint32_t kFlagMmap = 1 << 6;

}  // namespace multiboot
