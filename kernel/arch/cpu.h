// Thin wrappers over privileged x86_64 instructions. Everything here is
// inline and has no state; callers own the meaning of the values.
#pragma once

#include <stdint.h>

namespace cpu {

inline void outb(uint16_t port, uint8_t v) {
  asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
inline uint8_t inb(uint16_t port) {
  uint8_t v;
  asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
inline void outw(uint16_t port, uint16_t v) {
  asm volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
inline uint16_t inw(uint16_t port) {
  uint16_t v;
  asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
inline void outl(uint16_t port, uint32_t v) {
  asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
inline uint32_t inl(uint16_t port) {
  uint32_t v;
  asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

inline uint64_t rdmsr(uint32_t msr) {
  uint32_t lo, hi;
  asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return (uint64_t(hi) << 32) | lo;
}
inline void wrmsr(uint32_t msr, uint64_t v) {
  asm volatile("wrmsr" ::"c"(msr), "a"(uint32_t(v)), "d"(uint32_t(v >> 32)));
}

inline uint64_t read_cr0() {
  uint64_t v;
  asm volatile("mov %%cr0, %0" : "=r"(v));
  return v;
}
inline void write_cr0(uint64_t v) {
  asm volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}
inline uint64_t read_cr2() {
  uint64_t v;
  asm volatile("mov %%cr2, %0" : "=r"(v));
  return v;
}
inline uint64_t read_cr3() {
  uint64_t v;
  asm volatile("mov %%cr3, %0" : "=r"(v));
  return v;
}
inline void write_cr3(uint64_t v) {
  asm volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}
inline uint64_t read_cr4() {
  uint64_t v;
  asm volatile("mov %%cr4, %0" : "=r"(v));
  return v;
}
inline void write_cr4(uint64_t v) {
  asm volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t* a, uint32_t* b, uint32_t* c, uint32_t* d) {
  asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

inline uint64_t rdtsc() {
  uint32_t lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return (uint64_t(hi) << 32) | lo;
}

inline void invlpg(uint64_t va) {
  asm volatile("invlpg (%0)" ::"r"(va) : "memory");
}
inline void cli() {
  asm volatile("cli" ::: "memory");
}
inline void halt_forever() {
  for (;;) asm volatile("cli; hlt");
}

// FPU/SSE state: the kernel itself never uses these registers
// (-mgeneral-regs-only), so a process's state lives in the CPU while it
// is in the kernel and is only saved when the scheduler switches away.
inline void fxsave(void* area) {
  asm volatile("fxsave64 (%0)" ::"r"(area) : "memory");
}
inline void fxrstor(const void* area) {
  asm volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
}

constexpr uint32_t kMsrEfer = 0xC0000080;
constexpr uint32_t kMsrStar = 0xC0000081;
constexpr uint32_t kMsrLstar = 0xC0000082;
constexpr uint32_t kMsrSfmask = 0xC0000084;
constexpr uint32_t kMsrFsBase = 0xC0000100;

}  // namespace cpu
