/* bench.c: the benchmark driver: options, warm runs, medians, the table. */
#include "bench.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ utilities */

char bench_note[256];

uint64_t bench_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

long bench_rss(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  fclose(f);
  return resident < 0 ? -1 : resident * sysconf(_SC_PAGESIZE);
}

/* A "Vm...: N kB" line of /proc/self/status, in bytes; -1 if missing. */
static long status_kb(const char *key) {
  char line[256];
  long kb = -1;
  size_t n = strlen(key);
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0 && line[n] == ':' && sscanf(line + n + 1, "%ld", &kb) == 1)
      break;
  fclose(f);
  return kb < 0 ? -1 : kb * 1024;
}

long bench_hwm(void) { return status_kb("VmHWM"); }
long bench_pte(void) { return status_kb("VmPTE"); }

void bench_reset_hwm(void) {
  /* Writing 5 to clear_refs resets the peak RSS to the current RSS. */
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (!f) return;
  fputs("5", f);
  fclose(f);
}

uint64_t bench_rand(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1Dull;
}

double bench_rand01(uint64_t *state) { return (double)(bench_rand(state) >> 11) * 0x1p-53; }

void bench_fail(const char *what, int code) {
  fprintf(stderr, "bench: %s failed (%d)\n", what, code);
  exit(1);
}

__attribute__((noinline)) double bench_measured(bench_fn fn, long n) {
  double v = fn(n);
  __asm__ volatile("" ::: "memory"); /* keep this frame: callgrind toggles on it */
  return v;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ------------------------------------------------------------ child runs */

/* Run this program again as `--once side name n`, in a fresh process, so RSS
 * figures start from a clean heap. 0 on success. */
static int run_child(const char *side, const char *name, long n, double *value,
                     long *hwm) {
  int fd[2];
  char nbuf[32];
  snprintf(nbuf, sizeof nbuf, "%ld", n);
  if (pipe(fd) != 0) return -1;
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    char *args[] = {"bench", "--once", (char *)side, (char *)name, nbuf, NULL};
    execv("/proc/self/exe", args);
    _exit(127);
  }
  close(fd[1]);
  char buf[256];
  size_t len = 0;
  ssize_t k;
  while ((k = read(fd[0], buf + len, sizeof buf - 1 - len)) > 0 ||
         (k < 0 && errno == EINTR))
    if (k > 0) len += (size_t)k;
  buf[len] = 0;
  close(fd[0]);
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return -1;
  return sscanf(buf, "value %lf hwm %ld", value, hwm) == 2 ? 0 : -1;
}

/* --------------------------------------------------------------- driver */

static const bench_row *find_row(const bench_row *rows, int nrows, const char *name) {
  for (int i = 0; i < nrows; i++)
    if (strcmp(rows[i].name, name) == 0) return &rows[i];
  return NULL;
}

static int run_once(const bench_row *rows, int nrows, const char *side,
                    const char *name, long n, int warm) {
  const bench_row *r = find_row(rows, nrows, name);
  if (!r) {
    fprintf(stderr, "bench: no workload %s\n", name);
    return 1;
  }
  bench_fn fn = strcmp(side, "base") == 0 ? r->base
              : strcmp(side, "rt") == 0   ? r->rt
                                          : NULL;
  if (!fn) {
    fprintf(stderr, "bench: %s has no side %s here\n", name, side);
    return 1;
  }
  double v;
  if (warm) {
    fn(n);
    v = bench_measured(fn, n);
  } else {
    v = fn(n);
  }
  printf("value %.17g hwm %ld\n", v, bench_hwm());
  return 0;
}

static void fmt_value(char *buf, size_t n, double v) {
  if (isnan(v)) snprintf(buf, n, "-");
  else if (v >= 1000) snprintf(buf, n, "%.0f", v);
  else if (v >= 100) snprintf(buf, n, "%.1f", v);
  else snprintf(buf, n, "%.2f", v);
}

static void run_row(const bench_row *r, int quick, int runs) {
  long n = quick ? r->n_quick : r->n;
  double base = NAN, rt = NAN;
  double bv[64], rv[64];
  int has_base = r->base != NULL && r->kind == BENCH_RATIO;
  int has_rt = r->rt != NULL;
  int ok = 1;
  int reps = r->kind == BENCH_RATIO ? runs : 1;

  if (!r->in_child && r->kind == BENCH_RATIO) {
    if (has_base) r->base(n); /* warm: pools filled, pages touched, PLT bound */
    if (has_rt) r->rt(n);
  }
  for (int i = 0; i < reps; i++) {
    long hwm;
    if (has_base) {
      if (r->in_child) ok &= run_child("base", r->name, n, &bv[i], &hwm) == 0;
      else bv[i] = r->base(n);
    }
    if (has_rt) {
      if (r->in_child) ok &= run_child("rt", r->name, n, &rv[i], &hwm) == 0;
      else rv[i] = r->rt(n);
    }
  }
  if (has_base) base = median(bv, reps);
  if (has_rt) rt = median(rv, reps);

  char b[32], c[32], ratio[32] = "-", target[32] = "-";
  const char *verdict = "-";
  fmt_value(b, sizeof b, base);
  fmt_value(c, sizeof c, rt);
  if (!ok) {
    verdict = "FAIL";
  } else if (r->kind == BENCH_RATIO && has_base && has_rt && r->target == 0) {
    snprintf(ratio, sizeof ratio, "%.2fx", rt / base);
    verdict = "info";
  } else if (r->kind == BENCH_RATIO && has_base && has_rt) {
    snprintf(ratio, sizeof ratio, "%.2fx", rt / base);
    snprintf(target, sizeof target, "<=%gx", r->target);
    verdict = rt / base <= r->target ? "PASS" : "MISS";
  } else if (r->kind == BENCH_ABS && has_rt) {
    snprintf(target, sizeof target, "<=%g", r->target);
    verdict = rt <= r->target ? "PASS" : "MISS";
  } else if (r->kind == BENCH_RUNS && has_rt) {
    snprintf(target, sizeof target, "runs");
    verdict = "PASS";
  } else if (r->kind == BENCH_INFO) {
    verdict = "info";
  }
  printf("%-12s %-9s %8ld  %-9s %10s %10s %7s %7s  %s\n", r->name, r->unit, n,
         has_base ? r->base_name : "-", b, c, ratio, target, verdict);
  if (bench_note[0]) printf("%-12s %s\n", "", bench_note);
  bench_note[0] = 0;

  if (r->peak_rss) {
    double v;
    long hb = -1, hr = -1;
    if (r->base && run_child("base", r->name, n, &v, &hb) != 0) hb = -1;
    if (r->rt && run_child("rt", r->name, n, &v, &hr) != 0) hr = -1;
    printf("%-12s peak RSS of one run in a fresh process: %s %.1f MiB", "",
           r->base_name, hb / 1048576.0);
    if (r->rt) printf(", coroscope %.1f MiB (%.2fx)", hr / 1048576.0, (double)hr / hb);
    printf("\n");
  }
  fflush(stdout);
}

int bench_main(const bench_row *rows, int nrows, int argc, char **argv) {
  int quick = 0, runs = 0, nonly = 0, warm = 0;
  const char *only[32];
  const char *once_side = NULL, *once_name = NULL;
  long once_n = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--quick") == 0) {
      quick = 1;
    } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc && nonly < 32) {
      only[nonly++] = argv[++i];
    } else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--warm") == 0) {
      warm = 1;
    } else if (strcmp(argv[i], "--once") == 0 && i + 3 < argc) {
      once_side = argv[++i];
      once_name = argv[++i];
      once_n = atol(argv[++i]);
    } else if (strcmp(argv[i], "--list") == 0) {
      for (int k = 0; k < nrows; k++) printf("%s\n", rows[k].name);
      return 0;
    } else {
      fprintf(stderr,
              "usage: %s [--quick] [--only NAME]... [--runs R] [--list]\n"
              "       %s --once base|rt NAME N [--warm]\n",
              argv[0], argv[0]);
      return 1;
    }
  }
  if (once_side) return run_once(rows, nrows, once_side, once_name, once_n, warm);
  for (int k = 0; k < nonly; k++)
    if (!find_row(rows, nrows, only[k])) {
      fprintf(stderr, "bench: no workload %s (see --list)\n", only[k]);
      return 1;
    }
  if (runs <= 0) runs = quick ? 3 : 7;
  if (runs > 64) runs = 64;

  printf("coroscope benchmarks: medians of %d warm runs%s; ratio = coroscope / baseline\n",
         runs, quick ? " (--quick sizes)" : "");
  printf("%-12s %-9s %8s  %-9s %10s %10s %7s %7s  %s\n", "workload", "unit", "n",
         "baseline", "base", "coroscope", "ratio", "target", "result");
  for (int i = 0; i < nrows; i++) {
    int want = nonly == 0;
    for (int k = 0; k < nonly; k++) want |= strcmp(only[k], rows[i].name) == 0;
    if (want) run_row(&rows[i], quick, runs);
  }
  return 0;
}
