// Freestanding <inttypes.h> (LP64).
#ifndef CAPRT_INTTYPES_H_
#define CAPRT_INTTYPES_H_

#include <stdint.h>

#define PRId8 "d"
#define PRId16 "d"
#define PRId32 "d"
#define PRId64 "ld"
#define PRIi32 "i"
#define PRIi64 "li"
#define PRIu8 "u"
#define PRIu16 "u"
#define PRIu32 "u"
#define PRIu64 "lu"
#define PRIx8 "x"
#define PRIx16 "x"
#define PRIx32 "x"
#define PRIx64 "lx"
#define PRIX32 "X"
#define PRIX64 "lX"
#define PRIuPTR "lu"
#define PRIxPTR "lx"
#define PRIdPTR "ld"
#define SCNu32 "u"
#define SCNu64 "lu"

typedef struct {
  intmax_t quot, rem;
} imaxdiv_t;

#endif  // CAPRT_INTTYPES_H_
