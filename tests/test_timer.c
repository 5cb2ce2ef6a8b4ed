/* test_timer.c: call_at / call_later: (deadline, creation) order, exact
 * virtual time, lazy cancellation. */
#include "rt_test.h"

/* Log "name@time". */
static void log_time_cb(rt_loop *l, void *arg) {
  (void)l;
  logs("%s@%g", (const char *)arg, fp.now);
}

static void run_until_no_timer(void) {
  while (rt_loop_timer_count(loop) > 0 || rt_loop_ready_count(loop) > 0)
    assert_int_equal(rt_loop_run_once(loop), RT_OK);
}

static void equal_deadlines_fire_in_creation_order(void **state) {
  (void)state;
  static const char *names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
  for (int i = 0; i < 8; i++)
    assert_int_equal(rt_call_at(loop, 1.0, log_cb, (void *)names[i], NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "a b c d e f g h");
  assert_true(fp.now == 1.0);
  assert_int_equal(fp.waits, 1);
}

static void timers_fire_in_deadline_order_at_exact_times(void **state) {
  (void)state;
  assert_int_equal(rt_call_later(loop, 3.0, log_time_cb, "c", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_later(loop, 1.0, log_time_cb, "a", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_later(loop, 2.0, log_time_cb, "b", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_at(loop, 2.0, log_time_cb, "b2", NULL, NULL), RT_OK);
  run_until_no_timer();
  assert_string_equal(logbuf, "a@1 b@2 b2@2 c@3");
  assert_int_equal(rt_loop_iteration(loop), 3);  /* one per distinct deadline */
}

/* asyncio: `when < now + clock_resolution` is due, so deadlines within 1 ns
 * of each other fire in the same iteration (0.1 + 0.2 != 0.3). */
static void deadlines_within_clock_resolution_fire_together(void **state) {
  (void)state;
  assert_int_equal(rt_call_at(loop, 0.3, log_cb, "x", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_at(loop, 0.1 + 0.2, log_cb, "y", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_at(loop, 0.3 + 2e-9, log_cb, "z", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "x y");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "x y z");
}

static void due_timers_move_to_the_ready_queue_in_one_iteration(void **state) {
  (void)state;
  fp.now = 10.0;
  assert_int_equal(rt_call_at(loop, 5.0, log_cb, "b", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_at(loop, 1.0, log_cb, "a", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_at(loop, 9.0, log_cb, "c", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_at(loop, 11.0, log_cb, "later", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "a b c");
  assert_int_equal(fp.waits, 0);  /* overdue timers: no idle wait */
  assert_int_equal(rt_loop_timer_count(loop), 1);
}

static void zero_delay_timer_from_a_callback_runs_next_iteration(void **state);
static void resched_cb(rt_loop *l, void *arg) {
  logs("%s", (const char *)arg);
  assert_int_equal(rt_call_later(l, 0, log_cb, "again", NULL, NULL), RT_OK);
}
static void zero_delay_timer_from_a_callback_runs_next_iteration(void **state) {
  (void)state;
  assert_int_equal(rt_call_later(loop, 0, resched_cb, "first", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "first");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "first again");
}

static void cancelled_timer_never_runs(void **state) {
  (void)state;
  frees = 0;
  rt_handle *h;
  assert_int_equal(rt_call_later(loop, 1.0, log_cb, "cancelled", count_free_cb, &h), RT_OK);
  assert_int_equal(rt_call_later(loop, 2.0, log_cb, "kept", count_free_cb, NULL), RT_OK);
  assert_true(rt_handle_when(h) == 1.0);
  assert_int_equal(rt_loop_timer_count(loop), 2);
  rt_handle_cancel(h);
  assert_int_equal(rt_loop_timer_count(loop), 1);
  rt_handle_release(h);
  assert_int_equal(frees, 0);  /* lazily removed: still in the heap */
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "kept");
  assert_true(fp.now == 2.0);  /* the idle wait skipped the cancelled one */
  assert_int_equal(frees, 2);
}

static void cancelling_most_of_a_big_heap_rebuilds_it(void **state) {
  (void)state;
  enum { N = 300 };
  rt_handle *hs[N];
  static char names[N][8];
  frees = 0;
  for (int i = 0; i < N; i++) {
    snprintf(names[i], sizeof names[i], "%d", i);
    assert_int_equal(rt_call_at(loop, 1.0 + (i % 7), log_cb, names[i], count_free_cb, &hs[i]),
                     RT_OK);
  }
  for (int i = 0; i < N; i++) {
    if (i % 3 != 0) rt_handle_cancel(hs[i]);
    rt_handle_release(hs[i]);
  }
  assert_int_equal(rt_loop_timer_count(loop), N / 3);
  assert_int_equal(frees, 0);
  /* The next iteration purges: more than half of more than 100 cancelled. */
  assert_int_equal(rt_call_soon(loop, log_cb, "tick", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_int_equal(frees, N - N / 3);
  assert_string_equal(logbuf, "tick");
  logbuf[0] = '\0';
  run_until_no_timer();
  /* The survivors still fire by (deadline, creation). */
  char expect[8192] = "";
  for (int d = 0; d < 7; d++)
    for (int i = 0; i < N; i++)
      if (i % 3 == 0 && i % 7 == d) {
        if (expect[0]) strcat(expect, " ");
        strcat(expect, names[i]);
      }
  assert_string_equal(logbuf, expect);
  assert_int_equal(frees, N);
}

static void sleep_then_later_cb(rt_loop *l, void *arg) {
  (void)arg;
  fp.p.sleep(&fp.p, 1.0);  /* a blocking time.sleep(1) inside a callback */
  assert_int_equal(rt_call_later(l, 1.0, log_time_cb, "after", NULL, NULL), RT_OK);
}

/* asyncio computes call_later from a fresh self.time(), so time spent
 * blocking in the iteration counts. */
static void call_later_counts_from_a_fresh_clock(void **state) {
  (void)state;
  assert_int_equal(rt_call_soon(loop, sleep_then_later_cb, NULL, NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  run_until_no_timer();
  assert_string_equal(logbuf, "after@2");
}

static void call_at_refuses_nan(void **state) {
  (void)state;
  frees = 0;
  assert_int_equal(rt_call_at(loop, 0.0 / 0.0, log_cb, "nan", count_free_cb, NULL), RT_EINVAL);
  assert_int_equal(frees, 0);
  assert_int_equal(rt_loop_timer_count(loop), 0);
}

static void call_later_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  int failures = 0;
  for (long n = 1;; n++) {
    long live = alloc_count_live();
    frees = 0;
    alloc_count_fail_at(n);
    int rc = rt_call_later(loop, 1.0, log_cb, "t", count_free_cb, NULL);
    alloc_count_fail_at(0);
    if (rc == RT_OK) break;
    failures++;
    assert_int_equal(rc, RT_ENOMEM);
    /* A slab of handles made before the heap failed stays in the pool
     * (freed with the loop): at most one block more, nothing leaked. */
    assert_true(alloc_count_live() <= live + 1);
    assert_int_equal(frees, 0);
    assert_int_equal(rt_loop_timer_count(loop), 0);
  }
  assert_int_equal(failures, 2);  /* the handle slab, the heap array */
  run_until_no_timer();
  assert_string_equal(logbuf, "t");
}

static double got[100000];
static size_t ngot;
static void record_cb(rt_loop *l, void *arg) {
  (void)l;
  got[ngot++] = *(double *)arg;
}

static void hundred_thousand_random_timers_fire_in_order(void **state) {
  (void)state;
  enum { N = 100000 };
  static double when[N];
  uint64_t x = 0x9e3779b97f4a7c15u;
  for (int i = 0; i < N; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    when[i] = (double)(x % 1000) / 100.0;  /* many equal deadlines */
    assert_int_equal(rt_call_at(loop, when[i], record_cb, &when[i], NULL, NULL), RT_OK);
  }
  ngot = 0;
  run_until_no_timer();
  assert_int_equal(ngot, N);
  for (int i = 1; i < N; i++) assert_true(got[i - 1] <= got[i]);
  assert_true(rt_loop_iteration(loop) <= 1000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, loop_setup_unowned, loop_teardown)
      T(equal_deadlines_fire_in_creation_order),
      T(timers_fire_in_deadline_order_at_exact_times),
      T(deadlines_within_clock_resolution_fire_together),
      T(due_timers_move_to_the_ready_queue_in_one_iteration),
      T(zero_delay_timer_from_a_callback_runs_next_iteration),
      T(cancelled_timer_never_runs),
      T(cancelling_most_of_a_big_heap_rebuilds_it),
      T(call_later_counts_from_a_fresh_clock),
      T(call_at_refuses_nan),
      T(call_later_fails_cleanly_at_every_allocation),
      T(hundred_thousand_random_timers_fire_in_order),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
