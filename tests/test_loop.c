/* test_loop.c: the event loop: FIFO of handles, one iteration at a time,
 * stop semantics, idle waits, the thread-safe queue, lifetime. */
#include "rt_test.h"

static void soon(const char *name) {
  assert_int_equal(rt_call_soon(loop, log_cb, (void *)name, NULL, NULL), RT_OK);
}

static void call_soon_runs_in_fifo_order(void **state) {
  (void)state;
  soon("A");
  soon("B");
  soon("C");
  assert_int_equal(rt_loop_ready_count(loop), 3);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "A B C");
  assert_int_equal(rt_loop_ready_count(loop), 0);
}

static void schedule_a2_cb(rt_loop *l, void *arg) {
  (void)arg;
  logs("A");
  assert_int_equal(rt_call_soon(l, log_cb, "A2", NULL, NULL), RT_OK);
}

static void iteration_runs_only_handles_queued_when_it_began(void **state) {
  (void)state;
  assert_int_equal(rt_call_soon(loop, schedule_a2_cb, NULL, NULL, NULL), RT_OK);
  soon("B");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "A B");
  assert_int_equal(rt_loop_ready_count(loop), 1);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "A B A2");
  assert_int_equal(rt_loop_iteration(loop), 2);
}

/* asyncio: due timers are appended to _ready after what is already there. */
static void call_soon_runs_before_a_due_timer_scheduled_later(void **state) {
  (void)state;
  soon("soon");
  assert_int_equal(rt_call_at(loop, 0.0, log_cb, "timer", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "soon timer");
}

static void call_soon_runs_before_a_due_timer_scheduled_earlier(void **state) {
  (void)state;
  assert_int_equal(rt_call_at(loop, 0.0, log_cb, "timer", NULL, NULL), RT_OK);
  soon("soon");
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "soon timer");
}

static void cancelled_handle_does_not_run_but_is_freed_once(void **state) {
  (void)state;
  frees = 0;
  rt_handle *h;
  assert_int_equal(rt_call_soon(loop, log_cb, "A", count_free_cb, &h), RT_OK);
  soon("B");
  assert_false(rt_handle_cancelled(h));
  rt_handle_cancel(h);
  rt_handle_cancel(h);  /* idempotent */
  assert_true(rt_handle_cancelled(h));
  assert_true(rt_handle_when(h) < 0);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "B");
  assert_int_equal(frees, 0);  /* the caller still holds h */
  rt_handle_release(h);
  assert_int_equal(frees, 1);
}

static void free_cb_runs_once_whether_run_or_dropped(void **state) {
  (void)state;
  frees = 0;
  assert_int_equal(rt_call_soon(loop, log_cb, "ran", count_free_cb, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_int_equal(frees, 1);
  assert_int_equal(rt_call_soon(loop, log_cb, "dropped", count_free_cb, NULL), RT_OK);
  assert_int_equal(rt_call_later(loop, 5, log_cb, "dropped", count_free_cb, NULL), RT_OK);
  rt_loop_free(loop);
  loop = NULL;
  assert_int_equal(frees, 3);
  assert_string_equal(logbuf, "ran");
}

static void stop_cb(rt_loop *l, void *arg) {
  logs("%s", (const char *)arg);
  rt_loop_stop(l);
}

static void stop_before_run_forever_runs_one_iteration(void **state) {
  (void)state;
  rt_loop_stop(loop);
  assert_int_equal(rt_call_soon(loop, schedule_a2_cb, NULL, NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_forever(loop), RT_OK);
  assert_string_equal(logbuf, "A");
  assert_int_equal(rt_loop_iteration(loop), 1);
  assert_int_equal(fp.waits, 0);  /* stopping: no idle wait */
  /* The request was consumed: the next run goes on until stopped again. */
  assert_int_equal(rt_call_soon(loop, stop_cb, "stop", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_forever(loop), RT_OK);
  assert_string_equal(logbuf, "A A2 stop");
}

static void stop_inside_a_callback_finishes_the_iteration(void **state) {
  (void)state;
  assert_int_equal(rt_call_soon(loop, stop_cb, "stop", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_soon(loop, schedule_a2_cb, NULL, NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_forever(loop), RT_OK);
  assert_string_equal(logbuf, "stop A");
  assert_int_equal(rt_loop_ready_count(loop), 1);
  assert_false(rt_loop_is_running(loop));
}

static int nested_rc[4];
static void nest_cb(rt_loop *l, void *arg) {
  rt_loop *other = arg;
  rt_future *f;
  nested_rc[0] = rt_loop_run_once(l);
  nested_rc[1] = rt_loop_run_forever(l);
  assert_int_equal(rt_future_new(l, &f), RT_OK);
  nested_rc[2] = rt_loop_run_until_complete(l, f);
  rt_future_release(f);
  nested_rc[3] = rt_loop_run_once(other);  /* another l on this thread */
  assert_true(rt_loop_is_running(l));
  assert_ptr_equal(rt_loop_running(), l);
}

static void running_loop_refuses_to_run_again(void **state) {
  (void)state;
  rt_loop *other;
  assert_int_equal(rt_loop_new(&fp.p, NULL, &other), RT_OK);
  assert_null(rt_loop_running());
  assert_int_equal(rt_call_soon(loop, nest_cb, other, NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  for (int i = 0; i < 4; i++) assert_int_equal(nested_rc[i], RT_ERUNNING);
  assert_null(rt_loop_running());
  rt_loop_free(other);
}

static void set_result_cb(rt_loop *l, void *arg) {
  logs("A");
  assert_int_equal(rt_future_set_result(arg, NULL), RT_OK);
  assert_int_equal(rt_call_soon(l, schedule_a2_cb, NULL, NULL, NULL), RT_OK);
}

/* asyncio's run_until_complete stops through a done callback, so the
 * iteration after the future completes still runs in full. */
static void run_until_complete_stops_one_iteration_after_the_future_is_done(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_call_soon(loop, set_result_cb, f, NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, f), RT_OK);
  assert_string_equal(logbuf, "A A");  /* set_result_cb, then schedule_a2_cb */
  assert_int_equal(rt_loop_iteration(loop), 2);
  assert_int_equal(rt_loop_ready_count(loop), 1);  /* A2 waits */
  rt_future_release(f);
}

static void run_until_complete_of_a_done_future_runs_one_iteration(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_future_set_result(f, NULL), RT_OK);
  soon("A");
  assert_int_equal(rt_loop_run_until_complete(loop, f), RT_OK);
  assert_string_equal(logbuf, "A");
  assert_int_equal(rt_loop_iteration(loop), 1);
  rt_future_release(f);
}

static void run_until_complete_returns_estopped_when_stopped_first(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_call_soon(loop, stop_cb, "stop", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, f), RT_ESTOPPED);
  assert_false(rt_future_done(f));
  /* its stop callback was removed: completing f now schedules nothing */
  assert_int_equal(rt_future_set_result(f, NULL), RT_OK);
  assert_int_equal(rt_loop_ready_count(loop), 0);
  rt_future_release(f);
}

static void run_until_complete_refuses_a_future_of_another_loop(void **state) {
  (void)state;
  rt_loop *other;
  rt_future *f;
  assert_int_equal(rt_loop_new(&fp.p, NULL, &other), RT_OK);
  assert_int_equal(rt_future_new(other, &f), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, f), RT_EINVAL);
  rt_future_release(f);
  rt_loop_free(other);
}

static void deadlock_is_reported_when_nothing_can_ever_run(void **state) {
  (void)state;
  rt_future *f;
  assert_int_equal(rt_loop_run_forever(loop), RT_EDEADLOCK);
  assert_false(rt_loop_is_running(loop));
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, f), RT_EDEADLOCK);
  rt_future_release(f);
}

static void idle_wait_jumps_to_the_earliest_timer(void **state) {
  (void)state;
  assert_int_equal(rt_call_later(loop, 7.0, log_cb, "late", NULL, NULL), RT_OK);
  assert_int_equal(rt_call_later(loop, 2.5, log_cb, "early", NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_string_equal(logbuf, "early");
  assert_true(fp.now == 2.5);
  assert_true(fp.last_deadline == 2.5);
  assert_int_equal(fp.waits, 1);
  assert_int_equal(rt_loop_timer_count(loop), 1);
}

static void loop_free_drops_pending_handles_and_timers(void **state) {
  (void)state;
  frees = 0;
  for (int i = 0; i < 3; i++) {
    assert_int_equal(rt_call_soon(loop, log_cb, "soon", count_free_cb, NULL), RT_OK);
    assert_int_equal(rt_call_later(loop, i, log_cb, "later", count_free_cb, NULL), RT_OK);
  }
  rt_loop_free(loop);
  loop = NULL;
  assert_int_equal(frees, 6);
  assert_string_equal(logbuf, "");
}

static void fut_log_cb(rt_future *f, void *arg) {
  (void)f;
  logs("%s", (const char *)arg);
}

static void references_may_outlive_the_loop(void **state) {
  (void)state;
  rt_handle *h, *t;
  rt_future *f;
  assert_int_equal(rt_call_soon(loop, log_cb, "A", NULL, &h), RT_OK);
  assert_int_equal(rt_call_later(loop, 1, log_cb, "B", NULL, &t), RT_OK);
  assert_int_equal(rt_future_new(loop, &f), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, fut_log_cb, "never"), RT_OK);
  rt_loop_free(loop);
  loop = NULL;
  assert_true(alloc_count_live() > 0);
  assert_false(rt_handle_cancelled(h));
  rt_handle_release(h);
  rt_handle_release(t);
  assert_true(alloc_count_live() > 0);
  rt_future_release(f);  /* the last reference frees the loop */
  assert_int_equal(alloc_count_live(), 0);
}

static rt_loop *seen_running;
static void note_running_cb(rt_loop *l, void *arg) {
  (void)l;
  (void)arg;
  seen_running = rt_loop_running();
}

static void running_loop_is_set_only_while_it_runs(void **state) {
  (void)state;
  assert_null(rt_loop_running());
  assert_false(rt_loop_is_running(loop));
  assert_int_equal(rt_call_soon(loop, note_running_cb, NULL, NULL, NULL), RT_OK);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_ptr_equal(seen_running, loop);
  assert_null(rt_loop_running());
}

static int chain_left;
static void chain_cb(rt_loop *l, void *arg) {
  if (--chain_left > 0) assert_int_equal(rt_call_soon(l, chain_cb, arg, NULL, NULL), RT_OK);
}

static void clock_is_read_at_most_once_per_iteration_while_handles_are_ready(void **state) {
  (void)state;
  /* A timer pending: the loop needs the clock, once per iteration. */
  assert_int_equal(rt_call_later(loop, 100, log_cb, "far", NULL, NULL), RT_OK);
  chain_left = 10;
  assert_int_equal(rt_call_soon(loop, chain_cb, NULL, NULL, NULL), RT_OK);
  long reads0 = fp.now_calls;
  uint64_t it0 = rt_loop_iteration(loop);
  while (chain_left > 0) assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_int_equal(fp.now_calls - reads0, (long)(rt_loop_iteration(loop) - it0));
  assert_int_equal(fp.waits, 0);
}

static void clock_is_not_read_with_no_timer_and_no_hook(void **state) {
  (void)state;
  chain_left = 10;
  assert_int_equal(rt_call_soon(loop, chain_cb, NULL, NULL, NULL), RT_OK);
  long reads0 = fp.now_calls;
  while (chain_left > 0) assert_int_equal(rt_loop_run_once(loop), RT_OK);
  assert_int_equal(fp.now_calls, reads0);
}

static void call_soon_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  /* Schedule until the next call_soon needs memory (the pool's first slab
   * is used up): then it must grow both the ready ring and the pool. */
  assert_int_equal(rt_call_soon(loop, log_cb, "x", NULL, NULL), RT_OK);
  int queued = 1;
  for (;;) {
    alloc_count_fail_at(1);
    int rc = rt_call_soon(loop, log_cb, "x", NULL, NULL);
    alloc_count_fail_at(0);
    if (rc == RT_ENOMEM) break;
    assert_int_equal(rc, RT_OK);
    queued++;
  }
  assert_true(queued > 1);
  int failures = 0;
  for (long n = 1;; n++) {
    long live = alloc_count_live();
    frees = 0;
    alloc_count_fail_at(n);
    int rc = rt_call_soon(loop, log_cb, "z", count_free_cb, NULL);
    alloc_count_fail_at(0);
    if (rc == RT_OK) break;
    failures++;
    assert_int_equal(rc, RT_ENOMEM);
    assert_int_equal(alloc_count_live(), live);
    assert_int_equal(frees, 0);
  }
  assert_int_equal(failures, 2);  /* the ring, then the slab */
  assert_int_equal(rt_loop_ready_count(loop), (size_t)queued + 1);
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  size_t nx = 0, nz = 0;
  for (const char *c = logbuf; *c; c++) {
    nx += *c == 'x';
    nz += *c == 'z';
  }
  assert_int_equal(nx, (size_t)queued);
  assert_int_equal(nz, 1);
  assert_int_equal(frees, 1);
}

static void loop_ids_are_distinct_and_report_the_platform(void **state) {
  (void)state;
  rt_loop *other;
  assert_int_equal(rt_loop_new(&fp.p, NULL, &other), RT_OK);
  assert_true(rt_loop_id(loop) >= 1);
  assert_true(rt_loop_id(other) > rt_loop_id(loop));
  assert_ptr_equal(rt_loop_platform(loop), &fp.p);
  assert_true(rt_loop_time(loop) == 0.0);
  rt_loop_free(other);
}

/* -------------------------------------------------- the real platform */

/* The threaded test counts allocations with alloc_count too: its
 * counters are atomic. */

#define TS_CALLS 200

typedef struct producer {
  rt_loop *loop;
  rt_platform *p;
  atomic_int started;
} producer;

static int ts_ran;
static void ts_count_cb(rt_loop *l, void *arg) {
  (void)arg;
  if (++ts_ran == TS_CALLS) rt_loop_stop(l);
}

static void producer_main(void *arg) {
  producer *pr = arg;
  atomic_store(&pr->started, 1);
  for (int i = 0; i < TS_CALLS; i++) {
    if (i % 50 == 0) pr->p->sleep(pr->p, 0.002);  /* let the loop go idle */
    assert_int_equal(rt_call_soon_threadsafe(pr->loop, ts_count_cb, NULL, NULL), RT_OK);
  }
}

static void call_soon_threadsafe_wakes_an_idle_loop(void **state) {
  (void)state;
  alloc_count_install();
  rt_platform *p = rt_platform_real();
  producer pr = {.p = p};
  atomic_init(&pr.started, 0);
  ts_ran = 0;
  assert_int_equal(rt_loop_new(NULL, NULL, &pr.loop), RT_OK);
  rt_thread *th;
  assert_int_equal(p->thread_start(p, "producer", producer_main, &pr, &th), RT_OK);
  assert_int_equal(rt_loop_run_forever(pr.loop), RT_OK);
  assert_int_equal(ts_ran, TS_CALLS);
  assert_int_equal(p->thread_join(th), RT_OK);
  rt_loop_free(pr.loop);
  assert_int_equal(alloc_count_live(), 0);
}

static void real_poller_wait_honours_deadline_and_wake(void **state) {
  (void)state;
  rt_platform *p = rt_platform_real();
  rt_poller *po;
  assert_int_equal(p->poller_new(p, &po), RT_OK);
  double t0 = p->now(p);
  assert_int_equal(p->poller_wait(po, t0 + 0.02), RT_OK);
  double t1 = p->now(p);
  assert_true(t1 >= t0 + 0.02);
  assert_true(t1 < t0 + 1.0);
  p->poller_wake(po);  /* a wake-up before the wait ends it at once */
  assert_int_equal(p->poller_wait(po, t1 + 10.0), RT_OK);
  assert_true(p->now(p) < t1 + 1.0);
  assert_int_equal(p->poller_wait(po, t1 - 1.0), RT_OK);  /* past: no wait */
  p->poller_free(po);
}

static void real_cond_wait_times_out_at_its_deadline(void **state) {
  (void)state;
  rt_platform *p = rt_platform_real();
  rt_mutex *m;
  rt_cond *c;
  assert_int_equal(p->mutex_new(p, &m), RT_OK);
  assert_int_equal(p->cond_new(p, &c), RT_OK);
  p->mutex_lock(m);
  double t0 = p->now(p);
  assert_int_equal(p->cond_wait(c, m, t0 + 0.02), RT_ETIMEDOUT);
  assert_true(p->now(p) >= t0 + 0.02);
  p->mutex_unlock(m);
  p->cond_signal(c);
  p->cond_broadcast(c);
  p->cond_free(c);
  p->mutex_free(m);
  double s0 = p->now(p);
  p->sleep(p, 0.01);
  assert_true(p->now(p) >= s0 + 0.01);
  assert_true(p->wall_ns(p) > 0);
  assert_string_equal(p->name, "real");
}

typedef struct waker {
  rt_platform *p;
  rt_mutex *m;
  rt_cond *c;
  int flag;
} waker;

static void waker_main(void *arg) {
  waker *w = arg;
  w->p->sleep(w->p, 0.01);
  w->p->mutex_lock(w->m);
  w->flag = 1;
  w->p->cond_signal(w->c);
  w->p->mutex_unlock(w->m);
}

static void real_cond_wait_wakes_on_signal_from_another_thread(void **state) {
  (void)state;
  rt_platform *p = rt_platform_real();
  waker w = {.p = p};
  assert_int_equal(p->mutex_new(p, &w.m), RT_OK);
  assert_int_equal(p->cond_new(p, &w.c), RT_OK);
  rt_thread *th;
  assert_int_equal(p->thread_start(p, "waker", waker_main, &w, &th), RT_OK);
  p->mutex_lock(w.m);
  double deadline = p->now(p) + 30.0;
  while (!w.flag) assert_int_equal(p->cond_wait(w.c, w.m, deadline), RT_OK);
  p->mutex_unlock(w.m);
  assert_int_equal(p->thread_join(th), RT_OK);
  p->cond_free(w.c);
  p->mutex_free(w.m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, loop_setup_unowned, loop_teardown)
      T(call_soon_runs_in_fifo_order),
      T(iteration_runs_only_handles_queued_when_it_began),
      T(call_soon_runs_before_a_due_timer_scheduled_later),
      T(call_soon_runs_before_a_due_timer_scheduled_earlier),
      T(cancelled_handle_does_not_run_but_is_freed_once),
      T(free_cb_runs_once_whether_run_or_dropped),
      T(stop_before_run_forever_runs_one_iteration),
      T(stop_inside_a_callback_finishes_the_iteration),
      T(running_loop_refuses_to_run_again),
      T(run_until_complete_stops_one_iteration_after_the_future_is_done),
      T(run_until_complete_of_a_done_future_runs_one_iteration),
      T(run_until_complete_returns_estopped_when_stopped_first),
      T(run_until_complete_refuses_a_future_of_another_loop),
      T(deadlock_is_reported_when_nothing_can_ever_run),
      T(idle_wait_jumps_to_the_earliest_timer),
      T(loop_free_drops_pending_handles_and_timers),
      T(references_may_outlive_the_loop),
      T(running_loop_is_set_only_while_it_runs),
      T(clock_is_read_at_most_once_per_iteration_while_handles_are_ready),
      T(clock_is_not_read_with_no_timer_and_no_hook),
      T(call_soon_fails_cleanly_at_every_allocation),
      T(loop_ids_are_distinct_and_report_the_platform),
#undef T
      cmocka_unit_test(call_soon_threadsafe_wakes_an_idle_loop),
      cmocka_unit_test(real_poller_wait_honours_deadline_and_wake),
      cmocka_unit_test(real_cond_wait_times_out_at_its_deadline),
      cmocka_unit_test(real_cond_wait_wakes_on_signal_from_another_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
