/* test_pool.c: the thread-pool executor and thread-side futures with real
 * worker threads (concurrent.futures 3.11), run_in_executor, to_thread,
 * wrap_future's cancellation, shutdown_default_executor. Threaded: run
 * under TSan too (ctest label "threads"). */
#include "rt_test.h"

static rt_platform *P;

static int pool_setup(void **state) {
  (void)state;
  alloc_count_install();  /* atomic: workers allocate too */
  P = rt_platform_real();
  loop = NULL;
  return 0;
}

static int pool_teardown(void **state) {
  (void)state;
  if (loop) rt_loop_free(loop);
  loop = NULL;
  rt_trace_set_hook(NULL, NULL);
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* ------------------------------------------------------------- jobs */

static atomic_int running, max_running, ran;
static atomic_int release_gate;  /* blocking jobs wait for this */
static char names[8][32];

typedef struct job_arg {
  int n;
  int block;   /* wait for release_gate */
  int fail;
} job_arg;

static int job_fn(void *arg, void **out) {
  job_arg *a = arg;
  int now = atomic_fetch_add(&running, 1) + 1;
  int m = atomic_load(&max_running);
  while (now > m && !atomic_compare_exchange_weak(&max_running, &m, now)) {
  }
  const char *name = rt_executor_thread_name();
  if (a->n < 8 && name) snprintf(names[a->n], sizeof names[a->n], "%s", name);
  if (a->block)
    while (!atomic_load(&release_gate)) P->sleep(P, 0.001);
  else
    P->sleep(P, 0.02);
  atomic_fetch_add(&ran, 1);
  atomic_fetch_sub(&running, 1);
  char buf[16];
  snprintf(buf, sizeof buf, "job%d", a->n);
  *out = val_new(buf);
  return a->fail ? RT_ERAISED : RT_OK;
}

static void reset_jobs(void) {
  atomic_store(&running, 0);
  atomic_store(&max_running, 0);
  atomic_store(&ran, 0);
  atomic_store(&release_gate, 0);
  memset(names, 0, sizeof names);
}

/* --------------------------------------------------------- executor */

static void executor_with_2_workers_runs_4_jobs(void **state) {
  (void)state;
  reset_jobs();
  rt_executor *ex;
  assert_int_equal(rt_executor_new(NULL, 2, "pool", &val_ops, &ex), RT_OK);
  assert_int_equal(rt_executor_max_workers(ex), 2);
  job_arg args[4] = {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0}};
  rt_cfuture *cf[4];
  for (int i = 0; i < 4; i++) assert_int_equal(rt_executor_submit(ex, job_fn, &args[i], NULL, &cf[i]), RT_OK);
  for (int i = 0; i < 4; i++) {
    void *v;
    assert_int_equal(rt_cfuture_result(cf[i], 10, &v), RT_OK);
    char want[16];
    snprintf(want, sizeof want, "job%d", i);
    assert_string_equal(vname(v), want);
    vdrop(v);
    assert_true(rt_cfuture_done(cf[i]));
    assert_int_equal(rt_cfuture_state_of(cf[i]), RT_CF_FINISHED);
    rt_cfuture_release(cf[i]);
  }
  assert_int_equal(atomic_load(&ran), 4);
  assert_true(atomic_load(&max_running) <= 2);
  assert_int_equal(rt_executor_threads(ex), 2);  /* never more than max_workers */
  for (int i = 0; i < 4; i++)
    assert_true(strcmp(names[i], "pool_0") == 0 || strcmp(names[i], "pool_1") == 0);
  assert_null(rt_executor_thread_name());  /* not a worker */
  rt_executor_free(ex);
}

static void cfuture_result_times_out_and_cancel_stops_a_queued_job(void **state) {
  (void)state;
  reset_jobs();
  rt_executor *ex;
  assert_int_equal(rt_executor_new(NULL, 1, NULL, &val_ops, &ex), RT_OK);
  job_arg a = {0, 1, 0}, b = {1, 0, 0};
  rt_cfuture *ca, *cb;
  assert_int_equal(rt_executor_submit(ex, job_fn, &a, NULL, &ca), RT_OK);
  assert_int_equal(rt_executor_submit(ex, job_fn, &b, NULL, &cb), RT_OK);
  assert_int_equal(rt_cfuture_result(ca, 0.01, NULL), RT_ETIMEDOUT);  /* TimeoutError */
  while (rt_cfuture_state_of(ca) != RT_CF_RUNNING) P->sleep(P, 0.001);
  assert_false(rt_cfuture_cancel(ca));  /* running: too late */
  assert_true(rt_cfuture_cancel(cb));   /* queued: cancelled */
  assert_true(rt_cfuture_cancel(cb));   /* idempotent */
  atomic_store(&release_gate, 1);
  void *v;
  assert_int_equal(rt_cfuture_result(ca, 10, &v), RT_OK);
  vdrop(v);
  assert_int_equal(rt_cfuture_result(cb, 10, NULL), RT_ECANCELLED);
  rt_executor_free(ex);
  assert_int_equal(atomic_load(&ran), 1);  /* b never ran */
  assert_int_equal(rt_cfuture_state_of(cb), RT_CF_CANCELLED_AND_NOTIFIED);
  assert_true(strncmp(names[0], "ThreadPoolExecutor-", 19) == 0);
  rt_cfuture_release(ca);
  rt_cfuture_release(cb);
}

static atomic_int freed_args;
static void count_free(void *arg) {
  (void)arg;
  atomic_fetch_add(&freed_args, 1);
}

static void shutdown_cancels_queued_jobs_and_refuses_new_ones(void **state) {
  (void)state;
  reset_jobs();
  atomic_store(&freed_args, 0);
  rt_executor *ex;
  assert_int_equal(rt_executor_new(NULL, 1, "s", &val_ops, &ex), RT_OK);
  job_arg a = {0, 1, 0}, b = {1, 0, 0};
  rt_cfuture *cf[3];
  assert_int_equal(rt_executor_submit(ex, job_fn, &a, count_free, &cf[0]), RT_OK);
  assert_int_equal(rt_executor_submit(ex, job_fn, &b, count_free, &cf[1]), RT_OK);
  assert_int_equal(rt_executor_submit(ex, job_fn, &b, count_free, &cf[2]), RT_OK);
  while (rt_cfuture_state_of(cf[0]) != RT_CF_RUNNING) P->sleep(P, 0.001);
  rt_executor_shutdown(ex, false, true);
  assert_true(rt_cfuture_cancelled(cf[1]));
  assert_true(rt_cfuture_cancelled(cf[2]));
  rt_cfuture *late;
  /* RuntimeError('cannot schedule new futures after shutdown') */
  assert_int_equal(rt_executor_submit(ex, job_fn, &b, NULL, &late), RT_ESTATE);
  atomic_store(&release_gate, 1);
  rt_executor_shutdown(ex, true, false);
  assert_true(rt_cfuture_done(cf[0]));
  rt_executor_free(ex);
  assert_int_equal(atomic_load(&freed_args), 3);
  for (int i = 0; i < 3; i++) rt_cfuture_release(cf[i]);
}

static int cb_runs;
static void cf_cb(rt_cfuture *cf, void *arg) {
  (void)cf;
  *(int *)arg += 1;
}

static void cfuture_callbacks_run_once_and_results_are_set_once(void **state) {
  (void)state;
  rt_cfuture *cf;
  assert_int_equal(rt_cfuture_new(NULL, &val_ops, &cf), RT_OK);
  cb_runs = 0;
  assert_int_equal(rt_cfuture_add_done_cb(cf, cf_cb, &cb_runs, NULL), RT_OK);
  assert_true(rt_cfuture_set_running_or_notify_cancel(cf));
  assert_false(rt_cfuture_cancel(cf));  /* running */
  assert_int_equal(rt_cfuture_set_exception(cf, val_new("E")), RT_OK);
  assert_int_equal(cb_runs, 1);
  void *v = val_new("again");
  assert_int_equal(rt_cfuture_set_result(cf, v), RT_ESTATE);  /* InvalidStateError */
  vdrop(v);
  assert_int_equal(rt_cfuture_add_done_cb(cf, cf_cb, &cb_runs, NULL), RT_OK);  /* at once */
  assert_int_equal(cb_runs, 2);
  assert_int_equal(rt_cfuture_result(cf, RT_NO_TIMEOUT, &v), RT_ERAISED);
  assert_string_equal(vname(v), "E");
  vdrop(v);
  rt_cfuture_release(cf);
}

static int two_cpus(rt_platform *p) {
  (void)p;
  return 2;
}
static int many_cpus(rt_platform *p) {
  (void)p;
  return 64;
}

static void default_max_workers_is_cpus_plus_4_up_to_32(void **state) {
  (void)state;
  rt_platform p = *rt_platform_real();
  p.cpu_count = two_cpus;
  assert_int_equal(rt_default_max_workers(&p), 6);
  p.cpu_count = many_cpus;
  assert_int_equal(rt_default_max_workers(&p), 32);
  rt_executor *ex;
  assert_int_equal(rt_executor_new(&p, 0, NULL, NULL, &ex), RT_OK);
  assert_int_equal(rt_executor_max_workers(ex), 32);
  rt_executor_free(ex);
  assert_int_equal(rt_executor_new(&p, -1, NULL, NULL, &ex), RT_EINVAL);
}

/* --------------------------------------------------- loop integration */

static uint32_t loop_thread;
static uint32_t done_cb_thread;
static void note_thread_cb(rt_future *f, void *arg) {
  (void)f;
  (void)arg;
  done_cb_thread = rt_thread_id();
}

static int run_in_executor_main(void *arg, void **out) {
  (void)arg;
  job_arg a = {0, 0, 0}, b = {1, 0, 1};
  rt_future *f;
  assert_int_equal(rt_run_in_executor(loop, NULL, job_fn, &a, NULL, &f), RT_OK);
  assert_int_equal(rt_future_add_done_cb(f, note_thread_cb, NULL), RT_OK);
  void *v;
  assert_int_equal(rt_await(f, &v), RT_OK);
  assert_string_equal(vname(v), "job0");
  vdrop(v);
  rt_future_release(f);
  assert_string_equal(names[0], "asyncio_0");  /* the default executor's */
  assert_int_equal(rt_to_thread(job_fn, &b, NULL, &v), RT_ERAISED);
  assert_string_equal(vname(v), "job1");
  vdrop(v);
  assert_int_equal(rt_shutdown_default_executor(NULL), RT_OK);
  /* RuntimeError('Executor shutdown has been called') */
  assert_int_equal(rt_run_in_executor(loop, NULL, job_fn, &a, NULL, &f), RT_ESTATE);
  *out = NULL;
  return RT_OK;
}

static void run_in_executor_completes_its_future_on_the_loop_thread(void **state) {
  (void)state;
  reset_jobs();
  assert_int_equal(rt_loop_new(NULL, &val_ops, &loop), RT_OK);
  loop_thread = rt_thread_id();
  done_cb_thread = 0;
  run_main(run_in_executor_main, NULL);
  assert_int_equal(done_cb_thread, loop_thread);
  assert_int_equal(atomic_load(&ran), 2);
}

static int await_job_body(void *arg, void **out) {
  return rt_await(arg, out);
}

static int cancel_main(void *arg, void **out) {
  rt_executor *ex = arg;
  job_arg a = {0, 1, 0}, b = {1, 0, 0};
  rt_future *fa, *fb;
  assert_int_equal(rt_run_in_executor(loop, ex, job_fn, &a, NULL, &fa), RT_OK);
  assert_int_equal(rt_run_in_executor(loop, ex, job_fn, &b, NULL, &fb), RT_OK);
  rt_task *t = spawn(await_job_body, fb);
  assert_int_equal(rt_yield(NULL), RT_OK);
  assert_true(rt_task_cancel(t, NULL));  /* cancels fb, which cancels b's job */
  assert_int_equal(rt_await(rt_task_future(t), NULL), RT_ECANCELLED);
  atomic_store(&release_gate, 1);
  void *v;
  assert_int_equal(rt_await(fa, &v), RT_OK);
  vdrop(v);
  rt_task_release(t);
  rt_future_release(fa);
  rt_future_release(fb);
  *out = NULL;
  return RT_OK;
}

static void cancelling_the_awaiting_task_cancels_a_job_not_yet_started(void **state) {
  (void)state;
  reset_jobs();
  assert_int_equal(rt_loop_new(NULL, &val_ops, &loop), RT_OK);
  rt_executor *ex;
  assert_int_equal(rt_executor_new(NULL, 1, "c", &val_ops, &ex), RT_OK);
  run_main(cancel_main, ex);
  rt_executor_free(ex);
  assert_int_equal(atomic_load(&ran), 1);  /* b never ran */
}

/* A job still running when the loop is freed: freeing joins the default
 * executor's workers, and the job's late result goes nowhere. */
static int late_main(void *arg, void **out) {
  (void)arg;
  static job_arg a = {0, 1, 0};
  rt_future *f;
  assert_int_equal(rt_run_in_executor(loop, NULL, job_fn, &a, NULL, &f), RT_OK);
  rt_future_release(f);
  *out = NULL;
  return RT_OK;
}

static void open_gate_later(void *arg) {
  (void)arg;
  P->sleep(P, 0.05);
  atomic_store(&release_gate, 1);
}

static void loop_freed_with_a_job_running_waits_for_it_and_drops_its_result(void **state) {
  (void)state;
  reset_jobs();
  assert_int_equal(rt_loop_new(NULL, &val_ops, &loop), RT_OK);
  run_main(late_main, NULL);
  rt_thread *th;
  assert_int_equal(P->thread_start(P, "opener", open_gate_later, NULL, &th), RT_OK);
  rt_loop_free(loop);  /* joins the worker */
  loop = NULL;
  assert_int_equal(atomic_load(&ran), 1);
  assert_int_equal(P->thread_join(th), RT_OK);
}

static atomic_int ev_counts[RT_EV__COUNT];
static void count_hook(void *ud, const rt_event *ev) {
  (void)ud;
  if (ev->kind < RT_EV__COUNT) atomic_fetch_add(&ev_counts[ev->kind], 1);
}

static void executor_traces_jobs_and_threads(void **state) {
  (void)state;
  reset_jobs();
  for (int i = 0; i < RT_EV__COUNT; i++) atomic_store(&ev_counts[i], 0);
  rt_trace_set_hook(count_hook, NULL);  /* before any thread starts */
  rt_executor *ex;
  assert_int_equal(rt_executor_new(NULL, 2, "tr", &val_ops, &ex), RT_OK);
  job_arg args[3] = {{0, 0, 0}, {1, 0, 0}, {2, 0, 1}};
  rt_cfuture *cf[3];
  for (int i = 0; i < 3; i++) assert_int_equal(rt_executor_submit(ex, job_fn, &args[i], NULL, &cf[i]), RT_OK);
  for (int i = 0; i < 3; i++) {
    void *v;
    assert_int_equal(rt_cfuture_result(cf[i], 10, &v), i == 2 ? RT_ERAISED : RT_OK);
    vdrop(v);
    rt_cfuture_release(cf[i]);
  }
  rt_executor_free(ex);  /* joins: every event is in */
  rt_trace_set_hook(NULL, NULL);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_EXEC_NEW]), 1);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_EXEC_SUBMIT]), 3);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_EXEC_START]), 3);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_EXEC_DONE]), 3);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_CFUTURE_NEW]), 3);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_CFUTURE_DONE]), 3);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_THREAD_START]), 2);
  assert_int_equal(atomic_load(&ev_counts[RT_EV_THREAD_END]), 2);
  assert_true(atomic_load(&ev_counts[RT_EV_EXEC_SHUTDOWN]) >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, pool_setup, pool_teardown)
      T(executor_with_2_workers_runs_4_jobs),
      T(cfuture_result_times_out_and_cancel_stops_a_queued_job),
      T(shutdown_cancels_queued_jobs_and_refuses_new_ones),
      T(cfuture_callbacks_run_once_and_results_are_set_once),
      T(default_max_workers_is_cpus_plus_4_up_to_32),
      T(executor_traces_jobs_and_threads),
      T(run_in_executor_completes_its_future_on_the_loop_thread),
      T(cancelling_the_awaiting_task_cancels_a_job_not_yet_started),
      T(loop_freed_with_a_job_running_waits_for_it_and_drops_its_result),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
