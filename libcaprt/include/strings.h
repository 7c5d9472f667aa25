// Freestanding <strings.h>.
#ifndef CAPRT_STRINGS_H_
#define CAPRT_STRINGS_H_

#include <stddef.h>

#include "caprt_cdefs.h"

CAPRT_BEGIN_C
int strcasecmp(const char* a, const char* b) CAPRT_NOEXCEPT;
int strncasecmp(const char* a, const char* b, size_t n) CAPRT_NOEXCEPT;
CAPRT_END_C

#endif  // CAPRT_STRINGS_H_
