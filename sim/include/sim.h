/* sim.h: run scenarios in virtual time: the virtual platform and demos. */
#ifndef SIM_H
#define SIM_H

#include <stdio.h>

#include "rt.h"

/* The virtual platform. Its clock starts at 0.0 and moves only when a loop
 * waits idle with a deadline (it jumps to that deadline exactly) or a thread
 * calls sleep(x) (it moves by x). An idle wait with no deadline and no
 * pending wake-up can never end: poller_wait returns RT_EDEADLOCK.
 * Threads, mutexes and conditions are still the real ones: deterministic
 * virtual threads are the sim issue's work. Free with sim_vplatform_free. */
int sim_vplatform_new(rt_platform **out);
void sim_vplatform_free(rt_platform *p);

/* The built-in demo: three tasks sleeping 1, 2 and 1 seconds under a main
 * task that awaits them, run on the virtual platform with every event
 * written to trace as text. Writes what the tasks print to out. Returns
 * RT_OK or an RT_E* code. */
int sim_demo_run(FILE *out, FILE *trace);

#endif /* SIM_H */
