/* trace.c: the tracer: writing event records into the tracer's chunks,
 * the hook, string interning, and the text form of an event. */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rt_int.h"

/* ---------------------------------------------------------- the tracer */

/* Every trace point is `if (rt__tracer != NULL)`: one load, one
 * predictable branch. A plain global (an atomic one would be loaded again
 * at every check of a function, as compilers do not merge atomic loads):
 * it is set while no loop runs and no other thread emits (rt.h). With
 * threads it is still set under trace_lock, and writers that lock look at
 * it again, so a writer that got in first finishes with the old tracer
 * before rt_trace_set_tracer returns. */
rt_tracer *rt__tracer;

/* Serialises writers once the process has threads (rt_int.h). */
static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;

_Thread_local rt__tls rt__tls_state;

/* The next event's seq. Always advanced by its writer alone: the only
 * thread, or the holder of trace_lock. */
static _Atomic uint64_t next_seq = 1;
static _Atomic uint32_t next_thread_id = 1;

/* Restart every process-wide counter traces show (rt.h). Plain stores:
 * no loop exists, so nothing races with them. */
void rt_reset_ids(void) {
  atomic_store(&next_seq, 1);
  atomic_store(&next_thread_id, 1);
  atomic_store(&rt__next_future_id, 1);
  atomic_store(&rt__next_loop_id, 1);
  atomic_store(&rt__next_task_name, 1);
  atomic_store(&rt__next_executor_no, 0);
  rt__tls_state.thread_id = 0;
}

static inline bool single_threaded(void) {
#ifdef RT__HAVE_SINGLE_THREADED
  return __libc_single_threaded;
#else
  return false;
#endif
}

void rt_trace_set_tracer(rt_tracer *tr) {
  if (tr && tr->cur == tr->end) tr->refill(tr);
  rt__check(!tr || tr->cur < tr->end, "a tracer's refill must leave room (cur < end)");
  bool lock = !single_threaded();
  if (lock) pthread_mutex_lock(&trace_lock);
  rt__tracer = tr;
  if (lock) pthread_mutex_unlock(&trace_lock);
}

bool rt_trace_enabled(void) { return rt__tracing(); }

/* The hook as a tracer: a chunk of one record, whose refill hands the
 * record to the hook. The record is copied out first, so that the slot is
 * free again before the hook runs. */
static struct {
  rt_tracer tr;
  rt_event slot;
  rt_trace_cb cb;
  void *ud;
} hook;

static void hook_refill(rt_tracer *tr) {
  rt_event ev = hook.slot;
  tr->cur = &hook.slot;
  hook.cb(hook.ud, &ev);
}

/* Install (or with NULL remove) the process-wide tracer hook. */
void rt_trace_set_hook(rt_trace_cb cb, void *ud) {
  rt_trace_set_tracer(NULL);  /* no writer uses hook.tr while it changes */
  if (!cb) return;
  hook.cb = cb;
  hook.ud = ud;
  hook.tr = (rt_tracer){&hook.slot, &hook.slot + 1, hook_refill, NULL, false};
  rt_trace_set_tracer(&hook.tr);
}

/* The id traces show for the calling thread: 1 for the first thread that
 * asks (or emits), 2, ... Costs a thread-local load after the first call. */
uint32_t rt_thread_id(void) {
  uint32_t id = rt__tls_state.thread_id;
  if (RT__UNLIKELY(id == 0)) {
    id = rt__thread_id_next();
    rt__tls_state.thread_id = id;
  }
  return id;
}

/* A fresh thread id from the process-wide counter (lane.c gives lanes
 * theirs). */
uint32_t rt__thread_id_next(void) {
  return atomic_fetch_add_explicit(&next_thread_id, 1, memory_order_relaxed);
}

int64_t rt__ns(double secs) {
  if (secs != secs) return 0;                      /* NaN */
  if (secs >= 9.2e9) return INT64_MAX;             /* far future */
  if (secs <= -9.2e9) return INT64_MIN;
  double ns = secs * 1e9;
  return (int64_t)(ns < 0 ? ns - 0.5 : ns + 0.5);  /* nearest */
}

/* The chunk is full: hand it to the tracer. Out of line, so that writing
 * an event calls nothing in the common case. */
__attribute__((noinline)) static void chunk_full(rt_tracer *tr) {
  tr->refill(tr);
  rt__check(tr->cur < tr->end, "a tracer's refill must leave room (cur < end)");
}

/* Write one event at tr->cur; the caller is the only writer (the only
 * thread, or it holds trace_lock). A tracer with a clock (the virtual
 * platform's, stamp_all: it moves within an iteration) is read here, as
 * the event is written: one indirect call. The arguments are stored
 * before that call, so that little lives across it (the call is why this
 * saves registers at all). About 40 instructions with a dozen stores, no
 * atomic. */
static inline __attribute__((always_inline)) void put_event(
    rt_tracer *tr, uint32_t loop_id, double vtime, int kind, int64_t a0, int64_t a1,
    int64_t a2, int64_t a3) {
  /* The events of an iteration all carry the clock read for it: convert
   * it to ns once, not per event. */
  static _Thread_local struct {
    double vtime;
    uint64_t ns;
  } last;  /* {0, 0}: rt__ns(0.0) is 0 */
  rt_event *ev = tr->cur;
  ev->loop = loop_id;
  ev->kind = (uint16_t)kind;
  ev->flags = 0;
  ev->a[0] = a0;
  ev->a[1] = a1;
  ev->a[2] = a2;
  ev->a[3] = a3;
  if (tr->clock && (tr->stamp_all || loop_id == 0)) {
    vtime = tr->clock->now(tr->clock);
    ev = tr->cur;  /* reloaded, not kept across the call */
  }
  if (RT__UNLIKELY(vtime != last.vtime)) {
    last.vtime = vtime;
    last.ns = (uint64_t)rt__ns(vtime);
  }
  uint64_t seq = atomic_load_explicit(&next_seq, memory_order_relaxed);
  atomic_store_explicit(&next_seq, seq + 1, memory_order_relaxed);
  ev->seq = seq;
  ev->vtime = vtime;
  ev->wall_ns = last.ns;
  ev->thread = rt_thread_id();
  ev->task = rt__current_task_id();
  tr->cur = ++ev;
  if (RT__UNLIKELY(ev == tr->end)) chunk_full(tr);
}

/* Writing an event when threads exist (under the lock). */
__attribute__((noinline)) static void emit_slow(rt_tracer *tr, uint32_t loop_id, double vtime,
                                                int kind, int64_t a0, int64_t a1, int64_t a2,
                                                int64_t a3) {
  bool lock = !single_threaded();
  if (lock) {
    pthread_mutex_lock(&trace_lock);
    tr = rt__tracer;  /* still set? */
  }
  if (tr) put_event(tr, loop_id, vtime, kind, a0, a1, a2, a3);
  if (lock) pthread_mutex_unlock(&trace_lock);
}

/* Writing an event, the whole of it: every entry point below is this,
 * inlined, so an event costs one call from its trace point (rt_trace_emit
 * called rt__trace_emit, which called rt__trace_emit_at: three). */
static inline __attribute__((always_inline)) void emit(uint32_t loop_id, double vtime, int kind,
                                                       int64_t a0, int64_t a1, int64_t a2,
                                                       int64_t a3) {
  rt_tracer *tr = rt__tracer;
  if (!tr) return;
  if (RT__UNLIKELY(!single_threaded())) {
    emit_slow(tr, loop_id, vtime, kind, a0, a1, a2, a3);
    return;
  }
  put_event(tr, loop_id, vtime, kind, a0, a1, a2, a3);
}

/* emit in loop (NULL: none), at its clock. */
static inline __attribute__((always_inline)) void emit_in(rt_loop *loop, int kind, int64_t a0,
                                                          int64_t a1, int64_t a2, int64_t a3) {
  emit(loop ? loop->id : 0, loop ? loop->now : 0.0, kind, a0, a1, a2, a3);
}

/* The slow path of RT__TRACE. The event's times are the loop's clock as
 * read once for the current iteration (so tracing adds no clock read):
 * vtime in seconds and wall_ns the same reading in ns (on the real
 * platform that is CLOCK_MONOTONIC), unless the tracer has a clock. */
void rt__trace_emit(rt_loop *loop, int kind, int64_t a0, int64_t a1, int64_t a2,
                    int64_t a3) {
  emit_in(loop, kind, a0, a1, a2, a3);
}

/* rt__trace_emit with the loop id and the clock given (executor workers
 * and other threads that must not read a loop's cached clock). */
void rt__trace_emit_at(uint32_t loop_id, double vtime, int kind, int64_t a0,
                       int64_t a1, int64_t a2, int64_t a3) {
  emit(loop_id, vtime, kind, a0, a1, a2, a3);
}

/* Emit an event from outside the runtime (sim/lang's frames, lines). loop
 * may be NULL. Costs nothing but the branch when no tracer is set. */
void rt_trace_emit(rt_loop *loop, rt_ev_kind kind, int64_t a0, int64_t a1,
                   int64_t a2, int64_t a3) {
  emit_in(loop, (int)kind, a0, a1, a2, a3);
}

/* ------------------------------------------------------- the kind table */

/* How an argument prints. */
enum {
  A_NONE,    /* not used */
  A_INT,     /* decimal */
  A_ID,      /* an id: decimal, 0 printed as "-" */
  A_SECS,    /* nanoseconds, printed as seconds */
  A_STR,     /* an interned string id, printed quoted */
  A_HKIND,   /* rt_handle_kind */
  A_STATE,   /* rt_future_state */
  A_WAIT,    /* rt_wait_kind */
  A_RC,      /* an RT_E* code */
  A_THROW,   /* what a step throws in: 0 nothing, or an RT_E* code */
  A_STEPEND, /* how a step ended: 0 yield, 1 await, 2 done */
  A_RUNMODE, /* loop.run: 0 once, 1 forever, 2 until_complete */
  A_STOPWHY, /* loop.stop: 0 requested, 1 run ended */
  A_TASKNAME,/* an interned name, or 0: "Task-<a[3]>" */
  A_STR0,    /* an interned string id, or 0 printed as "-" */
  A_FRAME,   /* rt_frame_kind */
  A_LEAVE,   /* how a frame left: 0 return, 1 raise */
  A_STREAM,  /* an output stream: 1 stdout, 2 stderr */
  A_ITEM,    /* a queue item's label (rt_item_int or an interned string) */
  A_BLOCK,   /* rt_block_kind */
  A_WAKE,    /* rt_wake_kind */
  A_SYNC,    /* rt_sync_kind */
  A_SOP,     /* rt_sync_op */
  A_ROLE,    /* rt_sync_role */
  A_GROUP,   /* rt_group_kind */
  A_IOEV,    /* RT_IO_* flags */
};

typedef struct kind_info {
  const char *name;
  struct {
    const char *key;
    uint8_t type;
  } a[4];
} kind_info;

/* The meaning of a[0..3] for every kind: the event ABI. Kinds that other
 * parts of coroscope emit (frames, sync, threads, executor, I/O) print
 * their raw arguments until their owners describe them here. */
static const kind_info kinds[RT_EV__COUNT] = {
    [RT_EV_NONE] = {"none", {{0}}},
    /* a0 platform name */
    [RT_EV_LOOP_NEW] = {"loop.new", {{"platform", A_STR}}},
    /* a0 pending tasks dropped, a1 handles (ready + timers) dropped */
    [RT_EV_LOOP_FREE] = {"loop.free", {{"tasks", A_INT}, {"handles", A_INT}}},
    /* a0 run mode, a1 the future run_until_complete waits for */
    [RT_EV_LOOP_RUN] = {"loop.run", {{"mode", A_RUNMODE}, {"future", A_ID}}},
    /* a0 why (0: rt_loop_stop was called; 1: a run returned), a1 its rc */
    [RT_EV_LOOP_STOP] = {"loop.stop", {{"what", A_STOPWHY}, {"rc", A_RC}}},
    /* a0 iteration number, a1 ready handles, a2 live timers */
    [RT_EV_ITER_BEGIN] = {"iter.begin", {{"iter", A_INT}, {"ready", A_INT}, {"timers", A_INT}}},
    /* a0 iteration number, a1 handles run, a2 ready handles left */
    [RT_EV_ITER_END] = {"iter.end", {{"iter", A_INT}, {"ran", A_INT}, {"ready", A_INT}}},
    /* a0 deadline (ns; -1: none) */
    [RT_EV_IDLE_BEGIN] = {"idle.begin", {{"until", A_SECS}}},
    /* a0 the poller's rc */
    [RT_EV_IDLE_END] = {"idle.end", {{"rc", A_RC}}},
    /* a0 the new clock (ns), a1 how far it moved (ns) */
    [RT_EV_CLOCK_ADVANCE] = {"clock.advance", {{"now", A_SECS}, {"by", A_SECS}}},
    /* a0 handle id, a1 rt_handle_kind, a2 the task it steps or wakes (for
     * a future callback: the future), a3 for a wake-up the future that
     * woke the task, for a callback or timer the task that scheduled it */
    [RT_EV_HANDLE_SCHEDULED] = {"handle.scheduled", {{"h", A_INT}, {"kind", A_HKIND}, {"of", A_ID}, {"by", A_ID}}},
    [RT_EV_HANDLE_RUN] = {"handle.run", {{"h", A_INT}, {"kind", A_HKIND}, {"of", A_ID}, {"by", A_ID}}},
    [RT_EV_HANDLE_CANCELLED] = {"handle.cancelled", {{"h", A_INT}, {"kind", A_HKIND}, {"of", A_ID}, {"by", A_ID}}},
    /* a0 handle id, a1 deadline (ns), a2 the task that scheduled it, a3
     * rt_handle_kind. timer.fired: moved to the ready queue. */
    [RT_EV_TIMER_ADDED] = {"timer.added", {{"h", A_INT}, {"when", A_SECS}, {"by", A_ID}, {"kind", A_HKIND}}},
    [RT_EV_TIMER_FIRED] = {"timer.fired", {{"h", A_INT}, {"when", A_SECS}, {"by", A_ID}, {"kind", A_HKIND}}},
    [RT_EV_TIMER_CANCELLED] = {"timer.cancelled", {{"h", A_INT}, {"when", A_SECS}, {"by", A_ID}, {"kind", A_HKIND}}},
    /* a0 task id (== its future id), a1 its name (interned) or 0 for a
     * default name, a2 the creating task, a3 N of a default "Task-N" */
    [RT_EV_TASK_CREATED] = {"task.created", {{"task", A_ID}, {"name", A_TASKNAME}, {"parent", A_ID}}},
    /* a0 task id, a1 step number (1 = first), a2 what is thrown in, a3
     * the handle id of the entry that ran it */
    [RT_EV_TASK_STEP_BEGIN] = {"task.step", {{"task", A_ID}, {"step", A_INT}, {"throw", A_THROW}, {"h", A_INT}}},
    /* a0 task id, a1 step number, a2 how the step ended */
    [RT_EV_TASK_STEP_END] = {"task.step_end", {{"task", A_ID}, {"step", A_INT}, {"end", A_STEPEND}}},
    /* a0 the future waited on (0: a bare yield), a1 rt_wait_kind, a2 task */
    [RT_EV_TASK_SUSPENDED] = {"task.suspended", {{"on", A_ID}, {"what", A_WAIT}, {"task", A_ID}}},
    /* a0 task id, a1 final rt_future_state, a2 steps taken */
    [RT_EV_TASK_DONE] = {"task.done", {{"task", A_ID}, {"state", A_STATE}, {"steps", A_INT}}},
    /* a0 task id, a1 cancelling() after, a2 the waited-on future that was
     * cancelled (0: the next step will throw) */
    [RT_EV_TASK_CANCEL_REQUESTED] = {"task.cancel", {{"task", A_ID}, {"cancelling", A_INT}, {"waiter", A_ID}}},
    /* a0 future id, a1 rt_wait_kind (RT_WAIT_TASK for a task) */
    [RT_EV_FUTURE_CREATED] = {"future.created", {{"fut", A_ID}, {"what", A_WAIT}}},
    /* a0 future id, a1 state, a2 callbacks scheduled */
    [RT_EV_FUTURE_DONE] = {"future.done", {{"fut", A_ID}, {"state", A_STATE}, {"callbacks", A_INT}}},
    /* a0 future id, a1 rt_handle_kind (wake-up or callback), a2 the task
     * to wake (wake-ups), a3 callbacks registered now */
    [RT_EV_FUTURE_CB_ADDED] = {"future.cb_added", {{"fut", A_ID}, {"kind", A_HKIND}, {"task", A_ID}, {"count", A_INT}}},
    /* a0 future id */
    [RT_EV_FUTURE_FREE] = {"future.free", {{"fut", A_ID}}},
    /* sim/lang, in the current task (or on the thread, task 0): a0 the
     * function's qualified name, a1 its file (0: the main script), a2 its
     * first line, a3 rt_frame_kind. The frames a task has entered and not
     * left are its await chain. */
    [RT_EV_FRAME_ENTER] = {"frame.enter", {{"name", A_STR}, {"file", A_STR0}, {"line", A_INT}, {"kind", A_FRAME}}},
    /* a0 the name again, a1 0 returned / 1 raised */
    [RT_EV_FRAME_LEAVE] = {"frame.leave", {{"name", A_STR}, {"how", A_LEAVE}}},
    /* a0 the line about to run, a1 its file (0: the main script) */
    [RT_EV_LINE] = {"line", {{"line", A_INT}, {"file", A_STR0}}},
    /* a0 the text written (interned; any bytes, newlines included), a1
     * the stream: 1 stdout, 2 stderr */
    [RT_EV_OUTPUT] = {"output", {{"text", A_STR}, {"stream", A_STREAM}}},
    /* Sync objects and queues (sync.c, queue.c); a0 is the object's id.
     * sync.new: a1 rt_sync_kind, a2 its value (a semaphore's, a queue's
     * maxsize), a3 a condition's lock. sync.acquire / sync.release: a1
     * the rt_sync_op, a2 the value after (locked, the count, the flag,
     * notify's woken, the unfinished tasks), a3 waiters. sync.wait (a
     * waiter future joins the list), sync.wake (the object completes it),
     * sync.leave (it leaves the list): a1 the future, a2 the waiters now,
     * a3 the rt_sync_role. */
    [RT_EV_SYNC_NEW] = {"sync.new", {{"obj", A_ID}, {"kind", A_SYNC}, {"value", A_INT}, {"lock", A_ID}}},
    [RT_EV_SYNC_ACQUIRE] = {"sync.acquire", {{"obj", A_ID}, {"op", A_SOP}, {"value", A_INT}, {"waiters", A_INT}}},
    [RT_EV_SYNC_RELEASE] = {"sync.release", {{"obj", A_ID}, {"op", A_SOP}, {"value", A_INT}, {"waiters", A_INT}}},
    [RT_EV_SYNC_WAIT] = {"sync.wait", {{"obj", A_ID}, {"fut", A_ID}, {"waiters", A_INT}, {"role", A_ROLE}}},
    [RT_EV_SYNC_WAKE] = {"sync.wake", {{"obj", A_ID}, {"fut", A_ID}, {"waiters", A_INT}, {"role", A_ROLE}}},
    /* a0 queue, a1 the item's id, a2 the size after, a3 unfinished tasks */
    [RT_EV_QUEUE_PUT] = {"queue.put", {{"queue", A_ID}, {"item", A_ITEM}, {"size", A_INT}, {"unfinished", A_INT}}},
    [RT_EV_QUEUE_GET] = {"queue.get", {{"queue", A_ID}, {"item", A_ITEM}, {"size", A_INT}, {"unfinished", A_INT}}},
    /* Combinators (gather.c): a0 the group (its outer or waiter future).
     * group.new: a1 rt_group_kind, a2 children, a3 gather's
     * return_exceptions or wait's return_when. group.done: a1 how it
     * ended, a2 children done, a3 children. */
    [RT_EV_GROUP_NEW] = {"group.new", {{"group", A_ID}, {"kind", A_GROUP}, {"children", A_INT}, {"arg", A_INT}}},
    [RT_EV_GROUP_DONE] = {"group.done", {{"group", A_ID}, {"rc", A_RC}, {"done", A_INT}, {"children", A_INT}}},
    /* Threads (sim/'s lanes): thread.start, emitted by the starting
     * thread (the main thread announces itself): a0 the new thread's id,
     * a1 its name (0: none). thread.block, by the blocking thread: a0 its
     * id, a1 rt_block_kind, a2 what it waits on (mutex, condition or loop
     * id, the thread joined), a3 its deadline (ns; -1: none). thread.wake,
     * by whoever wakes it (the clock's wake-ups by the thread that found
     * every thread idle): a0 the woken thread, a1 rt_wake_kind, a2 the
     * thread that woke it (0: the clock). thread.end: a0 its id. */
    [RT_EV_THREAD_START] = {"thread.start", {{"thread", A_ID}, {"name", A_STR0}}},
    [RT_EV_THREAD_BLOCK] = {"thread.block", {{"thread", A_ID}, {"on", A_BLOCK}, {"id", A_ID}, {"until", A_SECS}}},
    [RT_EV_THREAD_WAKE] = {"thread.wake", {{"thread", A_ID}, {"by", A_WAKE}, {"from", A_ID}}},
    [RT_EV_THREAD_END] = {"thread.end", {{"thread", A_ID}}},
    /* The executor (pool.c): a0 the executor. exec.submit: a1 the job
     * (its thread-side future), a2 jobs queued, a3 threads started.
     * exec.start (on the worker): a1 the job, a2 the worker's index.
     * exec.done: a1 the job, a2 its rc, a3 the worker. */
    [RT_EV_EXEC_SUBMIT] = {"exec.submit", {{"exec", A_ID}, {"job", A_ID}, {"queued", A_INT}, {"threads", A_INT}}},
    [RT_EV_EXEC_START] = {"exec.start", {{"exec", A_ID}, {"job", A_ID}, {"worker", A_INT}}},
    [RT_EV_EXEC_DONE] = {"exec.done", {{"exec", A_ID}, {"job", A_ID}, {"rc", A_RC}, {"worker", A_INT}}},
    /* I/O (io.c): a0 the descriptor, a1 the events waited for / seen, a2
     * the waiter future */
    [RT_EV_IO_WAIT] = {"io.wait", {{"fd", A_INT}, {"events", A_IOEV}, {"fut", A_ID}}},
    [RT_EV_IO_READY] = {"io.ready", {{"fd", A_INT}, {"events", A_IOEV}, {"fut", A_ID}}},
    /* a0 the message */
    [RT_EV_WARNING] = {"warning", {{"msg", A_STR}}},
    /* a0 the object, a1 its rt_sync_kind */
    [RT_EV_SYNC_FREE] = {"sync.free", {{"obj", A_ID}, {"kind", A_SYNC}}},
    [RT_EV_SYNC_LEAVE] = {"sync.leave", {{"obj", A_ID}, {"fut", A_ID}, {"waiters", A_INT}, {"role", A_ROLE}}},
    /* a0 the group, a1 a child future, a2 its index among the arguments */
    [RT_EV_GROUP_ADD] = {"group.add", {{"group", A_ID}, {"child", A_ID}, {"index", A_INT}}},
    /* a0 the executor, a1 max_workers, a2 the thread name prefix */
    [RT_EV_EXEC_NEW] = {"exec.new", {{"exec", A_ID}, {"max_workers", A_INT}, {"prefix", A_STR0}}},
    /* a0 the executor, a1 wait, a2 cancel_futures */
    [RT_EV_EXEC_SHUTDOWN] = {"exec.shutdown", {{"exec", A_ID}, {"wait", A_INT}, {"cancel", A_INT}}},
    /* Thread-side futures (pool.c): a0 the future. cfuture.new: a1 what
     * it reports (executor / threadsafe), a2 the executor (0: none).
     * cfuture.done: a1 its rc. cfuture.chain: a1 the loop future chained
     * to it, a2 0 when the loop future follows the cfuture (wrap_future),
     * 1 when the cfuture follows the task (run_coroutine_threadsafe). */
    [RT_EV_CFUTURE_NEW] = {"cfuture.new", {{"cf", A_ID}, {"what", A_WAIT}, {"exec", A_ID}}},
    [RT_EV_CFUTURE_DONE] = {"cfuture.done", {{"cf", A_ID}, {"rc", A_RC}}},
    [RT_EV_CFUTURE_CHAIN] = {"cfuture.chain", {{"cf", A_ID}, {"fut", A_ID}, {"dir", A_INT}}},
    /* a0 task id, a1 its new name (interned): set_name, or create_task's
     * name= (3.11 names the task after creating it) */
    [RT_EV_TASK_RENAMED] = {"task.renamed", {{"task", A_ID}, {"name", A_STR}}},
};

/* "task.step", ...; "?" for a kind out of range. */
const char *rt_ev_kind_name(rt_ev_kind kind) {
  if ((unsigned)kind >= RT_EV__COUNT || !kinds[kind].name) return "?";
  return kinds[kind].name;
}

/* The names of rt_handle_kind, rt_future_state, rt_wait_kind values. */
const char *rt_handle_kind_name(rt_handle_kind k) {
  static const char *const names[] = {"callback", "step", "wakeup", "future_cb", "timer"};
  return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *rt_future_state_name(rt_future_state s) {
  static const char *const names[] = {"pending", "result", "exception", "cancelled"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "?";
}

const char *rt_wait_kind_name(rt_wait_kind k) {
  static const char *const names[] = {
      "yield", "future", "task", "sleep", "gather", "shield", "wait", "wait_for",
      "as_completed", "lock", "event", "condition", "semaphore", "queue",
      "executor", "threadsafe", "io"};
  return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *rt_group_kind_name(rt_group_kind k) {
  static const char *const names[] = {"gather", "wait", "wait_for", "shield", "as_completed"};
  return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *rt_sync_kind_name(rt_sync_kind k) {
  static const char *const names[] = {"lock", "event", "condition", "semaphore",
                                      "bounded_semaphore", "queue", "lifo_queue",
                                      "priority_queue"};
  return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *rt_sync_op_name(rt_sync_op op) {
  static const char *const names[] = {"acquire", "release", "set", "clear",
                                      "wait", "notify", "task_done", "join"};
  return (unsigned)op < sizeof names / sizeof *names ? names[op] : "?";
}

const char *rt_sync_role_name(rt_sync_role r) {
  static const char *const names[] = {"waiter", "getter", "putter", "joiner"};
  return (unsigned)r < sizeof names / sizeof *names ? names[r] : "?";
}

/* ------------------------------------------------------------ interning */

/* Strings live until rt_intern_clear: their text in an arena of blocks,
 * an array of pointers indexed by id - 1, and an open-addressing table of
 * (id, key) slots, at most half full, probed at triangular steps (+1, +2,
 * +3, ...: every slot of a power-of-two table, and neighbouring runs do
 * not merge as with +1). A probe compares keys first, so passing another
 * string costs no string compare.
 *
 * The key (intern_key) puts strings that differ only in their last byte
 * in neighbouring slots: interning "1", "2", ..., "1000000" (a queue's
 * items) fills ten slots in a row, then moves on. On this machine a cache
 * miss costs 200 to 350 ns (a virtual machine), so with keys well mixed
 * every new string would cost that. (Keying on the last two bytes, runs
 * of a hundred: fewer misses but longer probes, no faster on queue.py.)
 *
 * One mutex (a leaf lock) guards it all, since loops on several threads
 * intern; while the process has a single thread it is not taken. */
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct islot {
  uint32_t id;    /* 0: empty */
  uint32_t key;
} islot;

/* An arena block; each string's text is preceded by its length. */
typedef struct iblock {
  struct iblock *next;
  size_t used, cap;
  char data[];
} iblock;
#define IBLOCK_BYTES 65536

static char **istr;             /* istr[id - 1] */
static size_t nstr, capstr;
static islot *itab;
static size_t captab;           /* power of two */
static iblock *iblocks;         /* the one being filled first */

static bool intern_lock_take(void) {
  bool lock = !single_threaded();
  if (lock) pthread_mutex_lock(&intern_lock);
  return lock;
}

static void intern_lock_drop(bool lock) {
  if (lock) pthread_mutex_unlock(&intern_lock);
}

/* A hash of the n bytes at s, 8 at a time, mixed at the end (the
 * finaliser of MurmurHash3) so that every bit depends on every byte. */
static uint32_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15u ^ n;
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdu;
    h ^= h >> 32;
  }
  /* The last 0 to 7 bytes, each read once, in a register (copying them
   * to memory byte by byte and loading a word would stall). */
  uint64_t w = 0;
  const unsigned char *u = (const unsigned char *)s;
  if (n >= 4) {
    uint32_t x, y;
    memcpy(&x, u, 4);
    memcpy(&y, u + n - 4, 4);
    w = (uint64_t)x << 32 | y;
  } else if (n > 0) {
    w = (uint64_t)u[0] << 16 | (uint64_t)u[n / 2] << 8 | u[n - 1];
  }
  h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  return (uint32_t)h;
}

/* The key of the n bytes at s: the hash of all but the last byte (and
 * of n), plus the last byte. */
static uint32_t intern_key(const char *s, size_t n) {
  if (n == 0) return hash_bytes(s, 0);
  return hash_bytes(s, n - 1) + (uint32_t)n * 0x9e3779b1u + (unsigned char)s[n - 1];
}

static uint32_t str_len(const char *s) {
  uint32_t n;
  memcpy(&n, s - sizeof n, sizeof n);
  return n;
}

/* The first free slot on key's probe: the table is at most half full,
 * so one exists. */
static islot *free_slot(islot *t, size_t cap, uint32_t key) {
  size_t j = key & (cap - 1);
  for (size_t step = 1; t[j].id; step++) j = (j + step) & (cap - 1);
  return &t[j];
}

static int rehash(size_t cap) {
  islot *t = rt_calloc(cap, sizeof *t);
  if (!t) return RT_ENOMEM;
  for (size_t i = 0; i < captab; i++)
    if (itab[i].id) *free_slot(t, cap, itab[i].key) = itab[i];
  rt_free(itab);
  itab = t;
  captab = cap;
  return RT_OK;
}

/* Room for n bytes in the arena (a block of its own for a long string);
 * NULL when memory runs out. */
static char *arena_take(size_t n) {
  if (iblocks && iblocks->cap - iblocks->used >= n) {
    char *p = iblocks->data + iblocks->used;
    iblocks->used += n;
    return p;
  }
  bool own = n > IBLOCK_BYTES / 4;
  size_t cap = own ? n : IBLOCK_BYTES - sizeof(iblock);
  iblock *b = rt_malloc(sizeof *b + cap);
  if (!b) return NULL;
  b->cap = cap;
  b->used = n;
  if (own && iblocks) {  /* keep filling the current block */
    b->next = iblocks->next;
    iblocks->next = b;
  } else {
    b->next = iblocks;
    iblocks = b;
  }
  return b->data;
}

/* Add s (n bytes, key) under the next id; 0 when memory runs out (nothing
 * changed then). */
static int64_t intern_add(const char *s, uint32_t n, uint32_t key) {
  if ((nstr + 1) * 2 > captab && rehash(captab ? captab * 2 : 64) != RT_OK) return 0;
  if (nstr == capstr) {
    size_t cap = capstr ? capstr * 2 : 64;
    char **a = rt_realloc(istr, cap * sizeof *a);
    if (!a) return 0;
    istr = a;
    capstr = cap;
  }
  /* The length, then the text and its NUL, 4-byte aligned. */
  size_t need = (sizeof n + n + 1 + 3) & ~(size_t)3;
  char *p = arena_take(need);
  if (!p) return 0;
  memcpy(p, &n, sizeof n);
  memcpy(p + sizeof n, s, (size_t)n + 1);
  istr[nstr++] = p + sizeof n;
  *free_slot(itab, captab, key) = (islot){(uint32_t)nstr, key};
  return (int64_t)nstr;
}

/* The id of s (n bytes, key), or 0 if it is not interned. */
static int64_t intern_find(const char *s, uint32_t n, uint32_t key) {
  if (!captab) return 0;
  for (size_t j = key & (captab - 1), step = 1; itab[j].id; j = (j + step++) & (captab - 1)) {
    if (itab[j].key != key) continue;
    const char *t = istr[itab[j].id - 1];
    if (str_len(t) == n && memcmp(t, s, n) == 0) return itab[j].id;
  }
  return 0;
}

/* Intern s; returns its id (>= 1), or 0 on RT_ENOMEM (or s NULL). The same
 * string always gets the same id until rt_intern_clear. Thread-safe. */
int64_t rt_intern(const char *s) {
  if (!s) return 0;
  size_t len = strlen(s);
  if (len >= UINT32_MAX) return 0;
  uint32_t n = (uint32_t)len;
  uint32_t key = intern_key(s, n);
  bool lock = intern_lock_take();
  int64_t id = intern_find(s, n, key);
  if (!id) id = intern_add(s, n, key);
  intern_lock_drop(lock);
  return id;
}

/* The string of an interned id, or NULL if unknown. The pointer stays valid
 * until rt_intern_clear. Thread-safe. */
const char *rt_interned(int64_t id) {
  const char *s = NULL;
  bool lock = intern_lock_take();
  if (id >= 1 && (size_t)id <= nstr) s = istr[id - 1];
  intern_lock_drop(lock);
  return s;
}

const char *rt_item_label(int64_t id, char *buf) {
  if (id >= 0) {
    const char *s = id ? rt_interned(id) : NULL;
    return s ? s : "";
  }
  uint64_t z = (uint64_t)(-1 - id);
  int64_t v = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
  snprintf(buf, 24, "%" PRId64, v);
  return buf;
}

/* Forget every interned string and free the table; ids start again at 1.
 * Call only when nothing holds an id or a string from rt_interned (tests
 * call it in teardown so the counting allocator sees nothing live). */
void rt_intern_clear(void) {
  bool lock = intern_lock_take();
  while (iblocks) {
    iblock *b = iblocks;
    iblocks = b->next;
    rt_free(b);
  }
  rt_free(istr);
  rt_free(itab);
  istr = NULL;
  itab = NULL;
  nstr = capstr = captab = 0;
  intern_lock_drop(lock);
}

/* ---------------------------------------------------------- formatting */

/* An snprintf that appends and keeps counting past the end of the buffer,
 * so the total is what one snprintf of the whole line would return. */
typedef struct out {
  char *buf;
  size_t n, len;
} out;

__attribute__((format(printf, 2, 3))) static void put(out *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t room = o->len < o->n ? o->n - o->len : 0;
  int w = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
  va_end(ap);
  if (w > 0) o->len += (size_t)w;
}

/* A string inside double quotes: one event stays one line whatever the
 * text holds (print output has newlines). Backslash, quote and control
 * bytes are escaped as C does; other bytes (UTF-8) go out as they are. */
static void put_escaped(out *o, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    switch (c) {
    case '"': put(o, "\\\""); break;
    case '\\': put(o, "\\\\"); break;
    case '\n': put(o, "\\n"); break;
    case '\r': put(o, "\\r"); break;
    case '\t': put(o, "\\t"); break;
    default:
      if (c < 0x20 || c == 0x7f) put(o, "\\x%02x", c);
      else put(o, "%c", c);
    }
  }
}

static const char *rc_name(int64_t rc) {
  switch (rc) {
  case RT_OK: return "ok";
  case RT_ENOMEM: return "ENOMEM";
  case RT_EINVAL: return "EINVAL";
  case RT_ESTATE: return "ESTATE";
  case RT_ECANCELLED: return "ECANCELLED";
  case RT_ERAISED: return "ERAISED";
  case RT_ECLOSED: return "ECLOSED";
  case RT_ERUNNING: return "ERUNNING";
  case RT_ESTOPPED: return "ESTOPPED";
  case RT_ETIMEDOUT: return "ETIMEDOUT";
  case RT_ESYS: return "ESYS";
  case RT_ENOTASK: return "ENOTASK";
  case RT_EDEADLOCK: return "EDEADLOCK";
  case RT_EFULL: return "EFULL";
  case RT_EEMPTY: return "EEMPTY";
  case RT_ETOOMANY: return "ETOOMANY";
  case RT_ENOTSUP: return "ENOTSUP";
  default: return "?";
  }
}

static void put_arg(out *o, const rt_event *ev, const char *key, int type, int64_t v) {
  switch (type) {
  case A_INT: put(o, " %s=%" PRId64, key, v); break;
  case A_ID:
    if (v) put(o, " %s=%" PRId64, key, v);
    else put(o, " %s=-", key);
    break;
  case A_SECS:  /* -1 ns means "none" */
    if (v == -1) put(o, " %s=-", key);
    else if (v == INT64_MAX) put(o, " %s=inf", key);
    else if (v == INT64_MIN) put(o, " %s=-inf", key);
    else {
      uint64_t a = v < 0 ? (uint64_t)-v : (uint64_t)v;
      a = (a + 500) / 1000;  /* microseconds, rounded like %.6f */
      put(o, " %s=%s%" PRIu64 ".%06" PRIu64, key, v < 0 ? "-" : "", a / 1000000, a % 1000000);
    }
    break;
  case A_ITEM:
    if (v < 0) {
      char b[24];
      put(o, " %s=%s", key, rt_item_label(v, b));
      break;
    }
    /* fall through */
  case A_STR0:
    if (v == 0) {
      put(o, " %s=-", key);
      break;
    }
    /* fall through */
  case A_STR: {
    const char *s = rt_interned(v);
    if (s) {
      put(o, " %s=\"", key);
      put_escaped(o, s);
      put(o, "\"");
    } else {
      put(o, " %s=#%" PRId64, key, v);
    }
    break;
  }
  case A_FRAME: {
    static const char *const f[] = {"function", "coroutine", "generator", "async_generator", "module"};
    put(o, " %s=%s", key, (uint64_t)v < 5 ? f[v] : "?");
    break;
  }
  case A_LEAVE: put(o, " %s=%s", key, v == 0 ? "return" : v == 1 ? "raise" : "?"); break;
  case A_STREAM: put(o, " %s=%s", key, v == 1 ? "stdout" : v == 2 ? "stderr" : "?"); break;
  case A_BLOCK: {
    static const char *const b[] = {"none", "mutex", "cond", "join", "sleep", "idle"};
    put(o, " %s=%s", key, (uint64_t)v < 6 ? b[v] : "?");
    break;
  }
  case A_WAKE: {
    static const char *const w[] = {"none", "unlock", "signal", "end", "poller", "time", "deadlock"};
    put(o, " %s=%s", key, (uint64_t)v < 7 ? w[v] : "?");
    break;
  }
  case A_SYNC: put(o, " %s=%s", key, rt_sync_kind_name((rt_sync_kind)v)); break;
  case A_SOP: put(o, " %s=%s", key, rt_sync_op_name((rt_sync_op)v)); break;
  case A_ROLE: put(o, " %s=%s", key, rt_sync_role_name((rt_sync_role)v)); break;
  case A_GROUP: put(o, " %s=%s", key, rt_group_kind_name((rt_group_kind)v)); break;
  case A_IOEV:
    put(o, " %s=%s%s%s%s", key, v & RT_IO_READABLE ? "r" : "", v & RT_IO_WRITABLE ? "w" : "",
        v & RT_IO_ERROR ? "e" : "", v ? "" : "-");
    break;
  case A_HKIND: put(o, " %s=%s", key, rt_handle_kind_name((rt_handle_kind)v)); break;
  case A_STATE: put(o, " %s=%s", key, rt_future_state_name((rt_future_state)v)); break;
  case A_WAIT: put(o, " %s=%s", key, rt_wait_kind_name((rt_wait_kind)v)); break;
  case A_RC: put(o, " %s=%s", key, rc_name(v)); break;
  case A_THROW:
    put(o, " %s=%s", key, v == 0 ? "none" : v == RT_ECANCELLED ? "cancelled" : "exception");
    break;
  case A_STEPEND: {
    static const char *const e[] = {"yield", "await", "done"};
    put(o, " %s=%s", key, (uint64_t)v < 3 ? e[v] : "?");
    break;
  }
  case A_RUNMODE: {
    static const char *const m[] = {"once", "forever", "until_complete"};
    put(o, " %s=%s", key, (uint64_t)v < 3 ? m[v] : "?");
    break;
  }
  case A_STOPWHY: put(o, " %s=%s", key, v == 0 ? "request" : "end"); break;
  case A_TASKNAME:
    if (v) put_arg(o, ev, key, A_STR, v);
    else put(o, " %s=\"Task-%" PRId64 "\"", key, ev->a[3]);
    break;
  default: break;
  }
}

/* One event as a line, columns fixed-width so traces diff and grep well:
 *
 *   seq      vtime       thread loop task    kind              details
 *        12     1.500000 T1   L1   t3      task.step         task=3 ...
 *
 * seq right-aligned in 8, vtime in seconds with 6 decimals right-aligned in
 * 12, thread "T<n>", loop "L<n>" (or "-"), task "t<n>" (or "-") each
 * left-aligned, the kind name left-aligned in 16, then key=value details
 * decoded per kind (times in seconds, names quoted, enums by name). wall_ns
 * is left out: it differs from run to run. No newline. Returns what
 * snprintf would: the full length, even if buf (n bytes) was too small. */
int rt_trace_format(const rt_event *ev, char *buf, size_t n) {
  out o = {buf, n, 0};
  if (n) buf[0] = '\0';
  char th[16], lp[16], tk[16];
  snprintf(th, sizeof th, "T%" PRIu32, ev->thread);
  if (ev->loop) snprintf(lp, sizeof lp, "L%" PRIu32, ev->loop);
  else snprintf(lp, sizeof lp, "-");
  if (ev->task) snprintf(tk, sizeof tk, "t%" PRIu32, ev->task);
  else snprintf(tk, sizeof tk, "-");
  const kind_info *k = ev->kind < RT_EV__COUNT ? &kinds[ev->kind] : NULL;
  int nargs = 0;
  for (int i = 0; k && i < 4; i++) nargs += k->a[i].type != A_NONE;
  /* No trailing blanks: pad the kind name only when details follow. */
  put(&o, nargs ? "%8" PRIu64 " %12.6f %-4s %-4s %-7s %-16s" : "%8" PRIu64 " %12.6f %-4s %-4s %-7s %s",
      ev->seq, ev->vtime, th, lp, tk, rt_ev_kind_name((rt_ev_kind)ev->kind));
  for (int i = 0; k && i < 4; i++)
    if (k->a[i].type != A_NONE) put_arg(&o, ev, k->a[i].key, k->a[i].type, ev->a[i]);
  return (int)o.len;
}
