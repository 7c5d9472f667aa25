// The POSIX surface kj names, reduced to what a guest has: no files, no
// signals, no threads, one debug output channel. File descriptors 1 and 2
// are the debug-write hook (so kj's log lines reach the console); everything
// else fails with EBADF/ENOSYS. Locks are single-threaded: taking a lock that
// is already held can never be released by anyone else, so it aborts.
#include <caprt/libc.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

extern "C" {

int errno = 0;

ssize_t write(int fd, const void* buf, size_t n) {
  if (fd != STDOUT_FILENO && fd != STDERR_FILENO) {
    errno = EBADF;
    return -1;
  }
  fwrite(buf, 1, n, fd == STDOUT_FILENO ? stdout : stderr);
  return static_cast<ssize_t>(n);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  ssize_t total = 0;
  for (int i = 0; i < count; ++i) {
    if (write(fd, iov[i].iov_base, iov[i].iov_len) < 0) return -1;
    total += static_cast<ssize_t>(iov[i].iov_len);
  }
  return total;
}

ssize_t read(int, void*, size_t) {
  errno = EBADF;
  return -1;
}
ssize_t readv(int, const struct iovec*, int) {
  errno = EBADF;
  return -1;
}
ssize_t pread(int, void*, size_t, off_t) {
  errno = EBADF;
  return -1;
}
ssize_t pwrite(int, const void*, size_t, off_t) {
  errno = EBADF;
  return -1;
}
int close(int) {
  return 0;
}
int pipe(int*) {
  errno = ENOSYS;
  return -1;
}
int mkdir(const char*, mode_t) {
  errno = ENOSYS;
  return -1;
}
int access(const char*, int) {
  errno = ENOENT;
  return -1;
}
pid_t getpid(void) {
  return 1;
}
void _exit(int) {
  caprt_abort_hook("_exit() called");
}
long sysconf(int) {
  errno = EINVAL;
  return -1;
}

void* mmap(void*, size_t, int, int, int, off_t) {
  errno = ENOSYS;
  return MAP_FAILED;
}
int munmap(void*, size_t) {
  errno = ENOSYS;
  return -1;
}

int sigaction(int, const struct sigaction*, struct sigaction*) {
  errno = ENOSYS;
  return -1;
}
int sigaltstack(const stack_t*, stack_t*) {
  errno = ENOSYS;
  return -1;
}
int sigemptyset(sigset_t* set) {
  *set = sigset_t{};
  return 0;
}
int sigfillset(sigset_t* set) {
  for (auto& b : set->bits) b = ~0ul;
  return 0;
}
int raise(int) {
  caprt_abort_hook("raise() called");
}
void (*signal(int, void (*)(int)))(int) {
  return SIG_DFL;
}

int clock_gettime(clockid_t, struct timespec* ts) {
  ts->tv_sec = 0;
  ts->tv_nsec = 0;
  return 0;
}
time_t time(time_t* out) {
  if (out != nullptr) *out = 0;
  return 0;
}
clock_t clock(void) {
  return 0;
}

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t*) {
  m->state = 0;
  return 0;
}
int pthread_mutex_destroy(pthread_mutex_t*) {
  return 0;
}
int pthread_mutex_lock(pthread_mutex_t* m) {
  if (m->state != 0) caprt_abort_hook("deadlock: mutex already held");
  m->state = -1;
  return 0;
}
int pthread_mutex_trylock(pthread_mutex_t* m) {
  if (m->state != 0) return EBUSY;
  m->state = -1;
  return 0;
}
int pthread_mutex_unlock(pthread_mutex_t* m) {
  m->state = 0;
  return 0;
}

int pthread_rwlock_init(pthread_rwlock_t* l, const pthread_rwlockattr_t*) {
  l->state = 0;
  return 0;
}
int pthread_rwlock_destroy(pthread_rwlock_t*) {
  return 0;
}
int pthread_rwlock_rdlock(pthread_rwlock_t* l) {
  if (l->state < 0) caprt_abort_hook("deadlock: rwlock held for writing");
  ++l->state;
  return 0;
}
int pthread_rwlock_wrlock(pthread_rwlock_t* l) {
  if (l->state != 0) caprt_abort_hook("deadlock: rwlock already held");
  l->state = -1;
  return 0;
}
int pthread_rwlock_tryrdlock(pthread_rwlock_t* l) {
  if (l->state < 0) return EBUSY;
  ++l->state;
  return 0;
}
int pthread_rwlock_trywrlock(pthread_rwlock_t* l) {
  if (l->state != 0) return EBUSY;
  l->state = -1;
  return 0;
}
int pthread_rwlock_unlock(pthread_rwlock_t* l) {
  l->state = l->state > 0 ? l->state - 1 : 0;
  return 0;
}

// A condition wait in a single thread can only be satisfied by the caller
// itself, so waiting forever is a deadlock.
int pthread_cond_init(pthread_cond_t*, const pthread_condattr_t*) {
  return 0;
}
int pthread_cond_destroy(pthread_cond_t*) {
  return 0;
}
int pthread_cond_wait(pthread_cond_t*, pthread_mutex_t*) {
  caprt_abort_hook("deadlock: condition wait in a single-threaded process");
}
int pthread_cond_timedwait(pthread_cond_t*, pthread_mutex_t*, const struct timespec*) {
  return ETIMEDOUT;
}
int pthread_cond_signal(pthread_cond_t*) {
  return 0;
}
int pthread_cond_broadcast(pthread_cond_t*) {
  return 0;
}
int pthread_condattr_init(pthread_condattr_t*) {
  return 0;
}
int pthread_condattr_setclock(pthread_condattr_t*, clockid_t) {
  return 0;
}
int pthread_condattr_destroy(pthread_condattr_t*) {
  return 0;
}
int pthread_once(pthread_once_t* once, void (*fn)(void)) {
  if (*once == 0) {
    *once = 1;
    fn();
  }
  return 0;
}
pthread_t pthread_self(void) {
  return 1;
}

}  // extern "C"
