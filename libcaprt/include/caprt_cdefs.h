// Shared helpers for the freestanding C headers of libcaprt. Ring-3 services
// have no OS C library: these headers declare the small subset that kj/capnp
// lite, lwIP and mbedTLS-style code need, implemented in libcaprt/libc/.
#ifndef CAPRT_CDEFS_H_
#define CAPRT_CDEFS_H_

#ifdef __cplusplus
#define CAPRT_BEGIN_C extern "C" {
#define CAPRT_END_C }
#define CAPRT_NOEXCEPT noexcept
#else
#define CAPRT_BEGIN_C
#define CAPRT_END_C
#define CAPRT_NOEXCEPT
#endif

#endif  // CAPRT_CDEFS_H_
