// Freestanding <sys/mman.h>: declared for kj's crash-handler set-up, which
// services never call; mmap() always fails.
#ifndef CAPRT_SYS_MMAN_H_
#define CAPRT_SYS_MMAN_H_

#include <sys/types.h>

#include "caprt_cdefs.h"

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 1
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20
#define MAP_ANON MAP_ANONYMOUS
#define MAP_FAILED ((void*)-1)

CAPRT_BEGIN_C
void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void* addr, size_t len);
CAPRT_END_C

#endif  // CAPRT_SYS_MMAN_H_
