/* bench_runtime.c: coroscope's runtime against the bare baseline, one table.
 *
 * Every workload of bare_workloads.c is written here again on rt.h: rt_coro
 * for the switch; rt_loop, rt_task and rt_yield for the rest; rt_call_later
 * for the timers. bench_main (bench.c) runs both sides alternately in this
 * one process and prints medians, ratios and the targets of issue 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "rt.h"

#ifdef BENCH_HAVE_BARE
#define BARE(fn) fn
#else
#define BARE(fn) NULL
#endif

static void check(int rc, const char *what) {
  if (rc != RT_OK) {
    fprintf(stderr, "bench: %s: %s\n", what, rt_strerror(rc));
    exit(1);
  }
}

/* The loop every timed workload shares, on the real platform. */
static rt_loop *real_loop(void) {
  static rt_loop *loop;
  if (!loop) check(rt_loop_new(NULL, NULL, &loop), "rt_loop_new");
  return loop;
}

/* Run handles until none is ready (rt_loop_run_once would wait idle). */
static void drain(rt_loop *loop) {
  while (rt_loop_ready_count(loop) > 0) check(rt_loop_run_once(loop), "rt_loop_run_once");
}

/* ---------------------------------------------------------------- switch */

static void switch_body(void *arg) {
  (void)arg;
  for (;;) rt_coro_yield();
}

/* n resume+yield round trips into one rt_coro. */
static double rt_wl_switch(long n) {
  static rt_coro *c;
  if (!c) check(rt_coro_new(switch_body, NULL, 0, "switch", &c), "rt_coro_new");
  uint64_t t0 = bench_ns();
  for (long i = 0; i < n; i++) rt_coro_resume(c);
  return (double)(bench_ns() - t0) / (double)n;
}

/* ------------------------------------------------------------- roundtrip */

static int yield_fn(void *arg, void **out) {
  for (long i = 0, m = *(long *)arg; i < m; i++) rt_yield(NULL);
  *out = NULL;
  return RT_OK;
}

/* Two tasks each doing sleep(0) n/2 times; the figure is per sleep(0). */
static double rt_wl_roundtrip(long n) {
  rt_loop *loop = real_loop();
  long m = n / 2;
  rt_task *a, *b;
  check(rt_task_new(loop, yield_fn, &m, NULL, &a), "rt_task_new");
  check(rt_task_new(loop, yield_fn, &m, NULL, &b), "rt_task_new");
  uint64_t t0 = bench_ns();
  check(rt_loop_run_until_complete(loop, rt_task_future(b)), "run_until_complete");
  uint64_t t1 = bench_ns();
  if (!rt_future_done(rt_task_future(a))) bench_fail("roundtrip: first task not done", -1);
  rt_task_release(a);
  rt_task_release(b);
  return (double)(t1 - t0) / (double)(2 * m);
}

/* ----------------------------------------------------------------- spawn */

static int nop_fn(void *arg, void **out) {
  (void)arg;
  *out = NULL;
  return RT_OK;
}

/* Create a task, run it to completion (one loop iteration), free it. */
static double rt_wl_spawn(long n) {
  rt_loop *loop = real_loop();
  uint64_t t0 = bench_ns();
  for (long i = 0; i < n; i++) {
    rt_task *t;
    check(rt_task_new(loop, nop_fn, NULL, NULL, &t), "rt_task_new");
    drain(loop);
    rt_task_release(t);
  }
  return (double)(bench_ns() - t0) / (double)n;
}

/* ------------------------------------------------------------------ idle */

static long g_finished;

static int await_fn(void *arg, void **out) {
  void *v = NULL;
  int rc = rt_await((rt_future *)arg, &v);
  g_finished++;
  *out = v;
  return rc == RT_OK ? RT_OK : rc;
}

/* n tasks suspended on one future that is completed only after the RSS is
 * read; then all of them wake and finish. Run in a fresh process. with_pt:
 * count the page tables too (VmPTE: the kernel's memory, not in RSS). */
static double idle_mem(long n, int with_pt) {
  rt_loop *loop;
  rt_future *never;
  long r0 = bench_rss() + (with_pt ? bench_pte() : 0);
  check(rt_loop_new(NULL, NULL, &loop), "rt_loop_new");
  check(rt_future_new(loop, &never), "rt_future_new");
  for (long i = 0; i < n; i++) {
    rt_task *t;
    check(rt_task_new(loop, await_fn, never, NULL, &t), "rt_task_new");
    rt_task_release(t); /* the loop and the future keep it alive */
  }
  drain(loop);
  long r1 = bench_rss() + (with_pt ? bench_pte() : 0);
  if (g_finished != 0) bench_fail("idle: a task finished early", -1);
  check(rt_future_set_result(never, NULL), "rt_future_set_result");
  drain(loop);
  if (g_finished != n) bench_fail("idle: not every task finished", (int)g_finished);
  rt_future_release(never);
  rt_loop_free(loop);
  return (double)(r1 - r0) / (double)n;
}

static double rt_wl_idle(long n) { return idle_mem(n, 0); }
static double rt_wl_idle_pt(long n) { return idle_mem(n, 1); }

static int sleep_fn(void *arg, void **out) {
  (void)arg;
  int rc = rt_sleep(3600.0, NULL, out);
  g_finished++;
  return rc;
}

/* n tasks each in rt_sleep(3600); then all are cancelled and finish.
 * share: the tasks share one stack (rt_loop_share_stacks). */
static double idle_sleep(long n, int share) {
  rt_loop *loop;
  rt_task **tasks = malloc((size_t)n * sizeof *tasks);
  if (!tasks) bench_fail("malloc", -1);
  memset(tasks, 0, (size_t)n * sizeof *tasks); /* resident before r0 */
  long r0 = bench_rss();
  check(rt_loop_new(NULL, NULL, &loop), "rt_loop_new");
  if (share) rt_loop_share_stacks(loop, 0);
  for (long i = 0; i < n; i++)
    check(rt_task_new(loop, sleep_fn, NULL, NULL, &tasks[i]), "rt_task_new");
  drain(loop);
  long r1 = bench_rss();
  if (g_finished != 0) bench_fail("idle-sleep: a task finished early", -1);
  for (long i = 0; i < n; i++) rt_task_cancel(tasks[i], NULL);
  drain(loop);
  if (g_finished != n) bench_fail("idle-sleep: not every task finished", (int)g_finished);
  for (long i = 0; i < n; i++) rt_task_release(tasks[i]);
  rt_loop_free(loop);
  free(tasks);
  return (double)(r1 - r0) / (double)n;
}
static double rt_wl_idle_sleep(long n) { return idle_sleep(n, 0); }
static double rt_wl_idle_shared(long n) { return idle_sleep(n, 1); }

/* ---------------------------------------------------------------- fanout */

typedef struct fan_join {
  long left;
  rt_future *all;
} fan_join;

static int fan_fn(void *arg, void **out) {
  (void)arg;
  for (int i = 0; i < BENCH_FANOUT_YIELDS; i++) rt_yield(NULL);
  *out = NULL;
  return RT_OK;
}

static void fan_done_cb(rt_future *f, void *arg) {
  fan_join *j = arg;
  (void)f;
  if (--j->left == 0) check(rt_future_set_result(j->all, NULL), "set_result");
}

/* n tasks doing sleep(0) ten times, awaited together the way gather does it
 * (a done callback on each, one future for all), created and freed inside
 * the measurement. The figure is per task. */
static size_t g_fan_stack; /* stack_size for fanout tasks; 0: RT_STACK_DEFAULT */

static double fanout_on(rt_loop *loop, long n) {
  fan_join j = {n, NULL};
  rt_task_opts opts = {NULL, g_fan_stack, NULL};
  uint64_t t0 = bench_ns();
  check(rt_future_new(loop, &j.all), "rt_future_new");
  for (long i = 0; i < n; i++) {
    rt_task *t;
    check(rt_task_new(loop, fan_fn, NULL, &opts, &t), "rt_task_new");
    check(rt_future_add_done_cb(rt_task_future(t), fan_done_cb, &j), "add_done_cb");
    rt_task_release(t);
  }
  check(rt_loop_run_until_complete(loop, j.all), "run_until_complete");
  rt_future_release(j.all);
  return (double)(bench_ns() - t0) / (double)n;
}

static double rt_wl_fanout(long n) { return fanout_on(real_loop(), n); }

/* Diagnostic: the same with 16 KiB stacks (slots 32 KiB apart instead of
 * 272 KiB), to show what the sparse default stacks cost in TLB and
 * page-table misses. */
static double rt_wl_fanout_16k(long n) {
  g_fan_stack = 16 * 1024;
  double v = fanout_on(real_loop(), n);
  g_fan_stack = 0;
  return v;
}

/* Diagnostic: the same with every task on the loop's one shared stack
 * (rt_loop_share_stacks): a step copies the frames of the task that ran
 * before out and its own back in. */
static double rt_wl_fanout_shared(long n) {
  static rt_loop *loop;
  if (!loop) {
    check(rt_loop_new(NULL, NULL, &loop), "rt_loop_new");
    rt_loop_share_stacks(loop, 0);
  }
  return fanout_on(loop, n);
}

/* ----------------------------------------------------------------- trace */

/* Every event kept in memory, as a recorder that keeps a whole run does
 * it: the tracer hands the runtime chunks of 64Ki records of its own
 * memory to write the events into, and refill moves on to the next chunk.
 * The chunks are kept across runs, so that warm runs pay no page faults. */
#define TRACE_CHUNK 65536
typedef struct trace_buf {
  rt_tracer tr;
  rt_event **chunks;
  size_t nchunks, used;  /* chunks allocated; handed out (the last one open) */
} trace_buf;

static trace_buf g_trace;

static void trace_refill(rt_tracer *tr) {
  trace_buf *b = (trace_buf *)tr;
  if (b->used == b->nchunks) {
    rt_event **cs = realloc(b->chunks, (b->nchunks + 1) * sizeof *cs);
    if (!cs || !(cs[b->nchunks] = malloc(TRACE_CHUNK * sizeof **cs))) bench_fail("trace buffer", -1);
    b->chunks = cs;
    b->nchunks++;
  }
  tr->cur = b->chunks[b->used++];
  tr->end = tr->cur + TRACE_CHUNK;
}

/* Events recorded since the tracer was set. */
static size_t trace_count(const trace_buf *b) {
  if (!b->used) return 0;
  return (b->used - 1) * TRACE_CHUNK + (size_t)(b->tr.cur - b->chunks[b->used - 1]);
}

/* The same, the old way (trace-hook, for comparison): a hook called per
 * event copies it into the same chunks. */
static void trace_hook(void *ud, const rt_event *ev) {
  rt_tracer *tr = ud;
  *tr->cur++ = *ev;
  if (tr->cur == tr->end) trace_refill(tr);
}

static int g_trace_by_hook;

static double traced(double (*fn)(rt_loop *, long), rt_loop *loop, long n) {
  g_trace.used = 0;
  g_trace.tr = (rt_tracer){NULL, NULL, trace_refill, NULL, false};
  if (g_trace_by_hook) {
    trace_refill(&g_trace.tr);
    rt_trace_set_hook(trace_hook, &g_trace.tr);
  } else {
    rt_trace_set_tracer(&g_trace.tr);
  }
  double v = fn(loop, n);
  rt_trace_set_tracer(NULL);
  return v;
}

static double rt_wl_fanout_traced(long n) { return traced(fanout_on, real_loop(), n); }

static double rt_wl_fanout_hooked(long n) {
  g_trace_by_hook = 1;
  double v = traced(fanout_on, real_loop(), n);
  g_trace_by_hook = 0;
  return v;
}

static double rt_wl_trace_events(long n) {
  traced(fanout_on, real_loop(), n);
  return (double)trace_count(&g_trace) / (double)n;
}

/* ------------------------------------------------------------ clock reads */

/* The real platform with its two clocks counted. */
static rt_platform g_counting;
static const rt_platform *g_real;
static uint64_t g_now_calls, g_wall_calls;

static double counting_now(rt_platform *p) {
  (void)p;
  g_now_calls++;
  return g_real->now((rt_platform *)g_real);
}

static uint64_t counting_wall_ns(rt_platform *p) {
  (void)p;
  g_wall_calls++;
  return g_real->wall_ns((rt_platform *)g_real);
}

static int counting_poller_new(rt_platform *p, rt_poller **out) {
  (void)p;
  return g_real->poller_new((rt_platform *)g_real, out);
}

static rt_loop *counting_loop(void) {
  static rt_loop *loop;
  if (!loop) {
    g_real = rt_platform_real();
    g_counting = *g_real;
    g_counting.name = "counting";
    g_counting.now = counting_now;
    g_counting.wall_ns = counting_wall_ns;
    g_counting.poller_new = counting_poller_new;
    check(rt_loop_new(&g_counting, NULL, &loop), "rt_loop_new");
  }
  return loop;
}

static double clock_reads(int trace, long n) {
  rt_loop *loop = counting_loop();
  uint64_t it0 = rt_loop_iteration(loop);
  g_now_calls = g_wall_calls = 0;
  if (trace) traced(fanout_on, loop, n);
  else fanout_on(loop, n);
  uint64_t iters = rt_loop_iteration(loop) - it0;
  snprintf(bench_note, sizeof bench_note,
           "%s fanout of %ld: %llu iterations, %llu now(), %llu wall_ns()",
           trace ? "traced" : "untraced", n, (unsigned long long)iters,
           (unsigned long long)g_now_calls, (unsigned long long)g_wall_calls);
  return (double)(g_now_calls + g_wall_calls) / (double)(iters ? iters : 1);
}

static double rt_wl_clocks(long n) { return clock_reads(0, n); }
static double rt_wl_clocks_traced(long n) { return clock_reads(1, n); }

/* ---------------------------------------------------------------- timers */

/* A platform whose clock jumps: waiting idle until a deadline sets the clock
 * to it at once. Threads and locks are the real platform's. */
typedef struct jump_platform {
  rt_platform p;
  double now;
} jump_platform;

typedef struct jump_poller {
  jump_platform *jp;
} jump_poller;

static double jump_now(rt_platform *p) { return ((jump_platform *)p)->now; }

static void jump_sleep(rt_platform *p, double secs) {
  if (secs > 0) ((jump_platform *)p)->now += secs;
}

static int jump_poller_new(rt_platform *p, rt_poller **out) {
  jump_poller *po = malloc(sizeof *po);
  if (!po) return RT_ENOMEM;
  po->jp = (jump_platform *)p;
  *out = (rt_poller *)po;
  return RT_OK;
}

static int jump_poller_wait(rt_poller *po, double deadline) {
  jump_platform *jp = ((jump_poller *)po)->jp;
  if (deadline < 0) return RT_EDEADLOCK;
  if (deadline > jp->now) jp->now = deadline;
  return RT_OK;
}

static void jump_poller_wake(rt_poller *po) { (void)po; }
static void jump_poller_free(rt_poller *po) { free(po); }

typedef struct timer_count {
  long fired, n;
} timer_count;

static void timer_cb(rt_loop *loop, void *arg) {
  timer_count *tc = arg;
  if (++tc->fired == tc->n) rt_loop_stop(loop);
}

static double timers_on(rt_loop *loop, long n, double sign) {
  uint64_t seed = BENCH_TIMER_SEED;
  timer_count tc = {0, n};
  uint64_t t0 = bench_ns();
  for (long i = 0; i < n; i++)
    check(rt_call_later(loop, sign * bench_rand01(&seed), timer_cb, &tc, NULL, NULL),
          "rt_call_later");
  check(rt_loop_run_forever(loop), "run_forever");
  uint64_t t1 = bench_ns();
  if (tc.fired != n) bench_fail("timers: not every timer fired", (int)tc.fired);
  return (double)(t1 - t0) / (double)n;
}

/* n call_later with random delays in [0, 1) on the jumping clock: about one
 * timer fires per loop iteration. */
static double rt_wl_timers(long n) {
  static jump_platform jp;
  static rt_loop *loop;
  if (!loop) {
    jp.p = *rt_platform_real();
    jp.p.name = "jump";
    jp.p.now = jump_now;
    jp.p.sleep = jump_sleep;
    jp.p.poller_new = jump_poller_new;
    jp.p.poller_wait = jump_poller_wait;
    jp.p.poller_wake = jump_poller_wake;
    jp.p.poller_free = jump_poller_free;
    check(rt_loop_new(&jp.p, NULL, &loop), "rt_loop_new");
  }
  return timers_on(loop, n, 1.0);
}

/* The same delays negated, on the real clock: every deadline has passed, so
 * one iteration moves all n timers to the ready queue and runs them. */
static double rt_wl_timers_past(long n) { return timers_on(real_loop(), n, -1.0); }

/* ------------------------------------------------------------------ table */

static const bench_row rows[] = {
  {"switch", "ns/op", "bare", BENCH_RATIO, 20000000, 2000000, BARE(bare_wl_switch), rt_wl_switch, 2, 0, 0},
  {"roundtrip", "ns/op", "bare", BENCH_RATIO, 4000000, 400000, BARE(bare_wl_roundtrip), rt_wl_roundtrip, 4, 0, 0},
  {"spawn", "ns/op", "bare", BENCH_RATIO, 2000000, 200000, BARE(bare_wl_spawn), rt_wl_spawn, 3, 0, 0},
  {"idle", "B/task", "bare", BENCH_RATIO, 100000, 100000, BARE(bare_wl_idle), rt_wl_idle, 1.1, 1, 0},
  {"idle+pt", "B/task", "bare", BENCH_RATIO, 100000, 100000, BARE(bare_wl_idle_pt), rt_wl_idle_pt, 0, 1, 0},
  {"idle-sleep", "B/task", "bare", BENCH_RATIO, 100000, 100000, BARE(bare_wl_idle), rt_wl_idle_sleep, 0, 1, 0},
  {"idle-shared", "B/task", "bare", BENCH_RATIO, 100000, 100000, BARE(bare_wl_idle), rt_wl_idle_shared, 0, 1, 0},
  {"idle-1M", "B/task", "-", BENCH_RUNS, 1000000, 200000, NULL, rt_wl_idle, 0, 1, 0},
  {"fanout", "ns/task", "bare", BENCH_RATIO, 100000, 20000, BARE(bare_wl_fanout), rt_wl_fanout, 2.5, 0, 1},
  {"fanout-16k", "ns/task", "bare", BENCH_RATIO, 100000, 20000, BARE(bare_wl_fanout), rt_wl_fanout_16k, 0, 0, 0},
  {"fanout-shared", "ns/task", "bare", BENCH_RATIO, 100000, 20000, BARE(bare_wl_fanout), rt_wl_fanout_shared, 0, 0, 0},
  {"trace", "ns/task", "untraced", BENCH_RATIO, 100000, 20000, rt_wl_fanout, rt_wl_fanout_traced, 1.5, 0, 0},
  {"trace-hook", "ns/task", "untraced", BENCH_RATIO, 100000, 20000, rt_wl_fanout, rt_wl_fanout_hooked, 0, 0, 0},
  {"trace-ev", "ev/task", "-", BENCH_INFO, 100000, 20000, NULL, rt_wl_trace_events, 0, 0, 0},
  {"clocks", "reads/it", "-", BENCH_ABS, 10000, 10000, NULL, rt_wl_clocks, 1, 0, 0},
  {"clocks-tr", "reads/it", "-", BENCH_ABS, 10000, 10000, NULL, rt_wl_clocks_traced, 1, 0, 0},
  {"timers", "ns/op", "bare", BENCH_RATIO, 100000, 20000, BARE(bare_wl_timers), rt_wl_timers, 2, 0, 0},
  {"timers-past", "ns/op", "bare", BENCH_RATIO, 100000, 20000, BARE(bare_wl_timers), rt_wl_timers_past, 2, 0, 0},
};

int main(int argc, char **argv) {
  return bench_main(rows, (int)(sizeof rows / sizeof rows[0]), argc, argv);
}
