// Wraps GCC's <limits.h> (built with -D_LIBC_LIMITS_H_ so that it does not
// look for glibc's). GCC only defines the long long limits for C99, not for
// C++, so they are completed here, with the POSIX limits code expects.
#ifndef CAPRT_LIMITS_H_
#define CAPRT_LIMITS_H_

#include_next <limits.h>

#ifndef LLONG_MAX
#define LLONG_MAX __LONG_LONG_MAX__
#define LLONG_MIN (-LLONG_MAX - 1LL)
#define ULLONG_MAX (LLONG_MAX * 2ULL + 1ULL)
#endif
#define SSIZE_MAX __LONG_MAX__
#define PATH_MAX 4096
#define IOV_MAX 1024

#endif  // CAPRT_LIMITS_H_
