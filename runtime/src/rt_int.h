/* rt_int.h: runtime/'s private structs, shared helpers, and the invariants.
 *
 * ======================================================================
 * The invariants essay: where every object lives, who touches it, when it
 * is freed. Read this before changing loop.c, timer.c, future.c, task.c.
 * ======================================================================
 *
 * Threads. A loop, its handles, futures and tasks belong to the thread that
 * runs the loop (the "loop thread"). Nothing in those structs is locked:
 * they are touched only from the loop thread. The exceptions, grouped at
 * the end of struct rt_loop, are the thread-safe queue (ts_*), guarded by
 * ts_lock, and the poller's wake-up, which the platform makes thread-safe.
 * Lock order: ts_lock is a leaf (nothing else is taken while holding it);
 * the intern table's mutex (trace.c) is a leaf too. The trace lock
 * (trace.c, taken only while threads exist) is held around writing one
 * event and the tracer's refill, which may take the intern table's mutex
 * or locks of its own, never the trace lock again (refill emits nothing).
 *
 * Ready-queue entries. The ready queue (loop->ring) is a power-of-two ring
 * of rt__entry words. An entry is either an rt_handle pointer or a task
 * pointer with its low bit set (RT__ENTRY_TASK): "step this task". Tasks
 * thus cost no handle of their own; the task records whether its entry is
 * a plain step or a wake-up (t->wake_fut != NULL) and its handle id.
 * A future's list of done callbacks holds the same kind of words: a pooled
 * rt_handle (a user callback, kind RT_HK_FUTURE_CB) or a tagged task (a
 * wake-up registration of a task awaiting the future).
 *
 * Where each object is, at any moment:
 *  - A handle (struct rt_handle) is in exactly one of: the loop's free pool
 *    (refs == 0); the ready ring; the timer heap (RT__HF_IN_HEAP); a
 *    future's callback list (registered, not yet scheduled); the
 *    thread-safe list (ts_head); or nowhere, held only by its caller's
 *    reference after it ran or was dropped. refs counts the queue's (or
 *    heap's, or future's) reference plus the caller's from `out`.
 *    When refs reaches 0 its free_cb runs, the future it reports (u.fut) is
 *    released, and it returns to the pool. Handles come from slabs owned by
 *    the loop (freed with the loop); handles built by
 *    rt_call_soon_threadsafe on another thread are rt_malloc'd one by one
 *    (RT__HF_MALLOCED) and rt_free'd.
 *  - A handle is in the ring at most once at a time, and a pending task has
 *    at most one entry in the ring. So the ring never holds more entries
 *    than (handles out of the pool) + (pending tasks) + (drained thread-safe
 *    handles). loop->ring_need counts exactly that bound and the ring is
 *    grown to it *before* the count rises, in the call that can fail with
 *    RT_ENOMEM; pushing to the ring therefore never fails. This is what
 *    lets a future's completion, a task's bare yield and a timer's firing
 *    be infallible, as they are in asyncio.
 *  - Timers are in the heap (loop->heap), a binary min-heap of (when,
 *    handle) ordered by (when, handle id); the id is taken from the loop's
 *    handle counter at creation, so equal deadlines keep creation order. A cancelled timer stays in the heap (as in asyncio) until it
 *    reaches the top or until cancelled timers are more than half of a heap
 *    of more than 100 (then the heap is rebuilt): loop->timers_cancelled
 *    counts them.
 *  - A pending task is on the loop's list of pending tasks (loop->tasks)
 *    and holds one reference to itself on the loop's behalf ("the loop's
 *    reference"). asyncio's invariant holds: either t->waiter is NULL and
 *    the task's entry is in the ring (or the task is running), or t->waiter
 *    is a pending-or-just-completed future whose callback list (or the
 *    ring, once it completed) holds the task's wake-up entry. When the task
 *    finishes, it leaves the list, its coroutine is retired and the loop's
 *    reference is dropped.
 *  - Coroutines are workers: task_entry runs the body of whichever task
 *    resumed it and leaves for good; the loop then finishes the task and
 *    parks the coroutine on loop->park (at most RT__PARK_MAX, default stack
 *    size only), to be restarted at task_entry for the next new task, or
 *    frees it (its stack back to the pool). A parked coroutine has no live
 *    frames and belongs to no task. It borrows its task's name (for the
 *    stack-overflow message) at the task's first step; a default name is
 *    only a number (t->name_no) until rt_task_name is first called.
 *  - Who does a step's work. The loop side (rt__task_run) does everything a
 *    step needs before the body runs, and resuming the coroutine is the
 *    last thing it does (a tail call), so the switch back lands straight in
 *    iterate: no `ret` runs right after a switch (such a ret always
 *    mispredicts: the return-stack buffer holds the other stack's
 *    addresses). What follows the body's suspension (requeueing a bare
 *    yield, passing a pending cancel on to the awaited future, the STEP_END
 *    event, clearing the current task) is done by the task's side before
 *    it switches back (rt_yield, rt_await), except what it leaves to the
 *    loop in loop->ended: finishing a task whose body returned, and when
 *    tracing, a yield's or an await's last events (cold stack lines). The
 *    loop does that in iterate right after the switch, before anything
 *    else, so the order of events is the same. Task bodies must therefore
 *    suspend only through rt_await, rt_yield and rt_sleep, never with a raw
 *    rt_coro_yield.
 *  - Task structs come from per-loop slabs (loop->task_slabs) through the
 *    free list loop->task_pool; they are never given back to the allocator
 *    before the loop struct goes. Futures made by rt_future_new are pooled
 *    the same way (loop->fut_pool), individually allocated.
 *  - t->waiter owns a reference to the awaited future while the task is
 *    suspended. At the start of a step the reference moves to t->awaited,
 *    which rt_await (on the task's stack) consumes before it returns.
 *    t->awaited shares its word with t->wake_fut: the wake-up's reference
 *    is dropped before the step begins, and the task cannot be queued again
 *    before rt_await has taken t->awaited.
 *  - The rule behind the last point: runtime code never keeps a reference
 *    only on a task's stack across a suspension, because a closing loop
 *    frees suspended stacks without unwinding them. rt_sleep's timer is
 *    t->sleep_timer for that reason; its future is owned by the timer.
 *    (A task body's own references on its stack are the body's business:
 *    rt_loop_free cannot release them.)
 *  - A future (and so a task) is freed when its refs reach 0. Who holds
 *    references: the creator (until it releases), t->waiter / t->awaited,
 *    a scheduled RT_HK_FUTURE_CB handle (u.fut), a task's wake-up entry in
 *    the ring (t->wake_fut), the loop's reference on a pending task.
 *    Values (result, exception, cancel message) are released through the
 *    loop's rt_value_ops when the future is freed.
 *
 * Lifetime of the loop. rt_loop_free closes the loop: it drops the ready
 * ring, the heap and the thread-safe list (free_cbs run), tears down every
 * pending task (its coroutine is freed without running: values its body
 * holds on its stack are not released, as C cannot unwind a stack) and
 * drops the loop's references. The loop struct itself lives on while any
 * future or pooled handle still exists (loop->objs > 0), because those
 * point back at it (their pools, their value ops); the last one to go frees
 * it. So callers may release futures, tasks and handles after
 * rt_loop_free, in any order.
 *
 * Extensions (combinators, sync objects, queues, the executor, I/O) keep
 * their invariants in ext_int.h. What they add here: futures with a
 * vtable (f->ext), the task's keep-alive handle in t->sleep_timer while it
 * waits in one of them, loop->ext and loop->io_active.
 *
 * Per-thread state (rt__tls): the running loop, the current task, and the
 * thread id traces show. One struct so that something that multiplexes
 * logical threads on one OS thread can save and restore it as a whole.
 *
 * Costs worth knowing: call_soon is a pool pop and a ring store; a task's
 * bare yield is a ring store and two context switches; no step allocates.
 * With no tracer, each trace point is one load and a not-taken branch.
 * The loop reads the clock at most once per iteration while handles are
 * ready (and not at all when no timer is pending and no tracer is set).
 */
#ifndef RT_INT_H
#define RT_INT_H

#include <assert.h>
#include <stdatomic.h>
#include <stdint.h>

#include "rt.h"

#define RT__LIKELY(x) __builtin_expect(!!(x), 1)
#define RT__UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Process-wide counters (ids, trace sequence numbers). A locked increment
 * costs 20 cycles or more (and waits for earlier stores to drain): several
 * per spawn, one per trace event. While the process has a single thread
 * (glibc's __libc_single_threaded; it turns false in pthread_create before
 * the new thread runs, which synchronizes with it), nothing can race with
 * us and a plain increment does. */
#if defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define RT__HAVE_SINGLE_THREADED 1
#endif
#endif
static inline uint32_t rt__counter_next32(_Atomic uint32_t *c) {
#ifdef RT__HAVE_SINGLE_THREADED
  if (RT__LIKELY(__libc_single_threaded)) {
    uint32_t v = atomic_load_explicit(c, memory_order_relaxed);
    atomic_store_explicit(c, v + 1, memory_order_relaxed);
    return v;
  }
#endif
  return atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}
static inline uint64_t rt__counter_next64(_Atomic uint64_t *c) {
#ifdef RT__HAVE_SINGLE_THREADED
  if (RT__LIKELY(__libc_single_threaded)) {
    uint64_t v = atomic_load_explicit(c, memory_order_relaxed);
    atomic_store_explicit(c, v + 1, memory_order_relaxed);
    return v;
  }
#endif
  return atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

/* A misuse check that says what went wrong (STYLE.md: api_check). */
#define rt__check(cond, msg) assert((cond) && (msg))

/* asyncio's clock resolution on Linux (time.get_clock_info('monotonic')):
 * a timer is due when when < now + RT__CLOCK_RES, as in _run_once. */
#define RT__CLOCK_RES 1e-9

/* --------------------------------------------------------- per thread */

typedef struct rt__tls {
  rt_loop *loop;       /* the loop running on this thread, or NULL */
  rt_task *task;       /* the task whose step is running, or NULL */
  uint32_t thread_id;  /* rt_thread_id(), 0 until first asked */
  const char *worker;  /* pool.c: the executor worker's name, or NULL */
} rt__tls;

extern _Thread_local rt__tls rt__tls_state;
/* A fresh id from the counter rt_thread_id draws from (trace.c). */
uint32_t rt__thread_id_next(void);

/* ------------------------------------------------------------ handles */

/* A ready-queue word: an rt_handle *, or a task pointer | RT__ENTRY_TASK. */
typedef uintptr_t rt__entry;
#define RT__ENTRY_TASK ((uintptr_t)1)
static inline int rt__entry_is_task(rt__entry e) { return (int)(e & RT__ENTRY_TASK); }
static inline rt_task *rt__entry_task(rt__entry e) {
  return (rt_task *)(e & ~RT__ENTRY_TASK);
}
static inline rt__entry rt__task_entry(rt_task *t) {
  return (uintptr_t)t | RT__ENTRY_TASK;
}

enum {
  RT__HF_CANCELLED = 1,  /* rt_handle_cancel was called */
  RT__HF_IN_HEAP = 2,    /* in the timer heap */
  RT__HF_MALLOCED = 4,   /* rt_malloc'd alone (thread-safe handle) */
  RT__HF_TIMER = 8,      /* made by call_at/call_later */
  RT__HF_DONE = 16,      /* ran (or was skipped as cancelled) */
};

/* 64 bytes: one cache line. */
struct rt_handle {
  union {
    rt_handle_cb cb;     /* RT_HK_CALLBACK, RT_HK_TIMER */
    rt_future_cb fcb;    /* RT_HK_FUTURE_CB */
  } fn;
  void *arg;
  union {
    rt_future *fut;      /* RT_HK_FUTURE_CB once scheduled (a reference) */
    rt_handle *next;     /* in the pool or on the thread-safe list */
  } u;
  rt_handle_free_cb free_cb;
  rt_loop *loop;
  double when;           /* deadline, -1 for call_soon */
  uint64_t id;           /* per-loop, from 1; also the timer's sequence */
  uint32_t owner;        /* task that scheduled it (0: none); future id
                            for RT_HK_FUTURE_CB */
  uint16_t refs;
  uint8_t kind;          /* rt_handle_kind */
  uint8_t flags;         /* RT__HF_* */
};

/* A timer heap slot: the deadline is inline so sifting touches the handle
 * only to break a tie (on its id); 16 bytes, four to a cache line. */
typedef struct rt__timer {
  double when;
  rt_handle *h;
} rt__timer;

/* ------------------------------------------------------------ futures */

struct rt_future {
  rt_loop *loop;
  void *value;          /* result, exception or cancel message (owned) */
  rt__entry *cbs;       /* done callbacks in order added: &cb0 or heap */
  rt__entry cb0;        /* inline room for the usual single callback */
  uint32_t ncbs, capcbs;
  uint32_t refs;
  uint32_t id;          /* process-wide, from 1 (tasks share the counter) */
  uint8_t state;        /* rt_future_state */
  uint8_t wait_kind;    /* rt_wait_kind, for traces */
  uint8_t is_task;
  uint8_t retrieved;
  uint8_t ext;          /* 1: an rt__xfuture (a vt overrides cancel, free) */
};

/* --------------------------------------------------------------- tasks */

enum {
  RT__TS_MUST_CANCEL = 1,  /* asyncio's _must_cancel */
  RT__TS_STARTED = 4,      /* the body has been entered */
  RT__TS_PARKABLE = 16,    /* default stack: its coroutine may be reused */
  RT__TS_IN_YIELD = 32,    /* suspended in rt_yield (yield_msg is set) */
  RT__TS_UNWIND = 64,      /* rt_task_unwind runs the body to its end */
};

/* Finished tasks' coroutines kept for the next tasks (a worker coroutine
 * runs one body after another): a spawn then costs no allocation, no stack
 * from the pool, and a warm stack. Bounded so that a burst of finished
 * tasks returns its stacks to the pool (whose memory goes back to the
 * kernel). */
#define RT__PARK_MAX 32

struct rt_task {
  rt_future fut;          /* first: a task is a future */
  rt_coro *coro;          /* its worker coroutine; NULL once done (parked
                             or freed) or the loop closed */
  const void *hint[RT_TASK_HINTS];  /* rt_task_hint: prefetched a step ahead */
  rt_coro_fn fn;
  void *arg;
  void (*arg_free)(void *arg);
  rt_future *waiter;      /* asyncio's _fut_waiter (a reference) */
  union {                 /* never both in use: */
    rt_future *wake_fut;  /* while the entry is in the ring: a wake-up
                             from this future (a reference); NULL: a
                             plain step */
    rt_future *awaited;   /* from the start of a step until rt_await
                             takes it: the waiter's reference */
  };
  void **yield_msg;       /* rt_yield's msg while suspended there: the
                             step that resumes it delivers what is thrown
                             in (task.c's rt__task_run), once the task's
                             frames are back on its stack */
  rt_handle *sleep_timer;  /* rt_sleep's timer while it sleeps (a
                             reference owned by the task, not by the
                             suspended stack, so loop close can drop it);
                             also a combinator's keep-alive handle while
                             the task waits in it (ext_int.h: rt__hold) */
  void *cancel_msg;       /* asyncio's _cancel_message (owned) */
  void *unwound_val;      /* rt_task_unwind: the body's outcome (owned), */
  int unwound_rc;         /* what a later step ends the task with */
  void *xval;             /* thrown into the body, then the body's out */
  int xrc;                /* thrown code (0, RT_ECANCELLED, RT_ERAISED),
                             then the body's return code */
  int ncancels;           /* asyncio's _num_cancels_requested */
  uint32_t steps;
  uint32_t flags;         /* RT__TS_* */
  uint32_t name_no;       /* N of a default name "Task-N"; 0: named */
  uint64_t hid;           /* handle id of its current ring entry */
  rt_task *prev, *next;   /* the loop's list of pending tasks */
  char *name;             /* name_buf or an rt_malloc'd copy; NULL for
                             a default name not yet asked for (then
                             rt_task_name formats it into name_buf) */
  char name_buf[16];      /* "Task-4294967295" fits */
};

/* ---------------------------------------------------------------- loop */

typedef struct rt__slab {
  struct rt__slab *next;
  size_t n;
  rt_handle h[];
} rt__slab;

/* Task structs come from slabs too: no allocator header per task (idle
 * memory per task counts), freed with the loop. */
typedef struct rt__task_slab {
  struct rt__task_slab *next;
  rt_task t[];
} rt__task_slab;

struct rt_loop {
  /* --- loop thread only; the hot fields first ------------------------ */
  rt__entry *ring;          /* ready FIFO, mask + 1 slots */
  uint32_t mask, head, tail;  /* free-running indices */
  uint8_t running, stopping, closed;
  uint8_t io_active;        /* io.c watches descriptors: poll each iteration */
  rt__timer *heap;
  size_t nheap, capheap;
  size_t timers_cancelled;  /* cancelled timers still in the heap */
  double now;               /* the clock read once per iteration */
  uint64_t iteration;
  uint64_t handle_seq;      /* last handle id given */
  rt_handle *pool;          /* free handles */
  size_t ring_need;         /* bound on ring entries (see the essay) */
  size_t objs;              /* futures + handles out of the pool */
  rt_value_ops ops;
  rt_platform *p;
  rt_poller *poller;
  rt__slab *slabs;
  size_t slab_next;         /* size of the next slab */
  rt_task *tasks;           /* pending tasks (doubly linked) */
  rt_task *task_pool;       /* free task structs (linked through next) */
  rt__task_slab *task_slabs;
  size_t task_slab_next;    /* size of the next task slab */
  rt_future *fut_pool;      /* freed future structs (linked through value) */
  rt_coro *park[RT__PARK_MAX];  /* idle worker coroutines (default stack) */
  uint32_t npark;
  size_t ntasks;            /* pending tasks (the length of tasks) */
  size_t share_from;        /* rt_loop_share_stacks (coro.c, task.c) */
  struct rt__shared *shared;  /* that stack, made at the first such task */
  uint8_t prefetch_more;    /* shared stacks or task hints in use: iterate
                               prefetches saved frames and hints too */
  rt_task *ended;           /* a task whose step left its end to the loop
                               (ended_how), done right after the switch
                               back (iterate: rt__task_after_step) */
  uint8_t ended_how;        /* RT__END_* */
  uint32_t id;
  struct rt__loop_ext *ext; /* pool.c, io.c: default executor, descriptors
                               (made lazily; rt__loop_ext_close frees it) */
  /* --- any thread, under ts_lock ------------------------------------- */
  rt_mutex *ts_lock;
  rt_handle *ts_head, *ts_tail;
  atomic_int ts_pending;    /* set under ts_lock; read without it */
  uint8_t ts_closed;
};

/* ----------------------------------------------------- value ownership */

static inline void rt__val_retain(rt_loop *loop, void *v) {
  if (v && loop->ops.retain) loop->ops.retain(loop->ops.ud, v);
}
static inline void rt__val_release(rt_loop *loop, void *v) {
  if (v && loop->ops.release) loop->ops.release(loop->ops.ud, v);
}

/* --------------------------------------------------------------- trace */

/* The installed tracer (rt_trace_set_tracer; a hook is a tracer with a
 * one-record chunk), or NULL. A plain global, set while no loop runs and
 * no other thread emits (trace.c says why it is not atomic).
 *
 * Writing an event (trace.c): single-threaded, the record goes straight to
 * *cur (no lock, no atomic: seq is a plain increment); refill runs when
 * cur reaches end. With threads, one mutex (a leaf but for the tracer's
 * refill, which may take the intern lock) covers the seq number, the write
 * and refill, so records are in seq order in the tracer's memory. */
extern rt_tracer *rt__tracer;
static inline int rt__tracing(void) { return rt__tracer != NULL; }
/* The slow path of RT__TRACE: write an event into the tracer's chunk.
 * rt__trace_emit, rt__trace_emit_at and rt_trace_emit each do the whole
 * of it (one call from the trace point, no call between them). */
void rt__trace_emit(rt_loop *loop, int kind, int64_t a0, int64_t a1, int64_t a2,
                    int64_t a3);
/* The same with the loop id and clock given: for threads that are not the
 * loop's (executor workers), which must not read loop->now. */
void rt__trace_emit_at(uint32_t loop_id, double vtime, int kind, int64_t a0,
                       int64_t a1, int64_t a2, int64_t a3);
/* One predictable branch when no tracer is set. */
#define RT__TRACE(loop, kind, a0, a1, a2, a3)                                  \
  do {                                                                         \
    if (RT__UNLIKELY(rt__tracing()))                                           \
      rt__trace_emit((loop), (kind), (int64_t)(a0), (int64_t)(a1),             \
                     (int64_t)(a2), (int64_t)(a3));                            \
  } while (0)
/* Seconds to integer nanoseconds, for event arguments. */
int64_t rt__ns(double secs);

/* ---------------------------------------------------------------- loop */

/* Take a handle from the pool (refs 0, fields cleared but loop set). NULL
 * on RT_ENOMEM. Grows loop->ring_need with the pool. */
rt_handle *rt__handle_get(rt_loop *loop);
/* Drop one reference; at 0 run free_cb, release u.fut, back to the pool. */
void rt__handle_unref(rt_handle *h);
/* Make sure the ring can take `more` entries beyond ring_need, and if so
 * add them to ring_need. RT_OK or RT_ENOMEM. The fast path (room left) is
 * inline; growing is not. */
int rt__ring_grow(rt_loop *loop, size_t more);
static inline int rt__ring_reserve(rt_loop *loop, size_t more) {
  size_t need = loop->ring_need + more;
  if (RT__UNLIKELY(need > (size_t)loop->mask + 1)) return rt__ring_grow(loop, more);
  loop->ring_need = need;
  return RT_OK;
}
/* Append an entry; never fails (see the essay). */
static inline void rt__ring_push(rt_loop *loop, rt__entry e) {
  loop->ring[loop->tail++ & loop->mask] = e;
}
/* A future or a handle went away: the loop may now be freed. */
void rt__loop_destroy(rt_loop *loop);
static inline void rt__loop_obj_put(rt_loop *loop) {
  if (RT__UNLIKELY(--loop->objs == 0 && loop->closed)) rt__loop_destroy(loop);
}
/* call_soon with a handle kind and owner (traces), used by the runtime. */
int rt__call_soon_kind(rt_loop *loop, rt_handle_cb cb, void *arg,
                       rt_handle_free_cb free_cb, int kind, rt_handle **out);
int rt__call_at_kind(rt_loop *loop, double when, rt_handle_cb cb, void *arg,
                     rt_handle_free_cb free_cb, int kind, rt_handle **out);
/* Schedule an already-built handle at the back of the ring (gives it an
 * id, emits HANDLE_SCHEDULED). Takes over one reference. */
void rt__handle_schedule(rt_handle *h);
/* The trace arguments a[2], a[3] of an entry (see trace.c's table). */
void rt__entry_trace(rt_loop *loop, int kind, rt__entry e);
/* Current task id, 0 if none. */
static inline uint32_t rt__current_task_id(void) {
  rt_task *t = rt__tls_state.task;
  return t ? t->fut.id : 0;
}

/* --------------------------------------------------------------- timer */

/* Push h (RT__HF_TIMER, when set) on the heap: RT_OK or RT_ENOMEM. */
int rt__timer_push(rt_loop *loop, rt_handle *h);
/* Drop cancelled timers from the top (or rebuild the heap when most are
 * cancelled), as _run_once does first. */
void rt__timers_purge(rt_loop *loop);
/* Move every timer with when < now + RT__CLOCK_RES to the ring. */
void rt__timers_move_due(rt_loop *loop, double now);
/* The earliest live deadline, or -1 if none. Call after purge. */
double rt__timers_next(const rt_loop *loop);
/* Drop every timer (loop close). */
void rt__timers_clear(rt_loop *loop);
/* A timer in the heap was cancelled. */
void rt__timer_cancelled(rt_loop *loop, rt_handle *h);

/* -------------------------------------------------------------- future */

/* rt_future_new with the rt_wait_kind traces show for it. */
int rt__future_new(rt_loop *loop, int wait_kind, rt_future **out);
/* Initialise f in place (refs 1, pending, new id). Inline: every task and
 * future creation runs it. */
extern _Atomic uint32_t rt__next_future_id;
/* The loop-id and "Task-N" counters (loop.c, task.c), for rt_reset_ids. */
extern _Atomic uint32_t rt__next_loop_id;
extern _Atomic uint32_t rt__next_task_name;
/* pool.c: the N of "ThreadPoolExecutor-N" (rt_reset_ids restarts it). */
extern _Atomic int rt__next_executor_no;
static inline void rt__future_init(rt_future *f, rt_loop *loop, int wait_kind) {
  f->loop = loop;
  f->value = NULL;
  f->cbs = &f->cb0;
  f->cb0 = 0;
  f->ncbs = 0;
  f->capcbs = 1;
  f->refs = 1;
  f->id = rt__counter_next32(&rt__next_future_id);
  f->state = RT_FUT_PENDING;
  f->wait_kind = (uint8_t)wait_kind;
  f->is_task = 0;
  f->retrieved = 0;
  f->ext = 0;
  loop->objs++;
  RT__TRACE(loop, RT_EV_FUTURE_CREATED, f->id, wait_kind, 0, 0);
}
/* Complete f (state != PENDING) with value taken over, schedule its
 * callbacks. f must be pending. Works on tasks (no dispatch). */
void rt__future_complete(rt_future *f, int state, void *value);
/* Register a task's wake-up on pending f; RT_OK or RT_ENOMEM. */
int rt__future_add_wakeup(rt_future *f, rt_task *t);
/* Remove a task's wake-up registration if still there. */
void rt__future_remove_wakeup(rt_future *f, rt_task *t);
/* Free what a future owns (value, callbacks); the struct is the caller's. */
void rt__future_fini(rt_future *f);
/* rt_future_add_done_cb whose handle runs free_cb(arg) when it goes (ran,
 * removed, or dropped with f). */
int rt__future_add_done_cb_free(rt_future *f, rt_future_cb cb, void *arg,
                                rt_handle_free_cb free_cb);
/* Futures with behaviour of their own (f->ext == 1, see ext_int.h):
 * gather.c's dispatch for rt_future_cancel and the last release. */
bool rt__xfuture_cancel(rt_future *f, void *msg);
void rt__xfuture_free(rt_future *f);

/* ---------------------------------------------------------------- task */

/* Run a task's ready entry (a step or a wake-up). */
void rt__task_run(rt_task *t);
/* After a step switched back with loop->ended set: the loop's share of
 * the step's end (task.c). */
enum { RT__END_DONE, RT__END_YIELD, RT__END_AWAIT };
void rt__task_after_step(rt_loop *loop);
/* rt__entry_trace for a task's entry, inline: the common case, traced on
 * every step. */
static inline void rt__task_entry_trace(rt_loop *loop, int kind, rt_task *t) {
  rt_future *w = t->wake_fut;
  rt__trace_emit(loop, kind, (int64_t)t->hid, w ? RT_HK_WAKEUP : RT_HK_TASK_STEP,
                 t->fut.id, w ? w->id : 0);
}
/* Tear down every pending task of a closing loop, and the parked
 * coroutines. Returns how many tasks. */
size_t rt__tasks_close(rt_loop *loop);

/* ------------------------------------------------- extensions (ext_int.h) */

/* io.c: poll watched descriptors without blocking and queue the ready
 * ones' handles (phase 2 of an iteration, while loop->io_active). */
void rt__io_dispatch(rt_loop *loop);
/* pool.c: loop close: shut down the default executor, drop descriptor
 * watches and cross-thread chains (loop->ext != NULL). */
void rt__loop_ext_close(rt_loop *loop);
/* rt_future_cancel on a task (Task.cancel). */
bool rt__task_cancel(rt_task *t, void *msg);
/* The future-level free of a task (refs reached 0). */
void rt__task_free(rt_task *t);

#endif /* RT_INT_H */
