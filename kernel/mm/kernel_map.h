// The kernel half of every address space, with W^X.
//
// The boot tables (arch/boot.S) map the first 1 GiB as writable and
// executable 2 MiB pages three times, because 32-bit boot code cannot do
// better cheaply. Before any process exists, Harden() replaces them:
//   - the kernel image window (0xffffffff80000000): 4 KiB pages covering
//     only the image; text R-X, rodata R NX, data and bss RW NX;
//   - the direct map (0xffff800000000000): 2 MiB pages, RW NX;
//   - the identity map: gone.
// Then Audit() walks PML4 entries 256..511 and panics, with the address, on
// any leaf that is both writable and executable. Processes copy these
// entries when they are created, so they inherit the hardened half.
#pragma once

#include <stdint.h>

namespace kmap {

// Requires NX (panics without it: W^X cannot hold) and a seeded pmm.
void Harden(bool nx_supported);

// Leaves checked by the last audit (for the boot line).
uint64_t Audit();

}  // namespace kmap
