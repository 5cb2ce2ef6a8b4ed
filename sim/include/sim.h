/* sim.h: run scenarios in virtual time and read their timeline: the virtual
 * platform (virtual clock, deterministic virtual threads), the timeline
 * (every event recorded, the state at any step), the trace writers (text,
 * Chrome/Perfetto JSON), the deadlock report, and the built-in demo.
 *
 * Conventions as in rt.h: calls that can fail return RT_OK or a negative
 * RT_E* code; objects are opaque unless the window draws them (the timeline
 * state structs below are plain and stable); who frees what is said at each
 * call. Strings in events and states are interned ids (rt_interned()); the
 * timeline needs the intern table alive while it is read.
 *
 * Threads: everything here runs on one OS thread, except a timeline
 * recording a real-time run (its hook then takes a lock). */
#ifndef SIM_H
#define SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================= exit statuses */

/* The command line's exit statuses (DESIGN.md, "Command line"). */
enum {
  SIM_EXIT_OK = 0,        /* a normal end */
  SIM_EXIT_ERROR = 1,     /* an uncaught error (traceback on stderr) */
  SIM_EXIT_USAGE = 2,     /* bad usage (a one-line hint on stderr) */
  SIM_EXIT_DEADLOCK = 3,  /* a deadlock (the report on stderr) */
};

/* The last line of every deadlock report: a contract with the CPython
 * reference harness (tests/harness/refpy.py, DEADLOCK_LINE). */
#define SIM_DEADLOCK_LINE \
  "coroscope: deadlock: no task can run and nothing can wake the loop"

/* ================================================== virtual platform */

/* The virtual platform: an rt_platform whose clock and threads are virtual.
 *
 * Clock. It starts at 0.0 and moves only (a) when every thread is blocked or
 * idle: it jumps to the earliest deadline among them (a loop's idle wait
 * until its next timer, a timed condition wait, a sleep), exactly; or (b)
 * through sleep(x) (time.sleep), which blocks the calling thread, with
 * whatever it holds (its loop included), until now + x, so a lone thread
 * sees the clock move by x at once while other threads keep running in the
 * meantime. now() and wall_ns() read it, so time.time(), time.monotonic(),
 * time.perf_counter() and loop.time() all start at 0.0.
 *
 * Threads. Every thread of a run is a lane (rt.h): the main thread (the one
 * sim_vplatform_run starts) and every thread_start. All run on the calling
 * OS thread, one at a time, and switch only where a thread blocks: a
 * contended mutex, a condition wait (a future's blocking result() is one),
 * a join, a sleep, a loop's idle wait. The next thread to run is the first
 * of the runnable ones in the order they became runnable; deadlines that
 * tie wake in the order their waits began. So equal inputs give equal runs,
 * on every machine. A thread that never blocks is never preempted (the GIL
 * would switch every 5 ms; a lesson that relies on that is not
 * deterministic anyway). Mutexes hand over to their first waiter in FIFO
 * order; conditions wake waiters in FIFO order.
 *
 * Deadlock. When no thread is runnable and none waits with a deadline,
 * nothing can ever move again (there is no I/O in virtual time). The
 * platform then emits an RT_EV_WARNING event (a0 the message, a1
 * RT_EDEADLOCK: the timeline notes its step for the report) and ends the
 * run: if the main thread waits where a call can fail (a loop's idle wait,
 * a condition wait, a join), that call returns RT_EDEADLOCK so the main
 * thread can unwind (an interpreter stops running the script there:
 * RT_EDEADLOCK from any blocking call means "the run is over"); otherwise
 * sim_vplatform_run returns at once. Either way sim_vplatform_run returns
 * RT_EDEADLOCK. Threads still blocked are dropped without unwinding when
 * the run ends: objects only they hold are leaked (the CLI exits anyway).
 *
 * Outside sim_vplatform_run (on a plain OS thread) the platform still
 * works for single-threaded use: an idle wait jumps to its deadline (or
 * returns RT_EDEADLOCK without one), sleep moves the clock, thread_start
 * says RT_ESTATE. */

typedef struct sim_vplatform_opts {
  size_t main_stack;    /* the main thread's stack; 0: 8 MiB */
  size_t thread_stack;  /* other threads' stacks; 0: 1 MiB */
} sim_vplatform_opts;

/* A new virtual platform (opts may be NULL). RT_OK or RT_ENOMEM. Free with
 * sim_vplatform_free, after every loop made on it. */
int sim_vplatform_new(const sim_vplatform_opts *opts, rt_platform **out); /* OUT: out */
/* Free the platform and the lanes of its last run. NULL is fine. */
void sim_vplatform_free(rt_platform *p);
/* true if p is a virtual platform. */
bool sim_platform_is_virtual(const rt_platform *p);
/* The virtual clock, in seconds. */
double sim_vplatform_now(const rt_platform *p);

/* Run fn(arg) as the main thread of a run (thread id: the next from the
 * trace counter, 1 after rt_reset_ids), on its own lane, and schedule every
 * thread it starts until fn returns. The run ends when fn returns (threads
 * still alive are dropped, as daemon threads are at exit: joining
 * non-daemon threads is the caller's business, as in threading._shutdown).
 * Returns RT_OK (fn returned, no deadlock), RT_EDEADLOCK (see above),
 * RT_ENOMEM (the main lane could not be made; fn never ran), RT_ERUNNING
 * (a run is already going on). */
int sim_vplatform_run(rt_platform *p, void (*fn)(void *arg), void *arg);

/* ================================================================ runs */

typedef struct sim_timeline sim_timeline;

/* How an interpreter runs a script (the CLI's `run`, `trace`):
 *   sim_timeline_new; sim_run(&{.timeline = tl}, interp_main, script,
 *   &status) with interp_main making its loops on the platform it is given
 *   and using it for time.time/monotonic/perf_counter (now), time.sleep
 *   (sleep), threading (thread_start, thread_join, mutexes, conditions).
 *   RT_EDEADLOCK from any blocking platform call or loop run means the run
 *   is over: stop executing the script and return.
 *   Then: rc RT_EDEADLOCK -> sim_deadlock_report(tl, stderr), exit 3;
 *   otherwise exit with what interp_main returned (0, or 1 after printing
 *   a traceback); --trace: sim_trace_text_write / sim_trace_json_write.
 * While it runs, the interpreter emits (rt_trace_emit on the running loop,
 * NULL outside one) what the timeline needs to show Python, arguments as
 * trace.c's table documents them:
 *   RT_EV_FRAME_ENTER / RT_EV_FRAME_LEAVE around every Python frame (the
 *     frames of a task not left are its await chain),
 *   RT_EV_LINE before each line runs (the last one per task is the line
 *     the window and the deadlock report show),
 *   RT_EV_OUTPUT for what print() and sys.stdout/stderr.write() write
 *     (a0 the interned text, a1 1 stdout or 2 stderr): the console. */

/* A scenario's main: runs on the run's main thread with the platform to
 * make loops on and read time from. Its return value is handed back. */
typedef int (*sim_main_fn)(rt_platform *p, void *arg);

typedef struct sim_run_opts {
  bool real_time;            /* the real platform: real clock, real
                                threads, no lanes */
  sim_timeline *timeline;    /* records every event of the run (may be
                                NULL); attached for the run's duration */
  sim_vplatform_opts vplatform;  /* stacks of the virtual threads */
} sim_run_opts;

/* Run a scenario from scratch: rt_reset_ids() (so equal runs give equal
 * traces), a fresh platform (virtual unless real_time), the timeline
 * attached, fn(p, arg) as the main thread. fn must free every loop it made
 * before it returns (the platform goes with the run). Returns RT_OK (fn
 * returned; *status, if status is not NULL, is its value), RT_EDEADLOCK
 * (print sim_deadlock_report; exit status 3), RT_ENOMEM. */
int sim_run(const sim_run_opts *opts, sim_main_fn fn, void *arg, int *status);

/* ============================================================ timeline */

/* The timeline records every event of a run in a compact binary form
 * (about 8 bytes an event: kind, the fields that changed since the event
 * before, variable-length arguments), keeps periodic snapshots of the
 * derived state, and rebuilds the state after any step k: the nearest
 * snapshot at or before k, plus the events after it replayed.
 *
 * Steps. Step k is the state after the first k events (k = 0: nothing has
 * happened; k = sim_timeline_count(): the end). The event "of" step k is
 * event k - 1 (0-based), the one that led to it; sim_state.event holds it.
 *
 * The window reads only this API: sim_timeline_seek, then the plain structs
 * of sim_timeline_state. */

/* -------------------------------------------------------- state structs */

typedef enum sim_task_state {
  SIM_TASK_CREATED,    /* created; its first step is queued, not yet run */
  SIM_TASK_READY,      /* a step (a wake-up or after a bare yield) queued */
  SIM_TASK_RUNNING,    /* its step is running (its thread may be blocked
                          in it: see the thread) */
  SIM_TASK_WAITING,    /* suspended on a future: waits_on */
  SIM_TASK_DONE,       /* returned a result */
  SIM_TASK_FAILED,     /* raised an exception */
  SIM_TASK_CANCELLED,  /* ended cancelled */
} sim_task_state;

/* One interpreter frame of a task: its await chain is the frames entered
 * (RT_EV_FRAME_ENTER) and not left (RT_EV_FRAME_LEAVE), outermost first. */
typedef struct sim_frame {
  int64_t name;        /* interned qualified name ("main", "Worker.run") */
  int64_t file;        /* interned file; 0: the main script */
  int32_t first_line;  /* where the function starts */
  int32_t line;        /* the line it is on (RT_EV_LINE) */
  uint8_t kind;        /* rt_frame_kind */
} sim_frame;

typedef struct sim_task {
  uint32_t id;          /* the task's id (== its future's id) */
  uint32_t loop;        /* its loop's id */
  uint32_t thread;      /* the thread it was created on (its loop's) */
  uint32_t parent;      /* the task that created it; 0: none */
  int64_t name;         /* interned name; 0: "Task-<name_no>" (sim_task_name) */
  uint32_t name_no;
  uint8_t state;        /* sim_task_state */
  uint8_t wait_kind;    /* rt_wait_kind of what it waits on (or waited on
                           last); RT_WAIT_YIELD after a bare yield */
  uint16_t cancelling;  /* cancel requests pending (Task.cancelling()) */
  uint32_t waits_on;    /* the future or task it awaits; 0: none (also
                           while its wake-up is queued, this still names
                           the future that woke it) */
  uint32_t steps;       /* steps begun */
  int32_t line;         /* its current line (its last RT_EV_LINE); 0: none */
  int64_t file;         /* that line's file (interned); 0: the main script */
  uint64_t created_at;  /* the step of its task.created event */
  uint32_t nframes;     /* await chain: frames[0] outermost */
  uint8_t returned;     /* its outermost frame was left: its coroutine has
                           ended and the task records the outcome next
                           (0 nframes also before the first frame.enter) */
  const sim_frame *frames;
} sim_task;

/* A ready-queue entry (asyncio's Handle), front first. */
typedef struct sim_handle {
  uint64_t id;         /* per loop, from 1 (also TIMER ids) */
  uint32_t of;         /* step, wake-up: the task; future callback: the
                          future; callback, timer: 0 */
  uint32_t by;         /* wake-up: the future that woke it; callback or
                          timer: the task that scheduled it; 0 */
  uint8_t kind;        /* rt_handle_kind */
  uint8_t cancelled;   /* cancelled while queued: it will be skipped */
} sim_handle;

/* A pending timer, in firing order: (deadline, id). Cancelled ones are
 * gone at once (asyncio keeps them in its heap: nobody can tell). */
typedef struct sim_timer {
  uint64_t id;         /* handle id */
  int64_t when_ns;     /* deadline, ns of virtual time */
  uint32_t owner;      /* the task that scheduled it; 0 */
  uint8_t kind;        /* rt_handle_kind: RT_HK_TIMER for asyncio.sleep */
} sim_timer;

typedef struct sim_loop {
  uint32_t id;
  uint32_t thread;       /* the thread that created or last ran it */
  int64_t platform;      /* interned platform name */
  uint8_t running;       /* inside run_forever / run_until_complete */
  uint8_t idle;          /* waiting idle (until idle_until_ns) */
  uint8_t stopping;      /* stop() was called, the run has not ended */
  uint8_t closed;        /* freed */
  uint64_t iteration;    /* the last iteration begun */
  int64_t idle_until_ns; /* the idle wait's deadline; -1: none */
  uint32_t nready;       /* the ready queue, front first */
  const sim_handle *ready;
  uint32_t ntimers;      /* pending timers, soonest first */
  const sim_timer *timers;
} sim_loop;

/* A live future that is not a task (tasks are sim_task), by id. Gone once
 * freed. */
typedef struct sim_future {
  uint32_t id;
  uint32_t loop;
  uint32_t creator;     /* the task running when it was made; 0 */
  uint8_t wait_kind;    /* rt_wait_kind: what it stands for (sleep, lock...) */
  uint8_t state;        /* rt_future_state */
  uint16_t ncallbacks;  /* done callbacks registered (wake-ups included) */
} sim_future;

/* Who waits on a sync object: a waiter future on one of its lists. */
typedef struct sim_waiter {
  uint32_t future;       /* the waiter future (sync.wait's a1) */
  uint32_t task;         /* the task that made it and awaits it; 0 */
  uint8_t role;          /* rt_sync_role: waiter, getter, putter, joiner */
} sim_waiter;

/* A synchronisation object or queue (the runtime's sync.c and queue.c), as
 * its sync.* and queue.* events describe it (trace.c's table). Gone once
 * freed (sync.free). */
typedef struct sim_sync {
  uint32_t id;           /* from the futures' counter: never a future's */
  uint32_t loop;
  uint8_t kind;          /* rt_sync_kind */
  uint8_t last_op;       /* rt_sync_op of its last state change */
  uint32_t lock;         /* a condition's lock id; 0 */
  uint32_t holder;       /* a lock's holder (the task that acquired it); 0 */
  int64_t value;         /* lock: 1 locked; event: 1 set; semaphore: the
                            counter; condition: 1 while notified waiters
                            are pending; queue: items queued */
  int64_t limit;         /* semaphore: its initial value; queue: maxsize
                            (0: unbounded) */
  int64_t unfinished;    /* queue: items not yet task_done() */
  uint32_t nwaiters;     /* its waiters in list order (all roles) */
  const sim_waiter *waiters;
  uint32_t nitems;       /* queue: its items' ids (the runtime's item_id
                            hook: sim/lang gives interned reprs), in put
                            order; a priority queue's come out smallest
                            first, not in this order */
  const int64_t *items;
} sim_sync;

typedef enum sim_thread_state {
  SIM_THREAD_RUNNABLE,   /* may run, another thread holds the OS thread */
  SIM_THREAD_RUNNING,
  SIM_THREAD_BLOCKED,    /* block says on what */
  SIM_THREAD_IDLE,       /* its loop waits idle (see the loop) */
  SIM_THREAD_DONE,
} sim_thread_state;

typedef struct sim_thread {
  uint32_t id;           /* as events' thread field: 1 = the main thread */
  int64_t name;          /* interned ("MainThread", "Thread-1"); 0 */
  uint8_t state;         /* sim_thread_state */
  uint8_t block;         /* rt_block_kind while BLOCKED */
  uint32_t block_id;     /* the mutex, condition or loop id, the thread
                            joined */
  int64_t until_ns;      /* the block's deadline; -1: none */
  uint32_t loop;         /* the loop it runs now; 0 */
  int32_t line;          /* its last RT_EV_LINE (in a task or not); 0 */
  int64_t file;
} sim_thread;

/* Everything the window draws at one step. Arrays are sorted by id (which
 * is creation order) and stay valid until the next seek or recording. */
typedef struct sim_state {
  uint64_t step;          /* events applied */
  rt_event event;         /* the event of this step (zeroed at step 0) */
  double vtime;           /* the virtual time at this step */
  uint32_t thread;        /* the thread running (the event's) */
  uint32_t task;          /* the task running (the event's); 0 */
  uint32_t nthreads;
  const sim_thread *threads;
  uint32_t nloops;
  const sim_loop *loops;
  uint32_t ntasks;        /* tasks not yet freed, done ones included */
  const sim_task *tasks;
  uint32_t nfutures;
  const sim_future *futures;
  uint32_t nsyncs;
  const sim_sync *syncs;
  uint32_t nconsole;      /* console lines begun by this step: read them
                             with sim_timeline_console_line */
  uint64_t deadlock_step; /* the deadlock's step if at or before this one;
                             0: none */
} sim_state;

/* A console line: what RT_EV_OUTPUT wrote, split at newlines, one stream
 * per line (stdout and stderr lines interleave by their first byte). */
typedef struct sim_console_line {
  const char *text;   /* not NUL-terminated; valid until more is recorded */
  size_t len;         /* bytes visible at the current step, newline not
                         included */
  double vtime;       /* virtual time of its first byte */
  uint64_t step;      /* the step that wrote its first byte */
  uint32_t thread;    /* who wrote its first byte */
  uint32_t task;
  uint8_t stream;     /* 1 stdout, 2 stderr */
  uint8_t complete;   /* its newline is written by the current step */
} sim_console_line;

/* ------------------------------------------------------------- calls */

typedef struct sim_timeline_opts {
  /* Take a snapshot every this many events; 0: adaptively, so snapshots
   * cost about 16 bytes an event whatever the state's size (256 events
   * apart at least). Tests set small values. */
  uint32_t snapshot_every;
} sim_timeline_opts;

/* A new, empty timeline (opts may be NULL). RT_OK or RT_ENOMEM. Free with
 * sim_timeline_free. */
int sim_timeline_new(const sim_timeline_opts *opts, sim_timeline **out); /* OUT: out */
void sim_timeline_free(sim_timeline *tl);  /* NULL is fine; detaches it */

/* Record every event from now on: installs the process-wide tracer
 * (rt_trace_set_tracer; set it while no loop runs). p is the run's
 * platform: on a virtual one each event is stamped with the virtual clock
 * as it is when the event happens (a loop's own events otherwise carry the
 * clock read at the start of its iteration); on the real one times are
 * counted from this call. The runtime writes events into a chunk of 256
 * that the timeline records (and tees) when it is full and at detach, so
 * while a run goes the count lags by up to that many. */
void sim_timeline_attach(sim_timeline *tl, rt_platform *p);
/* Stop recording (removes the tracer, records what its chunk holds). */
void sim_timeline_detach(sim_timeline *tl);
/* Pass every recorded event on to cb (after stamping), e.g. to stream the
 * text trace while the run goes. NULL: none. */
void sim_timeline_set_tee(sim_timeline *tl, rt_trace_cb cb, void *ud);
/* Record one event (what the tracer's refill calls). If memory runs out the timeline
 * stops recording and sim_timeline_error says RT_ENOMEM. */
void sim_timeline_record(sim_timeline *tl, const rt_event *ev);
int sim_timeline_error(const sim_timeline *tl);   /* RT_OK or RT_ENOMEM */

uint64_t sim_timeline_count(const sim_timeline *tl);   /* events recorded */
/* Event i (0-based) as recorded: RT_OK or RT_EINVAL (i out of range).
 * Costs a decode of at most 64 events. */
int sim_timeline_event(const sim_timeline *tl, uint64_t i, rt_event *out);
/* Bytes held: events, snapshots, indexes, console (the benchmark's
 * number). */
size_t sim_timeline_memory(const sim_timeline *tl);

/* Sequential reading, for writers: a cursor at event 0. */
typedef struct sim_cursor {
  const sim_timeline *tl;
  uint64_t i;            /* the next event's index */
  size_t off;            /* private: decoding position */
  uint64_t seq;          /* private: the previous event's fields */
  double vtime;
  uint32_t thread, loop, task;
} sim_cursor;
void sim_cursor_init(sim_cursor *c, const sim_timeline *tl);
/* The next event into *out: true, or false at the end. */
bool sim_cursor_next(sim_cursor *c, rt_event *out);

/* Rebuild the state after `step` events. RT_OK, RT_EINVAL (step >
 * count: the state is unchanged), RT_ENOMEM. Stepping forward from the
 * current step replays only the events in between; anything else starts
 * from the nearest snapshot. */
int sim_timeline_seek(sim_timeline *tl, uint64_t step);
/* The state at the last seek (step 0 before any). Valid until the next
 * seek or recording. */
const sim_state *sim_timeline_state(sim_timeline *tl);
/* A console line as visible at the current step (i < state->nconsole).
 * RT_OK or RT_EINVAL. */
int sim_timeline_console_line(const sim_timeline *tl, uint32_t i, sim_console_line *out);
/* The step of the deadlock warning, 0 if the run had none. */
uint64_t sim_timeline_deadlock_step(const sim_timeline *tl);

/* Step granularities for the window and the command line. */
typedef enum sim_step_kind {
  SIM_STEP_EVENT,      /* every step */
  SIM_STEP_ITERATION,  /* just after a loop iteration begins (id: the
                          loop; 0: any) */
  SIM_STEP_TASK,       /* just after a step of task id begins (0: any) */
  SIM_STEP_LINE,       /* just after a console line is completed (its
                          newline written) */
} sim_step_kind;

/* The nearest step after (dir > 0) or before (dir < 0) `from` that
 * matches; `from` itself if there is none. */
uint64_t sim_timeline_find(const sim_timeline *tl, uint64_t from, int dir,
                           sim_step_kind kind, uint32_t id);

/* Lookups in a state by id (binary search); NULL if absent. */
const sim_task *sim_state_task(const sim_state *s, uint32_t id);
const sim_loop *sim_state_loop(const sim_state *s, uint32_t id);
const sim_thread *sim_state_thread(const sim_state *s, uint32_t id);
const sim_future *sim_state_future(const sim_state *s, uint32_t id);
const sim_sync *sim_state_sync(const sim_state *s, uint32_t id);

/* A task's name into buf (n bytes): its interned name or "Task-N". Returns
 * buf. */
const char *sim_task_name(const sim_task *t, char *buf, size_t n);
/* Names of the state enums ("waiting", "blocked", "queue", ...). */
const char *sim_task_state_name(sim_task_state s);
const char *sim_thread_state_name(sim_thread_state s);

/* ========================================================= trace writers */

/* The text trace: a header line, then one line per event in the columns of
 * rt_trace_format (sequence, virtual time, thread, loop, task, event,
 * details), documented in the README ("Trace format"). No wall-clock time
 * appears, so two runs of the same scenario give byte-identical text.
 * RT_OK, or RT_ESYS if writing failed. */
int sim_trace_text_write(const sim_timeline *tl, FILE *out);
/* The header line sim_trace_text_write starts with (no newline). */
const char *sim_trace_text_header(void);
/* An rt_trace_cb that writes each event as one line (no header) to the
 * FILE * given as ud: with sim_timeline_set_tee, the trace streams out
 * while the run goes. */
void sim_trace_text_event(void *ud, const rt_event *ev);

/* The Chrome Trace Event JSON that ui.perfetto.dev and chrome://tracing
 * open: a process per thread, a track (tid) per task and one for the
 * thread itself (tid 0: loop events, callbacks), a complete ("X") slice per
 * task step, instant ("i") events for scheduling decisions, flow arrows
 * ("s"/"f") from the cause of every wake-up (where the task's step was
 * scheduled; where a thread was woken) to what it woke, counters ("C") for
 * each loop's ready-queue length and pending timers. Timestamps are
 * microseconds of virtual time. RT_OK, RT_ENOMEM, RT_ESYS. */
int sim_trace_json_write(const sim_timeline *tl, FILE *out);

/* ====================================================== deadlock report */

/* The report for a run that ended in a deadlock, as the command line
 * prints it on stderr before exiting with status 3: a first line with the
 * virtual time, then each task that had not finished (what it waits on,
 * its line, its await chain), each blocked thread (on what, its line), and
 * last SIM_DEADLOCK_LINE. Built from the timeline's state at the deadlock.
 * RT_OK, RT_EINVAL (the run had no deadlock: nothing is written), RT_ESYS,
 * RT_ENOMEM. Moves the timeline's current step. */
int sim_deadlock_report(sim_timeline *tl, FILE *out);

/* Python's repr of a float ("1.5", "0.1", "1e-05", "inf") into buf. */
const char *sim_float_repr(double v, char *buf, size_t n);

/* ================================================================ demo */

/* The built-in demo: three tasks sleeping 1, 2 and 1 seconds under a main
 * task that awaits them, and a second thread that blocks in time.sleep
 * meanwhile, run on the virtual platform. Writes what they print to out and,
 * if trace is not NULL, the text trace to it. Returns RT_OK or an RT_E*
 * code. */
int sim_demo_run(FILE *out, FILE *trace);

#ifdef __cplusplus
}
#endif
#endif /* SIM_H */
