// Freestanding <string.h>: byte and C-string primitives (libcaprt/libc/string.c).
#ifndef CAPRT_STRING_H_
#define CAPRT_STRING_H_

#include <stddef.h>

#include "caprt_cdefs.h"

CAPRT_BEGIN_C
void* memcpy(void* __restrict dst, const void* __restrict src, size_t n) CAPRT_NOEXCEPT;
void* memmove(void* dst, const void* src, size_t n) CAPRT_NOEXCEPT;
void* memset(void* dst, int c, size_t n) CAPRT_NOEXCEPT;
int memcmp(const void* a, const void* b, size_t n) CAPRT_NOEXCEPT;
void* memchr(const void* s, int c, size_t n) CAPRT_NOEXCEPT;
size_t strlen(const char* s) CAPRT_NOEXCEPT;
size_t strnlen(const char* s, size_t max) CAPRT_NOEXCEPT;
int strcmp(const char* a, const char* b) CAPRT_NOEXCEPT;
int strncmp(const char* a, const char* b, size_t n) CAPRT_NOEXCEPT;
char* strchr(const char* s, int c) CAPRT_NOEXCEPT;
char* strrchr(const char* s, int c) CAPRT_NOEXCEPT;
char* strstr(const char* haystack, const char* needle) CAPRT_NOEXCEPT;
char* strcpy(char* __restrict dst, const char* __restrict src) CAPRT_NOEXCEPT;
char* strncpy(char* __restrict dst, const char* __restrict src, size_t n) CAPRT_NOEXCEPT;
char* strcat(char* __restrict dst, const char* __restrict src) CAPRT_NOEXCEPT;
char* strdup(const char* s) CAPRT_NOEXCEPT;
// Fixed English text for errno values; never NULL.
char* strerror(int errnum) CAPRT_NOEXCEPT;
char* strsignal(int sig) CAPRT_NOEXCEPT;
// XSI variant: copies the text into buf, always NUL-terminated.
int strerror_r(int errnum, char* buf, size_t len) CAPRT_NOEXCEPT;
CAPRT_END_C

#endif  // CAPRT_STRING_H_
