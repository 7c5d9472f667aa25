// printf-family formatting into memory, and the stdout/stderr streams, which
// forward to the debug-write hook. Supports the conversions kj, lwIP and
// mbedTLS use: d i u o x X c s p % and e f g (flags - + space # 0, width,
// precision, * and the hh h l ll z j t L length modifiers). Floats are
// formatted from long double and may differ from glibc in the last digit.
#include <caprt/libc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

namespace {

void (*g_debug_write)(const char*, size_t) = nullptr;

// Bounded output: counts every byte, stores what fits.
struct Sink {
  char* buf;
  size_t cap;
  size_t len;
  void Put(char c) {
    if (len + 1 < cap) buf[len] = c;
    ++len;
  }
  void Repeat(char c, int n) {
    while (n-- > 0) Put(c);
  }
  void Write(const char* s, size_t n) {
    for (size_t i = 0; i < n; ++i) Put(s[i]);
  }
};

struct Spec {
  bool left = false, plus = false, space = false, alt = false, zero = false;
  int width = 0;
  int precision = -1;
};

// Writes sign/prefix, padding and body honouring width and flags.
void Emit(Sink& out, const Spec& sp, const char* prefix, const char* body, size_t n,
          int min_digits) {
  size_t plen = strlen(prefix);
  int zeros = min_digits > static_cast<int>(n) ? min_digits - static_cast<int>(n) : 0;
  int pad = sp.width - static_cast<int>(plen + n) - zeros;
  if (pad < 0) pad = 0;
  if (!sp.left && !sp.zero) out.Repeat(' ', pad);
  out.Write(prefix, plen);
  if (!sp.left && sp.zero) out.Repeat('0', pad);
  out.Repeat('0', zeros);
  out.Write(body, n);
  if (sp.left) out.Repeat(' ', pad);
}

void FormatInt(Sink& out, Spec sp, uint64_t v, bool neg, int base, bool upper, char conv) {
  char tmp[24];
  int n = 0;
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  while (v != 0) {
    tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
    v /= base;
  }
  if (sp.precision >= 0) sp.zero = false;
  int min_digits = sp.precision >= 0 ? sp.precision : 1;
  const char* prefix = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  if (sp.alt && base == 16 && n > 0) prefix = upper ? "0X" : "0x";
  if (sp.alt && base == 8 && min_digits <= n) min_digits = n + 1;
  if (conv == 'p') prefix = "0x";
  Emit(out, sp, prefix, tmp + sizeof(tmp) - n, n, min_digits);
}

// Exponent e with 10^e <= v < 10^(e+1), for v > 0; 0 for v == 0.
int Exponent(long double v) {
  int exp = 0;
  if (v != 0) {
    while (v >= 10) v /= 10, ++exp;
    while (v < 1) v *= 10, --exp;
  }
  return exp;
}

// Decimal digits of |v| scaled so that v = d.ddd * 10^exp, `count` digits,
// rounded; returns exp.
int Digits(long double v, int count, char* out) {
  int exp = 0;
  if (v != 0) {
    while (v >= 10) v /= 10, ++exp;
    while (v < 1) v *= 10, --exp;
  }
  for (int i = 0; i < count; ++i) {
    int d = static_cast<int>(v);
    out[i] = static_cast<char>('0' + d);
    v = (v - d) * 10;
  }
  if (v >= 5) {  // round half up on the next digit
    int i = count - 1;
    for (; i >= 0 && out[i] == '9'; --i) out[i] = '0';
    if (i >= 0) {
      ++out[i];
    } else {
      memmove(out + 1, out, count - 1);
      out[0] = '1';
      ++exp;
    }
  }
  return exp;
}

void FormatFloat(Sink& out, Spec sp, long double v, char conv) {
  bool upper = conv == 'E' || conv == 'F' || conv == 'G';
  bool neg = __builtin_signbit(v);
  if (neg) v = -v;
  const char* prefix = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  if (__builtin_isnan(v) || __builtin_isinf(v)) {
    sp.zero = false;
    const char* t = __builtin_isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    Emit(out, sp, prefix, t, 3, 0);
    return;
  }
  int prec = sp.precision < 0 ? 6 : sp.precision;
  char lower = static_cast<char>(conv | 0x20);
  char dig[64];
  char body[128];
  size_t n = 0;
  bool strip = false;
  if (lower == 'g') {
    if (prec == 0) prec = 1;
    if (prec > 40) prec = 40;
    int exp = Digits(v, prec, dig);
    strip = !sp.alt;
    if (exp < -4 || exp >= prec) {
      lower = 'e';
      prec -= 1;
    } else {
      lower = 'f';
      prec = prec - 1 - exp;
    }
  }
  if (prec > 40) prec = 40;
  if (lower == 'e') {
    int exp = Digits(v, prec + 1, dig);
    if (v == 0) exp = 0;
    body[n++] = dig[0];
    if (prec > 0 || sp.alt) body[n++] = '.';
    for (int i = 1; i <= prec; ++i) body[n++] = dig[i];
    if (strip) {
      while (n > 0 && body[n - 1] == '0') --n;
      if (n > 0 && body[n - 1] == '.') --n;
    }
    body[n++] = upper ? 'E' : 'e';
    body[n++] = exp < 0 ? '-' : '+';
    unsigned e = exp < 0 ? -exp : exp;
    if (e >= 100) body[n++] = static_cast<char>('0' + e / 100);
    body[n++] = static_cast<char>('0' + e / 10 % 10);
    body[n++] = static_cast<char>('0' + e % 10);
  } else {
    int e = Exponent(v);
    if (e + 1 + prec > 60) {  // too wide for %f here: fall back to %e
      sp.precision = prec;
      FormatFloat(out, sp, neg ? -v : v, upper ? 'E' : 'e');
      return;
    }
    int total = e + 1 + prec;
    // Below half a unit of the last place: all digits are zero.
    int exp = total > 0 ? Digits(v, total, dig) : -prec - 1;
    if (total <= 0) total = 0;
    // dig[i] is the digit for the place 10^(exp - i).
    auto digit_at = [&](int place) {
      int i = exp - place;
      return i >= 0 && i < total ? dig[i] : '0';
    };
    for (int place = exp > 0 ? exp : 0; place >= 0; --place) body[n++] = digit_at(place);
    if (prec > 0 || sp.alt) body[n++] = '.';
    for (int place = -1; place >= -prec; --place) body[n++] = digit_at(place);
    if (strip && prec > 0) {
      while (body[n - 1] == '0') --n;
      if (body[n - 1] == '.') --n;
    }
  }
  Emit(out, sp, prefix, body, n, 0);
}

}  // namespace

extern "C" {

void caprt_set_debug_write(void (*fn)(const char*, size_t)) {
  g_debug_write = fn;
}

int vsnprintf(char* __restrict buf, size_t size, const char* __restrict fmt, va_list ap) noexcept {
  Sink out{buf, size, 0};
  for (const char* p = fmt; *p != '\0'; ++p) {
    if (*p != '%') {
      out.Put(*p);
      continue;
    }
    Spec sp;
    for (;; ++p) {
      char f = p[1];
      if (f == '-')
        sp.left = true;
      else if (f == '+')
        sp.plus = true;
      else if (f == ' ')
        sp.space = true;
      else if (f == '#')
        sp.alt = true;
      else if (f == '0')
        sp.zero = true;
      else
        break;
    }
    ++p;
    if (*p == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) sp.left = true, sp.width = -sp.width;
      ++p;
    } else {
      while (*p >= '0' && *p <= '9') sp.width = sp.width * 10 + (*p++ - '0');
    }
    if (*p == '.') {
      ++p;
      sp.precision = 0;
      if (*p == '*') {
        sp.precision = va_arg(ap, int);
        ++p;
      } else {
        while (*p >= '0' && *p <= '9') sp.precision = sp.precision * 10 + (*p++ - '0');
      }
    }
    if (sp.left) sp.zero = false;
    int len = 0;  // 1 h, 2 hh, 3 l, 4 ll/j/z/t, 5 L
    for (;; ++p) {
      if (*p == 'h')
        len = len == 1 ? 2 : 1;
      else if (*p == 'l')
        len = len == 3 ? 4 : 3;
      else if (*p == 'z' || *p == 'j' || *p == 't' || *p == 'q')
        len = 4;
      else if (*p == 'L')
        len = 5;
      else
        break;
    }
    char conv = *p;
    if (conv == '\0') break;
    switch (conv) {
      case 'd':
      case 'i': {
        int64_t v = len >= 3 && len <= 4 ? va_arg(ap, int64_t) : va_arg(ap, int);
        if (len == 1) v = static_cast<short>(v);
        if (len == 2) v = static_cast<signed char>(v);
        FormatInt(out, sp, v < 0 ? 0 - static_cast<uint64_t>(v) : v, v < 0, 10, false, conv);
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        uint64_t v = len >= 3 && len <= 4 ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
        if (len == 1) v = static_cast<unsigned short>(v);
        if (len == 2) v = static_cast<unsigned char>(v);
        int base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
        sp.plus = sp.space = false;
        FormatInt(out, sp, v, false, base, conv == 'X', conv);
        break;
      }
      case 'p':
        FormatInt(out, sp, reinterpret_cast<uintptr_t>(va_arg(ap, void*)), false, 16, false, 'p');
        break;
      case 'c': {
        char c = static_cast<char>(va_arg(ap, int));
        sp.zero = false;
        Emit(out, sp, "", &c, 1, 0);
        break;
      }
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (s == nullptr) s = "(null)";
        size_t n = sp.precision >= 0 ? strnlen(s, sp.precision) : strlen(s);
        sp.zero = false;
        Emit(out, sp, "", s, n, 0);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        long double v = len == 5 ? va_arg(ap, long double) : va_arg(ap, double);
        FormatFloat(out, sp, v, conv);
        break;
      }
      case '%':
        out.Put('%');
        break;
      default:  // unknown conversion: copy it through so the bug is visible
        out.Put('%');
        out.Put(conv);
        break;
    }
  }
  if (size > 0) buf[out.len < size ? out.len : size - 1] = '\0';
  return out.len > INT32_MAX ? INT32_MAX : static_cast<int>(out.len);
}

int snprintf(char* __restrict buf, size_t size, const char* __restrict fmt, ...) noexcept {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

// Unbounded by contract; kj sizes its buffers for the result.
int sprintf(char* __restrict buf, const char* __restrict fmt, ...) noexcept {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, SIZE_MAX / 2, fmt, ap);
  va_end(ap);
  return n;
}

// FILE streams: stdin reads nothing; stdout and stderr both go to the hook.
struct caprt_file {
  int fd;
};
static caprt_file g_files[3] = {{0}, {1}, {2}};
FILE* stdin = &g_files[0];
FILE* stdout = &g_files[1];
FILE* stderr = &g_files[2];

size_t fwrite(const void* __restrict p, size_t size, size_t n, FILE* __restrict f) {
  if (f == stdin || size == 0) return 0;
  if (g_debug_write != nullptr) g_debug_write(static_cast<const char*>(p), size * n);
  return n;
}

int vfprintf(FILE* __restrict f, const char* __restrict fmt, va_list ap) {
  char buf[512];  // longer lines are cut; this is a debug channel
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  size_t len = n < static_cast<int>(sizeof(buf)) ? n : sizeof(buf) - 1;
  fwrite(buf, 1, len, f);
  return n;
}

int fprintf(FILE* __restrict f, const char* __restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int printf(const char* __restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int fputs(const char* __restrict s, FILE* __restrict f) {
  fwrite(s, 1, strlen(s), f);
  return 0;
}
int puts(const char* s) {
  fputs(s, stdout);
  fwrite("\n", 1, 1, stdout);
  return 0;
}
int fputc(int c, FILE* f) {
  char ch = static_cast<char>(c);
  fwrite(&ch, 1, 1, f);
  return static_cast<unsigned char>(c);
}
int putchar(int c) {
  return fputc(c, stdout);
}
int fflush(FILE*) {
  return 0;
}

}  // extern "C"
