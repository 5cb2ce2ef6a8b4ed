/* rt.h: coroscope's coroutine runtime, the one header other folders include.
 *
 * A real stackful coroutine runtime whose scheduling mirrors CPython 3.11's
 * asyncio exactly: a FIFO ready queue of handles, a timer heap ordered by
 * (deadline, creation sequence), futures whose done callbacks go through
 * call_soon, tasks that step, suspend on futures and are woken by callbacks,
 * and asyncio's cancellation rules. Every scheduling decision is a trace
 * event (see "Tracing" below).
 *
 * Conventions: calls that can fail return int, RT_OK (0) or a negative RT_E*
 * code; rt_strerror() gives the text. If a call fails, its callback never
 * runs. Objects are opaque. Values stored in futures (results, exceptions,
 * cancel messages) are opaque pointers owned through the loop's
 * rt_value_ops, so an interpreter can put its own objects there.
 *
 * Threads: a loop and everything on it belong to the thread that runs the
 * loop. Only the calls marked "thread-safe" may be made from elsewhere.
 */
#ifndef RT_H
#define RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- errors */

#define RT_OK          0
#define RT_ENOMEM     (-1)  /* out of memory (the allocation hook said no) */
#define RT_EINVAL     (-2)  /* an argument is out of range */
#define RT_ESTATE     (-3)  /* wrong state: InvalidStateError in asyncio */
#define RT_ECANCELLED (-4)  /* cancelled: CancelledError in asyncio */
#define RT_ERAISED    (-5)  /* the awaited future holds an exception */
#define RT_ECLOSED    (-6)  /* the loop is closed */
#define RT_ERUNNING   (-7)  /* the loop is already running */
#define RT_ESTOPPED   (-8)  /* the loop stopped before the future was done */
#define RT_ETIMEDOUT  (-9)  /* a time limit passed */
#define RT_ESYS       (-10) /* a system call failed; errno says why */
#define RT_ENOTASK    (-11) /* called outside a task */
#define RT_EDEADLOCK  (-12) /* nothing can ever run again */

/* The text for an RT_E* code; never NULL. */
const char *rt_strerror(int code);

/* ------------------------------------------------------------ allocation */

/* Every allocation of the runtime (and of sim/, which uses these calls) goes
 * through one hook with realloc's contract: nsize == 0 frees ptr and returns
 * NULL; otherwise it returns a block of nsize bytes or NULL. The default hook
 * is libc's. Set it before creating any object; tests install a counting hook
 * that can fail the n-th allocation. Stacks are mmap'd, not allocated here. */
typedef void *(*rt_alloc_fn)(void *ud, void *ptr, size_t nsize);
void rt_set_allocator(rt_alloc_fn fn, void *ud);
void *rt_malloc(size_t n);            /* NULL when the hook fails */
void *rt_calloc(size_t n, size_t size);
void *rt_realloc(void *p, size_t n);
void rt_free(void *p);                /* NULL is fine */

/* -------------------------------------------------------------- platform */

/* What a loop needs from the world: a clock, a way to sleep until a deadline
 * or a wake-up, and threads with mutexes and conditions. The real platform
 * (rt_platform_real) uses CLOCK_MONOTONIC, epoll + eventfd and pthreads;
 * sim/ supplies a virtual one. All times are seconds as double. */
typedef struct rt_platform rt_platform;
typedef struct rt_poller rt_poller;   /* one per loop: idle wait + wake-up */
typedef struct rt_thread rt_thread;
typedef struct rt_mutex rt_mutex;
typedef struct rt_cond rt_cond;

struct rt_platform {
  const char *name;                                 /* "real", "virtual" */
  double (*now)(rt_platform *p);                    /* monotonic seconds */
  uint64_t (*wall_ns)(rt_platform *p);              /* ns, for traces */
  /* Sleep the calling thread for secs while it holds what it holds
   * (time.sleep). */
  void (*sleep)(rt_platform *p, double secs);
  int (*poller_new)(rt_platform *p, rt_poller **out);
  /* Block until now() >= deadline, or the poller is woken. deadline < 0:
   * no deadline. Returns RT_OK, or RT_EDEADLOCK when (virtual platform only)
   * nothing could ever wake it. */
  int (*poller_wait)(rt_poller *po, double deadline);
  void (*poller_wake)(rt_poller *po);               /* thread-safe */
  void (*poller_free)(rt_poller *po);
  int (*thread_start)(rt_platform *p, const char *name, void (*fn)(void *),
                      void *arg, rt_thread **out);
  int (*thread_join)(rt_thread *t);                 /* and frees t */
  int (*mutex_new)(rt_platform *p, rt_mutex **out);
  void (*mutex_lock)(rt_mutex *m);
  void (*mutex_unlock)(rt_mutex *m);
  void (*mutex_free)(rt_mutex *m);
  int (*cond_new)(rt_platform *p, rt_cond **out);
  /* deadline as in poller_wait; returns RT_OK or RT_ETIMEDOUT. */
  int (*cond_wait)(rt_cond *c, rt_mutex *m, double deadline);
  void (*cond_signal)(rt_cond *c);
  void (*cond_broadcast)(rt_cond *c);
  void (*cond_free)(rt_cond *c);
};

/* The real platform: a process-wide singleton, never freed. */
rt_platform *rt_platform_real(void);

/* ------------------------------------------------------------- coroutines */

/* A bare stackful coroutine: what tasks are built on, and what sim/ uses for
 * its virtual threads. rt_coro_resume runs it until it yields or returns;
 * rt_coro_yield (inside it) goes back to whoever resumed it, which may be
 * another coroutine (resumes nest). A resume+yield round trip costs a few
 * ns: no system call, no signal mask change.
 *
 * Stacks are mmap'd (not allocated through the hook), committed lazily (an
 * idle coroutine costs about one page) and guarded: an overflow prints
 * "coroscope: stack overflow in task NAME" on stderr and exits with status
 * 134, instead of a bare SIGSEGV.
 *
 * Threads: a coroutine runs on one thread at a time; a suspended one may be
 * resumed from another thread. */
typedef struct rt_coro rt_coro;
typedef void (*rt_coro_entry)(void *arg);

/* Create a coroutine that runs fn(arg) when first resumed, on a stack of at
 * least stack_size bytes (0: RT_STACK_DEFAULT). name (copied; may be NULL)
 * labels the stack-overflow message. RT_OK, or RT_ENOMEM (allocation or
 * address space; nothing is left allocated). Free with rt_coro_free. */
int rt_coro_new(rt_coro_entry fn, void *arg, size_t stack_size,
                const char *name, rt_coro **out);  /* OUT: out */
/* Run c until it yields or fn returns. c must be neither running nor done. */
void rt_coro_resume(rt_coro *c);
/* Inside a coroutine: suspend it, back to its resumer. */
void rt_coro_yield(void);
bool rt_coro_done(const rt_coro *c);   /* fn has returned */
rt_coro *rt_coro_current(void);     /* NULL on a thread's own stack */
void rt_coro_set_name(rt_coro *c, const char *name);  /* copied */
/* Free c (suspended or done, not running; its frames are dropped without
 * unwinding) and return its stack to the pool. NULL is fine. */
void rt_coro_free(rt_coro *c);

/* ----------------------------------------------------------------- values */

/* How the runtime holds the opaque values put into futures. retain takes a
 * new reference, release drops one. Both may be NULL (values not owned). */
typedef struct rt_value_ops {
  void (*retain)(void *ud, void *v);
  void (*release)(void *ud, void *v);
  void *ud;
} rt_value_ops;

/* ------------------------------------------------------------------ loop */

typedef struct rt_loop rt_loop;
typedef struct rt_handle rt_handle;
typedef struct rt_future rt_future;
typedef struct rt_task rt_task;

typedef void (*rt_handle_cb)(rt_loop *loop, void *arg);
/* Called once for a handle's arg when the handle is freed, run or not. */
typedef void (*rt_handle_free_cb)(void *arg);

/* Create a loop on platform p (NULL: the real one). ops may be NULL.
 * Free with rt_loop_free(). Returns RT_OK or RT_ENOMEM / RT_ESYS. */
int rt_loop_new(rt_platform *p, const rt_value_ops *ops, rt_loop **out);
/* Close and free: pending handles are dropped (their free_cb runs), pending
 * tasks are freed without running (values their bodies hold on their stacks
 * are not released). Not while running. References to the loop's futures,
 * tasks and handles may still be released afterwards: the memory goes with
 * the last of them. */
void rt_loop_free(rt_loop *loop);

/* The loop's phases, one iteration (rt_loop_run_once), asyncio's _run_once:
 *  1. emit LOOP_ITER_BEGIN; read the clock once for the whole iteration
 *     (not at all when no timer is pending and no tracer hook is set:
 *     nothing would use it);
 *  2. if no handle is ready, wait idle until the earliest timer (or forever
 *     if none, or not at all if stopping or the timer is already due),
 *     emitting IDLE; read the clock;
 *  3. move every due timer (deadline < now + 1e-9, asyncio's clock
 *     resolution) to the back of the ready queue, in (deadline, sequence)
 *     order, emitting TIMER_FIRED for each;
 *  4. run exactly the handles that were ready when this phase began, in FIFO
 *     order, skipping cancelled ones; handles they schedule wait for the next
 *     iteration;
 *  5. emit LOOP_ITER_END. */
int rt_loop_run_once(rt_loop *loop);
/* Run until fut is done. RT_OK when done; RT_ESTOPPED if rt_loop_stop came
 * first; RT_ERUNNING if already running; RT_EDEADLOCK if the platform says
 * nothing can ever wake the loop. */
int rt_loop_run_until_complete(rt_loop *loop, rt_future *fut);
/* Run until rt_loop_stop(). Returns RT_OK, RT_ERUNNING, RT_EDEADLOCK. */
int rt_loop_run_forever(rt_loop *loop);
/* Ask the loop to stop after the current iteration (asyncio's stop). */
void rt_loop_stop(rt_loop *loop);
bool rt_loop_is_running(const rt_loop *loop);
double rt_loop_time(rt_loop *loop);        /* the platform clock */
uint32_t rt_loop_id(const rt_loop *loop);  /* 1, 2, ... process-wide */
rt_platform *rt_loop_platform(rt_loop *loop);
/* The loop running on the calling thread, or NULL. */
rt_loop *rt_loop_running(void);
size_t rt_loop_ready_count(const rt_loop *loop);
size_t rt_loop_timer_count(const rt_loop *loop);
uint64_t rt_loop_iteration(const rt_loop *loop);

/* Schedule cb(loop, arg) at the back of the ready queue. free_cb (may be
 * NULL) runs once when the handle is freed. If out is non-NULL it receives a
 * reference the caller must rt_handle_release(). RT_OK or RT_ENOMEM (then
 * free_cb is not called: the caller still owns arg). */
int rt_call_soon(rt_loop *loop, rt_handle_cb cb, void *arg,
                 rt_handle_free_cb free_cb, rt_handle **out);
/* The same from any thread: wakes the loop. thread-safe. */
int rt_call_soon_threadsafe(rt_loop *loop, rt_handle_cb cb, void *arg,
                            rt_handle_free_cb free_cb);
/* Schedule at loop time now+delay / at when. Equal deadlines run in the
 * order they were scheduled. call_later reads the clock afresh (asyncio's
 * self.time() + delay). RT_OK, RT_ENOMEM, RT_ECLOSED, RT_EINVAL (NaN). */
int rt_call_later(rt_loop *loop, double delay, rt_handle_cb cb, void *arg,
                  rt_handle_free_cb free_cb, rt_handle **out);
int rt_call_at(rt_loop *loop, double when, rt_handle_cb cb, void *arg,
               rt_handle_free_cb free_cb, rt_handle **out);
/* Cancel: the callback will not run. Idempotent. */
void rt_handle_cancel(rt_handle *h);
bool rt_handle_cancelled(const rt_handle *h);
double rt_handle_when(const rt_handle *h);  /* deadline; -1 for call_soon */
void rt_handle_release(rt_handle *h);

/* ---------------------------------------------------------------- futures */

typedef enum rt_future_state {
  RT_FUT_PENDING,
  RT_FUT_RESULT,
  RT_FUT_EXCEPTION,
  RT_FUT_CANCELLED,
} rt_future_state;

typedef void (*rt_future_cb)(rt_future *f, void *arg);

/* A new pending future on loop; the caller holds one reference. */
int rt_future_new(rt_loop *loop, rt_future **out);

/* What a task waits on, as TASK_SUSPENDED's a[1] says it (and the window
 * draws it). Futures are RT_WAIT_FUTURE unless labelled; tasks are
 * RT_WAIT_TASK; a bare yield is RT_WAIT_YIELD. */
typedef enum rt_wait_kind {
  RT_WAIT_YIELD, RT_WAIT_FUTURE, RT_WAIT_TASK, RT_WAIT_SLEEP, RT_WAIT_GATHER,
  RT_WAIT_SHIELD, RT_WAIT_WAIT, RT_WAIT_WAIT_FOR, RT_WAIT_AS_COMPLETED,
  RT_WAIT_LOCK, RT_WAIT_EVENT, RT_WAIT_CONDITION, RT_WAIT_SEMAPHORE,
  RT_WAIT_QUEUE, RT_WAIT_EXECUTOR, RT_WAIT_THREADSAFE, RT_WAIT_IO,
} rt_wait_kind;
void rt_future_set_wait_kind(rt_future *f, rt_wait_kind kind);
rt_wait_kind rt_future_wait_kind(const rt_future *f);
void rt_future_retain(rt_future *f);
void rt_future_release(rt_future *f);
rt_loop *rt_future_loop(const rt_future *f);
uint32_t rt_future_id(const rt_future *f);       /* process-wide, from 1 */
rt_future_state rt_future_state_of(const rt_future *f);
bool rt_future_done(const rt_future *f);
/* Complete the future; it takes over the caller's reference to v / exc.
 * RT_ESTATE (and v is not taken) if already done; RT_EINVAL (not taken) on
 * a task's future. Done callbacks are scheduled with call_soon in the order
 * they were added. */
int rt_future_set_result(rt_future *f, void *v);
int rt_future_set_exception(rt_future *f, void *exc);
/* Cancel a pending future with an optional message (taken over). Returns
 * false if it was already done (msg is not taken). On a task's future this
 * is rt_task_cancel (asyncio's Task overrides cancel). */
bool rt_future_cancel(rt_future *f, void *msg);
/* Borrowed views: the result, the exception, the cancel message. */
void *rt_future_value(const rt_future *f);
/* Marks the exception retrieved (no "never retrieved" warning). */
void rt_future_mark_retrieved(rt_future *f);
bool rt_future_retrieved(const rt_future *f);
/* Add a done callback; if the future is already done it is scheduled at
 * once. RT_OK or RT_ENOMEM. */
int rt_future_add_done_cb(rt_future *f, rt_future_cb cb, void *arg);
/* Remove every registration of (cb, arg); returns how many. */
size_t rt_future_remove_done_cb(rt_future *f, rt_future_cb cb, void *arg);

/* ------------------------------------------------------------------ tasks */

/* A task's body, run on its own stack. Return RT_OK with *out the result,
 * RT_ERAISED with *out the exception, or RT_ECANCELLED (the CancelledError
 * propagated out; *out the message or NULL). *out is a reference the task
 * takes over. */
typedef int (*rt_coro_fn)(void *arg, void **out);

typedef struct rt_task_opts {
  const char *name;         /* NULL: "Task-N" from the process-wide counter */
  size_t stack_size;        /* 0: RT_STACK_DEFAULT */
  void (*arg_free)(void *arg);  /* run when the task is freed; may be NULL */
} rt_task_opts;

#define RT_STACK_DEFAULT (256u * 1024u)

/* Create a task and schedule its first step with call_soon. The caller
 * holds one reference (rt_task_release). opts may be NULL. If this fails,
 * fn never runs and arg is still the caller's. */
int rt_task_new(rt_loop *loop, rt_coro_fn fn, void *arg,
                const rt_task_opts *opts, rt_task **out);
void rt_task_retain(rt_task *t);
void rt_task_release(rt_task *t);
rt_future *rt_task_future(rt_task *t);     /* a task is a future */
rt_task *rt_task_of(rt_future *f);         /* NULL if f is not a task */
uint32_t rt_task_id(const rt_task *t);     /* == its future's id */
const char *rt_task_name(const rt_task *t);
int rt_task_set_name(rt_task *t, const char *name);
/* asyncio Task.cancel: request; true unless the task is done. */
bool rt_task_cancel(rt_task *t, void *msg);
int rt_task_cancelling(const rt_task *t);
int rt_task_uncancel(rt_task *t);
/* The task running on this thread, or NULL. */
rt_task *rt_task_current(void);

/* Inside a task: suspend until f is done (not at all if it already is).
 * RT_OK: *out is a new reference to the result. RT_ERAISED: *out is a new
 * reference to the exception. RT_ECANCELLED: f was cancelled, or this task
 * was cancelled while waiting (then f is cancelled too, as asyncio does);
 * *out is a new reference to the message or NULL. RT_ENOTASK outside a
 * task. RT_EINVAL (after one loop iteration, as asyncio's RuntimeError) if
 * f is the task itself or on another loop. RT_ENOMEM if the wake-up could
 * not be registered (only when f already has callbacks). out may be NULL. */
int rt_await(rt_future *f, void **out);
/* Inside a task: a bare yield (asyncio.sleep(0)): the next step goes to the
 * back of the ready queue. RT_OK or RT_ECANCELLED (*msg as above; msg may be
 * NULL). */
int rt_yield(void **msg);
/* Inside a task: asyncio.sleep(delay, result). delay <= 0 is rt_yield.
 * result is handed back in *out on RT_OK (reference taken over); on
 * RT_ECANCELLED *out is the message and result is released. RT_ENOMEM;
 * RT_ENOTASK (result not taken). */
int rt_sleep(double delay, void *result, void **out);

/* ---------------------------------------------------------------- tracing */

/* Every scheduling decision is an event. Arguments a[0..3] mean, per kind,
 * what rt_ev_kind_name's table in trace.c documents; strings are interned
 * (rt_intern) and passed by id. */
typedef enum rt_ev_kind {
  RT_EV_NONE,
  /* loop */
  RT_EV_LOOP_NEW, RT_EV_LOOP_FREE, RT_EV_LOOP_RUN, RT_EV_LOOP_STOP,
  RT_EV_ITER_BEGIN, RT_EV_ITER_END, RT_EV_IDLE_BEGIN, RT_EV_IDLE_END,
  RT_EV_CLOCK_ADVANCE,
  /* handles: a[0] handle id, a[1] rt_handle_kind, a[2] task or future id */
  RT_EV_HANDLE_SCHEDULED, RT_EV_HANDLE_RUN, RT_EV_HANDLE_CANCELLED,
  /* timers: a[0] handle id, a[1] deadline in ns, a[2] owner task id */
  RT_EV_TIMER_ADDED, RT_EV_TIMER_FIRED, RT_EV_TIMER_CANCELLED,
  /* tasks */
  RT_EV_TASK_CREATED, RT_EV_TASK_STEP_BEGIN, RT_EV_TASK_STEP_END,
  RT_EV_TASK_SUSPENDED, RT_EV_TASK_DONE, RT_EV_TASK_CANCEL_REQUESTED,
  /* futures */
  RT_EV_FUTURE_CREATED, RT_EV_FUTURE_DONE, RT_EV_FUTURE_CB_ADDED,
  RT_EV_FUTURE_FREE,
  /* interpreter frames inside a task (emitted by sim/lang) */
  RT_EV_FRAME_ENTER, RT_EV_FRAME_LEAVE, RT_EV_LINE, RT_EV_OUTPUT,
  /* synchronisation and queues (runtime combinators issue) */
  RT_EV_SYNC_NEW, RT_EV_SYNC_ACQUIRE, RT_EV_SYNC_RELEASE, RT_EV_SYNC_WAIT,
  RT_EV_SYNC_WAKE, RT_EV_QUEUE_PUT, RT_EV_QUEUE_GET, RT_EV_GROUP_NEW,
  RT_EV_GROUP_DONE,
  /* threads and the executor */
  RT_EV_THREAD_START, RT_EV_THREAD_BLOCK, RT_EV_THREAD_WAKE,
  RT_EV_THREAD_END, RT_EV_EXEC_SUBMIT, RT_EV_EXEC_START, RT_EV_EXEC_DONE,
  /* I/O */
  RT_EV_IO_WAIT, RT_EV_IO_READY,
  /* diagnostics: a[0] interned message */
  RT_EV_WARNING,
  RT_EV__COUNT
} rt_ev_kind;

/* What a handle does, for traces and the window. */
typedef enum rt_handle_kind {
  RT_HK_CALLBACK,   /* call_soon / call_later of a user callback */
  RT_HK_TASK_STEP,  /* a task's __step (first step, after a bare yield) */
  RT_HK_WAKEUP,     /* a task's __wakeup, from a future's done callback */
  RT_HK_FUTURE_CB,  /* a future's done callback (not a task wake-up) */
  RT_HK_TIMER,      /* a timer's callback (sleep's _set_result_unless...) */
} rt_handle_kind;

typedef struct rt_event {
  uint64_t seq;      /* process-wide, from 1, no gaps */
  double vtime;      /* the loop's (platform's) clock, seconds, as read once
                        for the current iteration */
  uint64_t wall_ns;  /* the same reading in ns (the loop reads one clock per
                        iteration; on the real platform it is
                        CLOCK_MONOTONIC); a hook wanting another clock per
                        event stamps it itself */
  uint32_t thread;   /* 1 = main thread, 2, ... */
  uint32_t loop;     /* loop id, 0 = none */
  uint32_t task;     /* current task id, 0 = none */
  uint16_t kind;     /* rt_ev_kind */
  uint16_t flags;
  int64_t a[4];
} rt_event;

typedef void (*rt_trace_cb)(void *ud, const rt_event *ev);
/* Install (or with NULL remove) the process-wide tracer hook. Set it while
 * no loop runs. With no hook, tracing costs one predictable branch. */
void rt_trace_set_hook(rt_trace_cb cb, void *ud);
/* Emit an event from outside the runtime (sim/lang's frames, lines). */
void rt_trace_emit(rt_loop *loop, rt_ev_kind kind, int64_t a0, int64_t a1,
                   int64_t a2, int64_t a3);
const char *rt_ev_kind_name(rt_ev_kind kind);   /* "task.step", ... */
/* Names of enum values, as the text form prints them ("step", "result",
 * "sleep", ...; "?" when out of range). */
const char *rt_handle_kind_name(rt_handle_kind k);
const char *rt_future_state_name(rt_future_state s);
const char *rt_wait_kind_name(rt_wait_kind k);
/* Intern a string for events; returns its id (>= 1), 0 on RT_ENOMEM. */
int64_t rt_intern(const char *s);
const char *rt_interned(int64_t id);            /* NULL if unknown */
/* Free every interned string (ids restart at 1). Only when nothing holds an
 * id or a string any more: tests call it in teardown. */
void rt_intern_clear(void);
/* Format one event as a text line with stable columns (no newline). Returns
 * what snprintf would. */
int rt_trace_format(const rt_event *ev, char *buf, size_t n);

/* The id of the calling thread as traces show it (1 = first thread seen). */
uint32_t rt_thread_id(void);

#ifdef __cplusplus
}
#endif
#endif /* RT_H */
