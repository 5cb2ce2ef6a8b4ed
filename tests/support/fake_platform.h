/* fake_platform.h: a tiny deterministic rt_platform for tests: a clock that
 * jumps to the poller's deadline when the loop waits, so timer tests are
 * exact and instant. */
#ifndef FAKE_PLATFORM_H
#define FAKE_PLATFORM_H

#include "rt.h"

typedef struct fake_platform {
  rt_platform p;        /* first: pass &fp.p (or fake_platform_of) */
  double now;           /* the clock, seconds; starts at 0 */
  long now_calls;       /* how many times now() was read */
  long waits;           /* poller_wait calls */
  double last_deadline; /* the last poller_wait deadline (-1: none) */
  int wake_pending;     /* set by poller_wake, cleared by poller_wait */
  int idle_forever_ok;  /* 1: a wait with no deadline returns RT_OK (as if
                           woken) instead of RT_EDEADLOCK */
} fake_platform;

/* Reset fp: clock 0, counters 0. Threads, mutexes and conditions are the
 * real platform's; there is no I/O readiness (io_watch NULL). */
void fake_platform_init(fake_platform *fp);

#endif
