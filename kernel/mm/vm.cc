#include "kernel/mm/vm.h"

#include "kernel-abi/abi.h"
#include "kernel/arch/cpu.h"
#include "kernel/lib/kstring.h"
#include "kernel/mm/kernel_map.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"

extern "C" uint64_t boot_pml4[512];

namespace vm {
namespace {

constexpr uint64_t kAddrMask = 0x000ffffffffff000ull;
uint64_t nx_mask = 0;
size_t tables = 0;

uint64_t* table(uint64_t phys) {
  return mm::phys_to_virt<uint64_t>(phys);
}

int index(uint64_t va, int level) {
  return (va >> (12 + 9 * level)) & 511;
}

// Walks to the PTE for va, creating intermediate tables when `create`.
uint64_t* walk(uint64_t pml4, uint64_t va, bool create) {
  uint64_t phys = pml4;
  for (int level = 3; level > 0; level--) {
    uint64_t* t = table(phys);
    uint64_t& e = t[index(va, level)];
    if (!(e & kPresent)) {
      if (!create) return nullptr;
      uint64_t frame = pmm::alloc();
      if (!frame) return nullptr;
      tables++;
      e = frame | kPresent | kWrite | kUser;
    } else if (e & kHuge) {
      return nullptr;  // user space never uses huge pages
    }
    phys = e & kAddrMask;
  }
  return &table(phys)[index(va, 0)];
}

void free_level(uint64_t phys, int level) {
  uint64_t* t = table(phys);
  for (int i = 0; i < 512; i++) {
    if (!(t[i] & kPresent)) continue;
    if (level == 0) {
      pmm::free(t[i] & kAddrMask);
    } else {
      free_level(t[i] & kAddrMask, level - 1);
    }
  }
  pmm::free(phys);
  tables--;
}

}  // namespace

void init(bool nx_supported) {
  nx_mask = nx_supported ? kNoExec : 0;
  kmap::Harden(nx_supported);
}

uint64_t kernel_pml4() {
  return mm::virt_to_phys(boot_pml4);
}

bool create(AddressSpace* as) {
  uint64_t frame = pmm::alloc();
  if (!frame) return false;
  tables++;
  uint64_t* t = table(frame);
  for (int i = 256; i < 512; i++) t[i] = boot_pml4[i];
  as->pml4 = frame;
  return true;
}

void destroy(AddressSpace* as) {
  if (!as->pml4) return;
  uint64_t* t = table(as->pml4);
  for (int i = 0; i < 256; i++) {
    if (t[i] & kPresent) free_level(t[i] & kAddrMask, 2);
  }
  pmm::free(as->pml4);
  tables--;
  as->pml4 = 0;
}

bool map(AddressSpace* as, uint64_t va, uint64_t phys, uint64_t flags) {
  if (va >= abi::kUserTop || (va & (abi::kPageSize - 1))) return false;
  uint64_t* pte = walk(as->pml4, va, true);
  if (!pte || (*pte & kPresent)) return false;
  *pte = phys | (flags & ~kNoExec) | (flags & nx_mask) | kPresent;
  return true;
}

bool map_new(AddressSpace* as, uint64_t va, size_t pages, uint64_t flags) {
  for (size_t i = 0; i < pages; i++) {
    uint64_t frame = pmm::alloc();
    if (!frame) return false;
    if (!map(as, va + i * abi::kPageSize, frame, flags)) {
      pmm::free(frame);
      return false;
    }
  }
  return true;
}

uint64_t translate(const AddressSpace* as, uint64_t va, uint64_t* flags) {
  if (va >= abi::kUserTop) return 0;
  uint64_t* pte = walk(as->pml4, va, false);
  if (!pte || !(*pte & kPresent)) return 0;
  if (flags) *flags = *pte & ~kAddrMask;
  return (*pte & kAddrMask) | (va & (abi::kPageSize - 1));
}

size_t table_pages() {
  return tables;
}

}  // namespace vm
