#include "kernel/mm/pmm.h"

#include "kernel-abi/abi.h"
#include "kernel/lib/kstring.h"
#include "kernel/lib/print.h"
#include "kernel/mm/layout.h"

namespace pmm {
namespace {

constexpr size_t kFrames = mm::kMaxPhys / abi::kPageSize;
uint64_t used_bits[kFrames / 64];  // 1 = used; all start used until added
bool initialized = false;
size_t free_count = 0;
size_t total_count = 0;
size_t search_hint = 0;

bool is_used(size_t f) {
  return used_bits[f / 64] & (1ull << (f % 64));
}
void set_used(size_t f) {
  used_bits[f / 64] |= 1ull << (f % 64);
}
void set_free(size_t f) {
  used_bits[f / 64] &= ~(1ull << (f % 64));
}

void init_once() {
  if (initialized) return;
  memset(used_bits, 0xff, sizeof(used_bits));
  initialized = true;
}

}  // namespace

void add_region(uint64_t base, uint64_t len) {
  init_once();
  uint64_t start = (base + abi::kPageSize - 1) / abi::kPageSize;
  uint64_t end = (base + len) / abi::kPageSize;
  if (end > kFrames) end = kFrames;
  for (uint64_t f = start; f < end; f++) {
    if (f == 0) continue;
    if (is_used(f)) set_free(f), free_count++, total_count++;
  }
}

void reserve(uint64_t base, uint64_t len) {
  init_once();
  uint64_t start = base / abi::kPageSize;
  uint64_t end = (base + len + abi::kPageSize - 1) / abi::kPageSize;
  if (end > kFrames) end = kFrames;
  for (uint64_t f = start; f < end; f++) {
    if (!is_used(f)) set_used(f), free_count--;
  }
}

uint64_t alloc() {
  return alloc_contig(1);
}

uint64_t alloc_contig(size_t pages) {
  if (pages == 0 || pages > free_count) return 0;
  for (int pass = 0; pass < 2; pass++) {
    size_t f = pass == 0 ? search_hint : 1;
    size_t limit = pass == 0 ? kFrames : search_hint + pages;
    if (limit > kFrames) limit = kFrames;
    size_t run = 0;
    for (; f < limit; f++) {
      run = is_used(f) ? 0 : run + 1;
      if (run == pages) {
        size_t first = f + 1 - pages;
        for (size_t i = first; i <= f; i++) set_used(i);
        free_count -= pages;
        search_hint = f + 1;
        uint64_t phys = first * abi::kPageSize;
        memset(mm::phys_to_virt(phys), 0, pages * abi::kPageSize);
        return phys;
      }
    }
  }
  return 0;
}

void free(uint64_t phys) {
  free_contig(phys, 1);
}

void free_contig(uint64_t phys, size_t pages) {
  size_t first = phys / abi::kPageSize;
  for (size_t f = first; f < first + pages; f++) {
    if (f == 0 || f >= kFrames || !is_used(f)) panic("pmm: double free of frame %lx", f);
    set_free(f);
    free_count++;
  }
  if (first < search_hint) search_hint = first;
}

size_t free_frames() {
  return free_count;
}
size_t total_frames() {
  return total_count;
}

}  // namespace pmm
