/* bench_record: what the timeline costs to record an event, without the
 * run that makes the events (bench_script's traced minus untraced time
 * has both the runtime's writing and the noise of two whole runs in it).
 *
 * A Python script is run once as `coroscope run` runs it, WINDOW of its
 * events (from the middle of the run, where its steady state is) copied
 * out through the timeline's tee. Then RECORDED events are recorded,
 * REPEATS times, each time into a fresh timeline attached to a virtual
 * platform, through the tracer interface the runtime uses (rt.h,
 * rt_tracer): each record copied to *cur (the window over and over, seq
 * renumbered), refill called when cur reaches end. The window is small
 * enough to stay in the cache, as a chunk the runtime just wrote is: a
 * copy from memory would cost more than the encoding. Prints the fastest
 * repeat's thread CPU time per event (the copy included, about 1 ns).
 *
 *   bench_record FILE.py [REPEATS]   (default 7) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"
#include "sim_script.h"

#define WINDOW 4096
#define RECORDED 2000000

/* The installed tracer (runtime/src/rt_int.h): the timeline's, once it is
 * attached. Declared here, not in a public header, for this measurement. */
extern rt_tracer *rt__tracer;

static rt_event evs[WINDOW];
static uint64_t seen;  /* events the tee saw */
static uint64_t skip;  /* events before the window */

static void tee(void *ud, const rt_event *ev) {
  (void)ud;
  if (seen >= skip && seen - skip < WINDOW) evs[seen - skip] = *ev;
  seen++;
}

static double cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Record the captured events into a fresh timeline; returns CPU ns. */
static double replay(rt_platform *p, size_t *bytes) {
  sim_timeline *tl;
  if (sim_timeline_new(NULL, &tl) != RT_OK) exit(2);
  sim_timeline_attach(tl, p);
  rt_tracer *tr = rt__tracer;
  double t0 = cpu_ns();
  for (uint64_t i = 0; i < RECORDED; i++) {
    memcpy(tr->cur, &evs[i % WINDOW], sizeof *evs);
    tr->cur->seq = i + 1;
    if (++tr->cur == tr->end) tr->refill(tr);
  }
  double t1 = cpu_ns();
  sim_timeline_detach(tl);
  if (sim_timeline_count(tl) != RECORDED || sim_timeline_error(tl) != RT_OK) {
    fprintf(stderr, "bench_record: recorded %llu of %d events\n",
            (unsigned long long)sim_timeline_count(tl), RECORDED);
    exit(1);
  }
  *bytes = sim_timeline_memory(tl);
  sim_timeline_free(tl);
  return t1 - t0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_record FILE.py [REPEATS]\n");
    return 2;
  }
  int repeats = argc > 2 ? atoi(argv[2]) : 7;
  /* Twice: once to count the events, once to copy the window. */
  for (int pass = 0; pass < 2; pass++) {
    sim_timeline *tl;
    if (sim_timeline_new(NULL, &tl) != RT_OK) return 2;
    sim_timeline_set_tee(tl, tee, NULL);
    sim_script_opts so = {.timeline = tl};
    if (sim_script_run(argv[1], &so) != 0) {
      fprintf(stderr, "bench_record: %s failed\n", argv[1]);
      return 1;
    }
    sim_timeline_free(tl);
    if (seen < WINDOW) {
      fprintf(stderr, "bench_record: %s makes fewer than %d events\n", argv[1], WINDOW);
      return 1;
    }
    skip = (seen - WINDOW) / 2;
    seen = 0;
  }
  rt_platform *p;
  if (sim_vplatform_new(NULL, &p) != RT_OK) return 2;
  double best = 0;
  size_t bytes = 0;
  for (int r = 0; r < repeats; r++) {
    double t = replay(p, &bytes);
    if (r == 0 || t < best) best = t;
  }
  sim_vplatform_free(p);
  printf("bench_record: %d events, %.2f ns an event (fastest of %d), timeline %.1f bytes an "
         "event\n", RECORDED, best / RECORDED, repeats, (double)bytes / RECORDED);
  return 0;
}
