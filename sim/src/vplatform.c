/* vplatform.c: the virtual platform: a virtual clock and deterministic
 * virtual threads (lanes on one OS thread), and sim_run.
 *
 * How it works (sim.h has the contract):
 *
 * Every thread of a run is an rt_thread with its own lane. The one that
 * runs is vp->current; the others are RUNNABLE (on the run queue, FIFO),
 * BLOCKED (on a wait queue: a mutex's, a condition's, a thread's joiners;
 * or alone: a sleep, a loop's idle wait) or DONE. A thread blocks through
 * block(): it records what it waits on and for how long, then pick()
 * chooses who runs next:
 *   1. the first runnable thread, if any;
 *   2. otherwise every thread is waiting: the clock jumps to the earliest
 *      deadline among them (ties: the wait that began first), and every
 *      wait due by then is woken, in that order; back to 1;
 *   3. otherwise nothing can ever move: the deadlock (see deadlock()).
 * If the thread picked is the blocking one itself (its own deadline came
 * first) it just carries on; otherwise its lane switches to the picked
 * thread's lane, and it resumes when someone wakes it and pick() picks it.
 * Waking a thread moves it to the back of the run queue with the code its
 * blocking call will return (wake_rc).
 *
 * The root lane (whoever called sim_vplatform_run) is not a thread of the
 * run: it only starts the main thread's lane and gets control back when
 * the main thread's function returns or the run ends in a deadlock.
 *
 * Trace events, all from the thread whose lane runs: thread.start (the
 * main thread announces itself), thread.block and thread.wake around every
 * real block (but not a loop's idle wait, which the loop's idle.begin and
 * idle.end show, unless another thread wakes it: that wake-up is a cause
 * worth a flow arrow), thread.end, and the deadlock warning.
 *
 * Cost: a block that switches threads is two lane switches' worth of
 * work plus a scan of the threads for the earliest deadline when all are
 * waiting (O(threads): a lesson has a handful). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define MAIN_STACK_DEFAULT ((size_t)8 << 20)
#define THREAD_STACK_DEFAULT ((size_t)1 << 20)
/* Times the main thread is woken with RT_EDEADLOCK before the run is ended
 * for it: unwinding code that keeps waiting gets no more chances. */
#define DEADLOCK_WAKES_MAX 64

enum { VL_RUNNABLE, VL_RUNNING, VL_BLOCKED, VL_DONE };

typedef struct vplatform vplatform;

/* A FIFO of threads linked through rt_thread.next. */
typedef struct wq {
  rt_thread *head, *tail;
} wq;

struct rt_thread {
  vplatform *vp;
  rt_lane *lane;          /* freed once joined (or with the platform) */
  uint32_t id;            /* trace thread id */
  char *name;
  void (*fn)(void *);
  void *arg;
  unsigned char state;    /* VL_* */
  unsigned char joined;   /* thread_join returned RT_OK: the caller let go */
  /* While blocked: */
  unsigned char block;    /* rt_block_kind */
  uint32_t block_id;      /* for the trace */
  double deadline;        /* -1: none */
  uint64_t block_seq;     /* equal deadlines wake in this order */
  wq *in;                 /* the wait queue it is on, or NULL */
  int wake_rc;            /* what the blocking call returns */
  rt_thread *next;        /* run queue or wait queue link */
  wq joiners;             /* threads joining this one */
};

struct vplatform {
  rt_platform base;       /* first: the rt_platform* is the vplatform* */
  double now;             /* the virtual clock, seconds */
  size_t main_stack, thread_stack;
  rt_thread **threads;    /* every thread of the current (or last) run */
  size_t nthreads, capthreads;
  wq runq;
  rt_thread *current;     /* the thread whose lane runs; NULL: none (the
                             root, or outside a run) */
  rt_thread *main;
  rt_lane *root;          /* who called sim_vplatform_run */
  uint64_t block_seq;
  uint32_t next_obj;      /* ids of mutexes and conditions, for traces */
  unsigned char running;  /* inside sim_vplatform_run */
  unsigned char deadlocked;
  unsigned deadlock_wakes;
  int end_rc;
};

struct rt_poller {
  vplatform *vp;
  int woken;              /* a wake-up is pending */
  rt_thread *waiter;      /* the thread in poller_wait, or NULL */
};

struct rt_mutex {
  vplatform *vp;
  uint32_t id;
  unsigned char held;
  rt_thread *owner;       /* NULL while held: held outside any thread */
  wq waiters;
};

struct rt_cond {
  vplatform *vp;
  uint32_t id;
  wq waiters;
};

/* ------------------------------------------------------------ queues */

static void wq_push(wq *q, rt_thread *t) {
  t->next = NULL;
  if (q->tail) q->tail->next = t;
  else q->head = t;
  q->tail = t;
}

static rt_thread *wq_pop(wq *q) {
  rt_thread *t = q->head;
  if (!t) return NULL;
  q->head = t->next;
  if (!q->head) q->tail = NULL;
  t->next = NULL;
  return t;
}

static void wq_remove(wq *q, rt_thread *t) {
  rt_thread *prev = NULL;
  for (rt_thread *x = q->head; x; prev = x, x = x->next) {
    if (x != t) continue;
    if (prev) prev->next = x->next;
    else q->head = x->next;
    if (q->tail == x) q->tail = prev;
    x->next = NULL;
    return;
  }
}

/* ------------------------------------------------------------- trace */

static int64_t ns_of(double secs) {
  if (secs < 0) return -1;
  if (secs >= 9.2e9) return INT64_MAX;
  return (int64_t)(secs * 1e9 + 0.5);
}

/* Emit on behalf of the running thread (its loop, if it runs one). */
static void emit(rt_ev_kind kind, int64_t a0, int64_t a1, int64_t a2, int64_t a3) {
  rt_trace_emit(rt_loop_running(), kind, a0, a1, a2, a3);
}

/* --------------------------------------------------------- scheduling */

/* Make t runnable; its blocking call will return rc. The wake-up event
 * names who woke it (the running thread; 0 for the clock). */
static void wake(vplatform *vp, rt_thread *t, int rc, rt_wake_kind why) {
  if (t->in) {
    wq_remove(t->in, t);
    t->in = NULL;
  }
  t->state = VL_RUNNABLE;
  t->wake_rc = rc;
  t->deadline = -1;
  wq_push(&vp->runq, t);
  if (t->block != RT_BLOCK_IDLE || why == RT_WAKE_POLLER || why == RT_WAKE_DEADLOCK)
    emit(RT_EV_THREAD_WAKE, t->id, why,
         why == RT_WAKE_TIME || !vp->current ? 0 : vp->current->id, 0);
}

/* The blocked thread with the earliest deadline (ties: the earliest
 * block), or NULL. */
static rt_thread *earliest(vplatform *vp) {
  rt_thread *best = NULL;
  for (size_t i = 0; i < vp->nthreads; i++) {
    rt_thread *t = vp->threads[i];
    if (t->state != VL_BLOCKED || t->deadline < 0) continue;
    if (!best || t->deadline < best->deadline ||
        (t->deadline == best->deadline && t->block_seq < best->block_seq))
      best = t;
  }
  return best;
}

/* A wait that ends in RT_EDEADLOCK can be unwound by its caller. */
static int failable(const rt_thread *t) {
  return t->block == RT_BLOCK_IDLE || t->block == RT_BLOCK_COND ||
         t->block == RT_BLOCK_JOIN;
}

/* Nothing can move: note it once (the warning the timeline keys on), then
 * give the main thread its RT_EDEADLOCK if its wait can fail, else end the
 * run (NULL: back to the root). */
static rt_thread *deadlock(vplatform *vp) {
  if (!vp->deadlocked) {
    vp->deadlocked = 1;
    int64_t msg = rt_intern("deadlock: no task can run and nothing can wake the loop");
    emit(RT_EV_WARNING, msg, RT_EDEADLOCK, 0, 0);
  }
  rt_thread *m = vp->main;
  if (m && m->state == VL_BLOCKED && failable(m) &&
      vp->deadlock_wakes++ < DEADLOCK_WAKES_MAX) {
    wake(vp, m, RT_EDEADLOCK, RT_WAKE_DEADLOCK);
    return wq_pop(&vp->runq);
  }
  return NULL;
}

/* Who runs next (see the file comment); NULL: end the run. */
static rt_thread *pick(vplatform *vp) {
  for (;;) {
    rt_thread *t = wq_pop(&vp->runq);
    if (t) return t;
    t = earliest(vp);
    if (!t) return deadlock(vp);
    if (t->deadline > vp->now) vp->now = t->deadline;
    /* Every wait due now, in (deadline, block order). */
    while ((t = earliest(vp)) != NULL && t->deadline <= vp->now)
      wake(vp, t, t->block == RT_BLOCK_COND ? RT_ETIMEDOUT : RT_OK, RT_WAKE_TIME);
  }
}

/* Give the OS thread to t (or, t NULL, back to the root: the run is
 * over). Returns when the calling thread is resumed. */
static void run_next(vplatform *vp, rt_thread *t) {
  if (!t) {
    if (vp->end_rc == RT_OK) vp->end_rc = RT_EDEADLOCK;
    vp->current = NULL;
    rt_lane_switch(vp->root);
    abort();  /* a run that ended is never resumed */
  }
  vp->current = t;
  t->state = VL_RUNNING;
  rt_lane_switch(t->lane);
}

/* Block the running thread me on kind/id until woken (by another thread,
 * its deadline, or the deadlock) and return its wake code. */
static int block(vplatform *vp, rt_thread *me, rt_block_kind kind, uint32_t id,
                 double deadline, wq *q) {
  me->state = VL_BLOCKED;
  me->block = (unsigned char)kind;
  me->block_id = id;
  me->deadline = deadline;
  me->block_seq = ++vp->block_seq;
  me->wake_rc = RT_OK;
  me->in = q;
  if (q) wq_push(q, me);
  if (kind != RT_BLOCK_IDLE)
    emit(RT_EV_THREAD_BLOCK, me->id, kind, id, deadline < 0 ? -1 : ns_of(deadline));
  rt_thread *next = pick(vp);
  if (next == me) {
    me->state = VL_RUNNING;
  } else {
    run_next(vp, next);
    /* Resumed: whoever switched to us set vp->current and our state. */
  }
  me->block = RT_BLOCK_NONE;
  return me->wake_rc;
}

/* ----------------------------------------------------------- clock */

static double v_now(rt_platform *p) { return ((vplatform *)p)->now; }

/* Wall time is virtual too, so that two runs give byte-identical traces. */
static uint64_t v_wall_ns(rt_platform *p) {
  return (uint64_t)ns_of(((vplatform *)p)->now);
}

/* time.sleep: block until now + secs; other threads run meanwhile. */
static void v_sleep(rt_platform *p, double secs) {
  vplatform *vp = (vplatform *)p;
  if (!(secs > 0)) secs = 0;  /* NaN and negatives: a bare yield */
  rt_thread *me = vp->current;
  if (!me) {
    vp->now += secs;
    return;
  }
  (void)block(vp, me, RT_BLOCK_SLEEP, 0, vp->now + secs, NULL);
}

double sim_vplatform_now(const rt_platform *p) { return ((const vplatform *)p)->now; }

/* ---------------------------------------------------------- poller */

static int v_poller_new(rt_platform *p, rt_poller **out) {
  rt_poller *po = rt_calloc(1, sizeof *po);
  if (!po) return RT_ENOMEM;
  po->vp = (vplatform *)p;
  *out = po;
  return RT_OK;
}

/* A loop's idle wait: a pending wake-up ends it at once; a deadline not in
 * the future too; otherwise the thread waits (idle) for a wake-up from
 * another thread or its deadline. */
static int v_poller_wait(rt_poller *po, double deadline) {
  vplatform *vp = po->vp;
  if (po->woken) {
    po->woken = 0;
    return RT_OK;
  }
  if (deadline >= 0 && deadline <= vp->now) return RT_OK;
  rt_thread *me = vp->current;
  if (!me) {  /* single-threaded use outside a run */
    if (deadline < 0) return RT_EDEADLOCK;
    vp->now = deadline;
    return RT_OK;
  }
  po->waiter = me;
  int rc = block(vp, me, RT_BLOCK_IDLE, 0, deadline, NULL);
  po->waiter = NULL;
  po->woken = 0;
  return rc;
}

static void v_poller_wake(rt_poller *po) {
  po->woken = 1;
  rt_thread *t = po->waiter;
  if (t && t->state == VL_BLOCKED && t != po->vp->current)
    wake(po->vp, t, RT_OK, RT_WAKE_POLLER);
}

static void v_poller_free(rt_poller *po) { rt_free(po); }

/* ---------------------------------------------------------- threads */

static void thread_free(rt_thread *t) {
  if (!t) return;
  rt_lane_free(t->lane);
  rt_free(t->name);
  rt_free(t);
}

/* What every lane runs: the thread's function, then its end. */
static void lane_main(void *arg) {
  rt_thread *t = arg;
  vplatform *vp = t->vp;
  if (t == vp->main) emit(RT_EV_THREAD_START, t->id, rt_intern(t->name), 0, 0);
  t->fn(t->arg);
  t->state = VL_DONE;
  emit(RT_EV_THREAD_END, t->id, 0, 0, 0);
  rt_thread *j;
  while ((j = wq_pop(&t->joiners)) != NULL) {
    j->in = NULL;
    wake(vp, j, RT_OK, RT_WAKE_END);
  }
  if (t == vp->main) {  /* the run is over */
    vp->current = NULL;
    rt_lane_exit(vp->root);
  }
  rt_thread *next = pick(vp);
  vp->current = next;
  if (!next) {
    if (vp->end_rc == RT_OK) vp->end_rc = RT_EDEADLOCK;
    rt_lane_exit(vp->root);
  }
  next->state = VL_RUNNING;
  rt_lane_exit(next->lane);
}

/* A thread struct and its lane, registered with the platform. */
static int thread_make(vplatform *vp, const char *name, void (*fn)(void *), void *arg,
                       size_t stack, rt_thread **out) {
  if (vp->nthreads == vp->capthreads) {
    size_t cap = vp->capthreads ? vp->capthreads * 2 : 8;
    rt_thread **a = rt_realloc(vp->threads, cap * sizeof *a);
    if (!a) return RT_ENOMEM;
    vp->threads = a;
    vp->capthreads = cap;
  }
  rt_thread *t = rt_calloc(1, sizeof *t);
  if (!t) return RT_ENOMEM;
  t->vp = vp;
  t->fn = fn;
  t->arg = arg;
  t->deadline = -1;
  char buf[32];
  if (!name) {
    snprintf(buf, sizeof buf, "Thread-%zu", vp->nthreads);
    name = buf;
  }
  size_t n = strlen(name) + 1;
  t->name = rt_malloc(n);
  if (!t->name || rt_lane_new(lane_main, t, stack, name, &t->lane) != RT_OK) {
    rt_free(t->name);
    rt_free(t);
    return RT_ENOMEM;
  }
  memcpy(t->name, name, n);
  t->id = rt_lane_thread_id(t->lane);
  vp->threads[vp->nthreads++] = t;
  *out = t;
  return RT_OK;
}

/* threading.Thread.start: a new lane, runnable after those already
 * runnable; it runs when the starting thread blocks. */
static int v_thread_start(rt_platform *p, const char *name, void (*fn)(void *),
                          void *arg, rt_thread **out) {
  vplatform *vp = (vplatform *)p;
  if (!vp->running || !vp->current) return RT_ESTATE;
  rt_thread *t;
  int rc = thread_make(vp, name, fn, arg, vp->thread_stack, &t);
  if (rc != RT_OK) return rc;
  t->state = VL_RUNNABLE;
  wq_push(&vp->runq, t);
  emit(RT_EV_THREAD_START, t->id, rt_intern(t->name), 0, 0);
  *out = t;
  return RT_OK;
}

/* Wait for t to end; then its lane goes (the struct stays with the
 * platform for the run's record). */
static int v_thread_join(rt_thread *t) {
  vplatform *vp = t->vp;
  if (t->state != VL_DONE) {
    rt_thread *me = vp->current;
    if (!me) return RT_EDEADLOCK;    /* outside a run nobody would end it */
    if (me == t) return RT_EINVAL;   /* joining oneself: RuntimeError */
    int rc = block(vp, me, RT_BLOCK_JOIN, t->id, -1, &t->joiners);
    if (rc != RT_OK) return rc;
  }
  rt_lane_free(t->lane);
  t->lane = NULL;
  t->joined = 1;
  return RT_OK;
}

/* ---------------------------------------------------------- mutexes */

static int v_mutex_new(rt_platform *p, rt_mutex **out) {
  vplatform *vp = (vplatform *)p;
  rt_mutex *m = rt_calloc(1, sizeof *m);
  if (!m) return RT_ENOMEM;
  m->vp = vp;
  m->id = ++vp->next_obj;
  *out = m;
  return RT_OK;
}

/* Free, it is taken; held by another thread, wait for it to be handed
 * over (FIFO). Not recursive. */
static void v_mutex_lock(rt_mutex *m) {
  vplatform *vp = m->vp;
  rt_thread *me = vp->current;
  if (!m->held) {
    m->held = 1;
    m->owner = me;
    return;
  }
  if (!me || m->owner == me) {
    fprintf(stderr, "coroscope: mutex %u locked twice by the same thread\n", m->id);
    abort();
  }
  (void)block(vp, me, RT_BLOCK_MUTEX, m->id, -1, &m->waiters);
  /* Woken by the unlock that handed the mutex over to us (owner == me),
   * or by nothing else: a mutex wait cannot fail. */
}

static void v_mutex_unlock(rt_mutex *m) {
  rt_thread *t = wq_pop(&m->waiters);
  if (t) {
    t->in = NULL;
    m->owner = t;  /* handed over: still held */
    wake(m->vp, t, RT_OK, RT_WAKE_UNLOCK);
  } else {
    m->held = 0;
    m->owner = NULL;
  }
}

static void v_mutex_free(rt_mutex *m) { rt_free(m); }

/* ------------------------------------------------------- conditions */

static int v_cond_new(rt_platform *p, rt_cond **out) {
  vplatform *vp = (vplatform *)p;
  rt_cond *c = rt_calloc(1, sizeof *c);
  if (!c) return RT_ENOMEM;
  c->vp = vp;
  c->id = ++vp->next_obj;
  *out = c;
  return RT_OK;
}

/* Release m, wait for a signal or the deadline, take m again. */
static int v_cond_wait(rt_cond *c, rt_mutex *m, double deadline) {
  vplatform *vp = c->vp;
  rt_thread *me = vp->current;
  if (!me) {  /* outside a run nobody could signal */
    if (deadline < 0) return RT_EDEADLOCK;
    if (deadline > vp->now) vp->now = deadline;
    return RT_ETIMEDOUT;
  }
  v_mutex_unlock(m);
  int rc;
  if (deadline >= 0 && deadline <= vp->now) rc = RT_ETIMEDOUT;
  else rc = block(vp, me, RT_BLOCK_COND, c->id, deadline, &c->waiters);
  v_mutex_lock(m);
  return rc;
}

static void v_cond_signal(rt_cond *c) {
  rt_thread *t = wq_pop(&c->waiters);
  if (t) {
    t->in = NULL;
    wake(c->vp, t, RT_OK, RT_WAKE_SIGNAL);
  }
}

static void v_cond_broadcast(rt_cond *c) {
  rt_thread *t;
  while ((t = wq_pop(&c->waiters)) != NULL) {
    t->in = NULL;
    wake(c->vp, t, RT_OK, RT_WAKE_SIGNAL);
  }
}

static void v_cond_free(rt_cond *c) { rt_free(c); }

/* -------------------------------------------------------- lifecycle */

/* Drop the threads of the last run (their lanes too, unwound or not). */
static void threads_clear(vplatform *vp) {
  for (size_t i = 0; i < vp->nthreads; i++) thread_free(vp->threads[i]);
  vp->nthreads = 0;
  vp->runq.head = vp->runq.tail = NULL;
  vp->main = NULL;
  vp->current = NULL;
}

int sim_vplatform_new(const sim_vplatform_opts *opts, rt_platform **out) {
  vplatform *vp = rt_calloc(1, sizeof *vp);
  if (!vp) return RT_ENOMEM;
  rt_platform *b = &vp->base;
  b->name = "virtual";
  b->now = v_now;
  b->wall_ns = v_wall_ns;
  b->sleep = v_sleep;
  b->poller_new = v_poller_new;
  b->poller_wait = v_poller_wait;
  b->poller_wake = v_poller_wake;
  b->poller_free = v_poller_free;
  b->thread_start = v_thread_start;
  b->thread_join = v_thread_join;
  b->mutex_new = v_mutex_new;
  b->mutex_lock = v_mutex_lock;
  b->mutex_unlock = v_mutex_unlock;
  b->mutex_free = v_mutex_free;
  b->cond_new = v_cond_new;
  b->cond_wait = v_cond_wait;
  b->cond_signal = v_cond_signal;
  b->cond_broadcast = v_cond_broadcast;
  b->cond_free = v_cond_free;
  vp->main_stack = opts && opts->main_stack ? opts->main_stack : MAIN_STACK_DEFAULT;
  vp->thread_stack = opts && opts->thread_stack ? opts->thread_stack : THREAD_STACK_DEFAULT;
  *out = b;
  return RT_OK;
}

void sim_vplatform_free(rt_platform *p) {
  if (!p) return;
  vplatform *vp = (vplatform *)p;
  threads_clear(vp);
  rt_free(vp->threads);
  rt_free(vp);
}

bool sim_platform_is_virtual(const rt_platform *p) { return p && p->now == v_now; }

int sim_vplatform_run(rt_platform *p, void (*fn)(void *arg), void *arg) {
  vplatform *vp = (vplatform *)p;
  if (vp->running) return RT_ERUNNING;
  threads_clear(vp);
  rt_thread *m;
  int rc = thread_make(vp, "MainThread", fn, arg, vp->main_stack, &m);
  if (rc != RT_OK) return rc;
  vp->main = m;
  vp->root = rt_lane_current();
  vp->running = 1;
  vp->deadlocked = 0;
  vp->deadlock_wakes = 0;
  vp->end_rc = RT_OK;
  vp->current = m;
  m->state = VL_RUNNING;
  rt_lane_switch(m->lane);
  /* Back on the root: the main thread returned, or the run ended. */
  vp->running = 0;
  vp->current = NULL;
  return vp->deadlocked ? RT_EDEADLOCK : vp->end_rc;
}

/* ------------------------------------------------------------- runs */

typedef struct run_ctx {
  sim_main_fn fn;
  void *arg;
  rt_platform *p;
  int status;
} run_ctx;

static void run_main(void *arg) {
  run_ctx *r = arg;
  r->status = r->fn(r->p, r->arg);
}

int sim_run(const sim_run_opts *opts, sim_main_fn fn, void *arg, int *status) {
  sim_run_opts none = {0};
  if (!opts) opts = &none;
  rt_reset_ids();
  rt_platform *p = NULL;
  int rc = RT_OK;
  if (opts->real_time) {
    p = rt_platform_real();
  } else if ((rc = sim_vplatform_new(&opts->vplatform, &p)) != RT_OK) {
    return rc;
  }
  if (opts->timeline) sim_timeline_attach(opts->timeline, p);
  run_ctx r = {fn, arg, p, 0};
  if (opts->real_time) run_main(&r);
  else rc = sim_vplatform_run(p, run_main, &r);
  if (opts->timeline) sim_timeline_detach(opts->timeline);
  if (!opts->real_time) sim_vplatform_free(p);
  if (status) *status = r.status;
  return rc;
}
