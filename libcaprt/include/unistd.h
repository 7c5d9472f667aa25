// Freestanding <unistd.h>. File descriptors do not exist in a guest: write()
// to 1 or 2 goes to the debug-write hook, everything else fails with EBADF.
#ifndef CAPRT_UNISTD_H_
#define CAPRT_UNISTD_H_

#include <sys/types.h>

#include "caprt_cdefs.h"

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define R_OK 4
#define W_OK 2
#define X_OK 1
#define F_OK 0

CAPRT_BEGIN_C
ssize_t read(int fd, void* buf, size_t n);
ssize_t write(int fd, const void* buf, size_t n);
ssize_t pread(int fd, void* buf, size_t n, off_t off);
ssize_t pwrite(int fd, const void* buf, size_t n, off_t off);
int close(int fd);
int pipe(int fds[2]);
int access(const char* path, int mode);
pid_t getpid(void);
[[noreturn]] void _exit(int status);
long sysconf(int name);
CAPRT_END_C

#endif  // CAPRT_UNISTD_H_
