// Hooks between libcaprt's freestanding libc and the runtime that owns the
// process (libcaprt's _start, or a test harness). None of these allocate.
#ifndef CAPRT_LIBC_H_
#define CAPRT_LIBC_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Hands the heap region [base, base + size) to malloc/operator new. Called
// once, before any allocation; later calls are ignored. The region must stay
// mapped for the life of the process. Allocation returns NULL (operator new:
// aborts) when the region is exhausted.
void caprt_heap_init(void* base, size_t size);

// Bytes currently handed out and the size of the largest free block; for
// tests and resource accounting.
size_t caprt_heap_used(void);
size_t caprt_heap_largest_free(void);

// Where stdout/stderr bytes go (kj's log lines and fatal messages included).
// NULL (the default) drops them.
void caprt_set_debug_write(void (*fn)(const char* data, size_t len));

// Defined by the runtime, not by libc: ends the process. abort(), exit() and
// failed operator new land here with a short reason.
[[noreturn]] void caprt_abort_hook(const char* why);

#ifdef __cplusplus
}
#endif

#endif  // CAPRT_LIBC_H_
