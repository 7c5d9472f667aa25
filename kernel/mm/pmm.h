// Physical frame allocator: a bitmap over the first mm::kMaxPhys bytes,
// seeded from the multiboot memory map. Frames are 4 KiB; 0 is never a
// valid frame and doubles as the failure value.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace pmm {

// Marks [base, base+len) usable. Called per multiboot "available" region.
void add_region(uint64_t base, uint64_t len);
// Marks [base, base+len) in use (kernel image, modules, boot data).
void reserve(uint64_t base, uint64_t len);

uint64_t alloc();                     // one zeroed frame, or 0
uint64_t alloc_contig(size_t pages);  // physically contiguous, zeroed, or 0
void free(uint64_t phys);
void free_contig(uint64_t phys, size_t pages);

size_t free_frames();
size_t total_frames();

}  // namespace pmm
