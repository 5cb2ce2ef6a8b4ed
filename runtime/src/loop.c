/* loop.c: the event loop: ready ring, handle pool, iterations (asyncio's
 * _run_once), run/stop, and call_soon / call_soon_threadsafe. */
#include <string.h>

#include "ctx_int.h"
#include "rt_int.h"

#define RING_MIN 64u
#define SLAB_MIN 64u
#define SLAB_MAX 1024u

_Atomic uint32_t rt__next_loop_id = 1;  /* rt_reset_ids restarts it */


/* ------------------------------------------------------------ the ring */

/* The slow path of rt__ring_reserve (see the essay in rt_int.h: pushes
 * never fail because the ring is grown here first). Growing copies the live
 * entries to the front of a ring twice as big: O(n), amortised. */
int rt__ring_grow(rt_loop *loop, size_t more) {
  size_t need = loop->ring_need + more;
  size_t cap = (size_t)loop->mask + 1;
  if (need > cap) {
    size_t ncap = cap;
    while (ncap < need) ncap *= 2;
    if (ncap > ((size_t)1 << 31)) return RT_ENOMEM;
    rt__entry *r = rt_malloc(ncap * sizeof *r);
    if (!r) return RT_ENOMEM;
    uint32_t n = loop->tail - loop->head;
    for (uint32_t i = 0; i < n; i++) r[i] = loop->ring[(loop->head + i) & loop->mask];
    rt_free(loop->ring);
    loop->ring = r;
    loop->mask = (uint32_t)(ncap - 1);
    loop->head = 0;
    loop->tail = n;
  }
  loop->ring_need = need;
  return RT_OK;
}

/* --------------------------------------------------------- handle pool */

/* Handles come from slabs of 64, 128, ... 1024, never freed before the
 * loop: after warm-up call_soon allocates nothing. */
static int pool_grow(rt_loop *loop) {
  size_t n = loop->slab_next;
  if (rt__ring_reserve(loop, n) != RT_OK) return RT_ENOMEM;
  rt__slab *s = rt_malloc(sizeof *s + n * sizeof(rt_handle));
  if (!s) {
    loop->ring_need -= n;
    return RT_ENOMEM;
  }
  s->n = n;
  s->next = loop->slabs;
  loop->slabs = s;
  for (size_t i = 0; i < n; i++) {
    s->h[i].loop = loop;
    s->h[i].u.next = i + 1 < n ? &s->h[i + 1] : loop->pool;
  }
  loop->pool = &s->h[0];
  if (loop->slab_next < SLAB_MAX) loop->slab_next *= 2;
  return RT_OK;
}

rt_handle *rt__handle_get(rt_loop *loop) {
  rt_handle *h = loop->pool;
  if (RT__UNLIKELY(!h)) {
    if (pool_grow(loop) != RT_OK) return NULL;
    h = loop->pool;
  }
  loop->pool = h->u.next;
  /* The pool's order is the order handles were freed in (timers: their
   * deadlines'), scattered in memory: start loading the next one now. */
  if (loop->pool) __builtin_prefetch(loop->pool, 1);
  loop->objs++;
  h->u.fut = NULL;
  h->free_cb = NULL;
  h->when = -1;
  h->id = 0;
  h->owner = 0;
  h->refs = 0;
  h->flags = 0;
  return h;
}

void rt__handle_unref(rt_handle *h) {
  rt__check(h->refs > 0, "handle released more often than referenced");
  if (--h->refs) return;
  rt_loop *loop = h->loop;
  if (h->free_cb) h->free_cb(h->arg);
  if (h->kind == RT_HK_FUTURE_CB && h->u.fut) rt_future_release(h->u.fut);
  if (h->flags & RT__HF_MALLOCED) {
    rt_free(h);
    loop->ring_need--;
  } else {
    h->u.next = loop->pool;
    loop->pool = h;
  }
  rt__loop_obj_put(loop);
}


/* ---------------------------------------------------------------- trace */

/* The a[2], a[3] of a handle event for entry e (trace.c's table). */
void rt__entry_trace(rt_loop *loop, int kind, rt__entry e) {
  if (rt__entry_is_task(e)) {
    rt_task *t = rt__entry_task(e);
    rt__trace_emit(loop, kind, (int64_t)t->hid, t->wake_fut ? RT_HK_WAKEUP : RT_HK_TASK_STEP,
                   t->fut.id, t->wake_fut ? t->wake_fut->id : 0);
  } else {
    rt_handle *h = (rt_handle *)e;
    if (h->kind == RT_HK_FUTURE_CB)
      rt__trace_emit(loop, kind, (int64_t)h->id, h->kind, h->owner, 0);
    else
      rt__trace_emit(loop, kind, (int64_t)h->id, h->kind, 0, h->owner);
  }
}

/* ------------------------------------------------------------ lifecycle */

/* Create a loop on platform p (NULL: the real one) with value ops (NULL:
 * values are not owned). Reads the clock once. RT_OK, RT_ENOMEM, RT_ESYS
 * (the poller could not be made). Free with rt_loop_free. */
int rt_loop_new(rt_platform *p, const rt_value_ops *ops, rt_loop **out) {
  if (!p) p = rt_platform_real();
  int rc = RT_ENOMEM;
  rt_loop *loop = rt_calloc(1, sizeof *loop);
  if (!loop) return RT_ENOMEM;
  loop->p = p;
  if (ops) loop->ops = *ops;
  loop->slab_next = SLAB_MIN;
  loop->share_from = SIZE_MAX;
  loop->ring = rt_malloc(RING_MIN * sizeof *loop->ring);
  if (!loop->ring) goto fail;
  loop->mask = RING_MIN - 1;
  atomic_init(&loop->ts_pending, 0);
  if ((rc = p->mutex_new(p, &loop->ts_lock)) != RT_OK) goto fail;
  if ((rc = p->poller_new(p, &loop->poller)) != RT_OK) goto fail;
  loop->id = atomic_fetch_add_explicit(&rt__next_loop_id, 1, memory_order_relaxed);
  loop->now = p->now(p);
  RT__TRACE(loop, RT_EV_LOOP_NEW, rt_intern(p->name), 0, 0, 0);
  *out = loop;
  return RT_OK;
fail:
  if (loop->ts_lock) p->mutex_free(loop->ts_lock);
  rt_free(loop->ring);
  rt_free(loop);
  return rc;
}

void rt_loop_share_stacks(rt_loop *loop, size_t from) { loop->share_from = from; }

/* The struct and its pools go once the loop is closed and the last future
 * or handle pointing at it is gone. */
void rt__loop_destroy(rt_loop *loop) {
  for (rt__slab *s = loop->slabs, *next; s; s = next) {
    next = s->next;
    rt_free(s);
  }
  for (rt__task_slab *s = loop->task_slabs, *next; s; s = next) {
    next = s->next;
    rt_free(s);
  }
  for (rt_future *f = loop->fut_pool, *next; f; f = next) {
    next = f->value;
    rt_free(f);
  }
  rt_free(loop->ring);
  rt_free(loop->heap);
  loop->p->mutex_free(loop->ts_lock);
  rt_free(loop);
}

/* Close and free the loop (asyncio's close, then the memory). Ready
 * handles and timers are dropped (their free_cb runs), handles waiting in
 * the thread-safe queue too; pending tasks are torn down without running
 * (their coroutines are freed, so values a body holds on its stack are not
 * released: cancel tasks and run them out first where that matters). The
 * memory goes when the last future, task or handle reference is released,
 * which may be after this call. Not while running; NULL is fine. Not
 * concurrently with rt_call_soon_threadsafe. */
void rt_loop_free(rt_loop *loop) {
  if (!loop || loop->closed) return;
  rt__check(!loop->running, "rt_loop_free: the loop is running");
  rt_platform *p = loop->p;
  loop->objs++;  /* hold the struct while tearing down */

  p->mutex_lock(loop->ts_lock);
  loop->ts_closed = 1;
  rt_handle *ts = loop->ts_head;
  loop->ts_head = loop->ts_tail = NULL;
  atomic_store_explicit(&loop->ts_pending, 0, memory_order_relaxed);
  p->mutex_unlock(loop->ts_lock);

  size_t dropped = 0;
  while (loop->head != loop->tail) {
    rt__entry e = loop->ring[loop->head++ & loop->mask];
    dropped++;
    if (rt__entry_is_task(e)) {
      rt_task *t = rt__entry_task(e);
      if (t->wake_fut) {
        rt_future *f = t->wake_fut;
        t->wake_fut = NULL;
        rt_future_release(f);
      }
    } else {
      rt__handle_unref((rt_handle *)e);
    }
  }
  dropped += loop->nheap;
  rt__timers_clear(loop);
  while (ts) {
    rt_handle *next = ts->u.next;
    if (ts->free_cb) ts->free_cb(ts->arg);
    rt_free(ts);
    ts = next;
  }
  size_t ntasks = rt__tasks_close(loop);
  if (loop->ext) rt__loop_ext_close(loop);  /* default executor, I/O watches */
  RT__TRACE(loop, RT_EV_LOOP_FREE, ntasks, dropped, 0, 0);
  p->poller_free(loop->poller);
  loop->poller = NULL;
  loop->closed = 1;
  rt__loop_obj_put(loop);
}

/* -------------------------------------------------------------- running */

/* Read the platform clock into loop->now (the iteration's cached clock),
 * emitting CLOCK_ADVANCE if it moved. */
static void read_clock(rt_loop *loop) {
  double t = loop->p->now(loop->p);
  if (t != loop->now) {
    double prev = loop->now;
    loop->now = t;
    RT__TRACE(loop, RT_EV_CLOCK_ADVANCE, rt__ns(t), rt__ns(t - prev), 0, 0);
  }
}

/* Move handles queued by other threads to the ready ring. The common case
 * (nothing queued) is one load, inline: no lock, no system call. */
static void ts_drain_slow(rt_loop *loop);
static inline void ts_drain(rt_loop *loop) {
  if (RT__UNLIKELY(atomic_load_explicit(&loop->ts_pending, memory_order_acquire))) ts_drain_slow(loop);
}

static void ts_drain_slow(rt_loop *loop) {
  rt_platform *p = loop->p;
  p->mutex_lock(loop->ts_lock);
  size_t n = 0;
  for (rt_handle *h = loop->ts_head; h; h = h->u.next) n++;
  if (rt__ring_reserve(loop, n) != RT_OK) {  /* try again next iteration */
    p->mutex_unlock(loop->ts_lock);
    return;
  }
  rt_handle *h = loop->ts_head;
  loop->ts_head = loop->ts_tail = NULL;
  atomic_store_explicit(&loop->ts_pending, 0, memory_order_relaxed);
  p->mutex_unlock(loop->ts_lock);
  while (h) {
    rt_handle *next = h->u.next;
    h->u.next = NULL;
    loop->objs++;
    rt__handle_schedule(h);
    h = next;
  }
}

/* Phases 1 to 3 of an iteration (see iterate). RT_OK, or the poller's
 * error (RT_EDEADLOCK). */
static int prepare(rt_loop *loop, uint64_t iter) {
  /* 1. */
  if (loop->nheap || rt__tracing()) read_clock(loop);
  RT__TRACE(loop, RT_EV_ITER_BEGIN, iter, loop->tail - loop->head,
            loop->nheap - loop->timers_cancelled, 0);
  ts_drain(loop);
  if (loop->timers_cancelled) rt__timers_purge(loop);
  /* 2. */
  if (loop->head == loop->tail && !loop->stopping) {
    double deadline = rt__timers_next(loop);
    int has_timer = loop->nheap > 0;
    if (!has_timer || deadline >= loop->now + RT__CLOCK_RES) {
      RT__TRACE(loop, RT_EV_IDLE_BEGIN, has_timer ? rt__ns(deadline) : -1, 0, 0, 0);
      int rc = loop->p->poller_wait(loop->poller, has_timer ? deadline : -1.0);
      read_clock(loop);
      RT__TRACE(loop, RT_EV_IDLE_END, rc, 0, 0, 0);
      if (rc != RT_OK) {
        RT__TRACE(loop, RT_EV_ITER_END, iter, 0, loop->tail - loop->head, 0);
        return rc;
      }
      ts_drain(loop);
    }
  }
  /* 2b. descriptors io.c watches: asyncio's select with timeout 0 when
   * handles are ready (or after the idle wait), ready ones queue their
   * handles before the due timers, as _run_once's _process_events. */
  if (RT__UNLIKELY(loop->io_active)) rt__io_dispatch(loop);
  /* 3. */
  if (loop->nheap) rt__timers_move_due(loop, loop->now);
  return RT_OK;
}

/* For a task's entry (whose struct was prefetched two entries ago), start
 * loading what resuming its coroutine reads: the struct rt_coro at the
 * top of the coroutine's stack (coro.c; 64-byte aligned, the first two
 * lines are the ones a switch uses) and the suspended frames just below
 * it, where the switch pops the saved registers. A step waits on these
 * lines otherwise, and the out-of-order window does not reach the next
 * task's misses when the step does more (a traced step writes its events:
 * the traced 100,000-task fanout took 1.6x the untraced one without this,
 * 1.1x with it; the untraced one runs 25% faster too). */
static inline void prefetch_coro(rt__entry e) {
  if (!rt__entry_is_task(e)) return;
  uintptr_t c = (uintptr_t)rt__entry_task(e)->coro;
  if (!c) return;
  for (int off = -192; off <= 64; off += 64) __builtin_prefetch((const void *)(c + off));
}

/* For the next entry (its struct rt_coro prefetched one entry ago), a
 * coroutine on a shared stack: start loading the frames its resume will
 * copy back (coro.c), about 1.1 KiB read in one go where each line would
 * otherwise miss in turn. */
static inline void prefetch_saved(rt__entry e) {
  if (!rt__entry_is_task(e)) return;
  rt_task *t = rt__entry_task(e);
  if (t->coro) rt__coro_prefetch_saved(t->coro);
  for (int i = 0; i < RT_TASK_HINTS; i++)
    if (t->hint[i]) __builtin_prefetch(t->hint[i]);
}

/* One iteration, the phases of rt.h's comment above rt_loop_run_once
 * (asyncio's _run_once). The clock is read at most once while handles are
 * ready, and not at all if no timer is pending and no hook is set (nothing
 * would use it). No system call unless the loop goes idle. When only ready
 * handles matter (no timer, no hook, nothing from other threads, something
 * ready) phases 1 to 3 have nothing to do and cost one test. */
static int iterate(rt_loop *loop) {
  uint64_t iter = ++loop->iteration;
  if (RT__UNLIKELY(loop->nheap || rt__tracing() || loop->head == loop->tail ||
                   loop->io_active ||
                   atomic_load_explicit(&loop->ts_pending, memory_order_relaxed))) {
    int rc = prepare(loop, iter);
    if (rc != RT_OK) return rc;
  }
  /* 4. */
  uint32_t n = loop->tail - loop->head;
  for (uint32_t i = 0; i < n; i++) {
    /* Entries point all over memory (many tasks, many timers): start
     * loading the one four places on while this one runs. */
    if (i + 4 < n) {
      const char *p = (const char *)(loop->ring[(loop->head + 4) & loop->mask] & ~RT__ENTRY_TASK);
      __builtin_prefetch(p);
      if (loop->prefetch_more) __builtin_prefetch(p + 64);  /* a task's hints */
    }
    if (i + 2 < n) prefetch_coro(loop->ring[(loop->head + 2) & loop->mask]);
    if (loop->prefetch_more && i + 1 < n) prefetch_saved(loop->ring[(loop->head + 1) & loop->mask]);
    rt__entry e = loop->ring[loop->head++ & loop->mask];
    if (rt__entry_is_task(e)) {
      rt__task_run(rt__entry_task(e));
      /* The step may have left its end to the loop's side, now that it
       * has switched away: a finished task, a traced step's last events
       * (task.c). */
      if (RT__UNLIKELY(loop->ended != NULL)) rt__task_after_step(loop);
      continue;
    }
    rt_handle *h = (rt_handle *)e;
    if (!(h->flags & RT__HF_CANCELLED)) {
      if (RT__UNLIKELY(rt__tracing())) rt__entry_trace(loop, RT_EV_HANDLE_RUN, e);
      if (h->kind == RT_HK_FUTURE_CB) h->fn.fcb(h->u.fut, h->arg);
      else h->fn.cb(loop, h->arg);
    }
    h->flags |= RT__HF_DONE;
    rt__handle_unref(h);
  }
  /* 5. */
  RT__TRACE(loop, RT_EV_ITER_END, iter, n, loop->tail - loop->head, 0);
  return RT_OK;
}

static int enter(rt_loop *loop) {
  if (loop->closed) return RT_ECLOSED;
  if (loop->running || rt__tls_state.loop) return RT_ERUNNING;
  loop->running = 1;
  rt__tls_state.loop = loop;
  return RT_OK;
}

static void leave(rt_loop *loop) {
  loop->running = 0;
  rt__tls_state.loop = NULL;
}

/* Run exactly one iteration (for stepping tools and tests). RT_OK,
 * RT_ECLOSED, RT_ERUNNING (this or another loop already runs on this
 * thread), RT_EDEADLOCK (the platform says nothing can ever wake the loop),
 * RT_ESYS. A pending stop request is left for the next run_forever. */
int rt_loop_run_once(rt_loop *loop) {
  int rc = enter(loop);
  if (rc != RT_OK) return rc;
  rc = iterate(loop);
  leave(loop);
  return rc;
}

/* asyncio's run_forever: iterate until an iteration ends with a stop
 * request, then clear the request. */
static int run_mode(rt_loop *loop, int mode, uint32_t fid) {
  int rc = enter(loop);
  if (rc != RT_OK) return rc;
  RT__TRACE(loop, RT_EV_LOOP_RUN, mode, fid, 0, 0);
  do rc = iterate(loop);
  while (rc == RT_OK && !loop->stopping);
  loop->stopping = 0;
  leave(loop);
  RT__TRACE(loop, RT_EV_LOOP_STOP, 1, rc, 0, 0);
  return rc;
}

/* Run until rt_loop_stop. RT_OK, RT_ECLOSED, RT_ERUNNING, RT_EDEADLOCK,
 * RT_ESYS. */
int rt_loop_run_forever(rt_loop *loop) { return run_mode(loop, 1, 0); }

/* asyncio's _run_until_complete_cb: stop the loop (one iteration after the
 * future completed, as asyncio does, because this runs as a callback). */
static void until_complete_cb(rt_future *f, void *arg) {
  if (f->state == RT_FUT_EXCEPTION) f->retrieved = 1;  /* fut.exception() */
  rt_loop_stop(arg);
}

/* Run until fut is done. RT_OK when it is (whatever its state); RT_ESTOPPED
 * if rt_loop_stop came first; RT_ECLOSED, RT_ERUNNING, RT_EDEADLOCK,
 * RT_ESYS; RT_EINVAL if fut belongs to another loop; RT_ENOMEM. */
int rt_loop_run_until_complete(rt_loop *loop, rt_future *fut) {
  if (loop->closed) return RT_ECLOSED;
  if (loop->running || rt__tls_state.loop) return RT_ERUNNING;
  if (fut->loop != loop) return RT_EINVAL;
  int rc = rt_future_add_done_cb(fut, until_complete_cb, loop);
  if (rc != RT_OK) return rc;
  rc = run_mode(loop, 2, fut->id);
  rt_future_remove_done_cb(fut, until_complete_cb, loop);
  if (rc != RT_OK) return rc;
  return fut->state != RT_FUT_PENDING ? RT_OK : RT_ESTOPPED;
}

/* Stop after the current iteration (asyncio's stop). Called while not
 * running, the next run does one iteration and returns. */
void rt_loop_stop(rt_loop *loop) {
  loop->stopping = 1;
  RT__TRACE(loop, RT_EV_LOOP_STOP, 0, 0, 0, 0);
}

bool rt_loop_is_running(const rt_loop *loop) { return loop->running; }

/* The platform clock, read now (asyncio's loop.time()); also refreshes the
 * loop's cached clock, so events after, say, a blocking time.sleep carry
 * the new time. */
double rt_loop_time(rt_loop *loop) {
  double t = loop->p->now(loop->p);
  if (t > loop->now) loop->now = t;
  return t;
}

uint32_t rt_loop_id(const rt_loop *loop) { return loop->id; }
rt_platform *rt_loop_platform(rt_loop *loop) { return loop->p; }
rt_loop *rt_loop_running(void) { return rt__tls_state.loop; }
/* Ready entries, cancelled handles included (as len(loop._ready)). */
size_t rt_loop_ready_count(const rt_loop *loop) { return loop->tail - loop->head; }
/* Pending timers, not counting cancelled ones still in the heap. */
size_t rt_loop_timer_count(const rt_loop *loop) {
  return loop->nheap - loop->timers_cancelled;
}
/* Iterations run so far. */
uint64_t rt_loop_iteration(const rt_loop *loop) { return loop->iteration; }

/* ------------------------------------------------------------ call_soon */

void rt__handle_schedule(rt_handle *h) {
  rt_loop *loop = h->loop;
  h->id = ++loop->handle_seq;
  rt__ring_push(loop, (rt__entry)h);
  if (RT__UNLIKELY(rt__tracing())) rt__entry_trace(loop, RT_EV_HANDLE_SCHEDULED, (rt__entry)h);
}

int rt__call_soon_kind(rt_loop *loop, rt_handle_cb cb, void *arg,
                       rt_handle_free_cb free_cb, int kind, rt_handle **out) {
  if (RT__UNLIKELY(loop->closed)) return RT_ECLOSED;
  rt_handle *h = rt__handle_get(loop);
  if (RT__UNLIKELY(!h)) return RT_ENOMEM;
  h->fn.cb = cb;
  h->arg = arg;
  h->free_cb = free_cb;
  h->kind = (uint8_t)kind;
  h->owner = rt__current_task_id();
  h->refs = out ? 2 : 1;
  if (out) *out = h;
  rt__handle_schedule(h);
  return RT_OK;
}

/* Schedule cb(loop, arg) at the back of the ready queue (asyncio's
 * call_soon). Cost: a pool pop and a ring store. RT_OK, RT_ENOMEM,
 * RT_ECLOSED; on failure free_cb is not called. */
int rt_call_soon(rt_loop *loop, rt_handle_cb cb, void *arg, rt_handle_free_cb free_cb,
                 rt_handle **out) {
  return rt__call_soon_kind(loop, cb, arg, free_cb, RT_HK_CALLBACK, out);
}

/* call_soon from any thread: the handle (rt_malloc'd here, on the calling
 * thread) goes on a locked list that the loop drains at the start of its
 * next iteration, and the poller is woken (one write(2)). RT_OK, RT_ENOMEM,
 * RT_ECLOSED. thread-safe. */
int rt_call_soon_threadsafe(rt_loop *loop, rt_handle_cb cb, void *arg,
                            rt_handle_free_cb free_cb) {
  rt_handle *h = rt_malloc(sizeof *h);
  if (!h) return RT_ENOMEM;
  memset(h, 0, sizeof *h);
  h->fn.cb = cb;
  h->arg = arg;
  h->free_cb = free_cb;
  h->loop = loop;
  h->when = -1;
  h->refs = 1;
  h->kind = RT_HK_CALLBACK;
  h->flags = RT__HF_MALLOCED;
  rt_platform *p = loop->p;
  p->mutex_lock(loop->ts_lock);
  if (loop->ts_closed) {
    p->mutex_unlock(loop->ts_lock);
    rt_free(h);
    return RT_ECLOSED;
  }
  if (loop->ts_tail) loop->ts_tail->u.next = h;
  else loop->ts_head = h;
  loop->ts_tail = h;
  atomic_store_explicit(&loop->ts_pending, 1, memory_order_release);
  p->poller_wake(loop->poller);
  p->mutex_unlock(loop->ts_lock);
  return RT_OK;
}

/* ------------------------------------------------------------- handles */

/* Cancel: the callback will not run (asyncio's Handle.cancel). Idempotent;
 * cancelling a handle that already ran only sets the flag. A cancelled
 * timer stays in the heap until it surfaces (asyncio does the same). */
void rt_handle_cancel(rt_handle *h) {
  if (h->flags & RT__HF_CANCELLED) return;
  h->flags |= RT__HF_CANCELLED;
  if (h->flags & RT__HF_DONE) return;
  rt_loop *loop = h->loop;
  if (h->flags & RT__HF_IN_HEAP) {
    rt__timer_cancelled(loop, h);
    RT__TRACE(loop, RT_EV_TIMER_CANCELLED, h->id, rt__ns(h->when), h->owner, h->kind);
  } else if (RT__UNLIKELY(rt__tracing())) {
    rt__entry_trace(loop, RT_EV_HANDLE_CANCELLED, (rt__entry)h);
  }
}

bool rt_handle_cancelled(const rt_handle *h) { return h->flags & RT__HF_CANCELLED; }
double rt_handle_when(const rt_handle *h) { return h->when; }

/* Drop the caller's reference (from `out`). */
void rt_handle_release(rt_handle *h) {
  if (h) rt__handle_unref(h);
}
