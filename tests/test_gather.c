/* test_gather.c: gather, wait, wait_for, shield and as_completed hop for
 * hop as CPython 3.11 runs them. The expected logs ("what@time/iteration")
 * are what CPython 3.11 prints for the same scenario under the reference
 * harness (tests/harness/refpy.py), iterations counted by wrapping
 * loop._run_once. */
#include "rt_test.h"

static rt_future *fut(rt_task *t) { return rt_task_future(t); }

/* gather's list, as a string: 'X', ValueError('Y'), CancelledError('') */
static int build_list(void *ud, size_t n, const rt_outcome *items, void **out) {
  (void)ud;
  char buf[400] = "";
  for (size_t i = 0; i < n && i < 3; i++) {
    char one[128];
    const rt_outcome *it = &items[i];
    if (it->state == RT_FUT_RESULT) snprintf(one, sizeof one, "'%s'", vname(it->value));
    else if (it->state == RT_FUT_EXCEPTION) snprintf(one, sizeof one, "ValueError('%s')", vname(it->value));
    else snprintf(one, sizeof one, "CancelledError('%s')", it->value ? vname(it->value) : "");
    if (i) strcat(buf, ",");
    strcat(buf, one);
  }
  *out = val_new(buf);
  return RT_OK;
}
static const rt_gather_ops list_ops = {build_list, NULL, NULL};

/* ------------------------------------------------------------- gather */

static int gather_one_failing_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  child_spec a = {"A", 2, 0, 0}, b = {"B", 1, 1, 0}, c = {"C", 3, 0, 0};
  rt_task *ts[3] = {spawn_child(&a), spawn_child(&b), spawn_child(&c)};
  rt_future *fs[3] = {fut(ts[0]), fut(ts[1]), fut(ts[2])};
  rt_future *g;
  assert_int_equal(rt_gather(loop, fs, 3, false, &list_ops, &g), RT_OK);
  void *v;
  assert_int_equal(rt_await(g, &v), RT_ERAISED);
  L(loop, "raised-%s", vname(v));
  vdrop(v);
  assert_int_equal(rt_sleep(5, NULL, NULL), RT_OK);
  assert_int_equal(rt_future_state_of(fs[0]), RT_FUT_RESULT);
  assert_int_equal(rt_future_state_of(fs[2]), RT_FUT_RESULT);
  rt_future_release(g);
  for (int i = 0; i < 3; i++) rt_task_release(ts[i]);
  *out = NULL;
  return RT_OK;
}

static void gather_with_one_failing_child_fails_at_once_and_the_others_finish(void **state) {
  (void)state;
  run_main(gather_one_failing_main, NULL);
  assert_string_equal(logbuf, "B-end@1/3 raised-B@1/5 A-end@2/7 C-end@3/10");
}

static int gather_outer_body(void *arg, void **out) {
  (void)arg;
  child_spec a = {"A", 5, 0, 1}, b = {"B", 5, 0, 1};
  rt_task *ts[2] = {spawn_child(&a), spawn_child(&b)};
  rt_future *fs[2] = {fut(ts[0]), fut(ts[1])};
  rt_future *g;
  assert_int_equal(rt_gather(loop, fs, 2, false, &list_ops, &g), RT_OK);
  int rc = rt_await(g, out);
  assert_int_equal(rc, RT_ECANCELLED);
  L(loop, "outer-cancelled");
  assert_true(rt_future_state_of(fs[0]) == RT_FUT_CANCELLED);
  rt_future_release(g);
  rt_task_release(ts[0]);
  rt_task_release(ts[1]);
  return rc;
}

static int gather_cancelled_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_task *t = spawn(gather_outer_body, NULL);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_true(rt_task_cancel(t, NULL));
  void *m;
  assert_int_equal(rt_await(fut(t), &m), RT_ECANCELLED);
  vdrop(m);
  L(loop, "t-cancelled");
  rt_task_release(t);
  *out = NULL;
  return RT_OK;
}

static void gather_cancelled_cancels_its_children(void **state) {
  (void)state;
  run_main(gather_cancelled_main, NULL);
  assert_string_equal(logbuf, "A-cancelled@1/5 B-cancelled@1/5 outer-cancelled@1/7 t-cancelled@1/8");
}

static int gather_return_exceptions_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  child_spec x = {"X", 1, 0, 0}, y = {"Y", 2, 1, 0}, z = {"Z", 3, 0, 1};
  rt_task *ts[3] = {spawn_child(&x), spawn_child(&y), spawn_child(&z)};
  rt_future *fs[3] = {fut(ts[0]), fut(ts[1]), fut(ts[2])};
  rt_future *g;
  assert_int_equal(rt_gather(loop, fs, 3, true, &list_ops, &g), RT_OK);
  assert_int_equal(rt_sleep(0.5, NULL, NULL), RT_OK);
  assert_true(rt_task_cancel(ts[2], val_new("bye")));
  void *v;
  assert_int_equal(rt_await(g, &v), RT_OK);
  L(loop, "r=%s", vname(v));
  vdrop(v);
  rt_future_release(g);
  for (int i = 0; i < 3; i++) rt_task_release(ts[i]);
  *out = NULL;
  return RT_OK;
}

/* A cancelled task shows as CancelledError('') in the list: 3.11's task
 * drops the message when it ends cancelled (super().cancel()). */
static void gather_return_exceptions_lists_a_cancelled_child_as_cancelled_error(void **state) {
  (void)state;
  run_main(gather_return_exceptions_main, NULL);
  assert_string_equal(logbuf, "Z-cancelled@0.5/4 X-end@1/7 Y-end@2/10 "
                              "r='X',ValueError('Y'),CancelledError('')@2/12");
}

static int gather_of_nothing_main(void *arg, void **out) {
  (void)arg;
  rt_future *g;
  assert_int_equal(rt_gather(loop, NULL, 0, false, &list_ops, &g), RT_OK);
  assert_true(rt_future_done(g));
  void *v;
  assert_int_equal(rt_await(g, &v), RT_OK);  /* no suspension */
  assert_string_equal(vname(v), "");
  vdrop(v);
  rt_future_release(g);
  *out = NULL;
  return RT_OK;
}

static void gather_of_nothing_is_done_with_an_empty_list(void **state) {
  (void)state;
  run_main(gather_of_nothing_main, NULL);
}

static int gather_duplicate_main(void *arg, void **out) {
  (void)arg;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  rt_future *fs[3] = {f, f, f};
  rt_future *g;
  assert_int_equal(rt_gather(loop, fs, 3, false, &list_ops, &g), RT_OK);
  rt_future *const *children;
  assert_int_equal(rt_gather_children(g, &children), 3);
  assert_ptr_equal(children[1], f);
  assert_int_equal(rt_future_set_result(f, val_new("d")), RT_OK);
  void *v;
  assert_int_equal(rt_await(g, &v), RT_OK);
  assert_string_equal(vname(v), "'d','d','d'");
  vdrop(v);
  rt_future *const *none;
  assert_int_equal(rt_gather_children(f, &none), 0);
  rt_future_release(g);
  rt_future_release(f);
  *out = NULL;
  return RT_OK;
}

static void gather_counts_a_repeated_future_once_and_lists_it_each_time(void **state) {
  (void)state;
  run_main(gather_duplicate_main, NULL);
}

static void *make_cancelled_error(void *ud, void *msg) {
  (void)ud;
  char buf[128];
  snprintf(buf, sizeof buf, "CancelledError(%s)", msg ? vname(msg) : "");
  return val_new(buf);
}
static const rt_gather_ops hook_ops = {build_list, make_cancelled_error, NULL};

static int gather_hook_main(void *arg, void **out) {
  (void)arg;
  rt_future *a, *b;
  assert_int_equal(rt_future_new(loop, &a), RT_OK);
  assert_int_equal(rt_future_new(loop, &b), RT_OK);
  rt_future *fs[2] = {a, b};
  rt_future *g;
  assert_int_equal(rt_gather(loop, fs, 2, false, &hook_ops, &g), RT_OK);
  assert_true(rt_future_cancel(a, val_new("m")));
  void *v;
  /* The outer holds the interpreter's CancelledError as an exception. */
  assert_int_equal(rt_await(g, &v), RT_ERAISED);
  assert_string_equal(vname(v), "CancelledError(m)");
  vdrop(v);
  assert_false(rt_future_cancel(g, NULL));  /* done: children untouched */
  assert_false(rt_future_done(b));
  rt_future_release(g);
  rt_future_release(a);
  rt_future_release(b);
  *out = NULL;
  return RT_OK;
}

static void gather_child_cancelled_gives_the_interpreters_cancelled_error(void **state) {
  (void)state;
  run_main(gather_hook_main, NULL);
}

static int gather_cancel_requested_main(void *arg, void **out) {
  (void)arg;
  rt_future *a, *b;
  assert_int_equal(rt_future_new(loop, &a), RT_OK);
  assert_int_equal(rt_future_new(loop, &b), RT_OK);
  assert_int_equal(rt_future_set_result(b, val_new("b")), RT_OK);
  rt_future *fs[2] = {a, b};
  rt_future *g;
  assert_int_equal(rt_gather(loop, fs, 2, true, &list_ops, &g), RT_OK);
  assert_true(rt_future_cancel(g, val_new("stop")));  /* cancels a, not b */
  assert_false(rt_future_done(g));                    /* a request */
  void *v;
  /* return_exceptions or not, a cancelled gather ends cancelled; the
   * message is the last child's (b: none). */
  assert_int_equal(rt_await(g, &v), RT_ECANCELLED);
  assert_null(v);
  assert_int_equal(rt_future_state_of(a), RT_FUT_CANCELLED);
  assert_string_equal(vname(rt_future_value(a)), "stop");
  rt_future_release(g);
  rt_future_release(a);
  rt_future_release(b);
  *out = NULL;
  return RT_OK;
}

static void gather_cancelled_with_return_exceptions_still_ends_cancelled(void **state) {
  (void)state;
  run_main(gather_cancel_requested_main, NULL);
}

static void gather_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  enum { N = 40 };  /* long enough for the sorted duplicate check */
  rt_future *fs[N];
  for (int i = 0; i < N; i++) assert_int_equal(rt_future_new(loop, &fs[i]), RT_OK);
  assert_int_equal(rt_future_set_result(fs[3], NULL), RT_OK);  /* one already done */
  int failures = 0;
  for (long n = 1;; n++) {
    long live = alloc_count_live();
    rt_future *g = NULL;
    alloc_count_fail_at(n);
    int rc = rt_gather(loop, fs, N, false, NULL, &g);
    alloc_count_fail_at(0);
    if (rc == RT_OK) {
      /* finish the children: a pending child and its outer keep each
       * other alive */
      for (int i = 0; i < N; i++)
        if (!rt_future_done(fs[i])) assert_int_equal(rt_future_set_result(fs[i], NULL), RT_OK);
      while (rt_loop_ready_count(loop)) assert_int_equal(rt_loop_run_once(loop), RT_OK);
      assert_true(rt_future_done(g));
      rt_future_release(g);
      break;
    }
    assert_int_equal(rc, RT_ENOMEM);
    failures++;
    /* callbacks already scheduled (fs[3] was done) run harmlessly */
    if (rt_loop_ready_count(loop)) assert_int_equal(rt_loop_run_once(loop), RT_OK);
    assert_true(alloc_count_live() <= live + 2);  /* (pools may grow) */
  }
  assert_true(failures > 0);
  while (rt_loop_ready_count(loop)) assert_int_equal(rt_loop_run_once(loop), RT_OK);
  for (int i = 0; i < N; i++) rt_future_release(fs[i]);
}

/* --------------------------------------------------------------- wait */

static int wait_first_exception_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  child_spec p = {"P", 1, 1, 0}, q = {"Q", 2, 1, 0}, r = {"R", 3, 0, 0};
  rt_task *ts[3] = {spawn_child(&p), spawn_child(&q), spawn_child(&r)};
  rt_future *fs[3] = {fut(ts[0]), fut(ts[1]), fut(ts[2])};
  assert_int_equal(rt_wait(fs, 3, RT_NO_TIMEOUT, RT_FIRST_EXCEPTION, NULL), RT_OK);
  char done[8] = "";
  for (int i = 0; i < 3; i++)
    if (rt_future_done(fs[i])) snprintf(done + strlen(done), 2, "%d", i);
  L(loop, "done=%s", done);
  assert_true(rt_future_retrieved(fs[0]));  /* f.exception() in _on_completion */
  assert_int_equal(rt_sleep(3, NULL, NULL), RT_OK);
  for (int i = 0; i < 3; i++) rt_task_release(ts[i]);
  *out = NULL;
  return RT_OK;
}

static void wait_first_exception_with_two_failures_returns_at_the_first(void **state) {
  (void)state;
  run_main(wait_first_exception_main, NULL);
  assert_string_equal(logbuf, "P-end@1/3 done=0@1/5 Q-end@2/7 R-end@3/9");
}

static int wait_tie_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  child_spec c = {"T", 1, 0, 0};
  rt_task *t = spawn_child(&c);
  rt_future *fs[1] = {fut(t)};
  assert_int_equal(rt_wait(fs, 1, 1.0, RT_ALL_COMPLETED, NULL), RT_OK);
  L(loop, "done%d-pending%d", rt_future_done(fs[0]), !rt_future_done(fs[0]));
  assert_int_equal(rt_await(fs[0], NULL), RT_OK);
  rt_task_release(t);
  *out = NULL;
  return RT_OK;
}

/* The wait's timer is made before the child's first step makes its own:
 * equal deadlines fire in creation order, so the child is still pending. */
static void wait_with_a_tie_at_the_timeout_leaves_the_child_pending(void **state) {
  (void)state;
  run_main(wait_tie_main, NULL);
  assert_string_equal(logbuf, "done0-pending1@1/3 T-end@1/3");
}

static int wait_first_completed_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  child_spec s = {"S", 2, 0, 0}, f = {"F", 1, 0, 0};
  rt_task *ts[2] = {spawn_child(&s), spawn_child(&f)};
  rt_future *fs[2] = {fut(ts[0]), fut(ts[1])};
  assert_int_equal(rt_wait(fs, 2, RT_NO_TIMEOUT, RT_FIRST_COMPLETED, NULL), RT_OK);
  L(loop, "done=%s%s", rt_future_done(fs[0]) ? "0" : "", rt_future_done(fs[1]) ? "1" : "");
  assert_int_equal(rt_wait(fs, 2, RT_NO_TIMEOUT, RT_ALL_COMPLETED, NULL), RT_OK);
  L(loop, "all=%s%s", rt_future_done(fs[0]) ? "0" : "", rt_future_done(fs[1]) ? "1" : "");
  rt_task_release(ts[0]);
  rt_task_release(ts[1]);
  *out = NULL;
  return RT_OK;
}

static void wait_first_completed_then_all_completed(void **state) {
  (void)state;
  run_main(wait_first_completed_main, NULL);
  assert_string_equal(logbuf, "F-end@1/3 done=1@1/5 S-end@2/8 all=01@2/10");
}

static int wait_misuse_main(void *arg, void **out) {
  (void)arg;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_wait(&f, 0, RT_NO_TIMEOUT, RT_ALL_COMPLETED, NULL), RT_EINVAL);
  assert_int_equal(rt_wait(&f, 1, RT_NO_TIMEOUT, (rt_return_when)7, NULL), RT_EINVAL);
  /* a timeout never cancels: f is still pending afterwards */
  assert_int_equal(rt_wait(&f, 1, 0.25, RT_ALL_COMPLETED, NULL), RT_OK);
  assert_false(rt_future_done(f));
  rt_future_release(f);
  *out = NULL;
  return RT_OK;
}

static void wait_refuses_an_empty_set_and_never_cancels(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_wait(&f, 1, RT_NO_TIMEOUT, RT_ALL_COMPLETED, NULL), RT_ENOTASK);
  assert_int_equal(rt_wait_for(f, 1, NULL), RT_ENOTASK);
  rt_future_release(f);
  run_main(wait_misuse_main, NULL);
}

static int wait_oom_main(void *arg, void **out) {
  (void)arg;
  rt_future *fs[2];
  assert_int_equal(rt_future_new(loop, &fs[0]), RT_OK);
  assert_int_equal(rt_future_new(loop, &fs[1]), RT_OK);
  int failures = 0;
  for (long n = 1;; n++) {
    alloc_count_fail_at(n);
    int rc = rt_wait(fs, 2, 0.0, RT_ALL_COMPLETED, NULL);
    alloc_count_fail_at(0);
    if (rc == RT_OK) break;
    assert_int_equal(rc, RT_ENOMEM);  /* before suspending: nothing left behind */
    failures++;
  }
  assert_true(failures >= 3);
  assert_false(rt_future_done(fs[0]));
  rt_future_release(fs[0]);
  rt_future_release(fs[1]);
  *out = NULL;
  return RT_OK;
}

static void wait_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  run_main(wait_oom_main, NULL);
}

/* ----------------------------------------------------------- wait_for */

static int slow_body(void *arg, void **out) {
  (void)arg;
  void *m = NULL;
  int rc = rt_sleep(10, NULL, &m);
  assert_int_equal(rc, RT_ECANCELLED);
  L(loop, "slow-cancelled");
  assert_int_equal(rt_sleep(0.5, NULL, NULL), RT_OK);
  L(loop, "slow-cleanup");
  *out = m;
  return RT_ECANCELLED;
}

static int wait_for_timeout_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_task *t = spawn(slow_body, NULL);
  void *v;
  assert_int_equal(rt_wait_for(fut(t), 1, &v), RT_ETIMEDOUT);
  vdrop(v);
  L(loop, "timeout-done%d", rt_future_done(fut(t)));
  rt_task_release(t);
  *out = NULL;
  return RT_OK;
}

static void wait_for_timeout_cancels_and_awaits_the_inner_task(void **state) {
  (void)state;
  run_main(wait_for_timeout_main, NULL);
  assert_string_equal(logbuf, "slow-cancelled@1/4 slow-cleanup@1.5/6 timeout-done1@1.5/8");
}

static int swallow_body(void *arg, void **out) {
  (void)arg;
  void *m = NULL;
  assert_int_equal(rt_sleep(10, NULL, &m), RT_ECANCELLED);
  vdrop(m);
  L(loop, "swallowed");
  *out = val_new("kept");
  return RT_OK;
}

static int sleep10_body(void *arg, void **out) {
  (void)arg;
  return rt_sleep(10, NULL, out);
}

static int wait_for_swallow_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_task *t = spawn(swallow_body, NULL);
  void *v;
  assert_int_equal(rt_wait_for(fut(t), 1, &v), RT_OK);  /* 3.11: the value wins */
  L(loop, "result-%s", vname(v));
  vdrop(v);
  rt_task_release(t);
  t = spawn(sleep10_body, NULL);
  assert_int_equal(rt_wait_for(fut(t), 0, &v), RT_ETIMEDOUT);
  vdrop(v);
  L(loop, "timeout0-%d", rt_future_state_of(fut(t)) == RT_FUT_CANCELLED);
  rt_task_release(t);
  child_spec q = {"Q", 1, 0, 0};
  t = spawn_child(&q);
  assert_int_equal(rt_wait_for(fut(t), 5, &v), RT_OK);
  L(loop, "in-time-%s", vname(v));
  vdrop(v);
  rt_task_release(t);
  *out = NULL;
  return RT_OK;
}

static void wait_for_returns_what_an_inner_task_that_swallows_the_cancel_returns(void **state) {
  (void)state;
  run_main(wait_for_swallow_main, NULL);
  assert_string_equal(logbuf, "swallowed@1/4 result-kept@1/6 timeout0-1@1/9 Q-end@2/12 in-time-Q@2/14");
}

static int wait_for_waiter_body(void *arg, void **out) {
  rt_task *inner = arg;
  int rc = rt_wait_for(fut(inner), 5, out);
  assert_int_equal(rc, RT_ECANCELLED);
  L(loop, "w-cancelled");
  return rc;
}

static int wait_for_cancelled_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  child_spec i = {"I", 10, 0, 1};
  rt_task *inner = spawn_child(&i);
  rt_task *t = spawn(wait_for_waiter_body, inner);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_true(rt_task_cancel(t, NULL));
  assert_int_equal(rt_await(fut(t), NULL), RT_ECANCELLED);
  L(loop, "inner-cancelled%d", rt_future_state_of(fut(inner)) == RT_FUT_CANCELLED);
  rt_task_release(t);
  rt_task_release(inner);
  *out = NULL;
  return RT_OK;
}

static void wait_for_cancelled_cancels_the_inner_task_and_waits_for_it(void **state) {
  (void)state;
  run_main(wait_for_cancelled_main, NULL);
  assert_string_equal(logbuf, "I-cancelled@1/5 w-cancelled@1/7 inner-cancelled1@1/8");
}

/* ------------------------------------------------------------- shield */

static int shield_body(void *arg, void **out) {
  rt_task *inner = arg;
  rt_future *s;
  assert_int_equal(rt_shield(fut(inner), &s), RT_OK);
  assert_ptr_not_equal(s, fut(inner));
  int rc = rt_await(s, out);
  rt_future_release(s);
  assert_int_equal(rc, RT_ECANCELLED);
  L(loop, "sh-cancelled");
  return rc;
}

static int shield_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  child_spec i = {"I", 2, 0, 0};
  rt_task *inner = spawn_child(&i);
  rt_task *t = spawn(shield_body, inner);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_true(rt_task_cancel(t, NULL));
  assert_int_equal(rt_await(fut(t), NULL), RT_ECANCELLED);
  void *v;
  assert_int_equal(rt_await(fut(inner), &v), RT_OK);
  L(loop, "inner-%s", vname(v));
  vdrop(v);
  /* shield of a done future is the future itself */
  rt_future *s;
  assert_int_equal(rt_shield(fut(inner), &s), RT_OK);
  assert_ptr_equal(s, fut(inner));
  rt_future_release(s);
  rt_task_release(t);
  rt_task_release(inner);
  *out = NULL;
  return RT_OK;
}

static void shield_survives_an_outer_cancel(void **state) {
  (void)state;
  run_main(shield_main, NULL);
  assert_string_equal(logbuf, "sh-cancelled@1/4 I-end@2/7 inner-I@2/8");
}

static int shield_passes_main(void *arg, void **out) {
  (void)arg;
  rt_future *inner, *s;
  assert_int_equal(rt_future_new(loop, &inner), RT_OK);
  assert_int_equal(rt_shield(inner, &s), RT_OK);
  assert_int_equal(rt_future_set_exception(inner, val_new("E")), RT_OK);
  void *v;
  assert_int_equal(rt_await(s, &v), RT_ERAISED);
  assert_string_equal(vname(v), "E");
  vdrop(v);
  assert_true(rt_future_retrieved(inner));
  rt_future_release(s);
  rt_future_release(inner);
  /* the inner cancelled: the outer is cancelled too */
  assert_int_equal(rt_future_new(loop, &inner), RT_OK);
  assert_int_equal(rt_shield(inner, &s), RT_OK);
  assert_true(rt_future_cancel(inner, NULL));
  assert_int_equal(rt_await(s, NULL), RT_ECANCELLED);
  rt_future_release(s);
  rt_future_release(inner);
  *out = NULL;
  return RT_OK;
}

static void shield_passes_on_the_inner_exception_and_cancellation(void **state) {
  (void)state;
  run_main(shield_passes_main, NULL);
}

/* ------------------------------------------------------- as_completed */

static int as_completed_main(void *arg, void **out) {
  double timeout = *(double *)arg;
  log_mark(loop);
  child_spec f3 = {"F3", 3, 0, 0}, f1 = {"F1", 1, 0, 0}, f2 = {"F2", 2, 1, 0};
  child_spec g3 = {"G3", 3, 0, 0}, g1 = {"G1", 1, 0, 0};
  rt_task *ts[3];
  size_t n;
  if (timeout != timeout) {
    ts[0] = spawn_child(&f3), ts[1] = spawn_child(&f1), ts[2] = spawn_child(&f2), n = 3;
  } else {
    ts[0] = spawn_child(&g3), ts[1] = spawn_child(&g1), n = 2;
  }
  rt_future *fs[3];
  for (size_t i = 0; i < n; i++) fs[i] = fut(ts[i]);
  rt_as_completed *ac;
  assert_int_equal(rt_as_completed_new(loop, fs, n, timeout, &ac), RT_OK);
  assert_int_equal(rt_as_completed_len(ac), n);
  for (size_t i = 0; i < n; i++) {
    rt_future *which;
    void *v;
    int rc = rt_as_completed_next(ac, &which, &v);
    if (rc == RT_OK) L(loop, "ac-%s", vname(v));
    else if (rc == RT_ERAISED) L(loop, "ac-err-%s", vname(v));
    else if (rc == RT_ETIMEDOUT) L(loop, "ac-timeout");
    else fail_msg("as_completed rc %d", rc);
    if (which) assert_int_equal(rt_future_state_of(which), rc == RT_OK ? RT_FUT_RESULT : RT_FUT_EXCEPTION);
    rt_future_release(which);
    vdrop(v);
  }
  rt_as_completed_free(ac);
  if (timeout == timeout) assert_int_equal(rt_sleep(2, NULL, NULL), RT_OK);
  for (size_t i = 0; i < n; i++) rt_task_release(ts[i]);
  *out = NULL;
  return RT_OK;
}

static void as_completed_yields_in_completion_order(void **state) {
  (void)state;
  double none = RT_NO_TIMEOUT;
  run_main(as_completed_main, &none);
  assert_string_equal(logbuf, "F1-end@1/3 ac-F1@1/5 F2-end@2/7 ac-err-F2@2/9 F3-end@3/11 ac-F3@3/13");
}

static void as_completed_timeout_fails_the_rest(void **state) {
  (void)state;
  double two = 2;
  run_main(as_completed_main, &two);
  assert_string_equal(logbuf, "G1-end@1/3 ac-G1@1/5 ac-timeout@2/7 G3-end@3/9");
}

/* ------------------------------------------------ lifetime and traces */

static int waits_forever_body(void *arg, void **out) {
  rt_future **fs = arg;
  int rc = rt_wait(fs, 2, 100, RT_ALL_COMPLETED, out);
  fail_msg("the loop was closed: never back here (rc %d)", rc);
  return rc;
}

static int wait_for_forever_body(void *arg, void **out) {
  return rt_wait_for(arg, 50, out);
}

/* Tasks suspended inside wait and wait_for when the loop is freed: their
 * state rides on the task (not only on its dropped stack), so everything
 * goes with the loop. */
static void loop_freed_while_tasks_wait_in_combinators_frees_everything(void **state) {
  (void)state;
  static rt_future *fs[2];
  rt_task *a = spawn(sleep10_body, NULL), *b = spawn(sleep10_body, NULL);
  fs[0] = fut(a);
  fs[1] = fut(b);
  rt_task *w = spawn(waits_forever_body, fs);
  rt_task *wf = spawn(wait_for_forever_body, fut(a));
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  rt_task_release(a);
  rt_task_release(b);
  rt_task_release(w);
  rt_task_release(wf);
  /* teardown frees the loop and checks nothing is left */
}

static int ntrace;
static char trace_text[1 << 14];
static void trace_hook(void *ud, const rt_event *ev) {
  (void)ud;
  if (ev->kind != RT_EV_GROUP_NEW && ev->kind != RT_EV_GROUP_ADD && ev->kind != RT_EV_GROUP_DONE)
    return;
  char line[256];
  rt_trace_format(ev, line, sizeof line);
  strcat(trace_text, strstr(line, "group."));
  strcat(trace_text, "\n");
  ntrace++;
}

static int traced_main(void *arg, void **out) {
  (void)arg;
  rt_future *a, *b, *g;
  assert_int_equal(rt_future_new(loop, &a), RT_OK);
  assert_int_equal(rt_future_new(loop, &b), RT_OK);
  rt_future *fs[2] = {a, b};
  assert_int_equal(rt_gather(loop, fs, 2, false, NULL, &g), RT_OK);
  assert_int_equal(rt_future_set_result(a, NULL), RT_OK);
  assert_int_equal(rt_future_set_result(b, NULL), RT_OK);
  assert_int_equal(rt_await(g, NULL), RT_OK);
  char want[256];
  snprintf(want, sizeof want,
           "group.new        group=%u kind=gather children=2 arg=0\n"
           "group.add        group=%u child=%u index=0\n"
           "group.add        group=%u child=%u index=1\n"
           "group.done       group=%u rc=ok done=2 children=2\n",
           rt_future_id(g), rt_future_id(g), rt_future_id(a), rt_future_id(g), rt_future_id(b),
           rt_future_id(g));
  assert_string_equal(trace_text, want);
  rt_future_release(g);
  rt_future_release(a);
  rt_future_release(b);
  *out = NULL;
  return RT_OK;
}

static void gather_traces_its_group_and_children(void **state) {
  (void)state;
  trace_text[0] = '\0';
  rt_trace_set_hook(trace_hook, NULL);
  run_main(traced_main, NULL);
  rt_trace_set_hook(NULL, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, loop_setup, loop_teardown)
      T(gather_with_one_failing_child_fails_at_once_and_the_others_finish),
      T(gather_cancelled_cancels_its_children),
      T(gather_return_exceptions_lists_a_cancelled_child_as_cancelled_error),
      T(gather_of_nothing_is_done_with_an_empty_list),
      T(gather_counts_a_repeated_future_once_and_lists_it_each_time),
      T(gather_child_cancelled_gives_the_interpreters_cancelled_error),
      T(gather_cancelled_with_return_exceptions_still_ends_cancelled),
      T(gather_fails_cleanly_at_every_allocation),
      T(gather_traces_its_group_and_children),
      T(wait_first_exception_with_two_failures_returns_at_the_first),
      T(wait_with_a_tie_at_the_timeout_leaves_the_child_pending),
      T(wait_first_completed_then_all_completed),
      T(wait_refuses_an_empty_set_and_never_cancels),
      T(wait_fails_cleanly_at_every_allocation),
      T(wait_for_timeout_cancels_and_awaits_the_inner_task),
      T(wait_for_returns_what_an_inner_task_that_swallows_the_cancel_returns),
      T(wait_for_cancelled_cancels_the_inner_task_and_waits_for_it),
      T(shield_survives_an_outer_cancel),
      T(shield_passes_on_the_inner_exception_and_cancellation),
      T(as_completed_yields_in_completion_order),
      T(as_completed_timeout_fails_the_rest),
      T(loop_freed_while_tasks_wait_in_combinators_frees_everything),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
