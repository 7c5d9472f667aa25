// Freestanding <sched.h> for the RPC build: kj/async.c++ includes it for
// sched_yield(), which only its cross-thread paths call (never in a
// single-threaded guest).
#ifndef CAPRT_RPC_SCHED_H_
#define CAPRT_RPC_SCHED_H_

#include "caprt_cdefs.h"

CAPRT_BEGIN_C
int sched_yield(void);
CAPRT_END_C

#endif  // CAPRT_RPC_SCHED_H_
