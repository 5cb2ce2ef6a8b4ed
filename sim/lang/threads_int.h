/* threads_int.h: the interpreter's threads: the GIL, the platform every lang object uses, the thread records, the waits the threading module builds on, and the shutdown at exit.
 *
 * Invariants.
 *
 * 1. The GIL. The object layer and the evaluator keep their state in
 *    globals (refcounts, the collector's list, lang__ip's frame stack), so
 *    exactly one thread runs Python or touches Python objects at a time:
 *    the one holding the GIL, a mutex of the run's platform. Every thread
 *    the interpreter knows (the main one, threading.Thread's, the runtime's
 *    executor workers and helpers) holds it whenever it runs, and lets go
 *    of it only inside a blocking platform call. On the virtual platform a
 *    lane switches only inside such a call, so the GIL is never contended
 *    there and costs two uncontended lock operations per block; with
 *    --real-time it is a real mutex and threads take turns at their
 *    blocking calls, as CPython's do (no 5 ms forced switch: a thread that
 *    never blocks keeps the others waiting).
 *
 * 2. The platform. lang_interp_new replaces opts.platform by a wrapper
 *    around the run's platform (virtual or real). Loops, executors,
 *    thread-side futures and time.sleep all go through it, so every
 *    blocking call releases the GIL:
 *      sleep, poller_wait, thread_join: release; the call; acquire.
 *      cond_wait(c, m): release; the call (which gives m back); unlock m;
 *        acquire; lock m. A thread never waits for the GIL while it holds
 *        a runtime mutex, and mutex_lock keeps the GIL (runtime mutexes
 *        are held for a few instructions by a thread that has the GIL),
 *        so no cycle can form.
 *    Objects (pollers, threads, mutexes, conditions) are the inner
 *    platform's; the wrapper only forwards.
 *
 * 3. Per-thread state. What belongs to a running chain of frames is
 *    global in the evaluator: lang__ip->cur (the innermost frame), the
 *    stack of exceptions being handled, the py_tstate (current exception,
 *    recursion depth). Releasing the GIL saves it into the calling
 *    thread's lang_thread; acquiring it installs the acquirer's. A new
 *    thread starts with an empty frame stack and its own py_tstate.
 *
 * 4. The exit (virtual platform). Threads still alive when the main
 *    code is done (daemons, threads blocked for good) would be dropped
 *    with the run, leaking what their frames hold. So lang__threads_shutdown
 *    unwinds them, with the output muted as if the process had ended: the
 *    step budget is spent (every statement raises an error no except clause
 *    catches) and every wait they are in, or enter, fails with RT_EDEADLOCK
 *    ("the run is over"); a sleep ends at its deadline. With --real-time
 *    they are left waiting for the GIL, as CPython's daemon threads are.
 *
 * 5. Records. Every thread started through the wrapper gets a lang_thread,
 *    on one list in start order after the main thread's; records live
 *    until the interpreter is freed (a finished thread's record says so).
 *    threading.Thread's records own the platform handle (joined through
 *    lang__thread_join); the runtime's threads (executor workers, the
 *    shutdown helper) have their handle held by the runtime.
 */
#ifndef SIM_LANG_THREADS_INT_H
#define SIM_LANG_THREADS_INT_H

#include "eval_int.h"
#include "mod_std.h"

typedef struct lang_thread lang_thread;
struct lang_thread {
  lang_thread *next;         /* every thread, in start order */
  uint64_t ident;            /* threading.get_ident(): the trace thread id */
  char *name;                /* the name it was started with */
  void (*fn)(void *);        /* what it runs */
  void *arg;
  py_obj *obj;               /* its threading.Thread (a reference), or NULL:
                                made on demand by current_thread() */
  rt_thread *handle;         /* threading.Thread's: the platform handle until
                                joined; NULL for the runtime's threads */
  bool started;              /* start() was called (is_alive) */
  bool running, done;        /* fn began / returned */
  bool daemon;               /* not joined at exit */
  bool joining;              /* someone waits in the platform join */
  uint32_t init_for;         /* executor id whose initializer ran here */
  /* what it waits on inside the wrapper (the exit wakes it there) */
  rt_cond *wait_cond;
  rt_poller *wait_poller;
  /* the interpreter's state of this thread while another holds the GIL */
  lang_frame *cur;
  py_obj **handled;
  int nhandled, caphandled;
  py_tstate *ts;
  py_tstate own_ts;
};

/* lang_interp_new: wrap ip->opts.platform (NULL: the real one), take the
 * GIL, make the main thread's record. 0, or -1 (out of memory; nothing
 * is left to undo but lang__threads_fini). */
int lang__threads_init(lang_interp *ip);
/* At exit, as CPython's threading._shutdown: run the exit hooks (newest
 * first: concurrent.futures joins its workers there), then join every
 * threading.Thread that is not a daemon, in start order. A deadlock ends
 * the joining (the run is over). */
void lang__threads_shutdown(void);
/* lang_interp_free, before the object layer goes: drop the records'
 * Python objects and the wrapper. With --real-time, threads still alive
 * (daemons) keep waiting for the GIL forever, as CPython's daemon threads
 * do at exit: the GIL, the wrapper and their records are left to the
 * process's end. */
void lang__threads_fini(void);

/* A function run at exit (threading._register_atexit). 0, or -1 with
 * MemoryError. */
int lang__threads_atexit(void (*fn)(void));

/* lang__platform() (mod_std.h) is the wrapper; lang__platform_is_real()
 * (mod_std.h, defined here) says whether the run's platform under it is
 * the real one. The wrapper's clock: */
double lang__now(void);

/* The thread holding the GIL (the caller), and the main thread. */
lang_thread *lang__thread_current(void);
lang_thread *lang__thread_main(void);
/* The records, in start order (the main thread first). */
lang_thread *lang__threads_first(void);
/* Records whose thread started and has not finished. */
size_t lang__threads_alive(void);

/* Start fn(arg) on a new thread named name (copied; NULL: "Thread-N");
 * *rec its record, holding the platform handle (lang__thread_join reaps
 * it). RT_OK, RT_ENOMEM, RT_ESYS, RT_ESTATE (the platform cannot start
 * threads here). */
int lang__thread_start(const char *name, void (*fn)(void *), void *arg, lang_thread **rec);
/* Wait until t runs (or has run). RT_OK or RT_EDEADLOCK. */
int lang__thread_wait_running(lang_thread *t);
/* CPython's Thread.start() waits until the new thread runs (its _started
 * event), and the new thread keeps the GIL until it blocks: wait until
 * every thread started after `since` (NULL: all) is running or done.
 * Executors start their workers that way too. RT_OK or RT_EDEADLOCK. */
int lang__threads_wait_new(lang_thread *since);
/* The newest record (to pass to lang__threads_wait_new later). */
lang_thread *lang__threads_last(void);
/* Wait until t has finished: timeout in seconds on the platform clock
 * (negative: none). RT_OK, RT_ETIMEDOUT, RT_EDEADLOCK (the run is over). */
int lang__thread_join(lang_thread *t, double timeout);

/* threading's default names "Thread-N": the next N (1, 2, ...). */
long lang__thread_next_number(void);

/* Wait on c (a condition of the platform) with the GIL as its mutex, so
 * the state the waiter checks is what the GIL guards: until signalled or
 * the deadline (platform clock; negative: none). RT_OK (signalled, or
 * spuriously: re-check), RT_ETIMEDOUT, RT_EDEADLOCK (the run is over). */
int lang__gil_wait(rt_cond *c, double deadline);

/* RT_EDEADLOCK from a blocking call: nothing can ever run again. CPython
 * would hang here, printing nothing more: end the script with SystemExit
 * and mute its output (the sim prints its report). Returns NULL. */
py_obj *lang__run_over(void);

#endif /* SIM_LANG_THREADS_INT_H */
