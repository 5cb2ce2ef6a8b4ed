/* test_threadsafe.c: calls into a loop from other threads:
 * call_soon_threadsafe wakes a sleeping loop and delivers every call
 * exactly once; run_coroutine_threadsafe runs a coroutine on a loop in
 * another thread and hands back a thread-side future whose result()
 * blocks. Threaded: run under TSan too (ctest label "threads"). */
#include "rt_test.h"

static rt_platform *P;

static int ts_setup(void **state) {
  (void)state;
  alloc_count_install();  /* atomic: other threads allocate too */
  P = rt_platform_real();
  assert_int_equal(rt_loop_new(NULL, &val_ops, &loop), RT_OK);
  return 0;
}

static int ts_teardown(void **state) {
  (void)state;
  if (loop) rt_loop_free(loop);
  loop = NULL;
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* ---------------------------------------------- call_soon_threadsafe */

enum { THREADS = 4, PER_THREAD = 250, CALLS = THREADS * PER_THREAD };

static int seen[CALLS];  /* loop thread only */
static int delivered;

static void count_cb(rt_loop *l, void *arg) {
  int id = (int)(intptr_t)arg;
  seen[id]++;
  if (++delivered == CALLS) rt_loop_stop(l);
}

typedef struct poster {
  int base;
  atomic_int failures;
} poster;

static void poster_main(void *arg) {
  poster *p = arg;
  for (int i = 0; i < PER_THREAD; i++) {
    /* now and then let the loop fall asleep, so wake-ups are needed */
    if (i % 50 == 25) P->sleep(P, 0.002);
    if (rt_call_soon_threadsafe(loop, count_cb, (void *)(intptr_t)(p->base + i), NULL) != RT_OK)
      atomic_fetch_add(&p->failures, 1);
  }
}

static void call_soon_threadsafe_1000_calls_from_4_threads_are_each_delivered_once(void **state) {
  (void)state;
  memset(seen, 0, sizeof seen);
  delivered = 0;
  poster ps[THREADS];
  rt_thread *th[THREADS];
  for (int i = 0; i < THREADS; i++) {
    ps[i].base = i * PER_THREAD;
    atomic_init(&ps[i].failures, 0);
    assert_int_equal(P->thread_start(P, "poster", poster_main, &ps[i], &th[i]), RT_OK);
  }
  assert_int_equal(rt_loop_run_forever(loop), RT_OK);  /* until the 1000th stops it */
  for (int i = 0; i < THREADS; i++) {
    assert_int_equal(P->thread_join(th[i]), RT_OK);
    assert_int_equal(atomic_load(&ps[i].failures), 0);
  }
  assert_int_equal(delivered, CALLS);
  for (int i = 0; i < CALLS; i++) assert_int_equal(seen[i], 1);
  assert_int_equal(rt_loop_ready_count(loop), 0);
}

/* ------------------------------------------- run_coroutine_threadsafe */

static void run_loop_main(void *arg) {
  (void)arg;
  rt_loop_run_forever(loop);
}

static void stop_cb(rt_loop *l, void *arg) {
  (void)arg;
  rt_loop_stop(l);
}

static atomic_int body_cancelled;

static int coro_body(void *arg, void **out) {
  double delay = *(double *)arg;
  void *m = NULL;
  int rc = rt_sleep(delay, NULL, &m);
  if (rc == RT_ECANCELLED) {
    atomic_store(&body_cancelled, 1);
    *out = m;
    return rc;
  }
  *out = val_new("from the loop");
  return RT_OK;
}

static void start_loop_thread(rt_thread **th) {
  assert_int_equal(P->thread_start(P, "loop", run_loop_main, NULL, th), RT_OK);
}

static void stop_loop_thread(rt_thread *th) {
  assert_int_equal(rt_call_soon_threadsafe(loop, stop_cb, NULL, NULL), RT_OK);
  assert_int_equal(P->thread_join(th), RT_OK);
}

static void run_coroutine_threadsafe_result_blocks_until_the_task_is_done(void **state) {
  (void)state;
  rt_thread *th;
  start_loop_thread(&th);
  static double delay = 0.02;
  rt_task_opts o = {.name = "submitted"};
  rt_cfuture *cf;
  assert_int_equal(rt_run_coroutine_threadsafe(loop, coro_body, &delay, &o, &cf), RT_OK);
  void *v;
  assert_int_equal(rt_cfuture_result(cf, 10, &v), RT_OK);  /* blocks this thread */
  assert_string_equal(vname(v), "from the loop");
  vdrop(v);
  assert_int_equal(rt_cfuture_state_of(cf), RT_CF_FINISHED);
  rt_cfuture_release(cf);
  stop_loop_thread(th);
}

static void run_coroutine_threadsafe_cancel_cancels_the_task(void **state) {
  (void)state;
  atomic_store(&body_cancelled, 0);
  rt_thread *th;
  start_loop_thread(&th);
  static double delay = 30;
  rt_cfuture *cf;
  assert_int_equal(rt_run_coroutine_threadsafe(loop, coro_body, &delay, NULL, &cf), RT_OK);
  assert_int_equal(rt_cfuture_result(cf, 0.02, NULL), RT_ETIMEDOUT);
  assert_true(rt_cfuture_cancel(cf));
  assert_int_equal(rt_cfuture_result(cf, 10, NULL), RT_ECANCELLED);
  while (!atomic_load(&body_cancelled)) P->sleep(P, 0.001);  /* the task saw it */
  rt_cfuture_release(cf);
  stop_loop_thread(th);
}

static int raising_body(void *arg, void **out) {
  (void)arg;
  *out = val_new("boom");
  return RT_ERAISED;
}

static void run_coroutine_threadsafe_passes_on_the_exception(void **state) {
  (void)state;
  rt_thread *th;
  start_loop_thread(&th);
  rt_cfuture *cf;
  assert_int_equal(rt_run_coroutine_threadsafe(loop, raising_body, NULL, NULL, &cf), RT_OK);
  void *v;
  assert_int_equal(rt_cfuture_result(cf, 10, &v), RT_ERAISED);
  assert_string_equal(vname(v), "boom");
  vdrop(v);
  rt_cfuture_release(cf);
  stop_loop_thread(th);
}

/* Submitted, but the loop is freed before it ever runs the callback: the
 * future fails with RT_ECLOSED rather than leaving result() blocked. */
static void run_coroutine_threadsafe_never_run_fails_when_the_loop_closes(void **state) {
  (void)state;
  static double delay = 0;
  rt_cfuture *cf;
  assert_int_equal(rt_run_coroutine_threadsafe(loop, coro_body, &delay, NULL, &cf), RT_OK);
  rt_future *keep;  /* keeps the loop struct after rt_loop_free */
  assert_int_equal(rt_future_new(loop, &keep), RT_OK);
  rt_loop_free(loop);
  assert_int_equal(rt_cfuture_result(cf, 10, NULL), RT_ECLOSED);
  rt_cfuture_release(cf);
  /* RuntimeError('Event loop is closed') */
  assert_int_equal(rt_run_coroutine_threadsafe(loop, coro_body, &delay, NULL, &cf), RT_ECLOSED);
  assert_int_equal(rt_call_soon_threadsafe(loop, stop_cb, NULL, NULL), RT_ECLOSED);
  loop = NULL;
  rt_future_release(keep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, ts_setup, ts_teardown)
      T(call_soon_threadsafe_1000_calls_from_4_threads_are_each_delivered_once),
      T(run_coroutine_threadsafe_result_blocks_until_the_task_is_done),
      T(run_coroutine_threadsafe_cancel_cancels_the_task),
      T(run_coroutine_threadsafe_passes_on_the_exception),
      T(run_coroutine_threadsafe_never_run_fails_when_the_loop_closes),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
