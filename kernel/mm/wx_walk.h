// The boot-time W^X audit: walks a 4-level x86_64 page-table tree and finds
// the first leaf that is both writable and executable.
//
// Pure (no hardware access): tables are reached through a caller-supplied
// resolver, so the same code runs in the kernel over the live tables and in
// host tests over synthetic ones. Effective rights follow the CPU: a leaf is
// writable only if every level has R/W set, and executable only if no level
// has NX set.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wx {

// Returns the 512-entry table at physical address `phys`, or null when the
// address is unusable (the walk then reports it as a bad table).
using TableFn = const uint64_t* (*)(uint64_t phys, void* ctx);

struct Report {
  bool ok = true;
  uint64_t leaves = 0;     // present leaf mappings seen (4K, 2M or 1G)
  uint64_t bad_va = 0;     // !ok: first offending virtual address
  bool bad_table = false;  // !ok because a table could not be resolved
};

// Walks PML4 entries [first, last] of the tree rooted at `pml4_phys`.
// Virtual addresses are sign-extended canonical addresses.
Report Walk(uint64_t pml4_phys, int first, int last, TableFn table, void* ctx);

}  // namespace wx
