/* test_trace_text.c: the text trace: a golden for a small scenario,
 * byte-identical runs, one event per line whatever the text printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_count.h"
#include "sim.h"
#include "sim_scenarios.h"

#ifndef GOLDEN_DIR
#define GOLDEN_DIR "tests/golden/trace"
#endif

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rt_trace_set_hook(NULL, NULL);
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* Run fn and return its text trace (malloc'd). */
static char *trace_of(sim_main_fn fn, int want) {
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  sim_run_opts o = {.timeline = tl};
  assert_int_equal(sim_run(&o, fn, NULL, NULL), want);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_int_equal(sim_trace_text_write(tl, f), RT_OK);
  fclose(f);
  sim_timeline_free(tl);
  return buf;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  size_t got = fread(s, 1, (size_t)n, f);
  s[got] = '\0';
  fclose(f);
  return s;
}

/* Compare with the golden file; COROSCOPE_UPDATE_GOLDENS=1 rewrites it
 * (then review the diff before keeping it). */
static void check_golden(const char *name, const char *got) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, name);
  const char *upd = getenv("COROSCOPE_UPDATE_GOLDENS");
  if (upd && *upd == '1') {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(got, f);
    fclose(f);
  }
  char *want = slurp(path);
  if (!want) fail_msg("no golden %s (COROSCOPE_UPDATE_GOLDENS=1 writes it)", path);
  if (strcmp(want, got) != 0) {
    /* Point at the first line that differs. */
    const char *a = want, *b = got;
    int line = 1;
    while (*a && *a == *b) {
      if (*a == '\n') line++;
      a++;
      b++;
    }
    const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
    fail_msg("%s differs at line %d:\n  want: %.*s\n  got:  %.*s", path, line,
             (int)(ea ? ea - a : (long)strlen(a)), a, (int)(eb ? eb - b : (long)strlen(b)), b);
  }
  free(want);
}

static void the_sleepers_trace_matches_its_golden(void **state) {
  (void)state;
  char *t = trace_of(sc_sleepers, RT_OK);
  check_golden("sleepers.txt", t);
  free(t);
}

static void the_threads_trace_matches_its_golden(void **state) {
  (void)state;
  char *t = trace_of(sc_threads, RT_OK);
  check_golden("threads.txt", t);
  free(t);
}

static void two_runs_give_byte_identical_text(void **state) {
  (void)state;
  for (size_t i = 0; i < sc_count; i++) {
    char *a = trace_of(sc_all[i].main, RT_OK);
    char *b = trace_of(sc_all[i].main, RT_OK);
    assert_string_equal(a, b);
    free(a);
    free(b);
  }
  char *a = trace_of(sc_deadlock, RT_EDEADLOCK);
  char *b = trace_of(sc_deadlock, RT_EDEADLOCK);
  assert_string_equal(a, b);
  free(a);
  free(b);
}

/* Every line: a header, or the columns seq, vtime, T<n>, L<n>|-, t<n>|-,
 * a kind name; no tab, no trailing blank. */
static void every_line_has_the_documented_columns(void **state) {
  (void)state;
  char *t = trace_of(sc_threads, RT_OK);
  char *save = NULL;
  int n = 0;
  unsigned long long prev = 0;
  for (char *line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
    if (n == 0) {
      assert_string_equal(line, sim_trace_text_header());
      continue;
    }
    unsigned long long seq;
    double vt;
    char th[16], lp[16], tk[16], kind[32];
    assert_int_equal(sscanf(line, "%llu %lf %15s %15s %15s %31s", &seq, &vt, th, lp, tk, kind), 6);
    assert_int_equal(seq, prev + 1);
    prev = seq;
    assert_true(th[0] == 'T');
    assert_true(lp[0] == 'L' || strcmp(lp, "-") == 0);
    assert_true(tk[0] == 't' || strcmp(tk, "-") == 0);
    assert_string_not_equal(rt_ev_kind_name(RT_EV_NONE), kind);
    assert_null(strchr(line, '\t'));
    assert_true(line[strlen(line) - 1] != ' ');
  }
  assert_true(n > 50);
  free(t);
}

static int print_tricky(rt_platform *p, void *arg) {
  (void)arg;
  rt_loop *loop;
  assert_int_equal(rt_loop_new(p, NULL, &loop), RT_OK);
  rt_trace_emit(loop, RT_EV_OUTPUT, rt_intern("a \"quoted\"\tline\nand a second \\ one\n\x01"), 1, 0, 0);
  rt_trace_emit(loop, RT_EV_OUTPUT, rt_intern("中文\n"), 2, 0, 0);
  rt_loop_free(loop);
  return RT_OK;
}

static void printed_text_stays_on_one_line_escaped(void **state) {
  (void)state;
  char *t = trace_of(print_tricky, RT_OK);
  assert_non_null(strstr(t, "output           text=\"a \\\"quoted\\\"\\tline\\nand a second \\\\ one\\n\\x01\" stream=stdout\n"));
  assert_non_null(strstr(t, "text=\"中文\\n\" stream=stderr\n"));
  free(t);
}

/* The streaming form (a tee while the run goes) prints the same lines. */
static void a_streamed_trace_equals_the_written_one(void **state) {
  (void)state;
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  char *sbuf = NULL, *wbuf = NULL;
  size_t slen = 0, wlen = 0;
  FILE *s = open_memstream(&sbuf, &slen);
  fprintf(s, "%s\n", sim_trace_text_header());
  sim_timeline_set_tee(tl, sim_trace_text_event, s);
  sim_run_opts o = {.timeline = tl};
  assert_int_equal(sim_run(&o, sc_cancel, NULL, NULL), RT_OK);
  fclose(s);
  FILE *w = open_memstream(&wbuf, &wlen);
  assert_int_equal(sim_trace_text_write(tl, w), RT_OK);
  fclose(w);
  assert_string_equal(sbuf, wbuf);
  free(sbuf);
  free(wbuf);
  sim_timeline_free(tl);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(the_sleepers_trace_matches_its_golden, setup, teardown),
      cmocka_unit_test_setup_teardown(the_threads_trace_matches_its_golden, setup, teardown),
      cmocka_unit_test_setup_teardown(two_runs_give_byte_identical_text, setup, teardown),
      cmocka_unit_test_setup_teardown(every_line_has_the_documented_columns, setup, teardown),
      cmocka_unit_test_setup_teardown(printed_text_stays_on_one_line_escaped, setup, teardown),
      cmocka_unit_test_setup_teardown(a_streamed_trace_equals_the_written_one, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
