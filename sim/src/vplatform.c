/* vplatform.c: the virtual platform: a clock that jumps, idle waits that
 * never block. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "sim.h"

typedef struct vplatform {
  rt_platform base;      /* first: the rt_platform* is the vplatform* */
  rt_platform *real;     /* threads, mutexes and conditions come from here */
  double now;            /* seconds of virtual time */
} vplatform;

struct rt_poller {
  vplatform *vp;
  atomic_int woken;      /* a wake-up is pending */
};

static double v_now(rt_platform *p) { return ((vplatform *)p)->now; }

/* Wall time is virtual too, so that two runs give byte-identical traces. */
static uint64_t v_wall_ns(rt_platform *p) {
  return (uint64_t)(((vplatform *)p)->now * 1e9 + 0.5);
}

static void v_sleep(rt_platform *p, double secs) {
  if (secs > 0) ((vplatform *)p)->now += secs;
}

static int v_poller_new(rt_platform *p, rt_poller **out) {
  rt_poller *po = rt_malloc(sizeof *po);
  if (!po) return RT_ENOMEM;
  po->vp = (vplatform *)p;
  atomic_init(&po->woken, 0);
  *out = po;
  return RT_OK;
}

/* Jump to the deadline: nothing else can happen in virtual time before it,
 * because every other party is idle too when the loop waits. */
static int v_poller_wait(rt_poller *po, double deadline) {
  if (atomic_exchange(&po->woken, 0)) return RT_OK;
  if (deadline < 0) return RT_EDEADLOCK;
  if (deadline > po->vp->now) po->vp->now = deadline;
  return RT_OK;
}

static void v_poller_wake(rt_poller *po) { atomic_store(&po->woken, 1); }
static void v_poller_free(rt_poller *po) { rt_free(po); }

static int v_thread_start(rt_platform *p, const char *name, void (*fn)(void *),
                          void *arg, rt_thread **out) {
  rt_platform *r = ((vplatform *)p)->real;
  return r->thread_start(r, name, fn, arg, out);
}

static int v_mutex_new(rt_platform *p, rt_mutex **out) {
  rt_platform *r = ((vplatform *)p)->real;
  return r->mutex_new(r, out);
}

static int v_cond_new(rt_platform *p, rt_cond **out) {
  rt_platform *r = ((vplatform *)p)->real;
  return r->cond_new(r, out);
}

int sim_vplatform_new(rt_platform **out) {
  vplatform *vp = rt_calloc(1, sizeof *vp);
  if (!vp) return RT_ENOMEM;
  rt_platform *r = rt_platform_real();
  vp->real = r;
  vp->base = *r;   /* thread joins, mutex and cond operations: the real ones */
  vp->base.name = "virtual";
  vp->base.now = v_now;
  vp->base.wall_ns = v_wall_ns;
  vp->base.sleep = v_sleep;
  vp->base.poller_new = v_poller_new;
  vp->base.poller_wait = v_poller_wait;
  vp->base.poller_wake = v_poller_wake;
  vp->base.poller_free = v_poller_free;
  vp->base.thread_start = v_thread_start;
  vp->base.mutex_new = v_mutex_new;
  vp->base.cond_new = v_cond_new;
  *out = &vp->base;
  return RT_OK;
}

void sim_vplatform_free(rt_platform *p) { rt_free(p); }
