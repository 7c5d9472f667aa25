// Freestanding <sys/uio.h>: writev() on fd 1/2 goes to the debug-write hook.
#ifndef CAPRT_SYS_UIO_H_
#define CAPRT_SYS_UIO_H_

#include <sys/types.h>

#include "caprt_cdefs.h"

struct iovec {
  void* iov_base;
  size_t iov_len;
};

#include <limits.h>  // IOV_MAX

CAPRT_BEGIN_C
ssize_t writev(int fd, const struct iovec* iov, int count);
ssize_t readv(int fd, const struct iovec* iov, int count);
CAPRT_END_C

#endif  // CAPRT_SYS_UIO_H_
