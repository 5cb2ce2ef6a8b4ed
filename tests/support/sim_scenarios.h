/* sim_scenarios.h: small scenarios written in C against rt.h and the
 * platform, standing in for lessons until the interpreter runs them: they
 * emit the frame, line and output events sim/lang will emit. */
#ifndef SIM_SCENARIOS_H
#define SIM_SCENARIOS_H

#include "sim.h"

/* A scenario's main, for sim_run: returns RT_OK or an RT_E* code. */
typedef struct scenario {
  const char *name;
  sim_main_fn main;
} scenario;

/* Three children sleeping 1, 2 and 1 s under a main task that awaits them,
 * with frames, lines and printed output. */
int sc_sleepers(rt_platform *p, void *arg);
/* Two threads: the main thread's loop runs a task that sleeps 0.5 s on a
 * timer and then awaits a future that a second thread completes through
 * call_soon_threadsafe after blocking in time.sleep(1.0). */
int sc_threads(rt_platform *p, void *arg);
/* Cancellation: a long sleeper cancelled by another task, a cancelled
 * call_later timer and a cancelled call_soon handle, bare yields. */
int sc_cancel(rt_platform *p, void *arg);
/* A task awaits a future nobody will complete: a deadlock (with lines). */
int sc_deadlock(rt_platform *p, void *arg);
/* Two threads and two mutexes (made by the caller on p, freed by the
 * caller after the run): main and a worker each hold one and want the
 * other; main waits in a mutex (a wait that cannot fail). */
typedef struct sc_mutexes {
  rt_platform *p;
  rt_mutex *a, *b;
} sc_mutexes;
int sc_mutex_deadlock(rt_platform *p, void *arg);

/* Run body(arg) as the main task (named name; NULL: the default "Task-N")
 * of a new loop on p, until it is done: the loop's result code. */
int sc_run_task(rt_platform *p, rt_coro_fn body, void *arg, const char *name);

/* Every scenario above that ends normally. */
extern const scenario sc_all[];
extern const size_t sc_count;

/* Emit what the interpreter would: a line, a frame, printed text. */
void sc_line(int line);
void sc_enter(const char *name, int line, rt_frame_kind kind);
void sc_leave(const char *name);
void sc_print(const char *text);

#endif
