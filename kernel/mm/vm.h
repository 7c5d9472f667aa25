// Per-process address spaces: 4-level page tables whose upper half (PML4
// entries 256..511) is shared with the kernel and whose lower half is owned
// by the process. Every user leaf frame is owned by its address space and
// freed with it.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace vm {

enum PageFlags : uint64_t {
  kPresent = 1ull << 0,
  kWrite = 1ull << 1,
  kUser = 1ull << 2,
  kHuge = 1ull << 7,
  kNoExec = 1ull << 63,  // dropped when the CPU has no NX
};

struct AddressSpace {
  uint64_t pml4 = 0;  // physical
};

// Replaces the boot tables' kernel half with the W^X one (kernel_map.h) and
// records NX support.
void init(bool nx_supported);
uint64_t kernel_pml4();

bool create(AddressSpace* as);
void destroy(AddressSpace* as);
// Maps one 4 KiB page. Fails on exhaustion or if the page is already mapped.
bool map(AddressSpace* as, uint64_t va, uint64_t phys, uint64_t flags);
// Allocates, zeroes and maps `pages` pages at va.
bool map_new(AddressSpace* as, uint64_t va, size_t pages, uint64_t flags);
// Physical address backing va, or 0. Reports the leaf flags through *flags.
uint64_t translate(const AddressSpace* as, uint64_t va, uint64_t* flags);

size_t table_pages();  // page-table frames currently allocated, for accounting

}  // namespace vm
