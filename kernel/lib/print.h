// Kernel log: a tiny printf over the serial port. Supports %s %c %d %u %x
// %p and the l/ll length modifiers (all integers are printed as 64-bit).
// Every kernel line starts with "[kernel] " (klog) so the test runner and a
// reader can tell kernel lines from service output.
#pragma once

#include <stdarg.h>
#include <stddef.h>

void kvprintf(const char* fmt, va_list ap);
void kprintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void klog(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Prints "[kernel] PANIC: ..." and leaves QEMU with the failing status.
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Leaves QEMU through isa-debug-exit (abi::kExitClean / kExitPanic).
[[noreturn]] void power_off(unsigned char code);
