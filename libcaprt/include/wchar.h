// Freestanding <wchar.h>: types only, for C++ headers that name them.
#ifndef CAPRT_WCHAR_H_
#define CAPRT_WCHAR_H_

#include <stddef.h>

typedef unsigned wint_t;
typedef struct {
  int count;
  unsigned value;
} mbstate_t;
#define WEOF ((wint_t)-1)

#endif  // CAPRT_WCHAR_H_
