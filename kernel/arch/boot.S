/* Multiboot entry: 32-bit protected mode -> 64-bit long mode, higher half.
 *
 * QEMU's -kernel loads us through the multiboot a.out kludge (flag 16): the
 * header gives physical load addresses, so the kernel file can be a flat
 * binary of an ELF64 link. Boot page tables map the first 1 GiB three ways:
 * identity (dropped once in C++), the direct map at 0xffff800000000000 and
 * the kernel image at 0xffffffff80000000. */
.set MB_MAGIC, 0x1BADB002
.set MB_FLAGS, (1 << 0) | (1 << 1) | (1 << 16)
.set KERNEL_VMA, 0xffffffff80000000

.section .multiboot, "a"
.align 4
mb_header:
  .long MB_MAGIC
  .long MB_FLAGS
  .long -(MB_MAGIC + MB_FLAGS)
  .long mb_header - KERNEL_VMA
  .long _kernel_start - KERNEL_VMA
  .long _load_end - KERNEL_VMA
  .long _kernel_end - KERNEL_VMA
  .long _start32 - KERNEL_VMA

.section .boot.bss, "aw", @nobits
.align 4096
.global boot_pml4
boot_pml4: .skip 4096
boot_pdpt_low: .skip 4096
boot_pdpt_high: .skip 4096
boot_pd: .skip 4096
.global boot_stack_top
boot_stack: .skip 16384
boot_stack_top:

.section .boot.data, "aw"
.align 16
boot_gdt:
  .quad 0
  .quad 0x00af9a000000ffff  /* 0x08: 64-bit code */
  .quad 0x00cf92000000ffff  /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
  .word boot_gdt_end - boot_gdt - 1
  .long boot_gdt - KERNEL_VMA
.global boot_nx_supported
boot_nx_supported: .long 0

.section .boot.text, "ax"
.code32
.global _start32
_start32:
  cli
  mov $0x7c00, %esp              /* scratch stack below 1 MiB until .bss is clear */
  mov %eax, %edi                 /* multiboot magic */
  mov %ebx, %esi                 /* multiboot info (physical) */
  /* Zero .bss ourselves: the loader is not required to. */
  mov $(_bss_start - KERNEL_VMA), %edx
  mov $(_kernel_end - KERNEL_VMA), %ecx
  sub %edx, %ecx
  shr $2, %ecx
  push %edi
  mov %edx, %edi
  xor %eax, %eax
  rep stosl
  pop %edi
  mov $(boot_stack_top - KERNEL_VMA), %esp

  /* PD: 512 x 2 MiB pages covering 0..1 GiB (present | write | huge). */
  mov $(boot_pd - KERNEL_VMA), %ebx
  xor %ecx, %ecx
1:
  mov %ecx, %eax
  shl $21, %eax
  or $0x83, %eax
  mov %eax, (%ebx, %ecx, 8)
  movl $0, 4(%ebx, %ecx, 8)
  inc %ecx
  cmp $512, %ecx
  jne 1b

  mov $(boot_pd - KERNEL_VMA + 3), %eax
  mov %eax, (boot_pdpt_low - KERNEL_VMA)
  mov %eax, (boot_pdpt_high - KERNEL_VMA + 510 * 8)
  mov $(boot_pdpt_low - KERNEL_VMA + 3), %eax
  mov %eax, (boot_pml4 - KERNEL_VMA)
  mov %eax, (boot_pml4 - KERNEL_VMA + 256 * 8)
  mov $(boot_pdpt_high - KERNEL_VMA + 3), %eax
  mov %eax, (boot_pml4 - KERNEL_VMA + 511 * 8)

  mov $(boot_pml4 - KERNEL_VMA), %eax
  mov %eax, %cr3
  mov %cr4, %eax
  or $(1 << 5), %eax             /* PAE */
  mov %eax, %cr4

  /* EFER: long mode, plus NX when the CPU has it. */
  mov $0x80000001, %eax
  cpuid
  xor %ebp, %ebp
  test $(1 << 20), %edx
  jz 2f
  mov $(1 << 11), %ebp
  movl $1, (boot_nx_supported - KERNEL_VMA)
2:
  mov $0xC0000080, %ecx
  rdmsr
  or $(1 << 8), %eax
  or %ebp, %eax
  wrmsr

  mov %cr0, %eax
  or $0x80010001, %eax           /* PG | WP | PE */
  mov %eax, %cr0
  lgdt (boot_gdt_ptr - KERNEL_VMA)
  ljmp $0x08, $(start64_low - KERNEL_VMA)

.code64
start64_low:
  movabs $start64, %rax
  jmp *%rax

.text
start64:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  xor %ax, %ax
  mov %ax, %fs
  mov %ax, %gs
  movabs $boot_stack_top, %rsp
  mov %edi, %edi
  mov %esi, %esi
  call kmain
3:
  cli
  hlt
  jmp 3b
