// Freestanding <pthread.h> for single-threaded services. kj's Mutex is built
// on these: a lock that is already held means a deadlock in a single thread,
// so the lock functions abort instead of waiting (see libc/pthread.c).
#ifndef CAPRT_PTHREAD_H_
#define CAPRT_PTHREAD_H_

#include <sys/types.h>
#include <time.h>

#include "caprt_cdefs.h"

typedef struct {
  int state;  // 0 free, -1 writer, >0 readers
} pthread_mutex_t, pthread_rwlock_t;
typedef struct {
  int unused;
} pthread_cond_t, pthread_mutexattr_t, pthread_rwlockattr_t, pthread_condattr_t, pthread_attr_t;
typedef int pthread_once_t;
typedef unsigned long pthread_t;

#define PTHREAD_MUTEX_INITIALIZER \
  { 0 }
#define PTHREAD_RWLOCK_INITIALIZER \
  { 0 }
#define PTHREAD_COND_INITIALIZER \
  { 0 }
#define PTHREAD_ONCE_INIT 0

CAPRT_BEGIN_C
int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr);
int pthread_mutex_destroy(pthread_mutex_t* m);
int pthread_mutex_lock(pthread_mutex_t* m);
int pthread_mutex_trylock(pthread_mutex_t* m);
int pthread_mutex_unlock(pthread_mutex_t* m);
int pthread_rwlock_init(pthread_rwlock_t* l, const pthread_rwlockattr_t* attr);
int pthread_rwlock_destroy(pthread_rwlock_t* l);
int pthread_rwlock_rdlock(pthread_rwlock_t* l);
int pthread_rwlock_wrlock(pthread_rwlock_t* l);
int pthread_rwlock_tryrdlock(pthread_rwlock_t* l);
int pthread_rwlock_trywrlock(pthread_rwlock_t* l);
int pthread_rwlock_unlock(pthread_rwlock_t* l);
int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* attr);
int pthread_cond_destroy(pthread_cond_t* c);
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m);
int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* t);
int pthread_cond_signal(pthread_cond_t* c);
int pthread_cond_broadcast(pthread_cond_t* c);
int pthread_once(pthread_once_t* once, void (*fn)(void));
pthread_t pthread_self(void);
int pthread_condattr_init(pthread_condattr_t* a);
int pthread_condattr_setclock(pthread_condattr_t* a, clockid_t clock);
int pthread_condattr_destroy(pthread_condattr_t* a);
CAPRT_END_C

#endif  // CAPRT_PTHREAD_H_
