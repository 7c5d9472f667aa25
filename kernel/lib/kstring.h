// The few memory/string routines the kernel needs. Compiled with
// -fno-builtin -fno-tree-loop-distribute-patterns so GCC cannot turn the
// loops back into calls to themselves.
#pragma once

#include <stddef.h>
#include <stdint.h>

extern "C" {
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
}

namespace kstr {
// Length of s, or `max` if no NUL within max bytes.
size_t nlen(const char* s, size_t max);
bool eq(const char* a, const char* b);
// Copies at most cap-1 bytes and always NUL-terminates (cap > 0).
void copy(char* dst, size_t cap, const char* src, size_t n);
}  // namespace kstr
