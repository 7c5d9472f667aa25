// The POSIX functions the RPC build's kj names but a guest never needs:
// there are no file descriptors, threads or socket addresses in a service,
// so each fails (or does nothing) the way its caller already handles.
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <unistd.h>

extern "C" {

// kj's fd-passing streams dup() received descriptors; no guest stream
// carries any.
int dup(int) {
  errno = EBADF;
  return -1;
}

// Only kj's cross-thread paths spin on it; one thread has nobody to yield to.
int sched_yield(void) {
  return 0;
}

// kj's CidrRange (network filters for kj's own socket layer, unused here):
// "not an address" is an answer its callers check.
int inet_pton(int, const char*, void*) {
  return 0;
}

const char* inet_ntop(int, const void*, char*, socklen_t) {
  errno = ENOSPC;
  return nullptr;
}

}  // extern "C"
