// <stdlib.h> beyond allocation: process exit, number parsing, sorting.
// A guest has no environment and no shell, so getenv() finds nothing and
// system() fails. Float parsing is accurate to about 1 ulp, not correctly
// rounded; kj only uses it to check its own float formatting.
#include <caprt/libc.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern "C" {

void abort(void) noexcept {
  caprt_abort_hook("abort() called");
}
void exit(int) noexcept {
  caprt_abort_hook("exit() called");
}
void _Exit(int) noexcept {
  caprt_abort_hook("_Exit() called");
}
void quick_exit(int) noexcept {
  caprt_abort_hook("quick_exit() called");
}
// Services never return from main through libc, so exit handlers never run.
int atexit(void (*)(void)) noexcept {
  return 0;
}
int at_quick_exit(void (*)(void)) noexcept {
  return 0;
}
char* getenv(const char*) noexcept {
  return nullptr;
}
int setenv(const char*, const char*, int) noexcept {
  errno = ENOSYS;
  return -1;
}
int unsetenv(const char*) noexcept {
  return 0;
}
int system(const char*) noexcept {
  return -1;
}

int abs(int v) noexcept {
  return v < 0 ? -v : v;
}
long labs(long v) noexcept {
  return v < 0 ? -v : v;
}
long long llabs(long long v) noexcept {
  return v < 0 ? -v : v;
}
div_t div(int a, int b) noexcept {
  return {a / b, a % b};
}
ldiv_t ldiv(long a, long b) noexcept {
  return {a / b, a % b};
}
lldiv_t lldiv(long long a, long long b) noexcept {
  return {a / b, a % b};
}

}  // extern "C"

namespace {

// Parses an unsigned magnitude per strtoul rules; *neg tells the sign.
// Saturates at `limit` and sets ERANGE on overflow.
unsigned long long ParseInt(const char* s, char** end, int base, bool* neg,
                            unsigned long long limit) {
  const char* p = s;
  while (isspace(static_cast<unsigned char>(*p))) ++p;
  *neg = false;
  if (*p == '+' || *p == '-') *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
      isxdigit(static_cast<unsigned char>(p[2]))) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  unsigned long long v = 0;
  bool any = false, overflow = false;
  for (;; ++p) {
    int c = static_cast<unsigned char>(*p), d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'z') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'Z') {
      d = c - 'A' + 10;
    } else {
      break;
    }
    if (d >= base) break;
    any = true;
    if (v > (limit - d) / base) {
      overflow = true;
    } else {
      v = v * base + d;
    }
  }
  if (end != nullptr) *end = const_cast<char*>(any ? p : s);
  if (overflow) {
    errno = ERANGE;
    return limit;
  }
  return v;
}

template <typename T>
T ParseSigned(const char* s, char** end, int base, T max) {
  bool neg;
  unsigned long long lim = static_cast<unsigned long long>(max) + 1;  // magnitude of min
  unsigned long long v = ParseInt(s, end, base, &neg, lim);
  if (!neg && v > static_cast<unsigned long long>(max)) {
    errno = ERANGE;
    return max;
  }
  return neg ? static_cast<T>(0 - v) : static_cast<T>(v);
}

long double Pow10(int e) {
  long double r = 1, b = 10;
  for (unsigned n = e < 0 ? -e : e; n != 0; n >>= 1, b *= b) {
    if (n & 1) r *= b;
  }
  return e < 0 ? 1 / r : r;
}

long double ParseFloat(const char* s, char** end) {
  const char* p = s;
  while (isspace(static_cast<unsigned char>(*p))) ++p;
  bool neg = false;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if (strncasecmp(p, "inf", 3) == 0) {
    if (end != nullptr) *end = const_cast<char*>(p + (strncasecmp(p, "infinity", 8) == 0 ? 8 : 3));
    return neg ? -__builtin_infl() : __builtin_infl();
  }
  if (strncasecmp(p, "nan", 3) == 0) {
    if (end != nullptr) *end = const_cast<char*>(p + 3);
    return __builtin_nanl("");
  }
  uint64_t mant = 0;
  int exp10 = 0, digits = 0;
  bool any = false;
  for (; isdigit(static_cast<unsigned char>(*p)); ++p, any = true) {
    if (digits < 19) {
      mant = mant * 10 + (*p - '0');
      if (mant != 0) ++digits;
    } else {
      ++exp10;
    }
  }
  if (*p == '.') {
    for (++p; isdigit(static_cast<unsigned char>(*p)); ++p, any = true) {
      if (digits < 19) {
        mant = mant * 10 + (*p - '0');
        if (mant != 0) ++digits;
        --exp10;
      }
    }
  }
  if (!any) {
    if (end != nullptr) *end = const_cast<char*>(s);
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* q = p + 1;
    bool eneg = false;
    if (*q == '+' || *q == '-') eneg = *q++ == '-';
    if (isdigit(static_cast<unsigned char>(*q))) {
      int e = 0;
      for (; isdigit(static_cast<unsigned char>(*q)); ++q) e = e < 100000 ? e * 10 + (*q - '0') : e;
      exp10 += eneg ? -e : e;
      p = q;
    }
  }
  if (end != nullptr) *end = const_cast<char*>(p);
  long double v = static_cast<long double>(mant);
  if (mant != 0 && exp10 != 0) {
    // Split huge exponents so the intermediate power does not overflow.
    while (exp10 > 4000) v *= Pow10(4000), exp10 -= 4000;
    while (exp10 < -4000) v *= Pow10(-4000), exp10 += 4000;
    v *= Pow10(exp10);
  }
  return neg ? -v : v;
}

}  // namespace

extern "C" {

long strtol(const char* s, char** end, int base) noexcept {
  return ParseSigned<long>(s, end, base, LONG_MAX);
}
long long strtoll(const char* s, char** end, int base) noexcept {
  return ParseSigned<long long>(s, end, base, LLONG_MAX);
}
unsigned long strtoul(const char* s, char** end, int base) noexcept {
  return strtoull(s, end, base);
}
unsigned long long strtoull(const char* s, char** end, int base) noexcept {
  bool neg;
  unsigned long long v = ParseInt(s, end, base, &neg, ULLONG_MAX);
  return neg ? 0 - v : v;
}
int atoi(const char* s) noexcept {
  return static_cast<int>(strtol(s, nullptr, 10));
}
long atol(const char* s) noexcept {
  return strtol(s, nullptr, 10);
}
long long atoll(const char* s) noexcept {
  return strtoll(s, nullptr, 10);
}

double strtod(const char* s, char** end) noexcept {
  long double v = ParseFloat(s, end);
  double d = static_cast<double>(v);
  if (__builtin_isinf(d) && !__builtin_isinf(v)) errno = ERANGE;
  return d;
}
float strtof(const char* s, char** end) noexcept {
  long double v = ParseFloat(s, end);
  float f = static_cast<float>(v);
  if (__builtin_isinf(f) && !__builtin_isinf(v)) errno = ERANGE;
  return f;
}
long double strtold(const char* s, char** end) noexcept {
  return ParseFloat(s, end);
}
double atof(const char* s) noexcept {
  return strtod(s, nullptr);
}

// Insertion sort: callers sort small arrays, and it needs no scratch memory.
void qsort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*)) {
  auto* a = static_cast<unsigned char*>(base);
  for (size_t i = 1; i < n; ++i) {
    for (size_t j = i; j > 0 && cmp(a + (j - 1) * size, a + j * size) > 0; --j) {
      unsigned char* x = a + (j - 1) * size;
      unsigned char* y = a + j * size;
      for (size_t k = 0; k < size; ++k) {
        unsigned char t = x[k];
        x[k] = y[k];
        y[k] = t;
      }
    }
  }
}

void* bsearch(const void* key, const void* base, size_t n, size_t size,
              int (*cmp)(const void*, const void*)) {
  auto* a = static_cast<const unsigned char*>(base);
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = cmp(key, a + mid * size);
    if (c == 0) return const_cast<unsigned char*>(a + mid * size);
    if (c < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return nullptr;
}

// Not for secrets: services get randomness from their EntropySource cap.
static unsigned long g_rand_state = 1;
int rand(void) noexcept {
  g_rand_state = g_rand_state * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<int>((g_rand_state >> 33) & RAND_MAX);
}
void srand(unsigned seed) noexcept {
  g_rand_state = seed;
}

}  // extern "C"
