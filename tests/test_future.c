/* test_future.c: futures: outcomes, value ownership through rt_value_ops,
 * done callbacks scheduled with call_soon in the order added. */
#include "rt_test.h"

static void log_fut_cb(rt_future *f, void *arg) {
  assert_true(rt_future_done(f));
  logs("%s", (const char *)arg);
}

static rt_future *new_future(void) {
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  return f;
}

static void done_callbacks_run_in_order_added(void **state) {
  (void)state;
  rt_future *f = new_future();
  static const char *names[] = {"1", "2", "3", "4", "5", "6"};
  for (int i = 0; i < 6; i++) assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, (void *)names[i]), RT_OK);
  assert_int_equal(rt_future_set_result(f, NULL), RT_OK);
  assert_string_equal(logbuf, "");  /* scheduled with call_soon, not called */
  assert_int_equal(rt_loop_ready_count(loop), 6);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "1 2 3 4 5 6");
  rt_future_release(f);
}

static void done_callbacks_queue_behind_handles_already_ready(void **state) {
  (void)state;
  rt_future *f = new_future();
  assert_int_equal(rt_call_soon(loop, log_cb, "before", NULL, NULL), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "cb1"), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "cb2"), RT_OK);
  assert_int_equal(rt_future_set_result(f, NULL), RT_OK);
  assert_int_equal(rt_call_soon(loop, log_cb, "after", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "before cb1 cb2 after");
  rt_future_release(f);
}

static void add_done_cb_on_a_done_future_schedules_it_at_once(void **state) {
  (void)state;
  rt_future *f = new_future();
  assert_int_equal(rt_future_set_result(f, NULL), RT_OK);
  assert_int_equal(rt_call_soon(loop, log_cb, "first", NULL, NULL), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "late"), RT_OK);
  rt_future_release(f);  /* the scheduled callback keeps f alive */
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "first late");
}

static void remove_done_cb_removes_every_registration_of_the_pair(void **state) {
  (void)state;
  rt_future *f = new_future();
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "a"), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "b"), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "a"), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "c"), RT_OK);
  assert_int_equal(rt_future_remove_done_cb(f, log_fut_cb, "a"), 2);
  assert_int_equal(rt_future_remove_done_cb(f, log_fut_cb, "zz"), 0);
  assert_int_equal(rt_future_set_result(f, NULL), RT_OK);
  assert_int_equal(rt_future_remove_done_cb(f, log_fut_cb, "b"), 0);  /* scheduled */
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "b c");
  rt_future_release(f);
}

static void result_is_owned_by_the_future_and_viewed_borrowed(void **state) {
  (void)state;
  rt_future *f = new_future();
  val *v = val_new("v");
  assert_int_equal(rt_future_state_of(f), RT_FUT_PENDING);
  assert_null(rt_future_value(f));
  assert_int_equal(rt_future_set_result(f, v), RT_OK);  /* takes our ref */
  assert_int_equal(rt_future_state_of(f), RT_FUT_RESULT);
  assert_ptr_equal(rt_future_value(f), v);
  assert_int_equal(v->refs, 1);
  rt_future_release(f);  /* releases v through the ops */
}

static void set_result_twice_is_estate_and_the_value_stays_the_callers(void **state) {
  (void)state;
  rt_future *f = new_future();
  val *a = val_new("a"), *b = val_new("b");
  assert_int_equal(rt_future_set_result(f, a), RT_OK);
  assert_int_equal(rt_future_set_result(f, b), RT_ESTATE);
  assert_int_equal(rt_future_set_exception(f, b), RT_ESTATE);
  assert_false(rt_future_cancel(f, b));
  assert_int_equal(b->refs, 1);
  val_release(NULL, b);
  assert_ptr_equal(rt_future_value(f), a);
  rt_future_release(f);
}

static void exception_is_retrieved_only_when_marked(void **state) {
  (void)state;
  rt_future *f = new_future();
  val *e = val_new("boom");
  assert_int_equal(rt_future_set_exception(f, e), RT_OK);
  assert_int_equal(rt_future_state_of(f), RT_FUT_EXCEPTION);
  assert_false(rt_future_retrieved(f));
  rt_future_mark_retrieved(f);
  assert_true(rt_future_retrieved(f));
  assert_ptr_equal(rt_future_value(f), e);
  rt_future_release(f);
}

static void cancel_schedules_callbacks_and_keeps_the_message(void **state) {
  (void)state;
  rt_future *f = new_future();
  val *msg = val_new("why");
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "cb"), RT_OK);
  assert_true(rt_future_cancel(f, msg));
  assert_int_equal(rt_future_state_of(f), RT_FUT_CANCELLED);
  assert_ptr_equal(rt_future_value(f), msg);
  assert_false(rt_future_cancel(f, NULL));
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "cb");
  rt_future_release(f);
}

static void future_ids_increase_process_wide(void **state) {
  (void)state;
  rt_loop *other;
  assert_int_equal(rt_loop_new(&fp.p, NULL, &other), RT_OK);
  rt_future *a = new_future(), *b, *c;
  assert_int_equal(rt_future_new(other, &b), RT_OK);
  c = new_future();
  assert_true(rt_future_id(a) >= 1);
  assert_int_equal(rt_future_id(b), rt_future_id(a) + 1);
  assert_int_equal(rt_future_id(c), rt_future_id(a) + 2);
  assert_ptr_equal(rt_future_loop(b), other);
  assert_null(rt_task_of(a));
  assert_int_equal(rt_future_wait_kind(a), RT_WAIT_FUTURE);
  rt_future_set_wait_kind(a, RT_WAIT_LOCK);
  assert_int_equal(rt_future_wait_kind(a), RT_WAIT_LOCK);
  rt_future_release(a);
  rt_future_release(b);
  rt_future_release(c);
  rt_loop_free(other);
}

static void retain_and_release_balance(void **state) {
  (void)state;
  rt_future *f = new_future();
  rt_future_retain(f);
  rt_future_release(f);
  assert_false(rt_future_done(f));
  rt_future_release(f);
  rt_future_release(NULL);
}

static void future_freed_with_callbacks_pending_drops_them(void **state) {
  (void)state;
  rt_future *f = new_future();
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "never"), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "never"), RT_OK);
  rt_future_release(f);
  assert_int_equal(rt_loop_ready_count(loop), 0);
}

static void add_done_cb_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  rt_future *f = new_future();
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "one"), RT_OK);
  int failures = 0;
  for (long n = 1;; n++) {
    long live = alloc_count_live();
    alloc_count_fail_at(n);
    int rc = rt_future_add_done_cb(f, log_fut_cb, "two");
    alloc_count_fail_at(0);
    if (rc == RT_OK) break;
    failures++;
    assert_int_equal(rc, RT_ENOMEM);
    assert_int_equal(alloc_count_live(), live);
  }
  assert_int_equal(failures, 1);  /* the callback array (handles are pooled) */
  assert_int_equal(rt_future_set_result(f, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "one two");
  rt_future_release(f);
}

static void completing_a_future_of_a_closed_loop_drops_its_callbacks(void **state) {
  (void)state;
  rt_future *f = new_future();
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "never"), RT_OK);
  rt_loop_free(loop);
  loop = NULL;
  assert_int_equal(rt_future_set_result(f, val_new("late")), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, log_fut_cb, "never"), RT_ECLOSED);
  rt_future_release(f);
  assert_string_equal(logbuf, "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, loop_setup, loop_teardown)
      T(done_callbacks_run_in_order_added),
      T(done_callbacks_queue_behind_handles_already_ready),
      T(add_done_cb_on_a_done_future_schedules_it_at_once),
      T(remove_done_cb_removes_every_registration_of_the_pair),
      T(result_is_owned_by_the_future_and_viewed_borrowed),
      T(set_result_twice_is_estate_and_the_value_stays_the_callers),
      T(exception_is_retrieved_only_when_marked),
      T(cancel_schedules_callbacks_and_keeps_the_message),
      T(future_ids_increase_process_wide),
      T(retain_and_release_balance),
      T(future_freed_with_callbacks_pending_drops_them),
      T(add_done_cb_fails_cleanly_at_every_allocation),
      T(completing_a_future_of_a_closed_loop_drops_its_callbacks),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
