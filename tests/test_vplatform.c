/* test_vplatform.c: the virtual platform: the clock that jumps, time.sleep,
 * deterministic virtual threads, the deadlock and its report. */
#include "ctx_int.h"
#include "sim_test.h"

/* rt_teardown, and no coroutine stack left either. */
static int teardown(void **state) {
  rt_teardown(state);
  assert_int_equal(rt__stack_live_count(), 0);
  return 0;
}

/* sim_run(fn, arg) on the virtual platform ends normally, and so does fn. */
static void run_ok(sim_main_fn fn, void *arg) {
  int status = -1;
  assert_int_equal(sim_run(NULL, fn, arg, &status), RT_OK);
  assert_int_equal(status, RT_OK);
}

/* ------------------------------------------------------------- clock */

typedef struct clk {
  rt_platform *p;
  double at_start, after_sleep, after_timer, loop_time;
} clk;

static int clock_task(void *arg, void **out) {
  clk *c = arg;
  *out = NULL;
  c->at_start = c->p->now(c->p);
  int rc = rt_sleep(1.5, NULL, NULL);       /* asyncio.sleep: a timer */
  c->after_timer = c->p->now(c->p);
  c->p->sleep(c->p, 0.25);                  /* time.sleep: blocks the loop */
  c->after_sleep = c->p->now(c->p);
  c->loop_time = rt_loop_time(rt_loop_running());
  return rc;
}

static int clock_main(rt_platform *p, void *arg) {
  clk *c = arg;
  c->p = p;
  assert_true(sim_platform_is_virtual(p));
  assert_true(p->now(p) == 0.0);
  return sc_run_task(p, clock_task, c, NULL);
}

static void clock_starts_at_zero_jumps_to_timers_and_moves_by_sleeps(void **state) {
  (void)state;
  clk c = {0};
  run_ok(clock_main, &c);
  assert_true(c.at_start == 0.0);
  assert_true(c.after_timer == 1.5);   /* exactly the deadline */
  assert_true(c.after_sleep == 1.75);  /* exactly by the sleep */
  assert_true(c.loop_time == 1.75);    /* loop.time() reads the same clock */
}

/* ------------------- time.sleep in one thread, a timer in another */

typedef struct two {
  rt_platform *p;
  double timer_at, sleeper_at, order[2];
  int n;
} two;

static void sleeping_thread(void *arg) {
  two *t = arg;
  t->p->sleep(t->p, 1.0);
  t->sleeper_at = t->p->now(t->p);
  t->order[t->n++] = 2;
}

static int timer_task(void *arg, void **out) {
  two *t = arg;
  *out = NULL;
  int rc = rt_sleep(0.5, NULL, NULL);
  t->timer_at = rt_loop_time(rt_loop_running());
  t->order[t->n++] = 1;
  return rc;
}

/* Starts thread_fn(arg) on a second virtual thread (named name), runs
 * body(arg) as the main task of a loop on this one, joins the thread: the
 * loop's result code. */
static int run_beside_a_thread(rt_platform *p, const char *name, void (*thread_fn)(void *),
                               rt_coro_fn body, void *arg) {
  rt_thread *th;
  assert_int_equal(p->thread_start(p, name, thread_fn, arg, &th), RT_OK);
  int rc = sc_run_task(p, body, arg, NULL);
  assert_int_equal(p->thread_join(th), RT_OK);
  return rc;
}

static int two_main(rt_platform *p, void *arg) {
  ((two *)arg)->p = p;
  return run_beside_a_thread(p, "sleeper", sleeping_thread, timer_task, arg);
}

static void time_sleep_in_one_thread_while_another_waits_on_a_timer(void **state) {
  (void)state;
  two t = {0};
  run_ok(two_main, &t);
  /* The timer fires at 0.5 while the other thread still sleeps until 1.0:
   * a sleeping thread holds only itself. */
  assert_true(t.timer_at == 0.5);
  assert_true(t.sleeper_at == 1.0);
  assert_int_equal(t.n, 2);
  assert_true(t.order[0] == 1 && t.order[1] == 2);
}

/* The loop's own thread sleeps: its loop is blocked, another thread's loop
 * keeps firing its timers meanwhile. */
typedef struct blk {
  rt_platform *p;
  double other_fired;
  double blocked_until;
} blk;

static int short_sleeper(void *arg, void **out) {
  blk *b = arg;
  *out = NULL;
  int rc = rt_sleep(0.25, NULL, NULL);
  b->other_fired = rt_loop_time(rt_loop_running());
  return rc;
}

static void other_loop_thread(void *arg) {
  blk *b = arg;
  assert_int_equal(sc_run_task(b->p, short_sleeper, b, NULL), RT_OK);
}

static int blocking_callback_task(void *arg, void **out) {
  blk *b = arg;
  *out = NULL;
  b->p->sleep(b->p, 2.0);  /* time.sleep inside a coroutine: blocks the loop */
  b->blocked_until = rt_loop_time(rt_loop_running());
  return RT_OK;
}

static int blk_main(rt_platform *p, void *arg) {
  ((blk *)arg)->p = p;
  return run_beside_a_thread(p, "other", other_loop_thread, blocking_callback_task, arg);
}

static void a_loop_blocked_in_time_sleep_lets_other_threads_loops_run(void **state) {
  (void)state;
  blk b = {0};
  run_ok(blk_main, &b);
  assert_true(b.other_fired == 0.25);
  assert_true(b.blocked_until == 2.0);
}

/* ------------------------------------------------------ determinism */

static void equal_inputs_give_identical_traces(void **state) {
  (void)state;
  for (size_t i = 0; i < sc_count; i++)
    assert_true(sim_expect_same_trace_twice(sc_all[i].name, sc_all[i].main, RT_OK,
                                            sim_trace_text_write) > 200);
}

/* ------------------------------------------------- threads, mutexes */

typedef struct order {
  rt_platform *p;
  rt_mutex *m;
  char seen[16];
  int n;
} order;

static void take_and_hold(void *arg) {
  order *o = arg;
  o->p->mutex_lock(o->m);
  o->seen[o->n++] = (char)('0' + (int)rt_thread_id());
  o->p->sleep(o->p, 0.1);  /* hold it across a block */
  o->p->mutex_unlock(o->m);
}

static int order_main(rt_platform *p, void *arg) {
  order *o = arg;
  rt_thread *th[3];
  o->p = p;
  assert_int_equal(p->mutex_new(p, &o->m), RT_OK);
  p->mutex_lock(o->m);
  for (int i = 0; i < 3; i++) assert_int_equal(p->thread_start(p, NULL, take_and_hold, o, &th[i]), RT_OK);
  p->sleep(p, 1.0);  /* all three queue up on the mutex meanwhile */
  o->seen[o->n++] = 'm';
  p->mutex_unlock(o->m);
  for (int i = 0; i < 3; i++) assert_int_equal(p->thread_join(th[i]), RT_OK);
  assert_true(p->now(p) == 1.0 + 0.1 + 0.1 + 0.1);  /* each sleep adds */
  p->mutex_free(o->m);
  return RT_OK;
}

static void a_mutex_hands_over_to_its_waiters_in_fifo_order(void **state) {
  (void)state;
  order o = {0};
  run_ok(order_main, &o);
  assert_string_equal(o.seen, "m234");  /* threads 2, 3, 4 in start order */
}

typedef struct cw {
  rt_platform *p;
  rt_mutex *m;
  rt_cond *c;
  int rc_timeout, rc_signal;
  double t_timeout, t_signal;
} cw;

static void signaller(void *arg) {
  cw *w = arg;
  w->p->sleep(w->p, 5.0);
  w->p->mutex_lock(w->m);
  w->p->cond_signal(w->c);
  w->p->mutex_unlock(w->m);
}

static int cond_main(rt_platform *p, void *arg) {
  cw *w = arg;
  rt_thread *th;
  w->p = p;
  assert_int_equal(p->mutex_new(p, &w->m), RT_OK);
  assert_int_equal(p->cond_new(p, &w->c), RT_OK);
  p->mutex_lock(w->m);
  w->rc_timeout = p->cond_wait(w->c, w->m, 2.0);  /* nobody signals by 2.0 */
  w->t_timeout = p->now(p);
  assert_int_equal(p->thread_start(p, "signaller", signaller, w, &th), RT_OK);
  w->rc_signal = p->cond_wait(w->c, w->m, 100.0);
  w->t_signal = p->now(p);
  p->mutex_unlock(w->m);
  assert_int_equal(p->thread_join(th), RT_OK);
  p->cond_free(w->c);
  p->mutex_free(w->m);
  return RT_OK;
}

static void a_condition_wait_times_out_or_is_signalled_in_virtual_time(void **state) {
  (void)state;
  cw w = {0};
  run_ok(cond_main, &w);
  assert_int_equal(w.rc_timeout, RT_ETIMEDOUT);
  assert_true(w.t_timeout == 2.0);
  assert_int_equal(w.rc_signal, RT_OK);
  assert_true(w.t_signal == 7.0);  /* 2.0 + the signaller's 5.0 */
}

static void a_thread_wakes_another_threads_idle_loop(void **state) {
  (void)state;
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  sim_run_opts o = {.timeline = tl};
  int status;
  assert_int_equal(sim_run(&o, sc_threads, NULL, &status), RT_OK);
  assert_int_equal(status, RT_OK);  /* includes: the worker woke at 1.0 */
  /* The worker's call_soon_threadsafe woke the main thread's idle loop:
   * a thread.wake from thread 2 to thread 1 by the poller. */
  sim_cursor c;
  sim_cursor_init(&c, tl);
  rt_event ev;
  int found = 0;
  while (sim_cursor_next(&c, &ev))
    if (ev.kind == RT_EV_THREAD_WAKE && ev.a[0] == 1 && ev.a[1] == RT_WAKE_POLLER && ev.a[2] == 2 &&
        ev.thread == 2 && ev.vtime == 1.0)
      found++;
  assert_int_equal(found, 1);
  sim_timeline_free(tl);
}

static void noop_thread(void *arg) { (void)arg; }

static void threads_need_a_run(void **state) {
  (void)state;
  rt_platform *p;
  rt_thread *th;
  assert_int_equal(sim_vplatform_new(NULL, &p), RT_OK);
  assert_int_equal(p->thread_start(p, "x", noop_thread, NULL, &th), RT_ESTATE);
  /* Single-threaded use outside a run still works. */
  p->sleep(p, 2.5);
  assert_true(sim_vplatform_now(p) == 2.5);
  sim_vplatform_free(p);
}

/* ---------------------------------------------------------- real time */

static int tiny_sleep(void *arg, void **out) {
  (void)arg;
  return rt_sleep(0.02, NULL, out);
}

static int real_main(rt_platform *p, void *arg) {
  (void)arg;
  assert_false(sim_platform_is_virtual(p));
  return sc_run_task(p, tiny_sleep, NULL, NULL);
}

static void real_time_runs_on_the_real_clock_counted_from_the_start(void **state) {
  (void)state;
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  sim_run_opts o = {.real_time = true, .timeline = tl};
  int status;
  assert_int_equal(sim_run(&o, real_main, NULL, &status), RT_OK);
  assert_int_equal(status, RT_OK);
  rt_event first, last;
  assert_int_equal(sim_timeline_event(tl, 0, &first), RT_OK);
  assert_int_equal(sim_timeline_event(tl, sim_timeline_count(tl) - 1, &last), RT_OK);
  assert_true(first.vtime >= 0 && first.vtime < 0.02);
  assert_true(last.vtime >= 0.02 && last.vtime < 5.0);
  sim_timeline_free(tl);
}

/* ---------------------------------------------------------- deadlock */

static void a_deadlock_ends_the_run_and_is_reported(void **state) {
  (void)state;
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  sim_run_opts o = {.timeline = tl};
  int status = 0;
  assert_int_equal(sim_run(&o, sc_deadlock, NULL, &status), RT_EDEADLOCK);
  /* The main thread's idle wait failed: its loop returned RT_EDEADLOCK and
   * the scenario unwound (and freed everything: teardown checks). */
  assert_int_equal(status, RT_EDEADLOCK);
  assert_true(sim_timeline_deadlock_step(tl) > 0);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_int_equal(sim_deadlock_report(tl, f), RT_OK);
  fclose(f);
  const char *want =
      "coroscope: deadlock at virtual time 0.0: nothing is ready, no timer is pending, and no "
      "thread or I/O can wake the loop\n"
      "  task 'main' (t2) waits on task 'Task-1' (t3) at line 62\n"
      "    await chain: main() at line 62\n"
      "  task 'Task-1' (t3) waits on future f1 at line 56\n"
      "    await chain: consumer() at line 51 -> wait_for_item() at line 56\n"
      SIM_DEADLOCK_LINE "\n";
  assert_string_equal(buf, want);
  /* The contract with the reference harness: the exact last line. */
  size_t n = strlen(buf);
  assert_true(n > strlen(SIM_DEADLOCK_LINE) + 1);
  assert_string_equal(buf + n - strlen(SIM_DEADLOCK_LINE) - 1,
                      "coroscope: deadlock: no task can run and nothing can wake the loop\n");
  free(buf);
  sim_timeline_free(tl);
}

static void a_report_needs_a_deadlock(void **state) {
  (void)state;
  sim_timeline *tl;
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  sim_run_opts o = {.timeline = tl};
  assert_int_equal(sim_run(&o, sc_sleepers, NULL, NULL), RT_OK);
  assert_int_equal(sim_timeline_deadlock_step(tl), 0);
  assert_int_equal(sim_deadlock_report(tl, stderr), RT_EINVAL);
  sim_timeline_free(tl);
}

typedef struct mrun {
  sc_mutexes m;
  int rc;
} mrun;

static void mrun_main(void *arg) {
  mrun *r = arg;
  r->rc = sc_mutex_deadlock(r->m.p, &r->m);
}

static void threads_stuck_on_mutexes_end_the_run_in_a_deadlock(void **state) {
  (void)state;
  mrun r = {{0}, -1};
  sim_timeline *tl;
  assert_int_equal(sim_vplatform_new(NULL, &r.m.p), RT_OK);
  assert_int_equal(sim_timeline_new(NULL, &tl), RT_OK);
  rt_platform *p = r.m.p;
  assert_int_equal(p->mutex_new(p, &r.m.a), RT_OK);
  assert_int_equal(p->mutex_new(p, &r.m.b), RT_OK);
  rt_reset_ids();
  sim_timeline_attach(tl, p);
  /* The main thread waits in a mutex for ever, a wait that cannot fail:
   * the run just ends, and the main thread never returns. */
  assert_int_equal(sim_vplatform_run(p, mrun_main, &r), RT_EDEADLOCK);
  sim_timeline_detach(tl);
  assert_int_equal(r.rc, -1);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_int_equal(sim_deadlock_report(tl, f), RT_OK);
  fclose(f);
  const char *want =
      "coroscope: deadlock at virtual time 0.0: nothing is ready, no timer is pending, and no "
      "thread or I/O can wake the loop\n"
      "  (no pending task: the loop waits for something nothing will do)\n"
      "  thread 'MainThread' (T1) blocked in a lock at line 81\n"
      "  thread 'grabber' (T2) blocked in a lock at line 72\n"
      SIM_DEADLOCK_LINE "\n";
  assert_string_equal(buf, want);
  free(buf);
  p->mutex_free(r.m.a);
  p->mutex_free(r.m.b);
  sim_vplatform_free(p);  /* drops both stuck lanes */
  sim_timeline_free(tl);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(clock_starts_at_zero_jumps_to_timers_and_moves_by_sleeps, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(time_sleep_in_one_thread_while_another_waits_on_a_timer, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(a_loop_blocked_in_time_sleep_lets_other_threads_loops_run, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(equal_inputs_give_identical_traces, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(a_mutex_hands_over_to_its_waiters_in_fifo_order, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(a_condition_wait_times_out_or_is_signalled_in_virtual_time, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(a_thread_wakes_another_threads_idle_loop, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(threads_need_a_run, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(real_time_runs_on_the_real_clock_counted_from_the_start, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(a_deadlock_ends_the_run_and_is_reported, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(a_report_needs_a_deadlock, alloc_setup, teardown),
      cmocka_unit_test_setup_teardown(threads_stuck_on_mutexes_end_the_run_in_a_deadlock, alloc_setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
