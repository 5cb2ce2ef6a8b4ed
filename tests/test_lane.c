/* test_lane.c: lanes: switching whole execution contexts on one OS thread,
 * from a lane's own stack or from deep inside a task's coroutine. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc_count.h"
#include "ctx_int.h"
#include "fake_platform.h"
#include "rt.h"

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rt_trace_set_hook(NULL, NULL);
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  assert_int_equal(rt__stack_live_count(), 0);
  return 0;
}

/* ------------------------------------------------ plain switching */

static rt_lane *main_lane;
static char log_buf[256];

static void logc(char c) {
  size_t n = strlen(log_buf);
  log_buf[n] = c;
  log_buf[n + 1] = '\0';
}

static void ab_entry(void *arg) {
  char c = *(char *)arg;
  logc(c);
  rt_lane_switch(main_lane);
  logc((char)(c - 'a' + 'A'));
  rt_lane_exit(main_lane);
}

static void lane_runs_on_first_switch_and_resumes_where_it_left(void **state) {
  (void)state;
  log_buf[0] = '\0';
  main_lane = rt_lane_current();
  assert_non_null(main_lane);
  char a = 'a', b = 'b';
  rt_lane *la, *lb;
  assert_int_equal(rt_lane_new(ab_entry, &a, 0, "a", &la), RT_OK);
  assert_int_equal(rt_lane_new(ab_entry, &b, 0, "b", &lb), RT_OK);
  assert_string_equal(log_buf, "");  /* nothing runs before a switch */
  rt_lane_switch(la);
  assert_ptr_equal(rt_lane_current(), main_lane);
  rt_lane_switch(lb);
  assert_string_equal(log_buf, "ab");
  assert_false(rt_lane_done(lb));
  rt_lane_switch(lb);
  rt_lane_switch(la);
  assert_string_equal(log_buf, "abBA");
  assert_true(rt_lane_done(la));
  assert_true(rt_lane_done(lb));
  rt_lane_free(la);
  rt_lane_free(lb);
}

/* ---------------------------- a ring of lanes passing the thread on */

#define RING 64
#define ROUNDS 200
static rt_lane *ring[RING];
static long ring_count[RING];

static void ring_entry(void *arg) {
  intptr_t i = (intptr_t)arg;
  for (int r = 0; r < ROUNDS; r++) {
    ring_count[i]++;
    /* A few frames of locals to make sure each lane's stack is its own. */
    volatile long mine[8];
    for (int k = 0; k < 8; k++) mine[k] = i * 100 + k;
    rt_lane_switch(i + 1 < RING ? ring[i + 1] : main_lane);
    for (int k = 0; k < 8; k++) assert_int_equal(mine[k], i * 100 + k);
  }
  rt_lane_exit(i + 1 < RING ? ring[i + 1] : main_lane);
}

static void a_ring_of_lanes_keeps_every_stack_intact(void **state) {
  (void)state;
  main_lane = rt_lane_current();
  for (intptr_t i = 0; i < RING; i++) {
    ring_count[i] = 0;
    assert_int_equal(rt_lane_new(ring_entry, (void *)i, 64 * 1024, NULL, &ring[i]), RT_OK);
  }
  for (int r = 0; r <= ROUNDS; r++) rt_lane_switch(ring[0]);
  for (int i = 0; i < RING; i++) {
    assert_int_equal(ring_count[i], ROUNDS);
    assert_true(rt_lane_done(ring[i]));
    rt_lane_free(ring[i]);
  }
}

/* ------------------- switching from inside a task inside a loop */

/* Two lanes, each running its own loop with one task. The task of lane A
 * switches to lane B in the middle of its step (as a task blocking on a
 * virtual mutex would); B runs its whole loop, then switches back. A's
 * task must find its loop, its task, its thread id and its coroutine as
 * it left them. */
typedef struct side {
  fake_platform fp;
  rt_loop *loop;
  rt_task *task;
  rt_lane *lane;
  rt_lane *other;      /* where the task switches to mid-step */
  uint32_t thread_id;
  int ok;
} side;

static side sa, sb;

static int switching_body(void *arg, void **out) {
  side *s = arg;
  *out = NULL;
  rt_task *me = rt_task_current();
  rt_coro *co = rt_coro_current();
  uint32_t tid = rt_thread_id();
  assert_non_null(co);
  if (s->other) rt_lane_switch(s->other);  /* deep inside the task's step */
  assert_ptr_equal(rt_task_current(), me);
  assert_ptr_equal(rt_coro_current(), co);
  assert_ptr_equal(rt_loop_running(), s->loop);
  assert_int_equal(rt_thread_id(), tid);
  int rc = rt_sleep(1.0, NULL, NULL);  /* and the task still suspends fine */
  assert_ptr_equal(rt_task_current(), me);
  assert_int_equal(rt_thread_id(), tid);
  s->ok = rc == RT_OK;
  return rc;
}

static void side_entry(void *arg) {
  side *s = arg;
  s->thread_id = rt_thread_id();
  assert_null(rt_loop_running());
  assert_null(rt_coro_current());
  assert_int_equal(rt_loop_new(&s->fp.p, NULL, &s->loop), RT_OK);
  assert_int_equal(rt_task_new(s->loop, switching_body, s, NULL, &s->task), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(s->loop, rt_task_future(s->task)), RT_OK);
  assert_null(rt_loop_running());
  rt_task_release(s->task);
  rt_loop_free(s->loop);
  /* A finishes last and goes back to main; B goes back to A's task. */
  rt_lane_exit(s == &sa ? main_lane : sa.lane);
}

static void a_switch_inside_a_task_keeps_loop_task_and_thread(void **state) {
  (void)state;
  main_lane = rt_lane_current();
  memset(&sa, 0, sizeof sa);
  memset(&sb, 0, sizeof sb);
  fake_platform_init(&sa.fp);
  fake_platform_init(&sb.fp);
  assert_int_equal(rt_lane_new(side_entry, &sa, 0, "A", &sa.lane), RT_OK);
  assert_int_equal(rt_lane_new(side_entry, &sb, 0, "B", &sb.lane), RT_OK);
  sa.other = sb.lane;
  uint32_t main_tid = rt_thread_id();
  rt_lane_switch(sa.lane);
  assert_true(sa.ok);
  assert_true(sb.ok);
  assert_int_not_equal(sa.thread_id, sb.thread_id);
  assert_int_not_equal(sa.thread_id, main_tid);
  assert_int_equal(rt_thread_id(), main_tid);
  assert_null(rt_loop_running());
  assert_null(rt_task_current());
  assert_null(rt_coro_current());
  rt_lane_free(sa.lane);
  rt_lane_free(sb.lane);
}

/* --------------------------------- nested bare coroutines in a lane */

static rt_lane *nest_other;
static int nest_depth_seen;

static void inner_coro(void *arg) {
  rt_coro *self = rt_coro_current();
  rt_lane_switch(nest_other);  /* two coroutines deep */
  assert_ptr_equal(rt_coro_current(), self);
  nest_depth_seen = *(int *)arg;
  rt_coro_yield();
}

static void outer_coro(void *arg) {
  rt_coro *in;
  rt_coro *self = rt_coro_current();
  assert_int_equal(rt_coro_new(inner_coro, arg, 0, "inner", &in), RT_OK);
  rt_coro_resume(in);
  assert_ptr_equal(rt_coro_current(), self);
  rt_coro_resume(in);
  assert_true(rt_coro_done(in));
  rt_coro_free(in);
}

static void nest_entry(void *arg) {
  rt_coro *out;
  assert_int_equal(rt_coro_new(outer_coro, arg, 0, "outer", &out), RT_OK);
  rt_coro_resume(out);
  assert_null(rt_coro_current());
  assert_true(rt_coro_done(out));
  rt_coro_free(out);
  rt_lane_exit(main_lane);
}

static void other_entry(void *arg) {
  (void)arg;
  assert_null(rt_coro_current());  /* the nested coroutines are not ours */
  rt_lane_exit(main_lane);
}

static void a_switch_two_coroutines_deep_comes_back_to_them(void **state) {
  (void)state;
  main_lane = rt_lane_current();
  int depth = 2;
  rt_lane *ln;
  nest_depth_seen = 0;
  assert_int_equal(rt_lane_new(nest_entry, &depth, 0, "nest", &ln), RT_OK);
  assert_int_equal(rt_lane_new(other_entry, NULL, 0, "other", &nest_other), RT_OK);
  rt_lane_switch(ln);           /* runs until the inner coroutine switches */
  assert_true(rt_lane_done(nest_other));
  assert_int_equal(nest_depth_seen, 0);
  rt_lane_switch(ln);           /* back into the inner coroutine */
  assert_int_equal(nest_depth_seen, 2);
  assert_true(rt_lane_done(ln));
  rt_lane_free(ln);
  rt_lane_free(nest_other);
}

/* ------------------------------------------------------ lifetime */

static void never_entry(void *arg) {
  (void)arg;
  rt_lane_switch(main_lane);
  fail_msg("a freed suspended lane must never run again");
}

static void freeing_a_suspended_lane_returns_its_stack(void **state) {
  (void)state;
  main_lane = rt_lane_current();
  rt_lane *l, *n;
  assert_int_equal(rt_lane_new(never_entry, NULL, 0, "s", &l), RT_OK);
  assert_int_equal(rt_lane_new(never_entry, NULL, 0, "n", &n), RT_OK);
  assert_int_equal(rt__stack_live_count(), 2);
  rt_lane_switch(l);
  assert_false(rt_lane_done(l));
  rt_lane_free(l);  /* suspended: frames dropped */
  rt_lane_free(n);  /* never started */
  rt_lane_free(NULL);
  assert_int_equal(rt__stack_live_count(), 0);
}

static void lane_new_fails_cleanly_without_memory(void **state) {
  (void)state;
  for (long n = 1;; n++) {
    rt_lane *l = NULL;
    alloc_count_fail_at(n);
    int rc = rt_lane_new(never_entry, NULL, 0, "a lane with a name", &l);
    alloc_count_fail_at(0);
    if (rc == RT_OK) {
      rt_lane_free(l);
      break;
    }
    assert_int_equal(rc, RT_ENOMEM);
    assert_int_equal(alloc_count_live(), 0);
    assert_int_equal(rt__stack_live_count(), 0);
  }
}

static void idle_entry(void *arg) {
  (void)arg;
  rt_lane_exit(main_lane);
}

static void each_lane_has_its_own_thread_id(void **state) {
  (void)state;
  main_lane = rt_lane_current();
  rt_lane *a, *b;
  assert_int_equal(rt_lane_new(idle_entry, NULL, 0, NULL, &a), RT_OK);
  assert_int_equal(rt_lane_new(idle_entry, NULL, 0, NULL, &b), RT_OK);
  uint32_t ta = rt_lane_thread_id(a), tb = rt_lane_thread_id(b);
  assert_int_not_equal(ta, 0);
  assert_int_not_equal(ta, tb);
  assert_int_equal(rt_lane_thread_id(a), ta);  /* stable */
  assert_int_equal(rt_lane_thread_id(main_lane), rt_thread_id());
  rt_lane_switch(a);
  rt_lane_switch(b);
  rt_lane_free(a);
  rt_lane_free(b);
}

/* ------------------------------------------------------ overflow */

#if !defined(COROSCOPE_ASAN) && !defined(COROSCOPE_TSAN)
static volatile int depth_limit = 1 << 30;

/* Deep recursion with 1 KiB frames: overflows any lane's stack. */
static int recurse(int n) {
  volatile char pad[1024];
  pad[0] = (char)n;
  if (n == depth_limit) return 0;
  return recurse(n + 1) + pad[0];
}

static void yield_once(void *arg) {
  (void)arg;
  rt_coro_yield();
}

/* A coroutine resumed from the lane yields back to it, then the lane's
 * own stack overflows: the handler must still be watching the lane. */
static void overflowing_lane(void *arg) {
  (void)arg;
  rt_coro *c;
  if (rt_coro_new(yield_once, NULL, 0, "helper", &c) != RT_OK) _exit(3);
  rt_coro_resume(c);
  printf("%d\n", recurse(0));
  _exit(0);
}

static void child_overflow_in_lane(void) {
  rt_lane *l;
  main_lane = rt_lane_current();
  if (rt_lane_new(overflowing_lane, NULL, 64 * 1024, "Thread-2", &l) != RT_OK) _exit(3);
  rt_lane_switch(l);
  _exit(0);
}
#endif

static void a_lane_stack_overflow_names_the_lane(void **state) {
  (void)state;
#if defined(COROSCOPE_ASAN) || defined(COROSCOPE_TSAN)
  skip();  /* the sanitizer owns SIGSEGV there */
#else
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    signal(SIGSEGV, SIG_DFL);  /* not cmocka's */
    signal(SIGBUS, SIG_DFL);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    child_overflow_in_lane();
  }
  close(fds[1]);
  char err[512];
  ssize_t got = 0, r;
  while ((r = read(fds[0], err + got, sizeof err - 1 - (size_t)got)) > 0) got += r;
  err[got] = '\0';
  close(fds[0]);
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  assert_string_equal(err, "coroscope: stack overflow in task Thread-2\n");
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 134);
#endif
}

/* --------------------------------------------------- rt_reset_ids */

static rt_event first_ev[4];
static int nfirst;

static void keep_first(void *ud, const rt_event *ev) {
  (void)ud;
  if (nfirst < 4) first_ev[nfirst++] = *ev;
}

static int nop_body(void *arg, void **out) {
  (void)arg;
  *out = NULL;
  return RT_OK;
}

/* One tiny run: its first events, the task's id and default name. */
static void one_run(uint32_t *task_id, char *name, size_t n) {
  fake_platform fp;
  fake_platform_init(&fp);
  rt_loop *loop;
  rt_task *t;
  nfirst = 0;
  rt_trace_set_hook(keep_first, NULL);
  assert_int_equal(rt_loop_new(&fp.p, NULL, &loop), RT_OK);
  assert_int_equal(rt_task_new(loop, nop_body, NULL, NULL, &t), RT_OK);
  *task_id = rt_task_id(t);
  snprintf(name, n, "%s", rt_task_name(t));
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  rt_task_release(t);
  rt_loop_free(loop);
  rt_trace_set_hook(NULL, NULL);
}

static void reset_ids_makes_two_runs_number_alike(void **state) {
  (void)state;
  uint32_t id1, id2;
  char n1[32], n2[32];
  rt_reset_ids();
  one_run(&id1, n1, sizeof n1);
  rt_event e1 = first_ev[0];
  rt_reset_ids();
  one_run(&id2, n2, sizeof n2);
  rt_event e2 = first_ev[0];
  assert_int_equal(id1, id2);
  assert_string_equal(n1, "Task-1");
  assert_string_equal(n2, "Task-1");
  assert_int_equal(e1.seq, 1);
  assert_int_equal(e2.seq, 1);
  assert_int_equal(e1.loop, 1);
  assert_int_equal(e2.loop, 1);
  assert_int_equal(e1.thread, 1);
  assert_int_equal(e2.thread, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(lane_runs_on_first_switch_and_resumes_where_it_left, setup, teardown),
      cmocka_unit_test_setup_teardown(a_ring_of_lanes_keeps_every_stack_intact, setup, teardown),
      cmocka_unit_test_setup_teardown(a_switch_inside_a_task_keeps_loop_task_and_thread, setup, teardown),
      cmocka_unit_test_setup_teardown(a_switch_two_coroutines_deep_comes_back_to_them, setup, teardown),
      cmocka_unit_test_setup_teardown(freeing_a_suspended_lane_returns_its_stack, setup, teardown),
      cmocka_unit_test_setup_teardown(lane_new_fails_cleanly_without_memory, setup, teardown),
      cmocka_unit_test_setup_teardown(each_lane_has_its_own_thread_id, setup, teardown),
      cmocka_unit_test_setup_teardown(reset_ids_makes_two_runs_number_alike, setup, teardown),
      cmocka_unit_test_setup_teardown(a_lane_stack_overflow_names_the_lane, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
