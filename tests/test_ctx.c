/* test_ctx.c: behaviour of the raw context switch (ctx_int.h), per back-end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* One side of a ping-pong: the thread's own context and a made one. */
typedef struct pair {
  rt_ctx main, co;
  rt_stack stack;
  void *arg_seen;
  uintptr_t frame;
  long count;
  unsigned long sum;
  long rounds;
  char text[64];
} pair;

static void pair_make(pair *p, void (*entry)(void *)) {
  assert_int_equal(rt__stack_acquire(64 * 1024, &p->stack), RT_OK);
  memset(&p->main, 0, sizeof p->main);
  rt__ctx_make(&p->co, p->stack.lo, p->stack.size, entry, p);
}

static void pair_free(pair *p) {
  rt__ctx_free(&p->co);
  rt__stack_release(&p->stack);
}

static void enter_once(void *arg) {
  pair *p = arg;
  p->arg_seen = arg;
  p->frame = (uintptr_t)__builtin_frame_address(0);
  p->count++;
  rt__ctx_exit(&p->co, &p->main);
}

static void ctx_first_switch_enters_entry_with_its_arg(void **state) {
  (void)state;
  pair p = {0};
  pair_make(&p, enter_once);
  assert_int_equal(p.count, 0);  /* make runs nothing */
  rt__ctx_switch(&p.main, &p.co);
  assert_int_equal(p.count, 1);
  assert_ptr_equal(p.arg_seen, &p);
  /* entry ran on the new stack */
  assert_true(p.frame > (uintptr_t)p.stack.lo &&
              p.frame < (uintptr_t)p.stack.hi);
  pair_free(&p);
}

static void aligned_entry(void *arg) {
  pair *p = arg;
  /* The frame address is 16-aligned exactly when the ABI's alignment at
   * function entry held (x86-64: rsp+8 aligned; aarch64: sp aligned). */
  p->frame = (uintptr_t)__builtin_frame_address(0);
  /* Vector code in printf's prologue crashes on a misaligned stack. */
  snprintf(p->text, sizeof p->text, "%.2f|%Lf", 0.25, (long double)2.0);
  rt__ctx_exit(&p->co, &p->main);
}

static void ctx_entry_stack_is_aligned_as_the_abi_wants(void **state) {
  (void)state;
  /* Stacks of odd usable sizes: make rounds the top down itself. */
  pair p = {0};
  pair_make(&p, aligned_entry);
  rt__ctx_free(&p.co);
  rt__ctx_make(&p.co, p.stack.lo, p.stack.size - 8, aligned_entry, &p);
  rt__ctx_switch(&p.main, &p.co);
  assert_int_equal(p.frame % 16, 0);
  assert_string_equal(p.text, "0.25|2.000000");
  rt__ctx_free(&p.co);
  rt__ctx_make(&p.co, p.stack.lo, p.stack.size - 4, aligned_entry, &p);
  p.frame = 1;
  rt__ctx_switch(&p.main, &p.co);
  assert_int_equal(p.frame % 16, 0);
  pair_free(&p);
}

static void ping(void *arg) {
  pair *p = arg;
  for (long i = 0; i < p->rounds; i++) {
    p->count++;
    rt__ctx_switch(&p->co, &p->main);
  }
  rt__ctx_exit(&p->co, &p->main);
}

static void ctx_ping_pong_a_million_times(void **state) {
  (void)state;
  pair p = {0};
  p.rounds = 1000000;
  pair_make(&p, ping);
  for (long i = 0; i < p.rounds; i++) {
    rt__ctx_switch(&p.main, &p.co);
    assert_true(p.count == i + 1);
  }
  rt__ctx_switch(&p.main, &p.co);  /* lets ping leave for good */
  assert_int_equal(p.count, p.rounds);
  pair_free(&p);
}

/* Keeps many integers and doubles live across every switch, so that at -O2
 * they occupy callee-saved registers (rbx rbp r12-r15; x19-x28, d8-d15). */
static void churn(void *arg) {
  pair *p = arg;
  unsigned long a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i = 9,
                j = 10;
  double x = 1.5, y = 2.5, z = 3.5, u = 4.5, v = 5.5, w = 6.5, s = 7.5,
         t = 8.5;
  for (long k = 0; k < p->rounds; k++) {
    rt__ctx_switch(&p->co, &p->main);
    a += b, b ^= c, c += d * 3, d -= e, e += f, f ^= g, g += h, h -= i,
        i += j, j ^= a;
    x += y, y *= 1.001, z -= u, u += v, v *= 0.999, w += s, s -= t,
        t += 0.5;
  }
  p->sum = a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i ^ j;
  snprintf(p->text, sizeof p->text, "%.6g", x + y + z + u + v + w + s + t);
  rt__ctx_exit(&p->co, &p->main);
}

static void churn_expected(long rounds, unsigned long *count, char *text, size_t n) {
  unsigned long a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i = 9,
                j = 10;
  double x = 1.5, y = 2.5, z = 3.5, u = 4.5, v = 5.5, w = 6.5, s = 7.5,
         t = 8.5;
  for (long k = 0; k < rounds; k++) {
    a += b, b ^= c, c += d * 3, d -= e, e += f, f ^= g, g += h, h -= i,
        i += j, j ^= a;
    x += y, y *= 1.001, z -= u, u += v, v *= 0.999, w += s, s -= t,
        t += 0.5;
  }
  *count = a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i ^ j;
  snprintf(text, n, "%.6g", x + y + z + u + v + w + s + t);
}

static void ctx_switch_preserves_callee_saved_registers(void **state) {
  (void)state;
  pair p = {0};
  p.rounds = 10000;
  pair_make(&p, churn);
  /* The main side churns its own registers between switches. */
  unsigned long a = 11, b = 12, c = 13, d = 14, e = 15, f = 16;
  double x = 0.5, y = 0.25, z = 0.125, u = 2.0;
  for (long k = 0; k <= p.rounds; k++) {
    rt__ctx_switch(&p.main, &p.co);
    a += f, b ^= a, c += b, d -= c, e ^= d, f += e;
    x += y, y *= 1.5, z -= x, u *= 0.75;
  }
  unsigned long want;
  char text[64];
  churn_expected(p.rounds, &want, text, sizeof text);
  assert_true(p.sum == want);
  assert_string_equal(p.text, text);
  unsigned long a2 = 11, b2 = 12, c2 = 13, d2 = 14, e2 = 15, f2 = 16;
  double x2 = 0.5, y2 = 0.25, z2 = 0.125, u2 = 2.0;
  for (long k = 0; k <= p.rounds; k++) {
    a2 += f2, b2 ^= a2, c2 += b2, d2 -= c2, e2 ^= d2, f2 += e2;
    x2 += y2, y2 *= 1.5, z2 -= x2, u2 *= 0.75;
  }
  assert_true(a == a2 && b == b2 && c == c2 && d == d2 && e == e2 && f == f2);
  assert_true(x == x2 && y == y2 && z == z2 && u == u2);
  pair_free(&p);
}

/* Three contexts passing control around a ring: a switch may go to any
 * context, not only back to the one that switched to us. */
static rt_ctx ring_main, ring_ctx[3];
static char ring_log[64];

static void ring_entry(void *arg) {
  int me = (int)(intptr_t)arg;
  for (int round = 0; round < 2; round++) {
    size_t n = strlen(ring_log);
    ring_log[n] = (char)('a' + me);
    ring_log[n + 1] = '\0';
    rt__ctx_switch(&ring_ctx[me], me == 2 ? &ring_main : &ring_ctx[me + 1]);
  }
  rt__ctx_exit(&ring_ctx[me], &ring_main);
}

static void ctx_switch_can_go_to_any_suspended_context(void **state) {
  (void)state;
  rt_stack st[3];
  ring_log[0] = '\0';
  for (int i = 0; i < 3; i++) {
    assert_int_equal(rt__stack_acquire(32 * 1024, &st[i]), RT_OK);
    rt__ctx_make(&ring_ctx[i], st[i].lo, st[i].size, ring_entry,
                 (void *)(intptr_t)i);
  }
  rt__ctx_switch(&ring_main, &ring_ctx[0]);
  assert_string_equal(ring_log, "abc");
  rt__ctx_switch(&ring_main, &ring_ctx[0]);
  assert_string_equal(ring_log, "abcabc");
  for (int i = 0; i < 3; i++) {
    rt__ctx_switch(&ring_main, &ring_ctx[i]);  /* each leaves for good */
    rt__ctx_free(&ring_ctx[i]);
    rt__stack_release(&st[i]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          ctx_first_switch_enters_entry_with_its_arg, setup, teardown),
      cmocka_unit_test_setup_teardown(
          ctx_entry_stack_is_aligned_as_the_abi_wants, setup, teardown),
      cmocka_unit_test_setup_teardown(ctx_ping_pong_a_million_times, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          ctx_switch_preserves_callee_saved_registers, setup, teardown),
      cmocka_unit_test_setup_teardown(
          ctx_switch_can_go_to_any_suspended_context, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
