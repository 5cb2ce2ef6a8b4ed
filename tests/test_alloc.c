/* test_alloc.c: the allocation hook: every runtime allocation goes through
 * it, failures are clean, nothing is left live. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_count.h"
#include "fake_platform.h"
#include "rt.h"

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

static void malloc_and_free_go_through_the_hook(void **state) {
  (void)state;
  void *a = rt_malloc(10), *b = rt_malloc(20);
  assert_non_null(a);
  assert_non_null(b);
  assert_int_equal(alloc_count_live(), 2);
  rt_free(a);
  rt_free(b);
  rt_free(NULL);
  assert_int_equal(alloc_count_live(), 0);
  assert_int_equal(alloc_count_total(), 2);
}

static void calloc_zeroes_and_refuses_overflow(void **state) {
  (void)state;
  unsigned char *p = rt_calloc(16, 4);
  assert_non_null(p);
  for (int i = 0; i < 64; i++) assert_int_equal(p[i], 0);
  rt_free(p);
  assert_null(rt_calloc(SIZE_MAX / 2, 4));
  assert_int_equal(alloc_count_live(), 0);
}

static void realloc_follows_realloc_contract(void **state) {
  (void)state;
  char *p = rt_realloc(NULL, 4);  /* NULL: malloc */
  assert_non_null(p);
  memcpy(p, "abc", 4);
  p = rt_realloc(p, 4096);
  assert_string_equal(p, "abc");
  assert_int_equal(alloc_count_live(), 1);
  alloc_count_fail_at(1);
  assert_null(rt_realloc(p, 8192));  /* failure leaves p alone */
  assert_string_equal(p, "abc");
  assert_null(rt_realloc(p, 0));     /* 0: free */
  assert_int_equal(alloc_count_live(), 0);
}

static void malloc_zero_returns_null_without_calling_the_hook(void **state) {
  (void)state;
  assert_null(rt_malloc(0));
  assert_int_equal(alloc_count_total(), 0);
}

static void failing_hook_makes_calls_return_null(void **state) {
  (void)state;
  alloc_count_fail_at(2);
  void *a = rt_malloc(8);
  assert_non_null(a);
  assert_null(rt_malloc(8));
  void *c = rt_malloc(8);  /* only the n-th fails */
  assert_non_null(c);
  rt_free(a);
  rt_free(c);
}

static int libc_hook_calls;
static void *plain_hook(void *ud, void *ptr, size_t n) {
  (void)ud;
  libc_hook_calls++;
  if (n == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, n);
}

static void null_restores_the_default_hook(void **state) {
  (void)state;
  rt_set_allocator(plain_hook, NULL);
  rt_free(rt_malloc(4));
  assert_int_equal(libc_hook_calls, 2);
  rt_set_allocator(NULL, NULL);
  rt_free(rt_malloc(4));
  assert_int_equal(libc_hook_calls, 2);
  alloc_count_install();
}

static void loop_new_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  fake_platform fp;
  for (long n = 1;; n++) {
    fake_platform_init(&fp);
    alloc_count_fail_at(n);
    rt_loop *loop = NULL;
    int rc = rt_loop_new(&fp.p, NULL, &loop);
    alloc_count_fail_at(0);
    if (rc == RT_OK) {
      assert_true(n > 1);
      rt_loop_free(loop);
      assert_int_equal(alloc_count_live(), 0);
      break;
    }
    assert_int_equal(rc, RT_ENOMEM);
    assert_int_equal(alloc_count_live(), 0);
  }
}

static void strerror_has_a_line_for_every_code(void **state) {
  (void)state;
  for (int code = RT_OK; code >= RT_EDEADLOCK; code--) {
    const char *s = rt_strerror(code);
    assert_non_null(s);
    assert_string_not_equal(s, "unknown error");
  }
  assert_string_equal(rt_strerror(RT_ENOMEM), "out of memory");
  assert_string_equal(rt_strerror(12345), "unknown error");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(malloc_and_free_go_through_the_hook, setup, teardown),
      cmocka_unit_test_setup_teardown(calloc_zeroes_and_refuses_overflow, setup, teardown),
      cmocka_unit_test_setup_teardown(realloc_follows_realloc_contract, setup, teardown),
      cmocka_unit_test_setup_teardown(malloc_zero_returns_null_without_calling_the_hook, setup, teardown),
      cmocka_unit_test_setup_teardown(failing_hook_makes_calls_return_null, setup, teardown),
      cmocka_unit_test_setup_teardown(null_restores_the_default_hook, setup, teardown),
      cmocka_unit_test_setup_teardown(loop_new_fails_cleanly_at_every_allocation, setup, teardown),
      cmocka_unit_test_setup_teardown(strerror_has_a_line_for_every_code, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
