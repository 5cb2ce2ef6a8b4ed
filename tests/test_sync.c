/* test_sync.c: Lock, Event, Condition, Semaphore and BoundedSemaphore with
 * asyncio 3.11's waiter order and fairness. The expected logs
 * ("what@time/iteration") are CPython 3.11's for the same scenarios under
 * the reference harness (iterations counted by wrapping loop._run_once). */
#include "rt_test.h"

static rt_future *fut(rt_task *t) { return rt_task_future(t); }

/* Wait for every task (gather(..., return_exceptions=True)), release them. */
static void gather_all(rt_task **ts, size_t n) {
  rt_future *fs[8];
  for (size_t i = 0; i < n; i++) fs[i] = fut(ts[i]);
  rt_future *g;
  assert_int_equal(rt_gather(loop, fs, n, true, NULL, &g), RT_OK);
  assert_int_equal(rt_await(g, NULL), RT_OK);
  rt_future_release(g);
  for (size_t i = 0; i < n; i++) rt_task_release(ts[i]);
}

/* --------------------------------------------------------------- Lock */

typedef struct lock_actor {
  const char *name;
  rt_lock *lock;
  double hold;              /* seconds to hold it */
  rt_task **cancel_after;   /* cancel *cancel_after right after releasing */
} lock_actor;

static int lock_actor_body(void *arg, void **out) {
  lock_actor *a = arg;
  void *m;
  int rc = rt_lock_acquire(a->lock, &m);
  if (rc == RT_ECANCELLED) {
    L(loop, "%s-cancelled", a->name);
    *out = m;
    return rc;
  }
  assert_int_equal(rc, RT_OK);
  L(loop, "%s", a->name);
  if (a->hold > 0) assert_int_equal(rt_sleep(a->hold, NULL, NULL), RT_OK);
  assert_int_equal(rt_lock_release(a->lock), RT_OK);
  if (a->cancel_after) assert_true(rt_task_cancel(*a->cancel_after, NULL));
  *out = NULL;
  return RT_OK;
}

static int lock_fairness_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_lock *lock;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  lock_actor h = {"H", lock, 1, NULL}, w1 = {"W1", lock, 1, NULL}, w2 = {"W2", lock, 1, NULL},
             w3 = {"W3", lock, 1, NULL};
  rt_task *ts[4];
  ts[0] = spawn(lock_actor_body, &h);
  assert_int_equal(rt_yield(NULL), RT_OK);
  ts[1] = spawn(lock_actor_body, &w1);
  ts[2] = spawn(lock_actor_body, &w2);
  ts[3] = spawn(lock_actor_body, &w3);
  assert_int_equal(rt_yield(NULL), RT_OK);
  assert_int_equal(rt_lock_waiters(lock), 3);
  assert_true(rt_task_cancel(ts[2], NULL));
  gather_all(ts, 4);
  assert_false(rt_lock_locked(lock));
  assert_int_equal(rt_lock_waiters(lock), 0);
  rt_lock_free(lock);
  *out = NULL;
  return RT_OK;
}

static void lock_is_fair_with_three_waiters_and_a_cancelled_waiter(void **state) {
  (void)state;
  run_main(lock_fairness_main, NULL);
  assert_string_equal(logbuf, "H@0/1 W2-cancelled@0/3 W1@1/7 W3@2/10");
}

static int lock_woken_then_cancelled_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_lock *lock;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  rt_task *ts[3];
  lock_actor h = {"H", lock, 1, &ts[1]}, w1 = {"W1", lock, 0, NULL}, w2 = {"W2", lock, 0, NULL};
  ts[0] = spawn(lock_actor_body, &h);
  assert_int_equal(rt_yield(NULL), RT_OK);
  ts[1] = spawn(lock_actor_body, &w1);
  ts[2] = spawn(lock_actor_body, &w2);
  gather_all(ts, 3);
  rt_lock_free(lock);
  *out = NULL;
  return RT_OK;
}

/* W1 is woken by the release and cancelled before it runs: it passes the
 * lock on to W2 (3.11's _wake_up_first in acquire's except clause). */
static void lock_waiter_cancelled_after_its_wake_up_passes_the_lock_on(void **state) {
  (void)state;
  run_main(lock_woken_then_cancelled_main, NULL);
  assert_string_equal(logbuf, "H@0/1 W1-cancelled@1/5 W2@1/6");
}

static int lock_misuse_main(void *arg, void **out) {
  (void)arg;
  rt_lock *lock;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  assert_int_equal(rt_lock_release(lock), RT_ESTATE);  /* 'Lock is not acquired.' */
  assert_int_equal(rt_lock_acquire(lock, NULL), RT_OK);
  assert_true(rt_lock_locked(lock));
  assert_int_equal(rt_lock_release(lock), RT_OK);
  assert_false(rt_lock_locked(lock));
  rt_lock_free(lock);
  *out = NULL;
  return RT_OK;
}

static void lock_release_when_unlocked_is_an_error(void **state) {
  (void)state;
  run_main(lock_misuse_main, NULL);
  rt_lock *lock;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  assert_int_equal(rt_lock_acquire(lock, NULL), RT_OK);   /* free: no task needed */
  assert_int_equal(rt_lock_acquire(lock, NULL), RT_ENOTASK);  /* would wait */
  assert_int_equal(rt_lock_release(lock), RT_OK);
  rt_lock_free(lock);
}

static int oom_failures;
static int acquire_oom_body(void *arg, void **out) {
  rt_lock *lock = arg;
  for (long n = 1;; n++) {
    alloc_count_fail_at(n);
    int rc = rt_lock_acquire(lock, NULL);
    alloc_count_fail_at(0);
    if (rc == RT_OK) break;
    assert_int_equal(rc, RT_ENOMEM);  /* never queued */
    assert_int_equal(rt_lock_waiters(lock), 0);
    oom_failures++;
  }
  assert_int_equal(rt_lock_release(lock), RT_OK);
  *out = NULL;
  return RT_OK;
}

static int lock_oom_main(void *arg, void **out) {
  (void)arg;
  rt_lock *lock;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  assert_int_equal(rt_lock_acquire(lock, NULL), RT_OK);
  oom_failures = 0;
  rt_task *t = spawn(acquire_oom_body, lock);
  assert_int_equal(rt_yield(NULL), RT_OK);  /* it failed its way to waiting */
  assert_int_equal(rt_lock_waiters(lock), 1);
  assert_int_equal(rt_lock_release(lock), RT_OK);
  assert_int_equal(rt_await(fut(t), NULL), RT_OK);
  assert_true(oom_failures >= 2);
  rt_task_release(t);
  rt_lock_free(lock);
  *out = NULL;
  return RT_OK;
}

static void lock_acquire_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  run_main(lock_oom_main, NULL);
}

/* ---------------------------------------------------------- Semaphore */

typedef struct sem_job {
  const char *name;
  rt_sem *sem;
  rt_task **cancel_after;
  int log_end;
} sem_job;

static int sem_job_body(void *arg, void **out) {
  sem_job *j = arg;
  void *m;
  int rc = rt_sem_acquire(j->sem, &m);
  if (rc == RT_ECANCELLED) {
    L(loop, "%s-cancelled", j->name);
    *out = m;
    return rc;
  }
  L(loop, "%s+", j->name);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_int_equal(rt_sem_release(j->sem), RT_OK);
  if (j->cancel_after) assert_true(rt_task_cancel(*j->cancel_after, NULL));
  if (j->log_end) L(loop, "%s-", j->name);
  *out = NULL;
  return RT_OK;
}

static int semaphore_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_sem *s;
  assert_int_equal(rt_sem_new(2, false, &s), RT_OK);
  sem_job j[4] = {{"0", s, NULL, 1}, {"1", s, NULL, 1}, {"2", s, NULL, 1}, {"3", s, NULL, 1}};
  rt_task *ts[4];
  for (int i = 0; i < 4; i++) ts[i] = spawn(sem_job_body, &j[i]);
  gather_all(ts, 4);
  assert_int_equal(rt_sem_value(s), 2);
  rt_sem_free(s);
  *out = NULL;
  return RT_OK;
}

static void semaphore_lets_two_in_at_a_time(void **state) {
  (void)state;
  run_main(semaphore_main, NULL);
  assert_string_equal(logbuf, "0+@0/1 1+@0/1 0-@1/3 1-@1/3 2+@1/4 3+@1/4 2-@2/6 3-@2/6");
}

static int semaphore_cancelled_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_sem *s;
  assert_int_equal(rt_sem_new(1, false, &s), RT_OK);
  rt_task *ts[3];
  sem_job a = {"A", s, &ts[1], 0}, b = {"B", s, NULL, 0}, d = {"D", s, NULL, 0};
  ts[0] = spawn(sem_job_body, &a);
  assert_int_equal(rt_yield(NULL), RT_OK);
  ts[1] = spawn(sem_job_body, &b);
  ts[2] = spawn(sem_job_body, &d);
  gather_all(ts, 3);
  assert_int_equal(rt_sem_value(s), 1);
  rt_sem_free(s);
  *out = NULL;
  return RT_OK;
}

/* B got the unit from A's release, then was cancelled: it gives the unit
 * back and wakes D. */
static void semaphore_waiter_cancelled_after_its_wake_up_wakes_the_next(void **state) {
  (void)state;
  run_main(semaphore_cancelled_main, NULL);
  assert_string_equal(logbuf, "A+@0/1 B-cancelled@1/5 D+@1/6");
}

static void semaphore_values_and_bounds(void **state) {
  (void)state;
  rt_sem *s;
  assert_int_equal(rt_sem_new(-1, false, &s), RT_EINVAL);  /* must be >= 0 */
  assert_int_equal(rt_sem_new(0, false, &s), RT_OK);
  assert_true(rt_sem_locked(s));
  assert_int_equal(rt_sem_release(s), RT_OK);  /* unbounded: may go up */
  assert_int_equal(rt_sem_release(s), RT_OK);
  assert_int_equal(rt_sem_value(s), 2);
  assert_false(rt_sem_locked(s));
  rt_sem_free(s);
  assert_int_equal(rt_sem_new(1, true, &s), RT_OK);
  assert_int_equal(rt_sem_acquire(s, NULL), RT_OK);
  assert_int_equal(rt_sem_value(s), 0);
  assert_int_equal(rt_sem_release(s), RT_OK);
  /* ValueError('BoundedSemaphore released too many times') */
  assert_int_equal(rt_sem_release(s), RT_ETOOMANY);
  assert_int_equal(rt_sem_value(s), 1);
  assert_string_equal(rt_strerror(RT_ETOOMANY), "released or marked done too many times");
  rt_sem_free(s);
}

/* -------------------------------------------------------------- Event */

typedef struct ev_waiter {
  const char *name;
  rt_aevent *e;
} ev_waiter;

static int ev_waiter_body(void *arg, void **out) {
  ev_waiter *w = arg;
  assert_int_equal(rt_aevent_wait(w->e, NULL), RT_OK);
  L(loop, "%s", w->name);
  *out = NULL;
  return RT_OK;
}

static int event_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_aevent *e;
  assert_int_equal(rt_aevent_new(&e), RT_OK);
  ev_waiter e1 = {"E1", e}, e2 = {"E2", e}, e3 = {"E3", e};
  rt_task *ts[2] = {spawn(ev_waiter_body, &e1), spawn(ev_waiter_body, &e2)};
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_int_equal(rt_aevent_waiters(e), 2);
  rt_aevent_set(e);
  L(loop, "set");
  gather_all(ts, 2);
  assert_int_equal(rt_aevent_wait(e, NULL), RT_OK);  /* set: at once */
  L(loop, "again");
  rt_aevent_clear(e);
  assert_false(rt_aevent_is_set(e));
  rt_task *t = spawn(ev_waiter_body, &e3);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  rt_aevent_set(e);
  assert_int_equal(rt_await(fut(t), NULL), RT_OK);
  rt_task_release(t);
  rt_aevent_free(e);
  *out = NULL;
  return RT_OK;
}

static void event_set_wakes_every_waiter(void **state) {
  (void)state;
  run_main(event_main, NULL);
  assert_string_equal(logbuf, "set@1/3 E1@1/4 E2@1/4 again@1/6 E3@2/10");
}

/* ---------------------------------------------------------- Condition */

typedef struct cond_waiter {
  const char *name;
  rt_condition *c;
} cond_waiter;

static int cond_waiter_body(void *arg, void **out) {
  cond_waiter *w = arg;
  rt_lock *l = rt_condition_lock(w->c);
  assert_int_equal(rt_lock_acquire(l, NULL), RT_OK);
  assert_int_equal(rt_condition_wait(w->c, NULL), RT_OK);
  assert_true(rt_lock_locked(l));
  L(loop, "%s", w->name);
  assert_int_equal(rt_lock_release(l), RT_OK);
  *out = NULL;
  return RT_OK;
}

static int condition_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  rt_condition *c;
  assert_int_equal(rt_condition_new(NULL, &c), RT_OK);
  rt_lock *l = rt_condition_lock(c);
  cond_waiter w[3] = {{"W1", c}, {"W2", c}, {"W3", c}};
  rt_task *ts[3];
  for (int i = 0; i < 3; i++) ts[i] = spawn(cond_waiter_body, &w[i]);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_int_equal(rt_condition_waiters(c), 3);
  assert_int_equal(rt_lock_acquire(l, NULL), RT_OK);
  assert_int_equal(rt_condition_notify(c, 1), RT_OK);
  assert_int_equal(rt_lock_release(l), RT_OK);
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_int_equal(rt_lock_acquire(l, NULL), RT_OK);
  assert_int_equal(rt_condition_notify_all(c), RT_OK);
  assert_int_equal(rt_lock_release(l), RT_OK);
  L(loop, "all");
  gather_all(ts, 3);
  rt_condition_free(c);
  *out = NULL;
  return RT_OK;
}

static void condition_notify_1_wakes_only_the_oldest_waiter(void **state) {
  (void)state;
  run_main(condition_main, NULL);
  assert_string_equal(logbuf, "W1@1/4 all@2/6 W2@2/7 W3@2/7");
}

static int counter;
static int at_least_two(void *ud) {
  (void)ud;
  return counter >= 2;
}

static int cond_pred_body(void *arg, void **out) {
  rt_condition *c = arg;
  rt_lock *l = rt_condition_lock(c);
  assert_int_equal(rt_lock_acquire(l, NULL), RT_OK);
  assert_int_equal(rt_condition_wait_for(c, at_least_two, NULL, NULL), RT_OK);
  L(loop, "pred");
  assert_int_equal(rt_lock_release(l), RT_OK);
  *out = NULL;
  return RT_OK;
}

static int condition_wait_for_main(void *arg, void **out) {
  (void)arg;
  log_mark(loop);
  counter = 0;
  rt_lock *l;
  assert_int_equal(rt_lock_new(&l), RT_OK);
  rt_condition *c;
  assert_int_equal(rt_condition_new(l, &c), RT_OK);  /* a lock of the caller's */
  assert_ptr_equal(rt_condition_lock(c), l);
  rt_task *t = spawn(cond_pred_body, c);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
    assert_int_equal(rt_lock_acquire(l, NULL), RT_OK);
    counter++;
    assert_int_equal(rt_condition_notify_all(c), RT_OK);
    L(loop, "n=%d", counter);
    assert_int_equal(rt_lock_release(l), RT_OK);
  }
  assert_int_equal(rt_await(fut(t), NULL), RT_OK);
  rt_task_release(t);
  rt_condition_free(c);
  rt_lock_free(l);
  *out = NULL;
  return RT_OK;
}

static void condition_wait_for_waits_until_the_predicate_holds(void **state) {
  (void)state;
  run_main(condition_wait_for_main, NULL);
  assert_string_equal(logbuf, "n=1@1/3 n=2@2/6 pred@2/7 n=3@3/9");
}

static int cond_cancelled_body(void *arg, void **out) {
  rt_condition *c = arg;
  rt_lock *l = rt_condition_lock(c);
  assert_int_equal(rt_lock_acquire(l, NULL), RT_OK);
  int rc = rt_condition_wait(c, out);
  assert_int_equal(rc, RT_ECANCELLED);
  assert_string_equal(vname(*out), "stop");
  assert_true(rt_lock_locked(l));  /* held again, cancelled or not */
  assert_int_equal(rt_lock_release(l), RT_OK);
  return rc;
}

static int condition_misuse_main(void *arg, void **out) {
  (void)arg;
  rt_condition *c;
  assert_int_equal(rt_condition_new(NULL, &c), RT_OK);
  /* 'cannot wait on un-acquired lock', 'cannot notify on un-acquired lock' */
  assert_int_equal(rt_condition_wait(c, NULL), RT_ESTATE);
  assert_int_equal(rt_condition_notify(c, 1), RT_ESTATE);
  assert_int_equal(rt_condition_notify_all(c), RT_ESTATE);
  rt_task *t = spawn(cond_cancelled_body, c);
  assert_int_equal(rt_yield(NULL), RT_OK);
  /* hold the lock so that the cancelled waiter must wait to get it back */
  assert_int_equal(rt_lock_acquire(rt_condition_lock(c), NULL), RT_OK);
  assert_true(rt_task_cancel(t, val_new("stop")));
  assert_int_equal(rt_sleep(1, NULL, NULL), RT_OK);
  assert_false(rt_future_done(fut(t)));
  assert_int_equal(rt_lock_release(rt_condition_lock(c)), RT_OK);
  assert_int_equal(rt_await(fut(t), NULL), RT_ECANCELLED);
  rt_task_release(t);
  rt_condition_free(c);
  *out = NULL;
  return RT_OK;
}

static void condition_needs_the_lock_and_gets_it_back_when_cancelled(void **state) {
  (void)state;
  run_main(condition_misuse_main, NULL);
}

/* ------------------------------------------------ loops and lifetime */

static int acquire_body(void *arg, void **out) {
  return rt_lock_acquire(arg, out);
}

static void sync_object_bound_to_one_loop_refuses_another(void **state) {
  (void)state;
  rt_lock *lock;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  assert_int_equal(rt_lock_acquire(lock, NULL), RT_OK);
  rt_task *t = spawn(acquire_body, lock);  /* binds the lock to loop */
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  rt_loop *other;
  assert_int_equal(rt_loop_new(&fp.p, &val_ops, &other), RT_OK);
  rt_task *u;
  assert_int_equal(rt_task_new(other, acquire_body, lock, NULL, &u), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(other, rt_task_future(u)), RT_OK);
  assert_int_equal(rt_future_state_of(rt_task_future(u)), RT_FUT_EXCEPTION);
  assert_int_equal(rt_lock_release(lock), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, fut(t)), RT_OK);
  assert_int_equal(rt_future_state_of(fut(t)), RT_FUT_RESULT);
  assert_int_equal(rt_lock_release(lock), RT_OK);
  rt_task_release(u);
  rt_task_release(t);
  rt_loop_free(other);
  rt_lock_free(lock);
}

static int aevent_wait_body(void *arg, void **out) { return rt_aevent_wait(arg, out); }
static int sem_acquire_body(void *arg, void **out) { return rt_sem_acquire(arg, out); }
static int cond_wait_body(void *arg, void **out) {
  assert_int_equal(rt_lock_acquire(rt_condition_lock(arg), NULL), RT_OK);
  return rt_condition_wait(arg, out);
}

/* Tasks suspended on every kind of object when the loop is freed: the
 * waiter futures ride on the tasks, so everything goes (the objects, being
 * the caller's, are freed after the loop). */
static void loop_freed_while_tasks_wait_on_sync_objects_frees_everything(void **state) {
  (void)state;
  rt_lock *lock;
  rt_aevent *e;
  rt_sem *s;
  rt_condition *c;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  assert_int_equal(rt_aevent_new(&e), RT_OK);
  assert_int_equal(rt_sem_new(0, false, &s), RT_OK);
  assert_int_equal(rt_condition_new(NULL, &c), RT_OK);
  assert_int_equal(rt_lock_acquire(lock, NULL), RT_OK);
  rt_task *ts[4] = {spawn(acquire_body, lock), spawn(aevent_wait_body, e),
                    spawn(sem_acquire_body, s), spawn(cond_wait_body, c)};
  assert_int_equal(rt_loop_run_once(loop), RT_OK);
  for (int i = 0; i < 4; i++) {
    assert_false(rt_future_done(fut(ts[i])));
    rt_task_release(ts[i]);
  }
  rt_loop_free(loop);
  loop = NULL;
  assert_true(alloc_count_live() > 0);  /* the objects keep the loop struct */
  rt_lock_free(lock);
  rt_aevent_free(e);
  rt_sem_free(s);
  rt_condition_free(c);
  /* teardown: nothing left */
}

static char trace_text[1 << 14];
static void trace_hook(void *ud, const rt_event *ev) {
  (void)ud;
  if (ev->kind < RT_EV_SYNC_NEW || ev->kind > RT_EV_SYNC_WAKE) {
    if (ev->kind != RT_EV_SYNC_LEAVE && ev->kind != RT_EV_SYNC_FREE) return;
  }
  char line[256];
  rt_trace_format(ev, line, sizeof line);
  strcat(trace_text, strstr(line, "sync."));
  strcat(trace_text, "\n");
}

static int traced_main(void *arg, void **out) {
  rt_lock *lock = arg;
  assert_int_equal(rt_lock_acquire(lock, NULL), RT_OK);
  rt_task *t = spawn(acquire_body, lock);
  assert_int_equal(rt_yield(NULL), RT_OK);
  assert_int_equal(rt_lock_release(lock), RT_OK);
  assert_int_equal(rt_await(fut(t), NULL), RT_OK);
  assert_int_equal(rt_lock_release(lock), RT_OK);
  rt_task_release(t);
  *out = NULL;
  return RT_OK;
}

static void lock_operations_are_traced_with_their_waiters(void **state) {
  (void)state;
  trace_text[0] = '\0';
  rt_trace_set_hook(trace_hook, NULL);
  rt_lock *lock;
  assert_int_equal(rt_lock_new(&lock), RT_OK);
  run_main(traced_main, lock);
  unsigned id = rt_lock_id(lock);
  rt_lock_free(lock);
  rt_trace_set_hook(NULL, NULL);
  /* the waiter future's id: the one after the lock's task's */
  const char *w = strstr(trace_text, "sync.wait");
  assert_non_null(w);
  unsigned fid = 0;
  assert_int_equal(sscanf(strstr(w, "fut="), "fut=%u", &fid), 1);
  char want[1024];
  snprintf(want, sizeof want,
           "sync.new         obj=%u kind=lock value=0 lock=-\n"
           "sync.acquire     obj=%u op=acquire value=1 waiters=0\n"
           "sync.wait        obj=%u fut=%u waiters=1 role=waiter\n"
           "sync.release     obj=%u op=release value=0 waiters=1\n"
           "sync.wake        obj=%u fut=%u waiters=1 role=waiter\n"
           "sync.leave       obj=%u fut=%u waiters=0 role=waiter\n"
           "sync.acquire     obj=%u op=acquire value=1 waiters=0\n"
           "sync.release     obj=%u op=release value=0 waiters=0\n"
           "sync.free        obj=%u kind=lock\n",
           id, id, id, fid, id, id, fid, id, fid, id, id, id);
  assert_string_equal(trace_text, want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, loop_setup, loop_teardown)
      T(lock_is_fair_with_three_waiters_and_a_cancelled_waiter),
      T(lock_waiter_cancelled_after_its_wake_up_passes_the_lock_on),
      T(lock_release_when_unlocked_is_an_error),
      T(lock_operations_are_traced_with_their_waiters),
      T(lock_acquire_fails_cleanly_at_every_allocation),
      T(semaphore_lets_two_in_at_a_time),
      T(semaphore_waiter_cancelled_after_its_wake_up_wakes_the_next),
      T(semaphore_values_and_bounds),
      T(event_set_wakes_every_waiter),
      T(condition_notify_1_wakes_only_the_oldest_waiter),
      T(condition_wait_for_waits_until_the_predicate_holds),
      T(condition_needs_the_lock_and_gets_it_back_when_cancelled),
      T(sync_object_bound_to_one_loop_refuses_another),
      T(loop_freed_while_tasks_wait_on_sync_objects_frees_everything),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
