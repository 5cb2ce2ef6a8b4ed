/* test_trace_text.c: the text trace: a golden for a small scenario,
 * byte-identical runs, one event per line whatever the text printed. */
#include "sim_test.h"
#include "test_files.h"

#ifndef GOLDEN_DIR
#define GOLDEN_DIR "tests/golden/trace"
#endif

/* Run fn and return its text trace (malloc'd). */
static char *trace_of(sim_main_fn fn, int want) {
  return sim_trace_of(fn, NULL, want, sim_trace_text_write);
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
  char *want = read_file(path, NULL);
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
  for (size_t i = 0; i < sc_count; i++)
    sim_expect_same_trace_twice(sc_all[i].name, sc_all[i].main, RT_OK, sim_trace_text_write);
  sim_expect_same_trace_twice("deadlock", sc_deadlock, RT_EDEADLOCK, sim_trace_text_write);
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
      cmocka_unit_test_setup_teardown(the_sleepers_trace_matches_its_golden, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(the_threads_trace_matches_its_golden, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(two_runs_give_byte_identical_text, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(every_line_has_the_documented_columns, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(printed_text_stays_on_one_line_escaped, alloc_setup, rt_teardown),
      cmocka_unit_test_setup_teardown(a_streamed_trace_equals_the_written_one, alloc_setup, rt_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
