/* bench_ui.c: the teaching window's frame time under SDL's software
 * renderer, on a load far above any lesson's: the stress scene
 * (ui/scenes/stress.py: 1,000 tasks, two sleeps each, about 40,000
 * timeline steps), run through the interpreter and recorded exactly as
 * the window records a lesson.
 *
 * Prints the time to the first frame (recording the run, loading the
 * fonts, the first frame drawn: what the window does before it shows
 * anything), then the frame time (seek the timeline, draw every panel)
 * for sequential stepping (forward by one step, from three places in the
 * run) and for random seeks, as median, p99 and max; each in wall time
 * and in the thread's CPU time (the machine is shared: a frame preempted
 * by another process shows in the wall figure only).
 *
 * Targets (issue 7): median frame under 16 ms (60 frames a second), the
 * first frame within 300 ms of the start.
 *
 * usage: bench_ui [--frames N] [--seeks M] [--size WxH] [SCRIPT]
 *   N sequential frames (default 1500), M random seeks (default 500),
 *   1440x900 by default; SCRIPT (a scene name or a Python file) defaults to
 *   the stress scene. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "ui_int.h"

static uint64_t cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Sorts v. */
static void report(const char *what, uint64_t *wall, uint64_t *cpu, size_t n) {
  qsort(wall, n, sizeof *wall, cmp_u64);
  qsort(cpu, n, sizeof *cpu, cmp_u64);
  size_t p99 = n * 99 / 100 < n ? n * 99 / 100 : n - 1;
  printf("%-22s %6zu frames   median %6.2f ms   p99 %6.2f ms   max %6.2f ms   "
         "(cpu: median %6.2f, p99 %6.2f)   %s\n",
         what, n, wall[n / 2] / 1e6, wall[p99] / 1e6, wall[n - 1] / 1e6, cpu[n / 2] / 1e6,
         cpu[p99] / 1e6, wall[n / 2] < 16000000u ? "target < 16 ms: met" : "target < 16 ms: MISSED");
}

static int frame(ui_canvas *c, ui_view *v, uint64_t step, uint64_t *wall, uint64_t *cpu) {
  uint64_t w0 = bench_ns(), c0 = cpu_ns();
  int rc = ui_canvas_draw(c, v, step);
  *cpu = cpu_ns() - c0;
  *wall = bench_ns() - w0;
  return rc;
}

int main(int argc, char **argv) {
  uint64_t t0 = bench_ns();
  long nseq = 1500, nseek = 500;
  int w = 1440, h = 900;
  const char *script = "stress";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--frames") && i + 1 < argc) nseq = atol(argv[++i]);
    else if (!strcmp(argv[i], "--seeks") && i + 1 < argc) nseek = atol(argv[++i]);
    else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
      if (sscanf(argv[++i], "%dx%d", &w, &h) != 2) bench_fail("--size takes WxH", 2);
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "usage: bench_ui [--frames N] [--seeks M] [--size WxH] [SCRIPT]\n");
      return 2;
    } else script = argv[i];
  }
  if (nseq < 3 || nseek < 1) bench_fail("--frames at least 3, --seeks at least 1", 2);

  /* Start: what the window does before its first frame. */
  ui_opts o = {.lesson = script};
  char err[256];
  bool bad;
  ui_doc *d = ui_doc_open(&o, err, sizeof err, &bad);
  if (!d) bench_fail(err, 1);
  uint64_t t1 = bench_ns();
  ui_canvas c;
  if (ui_canvas_init(&c, w, h)) bench_fail("canvas", 1);
  uint64_t t2 = bench_ns();
  ui_view v;
  ui_view_init(&v, d, 0);
  uint64_t fw, fc;
  if (frame(&c, &v, 0, &fw, &fc)) bench_fail("first frame", 1);
  uint64_t t3 = bench_ns();
  const sim_state *s = sim_timeline_state(d->tl);
  uint64_t n = d->nsteps;
  /* The size of the load at its widest: tasks and timers alive. */
  uint32_t max_tasks = 0, max_timers = 0;
  for (uint64_t k = 0; k <= n; k += n / 200 + 1) {
    sim_timeline_seek(d->tl, k);
    s = sim_timeline_state(d->tl);
    if (s->ntasks > max_tasks) max_tasks = s->ntasks;
    if (s->nloops && s->loops[0].ntimers > max_timers) max_timers = s->loops[0].ntimers;
  }
  printf("bench_ui: %s, %llu steps, up to %u tasks and %u timers alive; %dx%d, software renderer\n",
         script, (unsigned long long)n, max_tasks, max_timers, w, h);
  printf("first frame            %6.1f ms after start (target < 300 ms: %s): record the run %.1f ms, "
         "fonts and canvas %.1f ms, draw %.1f ms\n",
         (t3 - t0) / 1e6, t3 - t0 < 300000000u ? "met" : "MISSED", (t1 - t0) / 1e6,
         (t2 - t1) / 1e6, (t3 - t2) / 1e6);

  uint64_t *wall = malloc((size_t)(nseq > nseek ? nseq : nseek) * sizeof *wall);
  uint64_t *cpu = malloc((size_t)(nseq > nseek ? nseq : nseek) * sizeof *cpu);
  if (!wall || !cpu) bench_fail("out of memory", 1);

  /* Sequential: forward one step a frame, a third of the frames from each
   * of three places (early, the middle with every task alive, late). */
  size_t k = 0;
  long per = nseq / 3;
  static const double at[3] = {0.05, 0.40, 0.75};
  for (int seg = 0; seg < 3; seg++) {
    uint64_t from = (uint64_t)(at[seg] * (double)n);
    frame(&c, &v, from, &fw, &fc);  /* the seek there is not a step */
    for (long i = 1; i <= per && from + (uint64_t)i <= n; i++)
      if (frame(&c, &v, from + (uint64_t)i, &wall[k], &cpu[k]) == 0) k++;
  }
  report("sequential steps", wall, cpu, k);

  /* Random seeks anywhere in the run. */
  uint64_t seed = 0x2545F4914F6CDD1Dull;
  k = 0;
  for (long i = 0; i < nseek; i++) {
    uint64_t to = bench_rand(&seed) % (n + 1);
    if (frame(&c, &v, to, &wall[k], &cpu[k]) == 0) k++;
  }
  report("random seeks", wall, cpu, k);

  free(wall);
  free(cpu);
  ui_canvas_close(&c);
  ui_doc_free(d);
  return 0;
}
