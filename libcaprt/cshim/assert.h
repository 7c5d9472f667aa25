// <assert.h> for the guest builds of the C dependencies http-parser and cJSON
// only (libcaprt's libc deliberately has none; mbedTLS carries its own copy in
// libcaprt/mbedtls/shim). http-parser asserts internal state invariants: a
// failed one ends the process through abort(), as a hosted libc would.
#ifndef CAPRT_CSHIM_ASSERT_H_
#define CAPRT_CSHIM_ASSERT_H_

#include <stdlib.h>

#ifdef NDEBUG
#define assert(x) ((void)0)
#else
#define assert(x) ((x) ? (void)0 : abort())
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

#endif  // CAPRT_CSHIM_ASSERT_H_
