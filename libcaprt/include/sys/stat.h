// Freestanding <sys/stat.h>: types only; a guest has no file system.
#ifndef CAPRT_SYS_STAT_H_
#define CAPRT_SYS_STAT_H_

#include <sys/types.h>

#include "caprt_cdefs.h"

CAPRT_BEGIN_C
int mkdir(const char* path, mode_t mode);
CAPRT_END_C

#endif  // CAPRT_SYS_STAT_H_
