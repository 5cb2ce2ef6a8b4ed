/* bench.h: the benchmark driver shared by bench_bare and bench_runtime.
 *
 * A program describes its workloads as a table of rows and hands it to
 * bench_main, which parses the command line, runs every row (baseline and
 * coroscope alternately, in the same process, medians of warm runs), and
 * prints one table of ratios against the targets. */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

/* A workload: run once at size n and return its figure: ns per operation,
 * or bytes per coroutine, as the row's unit says. */
typedef double (*bench_fn)(long n);

typedef enum bench_kind {
  BENCH_RATIO,   /* coroscope / baseline <= target */
  BENCH_ABS,     /* coroscope's own figure <= target (no baseline) */
  BENCH_RUNS,    /* coroscope's run must finish; the figure is shown */
  BENCH_INFO,    /* coroscope's figure, shown for information only */
} bench_kind;

typedef struct bench_row {
  const char *name;
  const char *unit;      /* "ns/op", "B/task", ... */
  const char *base_name; /* what the baseline column is: "bare", ... */
  bench_kind kind;
  long n, n_quick;       /* sizes for a full and a --quick run */
  bench_fn base, rt;     /* either may be NULL (not built in this program) */
  double target;         /* 0 with BENCH_RATIO: the ratio is shown, no verdict */
  int in_child;          /* each run in a fresh process (RSS figures) */
  int peak_rss;          /* also report the peak RSS of one child run */
} bench_row;

/* Parse argv, run the rows, print the table. Options:
 *   --quick            the n_quick sizes, 3 runs instead of 7
 *   --only NAME        only that row (repeatable)
 *   --runs R           timed runs per side (default 7, at least 1)
 *   --list             print the row names
 *   --once SIDE NAME N run one side ("base" or "rt") of one row once at size
 *                      N and print "value V hwm BYTES" (used for child runs
 *                      and by callgrind.sh / strace.sh)
 *   --warm             with --once: run it once first, unmeasured; then the
 *                      measured run goes through bench_measured() so that
 *                      callgrind --toggle-collect=bench_measured counts it only
 * Returns the process exit code (0 even when a target is missed: the table
 * says so; 1 on a usage error or a failed run). */
int bench_main(const bench_row *rows, int nrows, int argc, char **argv);

/* The measured call of --once --warm; never inlined (callgrind toggles on it). */
double bench_measured(bench_fn fn, long n);

uint64_t bench_ns(void);               /* CLOCK_MONOTONIC in ns */
long bench_rss(void);                  /* resident bytes now */
long bench_hwm(void);                  /* peak resident bytes (VmHWM) */
long bench_pte(void);                  /* page-table bytes (VmPTE), not in RSS */
void bench_reset_hwm(void);            /* restart VmHWM from the current RSS */
uint64_t bench_rand(uint64_t *state);  /* xorshift64*; state must be != 0 */
/* A uniform double in [0, 1). */
double bench_rand01(uint64_t *state);
/* A line a workload may fill to be printed under its row (then cleared). */
extern char bench_note[256];
/* Die with a message (a benchmark that cannot run has no figure). */
void bench_fail(const char *what, int code);

/* The bare baseline's workloads (bare_workloads.c). */
double bare_wl_switch(long n);
double bare_wl_roundtrip(long n);
double bare_wl_spawn(long n);
double bare_wl_idle(long n);
double bare_wl_idle_pt(long n);
double bare_wl_fanout(long n);
double bare_wl_timers(long n);

/* Sizes shared by both sides. */
#define BENCH_FANOUT_YIELDS 10
#define BENCH_TIMER_SEED 0x9E3779B97F4A7C15ull

#endif /* BENCH_H */
