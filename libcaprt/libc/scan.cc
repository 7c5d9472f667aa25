// sscanf/vsscanf over a string. cJSON's number printer re-reads its own
// "%1.15g" output with "%lg" to decide whether 17 digits are needed, so the
// guest needs a real scanner; the conversions are the numeric and string ones
// (d i u o x e f g s c n %, with * suppression, width and hh h l ll z j t L).
// Numbers are converted by strtoll/strtoull/strtold, so they parse exactly as
// those do. No locale, no scansets (%[) and no %p.
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

namespace {

// Length modifiers, as the argument type to store through.
enum class Len { kInt, kChar, kShort, kLong, kLongLong, kLongDouble };

void StoreInt(va_list& ap, Len len, unsigned long long v) {
  switch (len) {
    case Len::kChar:
      *va_arg(ap, char*) = static_cast<char>(v);
      break;
    case Len::kShort:
      *va_arg(ap, short*) = static_cast<short>(v);
      break;
    case Len::kLong:
      *va_arg(ap, long*) = static_cast<long>(v);
      break;
    case Len::kLongLong:
      *va_arg(ap, long long*) = static_cast<long long>(v);
      break;
    default:
      *va_arg(ap, int*) = static_cast<int>(v);
      break;
  }
}

}  // namespace

extern "C" {

int vsscanf(const char* __restrict str, const char* __restrict fmt, va_list ap_in) noexcept {
  va_list ap;
  va_copy(ap, ap_in);
  const char* s = str;
  int assigned = 0;
  bool any_conversion = false;
  for (const char* f = fmt; *f != '\0'; ++f) {
    if (isspace(static_cast<unsigned char>(*f))) {
      while (isspace(static_cast<unsigned char>(*s))) ++s;
      continue;
    }
    if (*f != '%' || f[1] == '%') {
      if (*f == '%') ++f;
      if (*s != *f) break;
      ++s;
      continue;
    }
    ++f;
    bool suppress = *f == '*';
    if (suppress) ++f;
    int width = 0;
    while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    Len len = Len::kInt;
    for (;; ++f) {
      if (*f == 'h') {
        len = len == Len::kShort ? Len::kChar : Len::kShort;
      } else if (*f == 'l') {
        len = len == Len::kLong ? Len::kLongLong : Len::kLong;
      } else if (*f == 'z' || *f == 'j' || *f == 't') {
        len = Len::kLongLong;  // all 64-bit on x86_64
      } else if (*f == 'L') {
        len = Len::kLongDouble;
      } else {
        break;
      }
    }
    char conv = *f;
    if (conv == '\0') break;
    if (conv == 'n') {
      if (!suppress) StoreInt(ap, len, static_cast<unsigned long long>(s - str));
      continue;
    }
    if (conv != 'c') {
      while (isspace(static_cast<unsigned char>(*s))) ++s;
    }
    if (*s == '\0') {
      // Input failure before the first conversion is EOF, as in C11 7.21.6.2.
      if (!any_conversion) assigned = EOF;
      break;
    }
    // A field width bounds the characters a conversion may consume: parse
    // from a bounded copy.
    char field[64];
    const char* in = s;
    if (width > 0 && conv != 's' && conv != 'c') {
      int n = 0;
      while (n < width && n < static_cast<int>(sizeof(field)) - 1 && s[n] != '\0') {
        field[n] = s[n];
        ++n;
      }
      field[n] = '\0';
      in = field;
    }
    char* end = nullptr;
    if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'o' || conv == 'x' || conv == 'X') {
      int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
      unsigned long long v = conv == 'd' || conv == 'i'
                                 ? static_cast<unsigned long long>(strtoll(in, &end, base))
                                 : strtoull(in, &end, base);
      if (end == in) break;
      if (!suppress) StoreInt(ap, len, v);
    } else if (conv == 'e' || conv == 'E' || conv == 'f' || conv == 'F' || conv == 'g' ||
               conv == 'G' || conv == 'a') {
      long double v = strtold(in, &end);
      if (end == in) break;
      if (!suppress) {
        if (len == Len::kLongDouble) {
          *va_arg(ap, long double*) = v;
        } else if (len == Len::kLong) {
          *va_arg(ap, double*) = static_cast<double>(v);
        } else {
          *va_arg(ap, float*) = static_cast<float>(v);
        }
      }
    } else if (conv == 's' || conv == 'c') {
      int max = width > 0 ? width : conv == 'c' ? 1 : INT32_MAX;
      char* out = suppress ? nullptr : va_arg(ap, char*);
      int n = 0;
      while (n < max && s[n] != '\0' &&
             (conv == 'c' || !isspace(static_cast<unsigned char>(s[n])))) {
        if (out != nullptr) out[n] = s[n];
        ++n;
      }
      if (conv == 'c' && n < max) break;
      if (out != nullptr && conv == 's') out[n] = '\0';
      end = const_cast<char*>(in) + n;
    } else {
      break;  // unsupported conversion: stop, as on a matching failure
    }
    s += end - in;
    any_conversion = true;
    if (!suppress) ++assigned;
  }
  va_end(ap);
  return assigned;
}

int sscanf(const char* __restrict str, const char* __restrict fmt, ...) noexcept {
  va_list ap;
  va_start(ap, fmt);
  int n = vsscanf(str, fmt, ap);
  va_end(ap);
  return n;
}

}  // extern "C"
