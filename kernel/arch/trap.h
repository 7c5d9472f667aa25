// Trap frames and dispatch. Every entry into the kernel from ring 3 —
// interrupt, exception or syscall — builds the same TrapFrame on the
// process's kernel stack, so the scheduler can switch away from any of them.
#pragma once

#include <stdint.h>

struct TrapFrame {
  uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
  uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
  uint64_t vector, error;
  uint64_t rip, cs, rflags, rsp, ss;  // pushed by the CPU (or the syscall stub)
};
static_assert(sizeof(TrapFrame) == 22 * 8);

inline constexpr uint64_t kSyscallVector = 0x100;  // marker, not an IDT vector
inline constexpr int kIrqBase = 32;

namespace trap {
void init();  // IDT, PIC, syscall MSRs
}  // namespace trap

extern "C" void trap_dispatch(TrapFrame* tf);
extern "C" void syscall_dispatch(TrapFrame* tf);
extern "C" void trap_exit();  // asm: restores a TrapFrame and irets
