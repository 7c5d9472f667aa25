// Freestanding <time.h>. Services get time from their Timer capability;
// clock_gettime() here reports 0 and exists for code that only measures.
#ifndef CAPRT_TIME_H_
#define CAPRT_TIME_H_

#include <stddef.h>
#include <sys/types.h>

#include "caprt_cdefs.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCKS_PER_SEC 1000000L

typedef long clock_t;
struct timespec {
  time_t tv_sec;
  long tv_nsec;
};
struct tm {
  int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

CAPRT_BEGIN_C
int clock_gettime(clockid_t clock, struct timespec* ts);
time_t time(time_t* out);
clock_t clock(void);
CAPRT_END_C

#endif  // CAPRT_TIME_H_
