// <assert.h> for the guest mbedTLS build only (libcaprt's libc has none; see
// the h6 report). mbedTLS uses assert() only in debug-only invariant checks;
// a failed one ends the process through abort() like a hosted libc would.
#ifndef CAPRT_MBEDTLS_SHIM_ASSERT_H_
#define CAPRT_MBEDTLS_SHIM_ASSERT_H_

#include <stdlib.h>

#ifdef NDEBUG
#define assert(x) ((void)0)
#else
#define assert(x) ((x) ? (void)0 : abort())
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

#endif  // CAPRT_MBEDTLS_SHIM_ASSERT_H_
