#include "kernel/mm/kernel_map.h"

#include "kernel/arch/cpu.h"
#include "kernel/lib/print.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/wx_walk.h"

extern "C" uint64_t boot_pml4[512];
extern "C" char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

namespace kmap {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kTwoMiB = 2ull << 20;
constexpr uint64_t kTable = vm::kPresent | vm::kWrite;  // rights come from the leaves

// A zeroed page-table frame; never freed (the kernel half lives forever).
uint64_t NewTable() {
  uint64_t frame = pmm::alloc();
  if (frame == 0) panic("kernel map: out of memory for page tables");
  return frame;
}

uint64_t* Table(uint64_t phys) {
  return mm::phys_to_virt<uint64_t>(phys);
}

uint64_t Addr(const char* p) {
  return reinterpret_cast<uint64_t>(p);
}

// Leaf rights for the kernel image page at `va`; 0 = not mapped.
uint64_t ImageRights(uint64_t va) {
  if (va < Addr(_kernel_start) || va >= Addr(_kernel_end)) return 0;
  if (va < Addr(_text_end)) return vm::kPresent;                  // R-X
  if (va < Addr(_rodata_end)) return vm::kPresent | vm::kNoExec;  // R
  return vm::kPresent | vm::kWrite | vm::kNoExec;                 // RW
}

// PDPT for the direct map: 1 GiB (mm::kMaxPhys) in 2 MiB RW NX pages.
uint64_t BuildDirectMap() {
  uint64_t pdpt = NewTable(), pd = NewTable();
  for (uint64_t i = 0; i < 512; i++) {
    Table(pd)[i] = (i * kTwoMiB) | vm::kPresent | vm::kWrite | vm::kHuge | vm::kNoExec;
  }
  Table(pdpt)[0] = pd | kTable;
  return pdpt;
}

// PDPT for the top 2 GiB: only the kernel image, page by page.
uint64_t BuildImageMap() {
  uint64_t pdpt = NewTable(), pd = NewTable();
  Table(pdpt)[510] = pd | kTable;  // 0xffffffff80000000
  uint64_t end = Addr(_kernel_end);
  for (uint64_t base = mm::kKernelVma; base < end; base += kTwoMiB) {
    uint64_t pt = NewTable();
    Table(pd)[(base - mm::kKernelVma) / kTwoMiB] = pt | kTable;
    for (uint64_t i = 0; i < 512; i++) {
      uint64_t va = base + i * kPage;
      uint64_t rights = ImageRights(va);
      if (rights != 0) Table(pt)[i] = (va - mm::kKernelVma) | rights;
    }
  }
  return pdpt;
}

const uint64_t* Resolve(uint64_t phys, void*) {
  return phys < mm::kMaxPhys ? Table(phys) : nullptr;
}

uint64_t audited_leaves = 0;

}  // namespace

void Harden(bool nx_supported) {
  if (!nx_supported) panic("W^X: the CPU has no NX bit; kernel data would be executable");
  // Each PML4 store switches one whole half-window atomically; the CR3
  // reload below flushes the old 2 MiB translations.
  boot_pml4[256] = BuildDirectMap() | kTable;
  boot_pml4[511] = BuildImageMap() | kTable;
  boot_pml4[0] = 0;  // identity map: only higher-half code runs now
  cpu::write_cr3(cpu::read_cr3());
  for (int i = 1; i < 256; i++) {
    if (boot_pml4[i] != 0) panic("kernel map: stray lower-half entry %d", i);
  }
}

uint64_t Audit() {
  wx::Report r = wx::Walk(mm::virt_to_phys(boot_pml4), 256, 511, &Resolve, nullptr);
  if (!r.ok) {
    panic(r.bad_table ? "W^X audit: unreadable page table under %lx"
                      : "W^X audit: %lx is mapped writable and executable",
          r.bad_va);
  }
  audited_leaves = r.leaves;
  return r.leaves;
}

}  // namespace kmap
