// Freestanding <sys/types.h> (LP64).
#ifndef CAPRT_SYS_TYPES_H_
#define CAPRT_SYS_TYPES_H_

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned uid_t;
typedef unsigned gid_t;
typedef unsigned mode_t;
typedef long time_t;
typedef long suseconds_t;
typedef int clockid_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef long blksize_t;
typedef long blkcnt_t;

#endif  // CAPRT_SYS_TYPES_H_
