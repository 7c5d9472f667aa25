// Freestanding <errno.h>. Single-threaded services: errno is one global.
// Values follow Linux so that code which prints them stays readable.
#ifndef CAPRT_ERRNO_H_
#define CAPRT_ERRNO_H_

#include "caprt_cdefs.h"

CAPRT_BEGIN_C
extern int errno;
CAPRT_END_C

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define EWOULDBLOCK EAGAIN
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOSPC 28
#define ESPIPE 29
#define EPIPE 32
#define EDOM 33
#define ERANGE 34
#define EDEADLK 35
#define ENOSYS 38
#define ENOTSUP 95
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#define ECONNRESET 104
#define ENOBUFS 105
#define EINPROGRESS 115

#endif  // CAPRT_ERRNO_H_
