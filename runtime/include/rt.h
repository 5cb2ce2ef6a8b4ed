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
#define RT_EFULL      (-13) /* the queue is full: QueueFull */
#define RT_EEMPTY     (-14) /* the queue is empty: QueueEmpty */
#define RT_ETOOMANY   (-15) /* released / task_done() too many times: ValueError */
#define RT_ENOTSUP    (-16) /* the platform cannot do it (I/O on a virtual one) */

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
typedef struct rt_io_ready rt_io_ready;  /* see RT_IO_READABLE below */

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
  /* Wait for t to end, then free t. RT_OK, or RT_EDEADLOCK (virtual
   * platform only: nothing could ever end t; t is not freed). */
  int (*thread_join)(rt_thread *t);
  int (*mutex_new)(rt_platform *p, rt_mutex **out);
  void (*mutex_lock)(rt_mutex *m);
  void (*mutex_unlock)(rt_mutex *m);
  void (*mutex_free)(rt_mutex *m);
  int (*cond_new)(rt_platform *p, rt_cond **out);
  /* deadline as in poller_wait; returns RT_OK, RT_ETIMEDOUT, or
   * RT_EDEADLOCK (virtual platform only: nothing could ever signal it; m
   * is held again on return, whatever the code). */
  int (*cond_wait)(rt_cond *c, rt_mutex *m, double deadline);
  void (*cond_signal)(rt_cond *c);
  void (*cond_broadcast)(rt_cond *c);
  void (*cond_free)(rt_cond *c);
  /* Optional: NULL where there is none (the virtual platform); the loop's
   * rt_io_* calls then return RT_ENOTSUP. Non-blocking I/O readiness on a
   * poller, level-triggered. io_watch: watch fd for events (RT_IO_READABLE
   * | RT_IO_WRITABLE; 0: stop watching it); a watched descriptor that is
   * ready ends a poller_wait. RT_OK or RT_ESYS. io_poll: without blocking,
   * fill out with up to max ready descriptors (events may include
   * RT_IO_ERROR); returns how many, or RT_ESYS. Loop thread only. */
  int (*io_watch)(rt_poller *po, int fd, uint32_t events);
  int (*io_poll)(rt_poller *po, rt_io_ready *out, int max);
  /* Optional: the CPUs os.cpu_count() reports, for the executor's default
   * size (NULL: the machine's). */
  int (*cpu_count)(rt_platform *p);
};

/* I/O readiness, as io_watch / io_poll and rt_io_wait speak of it. */
#define RT_IO_READABLE 1u
#define RT_IO_WRITABLE 2u
#define RT_IO_ERROR    4u   /* error or hang-up: wakes readers and writers */
struct rt_io_ready {
  int fd;
  uint32_t events;
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

/* Create a coroutine that runs fn(arg) when first resumed, on a stack of
 * stack_size bytes rounded up to pages (0: RT_STACK_DEFAULT), whose top
 * 200 or so hold the coroutine itself (so it allocates nothing unless its
 * name is longer than 47 bytes). name (copied; may be NULL) labels the
 * stack-overflow message. RT_OK, or RT_ENOMEM (a long name's copy, or
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

/* --------------------------------------------------------- growing stacks */

/* Small stacks that grow on demand, in segments (as Rust's stacker crate
 * does): code that may recurse deeply checks rt_stack_left() at its
 * recursion points and, when little is left, continues on a fresh segment
 * with rt_stack_call. So a coroutine can be given a small stack (densely
 * packed: many share a page-table page, which is what a fresh stack costs)
 * and still recurse as deep as a big one would let it.
 *
 *   if (rt_stack_left() < MARGIN) return rt_stack_call(SEGMENT, fn, &args);
 *
 * The segment is the stack the thread runs on while fn runs: the overflow
 * handler watches its guard, rt_stack_left measures it, the sanitizers are
 * told about it. A coroutine may yield while on a segment (and be resumed
 * there, from any thread); freeing it suspended there gives the segment
 * back. Segments come from the stack pool: a call that finds one pooled
 * makes no system call (about 50 ns the round trip). */

/* The lowest usable byte of the stack this thread runs on (a coroutine's,
 * a segment's, a lane's, the thread's own once a coroutine was resumed on
 * it; NULL where unknown): kept by the runtime on every switch. */
#ifdef __cplusplus
extern thread_local char *rt__stack_limit;
#else
extern _Thread_local char *rt__stack_limit;
#endif

/* Bytes of stack left below the caller's frame: a thread-local load and a
 * subtraction. 0 if the frame lies below the limit; huge (the address
 * itself) on a thread's own stack whose bounds are not known yet. */
static inline size_t rt_stack_left(void) {
  uintptr_t sp;
#if defined(__x86_64__)
  __asm__("movq %%rsp, %0" : "=r"(sp));  /* no frame pointer forced */
#elif defined(__aarch64__)
  __asm__("mov %0, sp" : "=r"(sp));
#else
  sp = (uintptr_t)__builtin_frame_address(0);
#endif
  uintptr_t lo = (uintptr_t)rt__stack_limit;
  return sp > lo ? sp - lo : 0;
}

/* Run fn(arg) on a fresh stack segment of at least size usable bytes (0:
 * RT_STACK_DEFAULT) and return when it returns: RT_OK, or RT_ENOMEM if no
 * segment could be had (then fn did not run). */
int rt_stack_call(size_t size, void (*fn)(void *), void *arg);

/* ------------------------------------------------------------------ lanes */

/* A lane is a logical thread multiplexed on one OS thread: what sim/ uses
 * to run a scenario's threads deterministically. rt_lane_switch saves the
 * whole execution context of the calling lane, wherever it is (on its own
 * stack, or deep inside nested coroutines: a task's step inside a loop
 * inside the lane), together with the runtime's per-thread state (the
 * running loop, the current task, the thread id traces show, the current
 * coroutine, the stack the overflow handler watches), and resumes another
 * lane exactly where it left off. So a task that calls a blocking platform
 * call (a mutex, a condition) can give the OS thread to another lane and
 * get it back later, its loop and task still its own.
 *
 * Every OS thread has an implicit root lane (its own stack), returned by
 * rt_lane_current() before any switch; it is never freed. Lanes switch only
 * among lanes of the same OS thread. A switch costs about what a coroutine
 * resume does (no system call, no allocation). */
typedef struct rt_lane rt_lane;

/* Create a suspended lane that runs fn(arg) on a stack of at least
 * stack_size bytes (0: RT_STACK_DEFAULT) when first switched to. name
 * (copied; may be NULL) labels the stack-overflow message. The lane starts
 * with no running loop, no current task and thread id 0 (assigned from the
 * process-wide counter when first needed: see rt_lane_thread_id). fn must
 * not return: it ends the lane with rt_lane_exit (if it returns anyway,
 * the process aborts with a message). RT_OK or RT_ENOMEM (nothing is left
 * allocated). Free with rt_lane_free. */
int rt_lane_new(rt_coro_entry fn, void *arg, size_t stack_size,
                const char *name, rt_lane **out);  /* OUT: out */
/* Suspend the calling lane and resume to (suspended or never started, on
 * this OS thread; not the calling lane, not finished). Returns when some
 * lane switches back to the caller. */
void rt_lane_switch(rt_lane *to);
/* End the calling lane for good and resume to. Not on a root lane. */
_Noreturn void rt_lane_exit(rt_lane *to);
/* The lane running on this OS thread (its root lane if none was entered). */
rt_lane *rt_lane_current(void);
bool rt_lane_done(const rt_lane *l);   /* it called rt_lane_exit */
/* The id events emitted on l carry as their thread (rt_thread_id() while l
 * runs), assigned now from the process-wide counter if l has none yet. */
uint32_t rt_lane_thread_id(rt_lane *l);
/* Free l (never started, suspended or done; not running, not a root lane)
 * and return its stack to the pool. A suspended lane's frames are dropped
 * without unwinding, like rt_coro_free. NULL is fine. */
void rt_lane_free(rt_lane *l);

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
/* From `from` pending tasks on, new tasks of the default stack size (or
 * of the size of the first such task) share one stack (SIZE_MAX, the
 * default: never). A suspended task that is not the last to have run on
 * it is then just its frames' bytes, saved on the heap: an interpreter's
 * task waiting at an await costs about 1.1 KiB instead of a stack page,
 * and each step runs on a stack already hot in the cache (with 100,000
 * tasks a step beginning on a cold page of its own costs several times
 * the step). The contract it asks for: nothing outside a suspended task
 * may read or write its stack (no pointer to a local of one task's body
 * handed to another task, a callback or the loop's caller), and such
 * tasks are resumed only by their loop. */
void rt_loop_share_stacks(rt_loop *loop, size_t from);

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
 * takes over. A body suspends only through rt_await, rt_yield and rt_sleep
 * (and what is built on them), never with rt_coro_yield on its own
 * coroutine: the task's side of a step does the step's bookkeeping before
 * it switches back to the loop. (Coroutines it creates and resumes itself
 * may yield as they like.) */
typedef int (*rt_coro_fn)(void *arg, void **out);

typedef struct rt_task_opts {
  const char *name;         /* NULL: "Task-N" from the process-wide counter */
  size_t stack_size;        /* 0: RT_STACK_DEFAULT */
  void (*arg_free)(void *arg);  /* run when the task is freed; may be NULL */
} rt_task_opts;

/* The default stack of a task, a coroutine or a lane: 64 KiB, enough for
 * C bodies that do not recurse deeply (code that does, like the
 * interpreter, grows its stack in segments: rt_stack_call). Stacks are reserved, not committed: an idle
 * task costs its top page whatever the size. The size still matters,
 * because with the 16 KiB guard below each stack, it sets how far apart
 * stacks lie in memory: 80 KiB here (272 KiB with the former 256 KiB
 * default) means fewer page-table pages per task (about 150 B of kernel
 * memory per idle task instead of 550) and fewer TLB and page-walk misses
 * when many tasks run in turn (bench/README.md). Coroutines with the
 * default size are the ones pooled for reuse (a spawn then costs no stack
 * from the pool). The coroutine's own header (about 200 bytes) lives at
 * the top of its stack. */
#define RT_STACK_DEFAULT (64u * 1024u)

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
/* Run suspended t's body to its end now (its loop is closing, or another
 * task closes its coroutine): every suspension returns RT_ECLOSED, so the
 * body unwinds; t stays pending, waiting on what it waited on, and if a
 * step comes for it later (that future done, a cancel) it ends then with
 * what the body returned. RT_OK, RT_EINVAL (not
 * started, done or running). t may share a stack with the task running
 * now (rt_loop_share_stacks): then it is resumed from a segment of stack
 * while the caller's frames stand aside; RT_ENOMEM if no segment could be
 * had, RT_ESTATE if the caller is not that task itself but a coroutine it
 * resumed (nothing is done in both cases). */
int rt_task_unwind(rt_task *t);
/* Tell the loop an address t's next step will read early (slot i <
 * RT_TASK_HINTS; NULL: none): when t's turn is one entry away, the loop
 * starts loading it, so the step does not wait on it. For an interpreter's
 * task the objects its frames resume with (the awaited object, the task's
 * own objects), cold when a hundred thousand other tasks ran in between. */
#define RT_TASK_HINTS 4
void rt_task_hint(rt_task *t, unsigned i, const void *p);
int rt_task_cancelling(const rt_task *t);
/* The future t is suspended on (asyncio's _fut_waiter, borrowed), or NULL. */
rt_future *rt_task_waiter(const rt_task *t);
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

/* ============================================================ combinators
 *
 * asyncio's gather, wait, wait_for, shield and as_completed as CPython 3.11
 * writes them (Lib/asyncio/tasks.py), hop for hop: each callback they
 * register runs through call_soon exactly where asyncio's does, so the
 * ready queue always holds what asyncio's would. They take futures, not
 * coroutines: wrap a coroutine in a task first (rt_task_new), as
 * ensure_future does. Calls marked "In a task" suspend the calling task
 * (they are coroutines in asyncio); the others return at once. Loop thread
 * only.
 *
 * Timeouts are seconds; RT_NO_TIMEOUT stands for None. Zero and negative
 * timeouts are real ones (already expired), as in asyncio.
 *
 * Traces: GROUP_NEW when one starts (its id: gather's and shield's outer
 * future, wait's waiter future, a fresh object id for wait_for and
 * as_completed), GROUP_ADD for each child, GROUP_DONE when it ends. */

#define RT_NO_TIMEOUT (__builtin_nan(""))   /* timeout=None */

/* What a group is (GROUP_NEW's a[1]). */
typedef enum rt_group_kind {
  RT_GROUP_GATHER, RT_GROUP_WAIT, RT_GROUP_WAIT_FOR, RT_GROUP_SHIELD,
  RT_GROUP_AS_COMPLETED,
} rt_group_kind;

/* One child's outcome (borrowed). */
typedef struct rt_outcome {
  rt_future_state state;  /* RT_FUT_RESULT, _EXCEPTION or _CANCELLED */
  void *value;            /* the result, the exception, or the cancel
                             message (NULL: none) */
} rt_outcome;

/* How a gather builds what the interpreter sees. Copied by rt_gather; ud
 * must outlive the outer future. Both hooks run on the loop thread, from
 * a done callback (no task is current). */
typedef struct rt_gather_ops {
  /* Build the outer's result list from every child's outcome, in argument
   * order (a future passed twice appears twice). With return_exceptions
   * an exception is a list item, and a cancelled child stands for
   * CancelledError(msg, or '' when msg is NULL): build makes that
   * exception. Return RT_OK with *out the result (taken over), or any
   * other code with *out an exception (taken over; may be NULL) to set on
   * the outer instead (say, MemoryError). NULL build: the result is NULL;
   * C callers read the children with rt_gather_children. */
  int (*build)(void *ud, size_t n, const rt_outcome *items, void **out);
  /* Make the CancelledError asyncio sets on the outer as an exception
   * (fut._make_cancelled_error()) when a child was cancelled without
   * return_exceptions, or when the gather itself was cancelled: msg is the
   * child's cancel message (borrowed; NULL: none). Return a new reference,
   * or NULL. With no hook (or NULL returned) the outer is cancelled with
   * msg instead (RT_FUT_CANCELLED): awaiting it raises the same
   * CancelledError; only outer.cancelled() tells them apart. */
  void *(*cancelled_error)(void *ud, void *msg);
  void *ud;
} rt_gather_ops;

/* asyncio.gather(*fs, return_exceptions=...): a new outer future whose
 * result is ops->build's list of the children's results in argument
 * order, once all are done. Without return_exceptions the first child to
 * fail (exception, or cancelled: CancelledError) fails the outer at once
 * and the others keep running. Cancelling the outer (rt_future_cancel,
 * also what cancelling a task that awaits it does) cancels every child
 * still pending instead; true if any was, and the outer then ends with
 * CancelledError whatever return_exceptions says. n == 0: the outer is
 * already done with build's empty list. The outer holds a reference to
 * each child; while a child is pending, it and the outer keep each other
 * alive (cancel or finish the children before dropping them, as
 * asyncio.run does); once the outer is done it lets go of them. ops may
 * be NULL. *out: the outer, the caller's
 * reference. RT_OK; RT_ENOMEM (nothing registered); RT_EINVAL (a child on
 * another loop); RT_ECLOSED (the loop is closed). */
int rt_gather(rt_loop *loop, rt_future *const *fs, size_t n,
              bool return_exceptions, const rt_gather_ops *ops,
              rt_future **out);  /* OUT: out */
/* A pending gather outer's children in argument order (borrowed). Returns
 * their number; 0 and NULL if f is not a gather outer, gathered nothing,
 * or is done (a done outer lets go of its children). */
size_t rt_gather_children(rt_future *f, rt_future *const **children);

typedef enum rt_return_when {
  RT_ALL_COMPLETED, RT_FIRST_COMPLETED, RT_FIRST_EXCEPTION,
} rt_return_when;

/* In a task: asyncio.wait(fs, timeout=, return_when=). Suspends until
 * return_when holds (every future done; any done; any done with an
 * exception, or all done) or the timeout passes; never cancels anything.
 * fs is a set: duplicates count once. The timer is created before any
 * child's callback, so a child that sleeps exactly as long as the timeout
 * is still pending when the wait returns. Afterwards the done set is the
 * futures with rt_future_done true, the pending set the others. RT_OK;
 * RT_ECANCELLED (this task was cancelled while waiting: *msg the message,
 * a new reference, or NULL; the children go on); RT_EINVAL (n == 0: "Set
 * of Tasks/Futures is empty."; return_when out of range; a future on
 * another loop); RT_ENOMEM; RT_ENOTASK. msg may be NULL. */
int rt_wait(rt_future *const *fs, size_t n, double timeout,
            rt_return_when return_when, void **msg);

/* In a task: asyncio.wait_for(f, timeout), 3.11's version. RT_NO_TIMEOUT:
 * just await f. Otherwise wait for f or the timeout; on timeout cancel f
 * and wait until it has finished, so f never runs after this returns. A
 * timeout <= 0 cancels f at once (unless it is already done). Returns:
 * RT_OK (*out the result; also when f swallowed the cancellation and
 * returned a value, as 3.11 does); RT_ERAISED (*out the exception);
 * RT_ETIMEDOUT (TimeoutError: f ended cancelled after the timeout; *out
 * f's cancel message, for the CancelledError that is the TimeoutError's
 * cause, or NULL); RT_ECANCELLED (this task was cancelled: f was cancelled
 * too and waited for; or f was cancelled by someone else; *out the
 * message or NULL; if f had finished when this task's cancellation
 * arrived, f's outcome is returned instead, as 3.11 does); RT_ENOMEM;
 * RT_ENOTASK. *out is a new reference; out may be NULL. */
int rt_wait_for(rt_future *f, double timeout, void **out);

/* asyncio.shield(f). *out: f itself (a new reference) if f is done;
 * otherwise a new outer future that completes as f does, so awaiting it
 * is awaiting f, except that cancelling the outer (or the task awaiting
 * it) leaves f running. The caller owns *out. RT_OK or RT_ENOMEM. */
int rt_shield(rt_future *f, rt_future **out);  /* OUT: out */

/* asyncio.as_completed(fs, timeout=): an iterator of rt_as_completed_len
 * awaitables (one per distinct future) that give the futures' outcomes in
 * the order they complete. With a timeout, when it passes every awaitable
 * not yet answered raises TimeoutError. Completions travel through an
 * asyncio.Queue exactly as in asyncio (so a completion reaches a waiting
 * task two hops after the future completes). RT_OK, RT_ENOMEM, RT_EINVAL
 * (a future on another loop), RT_ECLOSED (the timer could not be set: the
 * loop is closed). Free with rt_as_completed_free. */
typedef struct rt_as_completed rt_as_completed;
int rt_as_completed_new(rt_loop *loop, rt_future *const *fs, size_t n,
                        double timeout, rt_as_completed **out);  /* OUT: out */
/* How many awaitables the iterator yields (distinct futures). */
size_t rt_as_completed_len(const rt_as_completed *ac);
/* In a task: await the next awaitable (_wait_for_one): wait for the next
 * completion and return that future's outcome: RT_OK (*out its result),
 * RT_ERAISED (*out its exception), RT_ECANCELLED (it was cancelled, or this
 * task was while waiting; *out the message); RT_ETIMEDOUT (the timeout
 * passed first; *out NULL); RT_ENOMEM; RT_ENOTASK. *which (may be NULL)
 * receives the completed future, a new reference, or NULL. Calling it
 * more often than rt_as_completed_len waits forever, as the extra
 * awaitable would. *out is a new reference; out may be NULL. */
int rt_as_completed_next(rt_as_completed *ac, rt_future **which, void **out);
/* Drop the iterator: its callbacks and timer go too (nobody could read
 * its results any more). Not while a task waits in rt_as_completed_next.
 * NULL is fine. */
void rt_as_completed_free(rt_as_completed *ac);

/* ======================================================== synchronisation
 *
 * asyncio's Lock, Event, Condition, Semaphore and BoundedSemaphore (3.11,
 * Lib/asyncio/locks.py), with their waiter order and fairness rules. The
 * objects are not tied to a loop when created: the first wait binds them
 * to the running loop (asyncio's _LoopBoundMixin); a wait from another
 * loop is RT_EINVAL (asyncio's "is bound to a different event loop").
 * Waiting calls are "In a task" and return RT_ECANCELLED (with *msg the
 * message, a new reference, or NULL; msg may be NULL) when the task is
 * cancelled while waiting; the others never suspend. The caller owns the
 * object and frees it when no task waits on it any more (after the loop
 * closed, waiters are simply dropped). Loop thread only.
 *
 * asyncio.Event and asyncio.Condition are rt_aevent and rt_condition here:
 * rt_event (the trace record) and rt_cond (the platform condition
 * variable) were taken.
 *
 * Traces (a[0] is always the object's id, from the futures' id counter so
 * ids never collide): SYNC_NEW / SYNC_FREE; SYNC_WAIT when a waiter
 * future joins the object's list, SYNC_WAKE when the object completes one,
 * SYNC_LEAVE when one leaves the list (each with the future, the waiters
 * left and the rt_sync_role); SYNC_ACQUIRE / SYNC_RELEASE for the state
 * changes (an rt_sync_op, the value after, the waiters). */

/* What a sync object is (SYNC_NEW's a[1]). */
typedef enum rt_sync_kind {
  RT_SYNC_LOCK, RT_SYNC_EVENT, RT_SYNC_CONDITION, RT_SYNC_SEMAPHORE,
  RT_SYNC_BOUNDED_SEMAPHORE, RT_SYNC_QUEUE, RT_SYNC_LIFO_QUEUE,
  RT_SYNC_PRIORITY_QUEUE,
} rt_sync_kind;
/* The state change SYNC_ACQUIRE / SYNC_RELEASE reports (a[1]). */
typedef enum rt_sync_op {
  RT_SYNC_OP_ACQUIRE, RT_SYNC_OP_RELEASE, RT_SYNC_OP_SET, RT_SYNC_OP_CLEAR,
  RT_SYNC_OP_WAIT, RT_SYNC_OP_NOTIFY, RT_SYNC_OP_TASK_DONE, RT_SYNC_OP_JOIN,
} rt_sync_op;
/* Which list a waiter is on (SYNC_WAIT / WAKE / LEAVE a[3]). */
typedef enum rt_sync_role {
  RT_ROLE_WAITER, RT_ROLE_GETTER, RT_ROLE_PUTTER, RT_ROLE_JOINER,
} rt_sync_role;

typedef struct rt_lock rt_lock;
/* asyncio.Lock(), unlocked. RT_OK or RT_ENOMEM. */
int rt_lock_new(rt_lock **out);  /* OUT: out */
void rt_lock_free(rt_lock *l);   /* NULL is fine */
uint32_t rt_lock_id(const rt_lock *l);
bool rt_lock_locked(const rt_lock *l);
size_t rt_lock_waiters(const rt_lock *l);  /* len(_waiters), cancelled ones
                                              included */
/* In a task: acquire. Takes the lock at once if it is free and no waiter
 * is left that is not cancelled; otherwise queues in FIFO order. A waiter
 * woken by release and cancelled before it ran passes the wake-up to the
 * next waiter (3.11's _wake_up_first). RT_OK, RT_ECANCELLED, RT_EINVAL,
 * RT_ENOMEM, RT_ENOTASK. */
int rt_lock_acquire(rt_lock *l, void **msg);
/* Release and wake the first waiter. RT_OK, or RT_ESTATE if not locked
 * (RuntimeError "Lock is not acquired."). */
int rt_lock_release(rt_lock *l);

typedef struct rt_aevent rt_aevent;
/* asyncio.Event(), unset. RT_OK or RT_ENOMEM. */
int rt_aevent_new(rt_aevent **out);  /* OUT: out */
void rt_aevent_free(rt_aevent *e);   /* NULL is fine */
uint32_t rt_aevent_id(const rt_aevent *e);
bool rt_aevent_is_set(const rt_aevent *e);
size_t rt_aevent_waiters(const rt_aevent *e);
/* Set the flag and wake every waiter (no-op if already set). */
void rt_aevent_set(rt_aevent *e);
void rt_aevent_clear(rt_aevent *e);
/* In a task: return at once if set, else wait until set. RT_OK,
 * RT_ECANCELLED, RT_EINVAL, RT_ENOMEM, RT_ENOTASK. */
int rt_aevent_wait(rt_aevent *e, void **msg);

typedef struct rt_condition rt_condition;
/* asyncio.Condition(lock): lock (borrowed; must outlive the condition) or
 * NULL for a lock of its own. RT_OK or RT_ENOMEM. */
int rt_condition_new(rt_lock *lock, rt_condition **out);  /* OUT: out */
void rt_condition_free(rt_condition *c);  /* NULL is fine */
uint32_t rt_condition_id(const rt_condition *c);
/* Its lock: acquire, release and locked are the lock's. */
rt_lock *rt_condition_lock(rt_condition *c);
size_t rt_condition_waiters(const rt_condition *c);
/* In a task: release the lock, wait for a notify, re-acquire the lock
 * (even when cancelled: the lock is held again on every return but
 * RT_ESTATE / RT_EINVAL / RT_ENOTASK). RT_OK; RT_ECANCELLED (cancelled
 * while waiting: *msg its message; cancelled while re-acquiring:
 * CancelledError without message, *msg NULL); RT_ESTATE (the lock is not
 * held: "cannot wait on un-acquired lock"); RT_EINVAL; RT_ENOMEM;
 * RT_ENOTASK. */
int rt_condition_wait(rt_condition *c, void **msg);
/* The predicate of wait_for: > 0 true, 0 false, < 0 an error code (the
 * interpreter keeps its exception) that wait_for returns. */
typedef int (*rt_predicate_fn)(void *ud);
/* In a task: while !pred(ud): rt_condition_wait. RT_OK when pred holds;
 * pred's error; rt_condition_wait's errors. */
int rt_condition_wait_for(rt_condition *c, rt_predicate_fn pred, void *ud,
                          void **msg);
/* Wake up to n waiters that are not done yet, oldest first (they return
 * once they get the lock back). RT_OK, or RT_ESTATE if the lock is not
 * held ("cannot notify on un-acquired lock"). */
int rt_condition_notify(rt_condition *c, size_t n);
int rt_condition_notify_all(rt_condition *c);

typedef struct rt_sem rt_sem;
/* asyncio.Semaphore(value), or BoundedSemaphore(value) when bounded.
 * RT_OK, RT_ENOMEM, RT_EINVAL (value < 0: ValueError "Semaphore initial
 * value must be >= 0"). */
int rt_sem_new(long value, bool bounded, rt_sem **out);  /* OUT: out */
void rt_sem_free(rt_sem *s);  /* NULL is fine */
uint32_t rt_sem_id(const rt_sem *s);
long rt_sem_value(const rt_sem *s);
/* asyncio's locked(): value 0, or a waiter that is not cancelled. */
bool rt_sem_locked(const rt_sem *s);
size_t rt_sem_waiters(const rt_sem *s);
/* In a task: take one unit at once unless locked(), else queue (FIFO).
 * RT_OK, RT_ECANCELLED, RT_EINVAL, RT_ENOMEM, RT_ENOTASK. */
int rt_sem_acquire(rt_sem *s, void **msg);
/* Give a unit back and wake the first waiter not done. RT_OK, or
 * RT_ETOOMANY for a bounded semaphore already at its initial value
 * (ValueError "BoundedSemaphore released too many times"). */
int rt_sem_release(rt_sem *s);

/* ================================================================= queues
 *
 * asyncio.Queue, LifoQueue and PriorityQueue (3.11, Lib/asyncio/queues.py):
 * maxsize, put/get that suspend, put_nowait/get_nowait that fail with
 * RT_EFULL / RT_EEMPTY (QueueFull / QueueEmpty), join/task_done. Items are
 * opaque values owned through item_ops. A priority queue keeps a binary
 * heap exactly as heapq does (same comparisons, same order of equal
 * items), comparing with the caller's less(); without one, items are
 * integer keys (intptr_t) compared as numbers. The object rules of the
 * sync section apply (lazy loop binding, waits in a task, cancellation).
 *
 * Traces: QUEUE_PUT / QUEUE_GET carry the queue, the item's label
 * (item_id(), or rt_item_int of the item as an integer), the size after and the
 * unfinished-task count, so a window can rebuild the contents (also
 * readable with rt_queue_item); getters, putters and join waiters show as
 * SYNC_WAIT / WAKE / LEAVE with their role. */

/* Queue item labels (item_id's result; QUEUE_PUT / QUEUE_GET's item): an
 * interned string's id (> 0), or an integer carried in the label itself
 * (< 0): rt_item_int(v), for -2^61 <= v < 2^61. A queue that moves a
 * million ints then interns nothing. rt_item_label reads either. */
static inline int64_t rt_item_int(int64_t v) {
  uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);  /* zigzag */
  return -1 - (int64_t)z;
}
/* A label as text: the interned string, the integer in decimal (in buf,
 * 24 bytes), or "" (0 or an unknown id). */
const char *rt_item_label(int64_t id, char *buf);

typedef enum rt_queue_kind {
  RT_QUEUE_FIFO, RT_QUEUE_LIFO, RT_QUEUE_PRIORITY,
} rt_queue_kind;
/* a < b: 1 yes, 0 no, < 0 an error code (say RT_ERAISED: the interpreter
 * keeps the exception, e.g. TypeError '<' not supported). */
typedef int (*rt_less_fn)(void *ud, void *a, void *b);
/* The id traces show for an item. */
typedef int64_t (*rt_item_id_fn)(void *ud, void *item);

typedef struct rt_queue_opts {
  rt_queue_kind kind;
  long maxsize;                 /* <= 0: unbounded */
  const rt_value_ops *item_ops; /* how items are retained (copied; NULL:
                                   not owned) */
  rt_less_fn less;              /* priority queues; NULL: integer keys */
  rt_item_id_fn item_id;        /* NULL: the item as an integer */
  void *ud;                     /* for less and item_id */
} rt_queue_opts;

typedef struct rt_queue rt_queue;
/* A new empty queue; opts NULL: an unbounded FIFO of unowned items. RT_OK
 * or RT_ENOMEM. Free with rt_queue_free (the items left are released). */
int rt_queue_new(const rt_queue_opts *opts, rt_queue **out);  /* OUT: out */
void rt_queue_free(rt_queue *q);  /* NULL is fine */
uint32_t rt_queue_id(const rt_queue *q);
size_t rt_queue_qsize(const rt_queue *q);
long rt_queue_maxsize(const rt_queue *q);
bool rt_queue_empty(const rt_queue *q);
bool rt_queue_full(const rt_queue *q);   /* never with maxsize <= 0 */
long rt_queue_unfinished(const rt_queue *q);
size_t rt_queue_getters(const rt_queue *q);
size_t rt_queue_putters(const rt_queue *q);
/* The i-th item (i < qsize) in storage order, as asyncio's repr shows
 * _queue: oldest first (FIFO), bottom first (LIFO), heap order (priority).
 * Borrowed. */
void *rt_queue_item(const rt_queue *q, size_t i);
/* Put without waiting: RT_OK (the queue takes over the caller's reference
 * to item, counts an unfinished task and wakes the first getter);
 * RT_EFULL (QueueFull; item still the caller's); RT_ENOMEM (item the
 * caller's); less()'s error for a priority queue (item taken over and
 * left in the heap, as heapq.heappush leaves it, but not counted). */
int rt_queue_put_nowait(rt_queue *q, void *item);
/* Get without waiting: RT_OK (*out the item, the caller's now; the first
 * putter is woken); RT_EEMPTY (QueueEmpty); less()'s error (the item is
 * lost, released, as heapq.heappop loses it). */
int rt_queue_get_nowait(rt_queue *q, void **out);
/* In a task: put, waiting while the queue is full. RT_OK (item taken
 * over); RT_ECANCELLED (*msg; item still the caller's); RT_EINVAL,
 * RT_ENOMEM, RT_ENOTASK; put_nowait's errors. */
int rt_queue_put(rt_queue *q, void *item, void **msg);
/* In a task: get, waiting while the queue is empty. RT_OK (*out the
 * item); RT_ECANCELLED (*out the message or NULL); RT_EINVAL, RT_ENOMEM,
 * RT_ENOTASK; get_nowait's errors. */
int rt_queue_get(rt_queue *q, void **out);
/* One item processed. RT_OK, or RT_ETOOMANY ("task_done() called too many
 * times"). */
int rt_queue_task_done(rt_queue *q);
/* In a task: return once every item put has been marked done (at once if
 * none is unfinished). RT_OK, RT_ECANCELLED, RT_EINVAL, RT_ENOMEM,
 * RT_ENOTASK. */
int rt_queue_join(rt_queue *q, void **msg);

/* ================================================== threads and executors
 *
 * concurrent.futures' Future and ThreadPoolExecutor (3.11), and the loop
 * calls built on them: run_in_executor, to_thread, wrap_future and
 * run_coroutine_threadsafe (Lib/asyncio/base_events.py, futures.py,
 * tasks.py). Worker threads are started through an rt_platform (so sim/'s
 * virtual platform makes them deterministic lanes), never pthreads
 * directly. A job runs on a worker; the asyncio future that reports it is
 * completed on the loop thread (through call_soon_threadsafe), as libuv's
 * uv_queue_work does. Values (results, exceptions) may be released on
 * whichever thread drops the last reference: an interpreter on top must
 * make that safe (a GIL, or the virtual platform's one-at-a-time lanes).
 *
 * Traces: EXEC_NEW / EXEC_SHUTDOWN, EXEC_SUBMIT, EXEC_START and EXEC_DONE
 * for jobs, CFUTURE_NEW / CFUTURE_DONE for thread-side futures; the
 * platform reports its threads (THREAD_START, _BLOCK, _WAKE, _END). */

/* A thread-side future (concurrent.futures.Future): thread-safe. */
typedef struct rt_cfuture rt_cfuture;
typedef enum rt_cfuture_state {
  RT_CF_PENDING, RT_CF_RUNNING, RT_CF_CANCELLED, RT_CF_CANCELLED_AND_NOTIFIED,
  RT_CF_FINISHED,
} rt_cfuture_state;
/* Called on the thread that completes (or cancels) the future, or at once
 * by rt_cfuture_add_done_cb if it is already done. */
typedef void (*rt_cfuture_cb)(rt_cfuture *cf, void *arg);

/* A new pending future whose mutex and condition come from p; values are
 * owned through ops (copied; NULL: not owned). The caller holds one
 * reference. RT_OK, RT_ENOMEM, RT_ESYS. thread-safe. */
int rt_cfuture_new(rt_platform *p, const rt_value_ops *ops,
                   rt_cfuture **out);  /* OUT: out */
void rt_cfuture_retain(rt_cfuture *cf);   /* thread-safe */
void rt_cfuture_release(rt_cfuture *cf);  /* thread-safe; NULL is fine */
uint32_t rt_cfuture_id(const rt_cfuture *cf);
rt_cfuture_state rt_cfuture_state_of(rt_cfuture *cf);  /* thread-safe */
bool rt_cfuture_done(rt_cfuture *cf);       /* finished or cancelled */
bool rt_cfuture_cancelled(rt_cfuture *cf);
/* Cancel unless running or finished: true if it is (now) cancelled;
 * wakes result() waiters and runs the callbacks. thread-safe. */
bool rt_cfuture_cancel(rt_cfuture *cf);
/* What an executor does before running a job: false if the future was
 * cancelled (it is then CANCELLED_AND_NOTIFIED and the job must not run),
 * true if it is now running. Only on a pending or cancelled future.
 * thread-safe. */
bool rt_cfuture_set_running_or_notify_cancel(rt_cfuture *cf);
/* Finish with a result / an exception (taken over). RT_OK, or RT_ESTATE
 * if already done (InvalidStateError; the value is not taken). Wakes
 * result() waiters, then runs the done callbacks on this thread.
 * thread-safe. */
int rt_cfuture_set_result(rt_cfuture *cf, void *v);
int rt_cfuture_set_exception(rt_cfuture *cf, void *exc);
/* Block the calling thread until done or timeout seconds pass (on p's
 * clock; RT_NO_TIMEOUT: forever). RT_OK (*out the result), RT_ERAISED
 * (*out the exception), RT_ECANCELLED (CancelledError), RT_ETIMEDOUT
 * (TimeoutError), or the runtime error the future was failed with
 * (RT_ENOMEM, RT_ECLOSED: see rt_run_coroutine_threadsafe); RT_EDEADLOCK
 * (virtual platform: nothing could ever complete it). *out is a new
 * reference; out may be NULL. thread-safe; on a loop thread it blocks the
 * loop, as in Python. */
int rt_cfuture_result(rt_cfuture *cf, double timeout, void **out);
/* Add a done callback; free_cb (may be NULL) runs once for arg when the
 * registration goes (after cb ran, or with the future). RT_OK or
 * RT_ENOMEM (cb never runs, free_cb is not called). thread-safe. */
int rt_cfuture_add_done_cb(rt_cfuture *cf, rt_cfuture_cb cb, void *arg,
                           void (*free_cb)(void *arg));

/* A job: runs on a worker thread. Return RT_OK with *out the result, or
 * RT_ERAISED (or another code) with *out the exception; *out is taken
 * over. */
typedef int (*rt_job_fn)(void *arg, void **out);

typedef struct rt_executor rt_executor;
/* CPython 3.11's default max_workers: min(32, cpu count + 4), the cpu
 * count from p->cpu_count or the machine. */
int rt_default_max_workers(rt_platform *p);
/* concurrent.futures.ThreadPoolExecutor(max_workers, thread_name_prefix)
 * on platform p (NULL: the real one). max_workers 0: the default. Threads
 * start lazily, one per submit while none is idle, up to max_workers,
 * named "<prefix>_<n>" (prefix NULL: "ThreadPoolExecutor-<k>", k counting
 * executors made without a prefix). Results are owned through ops
 * (copied; may be NULL). RT_OK, RT_ENOMEM, RT_ESYS, RT_EINVAL
 * (max_workers < 0: "max_workers must be greater than 0"). */
int rt_executor_new(rt_platform *p, int max_workers, const char *prefix,
                    const rt_value_ops *ops, rt_executor **out);  /* OUT: out */
/* Submit fn(arg) and return its thread-side future (the caller's
 * reference). arg_free (may be NULL) runs on the worker after the job, or
 * when the job is dropped unrun. RT_OK; RT_ESTATE after shutdown
 * (RuntimeError "cannot schedule new futures after shutdown"; arg still
 * the caller's); RT_ENOMEM; RT_ESYS (no thread could be started). On
 * failure fn never runs. thread-safe. */
int rt_executor_submit(rt_executor *ex, rt_job_fn fn, void *arg,
                       void (*arg_free)(void *arg), rt_cfuture **out);  /* OUT: out */
/* shutdown(wait, cancel_futures): refuse new jobs; with cancel_futures
 * cancel the queued ones; the workers finish the rest and end. wait: join
 * them. Idempotent. thread-safe (not from one of its own workers with
 * wait). */
void rt_executor_shutdown(rt_executor *ex, bool wait, bool cancel_futures);
/* Shut down (wait) and free. NULL is fine. */
void rt_executor_free(rt_executor *ex);
uint32_t rt_executor_id(const rt_executor *ex);
int rt_executor_max_workers(const rt_executor *ex);
size_t rt_executor_threads(rt_executor *ex);   /* started so far */
/* The name of the executor worker running the calling thread, or NULL
 * (threading.current_thread().name inside a job). */
const char *rt_executor_thread_name(void);

/* asyncio.wrap_future(cf, loop=loop): a loop future chained to cf: cf's
 * outcome is copied to it on the loop thread (through
 * call_soon_threadsafe); cancelling it cancels cf. The caller owns *out.
 * Loop thread. RT_OK, RT_ENOMEM, RT_ECLOSED. */
int rt_wrap_cfuture(rt_loop *loop, rt_cfuture *cf, rt_future **out);  /* OUT: out */
/* loop.run_in_executor(ex, fn, arg): submit to ex (NULL: the loop's
 * default executor, made on first use with prefix "asyncio" and the
 * loop's platform and value ops; shut down when the loop is freed) and
 * return the wrapped loop future (the caller's). Loop thread. RT_OK;
 * RT_ECLOSED; RT_ESTATE (ex shut down, or the default executor after
 * rt_shutdown_default_executor: RuntimeError "Executor shutdown has been
 * called"); RT_ENOMEM; RT_ESYS. On failure fn never runs and arg is still
 * the caller's. */
int rt_run_in_executor(rt_loop *loop, rt_executor *ex, rt_job_fn fn, void *arg,
                       void (*arg_free)(void *arg), rt_future **out);  /* OUT: out */
/* In a task: asyncio.to_thread(fn, arg): run_in_executor on the default
 * executor, then await it. Codes as rt_await's, plus
 * rt_run_in_executor's. */
int rt_to_thread(rt_job_fn fn, void *arg, void (*arg_free)(void *arg),
                 void **out);
/* In a task: loop.shutdown_default_executor(): shut the default executor
 * down on a helper thread (joining its workers) and wait for it without
 * blocking the loop. RT_OK, RT_ECANCELLED, RT_ENOMEM, RT_ESYS,
 * RT_ENOTASK. */
int rt_shutdown_default_executor(void **msg);

/* asyncio.run_coroutine_threadsafe(coro, loop), from any thread: a task
 * running fn(arg) (opts as rt_task_new's, copied) is created on loop's
 * thread at its next iteration, and *out is a thread-side future that
 * completes with the task's outcome (rt_cfuture_result blocks until
 * then). Cancelling *out cancels the task (through call_soon_threadsafe).
 * If the task cannot be created, *out fails with RT_ENOMEM; if the loop is
 * closed before the task could be created, with RT_ECLOSED (either way
 * opts->arg_free, if set, runs for arg). The caller
 * owns *out; if this fails, fn never runs and arg is still the caller's.
 * RT_OK, RT_ENOMEM, RT_ESYS, RT_ECLOSED (the loop is closed already:
 * RuntimeError "Event loop is closed"). thread-safe (the loop must still
 * exist). */
int rt_run_coroutine_threadsafe(rt_loop *loop, rt_coro_fn fn, void *arg,
                                const rt_task_opts *opts,
                                rt_cfuture **out);  /* OUT: out */

/* ==================================================================== I/O
 *
 * Non-blocking socket readiness for the real-time mode, on the platform's
 * io_watch / io_poll (epoll on the real platform; RT_ENOTSUP where there
 * is none). Descriptors must be non-blocking. A ready descriptor queues a
 * handle that wakes the waiting task one iteration later, as asyncio's
 * selector loop does (the reader callback, then the task's wake-up); the
 * loop polls readiness every iteration while anything is watched. One task
 * at a time may wait for reading, and one for writing, on a descriptor.
 * All are "In a task", with RT_ECANCELLED / *msg as in the sync section.
 * RT_ESYS leaves errno set by the failing call.
 *
 * Traces: IO_WAIT (a[0] fd, a[1] events, a[2] the waiter future) and
 * IO_READY (a[0] fd, a[1] events seen, a[2] the future completed). */

/* Wait until fd is ready for events (RT_IO_READABLE and/or
 * RT_IO_WRITABLE). RT_OK, RT_ECANCELLED, RT_ESTATE (another task already
 * waits on fd for that), RT_EINVAL (fd < 0, or no events), RT_ENOTSUP,
 * RT_ESYS, RT_ENOMEM, RT_ENOTASK. */
int rt_io_wait(int fd, uint32_t events, void **msg);
/* loop.sock_accept: accept a connection on listening socket fd; *conn the
 * new descriptor (non-blocking, close-on-exec; the caller's); addr / addrlen
 * (may be NULL; in/out as accept(2)'s) the peer. rt_io_wait's codes. */
int rt_io_sock_accept(int fd, int *conn, void *addr, unsigned *addrlen,
                      void **msg);
/* loop.sock_recv: receive up to n bytes into buf; *got how many (0: the
 * peer closed). rt_io_wait's codes. */
int rt_io_sock_recv(int fd, void *buf, size_t n, size_t *got, void **msg);
/* loop.sock_sendall: send all n bytes (returns without suspending when
 * they fit at once). rt_io_wait's codes (on RT_ECANCELLED part may have
 * been sent). */
int rt_io_sock_sendall(int fd, const void *buf, size_t n, void **msg);
/* loop.sock_connect: connect fd to addr (a struct sockaddr of addrlen
 * bytes). RT_ESYS with errno the connection's error ("Connect call
 * failed"). rt_io_wait's codes. */
int rt_io_sock_connect(int fd, const void *addr, unsigned addrlen, void **msg);

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
  /* combinators, sync, queues, executor (added after the first kinds so
   * their numbers stay put) */
  RT_EV_SYNC_FREE, RT_EV_SYNC_LEAVE, RT_EV_GROUP_ADD, RT_EV_EXEC_NEW,
  RT_EV_EXEC_SHUTDOWN, RT_EV_CFUTURE_NEW, RT_EV_CFUTURE_DONE,
  RT_EV_CFUTURE_CHAIN, RT_EV_TASK_RENAMED,
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

/* What an interpreter frame is (FRAME_ENTER's a[3]). */
typedef enum rt_frame_kind {
  RT_FRAME_FUNCTION, RT_FRAME_COROUTINE, RT_FRAME_GENERATOR,
  RT_FRAME_ASYNC_GENERATOR, RT_FRAME_MODULE,
} rt_frame_kind;

/* What a thread blocks on (THREAD_BLOCK's a[1]) and what woke it
 * (THREAD_WAKE's a[1]): the virtual platform's lanes emit these. */
typedef enum rt_block_kind {
  RT_BLOCK_NONE, RT_BLOCK_MUTEX, RT_BLOCK_COND, RT_BLOCK_JOIN,
  RT_BLOCK_SLEEP, RT_BLOCK_IDLE,
} rt_block_kind;
typedef enum rt_wake_kind {
  RT_WAKE_NONE, RT_WAKE_UNLOCK, RT_WAKE_SIGNAL, RT_WAKE_END, RT_WAKE_POLLER,
  RT_WAKE_TIME, RT_WAKE_DEADLOCK,
} rt_wake_kind;

typedef struct rt_event {
  uint64_t seq;      /* process-wide, from 1, no gaps */
  double vtime;      /* the loop's (platform's) clock, seconds, as read once
                        for the current iteration */
  uint64_t wall_ns;  /* the same reading in ns (the loop reads one clock per
                        iteration; on the real platform it is
                        CLOCK_MONOTONIC); a tracer can bring its own
                        clock (rt_tracer.clock) */
  uint32_t thread;   /* 1 = main thread, 2, ... */
  uint32_t loop;     /* loop id, 0 = none */
  uint32_t task;     /* current task id, 0 = none */
  uint16_t kind;     /* rt_ev_kind */
  uint16_t flags;
  int64_t a[4];
} rt_event;

/* A tracer: the runtime writes every event, as it happens, straight into
 * a chunk of records the tracer owns, and calls the tracer only when the
 * chunk is full. No call per event: the record is written once, where the
 * tracer keeps it.
 *
 * cur and end delimit the free part of the chunk; the runtime writes the
 * next event at *cur and advances cur. When cur reaches end (right after
 * the record at end[-1] was written), the runtime calls refill: the
 * records written since the tracer last set cur are complete. refill takes
 * them (the tracer knows where it pointed cur) and points cur and end at
 * room for at least one more record (cur < end; a tracer that runs out of
 * memory can point them at a scratch record of its own and count what it
 * drops). refill must not emit events nor set a tracer.
 *
 * The records of one tracer are in seq order, without gaps. Threads: while
 * the process has one thread, nothing is locked; once it has more (glibc's
 * __libc_single_threaded turns false), the runtime serialises writers and
 * refill with one lock, so refill needs no lock of its own for the chunk.
 *
 * clock: NULL, or a clock events are stamped with instead (vtime =
 * clock->now(clock), wall_ns the same in ns), read when the event is
 * written (under the writers' lock, so now() must take no lock that is
 * held while events are emitted): with stamp_all, for every event (a
 * virtual clock that moves within a loop iteration, for instance when a
 * task blocks in time.sleep); without, only for events emitted outside a
 * loop, which otherwise carry vtime 0. It costs a call per stamped event. */
typedef struct rt_tracer rt_tracer;
struct rt_tracer {
  rt_event *cur;                   /* where the next event goes */
  rt_event *end;                   /* the end of the chunk's room */
  void (*refill)(rt_tracer *tr);   /* cur == end: take the chunk, give room */
  rt_platform *clock;              /* NULL: the loop's clock (see above) */
  bool stamp_all;                  /* clock for every event, not just loop-less */
};
/* Install tr as the process-wide tracer (replacing any tracer or hook), or
 * with NULL remove it. If tr->cur == tr->end, refill is called first. Set
 * it while no loop runs and no other thread emits events. With no tracer,
 * tracing costs one predictable branch. Removing a tracer does not call it: the records [where it last
 * pointed cur, cur) are its last ones. */
void rt_trace_set_tracer(rt_tracer *tr);
/* Whether a tracer (or hook) is installed: code that emits its own events
 * (sim/lang) checks it once to skip the work of preparing them. */
bool rt_trace_enabled(void);

/* The simple form: a callback per event, called when the event happens
 * (under the writers' lock when threads exist). Easier, and slower than a
 * tracer: a copy and two calls an event, about 35 instructions more (in
 * bench_runtime's fanout, 5 ns an event against 1.3 ns). */
typedef void (*rt_trace_cb)(void *ud, const rt_event *ev);
/* Install (or with NULL remove) the process-wide tracer hook; it replaces
 * a tracer set by rt_trace_set_tracer, and NULL removes either. Set it
 * while no loop runs. A hook must not emit events. */
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
/* ... and of the combinator, sync and queue enums ("gather", "lock",
 * "acquire", "getter", ...). */
const char *rt_group_kind_name(rt_group_kind k);
const char *rt_sync_kind_name(rt_sync_kind k);
const char *rt_sync_op_name(rt_sync_op op);
const char *rt_sync_role_name(rt_sync_role r);
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

/* Restart the process-wide counters that traces and default names show:
 * event sequence numbers, future and task ids, loop ids, "Task-N" names,
 * "ThreadPoolExecutor-N" prefixes and thread ids (the calling thread's id
 * is forgotten and assigned afresh), as if the process had just started.
 * Only while no loop, future or task exists (old and new ids would mix).
 * sim/ calls it before each run, so equal runs give byte-identical traces
 * within one process. */
void rt_reset_ids(void);

#ifdef __cplusplus
}
#endif
#endif /* RT_H */
