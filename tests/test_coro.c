/* test_coro.c: behaviour of bare stackful coroutines (rt_coro). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "alloc_count.h"
#include "ctx_int.h"
#include "rt.h"

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  assert_int_equal(rt__stack_live_count(), 0);
  rt__stack_pool_drain();
  assert_int_equal(rt__stack_pooled_count(), 0);
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* --- helpers */

typedef struct log {
  char buf[256];
} log_t;

static void logf_(log_t *l, const char *s) {
  strncat(l->buf, s, sizeof l->buf - strlen(l->buf) - 1);
}

static void steps_body(void *arg) {
  log_t *l = arg;
  logf_(l, "a");
  rt_coro_yield();
  logf_(l, "b");
  rt_coro_yield();
  logf_(l, "c");
}

/* --- tests */

static void coro_resume_runs_until_yield(void **state) {
  (void)state;
  log_t l = {{0}};
  rt_coro *c;
  assert_int_equal(rt_coro_new(steps_body, &l, 0, "steps", &c), RT_OK);
  assert_string_equal(l.buf, "");  /* nothing runs before the first resume */
  rt_coro_resume(c);
  assert_string_equal(l.buf, "a");
  assert_false(rt_coro_done(c));
  rt_coro_resume(c);
  assert_string_equal(l.buf, "ab");
  assert_false(rt_coro_done(c));
  rt_coro_resume(c);
  assert_string_equal(l.buf, "abc");
  assert_true(rt_coro_done(c));
  rt_coro_free(c);
}

static void current_body(void *arg) {
  rt_coro **seen = arg;
  seen[0] = rt_coro_current();
  rt_coro_yield();
  seen[1] = rt_coro_current();
}

static void coro_current_is_self_inside_and_null_outside(void **state) {
  (void)state;
  rt_coro *seen[2] = {NULL, NULL};
  rt_coro *c;
  assert_null(rt_coro_current());
  assert_int_equal(rt_coro_new(current_body, seen, 0, NULL, &c), RT_OK);
  rt_coro_resume(c);
  assert_ptr_equal(seen[0], c);
  assert_null(rt_coro_current());
  rt_coro_resume(c);
  assert_ptr_equal(seen[1], c);
  assert_null(rt_coro_current());
  rt_coro_free(c);
}

typedef struct nest {
  log_t *l;
  rt_coro *inner;
  rt_coro *outer;
  rt_coro *seen_in_outer_after;
} nest;

static void inner_body(void *arg) {
  nest *n = arg;
  logf_(n->l, "i1");
  rt_coro_yield();  /* back to outer, not to the thread */
  logf_(n->l, "i2");
}

static void outer_body(void *arg) {
  nest *n = arg;
  logf_(n->l, "o1");
  rt_coro_resume(n->inner);
  n->seen_in_outer_after = rt_coro_current();
  logf_(n->l, "o2");
  rt_coro_yield();
  logf_(n->l, "o3");
  rt_coro_resume(n->inner);
  logf_(n->l, "o4");
}

static void coro_nested_resume_yields_back_to_the_inner_resumer(void **state) {
  (void)state;
  log_t l = {{0}};
  nest n = {.l = &l};
  assert_int_equal(rt_coro_new(inner_body, &n, 0, "inner", &n.inner), RT_OK);
  assert_int_equal(rt_coro_new(outer_body, &n, 0, "outer", &n.outer), RT_OK);
  rt_coro_resume(n.outer);
  assert_string_equal(l.buf, "o1i1o2");
  assert_ptr_equal(n.seen_in_outer_after, n.outer);
  assert_null(rt_coro_current());
  rt_coro_resume(n.outer);
  assert_string_equal(l.buf, "o1i1o2o3i2o4");
  assert_true(rt_coro_done(n.inner));
  assert_true(rt_coro_done(n.outer));
  rt_coro_free(n.inner);
  rt_coro_free(n.outer);
}

static void forever_body(void *arg) {
  int *count = arg;
  for (;;) {
    ++*count;
    rt_coro_yield();
  }
}

static void coro_free_while_suspended_releases_everything(void **state) {
  (void)state;
  int count = 0;
  rt_coro *c;
  assert_int_equal(rt_coro_new(forever_body, &count, 0, "never-ends", &c),
                   RT_OK);
  rt_coro_resume(c);
  rt_coro_resume(c);
  assert_int_equal(count, 2);
  rt_coro_free(c);  /* teardown checks the stack and the struct are back */
}

static void coro_free_before_first_resume_runs_nothing(void **state) {
  (void)state;
  int count = 0;
  rt_coro *c;
  assert_int_equal(rt_coro_new(forever_body, &count, 0, NULL, &c), RT_OK);
  rt_coro_free(c);
  assert_int_equal(count, 0);
}

static const char long_name[] =
    "a-task-name-much-longer-than-the-inline-buffer-of-rt_coro-so-it-"
    "needs-its-own-allocation";

static void coro_new_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  int count = 0;
  int failures = 0;
  for (long n = 1;; n++) {
    alloc_count_install();
    alloc_count_fail_at(n);
    rt_coro *c = NULL;
    int rc = rt_coro_new(forever_body, &count, 0, long_name, &c);
    alloc_count_fail_at(0);
    if (rc == RT_OK) {
      rt_coro_resume(c);
      rt_coro_free(c);
      assert_int_equal(alloc_count_live(), 0);
      break;
    }
    assert_int_equal(rc, RT_ENOMEM);
    assert_int_equal(alloc_count_live(), 0);
    assert_int_equal(rt__stack_live_count(), 0);
    failures++;
    assert_true(n < 100);
  }
  assert_int_equal(failures, 1);  /* the long name (the struct is on the stack) */
  assert_int_equal(count, 1);
}

static void coro_short_names_cost_no_allocation(void **state) {
  (void)state;
  int count = 0;
  rt_coro *c;
  assert_int_equal(rt_coro_new(forever_body, &count, 0, "Task-123", &c), RT_OK);
  assert_int_equal(alloc_count_live(), 0);  /* struct and name on its stack */
  rt_coro_free(c);
}

static void name_body(void *arg) {
  (void)arg;
  rt_coro_set_name(rt_coro_current(), long_name);
  rt_coro_yield();
  rt_coro_set_name(rt_coro_current(), "short");
  assert_string_equal(rt__stack_cur_name, "short");
}

static void coro_set_name_copies_and_the_overflow_handler_sees_it(void **state) {
  (void)state;
  rt_coro *c;
  char name[16];
  strcpy(name, "Task-1");
  assert_int_equal(rt_coro_new(name_body, NULL, 0, name, &c), RT_OK);
  strcpy(name, "changed");  /* the coroutine kept its own copy */
  rt_coro_resume(c);
  rt_coro_resume(c);
  assert_true(rt_coro_done(c));
  rt_coro_set_name(c, NULL);
  rt_coro_set_name(c, long_name);
  alloc_count_fail_at(1);
  rt_coro_set_name(c, long_name);  /* cannot copy: cut, not lost */
  alloc_count_fail_at(0);
  rt_coro_free(c);
}

typedef struct regs {
  double d[8];
  unsigned long v[8];
  int rounds;
} regs;

/* Many values live across each yield: at -O2 they sit in callee-saved
 * integer and (on aarch64) floating-point registers. */
static void busy_body(void *arg) {
  regs *r = arg;
  double a = 1.5, b = 2.25, c = -3.0, d = 0.125;
  unsigned long x = 7, y = 11, z = 13, w = 17;
  for (int i = 0; i < r->rounds; i++) {
    rt_coro_yield();
    a *= 1.0001;
    b += 0.5;
    c -= 0.25;
    d *= 2.0;
    x = x * 3 + 1;
    y ^= x;
    z += y;
    w = w * 5 + z;
  }
  r->d[0] = a, r->d[1] = b, r->d[2] = c, r->d[3] = d;
  r->v[0] = x, r->v[1] = y, r->v[2] = z, r->v[3] = w;
}

static void coro_values_survive_many_switches_on_both_sides(void **state) {
  (void)state;
  regs in = {.rounds = 1000}, out = {.rounds = 1000};
  rt_coro *c1, *c2;
  assert_int_equal(rt_coro_new(busy_body, &in, 0, NULL, &c1), RT_OK);
  assert_int_equal(rt_coro_new(busy_body, &out, 0, NULL, &c2), RT_OK);
  double p = 3.0, q = 0.5;
  unsigned long s = 1, t = 2;
  while (!rt_coro_done(c1) || !rt_coro_done(c2)) {
    if (!rt_coro_done(c1)) rt_coro_resume(c1);
    p += 1.0, q *= 1.5, s = s * 31 + 7, t ^= s;
    if (!rt_coro_done(c2)) rt_coro_resume(c2);
  }
  /* The same computation without switches. */
  double a = 1.5, b = 2.25, c = -3.0, d = 0.125;
  unsigned long x = 7, y = 11, z = 13, w = 17;
  for (int i = 0; i < 1000; i++) {
    a *= 1.0001, b += 0.5, c -= 0.25, d *= 2.0;
    x = x * 3 + 1, y ^= x, z += y, w = w * 5 + z;
  }
  for (int k = 0; k < 2; k++) {
    regs *r = k ? &out : &in;
    assert_true(r->d[0] == a && r->d[1] == b && r->d[2] == c && r->d[3] == d);
    assert_true(r->v[0] == x && r->v[1] == y && r->v[2] == z && r->v[3] == w);
  }
  double p2 = 3.0, q2 = 0.5;
  unsigned long s2 = 1, t2 = 2;
  for (int i = 0; i < 1001; i++) p2 += 1.0, q2 *= 1.5, s2 = s2 * 31 + 7, t2 ^= s2;
  assert_true(p == p2 && q == q2 && s == s2 && t == t2);
  rt_coro_free(c1);
  rt_coro_free(c2);
}

static void printf_body(void *arg) {
  char *buf = arg;
  /* printf with doubles saves vector registers with aligned stores: it
   * crashes on a misaligned stack. */
  snprintf(buf, 64, "%.3f %Lf", 2.5, (long double)1.25);
  rt_coro_yield();
  snprintf(buf, 64, "%.1f", 0.5);
}

static void coro_stack_is_aligned_for_vector_code(void **state) {
  (void)state;
  char buf[64] = "";
  rt_coro *c;
  assert_int_equal(rt_coro_new(printf_body, buf, 0, NULL, &c), RT_OK);
  rt_coro_resume(c);
  assert_string_equal(buf, "2.500 1.250000");
  rt_coro_resume(c);
  assert_string_equal(buf, "0.5");
  rt_coro_free(c);
}

static void depth_body(void *arg) {
  /* Uses most of a small stack: 24 KiB of locals on a 32 KiB stack (the
   * rest is for the dynamic linker's lazy binding, which saves the whole
   * vector state on the stack, and the ucontext back-end's ucontext_t). */
  volatile char big[24 * 1024];
  for (size_t i = 0; i < sizeof big; i++) big[i] = 1;
  *(int *)arg = big[100] + big[24000];
}

static void coro_small_stacks_are_usable_to_their_size(void **state) {
  (void)state;
  int r = 0;
  rt_coro *c;
  assert_int_equal(rt_coro_new(depth_body, &r, 32 * 1024, NULL, &c), RT_OK);
  rt_coro_resume(c);
  assert_true(rt_coro_done(c));
  assert_int_equal(r, 2);
  rt_coro_free(c);
}

#if defined(COROSCOPE_TSAN)
#define MANY 4000  /* TSan counts every fiber as a thread: 8,128 at most */
#else
#define MANY 100000
#endif

static void count_body(void *arg) {
  long *n = arg;
  ++*n;
  rt_coro_yield();
  ++*n;
}

static void hundred_thousand_coroutines_round_trip(void **state) {
  (void)state;
  static rt_coro *cs[MANY];
  long n = 0;
  for (int i = 0; i < MANY; i++)
    assert_int_equal(rt_coro_new(count_body, &n, 16 * 1024, "Task", &cs[i]),
                     RT_OK);
  for (int i = 0; i < MANY; i++) rt_coro_resume(cs[i]);
  assert_int_equal(n, MANY);
  assert_int_equal(rt__stack_live_count(), MANY);
  for (int i = 0; i < MANY; i++) {
    rt_coro_resume(cs[i]);
    assert_true(rt_coro_done(cs[i]));
  }
  assert_int_equal(n, 2 * MANY);
  for (int i = 0; i < MANY; i++) rt_coro_free(cs[i]);
}

static void *thread_resume(void *arg) {
  rt_coro_resume(arg);
  return NULL;
}

static void coro_suspended_coroutine_can_be_resumed_by_another_thread(void **state) {
  (void)state;
  log_t l = {{0}};
  rt_coro *c;
  assert_int_equal(rt_coro_new(steps_body, &l, 0, "migrant", &c), RT_OK);
  rt_coro_resume(c);
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, thread_resume, c), 0);
  assert_int_equal(pthread_join(th, NULL), 0);
  assert_string_equal(l.buf, "ab");
  rt_coro_resume(c);
  assert_string_equal(l.buf, "abc");
  assert_true(rt_coro_done(c));
  rt_coro_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(coro_resume_runs_until_yield, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          coro_current_is_self_inside_and_null_outside, setup, teardown),
      cmocka_unit_test_setup_teardown(
          coro_nested_resume_yields_back_to_the_inner_resumer, setup, teardown),
      cmocka_unit_test_setup_teardown(
          coro_free_while_suspended_releases_everything, setup, teardown),
      cmocka_unit_test_setup_teardown(
          coro_free_before_first_resume_runs_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(
          coro_new_fails_cleanly_at_every_allocation, setup, teardown),
      cmocka_unit_test_setup_teardown(coro_short_names_cost_no_allocation,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          coro_set_name_copies_and_the_overflow_handler_sees_it, setup,
          teardown),
      cmocka_unit_test_setup_teardown(
          coro_values_survive_many_switches_on_both_sides, setup, teardown),
      cmocka_unit_test_setup_teardown(coro_stack_is_aligned_for_vector_code,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          coro_small_stacks_are_usable_to_their_size, setup, teardown),
      cmocka_unit_test_setup_teardown(hundred_thousand_coroutines_round_trip,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          coro_suspended_coroutine_can_be_resumed_by_another_thread, setup,
          teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
