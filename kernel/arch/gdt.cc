#include "kernel/arch/gdt.h"

#include "kernel/lib/kstring.h"

namespace gdt {
namespace {

struct __attribute__((packed)) Tss {
  uint32_t reserved0;
  uint64_t rsp[3];
  uint64_t reserved1;
  uint64_t ist[7];
  uint64_t reserved2;
  uint16_t reserved3;
  uint16_t iomap_base;
};
static_assert(sizeof(Tss) == 104);

struct __attribute__((packed)) Pointer {
  uint16_t limit;
  uint64_t base;
};

alignas(16) uint64_t table[7];
alignas(16) Tss tss;
// Double faults and NMIs run on their own stack so a corrupt kernel stack
// still produces a report instead of a triple fault.
alignas(16) uint8_t ist_stack[8192];

}  // namespace

void init() {
  table[0] = 0;
  table[1] = 0x00af9a000000ffff;  // kernel code, 64-bit
  table[2] = 0x00cf92000000ffff;  // kernel data
  table[3] = 0x00cff2000000ffff;  // user data (DPL 3)
  table[4] = 0x00affa000000ffff;  // user code, 64-bit (DPL 3)
  memset(&tss, 0, sizeof(tss));
  tss.iomap_base = sizeof(Tss);  // no I/O permission bitmap: ring 3 gets no ports
  tss.ist[0] = reinterpret_cast<uint64_t>(ist_stack + sizeof(ist_stack));
  uint64_t base = reinterpret_cast<uint64_t>(&tss);
  uint64_t limit = sizeof(Tss) - 1;
  table[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
  table[6] = base >> 32;

  Pointer p{sizeof(table) - 1, reinterpret_cast<uint64_t>(table)};
  asm volatile(
      "lgdt %0\n"
      "pushq $0x08\n"
      "leaq 1f(%%rip), %%rax\n"
      "pushq %%rax\n"
      "lretq\n"
      "1:\n"
      "mov $0x10, %%ax\n"
      "mov %%ax, %%ds\n"
      "mov %%ax, %%es\n"
      "mov %%ax, %%ss\n"
      "mov $0x28, %%ax\n"
      "ltr %%ax\n"
      :
      : "m"(p)
      : "rax", "memory");
}

void set_kernel_stack(uint64_t top) {
  tss.rsp[0] = top;
}

}  // namespace gdt
