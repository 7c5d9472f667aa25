// Freestanding <stdlib.h>. malloc and friends allocate from the region given
// to caprt_heap_init() and return NULL when it is exhausted; abort() ends the
// process through caprt_abort_hook(). Functions with no meaning in a guest
// (getenv, system, exit handlers) are declared for C++ headers that name them
// and behave as "nothing there".
#ifndef CAPRT_STDLIB_H_
#define CAPRT_STDLIB_H_

#include <stddef.h>

#include "caprt_cdefs.h"

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff
#define MB_CUR_MAX 1

typedef struct {
  int quot, rem;
} div_t;
typedef struct {
  long quot, rem;
} ldiv_t;
typedef struct {
  long long quot, rem;
} lldiv_t;

CAPRT_BEGIN_C
void* malloc(size_t size) CAPRT_NOEXCEPT;
void* calloc(size_t count, size_t size) CAPRT_NOEXCEPT;
void* realloc(void* p, size_t size) CAPRT_NOEXCEPT;
void* aligned_alloc(size_t align, size_t size) CAPRT_NOEXCEPT;
int posix_memalign(void** out, size_t align, size_t size) CAPRT_NOEXCEPT;
void free(void* p) CAPRT_NOEXCEPT;

[[noreturn]] void abort(void) CAPRT_NOEXCEPT;
[[noreturn]] void exit(int status) CAPRT_NOEXCEPT;
[[noreturn]] void _Exit(int status) CAPRT_NOEXCEPT;
[[noreturn]] void quick_exit(int status) CAPRT_NOEXCEPT;
int atexit(void (*fn)(void)) CAPRT_NOEXCEPT;
int at_quick_exit(void (*fn)(void)) CAPRT_NOEXCEPT;
char* getenv(const char* name) CAPRT_NOEXCEPT;
int setenv(const char* name, const char* value, int overwrite) CAPRT_NOEXCEPT;
int unsetenv(const char* name) CAPRT_NOEXCEPT;
int system(const char* cmd) CAPRT_NOEXCEPT;

int abs(int v) CAPRT_NOEXCEPT;
long labs(long v) CAPRT_NOEXCEPT;
long long llabs(long long v) CAPRT_NOEXCEPT;
div_t div(int a, int b) CAPRT_NOEXCEPT;
ldiv_t ldiv(long a, long b) CAPRT_NOEXCEPT;
lldiv_t lldiv(long long a, long long b) CAPRT_NOEXCEPT;

int atoi(const char* s) CAPRT_NOEXCEPT;
long atol(const char* s) CAPRT_NOEXCEPT;
long long atoll(const char* s) CAPRT_NOEXCEPT;
double atof(const char* s) CAPRT_NOEXCEPT;
long strtol(const char* s, char** end, int base) CAPRT_NOEXCEPT;
unsigned long strtoul(const char* s, char** end, int base) CAPRT_NOEXCEPT;
long long strtoll(const char* s, char** end, int base) CAPRT_NOEXCEPT;
unsigned long long strtoull(const char* s, char** end, int base) CAPRT_NOEXCEPT;
double strtod(const char* s, char** end) CAPRT_NOEXCEPT;
float strtof(const char* s, char** end) CAPRT_NOEXCEPT;
long double strtold(const char* s, char** end) CAPRT_NOEXCEPT;

void qsort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*));
void* bsearch(const void* key, const void* base, size_t n, size_t size,
              int (*cmp)(const void*, const void*));
int rand(void) CAPRT_NOEXCEPT;
void srand(unsigned seed) CAPRT_NOEXCEPT;

// Declared only so that libstdc++'s <cstdlib> can name them; never defined.
int mblen(const char* s, size_t n) CAPRT_NOEXCEPT;
int mbtowc(wchar_t* pwc, const char* s, size_t n) CAPRT_NOEXCEPT;
int wctomb(char* s, wchar_t wc) CAPRT_NOEXCEPT;
size_t mbstowcs(wchar_t* dst, const char* src, size_t n) CAPRT_NOEXCEPT;
size_t wcstombs(char* dst, const wchar_t* src, size_t n) CAPRT_NOEXCEPT;
CAPRT_END_C

#endif  // CAPRT_STDLIB_H_
