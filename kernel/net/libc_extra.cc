// C library functions lwIP needs beyond kernel/lib/kstring.h.
#include <stddef.h>

extern "C" {

int strncmp(const char* a, const char* b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}

int strcmp(const char* a, const char* b) {
  return strncmp(a, b, size_t(-1));
}

int atoi(const char* s) {
  int sign = 1, v = 0;
  while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++;
  if (*s == '-' || *s == '+') sign = *s++ == '-' ? -1 : 1;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return sign * v;
}

}  // extern "C"
