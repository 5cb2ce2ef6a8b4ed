/* threads.c: the interpreter's threads: the GIL platform wrapper, per-thread interpreter state, thread records, joins and the shutdown at exit (threads_int.h has the rules). */
#include "threads_int.h"

#include "mod_std.h"
#include "modules_int.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The GIL is a flag under a mutex, with a condition for threads waiting
 * to take it (CPython's design): the mutex is only ever held for a few
 * instructions by one coroutine, never across a switch, which keeps
 * ThreadSanitizer's fibers (a task's stack is one) consistent. */
typedef struct gil_platform {
  rt_platform base;          /* first: the rt_platform * is the wrapper */
  rt_platform *inner;        /* the run's platform */
  rt_mutex *m;               /* guards held */
  rt_cond *free;             /* signalled when held goes false */
  bool held;
} gil_platform;

/* One interpreter at a time (lang.h), so one wrapper: its functions that
 * get no platform argument (mutexes, conditions) find it here. */
static gil_platform *g_gp;
static lang_thread *g_cur;          /* the thread holding the GIL */
static lang_thread *g_main;
static lang_thread *g_first, **g_tail = &g_first;
static size_t g_alive;              /* started, not finished */
static rt_cond *g_changed;          /* broadcast when a thread starts or ends */
static long g_thread_no;            /* threading's _counter */
static bool g_exiting;              /* unwinding the threads left at exit */
#define ATEXIT_MAX 8
static void (*g_atexit[ATEXIT_MAX])(void);
static int g_natexit;

/* ------------------------------------------------------ the GIL itself */

/* Save the calling thread's interpreter state into its record. */
static lang_thread *state_save(void) {
  lang_thread *me = g_cur;
  lang_interp *ip = lang__ip;
  if (me && ip) {
    me->cur = ip->cur;
    me->handled = ip->handled;
    me->nhandled = ip->nhandled;
    me->caphandled = ip->caphandled;
    me->ts = py_tstate_get();
  }
  return me;
}

/* Install me's interpreter state (the GIL is held). */
static void state_install(lang_thread *me) {
  g_cur = me;
  lang_interp *ip = lang__ip;
  if (!me || !ip) return;
  ip->cur = me->cur;
  ip->handled = me->handled;
  ip->nhandled = me->nhandled;
  ip->caphandled = me->caphandled;
  py_tstate_swap(me->ts);
}

/* With m held: give the GIL up / take it (waiting while another has it). */
static void gil_drop_locked(gil_platform *g) {
  g->held = false;
  g->inner->cond_signal(g->free);
}
static void gil_take_locked(gil_platform *g) {
  while (g->held) g->inner->cond_wait(g->free, g->m, -1.0);
  g->held = true;
}

static void gil_take(gil_platform *g) {
  g->inner->mutex_lock(g->m);
  gil_take_locked(g);
  g->inner->mutex_unlock(g->m);
}

static lang_thread *gil_release(gil_platform *g) {
  lang_thread *me = state_save();
  g->inner->mutex_lock(g->m);
  gil_drop_locked(g);
  g->inner->mutex_unlock(g->m);
  return me;
}

static void gil_acquire(gil_platform *g, lang_thread *me) {
  gil_take(g);
  state_install(me);
}

/* A thread being unwound at exit: its waits fail (threads_int.h, 4). */
static bool unwinding(lang_thread *me) { return g_exiting && me && me != g_main; }

int lang__gil_wait(rt_cond *c, double deadline) {
  gil_platform *g = g_gp;
  lang_thread *me = state_save();
  if (unwinding(me)) return RT_EDEADLOCK;
  if (me) me->wait_cond = c;
  /* m is held from giving the GIL up until the wait begins, so whoever
   * takes the GIL next and signals c cannot signal too early */
  g->inner->mutex_lock(g->m);
  gil_drop_locked(g);
  int rc = g->inner->cond_wait(c, g->m, deadline);
  gil_take_locked(g);
  g->inner->mutex_unlock(g->m);
  state_install(me);
  if (me) me->wait_cond = NULL;
  return unwinding(me) ? RT_EDEADLOCK : rc;
}

/* -------------------------------------------------------- the wrapper */

#define INNER(p) (((gil_platform *)(p))->inner)

static double gp_now(rt_platform *p) { return INNER(p)->now(INNER(p)); }
static uint64_t gp_wall_ns(rt_platform *p) { return INNER(p)->wall_ns(INNER(p)); }
static int gp_cpu_count(rt_platform *p) { return INNER(p)->cpu_count(INNER(p)); }

static void gp_sleep(rt_platform *p, double secs) {
  gil_platform *g = (gil_platform *)p;
  lang_thread *me = gil_release(g);
  g->inner->sleep(g->inner, secs);
  gil_acquire(g, me);
}

static int gp_poller_new(rt_platform *p, rt_poller **out) {
  return INNER(p)->poller_new(INNER(p), out);
}
static int gp_poller_wait(rt_poller *po, double deadline) {
  gil_platform *g = g_gp;
  if (g_cur) g_cur->wait_poller = po;
  lang_thread *me = gil_release(g);
  int rc = unwinding(me) ? RT_EDEADLOCK : g->inner->poller_wait(po, deadline);
  gil_acquire(g, me);
  if (me) me->wait_poller = NULL;
  return unwinding(me) ? RT_EDEADLOCK : rc;
}
static void gp_poller_wake(rt_poller *po) { g_gp->inner->poller_wake(po); }
static void gp_poller_free(rt_poller *po) { g_gp->inner->poller_free(po); }
static int gp_io_watch(rt_poller *po, int fd, uint32_t ev) { return g_gp->inner->io_watch(po, fd, ev); }
static int gp_io_poll(rt_poller *po, rt_io_ready *out, int max) { return g_gp->inner->io_poll(po, out, max); }

static int gp_thread_start(rt_platform *p, const char *name, void (*fn)(void *), void *arg,
                           rt_thread **out) {
  (void)p;
  /* asyncio's shutdown_default_executor starts threading.Thread(target=
   * self._do_shutdown): it takes a "Thread-N" number in CPython. */
  if (name && strcmp(name, "asyncio_shutdown") == 0) g_thread_no++;
  lang_thread *t;
  int rc = lang__thread_start(name, fn, arg, &t);
  if (rc != RT_OK) return rc;
  *out = t->handle;  /* the runtime joins it */
  t->handle = NULL;
  return RT_OK;
}
static int gp_thread_join(rt_thread *t) {
  gil_platform *g = g_gp;
  lang_thread *me = gil_release(g);
  int rc = g->inner->thread_join(t);
  gil_acquire(g, me);
  return rc == RT_OK || !unwinding(me) ? rc : RT_EDEADLOCK;
}

static int gp_mutex_new(rt_platform *p, rt_mutex **out) { return INNER(p)->mutex_new(INNER(p), out); }
/* Keeps the GIL: runtime mutexes are held briefly by threads that have it. */
static void gp_mutex_lock(rt_mutex *m) { g_gp->inner->mutex_lock(m); }
static void gp_mutex_unlock(rt_mutex *m) { g_gp->inner->mutex_unlock(m); }
static void gp_mutex_free(rt_mutex *m) { g_gp->inner->mutex_free(m); }

static int gp_cond_new(rt_platform *p, rt_cond **out) { return INNER(p)->cond_new(INNER(p), out); }
/* Never waits for the GIL while holding m (threads_int.h, 2). */
static int gp_cond_wait(rt_cond *c, rt_mutex *m, double deadline) {
  gil_platform *g = g_gp;
  if (g_cur) g_cur->wait_cond = c;
  lang_thread *me = gil_release(g);
  int rc = unwinding(me) ? RT_EDEADLOCK : g->inner->cond_wait(c, m, deadline);
  g->inner->mutex_unlock(m);
  gil_acquire(g, me);
  if (me) me->wait_cond = NULL;
  g->inner->mutex_lock(m);
  return unwinding(me) ? RT_EDEADLOCK : rc;
}
static void gp_cond_signal(rt_cond *c) { g_gp->inner->cond_signal(c); }
static void gp_cond_broadcast(rt_cond *c) { g_gp->inner->cond_broadcast(c); }
static void gp_cond_free(rt_cond *c) { g_gp->inner->cond_free(c); }

static void wrapper_free(gil_platform *g) {
  if (g->free) g->inner->cond_free(g->free);
  if (g->m) g->inner->mutex_free(g->m);
  rt_free(g);
}

static gil_platform *wrapper_new(rt_platform *inner) {
  gil_platform *g = rt_calloc(1, sizeof *g);
  if (!g) return NULL;
  g->inner = inner;
  if (inner->mutex_new(inner, &g->m) != RT_OK || inner->cond_new(inner, &g->free) != RT_OK) {
    wrapper_free(g);
    return NULL;
  }
  rt_platform *b = &g->base;
  b->name = inner->name;
  b->now = gp_now;
  b->wall_ns = gp_wall_ns;
  b->sleep = gp_sleep;
  b->poller_new = gp_poller_new;
  b->poller_wait = gp_poller_wait;
  b->poller_wake = gp_poller_wake;
  b->poller_free = gp_poller_free;
  b->thread_start = gp_thread_start;
  b->thread_join = gp_thread_join;
  b->mutex_new = gp_mutex_new;
  b->mutex_lock = gp_mutex_lock;
  b->mutex_unlock = gp_mutex_unlock;
  b->mutex_free = gp_mutex_free;
  b->cond_new = gp_cond_new;
  b->cond_wait = gp_cond_wait;
  b->cond_signal = gp_cond_signal;
  b->cond_broadcast = gp_cond_broadcast;
  b->cond_free = gp_cond_free;
  b->io_watch = inner->io_watch ? gp_io_watch : NULL;
  b->io_poll = inner->io_poll ? gp_io_poll : NULL;
  b->cpu_count = inner->cpu_count ? gp_cpu_count : NULL;
  return g;
}

/* ------------------------------------------------------------ records */

static lang_thread *record_new(const char *name) {
  lang_thread *t = rt_calloc(1, sizeof *t);
  if (!t) return NULL;
  size_t n = strlen(name) + 1;
  if (!(t->name = rt_malloc(n))) {
    rt_free(t);
    return NULL;
  }
  memcpy(t->name, name, n);
  *g_tail = t;
  g_tail = &t->next;
  return t;
}

/* What every thread runs: the GIL, a fresh interpreter state, fn, then
 * the thread's end (its joiners are told). */
static void thread_entry(void *arg) {
  lang_thread *t = arg;
  gil_platform *g = g_gp;
  gil_take(g);
  py_tstate_init(&t->own_ts);
  t->ts = &t->own_ts;
  t->ident = rt_thread_id();
  t->running = true;
  g->inner->cond_broadcast(g_changed);
  state_install(t);
  t->fn(t->arg);
  lang_interp *ip = lang__ip;
  if (ip) {
    while (ip->nhandled > 0) py_xdecref(ip->handled[--ip->nhandled]);
    rt_free(ip->handled);
    ip->handled = NULL;
    ip->caphandled = 0;
    ip->cur = NULL;
  }
  py_tstate_close(&t->own_ts);
  t->done = true;
  g_alive--;
  g->inner->cond_broadcast(g_changed);
  g_cur = NULL;
  g->inner->mutex_lock(g->m);
  gil_drop_locked(g);
  g->inner->mutex_unlock(g->m);
}

int lang__thread_start(const char *name, void (*fn)(void *), void *arg, lang_thread **rec) {
  gil_platform *g = g_gp;
  char buf[32];
  if (!name) {
    snprintf(buf, sizeof buf, "Thread-%ld", ++g_thread_no);
    name = buf;
  }
  lang_thread *t = record_new(name);
  if (!t) return RT_ENOMEM;
  t->fn = fn;
  t->arg = arg;
  t->started = true;
  g_alive++;
  rt_thread *h = NULL;
  int rc = g->inner->thread_start(g->inner, name, thread_entry, t, &h);
  if (rc != RT_OK) {
    t->started = false;
    t->done = true;
    g_alive--;
    return rc;
  }
  t->handle = h;
  *rec = t;
  return RT_OK;
}

int lang__thread_join(lang_thread *t, double timeout) {
  gil_platform *g = g_gp;
  double deadline = timeout < 0 ? -1.0 : g->inner->now(g->inner) + timeout;
  if (timeout < 0 && t->handle && !t->joining) {
    /* the platform's join: the thread shows as waiting for t */
    t->joining = true;
    int rc = gp_thread_join(t->handle);
    t->joining = false;
    if (rc != RT_OK) return rc;
    t->handle = NULL;
    return RT_OK;
  }
  while (!t->done) {
    int rc = lang__gil_wait(g_changed, deadline);
    if (rc == RT_EDEADLOCK) return rc;
    if (rc == RT_ETIMEDOUT && !t->done) return RT_ETIMEDOUT;
  }
  if (t->handle && !t->joining) {  /* reap it: it has ended or is ending */
    t->joining = true;
    int rc = gp_thread_join(t->handle);
    t->joining = false;
    if (rc == RT_OK) t->handle = NULL;
  }
  return RT_OK;
}

int lang__thread_wait_running(lang_thread *t) {
  while (!t->running && !t->done) {
    int rc = lang__gil_wait(g_changed, -1.0);
    if (rc == RT_EDEADLOCK) return rc;
  }
  return RT_OK;
}

int lang__threads_wait_new(lang_thread *since) {
  for (lang_thread *t = since ? since->next : g_first; t; t = t->next) {
    int rc = lang__thread_wait_running(t);
    if (rc != RT_OK) return rc;
  }
  return RT_OK;
}

lang_thread *lang__threads_last(void) {
  if (!g_first) return NULL;
  return (lang_thread *)((char *)g_tail - offsetof(lang_thread, next));
}

long lang__thread_next_number(void) { return ++g_thread_no; }

/* ----------------------------------------------------------- queries */

bool lang__platform_is_real(void) {
  if (g_gp) return g_gp->inner == rt_platform_real();
  return lang__platform() == rt_platform_real();
}
double lang__now(void) {
  rt_platform *p = lang__platform();
  return p->now(p);
}
lang_thread *lang__thread_current(void) { return g_cur; }
lang_thread *lang__thread_main(void) { return g_main; }
lang_thread *lang__threads_first(void) { return g_first; }
size_t lang__threads_alive(void) { return g_alive; }

py_obj *lang__run_over(void) {
  if (lang__ip) lang__ip->opts.output = NULL;
  return py_err_set_obj(&py_exc_SystemExit, NULL);
}

/* ------------------------------------------------------- life cycle */

int lang__threads_init(lang_interp *ip) {
  rt_platform *inner = ip->opts.platform ? ip->opts.platform : rt_platform_real();
  gil_platform *g = wrapper_new(inner);
  if (!g) return -1;
  if (inner->cond_new(inner, &g_changed) != RT_OK) {
    wrapper_free(g);
    return -1;
  }
  g_gp = g;
  gil_take(g);
  ip->opts.platform = &g->base;
  g_thread_no = 0;
  g_natexit = 0;
  lang_thread *m = record_new("MainThread");
  if (!m) return -1;
  m->started = m->running = true;
  m->ident = rt_thread_id();
  m->ts = py_tstate_get();
  g_main = g_cur = m;
  g_alive = 1;
  return 0;
}

int lang__threads_atexit(void (*fn)(void)) {
  if (g_natexit == ATEXIT_MAX) {
    py_err_no_memory();
    return -1;
  }
  g_atexit[g_natexit++] = fn;
  return 0;
}

static bool others_alive(void) {
  for (lang_thread *t = g_first; t; t = t->next)
    if (t != g_main && t->started && !t->done) return true;
  return false;
}

/* Unwind the threads still alive, output muted (threads_int.h, 4). */
static void unwind_leftovers(void) {
  lang_interp *ip = lang__ip;
  if (!ip || lang__platform_is_real() || !others_alive()) return;
  lang_opts saved = ip->opts;
  py_obj *exit_code = ip->exit_code;
  ip->exit_code = NULL;
  ip->opts.output = NULL;
  ip->opts.max_steps = ip->steps;
  g_exiting = true;
  for (lang_thread *t = g_first; t; t = t->next) {
    if (t->wait_cond) g_gp->inner->cond_broadcast(t->wait_cond);
    if (t->wait_poller) g_gp->inner->poller_wake(t->wait_poller);
  }
  while (others_alive() && lang__gil_wait(g_changed, -1.0) != RT_EDEADLOCK) {}
  g_exiting = false;
  PY_SETREF(ip->exit_code, exit_code);
  ip->opts.output = saved.output;
  ip->opts.max_steps = saved.max_steps;
  py_err_clear();
}

void lang__threads_shutdown(void) {
  if (!g_gp) return;
  while (g_natexit > 0) g_atexit[--g_natexit]();
  bool over = false;
  for (lang_thread *t = g_first; t && !over; t = t->next) {
    if (t == g_main || t->daemon || !t->handle) continue;
    if (lang__thread_join(t, -1) == RT_EDEADLOCK) {
      lang__run_over();
      py_err_clear();
      over = true;
    }
  }
  unwind_leftovers();
  for (lang_thread *t = g_first; t; t = t->next) PY_CLEAR(t->obj);
}

void lang__threads_fini(void) {
  gil_platform *g = g_gp;
  for (lang_thread *t = g_first; t; t = t->next) PY_CLEAR(t->obj);
  lang__mod_fini();
  if (!g) return;
  lang_interp *ip = lang__ip;
  if (ip && ip->opts.platform == &g->base) ip->opts.platform = g->inner;
  if (g->inner == rt_platform_real() && g_alive > 1) {
    /* daemon threads: they wait for the GIL until the process ends */
    g_gp = NULL;
    g_first = NULL;
    g_tail = &g_first;
    g_cur = g_main = NULL;
    return;
  }
  lang_thread *t = g_first;
  while (t) {
    lang_thread *next = t->next;
    rt_free(t->name);
    rt_free(t);
    t = next;
  }
  g_first = NULL;
  g_tail = &g_first;
  g_cur = g_main = NULL;
  g_alive = 0;
  if (g_changed) g->inner->cond_free(g_changed);
  g_changed = NULL;
  wrapper_free(g);
  g_gp = NULL;
}
