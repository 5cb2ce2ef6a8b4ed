/* pool.c: the thread-pool executor (concurrent.futures' ThreadPoolExecutor
 * and Future, CPython 3.11), the chains between thread-side and loop
 * futures (asyncio's wrap_future / _chain_future), run_in_executor,
 * to_thread, shutdown_default_executor, and the loop's extension block. */
#include <stdio.h>
#include <string.h>

#include "ext_int.h"

void rt__trace_thread(rt_platform *p, int kind, int64_t a0, int64_t a1, int64_t a2,
                      int64_t a3) {
  if (!rt__tracing()) return;
  rt_loop *loop = rt__tls_state.loop;  /* on a loop thread: its clock */
  if (loop) rt__trace_emit(loop, kind, a0, a1, a2, a3);
  else rt__trace_emit_at(0, p->now(p), kind, a0, a1, a2, a3);
}

/* ================================================ thread-side futures */

typedef struct cf_cb {
  rt_cfuture_cb cb;
  void *arg;
  void (*free_cb)(void *arg);
  struct cf_cb *next;
} cf_cb;

struct rt_cfuture {
  /* set at creation, then read-only */
  rt_platform *p;
  rt_mutex *m;
  rt_cond *c;
  rt_value_ops ops;
  uint32_t id;
  atomic_long refs;
  /* under m */
  int state;          /* rt_cfuture_state */
  int rc;             /* FINISHED: RT_OK, RT_ERAISED or a runtime error */
  void *value;        /* the result or the exception (owned) */
  cf_cb *cbs, **cbs_tail;
};

int rt__cfuture_new(rt_platform *p, const rt_value_ops *ops, int what, uint32_t exec_id,
                    rt_cfuture **out) {
  rt_cfuture *cf = rt_calloc(1, sizeof *cf);
  if (!cf) return RT_ENOMEM;
  int rc = p->mutex_new(p, &cf->m);
  if (rc != RT_OK) goto fail;
  if ((rc = p->cond_new(p, &cf->c)) != RT_OK) goto fail;
  cf->p = p;
  if (ops) cf->ops = *ops;
  cf->id = rt__obj_id();
  atomic_init(&cf->refs, 1);
  cf->cbs_tail = &cf->cbs;
  rt__trace_thread(p, RT_EV_CFUTURE_NEW, cf->id, what, exec_id, 0);
  *out = cf;
  return RT_OK;
fail:
  if (cf->m) p->mutex_free(cf->m);
  rt_free(cf);
  return rc;
}

int rt_cfuture_new(rt_platform *p, const rt_value_ops *ops, rt_cfuture **out) {
  return rt__cfuture_new(p ? p : rt_platform_real(), ops, RT_WAIT_FUTURE, 0, out);
}

void rt_cfuture_retain(rt_cfuture *cf) {
  atomic_fetch_add_explicit(&cf->refs, 1, memory_order_relaxed);
}

void rt_cfuture_release(rt_cfuture *cf) {
  if (!cf || atomic_fetch_sub_explicit(&cf->refs, 1, memory_order_acq_rel) != 1) return;
  for (cf_cb *c = cf->cbs, *next; c; c = next) {  /* never ran: it never finished */
    next = c->next;
    if (c->free_cb) c->free_cb(c->arg);
    rt_free(c);
  }
  if (cf->value && cf->ops.release) cf->ops.release(cf->ops.ud, cf->value);
  cf->p->cond_free(cf->c);
  cf->p->mutex_free(cf->m);
  rt_free(cf);
}

uint32_t rt_cfuture_id(const rt_cfuture *cf) { return cf->id; }

rt_cfuture_state rt_cfuture_state_of(rt_cfuture *cf) {
  cf->p->mutex_lock(cf->m);
  int s = cf->state;
  cf->p->mutex_unlock(cf->m);
  return (rt_cfuture_state)s;
}

static bool is_cancelled(int s) { return s == RT_CF_CANCELLED || s == RT_CF_CANCELLED_AND_NOTIFIED; }
static bool is_done(int s) { return is_cancelled(s) || s == RT_CF_FINISHED; }

bool rt_cfuture_done(rt_cfuture *cf) { return is_done(rt_cfuture_state_of(cf)); }
bool rt_cfuture_cancelled(rt_cfuture *cf) { return is_cancelled(rt_cfuture_state_of(cf)); }

/* _invoke_callbacks, after the state became done (under m the list was
 * taken: nothing can be added any more). */
static void run_callbacks(rt_cfuture *cf, cf_cb *c) {
  while (c) {
    cf_cb *next = c->next;
    c->cb(cf, c->arg);
    if (c->free_cb) c->free_cb(c->arg);
    rt_free(c);
    c = next;
  }
}

static cf_cb *take_callbacks(rt_cfuture *cf) {
  cf_cb *c = cf->cbs;
  cf->cbs = NULL;
  cf->cbs_tail = &cf->cbs;
  return c;
}

bool rt_cfuture_cancel(rt_cfuture *cf) {
  rt_platform *p = cf->p;
  p->mutex_lock(cf->m);
  if (cf->state == RT_CF_RUNNING || cf->state == RT_CF_FINISHED) {
    p->mutex_unlock(cf->m);
    return false;
  }
  if (is_cancelled(cf->state)) {
    p->mutex_unlock(cf->m);
    return true;
  }
  cf->state = RT_CF_CANCELLED;
  p->cond_broadcast(cf->c);
  cf_cb *c = take_callbacks(cf);
  p->mutex_unlock(cf->m);
  rt__trace_thread(p, RT_EV_CFUTURE_DONE, cf->id, RT_ECANCELLED, 0, 0);
  run_callbacks(cf, c);
  return true;
}

bool rt_cfuture_set_running_or_notify_cancel(rt_cfuture *cf) {
  rt_platform *p = cf->p;
  p->mutex_lock(cf->m);
  int s = cf->state;
  if (s == RT_CF_CANCELLED) cf->state = RT_CF_CANCELLED_AND_NOTIFIED;
  else if (s == RT_CF_PENDING) cf->state = RT_CF_RUNNING;
  p->mutex_unlock(cf->m);
  rt__check(s == RT_CF_CANCELLED || s == RT_CF_PENDING,
            "set_running_or_notify_cancel: Future in unexpected state");
  return s == RT_CF_PENDING;
}

/* set_running_or_notify_cancel without the misuse check, for the
 * runtime's own callers: true if cf was pending and now runs; a cancelled
 * one becomes CANCELLED_AND_NOTIFIED; any other state (someone finished it
 * by hand) is left alone. */
static bool cf_start(rt_cfuture *cf) {
  rt_platform *p = cf->p;
  p->mutex_lock(cf->m);
  int s = cf->state;
  if (s == RT_CF_CANCELLED) cf->state = RT_CF_CANCELLED_AND_NOTIFIED;
  else if (s == RT_CF_PENDING) cf->state = RT_CF_RUNNING;
  p->mutex_unlock(cf->m);
  return s == RT_CF_PENDING;
}

/* Finish with rc and value (taken over on RT_OK). RT_ESTATE if done. */
static int cf_finish(rt_cfuture *cf, int rc, void *value) {
  rt_platform *p = cf->p;
  p->mutex_lock(cf->m);
  if (is_done(cf->state)) {
    p->mutex_unlock(cf->m);
    return RT_ESTATE;
  }
  cf->state = RT_CF_FINISHED;
  cf->rc = rc;
  cf->value = value;
  p->cond_broadcast(cf->c);
  cf_cb *c = take_callbacks(cf);
  p->mutex_unlock(cf->m);
  rt__trace_thread(p, RT_EV_CFUTURE_DONE, cf->id, rc, 0, 0);
  run_callbacks(cf, c);
  return RT_OK;
}

int rt_cfuture_set_result(rt_cfuture *cf, void *v) { return cf_finish(cf, RT_OK, v); }
int rt_cfuture_set_exception(rt_cfuture *cf, void *exc) { return cf_finish(cf, RT_ERAISED, exc); }

void rt__cfuture_fail(rt_cfuture *cf, int rc) {
  if (cf_start(cf)) cf_finish(cf, rc, NULL);
}

/* The outcome, under m: its code and a new reference to the value. */
static int cf_get(rt_cfuture *cf, void **out) {
  if (is_cancelled(cf->state)) return RT_ECANCELLED;
  if (out) {
    *out = cf->value;
    if (cf->value && cf->ops.retain) cf->ops.retain(cf->ops.ud, cf->value);
  }
  return cf->rc;
}

int rt_cfuture_result(rt_cfuture *cf, double timeout, void **out) {
  rt_platform *p = cf->p;
  if (out) *out = NULL;
  p->mutex_lock(cf->m);
  if (!is_done(cf->state)) {
    double deadline = timeout == timeout ? p->now(p) + timeout : -1.0;
    if (deadline < 0 && timeout == timeout) deadline = 0;  /* already past */
    while (!is_done(cf->state)) {
      int w = p->cond_wait(cf->c, cf->m, deadline);
      if (w == RT_EDEADLOCK) {
        p->mutex_unlock(cf->m);
        return RT_EDEADLOCK;
      }
      if (w == RT_ETIMEDOUT) break;
    }
    if (!is_done(cf->state)) {
      p->mutex_unlock(cf->m);
      return RT_ETIMEDOUT;
    }
  }
  int rc = cf_get(cf, out);
  p->mutex_unlock(cf->m);
  return rc;
}

int rt_cfuture_add_done_cb(rt_cfuture *cf, rt_cfuture_cb cb, void *arg, void (*free_cb)(void *)) {
  cf_cb *c = rt_malloc(sizeof *c);
  if (!c) return RT_ENOMEM;
  *c = (cf_cb){cb, arg, free_cb, NULL};
  rt_platform *p = cf->p;
  p->mutex_lock(cf->m);
  if (!is_done(cf->state)) {
    *cf->cbs_tail = c;
    cf->cbs_tail = &c->next;
    p->mutex_unlock(cf->m);
    return RT_OK;
  }
  p->mutex_unlock(cf->m);
  run_callbacks(cf, c);  /* done already: at once, on this thread */
  return RT_OK;
}

/* ========================================================== executor */

typedef struct job {
  rt_job_fn fn;
  void *arg;
  void (*arg_free)(void *arg);
  rt_cfuture *cf;  /* a reference */
  struct job *next;
} job;

typedef struct worker {
  rt_executor *ex;
  rt_thread *th;
  int index;
  char name[];
} worker;

struct rt_executor {
  /* set at creation, then read-only */
  rt_platform *p;
  rt_mutex *m;
  rt_cond *work;      /* signalled when a job is queued or on shutdown */
  uint32_t id;
  int max_workers;
  char *prefix;
  rt_value_ops ops;
  /* under m */
  job *head, *tail;
  size_t njobs;
  worker **workers;   /* started, in order */
  size_t nworkers, capworkers, njoined;
  long idle;          /* _idle_semaphore's count */
  uint8_t shutdown;
};

_Atomic int rt__next_executor_no;  /* ThreadPoolExecutor._counter (rt_reset_ids) */

/* In rt__tls_state, so that lanes (sim's virtual threads) carry it. */
const char *rt_executor_thread_name(void) { return rt__tls_state.worker; }

int rt_default_max_workers(rt_platform *p) {
  if (!p) p = rt_platform_real();
  int cpus = p->cpu_count ? p->cpu_count(p) : rt_platform_real()->cpu_count(p);
  if (cpus < 1) cpus = 1;
  return cpus + 4 < 32 ? cpus + 4 : 32;
}

int rt_executor_new(rt_platform *p, int max_workers, const char *prefix,
                    const rt_value_ops *ops, rt_executor **out) {
  if (max_workers < 0) return RT_EINVAL;  /* "max_workers must be greater than 0" */
  if (!p) p = rt_platform_real();
  rt_executor *ex = rt_calloc(1, sizeof *ex);
  if (!ex) return RT_ENOMEM;
  int rc = RT_ENOMEM;
  char buf[48];
  if (!prefix) {
    snprintf(buf, sizeof buf, "ThreadPoolExecutor-%d", atomic_fetch_add(&rt__next_executor_no, 1));
    prefix = buf;
  }
  size_t len = strlen(prefix) + 1;
  if (!(ex->prefix = rt_malloc(len))) goto fail;
  memcpy(ex->prefix, prefix, len);
  if ((rc = p->mutex_new(p, &ex->m)) != RT_OK) goto fail;
  if ((rc = p->cond_new(p, &ex->work)) != RT_OK) goto fail;
  ex->p = p;
  ex->max_workers = max_workers ? max_workers : rt_default_max_workers(p);
  if (ops) ex->ops = *ops;
  ex->id = rt__obj_id();
  if (rt__tracing())
    rt__trace_thread(p, RT_EV_EXEC_NEW, ex->id, ex->max_workers, rt_intern(ex->prefix), 0);
  *out = ex;
  return RT_OK;
fail:
  if (ex->m) p->mutex_free(ex->m);
  rt_free(ex->prefix);
  rt_free(ex);
  return rc;
}

uint32_t rt_executor_id(const rt_executor *ex) { return ex->id; }
int rt_executor_max_workers(const rt_executor *ex) { return ex->max_workers; }

size_t rt_executor_threads(rt_executor *ex) {
  ex->p->mutex_lock(ex->m);
  size_t n = ex->nworkers;
  ex->p->mutex_unlock(ex->m);
  return n;
}

static void job_free(job *j) {
  if (j->arg_free) j->arg_free(j->arg);
  rt_cfuture_release(j->cf);
  rt_free(j);
}

/* _WorkItem.run. */
static void run_job(rt_executor *ex, job *j, int index) {
  if (cf_start(j->cf)) {
    rt__trace_thread(ex->p, RT_EV_EXEC_START, ex->id, j->cf->id, index, 0);
    void *out = NULL;
    int rc = j->fn(j->arg, &out);
    rt__trace_thread(ex->p, RT_EV_EXEC_DONE, ex->id, j->cf->id, rc, index);
    if (cf_finish(j->cf, rc, out) != RT_OK && out && j->cf->ops.release)
      j->cf->ops.release(j->cf->ops.ud, out);
  }
  job_free(j);
}

/* _worker: take jobs until shut down with none left. */
static void worker_main(void *arg) {
  worker *w = arg;
  rt_executor *ex = w->ex;
  rt_platform *p = ex->p;
  rt__tls_state.worker = w->name;
  p->mutex_lock(ex->m);
  for (;;) {
    while (!ex->head && !ex->shutdown) {
      if (p->cond_wait(ex->work, ex->m, -1.0) == RT_EDEADLOCK) goto out;
    }
    job *j = ex->head;
    if (!j) break;  /* shut down, nothing left */
    ex->head = j->next;
    if (!ex->head) ex->tail = NULL;
    ex->njobs--;
    p->mutex_unlock(ex->m);
    run_job(ex, j, w->index);
    p->mutex_lock(ex->m);
    ex->idle++;  /* executor._idle_semaphore.release() */
  }
out:
  p->mutex_unlock(ex->m);
  rt__tls_state.worker = NULL;
}

/* _adjust_thread_count, under m: an idle worker takes the job, or a new
 * thread starts while there are fewer than max_workers. */
static int adjust_thread_count(rt_executor *ex) {
  if (ex->idle > 0) {
    ex->idle--;
    return RT_OK;
  }
  if (ex->nworkers >= (size_t)ex->max_workers) return RT_OK;
  if (ex->nworkers == ex->capworkers) {
    size_t cap = ex->capworkers ? ex->capworkers * 2 : 4;
    worker **a = rt_realloc(ex->workers, cap * sizeof *a);
    if (!a) return RT_ENOMEM;
    ex->workers = a;
    ex->capworkers = cap;
  }
  char name[96];
  snprintf(name, sizeof name, "%s_%zu", ex->prefix, ex->nworkers);
  size_t len = strlen(name) + 1;
  worker *w = rt_malloc(sizeof *w + len);
  if (!w) return RT_ENOMEM;
  w->ex = ex;
  w->index = (int)ex->nworkers;
  memcpy(w->name, name, len);
  int rc = ex->p->thread_start(ex->p, name, worker_main, w, &w->th);
  if (rc != RT_OK) {
    rt_free(w);
    return rc;
  }
  ex->workers[ex->nworkers++] = w;
  return RT_OK;
}

int rt_executor_submit(rt_executor *ex, rt_job_fn fn, void *arg, void (*arg_free)(void *),
                       rt_cfuture **out) {
  job *j = rt_malloc(sizeof *j);
  if (!j) return RT_ENOMEM;
  int rc = rt__cfuture_new(ex->p, &ex->ops, RT_WAIT_EXECUTOR, ex->id, &j->cf);
  if (rc != RT_OK) {
    rt_free(j);
    return rc;
  }
  j->fn = fn;
  j->arg = arg;
  j->arg_free = arg_free;
  j->next = NULL;
  rt_platform *p = ex->p;
  p->mutex_lock(ex->m);
  if (ex->shutdown) {
    p->mutex_unlock(ex->m);
    rt_cfuture_release(j->cf);
    rt_free(j);
    return RT_ESTATE;  /* 'cannot schedule new futures after shutdown' */
  }
  if (ex->tail) ex->tail->next = j;
  else ex->head = j;
  ex->tail = j;
  ex->njobs++;
  rt__trace_thread(p, RT_EV_EXEC_SUBMIT, ex->id, j->cf->id, ex->njobs, ex->nworkers);
  rc = adjust_thread_count(ex);
  if (rc != RT_OK && ex->nworkers == 0) {  /* nobody would ever run it */
    ex->head = ex->tail = NULL;
    ex->njobs = 0;
    p->mutex_unlock(ex->m);
    rt_cfuture_release(j->cf);
    rt_free(j);
    return rc;
  }
  p->cond_signal(ex->work);
  rt_cfuture_retain(j->cf);
  *out = j->cf;
  p->mutex_unlock(ex->m);
  return RT_OK;
}

void rt_executor_shutdown(rt_executor *ex, bool wait, bool cancel_futures) {
  rt_platform *p = ex->p;
  job *cancelled = NULL;
  p->mutex_lock(ex->m);
  bool first = !ex->shutdown;
  ex->shutdown = 1;
  if (cancel_futures) {
    cancelled = ex->head;
    ex->head = ex->tail = NULL;
    ex->njobs = 0;
  }
  p->cond_broadcast(ex->work);
  size_t from = ex->njoined, to = wait ? ex->nworkers : from;
  ex->njoined = to;
  p->mutex_unlock(ex->m);
  if (first || cancel_futures || wait)
    rt__trace_thread(p, RT_EV_EXEC_SHUTDOWN, ex->id, wait, cancel_futures, 0);
  while (cancelled) {  /* outside the lock: callbacks may do anything */
    job *next = cancelled->next;
    rt_cfuture_cancel(cancelled->cf);
    job_free(cancelled);
    cancelled = next;
  }
  for (size_t i = from; i < to; i++) {  /* workers[] only grows before shutdown */
    worker *w = ex->workers[i];
    p->thread_join(w->th);
    rt_free(w);
    ex->workers[i] = NULL;
  }
}

void rt_executor_free(rt_executor *ex) {
  if (!ex) return;
  rt_executor_shutdown(ex, true, false);
  rt_platform *p = ex->p;
  for (job *j = ex->head, *next; j; j = next) {  /* none: workers drained them */
    next = j->next;
    job_free(j);
  }
  rt_free(ex->workers);
  p->cond_free(ex->work);
  p->mutex_free(ex->m);
  rt_free(ex->prefix);
  rt_free(ex);
}

/* ============================================= loop <-> thread chains */

struct rt__chain {
  atomic_long refs;     /* the list's, each registration's, each post's */
  rt_cfuture *cf;       /* a reference */
  rt_loop *loop;        /* under cf->m: NULL once the loop closed */
  /* loop thread only */
  rt_future *dest;      /* wrap_future's loop future (no reference: its
                           registration clears this when it goes) */
  rt_task *task;        /* run_coroutine_threadsafe's task (the same) */
  struct rt__chain *prev, *next;  /* on loop->ext->chains */
  uint8_t linked;
  cf_cb *node;          /* the cfuture callback, allocated up front */
};
typedef struct rt__chain chain;

static void chain_unref(void *arg) {
  chain *ch = arg;
  if (atomic_fetch_sub_explicit(&ch->refs, 1, memory_order_acq_rel) != 1) return;
  rt_free(ch->node);
  rt_cfuture_release(ch->cf);
  rt_free(ch);
}

rt__loop_ext *rt__loop_ext_get(rt_loop *loop) {
  if (!loop->ext) loop->ext = rt_calloc(1, sizeof(rt__loop_ext));
  return loop->ext;
}

/* Loop thread: off the loop's list (its reference dropped). */
static void chain_unlink(chain *ch) {
  if (!ch->linked) return;
  rt__loop_ext *ext = ch->loop ? ch->loop->ext : NULL;
  ch->linked = 0;
  if (ch->prev) ch->prev->next = ch->next;
  else if (ext) ext->chains = ch->next;
  if (ch->next) ch->next->prev = ch->prev;
  ch->prev = ch->next = NULL;
  chain_unref(ch);
}

/* A chain on the loop's list, with its cfuture callback node ready (so
 * attaching it to a cfuture later cannot fail). Loop thread. */
static chain *chain_new(rt_loop *loop) {
  rt__loop_ext *ext = rt__loop_ext_get(loop);
  if (!ext) return NULL;
  chain *ch = rt_calloc(1, sizeof *ch);
  if (!ch) return NULL;
  if (!(ch->node = rt_malloc(sizeof *ch->node))) {
    rt_free(ch);
    return NULL;
  }
  atomic_init(&ch->refs, 1);  /* the list's */
  ch->loop = loop;
  ch->linked = 1;
  ch->next = ext->chains;
  if (ext->chains) ext->chains->prev = ch;
  ext->chains = ch;
  return ch;
}

/* Tie the chain to cf and register cb on it with the node made up front:
 * cannot fail. */
static void chain_attach(chain *ch, rt_cfuture *cf, rt_cfuture_cb cb) {
  rt_cfuture_retain(cf);
  ch->cf = cf;
  cf_cb *c = ch->node;
  ch->node = NULL;
  atomic_fetch_add_explicit(&ch->refs, 1, memory_order_relaxed);
  *c = (cf_cb){cb, ch, chain_unref, NULL};
  rt_platform *p = cf->p;
  p->mutex_lock(cf->m);
  if (!is_done(cf->state)) {
    *cf->cbs_tail = c;
    cf->cbs_tail = &c->next;
    p->mutex_unlock(cf->m);
    return;
  }
  p->mutex_unlock(cf->m);
  run_callbacks(cf, c);
}

/* Any thread: call_soon_threadsafe(cb, ch) on the chain's loop, unless it
 * closed (then nothing happens). */
static void chain_post(chain *ch, rt_handle_cb cb) {
  rt_cfuture *cf = ch->cf;
  cf->p->mutex_lock(cf->m);
  if (ch->loop) {
    atomic_fetch_add_explicit(&ch->refs, 1, memory_order_relaxed);
    if (rt_call_soon_threadsafe(ch->loop, cb, ch, chain_unref) != RT_OK)
      atomic_fetch_sub_explicit(&ch->refs, 1, memory_order_relaxed);  /* not the last */
  }
  cf->p->mutex_unlock(cf->m);
}

/* ---- wrap_future: the cfuture is the source, a loop future the
 * destination. */

/* _copy_future_state, on the loop thread. */
static void chain_set_state_cb(rt_loop *loop, void *arg) {
  (void)loop;
  chain *ch = arg;
  chain_unlink(ch);
  rt_future *dest = ch->dest;
  if (!dest || dest->state != RT_FUT_PENDING) return;  /* cancelled: drop it */
  rt_cfuture *cf = ch->cf;
  void *v = NULL;
  cf->p->mutex_lock(cf->m);
  int rc = cf_get(cf, &v);
  cf->p->mutex_unlock(cf->m);
  if (rc == RT_ECANCELLED) rt_future_cancel(dest, NULL);
  else rt__future_complete(dest, rc == RT_OK ? RT_FUT_RESULT : RT_FUT_EXCEPTION, v);
}

/* _call_set_state, on the thread that finished the cfuture. */
static void chain_cf_done(rt_cfuture *cf, void *arg) {
  (void)cf;
  chain_post(arg, chain_set_state_cb);
}

/* _call_check_cancel on the loop future. */
static void chain_dest_done(rt_future *dest, void *arg) {
  chain *ch = arg;
  if (dest->state == RT_FUT_CANCELLED && ch->cf) rt_cfuture_cancel(ch->cf);
}

static void chain_dest_gone(void *arg) {
  chain *ch = arg;
  ch->dest = NULL;
  chain_unref(ch);
}

/* wrap_future in two halves, so that run_in_executor can make the loop
 * side before it queues the job: the loop future and its chain... */
static int wrap_prepare(rt_loop *loop, rt_future **dest_out, chain **ch_out) {
  if (loop->closed) return RT_ECLOSED;
  rt_future *dest;
  if (rt__future_new(loop, RT_WAIT_EXECUTOR, &dest) != RT_OK) return RT_ENOMEM;
  chain *ch = chain_new(loop);
  if (!ch) {
    rt_future_release(dest);
    return RT_ENOMEM;
  }
  atomic_fetch_add_explicit(&ch->refs, 1, memory_order_relaxed);
  if (rt__future_add_done_cb_free(dest, chain_dest_done, ch, chain_dest_gone) != RT_OK) {
    atomic_fetch_sub_explicit(&ch->refs, 1, memory_order_relaxed);
    chain_unlink(ch);
    rt_future_release(dest);
    return RT_ENOMEM;
  }
  ch->dest = dest;
  *dest_out = dest;
  *ch_out = ch;
  return RT_OK;
}

/* ... undone (the job could not be queued) ... */
static void wrap_abort(rt_future *dest, chain *ch) {
  rt_future_remove_done_cb(dest, chain_dest_done, ch);
  chain_unlink(ch);
  rt_future_release(dest);
}

/* ... or tied to the cfuture (cannot fail). */
static void wrap_attach(rt_future *dest, chain *ch, rt_cfuture *cf) {
  RT__TRACE(dest->loop, RT_EV_CFUTURE_CHAIN, cf->id, dest->id, 0, 0);
  chain_attach(ch, cf, chain_cf_done);
}

int rt_wrap_cfuture(rt_loop *loop, rt_cfuture *cf, rt_future **out) {
  rt_future *dest;
  chain *ch;
  int rc = wrap_prepare(loop, &dest, &ch);
  if (rc != RT_OK) return rc;
  wrap_attach(dest, ch, cf);
  *out = dest;
  return RT_OK;
}

/* ---- run_coroutine_threadsafe: a task is the source, the cfuture the
 * destination. */

/* _call_set_state on the task: _set_concurrent_future_state. */
static void chain_task_done(rt_future *tf, void *arg) {
  chain *ch = arg;
  rt_cfuture *cf = ch->cf;
  if (tf->state == RT_FUT_CANCELLED) rt_cfuture_cancel(cf);
  if (cf_start(cf)) {
    void *v = tf->value;
    rt__val_retain(tf->loop, v);
    if (tf->state == RT_FUT_EXCEPTION) tf->retrieved = 1;
    cf_finish(cf, tf->state == RT_FUT_RESULT ? RT_OK : RT_ERAISED, v);
  }
  chain_unlink(ch);
}

static void chain_task_gone(void *arg) {
  chain *ch = arg;
  ch->task = NULL;
  chain_unref(ch);
}

/* source.cancel(), posted by the cfuture's _call_check_cancel. */
static void chain_cancel_task_cb(rt_loop *loop, void *arg) {
  (void)loop;
  chain *ch = arg;
  if (ch->task && ch->task->fut.state == RT_FUT_PENDING) rt_task_cancel(ch->task, NULL);
}

static void chain_cf_check_cancel(rt_cfuture *cf, void *arg) {
  if (rt_cfuture_cancelled(cf)) chain_post(arg, chain_cancel_task_cb);
}

int rt__chain_task_to_cfuture(rt_task *t, rt_cfuture *cf) {
  rt_loop *loop = t->fut.loop;
  chain *ch = chain_new(loop);
  if (!ch) return RT_ENOMEM;
  atomic_fetch_add_explicit(&ch->refs, 1, memory_order_relaxed);
  if (rt__future_add_done_cb_free(&t->fut, chain_task_done, ch, chain_task_gone) != RT_OK) {
    atomic_fetch_sub_explicit(&ch->refs, 1, memory_order_relaxed);
    chain_unlink(ch);
    return RT_ENOMEM;
  }
  ch->task = t;
  RT__TRACE(loop, RT_EV_CFUTURE_CHAIN, cf->id, t->fut.id, 1, 0);
  chain_attach(ch, cf, chain_cf_check_cancel);
  return RT_OK;
}

/* ================================================= run_in_executor etc */

int rt_run_in_executor(rt_loop *loop, rt_executor *ex, rt_job_fn fn, void *arg,
                       void (*arg_free)(void *), rt_future **out) {
  if (loop->closed) return RT_ECLOSED;
  if (!ex) {
    rt__loop_ext *ext = rt__loop_ext_get(loop);
    if (!ext) return RT_ENOMEM;
    if (ext->executor_shutdown_called) return RT_ESTATE;  /* 'Executor shutdown has been called' */
    if (!ext->default_executor) {
      int rc = rt_executor_new(loop->p, 0, "asyncio", &loop->ops, &ext->default_executor);
      if (rc != RT_OK) return rc;
    }
    ex = ext->default_executor;
  }
  /* The loop side first, so that once the job is queued nothing fails. */
  rt_future *dest;
  chain *ch;
  int rc = wrap_prepare(loop, &dest, &ch);
  if (rc != RT_OK) return rc;
  rt_cfuture *cf;
  rc = rt_executor_submit(ex, fn, arg, arg_free, &cf);
  if (rc != RT_OK) {
    wrap_abort(dest, ch);
    return rc;
  }
  wrap_attach(dest, ch, cf);
  rt_cfuture_release(cf);
  *out = dest;
  return RT_OK;
}

static void hold_release_future(void *arg) { rt_future_release(arg); }

int rt_to_thread(rt_job_fn fn, void *arg, void (*arg_free)(void *), void **out) {
  if (out) *out = NULL;
  rt_task *t = rt__tls_state.task;
  if (!t) return RT_ENOTASK;
  rt_future *f;
  int rc = rt_run_in_executor(t->fut.loop, NULL, fn, arg, arg_free, &f);
  if (rc != RT_OK) return rc;
  if (rt__hold(t, hold_release_future, f) != RT_OK) {
    rt_future_cancel(f, NULL);
    rt_future_release(f);
    return RT_ENOMEM;
  }
  rc = rt_await(f, out);
  rt__unhold(t, true);
  return rc;
}

/* ---- shutdown_default_executor: a helper thread joins the workers. */

typedef struct sdx {
  atomic_long refs;     /* the waiting task's, the post's */
  rt_loop *loop;
  rt_executor *ex;
  rt_future *fut;       /* a reference; loop thread only */
  rt_thread *th;
} sdx;

static void sdx_unref(void *arg) {
  sdx *s = arg;
  if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1) return;
  rt_future_release(s->fut);  /* the last reference goes on the loop thread */
  rt_free(s);
}

static void sdx_done_cb(rt_loop *loop, void *arg) {
  (void)loop;
  sdx *s = arg;
  if (s->fut->state == RT_FUT_PENDING) rt__future_complete(s->fut, RT_FUT_RESULT, NULL);
}

/* _do_shutdown, on the helper thread. */
static void sdx_thread(void *arg) {
  sdx *s = arg;
  rt_executor_shutdown(s->ex, true, false);
  atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
  if (rt_call_soon_threadsafe(s->loop, sdx_done_cb, s, sdx_unref) != RT_OK)
    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_relaxed);  /* the task holds one */
}

/* finally: thread.join() (also at loop close). */
static void sdx_close(void *arg) {
  sdx *s = arg;
  if (s->th) s->loop->p->thread_join(s->th);
  sdx_unref(s);
}

int rt_shutdown_default_executor(void **msg) {
  if (msg) *msg = NULL;
  rt_task *t = rt__tls_state.task;
  if (!t) return RT_ENOTASK;
  rt_loop *loop = t->fut.loop;
  rt__loop_ext *ext = rt__loop_ext_get(loop);
  if (!ext) return RT_ENOMEM;
  ext->executor_shutdown_called = 1;
  if (!ext->default_executor) return RT_OK;
  sdx *s = rt_calloc(1, sizeof *s);
  if (!s) return RT_ENOMEM;
  atomic_init(&s->refs, 1);
  s->loop = loop;
  s->ex = ext->default_executor;
  if (rt__future_new(loop, RT_WAIT_EXECUTOR, &s->fut) != RT_OK) {
    rt_free(s);
    return RT_ENOMEM;
  }
  if (rt__hold(t, sdx_close, s) != RT_OK) {
    sdx_unref(s);
    return RT_ENOMEM;
  }
  int rc = loop->p->thread_start(loop->p, "asyncio_shutdown", sdx_thread, s, &s->th);
  if (rc != RT_OK) {
    rt__unhold(t, true);
    return rc;
  }
  void *v = NULL;
  rc = rt_await(s->fut, &v);
  rt__unhold(t, true);
  if (rc != RT_OK && msg) *msg = v;
  else rt__val_release(loop, v);
  return rc;
}

/* ================================================= loop extension close */

void rt__loop_ext_close(rt_loop *loop) {
  rt__loop_ext *ext = loop->ext;
  /* No thread may post to this loop from now on. */
  while (ext->chains) {
    chain *ch = ext->chains;
    rt_cfuture *cf = ch->cf;
    if (cf) cf->p->mutex_lock(cf->m);
    ch->loop = NULL;
    if (cf) cf->p->mutex_unlock(cf->m);
    ext->chains = ch->next;
    if (ch->next) ch->next->prev = NULL;
    ch->prev = ch->next = NULL;
    ch->linked = 0;
    chain_unref(ch);
  }
  rt__io_close(loop);
  /* loop.close() shuts the default executor down; freeing it waits for
   * the jobs still running. */
  rt_executor_free(ext->default_executor);
  loop->ext = NULL;
  rt_free(ext);
}
