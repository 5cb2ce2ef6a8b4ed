/* test_obj_set.c: set and frozenset: CPython's iteration order for small
 * ints and (with PYTHONHASHSEED=0) strs, set algebra, hashing, errors. */
#include "obj_test.h"

/* Expected values come from python3 (3.11.7, PYTHONHASHSEED=0) on this
 * machine; each comment is the Python code. */

static py_obj *set_of(int n, const int64_t *v) { return T(py_set_new(INTS(n, v))); }

/* s = set(); for x in items: s.add(x) */
static py_obj *set_by_adds(int n, const int64_t *v) {
  py_obj *s = T(py_set_new(NULL));
  for (int i = 0; i < n; i++) assert_int_equal(py_set_add(s, I(v[i])), 0);
  return s;
}

static void small_int_set_iterates_like_cpython(void **state) {
  int64_t a[] = {3, 1, 2};
  expect_repr(py_newref(set_by_adds(3, a)), "{1, 2, 3}");            /* {3, 1, 2} */
  int64_t b[] = {1, 17, 2, 3, 4, 5};
  expect_repr(py_newref(set_of(6, b)), "{1, 2, 3, 4, 5, 17}");       /* set([1,17,2,3,4,5]) */
  int64_t c[] = {-1, -2, 5};
  expect_repr(py_newref(set_by_adds(3, c)), "{5, -1, -2}");          /* {-1, -2, 5} */
  /* set(range(20, 0, -3)) */
  expect_repr(py_set_new(T(py_range_new(20, 0, -3))), "{2, 5, 8, 11, 14, 17, 20}");
  /* s = set(range(10)); s.pop(); s.pop() */
  py_obj *r = T(py_set_new(T(py_range_new(0, 10, 1))));
  expect_repr(callm(r, "pop", 0), "0");
  expect_repr(callm(r, "pop", 0), "1");
  expect_repr(py_newref(r), "{2, 3, 4, 5, 6, 7, 8, 9}");
  /* {1.0, 1} -> {1.0}; {True, 1, 1.0} -> {True} (the first one stays) */
  py_obj *m = T(py_set_new(LIST(2, F(1.0), I(1))));
  expect_repr(py_newref(m), "{1.0}");
  expect_repr(py_set_new(LIST(3, py_True, I(1), F(1.0))), "{True}");
}

/* {a, b, c} with constants, made as CPython makes it */
static py_obj *display(int n, const int64_t *v) {
  py_obj *items[16];
  for (int i = 0; i < n; i++) items[i] = I(v[i]);
  return T(py_set_from_constants(items, n));
}

static void set_display_of_constants_follows_cpython_build_path(void **state) {
  /* CPython compiles {39, 32, 27, 4, 20} to a frozenset constant merged into
   * a new set; adding one by one gives another order:
   *   {39, 32, 27, 4, 20}        -> {32, 4, 20, 39, 27}
   *   s = set(); s.add(...) each -> {32, 4, 39, 20, 27} */
  int64_t v[] = {39, 32, 27, 4, 20};
  expect_repr(py_newref(set_by_adds(5, v)), "{32, 4, 39, 20, 27}");
  expect_repr(py_newref(display(5, v)), "{32, 4, 20, 39, 27}");
  /* {48, 54, 21, 22, 30, 29, 3} vs adds */
  int64_t w[] = {48, 54, 21, 22, 30, 29, 3};
  expect_repr(py_newref(display(7, w)), "{48, 3, 21, 54, 22, 29, 30}");
  expect_repr(py_newref(set_by_adds(7, w)), "{3, 48, 21, 54, 22, 29, 30}");
  /* {-7, 89, 183, 196}: the constant is rebuilt once more by the compiler
   * -> {89, 196, -7, 183} (frozenset((-7, 89, 183, 196)) alone iterates
   * 89, -7, 196, 183) */
  int64_t x[] = {-7, 89, 183, 196};
  expect_repr(py_newref(display(4, x)), "{89, 196, -7, 183}");
  /* s = {1, 2, 3, 9, 17}; s.discard(1); s.add(33); s.add(1) */
  int64_t d[] = {1, 2, 3, 9, 17};
  py_obj *s = display(5, d);
  py_set_discard(s, I(1));
  py_set_add(s, I(33));
  py_set_add(s, I(1));
  expect_repr(py_newref(s), "{33, 2, 3, 17, 1, 9}");
  /* the same built by adds: {33, 2, 3, 1, 9, 17} */
  py_obj *t = set_by_adds(5, d);
  py_set_discard(t, I(1));
  py_set_add(t, I(33));
  py_set_add(t, I(1));
  expect_repr(py_newref(t), "{33, 2, 3, 1, 9, 17}");
}

static void str_sets_iterate_like_cpython_with_hashseed_0(void **state) {
  /* {'a', 'b', 'c'}, set('abca'), {'apple', 'banana', 'cherry', '中文'} */
  expect_repr(py_set_new(LIST(3, S("a"), S("b"), S("c"))), "{'c', 'a', 'b'}");
  expect_repr(py_set_new(S("abca")), "{'c', 'a', 'b'}");
  py_obj *items[4] = {S("apple"), S("banana"), S("cherry"), S("中文")};
  expect_repr(py_set_from_constants(items, 4), "{'中文', 'banana', 'cherry', 'apple'}");
}

static void set_algebra_orders_like_cpython(void **state) {
  int64_t av[] = {1, 2, 3, 4}, bv[] = {3, 4, 5, 6};
  py_obj *a = set_by_adds(4, av), *b = set_by_adds(4, bv);
  /* a | b, a & b, a - b, b - a, a ^ b */
  expect_repr(py_binary_op(a, b, PY_OP_OR), "{1, 2, 3, 4, 5, 6}");
  expect_repr(py_binary_op(a, b, PY_OP_AND), "{3, 4}");
  expect_repr(py_binary_op(a, b, PY_OP_SUB), "{1, 2}");
  expect_repr(py_binary_op(b, a, PY_OP_SUB), "{5, 6}");
  expect_repr(py_binary_op(a, b, PY_OP_XOR), "{1, 2, 5, 6}");
  /* a <= b, {3} < a, a.isdisjoint({9}), a.union([7, 0]), a.intersection([4, 3, 9]) */
  assert_int_equal(py_richcompare_bool(a, b, PY_LE), 0);
  assert_int_equal(py_richcompare_bool(T(py_set_new(LIST(1, I(3)))), a, PY_LT), 1);
  expect_repr(callm(a, "isdisjoint", 1, T(py_set_new(LIST(1, I(9))))), "True");
  expect_repr(callm(a, "union", 1, LIST(2, I(7), I(0))), "{0, 1, 2, 3, 4, 7}");
  expect_repr(callm(a, "intersection", 1, LIST(3, I(4), I(3), I(9))), "{3, 4}");
  /* {1, 2} == {2, 1}, frozenset({1, 2}) == {1, 2}, {1, 2, 3} > {1, 2} */
  int64_t x[] = {1, 2}, y[] = {2, 1}, z[] = {1, 2, 3};
  assert_int_equal(py_richcompare_bool(set_of(2, x), set_of(2, y), PY_EQ), 1);
  assert_int_equal(py_richcompare_bool(T(py_frozenset_new(INTS(2, x))), set_of(2, x), PY_EQ), 1);
  assert_int_equal(py_richcompare_bool(set_of(3, z), set_of(2, x), PY_GT), 1);
  /* in-place: a |= {9}; a -= {1}; a &= {2, 9}; a ^= {5} */
  py_obj *c = T(py_set_new(a));
  T(py_inplace_op(c, T(py_set_new(LIST(1, I(9)))), PY_OP_OR));
  T(py_inplace_op(c, T(py_set_new(LIST(1, I(1)))), PY_OP_SUB));
  T(py_inplace_op(c, T(py_set_new(LIST(2, I(2), I(9)))), PY_OP_AND));
  T(py_inplace_op(c, T(py_set_new(LIST(1, I(5)))), PY_OP_XOR));
  expect_repr(py_newref(c), "{9, 2, 5}");
}

static void frozenset_hash_and_reprs(void **state) {
  int64_t v[] = {1, 2, 3};
  /* hash(frozenset({1, 2, 3})), hash(frozenset()), hash(frozenset({'a', 'b'})) */
  assert_int_equal(py_hash(T(py_frozenset_new(INTS(3, v)))), -272375401224217160LL);
  assert_int_equal(py_hash(T(py_frozenset_new(NULL))), 133146708735736LL);
  assert_int_equal(py_hash(T(py_frozenset_new(LIST(2, S("a"), S("b"))))), 1679668661828516449LL);
  /* set(), frozenset(), frozenset({1, 2}) */
  expect_repr(py_set_new(NULL), "set()");
  expect_repr(py_frozenset_new(NULL), "frozenset()");
  expect_repr(py_frozenset_new(INTS(2, v)), "frozenset({1, 2})");
  /* hash(set()) -> TypeError: unhashable type: 'set' */
  expect_err(py_hash(T(py_set_new(NULL))) == -1, &py_exc_TypeError, "unhashable type: 'set'");
  /* {1} in {frozenset({1})}: a set key is looked up as a frozenset */
  py_obj *outer = T(py_set_new(NULL));
  py_set_add(outer, T(py_frozenset_new(INTS(1, v))));
  assert_int_equal(py_set_contains(outer, set_of(1, v)), 1);
}

static void set_errors_match_cpython(void **state) {
  py_obj *e = T(py_set_new(NULL));
  /* set().remove(3), set().pop(), set([[1]]), {1} < 1, {1} | [2] */
  expect_err(FAILS(callm(e, "remove", 1, I(3))), &py_exc_KeyError, "3");
  expect_err(FAILS(callm(e, "pop", 0)), &py_exc_KeyError, "'pop from an empty set'");
  expect_err(FAILS(py_set_new(LIST(1, LIST(1, I(1))))), &py_exc_TypeError,
             "unhashable type: 'list'");
  int64_t one[] = {1};
  expect_err(py_richcompare_bool(set_of(1, one), I(1), PY_LT) < 0, &py_exc_TypeError,
             "'<' not supported between instances of 'set' and 'int'");
  expect_err(FAILS(py_binary_op(set_of(1, one), LIST(1, I(2)), PY_OP_OR)), &py_exc_TypeError,
             "unsupported operand type(s) for |: 'set' and 'list'");
  expect_err(FAILS(callm(e, "add", 0)), &py_exc_TypeError,
             "set.add() takes exactly one argument (0 given)");
  /* for x in s: s.add(x + 1) -> RuntimeError: Set changed size during iteration */
  py_obj *s = set_of(1, one);
  py_obj *it = T(py_iter(s));
  T(py_iter_next(it));
  py_set_add(s, I(2));
  expect_err(FAILS(py_iter_next(it)), &py_exc_RuntimeError, "Set changed size during iteration");
}

static void large_sets_resize_and_keep_everything(void **state) {
  py_obj *s = T(py_set_new(NULL));
  for (int i = 0; i < 10000; i++) py_set_add(s, I(i * 7));
  for (int i = 0; i < 10000; i += 2) py_set_discard(s, I(i * 7));
  assert_int_equal(py_len(s), 5000);
  for (int i = 0; i < 10000; i++) assert_int_equal(py_set_contains(s, I(i * 7)), i % 2);
  py_ssize_t pos = 0, n = 0;
  py_obj *k;
  while (py_set_next(s, &pos, &k)) n++;
  assert_int_equal(n, 5000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(small_int_set_iterates_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(set_display_of_constants_follows_cpython_build_path, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(str_sets_iterate_like_cpython_with_hashseed_0, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(set_algebra_orders_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(frozenset_hash_and_reprs, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(set_errors_match_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(large_sets_resize_and_keep_everything, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
