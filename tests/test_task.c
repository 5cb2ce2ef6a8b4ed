/* test_task.c: tasks stepped exactly as asyncio 3.11 steps them: first step
 * at creation, wake-ups through done callbacks, bare yields, cancellation,
 * names, failure paths. */
#include "ctx_int.h"  /* rt__stack_live_count */
#include "rt_test.h"

static unsigned iter(void) { return (unsigned)rt_loop_iteration(loop); }

static void run(rt_task *t) {
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
}

/* ------------------------------------------------------------- bodies */

static int log_body(void *arg, void **out) {
  logs("%s", (const char *)arg);
  *out = NULL;
  return RT_OK;
}

static int result_body(void *arg, void **out) {
  *out = val_new(arg);
  return RT_OK;
}

static int raise_body(void *arg, void **out) {
  *out = val_new(arg);
  return RT_ERAISED;
}

/* ---------------------------------------------------------- the tests */

static void first_step_is_scheduled_with_call_soon_at_creation(void **state) {
  (void)state;
  assert_int_equal(rt_call_soon(loop, log_cb, "A", NULL, NULL), RT_OK);
  rt_task *t = spawn(log_body, "T");
  assert_int_equal(rt_call_soon(loop, log_cb, "B", NULL, NULL), RT_OK);
  assert_string_equal(logbuf, "");
  assert_int_equal(rt_loop_ready_count(loop), 3);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "A T B");
  assert_true(rt_future_done(rt_task_future(t)));
  rt_task_release(t);
}

static void task_result_is_its_future_result(void **state) {
  (void)state;
  rt_task *t = spawn(result_body, "r");
  rt_future *f = rt_task_future(t);
  assert_ptr_equal(rt_task_of(f), t);
  assert_int_equal(rt_task_id(t), rt_future_id(f));
  run(t);
  assert_int_equal(rt_future_state_of(f), RT_FUT_RESULT);
  assert_string_equal(((val *)rt_future_value(f))->name, "r");
  assert_int_equal(rt_future_set_result(f, NULL), RT_EINVAL);  /* tasks refuse */
  assert_int_equal(rt_future_set_exception(f, NULL), RT_EINVAL);
  rt_task_release(t);
}

static int sleep1_body(void *arg, void **out) {
  (void)arg;
  logs("sleep@%u", iter());
  int rc = rt_sleep(1.0, NULL, out);
  logs("woke@%u t=%g", iter(), fp.now);
  return rc;
}

static void timer_iter_cb(rt_loop *l, void *arg) {
  (void)l;
  logs("%s@%u", (const char *)arg, iter());
}

/* asyncio: the timer's callback sets the sleep future's result (iteration
 * 2), which schedules the task's __wakeup, which steps it (iteration 3). */
static void sleeping_task_resumes_two_iterations_after_its_timer_fires(void **state) {
  (void)state;
  assert_int_equal(rt_call_at(loop, 1.0, timer_iter_cb, "timer", NULL, NULL), RT_OK);
  rt_task *t = spawn(sleep1_body, NULL);
  run(t);
  assert_string_equal(logbuf, "sleep@1 timer@2 woke@3 t=1");
  assert_int_equal(rt_loop_timer_count(loop), 0);
  rt_task_release(t);
}

static int await_arg_body(void *arg, void **out) {
  void *v = NULL;
  int rc = rt_await(arg, &v);
  logs("T:%s", rc == RT_OK ? ((val *)v)->name : "err");
  *out = v;
  return rc;
}

static void set_then_soon_cb(rt_loop *l, void *arg) {
  logs("C1");
  assert_int_equal(rt_future_set_result(arg, val_new("v")), RT_OK);
  assert_int_equal(rt_call_soon(l, log_cb, "C2", NULL, NULL), RT_OK);
}

/* A wake-up is a handle like any other: queued when the future completes,
 * so it runs before what is scheduled after that. */
static void call_soon_order_against_task_wakeups(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  rt_task *t = spawn(await_arg_body, f);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);  /* T suspends on f */
  assert_int_equal(rt_call_soon(loop, set_then_soon_cb, f, NULL, NULL), RT_OK);
  assert_int_equal(rt_call_soon(loop, log_cb, "C0", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "C1 C0");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "C1 C0 T:v C2");
  rt_task_release(t);
  rt_future_release(f);
}

static int yield3_body(void *arg, void **out) {
  for (int i = 0; i < 3; i++) {
    logs("%s%d@%u", (const char *)arg, i, iter());
    assert_int_equal(rt_yield(NULL), RT_OK);
  }
  *out = NULL;
  return RT_OK;
}

static void sleep0_round_robins_three_tasks(void **state) {
  (void)state;
  rt_task *a = spawn(yield3_body, "A"), *b = spawn(yield3_body, "B"), *c = spawn(yield3_body, "C");
  run(c);
  assert_string_equal(logbuf, "A0@1 B0@1 C0@1 A1@2 B1@2 C1@2 A2@3 B2@3 C2@3");
  assert_true(rt_future_done(rt_task_future(a)) && rt_future_done(rt_task_future(b)));
  rt_task_release(a);
  rt_task_release(b);
  rt_task_release(c);
}

static int sleep0_body(void *arg, void **out) {
  logs("%s", (const char *)arg);
  return rt_sleep(0, val_new("zero"), out);
}

static void sleep_zero_is_a_bare_yield_and_hands_back_its_result(void **state) {
  (void)state;
  rt_task *a = spawn(sleep0_body, "A");
  rt_task *b = spawn(log_body, "B");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "A B");
  assert_false(rt_future_done(rt_task_future(a)));
  assert_int_equal(rt_loop_timer_count(loop), 0);  /* no timer, no future */
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(((val *)rt_future_value(rt_task_future(a)))->name, "zero");
  rt_task_release(a);
  rt_task_release(b);
}

static int sleep_result_body(void *arg, void **out) {
  (void)arg;
  return rt_sleep(2.5, val_new("slept"), out);
}

static void sleep_hands_back_its_result_at_its_deadline(void **state) {
  (void)state;
  rt_task *t = spawn(sleep_result_body, NULL);
  run(t);
  assert_true(fp.now == 2.5);
  assert_string_equal(((val *)rt_future_value(rt_task_future(t)))->name, "slept");
  rt_task_release(t);
}

static int await_done_body(void *arg, void **out) {
  void *v;
  assert_int_equal(rt_await(arg, &v), RT_OK);
  logs("A:%s@%u", ((val *)v)->name, iter());
  val_release(NULL, v);
  *out = NULL;
  return RT_OK;
}

static void awaiting_a_done_future_does_not_suspend(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_future_set_result(f, val_new("now")), RT_OK);
  rt_task *a = spawn(await_done_body, f), *b = spawn(log_body, "B");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "A:now@1 B");
  assert_true(rt_future_done(rt_task_future(a)));
  rt_task_release(a);
  rt_task_release(b);
  rt_future_release(f);
}

static void cancel_before_first_step_never_runs_the_body(void **state) {
  (void)state;
  frees = 0;
  rt_task *t;
  rt_task_opts o = {.arg_free = count_free_cb};
  assert_int_equal(rt_task_new(loop, log_body, "body", &o, &t), RT_OK);
  assert_true(rt_task_cancel(t, val_new("early")));
  assert_int_equal(rt_task_cancelling(t), 1);
  run(t);
  assert_string_equal(logbuf, "");
  rt_future *f = rt_task_future(t);
  assert_int_equal(rt_future_state_of(f), RT_FUT_CANCELLED);
  assert_string_equal(((val *)rt_future_value(f))->name, "early");
  assert_false(rt_task_cancel(t, NULL));  /* done: false */
  assert_int_equal(rt_task_cancelling(t), 1);
  assert_int_equal(frees, 0);
  rt_task_release(t);
  assert_int_equal(frees, 1);
}

static int sleep10_body(void *arg, void **out) {
  (void)arg;
  void *msg = NULL;
  int rc = rt_sleep(10.0, NULL, &msg);
  logs("rc=%s@%u msg=%s", rc == RT_ECANCELLED ? "cancelled" : "other", iter(),
        msg ? ((val *)msg)->name : "-");
  *out = msg;
  return rc;
}

/* Sleeps (or yields, per arg), then keeps waiting as an unwinding body
 * might (a finally that awaits): each wait says how it ended. */
static int unwound_body(void *arg, void **out) {
  int rc = *(const char *)arg == 'y' ? rt_yield(NULL) : rt_sleep(5.0, NULL, NULL);
  logs("first=%d", rc);
  logs("again=%d", rt_yield(NULL));
  *out = val_new("unwound");
  return RT_OK;
}

static void unwinding_a_suspended_task_ends_each_wait_at_once_and_leaves_it_pending(void **state) {
  (void)state;
  rt_task *s = spawn(unwound_body, "s");
  rt_task *y = spawn(unwound_body, "y");
  assert_int_equal(rt_task_unwind(s), RT_EINVAL);  /* not started */
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "");
  assert_int_equal(rt_task_unwind(s), RT_OK);
  assert_int_equal(rt_task_unwind(y), RT_OK);
  assert_string_equal(logbuf, "first=-6 again=-6 first=-6 again=-6");
  assert_false(rt_future_done(rt_task_future(s)));
  assert_false(rt_future_done(rt_task_future(y)));
  assert_int_equal(rt_task_unwind(s), RT_EINVAL);  /* once */
  assert_int_equal(rt_loop_timer_count(loop), 0);  /* the sleep cancelled its timer */
  rt_task_release(s);
  rt_task_release(y);
}

static void cancel_during_sleep_reaches_the_await(void **state) {
  (void)state;
  rt_task *t = spawn(sleep10_body, NULL);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);  /* sleeping */
  assert_int_equal(rt_loop_timer_count(loop), 1);
  assert_true(rt_task_cancel(t, val_new("stop")));
  run(t);
  assert_string_equal(logbuf, "rc=cancelled@2 msg=stop");
  assert_true(fp.now == 0.0);  /* the clock never went to the deadline */
  assert_int_equal(rt_loop_timer_count(loop), 0);
  rt_future *f = rt_task_future(t);
  assert_int_equal(rt_future_state_of(f), RT_FUT_CANCELLED);
  assert_string_equal(((val *)rt_future_value(f))->name, "stop");
  rt_task_release(t);
}

static int ignore_cancel_body(void *arg, void **out) {
  (void)arg;
  void *msg = NULL;
  int rc = rt_sleep(10.0, NULL, &msg);
  if (rc == RT_ECANCELLED) {
    logs("caught");
    if (msg) val_release(NULL, msg);
    assert_int_equal(rt_sleep(1.0, NULL, NULL), RT_OK);  /* carries on */
  }
  *out = val_new("finished");
  return RT_OK;
}

static void cancel_caught_and_ignored_task_completes(void **state) {
  (void)state;
  rt_task *t = spawn(ignore_cancel_body, NULL);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_true(rt_task_cancel(t, NULL));
  run(t);
  assert_string_equal(logbuf, "caught");
  rt_future *f = rt_task_future(t);
  assert_int_equal(rt_future_state_of(f), RT_FUT_RESULT);
  assert_string_equal(((val *)rt_future_value(f))->name, "finished");
  assert_int_equal(rt_task_cancelling(t), 1);  /* still counted */
  assert_true(fp.now == 1.0);
  rt_task_release(t);
}

static int reraise_body(void *arg, void **out) {
  (void)arg;
  void *msg = NULL;
  int rc = rt_sleep(10.0, NULL, &msg);
  if (rc == RT_ECANCELLED) logs("caught, re-raising");
  *out = msg;
  return rc;
}

static void cancel_caught_and_reraised_task_is_cancelled(void **state) {
  (void)state;
  rt_task *t = spawn(reraise_body, NULL);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_true(rt_task_cancel(t, val_new("m")));
  run(t);
  assert_string_equal(logbuf, "caught, re-raising");
  rt_future *f = rt_task_future(t);
  assert_int_equal(rt_future_state_of(f), RT_FUT_CANCELLED);
  assert_string_equal(((val *)rt_future_value(f))->name, "m");
  rt_task_release(t);
}

static void cancelling_and_uncancel_count_as_in_3_11(void **state) {
  (void)state;
  rt_task *t = spawn(log_body, "body");
  assert_int_equal(rt_task_cancelling(t), 0);
  assert_true(rt_task_cancel(t, NULL));
  assert_true(rt_task_cancel(t, NULL));
  assert_int_equal(rt_task_cancelling(t), 2);
  assert_int_equal(rt_task_uncancel(t), 1);
  assert_int_equal(rt_task_uncancel(t), 0);
  assert_int_equal(rt_task_uncancel(t), 0);
  /* 3.11's uncancel leaves the pending request: the first step throws. */
  run(t);
  assert_string_equal(logbuf, "");
  assert_int_equal(rt_future_state_of(rt_task_future(t)), RT_FUT_CANCELLED);
  rt_task_release(t);
}

static int self_cancel_body(void *arg, void **out) {
  (void)arg;
  assert_true(rt_task_cancel(rt_task_current(), NULL));
  logs("running@%u", iter());
  int rc = rt_sleep(5.0, NULL, out);
  logs("%s@%u", rc == RT_ECANCELLED ? "cancelled" : "slept", iter());
  return rc;
}

/* cancel() during the task's own step: its next await is cancelled as soon
 * as it suspends (asyncio's _must_cancel check after the yield). */
static void cancel_while_running_hits_the_next_await(void **state) {
  (void)state;
  rt_task *t = spawn(self_cancel_body, NULL);
  run(t);
  assert_string_equal(logbuf, "running@1 cancelled@2");
  assert_true(fp.now == 0.0);
  assert_int_equal(rt_future_state_of(rt_task_future(t)), RT_FUT_CANCELLED);
  rt_task_release(t);
}

static int await_ignore_cancel_body(void *arg, void **out) {
  void *v = NULL;
  int rc = rt_await(arg, &v);
  logs("%s", rc == RT_ECANCELLED ? "cancelled" : rc == RT_OK ? ((val *)v)->name : "?");
  if (v) val_release(NULL, v);
  *out = NULL;
  return RT_OK;
}

/* The waiter completed but its wake-up has not run yet: cancel() cannot
 * cancel it, so the step throws CancelledError anyway (_must_cancel). */
static void cancel_after_the_waiter_completed_still_cancels_at_the_await(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  rt_task *t = spawn(await_ignore_cancel_body, f);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_int_equal(rt_future_set_result(f, val_new("value")), RT_OK);
  assert_true(rt_task_cancel(t, NULL));
  assert_int_equal(rt_future_state_of(f), RT_FUT_RESULT);  /* not cancelled */
  run(t);
  assert_string_equal(logbuf, "cancelled");
  assert_int_equal(rt_future_state_of(rt_task_future(t)), RT_FUT_RESULT);
  rt_task_release(t);
  rt_future_release(f);
}

static void cancel_twice_while_waiting_delivers_one_cancellation(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  rt_task *t = spawn(await_ignore_cancel_body, f);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_true(rt_task_cancel(t, NULL));  /* cancels f */
  assert_true(rt_task_cancel(t, NULL));  /* f is done: _must_cancel */
  assert_int_equal(rt_task_cancelling(t), 2);
  run(t);
  assert_string_equal(logbuf, "cancelled");
  assert_int_equal(rt_future_state_of(rt_task_future(t)), RT_FUT_RESULT);
  rt_task_release(t);
  rt_future_release(f);
}

static int outer_body(void *arg, void **out) {
  rt_task *inner;
  assert_int_equal(rt_task_new(loop, sleep10_body, NULL, NULL, &inner), RT_OK);
  *(rt_task **)arg = inner;
  void *v = NULL;
  int rc = rt_await(rt_task_future(inner), &v);
  logs("outer %s@%u", rc == RT_ECANCELLED ? "cancelled" : "done", iter());
  *out = v;
  return rc;
}

static void cancelling_a_task_that_awaits_a_task_cancels_the_inner_one(void **state) {
  (void)state;
  rt_task *inner = NULL;
  rt_task *outer = spawn(outer_body, &inner);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);  /* outer awaits inner */
  assert_int_equal(rt_loop_run_once(loop), RT_OK);  /* inner sleeps */
  assert_non_null(inner);
  assert_true(rt_task_cancel(outer, val_new("bye")));
  assert_int_equal(rt_task_cancelling(inner), 1);  /* passed on */
  run(outer);
  assert_string_equal(logbuf, "rc=cancelled@3 msg=bye outer cancelled@4");
  assert_int_equal(rt_future_state_of(rt_task_future(inner)), RT_FUT_CANCELLED);
  assert_int_equal(rt_future_state_of(rt_task_future(outer)), RT_FUT_CANCELLED);
  rt_task_release(inner);
  rt_task_release(outer);
}

static void log_fut_cb(rt_future *f, void *arg) {
  (void)f;
  logs("%s", (const char *)arg);
}

static void done_callbacks_run_in_order_added(void **state) {
  (void)state;
  rt_task *t = spawn(log_body, "T");
  rt_future *f = rt_task_future(t);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "cb1"), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "cb2"), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "cb3"), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "T");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "T cb1 cb2 cb3");
  rt_task_release(t);
}

static int chain_body(void *arg, void **out) {
  intptr_t depth = (intptr_t)arg;
  void *v = NULL;
  int rc;
  if (depth == 1) {
    rc = rt_sleep(1.0, NULL, NULL);
    assert_int_equal(rc, RT_OK);
    *out = val_new("1");
  } else {
    rt_task *child;
    assert_int_equal(rt_task_new(loop, chain_body, (void *)(depth - 1), NULL, &child), RT_OK);
    rc = rt_await(rt_task_future(child), &v);
    assert_int_equal(rc, RT_OK);
    rt_task_release(child);
    char name[16];
    snprintf(name, sizeof name, "%d", atoi(((val *)v)->name) + 1);
    val_release(NULL, v);
    *out = val_new(name);
  }
  logs("d%d@%u", (int)depth, iter());
  return RT_OK;
}

/* Four tasks, each awaiting the next: every level costs one iteration to
 * start and one to propagate, as in asyncio. */
static void nested_await_chain_four_deep(void **state) {
  (void)state;
  rt_task *t = spawn(chain_body, (void *)4);
  run(t);
  assert_string_equal(logbuf, "d1@6 d2@7 d3@8 d4@9");
  assert_string_equal(((val *)rt_future_value(rt_task_future(t)))->name, "4");
  assert_int_equal(rt_loop_iteration(loop), 10);  /* + the stop callback */
  assert_true(fp.now == 1.0);
  rt_task_release(t);
}

static int frame(int depth) {
  if (depth == 0) return rt_sleep(1.0, NULL, NULL) == RT_OK ? 0 : -1;
  int r = frame(depth - 1);
  return r < 0 ? r : r + 1;
}

static int frames_body(void *arg, void **out) {
  (void)arg;
  int depth = frame(4);
  logs("frames=%d@%u", depth, iter());
  *out = NULL;
  return RT_OK;
}

/* Awaits through nested calls inside one task add no hops. */
static void nested_calls_in_one_task_await_without_extra_hops(void **state) {
  (void)state;
  rt_task *t = spawn(frames_body, NULL);
  run(t);
  assert_string_equal(logbuf, "frames=4@3");
  rt_task_release(t);
}

static int await_raiser_body(void *arg, void **out) {
  (void)arg;
  rt_task *child;
  assert_int_equal(rt_task_new(loop, raise_body, "boom", NULL, &child), RT_OK);
  void *e = NULL;
  int rc = rt_await(rt_task_future(child), &e);
  logs("%s:%s", rc == RT_ERAISED ? "raised" : "?", e ? ((val *)e)->name : "-");
  assert_true(rt_future_retrieved(rt_task_future(child)));
  rt_task_release(child);
  *out = e;
  return RT_OK;
}

static void task_exception_reaches_the_awaiting_task(void **state) {
  (void)state;
  rt_task *t = spawn(await_raiser_body, NULL);
  run(t);
  assert_string_equal(logbuf, "raised:boom");
  rt_task_release(t);
}

static void task_with_an_exception_completes_run_until_complete(void **state) {
  (void)state;
  rt_task *t = spawn(raise_body, "oops");
  run(t);
  rt_future *f = rt_task_future(t);
  assert_int_equal(rt_future_state_of(f), RT_FUT_EXCEPTION);
  assert_string_equal(((val *)rt_future_value(f))->name, "oops");
  assert_true(rt_future_retrieved(f));  /* run_until_complete looked at it */
  rt_task_release(t);
}

static void default_names_count_only_unnamed_tasks(void **state) {
  (void)state;
  rt_task *a = spawn(log_body, "a");
  unsigned n;
  assert_int_equal(sscanf(rt_task_name(a), "Task-%u", &n), 1);
  rt_task *b;
  rt_task_opts named = {.name = "worker"};
  assert_int_equal(rt_task_new(loop, log_body, "b", &named, &b), RT_OK);
  rt_task *c = spawn(log_body, "c");
  char want[32];
  assert_string_equal(rt_task_name(b), "worker");
  snprintf(want, sizeof want, "Task-%u", n + 1);
  assert_string_equal(rt_task_name(c), want);
  assert_int_equal(rt_task_id(b), rt_task_id(a) + 1);
  assert_int_equal(rt_task_set_name(c, "a rather long task name that needs memory"), RT_OK);
  assert_string_equal(rt_task_name(c), "a rather long task name that needs memory");
  assert_int_equal(rt_task_set_name(c, "short"), RT_OK);
  assert_string_equal(rt_task_name(c), "short");
  assert_int_equal(rt_task_set_name(c, "another quite long name, on the heap too"), RT_OK);
  run(c);
  rt_task_release(a);
  rt_task_release(b);
  rt_task_release(c);
}

static rt_task *seen_current;
static int current_body(void *arg, void **out) {
  (void)arg;
  seen_current = rt_task_current();
  assert_int_equal(rt_yield(NULL), RT_OK);
  assert_ptr_equal(rt_task_current(), seen_current);
  *out = NULL;
  return RT_OK;
}
static void current_cb(rt_loop *l, void *arg) {
  (void)l;
  *(rt_task **)arg = rt_task_current();
}

static void current_task_is_set_only_during_its_steps(void **state) {
  (void)state;
  rt_task *t = spawn(current_body, NULL);
  rt_task *in_cb = (rt_task *)1;
  assert_int_equal(rt_call_soon(loop, current_cb, &in_cb, NULL, NULL), RT_OK);
  assert_null(rt_task_current());
  run(t);
  assert_ptr_equal(seen_current, t);
  assert_null(in_cb);
  assert_null(rt_task_current());
  rt_task_release(t);
}

static void task_calls_outside_a_task_are_enotask(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  void *v;
  assert_int_equal(rt_await(f, &v), RT_ENOTASK);
  assert_int_equal(rt_yield(NULL), RT_ENOTASK);
  assert_int_equal(rt_sleep(1.0, NULL, NULL), RT_ENOTASK);
  rt_future_release(f);
}

static int await_self_body(void *arg, void **out) {
  (void)arg;
  int rc = rt_await(rt_task_future(rt_task_current()), out);
  logs("%s@%u", rc == RT_EINVAL ? "einval" : "?", iter());
  return RT_OK;
}

static void awaiting_itself_is_einval_one_iteration_later(void **state) {
  (void)state;
  rt_task *t = spawn(await_self_body, NULL);
  run(t);
  assert_string_equal(logbuf, "einval@2");
  rt_task_release(t);
}

static void future_cancel_on_a_task_is_task_cancel(void **state) {
  (void)state;
  rt_task *t = spawn(sleep10_body, NULL);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_true(rt_future_cancel(rt_task_future(t), val_new("via future")));
  assert_int_equal(rt_task_cancelling(t), 1);
  assert_false(rt_future_done(rt_task_future(t)));  /* a request, not done */
  run(t);
  assert_string_equal(logbuf, "rc=cancelled@2 msg=via future");
  rt_task_release(t);
}

static long hundred_k_done;
static int count_body(void *arg, void **out) {
  (void)arg;
  assert_int_equal(rt_yield(NULL), RT_OK);
  hundred_k_done++;
  *out = NULL;
  return RT_OK;
}

static void hundred_thousand_tasks_run_to_completion(void **state) {
  (void)state;
#if defined(COROSCOPE_TSAN)
  enum { N = 5000 };  /* TSan makes a fiber per coroutine: 8128 at most */
#else
  enum { N = 100000 };
#endif
  hundred_k_done = 0;
  rt_task **ts = malloc(N * sizeof *ts);
  assert_non_null(ts);
  for (int i = 0; i < N; i++) assert_int_equal(rt_task_new(loop, count_body, NULL, NULL, &ts[i]), RT_OK);
  run(ts[N - 1]);
  assert_int_equal(hundred_k_done, N);
  assert_int_equal(rt_loop_iteration(loop), 3);  /* first steps, second steps, stop */
  for (int i = 0; i < N; i++) {
    assert_int_equal(rt_future_state_of(rt_task_future(ts[i])), RT_FUT_RESULT);
    rt_task_release(ts[i]);
  }
  free(ts);
}

/* ------------------------------------------------------ shared stacks */

/* A body whose frames must come back intact: a local array filled with
 * its number, a pointer to its own local, recursion to a depth of its own
 * (so the saved part differs from task to task), yields in between. */
typedef struct {
  int id, depth, turns, ok;
} frames_spec;

static int check_turns(frames_spec *s, int depth) {
  volatile unsigned char mine[200];
  for (size_t i = 0; i < sizeof mine; i++) mine[i] = (unsigned char)(s->id + (int)i + depth);
  volatile unsigned char *self = mine;
  if (depth > 0) {
    if (!check_turns(s, depth - 1)) return 0;
  } else {
    for (int k = 0; k < s->turns; k++) {
      if (rt_yield(NULL) != RT_OK) return 0;
    }
  }
  if (self != mine) return 0;
  for (size_t i = 0; i < sizeof mine; i++)
    if (mine[i] != (unsigned char)(s->id + (int)i + depth)) return 0;
  return 1;
}

static int turns_body(void *arg, void **out) {
  frames_spec *s = arg;
  s->ok = check_turns(s, s->depth);
  *out = NULL;
  return RT_OK;
}

/* n tasks running body on specs sp, all on one shared stack, run to their
 * end; each must have found its frames intact. */
static void run_shared(rt_coro_fn body, frames_spec *sp, int n) {
  rt_loop_share_stacks(loop, 0);
  rt_task *ts[64];
  assert_true(n <= 64);
  for (int i = 0; i < n; i++) ts[i] = spawn(body, &sp[i]);
  for (int i = 0; i < n; i++) run(ts[i]);
  for (int i = 0; i < n; i++) {
    assert_true(sp[i].ok);
    rt_task_release(ts[i]);
  }
}

static void tasks_sharing_a_stack_get_their_own_frames_back_at_every_turn(void **state) {
  (void)state;
  static frames_spec sp[40];
  for (int i = 0; i < 40; i++) sp[i] = (frames_spec){.id = i, .depth = i % 7, .turns = 1 + i % 4};
  run_shared(turns_body, sp, 40);
}

/* Suspends shallow, then 40 calls deep (its saved frames grow past the
 * pool's largest class, 4 KiB), then shallow again. */
static int growing_body(void *arg, void **out) {
  frames_spec *s = arg;
  volatile int mine = s->id;
  s->ok = rt_yield(NULL) == RT_OK && check_turns(&(frames_spec){.id = s->id, .turns = 2}, 40) &&
          rt_yield(NULL) == RT_OK && mine == s->id;
  *out = NULL;
  return RT_OK;
}

static void a_shared_task_whose_frames_grow_keeps_them_at_every_depth(void **state) {
  (void)state;
  static frames_spec sp[6];
  for (int i = 0; i < 6; i++) sp[i] = (frames_spec){.id = 10 + i};
  run_shared(growing_body, sp, 6);
}

static void tasks_share_a_stack_only_from_the_set_number_pending(void **state) {
  (void)state;
  enum { N = 300 };
  rt_loop_share_stacks(loop, 100);
  size_t before = rt__stack_live_count();
  rt_task **ts = malloc(N * sizeof *ts);
  assert_non_null(ts);
  for (int i = 0; i < N; i++) assert_int_equal(rt_task_new(loop, count_body, NULL, NULL, &ts[i]), RT_OK);
  /* 100 tasks with a stack each, then one stack for the 200 others */
  assert_int_equal(rt__stack_live_count() - before, 101);
  hundred_k_done = 0;
  run(ts[N - 1]);
  assert_int_equal(hundred_k_done, N);
  for (int i = 0; i < N; i++) rt_task_release(ts[i]);
  free(ts);
}

static void on_a_segment(void *arg) {
  frames_spec *s = arg;
  s->ok = check_turns(s, 3);
}

/* It goes on to a segment (rt_stack_call), suspends there, and others run
 * on the shared stack in the meantime. */
static int segment_body(void *arg, void **out) {
  frames_spec *s = arg;
  volatile int below = s->id * 3;
  assert_int_equal(rt_stack_call(0, on_a_segment, s), RT_OK);
  if (below != s->id * 3) s->ok = 0;
  *out = NULL;
  return RT_OK;
}

static void a_shared_task_suspended_on_a_segment_comes_back_whole(void **state) {
  (void)state;
  rt_loop_share_stacks(loop, 0);
  static frames_spec a = {.id = 7, .turns = 3}, b = {.id = 9, .depth = 5, .turns = 2};
  rt_task *ta = spawn(segment_body, &a);
  rt_task *tb = spawn(turns_body, &b);
  run(ta);
  run(tb);
  assert_true(a.ok);
  assert_true(b.ok);
  rt_task_release(ta);
  rt_task_release(tb);
}

static rt_task *unwind_target;
static int unwind_other_body(void *arg, void **out) {
  (void)arg;
  logs("from-a-task=%d", rt_task_unwind(unwind_target));
  *out = NULL;
  return RT_OK;
}

static void a_task_unwinds_another_that_shares_its_stack(void **state) {
  (void)state;
  rt_loop_share_stacks(loop, 0);
  rt_task *s = spawn(unwound_body, "s");
  unwind_target = s;
  assert_int_equal(rt_loop_run_once(loop), RT_OK);  /* s waits */
  rt_task *o = spawn(unwind_other_body, NULL);
  run(o);
  /* s's frames came back (from a segment) while o's stood aside */
  assert_string_equal(logbuf, "first=-6 again=-6 from-a-task=0");
  assert_int_equal(rt_task_unwind(s), RT_EINVAL);  /* once */
  assert_false(rt_future_done(rt_task_future(s)));
  rt_task_release(s);
  rt_task_release(o);
}

static void an_unwound_task_stepped_later_ends_with_what_its_body_returned(void **state) {
  (void)state;
  rt_task *s = spawn(unwound_body, "s");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);  /* sleeping */
  assert_int_equal(rt_task_unwind(s), RT_OK);
  assert_false(rt_future_done(rt_task_future(s)));
  /* still waiting on its sleep's future: a cancel reaches it and steps it */
  assert_true(rt_task_cancel(s, val_new("late")));
  run(s);
  rt_future *f = rt_task_future(s);
  assert_int_equal(rt_future_state_of(f), RT_FUT_RESULT);
  assert_string_equal(((val *)rt_future_value(f))->name, "unwound");
  assert_string_equal(logbuf, "first=-6 again=-6");  /* the body ran once */
  rt_task_release(s);
}

static int yield_msg_body(void *arg, void **out) {
  (void)arg;
  void *msg = NULL;
  int rc = rt_yield(&msg);
  logs("rc=%d msg=%s", rc, msg ? ((val *)msg)->name : "-");
  *out = msg;
  return rc;
}

static void a_cancelled_yield_on_a_shared_stack_gets_its_message(void **state) {
  (void)state;
  rt_loop_share_stacks(loop, 0);
  rt_task *t = spawn(yield_msg_body, NULL);
  rt_task *u = spawn(turns_body, &(frames_spec){.id = 1, .depth = 2, .turns = 2});
  assert_int_equal(rt_loop_run_once(loop), RT_OK);  /* both suspended */
  assert_true(rt_task_cancel(t, val_new("go")));
  run(t);
  assert_string_equal(logbuf, "rc=-4 msg=go");
  run(u);
  rt_task_release(t);
  rt_task_release(u);
}

#define LONG_NAME "a task name long enough to need its own block, twice over: 0123456789"

/* A fresh loop with n tasks queued: 48 use up the first task slabs (16 +
 * 32), 64 fill the ready ring, so the next task must grow one or the other. */
static void fresh_loop_with_tasks(int n) {
  rt_loop_free(loop);
  assert_int_equal(alloc_count_live(), 0);
  assert_int_equal(rt_loop_new(&fp.p, &val_ops, &loop), RT_OK);
  for (int i = 0; i < n; i++) {
    rt_task *t;
    rt_task_opts o = {.name = "filler"};
    assert_int_equal(rt_task_new(loop, log_body, "filler", &o, &t), RT_OK);
    rt_task_release(t);
  }
}

/* Fail the 1st, 2nd, ... allocation of rt_task_new until it succeeds;
 * returns how many failed. */
static int fail_every_allocation(int fillers, const char *name) {
  int failures = 0;
  for (long n = 1;; n++) {
    fresh_loop_with_tasks(fillers);
    long live = alloc_count_live();
    frees = 0;
    logbuf[0] = '\0';
    rt_task *t = NULL;
    rt_task_opts o = {.name = name, .arg_free = count_free_cb};
    alloc_count_fail_at(n);
    int rc = rt_task_new(loop, log_body, "body", &o, &t);
    alloc_count_fail_at(0);
    if (rc == RT_OK) {
      run(t);
      assert_non_null(strstr(logbuf, "body"));
      if (name) assert_string_equal(rt_task_name(t), name);
      rt_task_release(t);
      assert_int_equal(frees, 1);
      return failures;
    }
    failures++;
    assert_int_equal(rc, RT_ENOMEM);
    assert_null(t);
    assert_int_equal(frees, 0);
    /* A failed attempt may leave a grown pool or ring behind (freed with
     * the loop); nothing else. */
    assert_true(alloc_count_live() <= live + 1);
    assert_int_equal(rt_loop_ready_count(loop), (size_t)fillers);
    assert_int_equal(rt_loop_run_once(loop), RT_OK);
    assert_null(strstr(logbuf, "body"));  /* fn never ran */
    assert_int_equal(frees, 0);       /* arg is still ours */
    assert_true(n < 100);
  }
}

static void task_new_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  /* the task slab, the long name (the coroutine allocates nothing: its
   * struct lives on its stack, and it borrows the task's name) */
  assert_int_equal(fail_every_allocation(48, LONG_NAME), 2);
  /* the long name, the ready ring */
  assert_int_equal(fail_every_allocation(64, LONG_NAME), 2);
  /* the ready ring */
  assert_int_equal(fail_every_allocation(64, NULL), 1);
}

static void failed_unnamed_task_new_uses_up_no_task_number(void **state) {
  (void)state;
  rt_task *probe = spawn(log_body, "probe");
  unsigned n0, n1;
  assert_int_equal(sscanf(rt_task_name(probe), "Task-%u", &n0), 1);
  rt_task_release(probe);
  int failures = 0;
  for (long n = 1;; n++) {
    fresh_loop_with_tasks(48);
    rt_task *t = NULL;
    alloc_count_fail_at(n);
    int rc = rt_task_new(loop, log_body, "x", NULL, &t);
    alloc_count_fail_at(0);
    if (rc == RT_OK) {
      rt_task_release(t);
      break;
    }
    failures++;
  }
  assert_int_equal(failures, 1);  /* the task slab */
  rt_task *after = spawn(log_body, "after");
  assert_int_equal(sscanf(rt_task_name(after), "Task-%u", &n1), 1);
  assert_int_equal(n1, n0 + 2);  /* only the successful attempt counted */
  rt_task_release(after);
}

static int wait_forever_body(void *arg, void **out) {
  (void)out;
  rt_await(arg, NULL);
  fail_msg("a task of a freed loop ran on");
  return RT_OK;
}

static void loop_free_with_pending_tasks_frees_everything(void **state) {
  (void)state;
  frees = 0;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  rt_task_opts o = {.arg_free = count_free_cb};
  rt_task *ts[5];
  assert_int_equal(rt_task_new(loop, sleep10_body, NULL, &o, &ts[0]), RT_OK);
  assert_int_equal(rt_task_new(loop, wait_forever_body, f, &o, &ts[1]), RT_OK);
  assert_int_equal(rt_task_new(loop, yield3_body, "Y", &o, &ts[2]), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_int_equal(rt_task_new(loop, log_body, "never", &o, &ts[3]), RT_OK);
  assert_int_equal(rt_task_new(loop, wait_forever_body, f, &o, &ts[4]), RT_OK);
  rt_task_release(ts[4]);  /* only the loop holds this one */
  assert_int_equal(frees, 0);
  rt_loop_free(loop);
  loop = NULL;
  assert_int_equal(frees, 1);
  for (int i = 0; i < 4; i++) {
    assert_false(rt_future_done(rt_task_future(ts[i])));
    rt_task_release(ts[i]);
  }
  assert_int_equal(frees, 5);
  assert_true(rt_future_set_result(f, NULL) == RT_OK);
  rt_future_release(f);
  assert_null(strstr(logbuf, "never"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, loop_setup, loop_teardown)
      T(first_step_is_scheduled_with_call_soon_at_creation),
      T(task_result_is_its_future_result),
      T(sleeping_task_resumes_two_iterations_after_its_timer_fires),
      T(call_soon_order_against_task_wakeups),
      T(sleep0_round_robins_three_tasks),
      T(sleep_zero_is_a_bare_yield_and_hands_back_its_result),
      T(sleep_hands_back_its_result_at_its_deadline),
      T(awaiting_a_done_future_does_not_suspend),
      T(cancel_before_first_step_never_runs_the_body),
      T(unwinding_a_suspended_task_ends_each_wait_at_once_and_leaves_it_pending),
      T(cancel_during_sleep_reaches_the_await),
      T(cancel_caught_and_ignored_task_completes),
      T(cancel_caught_and_reraised_task_is_cancelled),
      T(cancelling_and_uncancel_count_as_in_3_11),
      T(cancel_while_running_hits_the_next_await),
      T(cancel_after_the_waiter_completed_still_cancels_at_the_await),
      T(cancel_twice_while_waiting_delivers_one_cancellation),
      T(cancelling_a_task_that_awaits_a_task_cancels_the_inner_one),
      T(done_callbacks_run_in_order_added),
      T(nested_await_chain_four_deep),
      T(nested_calls_in_one_task_await_without_extra_hops),
      T(task_exception_reaches_the_awaiting_task),
      T(task_with_an_exception_completes_run_until_complete),
      T(default_names_count_only_unnamed_tasks),
      T(current_task_is_set_only_during_its_steps),
      T(task_calls_outside_a_task_are_enotask),
      T(awaiting_itself_is_einval_one_iteration_later),
      T(future_cancel_on_a_task_is_task_cancel),
      T(hundred_thousand_tasks_run_to_completion),
      T(tasks_sharing_a_stack_get_their_own_frames_back_at_every_turn),
      T(a_shared_task_whose_frames_grow_keeps_them_at_every_depth),
      T(tasks_share_a_stack_only_from_the_set_number_pending),
      T(a_shared_task_suspended_on_a_segment_comes_back_whole),
      T(a_task_unwinds_another_that_shares_its_stack),
      T(an_unwound_task_stepped_later_ends_with_what_its_body_returned),
      T(a_cancelled_yield_on_a_shared_stack_gets_its_message),
      T(task_new_fails_cleanly_at_every_allocation),
      T(failed_unnamed_task_new_uses_up_no_task_number),
      T(loop_free_with_pending_tasks_frees_everything),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
