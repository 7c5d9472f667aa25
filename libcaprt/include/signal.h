// Freestanding <signal.h>: a guest has no signals. Declared for kj's crash
// handler set-up, which services never call; the functions fail with ENOSYS.
#ifndef CAPRT_SIGNAL_H_
#define CAPRT_SIGNAL_H_

#include <stddef.h>
#include <sys/types.h>

#include "caprt_cdefs.h"

#define SIGINT 2
#define SIGILL 4
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11
#define SIGPIPE 13
#define SIGTERM 15
#define SIGSYS 31
#define SA_SIGINFO 4
#define SA_NODEFER 0x40000000
#define SA_ONSTACK 0x08000000
#define SA_RESETHAND 0x80000000
#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)

typedef int sig_atomic_t;
typedef struct {
  unsigned long bits[16];
} sigset_t;
typedef struct {
  int si_signo;
  int si_errno;
  int si_code;
  void* si_addr;
} siginfo_t;
typedef struct {
  void* ss_sp;
  int ss_flags;
  size_t ss_size;
} stack_t;
struct sigaction {
  union {
    void (*sa_handler)(int);
    void (*sa_sigaction)(int, siginfo_t*, void*);
  };
  sigset_t sa_mask;
  int sa_flags;
};

CAPRT_BEGIN_C
int sigaction(int sig, const struct sigaction* act, struct sigaction* old);
int sigaltstack(const stack_t* ss, stack_t* old);
int sigemptyset(sigset_t* set);
int sigfillset(sigset_t* set);
int raise(int sig);
void (*signal(int sig, void (*handler)(int)))(int);
CAPRT_END_C

#endif  // CAPRT_SIGNAL_H_
