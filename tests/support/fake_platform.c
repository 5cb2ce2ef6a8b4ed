/* fake_platform.c: a tiny deterministic rt_platform for tests: a clock that
 * jumps to the poller's deadline when the loop waits. */
#include "fake_platform.h"

#include <string.h>

typedef struct fake_poller {
  fake_platform *fp;
} fake_poller;

static double fake_now(rt_platform *p) {
  fake_platform *fp = (fake_platform *)p;
  fp->now_calls++;
  return fp->now;
}

static uint64_t fake_wall_ns(rt_platform *p) {
  return (uint64_t)(((fake_platform *)p)->now * 1e9);
}

/* time.sleep: the clock moves by secs at once. */
static void fake_sleep(rt_platform *p, double secs) {
  if (secs > 0) ((fake_platform *)p)->now += secs;
}

static int fake_poller_new(rt_platform *p, rt_poller **out) {
  fake_poller *po = rt_malloc(sizeof *po);
  if (!po) return RT_ENOMEM;
  po->fp = (fake_platform *)p;
  *out = (rt_poller *)po;
  return RT_OK;
}

/* A wake-up ends the wait at once; otherwise the clock jumps to the
 * deadline; with no deadline nothing could ever wake us: a deadlock. */
static int fake_poller_wait(rt_poller *rp, double deadline) {
  fake_platform *fp = ((fake_poller *)rp)->fp;
  fp->waits++;
  fp->last_deadline = deadline;
  if (fp->wake_pending) {
    fp->wake_pending = 0;
    return RT_OK;
  }
  if (deadline < 0) return fp->idle_forever_ok ? RT_OK : RT_EDEADLOCK;
  if (deadline > fp->now) fp->now = deadline;
  return RT_OK;
}

static void fake_poller_wake(rt_poller *rp) { ((fake_poller *)rp)->fp->wake_pending = 1; }
static void fake_poller_free(rt_poller *rp) { rt_free(rp); }

void fake_platform_init(fake_platform *fp) {
  memset(fp, 0, sizeof *fp);
  fp->p = *rt_platform_real();
  fp->p.name = "fake";
  fp->p.now = fake_now;
  fp->p.wall_ns = fake_wall_ns;
  fp->p.sleep = fake_sleep;
  fp->p.poller_new = fake_poller_new;
  fp->p.poller_wait = fake_poller_wait;
  fp->p.poller_wake = fake_poller_wake;
  fp->p.poller_free = fake_poller_free;
  fp->p.io_watch = NULL;  /* no descriptors: rt_io_* say RT_ENOTSUP */
  fp->p.io_poll = NULL;
  fp->last_deadline = -1;
}
