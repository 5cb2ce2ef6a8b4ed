/* bench_timeline.c: the timeline's benchmark: a run of 1,000,000 recorded
 * events, then random seeks; prints bytes per event and time per seek
 * against the targets (under 64 bytes an event, under 1 ms a seek).
 *
 * The run is a lesson-like scenario on the virtual platform: 200 worker
 * tasks on the main thread's loop and 20 on a second thread's loop, each
 * sleeping on timers, yielding now and then, emitting the line events the
 * interpreter emits (two per step) and printing every fifth step, until the
 * timeline holds the number of events asked for.
 *
 * Seeks are timed twice: wall clock, and the thread's CPU time (what the
 * seek costs, without the time the machine gave to other processes: on a
 * loaded machine a seek is sometimes preempted for a whole time slice).
 *
 * With --script FILE, the run recorded is a Python script, as `coroscope
 * run FILE` records it (bench/asyncio/gather_sleep.py: 6.8 million events
 * over 100,000 tasks, the state a seek restores is megabytes); its output
 * is not echoed.
 *
 * usage: bench_timeline [EVENTS [SEEKS]]   (defaults 1000000 and 10000)
 *        bench_timeline --script FILE [SEEKS]   (default 200) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "sim.h"
#include "sim_script.h"

#define MAIN_WORKERS 200
#define SIDE_WORKERS 20

static sim_timeline *tl;
static uint64_t target;
static int64_t texts[MAIN_WORKERS + SIDE_WORKERS];

typedef struct worker {
  int id;
  double delay;
} worker;

static int worker_body(void *arg, void **out) {
  worker *w = arg;
  rt_loop *loop = rt_loop_running();
  *out = NULL;
  rt_trace_emit(loop, RT_EV_FRAME_ENTER, rt_intern("worker"), 0, 10, RT_FRAME_COROUTINE);
  for (int n = 0; sim_timeline_count(tl) < target; n++) {
    rt_trace_emit(loop, RT_EV_LINE, 11, 0, 0, 0);
    int rc = n % 3 == 2 ? rt_yield(NULL) : rt_sleep(w->delay, NULL, NULL);
    if (rc != RT_OK) return rc;
    rt_trace_emit(loop, RT_EV_LINE, 12, 0, 0, 0);
    if (n % 5 == 0) rt_trace_emit(loop, RT_EV_OUTPUT, texts[w->id], 1, 0, 0);
  }
  rt_trace_emit(loop, RT_EV_FRAME_LEAVE, rt_intern("worker"), 0, 0, 0);
  return RT_OK;
}

/* A loop running n workers (ids from first) until the target is reached. */
static int run_workers(rt_platform *p, int first, int n) {
  rt_loop *loop;
  rt_task *main_task = NULL;
  worker *ws = calloc((size_t)n, sizeof *ws);
  rt_task **ts = calloc((size_t)n, sizeof *ts);
  int rc = rt_loop_new(p, NULL, &loop);
  if (rc != RT_OK) return rc;
  for (int i = 0; i < n && rc == RT_OK; i++) {
    ws[i].id = first + i;
    ws[i].delay = 0.001 * (1 + (first + i) % 7);
    rc = rt_task_new(loop, worker_body, &ws[i], NULL, &ts[i]);
  }
  /* Run until the last worker is done (all stop at the same target). */
  for (int i = 0; i < n && rc == RT_OK; i++)
    rc = rt_loop_run_until_complete(loop, rt_task_future(ts[i]));
  for (int i = 0; i < n; i++)
    if (ts[i]) rt_task_release(ts[i]);
  if (main_task) rt_task_release(main_task);
  rt_loop_free(loop);
  free(ws);
  free(ts);
  return rc;
}

typedef struct side {
  rt_platform *p;
  int rc;
} side;

static void side_thread(void *arg) {
  side *s = arg;
  s->rc = run_workers(s->p, MAIN_WORKERS, SIDE_WORKERS);
}

static int bench_main_fn(rt_platform *p, void *arg) {
  (void)arg;
  side s = {p, RT_OK};
  rt_thread *th;
  int rc = p->thread_start(p, "side", side_thread, &s, &th);
  if (rc != RT_OK) return rc;
  rc = run_workers(p, 0, MAIN_WORKERS);
  int jrc = p->thread_join(th);
  return rc != RT_OK ? rc : jrc != RT_OK ? jrc : s.rc;
}

static uint64_t cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b);

static void report(const char *what, uint64_t *lat, long seeks, uint64_t sum) {
  qsort(lat, (size_t)seeks, sizeof *lat, cmp_u64);
  double mean = (double)sum / (double)seeks / 1e3;
  double p50 = (double)lat[seeks / 2] / 1e3, p99 = (double)lat[seeks * 99 / 100] / 1e3;
  double mx = (double)lat[seeks - 1] / 1e3;
  printf("  random seeks (%ld), %s: mean %.1f us, median %.1f us, p99 %.1f us, max %.1f us "
         "(target < 1000 us)  %s\n", seeks, what, mean, p50, p99, mx, mx < 1000 ? "ok" : "MISSED");
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Record the scenario until the timeline holds target events. */
static int record_scenario(void) {
  char buf[64];
  for (int i = 0; i < MAIN_WORKERS + SIDE_WORKERS; i++) {
    snprintf(buf, sizeof buf, "worker %d: tick\n", i);
    texts[i] = rt_intern(buf);
  }
  sim_run_opts o = {.timeline = tl};
  int status = -1;
  int rc = sim_run(&o, bench_main_fn, NULL, &status);
  if (rc != RT_OK || status != RT_OK) {
    fprintf(stderr, "bench_timeline: the run failed: %s / %s\n", rt_strerror(rc), rt_strerror(status));
    return 1;
  }
  return 0;
}

/* Record a Python script (its output only in the timeline). */
static int record_script(const char *path) {
  sim_script_opts so = {.timeline = tl};
  int status = sim_script_run(path, &so);
  if (status != 0) {
    fprintf(stderr, "bench_timeline: %s exited with %d\n", path, status);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *script = NULL;
  long seeks;
  if (argc > 2 && !strcmp(argv[1], "--script")) {
    script = argv[2];
    seeks = argc > 3 ? strtol(argv[3], NULL, 10) : 200;
    target = 0;
  } else {
    target = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    seeks = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
  }
  if ((!script && target < 1000) || seeks < 1) {
    fprintf(stderr, "usage: bench_timeline [EVENTS >= 1000 [SEEKS >= 1]]\n"
                    "       bench_timeline --script FILE [SEEKS >= 1]\n");
    return 2;
  }
  if (sim_timeline_new(NULL, &tl) != RT_OK) bench_fail("timeline", 1);

  /* Record. */
  uint64_t t0 = bench_ns();
  int failed = script ? record_script(script) : record_scenario();
  uint64_t t1 = bench_ns();
  if (failed || sim_timeline_error(tl) != RT_OK) {
    fprintf(stderr, "bench_timeline: recording failed\n");
    return 1;
  }
  uint64_t n = sim_timeline_count(tl);
  double rec_mem = (double)sim_timeline_memory(tl);
  /* The first seek builds the state and its snapshots (recording does
   * not): timed on its own, and the memory counted after it. */
  uint64_t f0 = bench_ns();
  if (sim_timeline_seek(tl, n) != RT_OK) bench_fail("seek", 1);
  uint64_t f1 = bench_ns();
  double mem = (double)sim_timeline_memory(tl);
  double per_event = mem / (double)n;
  printf("bench_timeline: %" PRIu64 " events recorded in %.0f ms (%.0f ns an event, the run "
         "included; %.1f bytes an event)\n", n, (double)(t1 - t0) / 1e6,
         (double)(t1 - t0) / (double)n, rec_mem / (double)n);
  printf("  first seek to the end (builds the state and the snapshots): %.0f ms (%.0f ns an "
         "event)\n", (double)(f1 - f0) / 1e6, (double)(f1 - f0) / (double)n);
  printf("  memory: %.1f MiB, %.1f bytes an event (target < 64)  %s\n", mem / 1048576.0,
         per_event, per_event < 64 ? "ok" : "MISSED");

  /* Random seeks, each from wherever the last one left the timeline. */
  uint64_t *lat = malloc((size_t)seeks * sizeof *lat);
  uint64_t *cpu = malloc((size_t)seeks * sizeof *cpu);
  uint64_t seed = 0x9E3779B97F4A7C15ull, sum = 0, csum = 0;
  for (long i = 0; i < seeks; i++) {
    uint64_t k = bench_rand(&seed) % (n + 1);
    uint64_t c0 = cpu_ns(), s0 = bench_ns();
    if (sim_timeline_seek(tl, k) != RT_OK) bench_fail("seek", 1);
    const sim_state *st = sim_timeline_state(tl);
    uint64_t s1 = bench_ns(), c1 = cpu_ns();
    if (st->step != k) bench_fail("seek landed elsewhere", 1);
    lat[i] = s1 - s0;
    cpu[i] = c1 - c0;
    sum += lat[i];
    csum += cpu[i];
  }
  report("wall time", lat, seeks, sum);
  report("CPU time", cpu, seeks, csum);
  free(cpu);

  /* Stepping: one event back (a snapshot and a replay), one forward. */
  uint64_t k = n / 2;
  sim_timeline_seek(tl, k);
  int steps = script ? 50 : 1000;  /* a script's state can be large */
  uint64_t c0 = cpu_ns(), b0 = bench_ns();
  for (int i = 0; i < steps; i++) sim_timeline_seek(tl, --k);
  uint64_t b1 = bench_ns(), c1 = cpu_ns();
  for (int i = 0; i < steps; i++) sim_timeline_seek(tl, ++k);
  uint64_t b2 = bench_ns();
  printf("  step back: %.1f us (CPU %.1f us), step forward: %.2f us\n",
         (double)(b1 - b0) / steps / 1e3, (double)(c1 - c0) / steps / 1e3,
         (double)(b2 - b1) / steps / 1e3);
  const sim_state *st = sim_timeline_state(tl);
  printf("  state at step %" PRIu64 ": %" PRIu32 " tasks, %" PRIu32 " futures, %" PRIu32
         " threads, %" PRIu32 " console lines\n", st->step, st->ntasks, st->nfutures,
         st->nthreads, st->nconsole);
  free(lat);
  sim_timeline_free(tl);
  return 0;
}
