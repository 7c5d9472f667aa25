// Freestanding <stdio.h>. Only formatting into and scanning from memory is real; the FILE
// streams stdout/stderr write through the debug-write hook (see
// caprt_set_debug_write in <caprt/libc.h>); nothing can be opened or read.
#ifndef CAPRT_STDIO_H_
#define CAPRT_STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#include "caprt_cdefs.h"

#define EOF (-1)
#define BUFSIZ 512
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

typedef struct caprt_file FILE;
typedef long fpos_t;

CAPRT_BEGIN_C
extern FILE* stdin;
extern FILE* stdout;
extern FILE* stderr;

int snprintf(char* __restrict buf, size_t size, const char* __restrict fmt, ...) CAPRT_NOEXCEPT
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char* __restrict buf, size_t size, const char* __restrict fmt,
              va_list ap) CAPRT_NOEXCEPT __attribute__((format(printf, 3, 0)));
int sprintf(char* __restrict buf, const char* __restrict fmt, ...) CAPRT_NOEXCEPT
    __attribute__((format(printf, 2, 3)));
// Numeric and string conversions only (libcaprt/libc/scan.cc): no %[ or %p.
int sscanf(const char* __restrict str, const char* __restrict fmt, ...) CAPRT_NOEXCEPT
    __attribute__((format(scanf, 2, 3)));
int vsscanf(const char* __restrict str, const char* __restrict fmt, va_list ap) CAPRT_NOEXCEPT
    __attribute__((format(scanf, 2, 0)));
int printf(const char* __restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE* __restrict f, const char* __restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vfprintf(FILE* __restrict f, const char* __restrict fmt, va_list ap);
int fputs(const char* __restrict s, FILE* __restrict f);
int puts(const char* s);
int fputc(int c, FILE* f);
int putchar(int c);
size_t fwrite(const void* __restrict p, size_t size, size_t n, FILE* __restrict f);
int fflush(FILE* f);
CAPRT_END_C

#endif  // CAPRT_STDIO_H_
