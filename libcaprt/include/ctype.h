// Freestanding <ctype.h>: ASCII only ("C" locale).
#ifndef CAPRT_CTYPE_H_
#define CAPRT_CTYPE_H_

#include "caprt_cdefs.h"

CAPRT_BEGIN_C
int isalnum(int c) CAPRT_NOEXCEPT;
int isalpha(int c) CAPRT_NOEXCEPT;
int isblank(int c) CAPRT_NOEXCEPT;
int iscntrl(int c) CAPRT_NOEXCEPT;
int isdigit(int c) CAPRT_NOEXCEPT;
int isgraph(int c) CAPRT_NOEXCEPT;
int islower(int c) CAPRT_NOEXCEPT;
int isprint(int c) CAPRT_NOEXCEPT;
int ispunct(int c) CAPRT_NOEXCEPT;
int isspace(int c) CAPRT_NOEXCEPT;
int isupper(int c) CAPRT_NOEXCEPT;
int isxdigit(int c) CAPRT_NOEXCEPT;
int tolower(int c) CAPRT_NOEXCEPT;
int toupper(int c) CAPRT_NOEXCEPT;
CAPRT_END_C

#endif  // CAPRT_CTYPE_H_
