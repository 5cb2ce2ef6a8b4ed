/* sim_int.h: sim/'s private helpers shared across its files: a standalone
 * state walker (the timeline's state machine without a timeline), for the
 * writers that need derived state event by event. */
#ifndef SIM_INT_H
#define SIM_INT_H

#include "sim.h"

/* The derived state built by applying events one by one (timeline.c). */
typedef struct sim__walker sim__walker;

/* A walker at step 0. RT_OK or RT_ENOMEM. Free with sim__walker_free. */
int sim__walker_new(sim__walker **out);
void sim__walker_free(sim__walker *w);
/* Apply the next event. If memory runs out the walker stops changing and
 * sim__walker_error says RT_ENOMEM. */
void sim__walker_apply(sim__walker *w, const rt_event *ev);
int sim__walker_error(const sim__walker *w);
/* The state after the events applied (console count not maintained). */
const sim_state *sim__walker_state(sim__walker *w);

/* Seconds to integer nanoseconds, rounded to nearest as the runtime does
 * (rt__ns): -1 stays "none" only where the caller says so. */
int64_t sim__ns(double secs);

#endif /* SIM_INT_H */
