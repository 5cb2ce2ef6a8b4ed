/* bare_workloads.c: the six workloads on the bare baseline runtime. */
#include "bare.h"
#include "bench.h"

static void switch_body(bare_sched *s, void *arg) {
  (void)arg;
  for (;;) bare_suspend(s);
}

/* switch: n resume+yield round trips into one coroutine, no scheduler. */
double bare_wl_switch(long n) {
  static bare_sched s;
  static bare_coro *c;
  if (!c) {
    if (bare_sched_init(&s, 1) != 0) bench_fail("bare_sched_init", -1);
    c = bare_new(&s, switch_body, NULL);
  }
  uint64_t t0 = bench_ns();
  for (long i = 0; i < n; i++) bare_resume(&s, c);
  return (double)(bench_ns() - t0) / (double)n;
}

static void yield_body(bare_sched *s, void *arg) {
  for (long i = 0, m = *(long *)arg; i < m; i++) bare_yield(s);
}

/* roundtrip: two coroutines each yielding n/2 times through the ready ring;
 * the figure is per yield. */
double bare_wl_roundtrip(long n) {
  static bare_sched s;
  if (s.cap == 0 && bare_sched_init(&s, 2) != 0) bench_fail("bare_sched_init", -1);
  long m = n / 2;
  bare_spawn(&s, yield_body, &m);
  bare_spawn(&s, yield_body, &m);
  uint64_t t0 = bench_ns();
  bare_run(&s);
  return (double)(bench_ns() - t0) / (double)(2 * m);
}

static void nop_body(bare_sched *s, void *arg) {
  (void)s;
  (void)arg;
}

/* spawn: create, run to completion and free a coroutine with an empty body. */
double bare_wl_spawn(long n) {
  static bare_sched s;
  if (s.cap == 0 && bare_sched_init(&s, 1) != 0) bench_fail("bare_sched_init", -1);
  uint64_t t0 = bench_ns();
  for (long i = 0; i < n; i++) {
    bare_spawn(&s, nop_body, NULL);
    bare_run(&s);
  }
  return (double)(bench_ns() - t0) / (double)n;
}

static void idle_body(bare_sched *s, void *arg) {
  (void)arg;
  bare_suspend(s);
}

/* idle: resident bytes per suspended coroutine (run in a fresh process);
 * with_pt: page tables included (the kernel's, not in RSS). */
static double idle_mem(long n, int with_pt) {
  bare_sched s;
  long r0 = bench_rss() + (with_pt ? bench_pte() : 0);
  if (bare_sched_init(&s, (uint32_t)n) != 0) bench_fail("bare_sched_init", -1);
  for (long i = 0; i < n; i++) bare_spawn(&s, idle_body, NULL);
  bare_run(&s);
  long r1 = bench_rss() + (with_pt ? bench_pte() : 0);
  bare_sched_close(&s);
  return (double)(r1 - r0) / (double)n;
}

double bare_wl_idle(long n) { return idle_mem(n, 0); }
double bare_wl_idle_pt(long n) { return idle_mem(n, 1); }

static void fanout_body(bare_sched *s, void *arg) {
  (void)arg;
  for (int i = 0; i < BENCH_FANOUT_YIELDS; i++) bare_yield(s);
}

/* fanout: n coroutines each yielding ten times, all joined; creation and
 * teardown (back to the pool) included. The figure is per coroutine. */
double bare_wl_fanout(long n) {
  static bare_sched s;
  if (s.cap < (uint32_t)n) {
    if (s.cap) bare_sched_close(&s);
    if (bare_sched_init(&s, (uint32_t)n) != 0) bench_fail("bare_sched_init", -1);
  }
  uint64_t t0 = bench_ns();
  uint64_t done0 = s.ndone;
  for (long i = 0; i < n; i++) bare_spawn(&s, fanout_body, NULL);
  bare_run(&s);
  if (s.ndone - done0 != (uint64_t)n) bench_fail("bare fanout join", -1);
  return (double)(bench_ns() - t0) / (double)n;
}

static void timer_cb(void *arg) { ++*(long *)arg; }

/* timers: n timers with random deadlines pushed, then all popped and fired
 * in deadline order. */
double bare_wl_timers(long n) {
  static bare_heap h;
  uint64_t seed = BENCH_TIMER_SEED;
  long fired = 0;
  bare_timer t;
  uint64_t t0 = bench_ns();
  for (long i = 0; i < n; i++)
    if (bare_heap_push(&h, bench_rand01(&seed), timer_cb, &fired) != 0)
      bench_fail("bare_heap_push", -1);
  while (bare_heap_pop(&h, &t) == 0) t.cb(t.arg);
  if (fired != n) bench_fail("bare timers", -1);
  return (double)(bench_ns() - t0) / (double)n;
}
