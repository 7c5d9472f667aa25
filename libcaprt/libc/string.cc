// String and memory primitives. Built with -fno-builtin and
// -fno-tree-loop-distribute-patterns (see CMakeLists.txt): otherwise GCC
// recognises these loops and compiles them into calls to themselves.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

namespace {
// The word loop in memcpy reads bytes of any type through this.
typedef uint64_t __attribute__((may_alias)) Word;
}  // namespace

extern "C" {

void* memcpy(void* __restrict dst, const void* __restrict src, size_t n) noexcept {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (((reinterpret_cast<uintptr_t>(d) | reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8) {
      *reinterpret_cast<Word*>(d) = *reinterpret_cast<const Word*>(s);
    }
  }
  while (n-- > 0) *d++ = *s++;
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) noexcept {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) return memcpy(dst, src, n);
  while (n-- > 0) d[n] = s[n];
  return dst;
}

void* memset(void* dst, int c, size_t n) noexcept {
  auto* d = static_cast<unsigned char*>(dst);
  while (n-- > 0) *d++ = static_cast<unsigned char>(c);
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) noexcept {
  auto* x = static_cast<const unsigned char*>(a);
  auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

void* memchr(const void* s, int c, size_t n) noexcept {
  auto* p = static_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

size_t strlen(const char* s) noexcept {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

size_t strnlen(const char* s, size_t max) noexcept {
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return n;
}

int strcmp(const char* a, const char* b) noexcept {
  auto* x = reinterpret_cast<const unsigned char*>(a);
  auto* y = reinterpret_cast<const unsigned char*>(b);
  while (*x != 0 && *x == *y) ++x, ++y;
  return (*x > *y) - (*x < *y);
}

int strncmp(const char* a, const char* b, size_t n) noexcept {
  auto* x = reinterpret_cast<const unsigned char*>(a);
  auto* y = reinterpret_cast<const unsigned char*>(b);
  for (; n > 0; --n, ++x, ++y) {
    if (*x != *y) return *x < *y ? -1 : 1;
    if (*x == 0) return 0;
  }
  return 0;
}

static int Lower(int c) {
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int strcasecmp(const char* a, const char* b) noexcept {
  return strncasecmp(a, b, SIZE_MAX);
}

int strncasecmp(const char* a, const char* b, size_t n) noexcept {
  for (; n > 0; --n, ++a, ++b) {
    int x = Lower(static_cast<unsigned char>(*a));
    int y = Lower(static_cast<unsigned char>(*b));
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
  return 0;
}

char* strchr(const char* s, int c) noexcept {
  for (;; ++s) {
    if (*s == static_cast<char>(c)) return const_cast<char*>(s);
    if (*s == '\0') return nullptr;
  }
}

char* strrchr(const char* s, int c) noexcept {
  const char* found = nullptr;
  for (;; ++s) {
    if (*s == static_cast<char>(c)) found = s;
    if (*s == '\0') return const_cast<char*>(found);
  }
}

char* strstr(const char* haystack, const char* needle) noexcept {
  size_t n = strlen(needle);
  for (; *haystack != '\0' || n == 0; ++haystack) {
    if (strncmp(haystack, needle, n) == 0) return const_cast<char*>(haystack);
  }
  return nullptr;
}

char* strcpy(char* __restrict dst, const char* __restrict src) noexcept {
  char* d = dst;
  while ((*d++ = *src++) != '\0') {
  }
  return dst;
}

char* strncpy(char* __restrict dst, const char* __restrict src, size_t n) noexcept {
  size_t i = 0;
  for (; i < n && src[i] != '\0'; ++i) dst[i] = src[i];
  for (; i < n; ++i) dst[i] = '\0';
  return dst;
}

char* strcat(char* __restrict dst, const char* __restrict src) noexcept {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char* strdup(const char* s) noexcept {
  size_t n = strlen(s) + 1;
  char* p = static_cast<char*>(malloc(n));
  if (p != nullptr) memcpy(p, s, n);
  return p;
}

char* strerror(int errnum) noexcept {
  switch (errnum) {
    case 0:
      return const_cast<char*>("Success");
    case EPERM:
      return const_cast<char*>("Operation not permitted");
    case ENOENT:
      return const_cast<char*>("No such file or directory");
    case EBADF:
      return const_cast<char*>("Bad file descriptor");
    case EAGAIN:
      return const_cast<char*>("Resource temporarily unavailable");
    case ENOMEM:
      return const_cast<char*>("Out of memory");
    case EINVAL:
      return const_cast<char*>("Invalid argument");
    case ERANGE:
      return const_cast<char*>("Result out of range");
    case ENOSYS:
      return const_cast<char*>("Function not implemented");
    case ETIMEDOUT:
      return const_cast<char*>("Timed out");
    default:
      return const_cast<char*>("Unknown error");
  }
}

int strerror_r(int errnum, char* buf, size_t len) noexcept {
  if (len == 0) return ERANGE;
  const char* text = strerror(errnum);
  size_t n = strnlen(text, len - 1);
  memcpy(buf, text, n);
  buf[n] = '\0';
  return 0;
}

char* strsignal(int) noexcept {
  return const_cast<char*>("signal");
}

}  // extern "C"
