/* sim_test.h: helpers for the simulator's tests (their fixture is
 * alloc_setup / rt_teardown): the trace of a run as text (the text or the
 * JSON form), and a check that runs repeat it byte for byte. */
#ifndef SIM_TEST_H
#define SIM_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_fixture.h"
#include "sim.h"
#include "sim_scenarios.h"

/* How a timeline is written out: sim_trace_text_write, sim_trace_json_write. */
typedef int (*sim_trace_writer)(const sim_timeline *tl, FILE *out);

/* Run fn(arg) on the virtual platform with a fresh timeline; sim_run must
 * return want_rc, and fn RT_OK when want_rc is RT_OK. The trace write
 * makes of the run, in a malloc'd string (free it). */
static inline char *sim_trace_of(sim_main_fn fn, void *arg, int want_rc,
                                 sim_trace_writer write) {
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  sim_run_opts o = {.timeline = tl};
  int status = -1;
  assert_int_equal(sim_run(&o, fn, arg, &status), want_rc);
  if (want_rc == RT_OK) assert_int_equal(status, RT_OK);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  assert_int_equal(write(tl, f), RT_OK);
  fclose(f);
  sim_timeline_free(tl);
  return buf;
}

/* Two runs of fn (named name in the failure) give the same trace, byte
 * for byte; returns its length. */
static inline size_t sim_expect_same_trace_twice(const char *name, sim_main_fn fn, int want_rc,
                                                 sim_trace_writer write) {
  char *a = sim_trace_of(fn, NULL, want_rc, write);
  char *b = sim_trace_of(fn, NULL, want_rc, write);
  if (strcmp(a, b) != 0) fail_msg("%s: two runs give different traces", name);
  size_t n = strlen(a);
  free(a);
  free(b);
  return n;
}

#endif /* SIM_TEST_H */
