// GDT and TSS. Selector order is fixed by SYSCALL/SYSRET: kernel code,
// kernel data, then user data before user code.
#pragma once

#include <stdint.h>

namespace gdt {

inline constexpr uint16_t kKernelCode = 0x08;
inline constexpr uint16_t kKernelData = 0x10;
inline constexpr uint16_t kUserData = 0x18 | 3;
inline constexpr uint16_t kUserCode = 0x20 | 3;
inline constexpr uint16_t kTss = 0x28;

void init();
// Stack the CPU switches to on an interrupt from ring 3.
void set_kernel_stack(uint64_t top);

}  // namespace gdt
