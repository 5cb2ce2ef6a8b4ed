/* test_obj_list.c: list and tuple: indexing and slicing with CPython's
 * errors, slice assignment, the stable sort, reprs, hashing and
 * comparisons. */
#include "obj_test.h"

/* Expected values come from python3 (3.11.7) on this machine; each
 * comment is the Python expression. */

static py_obj *sl(py_obj *a, py_obj *b, py_obj *c) { return T(py_slice_new(a, b, c)); }

static void list_indexing_and_slicing_errors_match_cpython(void **state) {
  int64_t v[] = {1, 2, 3, 4, 5};
  py_obj *l = INTS(5, v);
  expect_repr(py_getitem(l, sl(I(1), NULL, NULL)), "[2, 3, 4, 5]");     /* l[1:] */
  expect_repr(py_getitem(l, sl(NULL, NULL, I(2))), "[1, 3, 5]");        /* l[::2] */
  expect_repr(py_getitem(l, sl(NULL, NULL, I(-2))), "[5, 3, 1]");       /* l[::-2] */
  expect_repr(py_getitem(l, sl(I(7), NULL, NULL)), "[]");               /* l[7:] */
  expect_repr(py_getitem(l, I(-1)), "5");                               /* l[-1] */
  /* [][0], [1][-2], l['a'] */
  expect_err(FAILS(py_getitem(T(py_list_new(0)), I(0))), &py_exc_IndexError,
             "list index out of range");
  expect_err(FAILS(py_getitem(LIST(1, I(1)), I(-2))), &py_exc_IndexError,
             "list index out of range");
  expect_err(FAILS(py_getitem(l, S("a"))), &py_exc_TypeError,
             "list indices must be integers or slices, not str");
  /* None[0] -> TypeError: 'NoneType' object is not subscriptable */
  expect_err(FAILS(py_getitem(py_None, I(0))), &py_exc_TypeError,
             "'NoneType' object is not subscriptable");
  /* len(5) -> TypeError: object of type 'int' has no len() */
  expect_err(py_len(I(5)) < 0, &py_exc_TypeError, "object of type 'int' has no len()");
  /* a = [1]; a[5] = 1 */
  expect_err(py_setitem(LIST(1, I(1)), I(5), I(1)) < 0, &py_exc_IndexError,
             "list assignment index out of range");
  /* (1, 2)[0] = 5 -> TypeError: 'tuple' object does not support item assignment */
  expect_err(py_setitem(TUP(2, I(1), I(2)), I(0), I(5)) < 0, &py_exc_TypeError,
             "'tuple' object does not support item assignment");
  expect_err(FAILS(py_getitem(TUP(2, I(1), I(2)), I(5))), &py_exc_IndexError,
             "tuple index out of range");
}

static void list_slice_assignment_and_deletion(void **state) {
  int64_t v[] = {1, 2, 3, 4, 5};
  py_obj *a = INTS(5, v);
  /* a[1:3] = [9] -> [1, 9, 4, 5] */
  assert_int_equal(py_setitem(a, sl(I(1), I(3), NULL), LIST(1, I(9))), 0);
  expect_repr(py_newref(a), "[1, 9, 4, 5]");
  /* a[::2] = [7, 8, 9] -> [7, 2, 8, 4, 9] */
  a = INTS(5, v);
  assert_int_equal(py_setitem(a, sl(NULL, NULL, I(2)), LIST(3, I(7), I(8), I(9))), 0);
  expect_repr(py_newref(a), "[7, 2, 8, 4, 9]");
  /* a[::2] = [1] */
  expect_err(py_setitem(a, sl(NULL, NULL, I(2)), LIST(1, I(1))) < 0, &py_exc_ValueError,
             "attempt to assign sequence of size 1 to extended slice of size 3");
  /* del a[::2] -> [2, 4]; del a[1:3] -> [1, 4, 5]; del a[::-2] -> [2, 4] */
  a = INTS(5, v);
  assert_int_equal(py_delitem(a, sl(NULL, NULL, I(2))), 0);
  expect_repr(py_newref(a), "[2, 4]");
  a = INTS(5, v);
  assert_int_equal(py_delitem(a, sl(I(1), I(3), NULL)), 0);
  expect_repr(py_newref(a), "[1, 4, 5]");
  a = INTS(5, v);
  assert_int_equal(py_delitem(a, sl(NULL, NULL, I(-2))), 0);
  expect_repr(py_newref(a), "[2, 4]");
  /* a = [1, 2, 3]; a[0:0] = a -> [1, 2, 3, 1, 2, 3] */
  a = INTS(3, v);
  assert_int_equal(py_setitem(a, sl(I(0), I(0), NULL), a), 0);
  expect_repr(py_newref(a), "[1, 2, 3, 1, 2, 3]");
  /* a += (4,) -> [1, 2, 3, 4]; a *= 3 */
  a = INTS(3, v);
  py_obj *r = T(py_inplace_op(a, TUP(1, I(4)), PY_OP_ADD));
  assert_ptr_equal(r, a);
  expect_repr(py_newref(a), "[1, 2, 3, 4]");
  a = INTS(2, v);
  T(py_inplace_op(a, I(3), PY_OP_MUL));
  expect_repr(py_newref(a), "[1, 2, 1, 2, 1, 2]");
  /* del l[1] */
  a = INTS(3, v);
  assert_int_equal(py_delitem(a, I(1)), 0);
  expect_repr(py_newref(a), "[1, 3]");
}

static void list_methods_and_their_errors(void **state) {
  int64_t v[] = {1, 2, 1};
  py_obj *l = INTS(3, v);
  expect_repr(callm(l, "count", 1, I(1)), "2");                         /* [1,2,1].count(1) */
  expect_repr(callm(l, "index", 1, I(2)), "1");                         /* [1,2,1].index(2) */
  expect_err(FAILS(callm(l, "index", 1, I(3))), &py_exc_ValueError, "3 is not in list");
  expect_err(FAILS(callm(l, "pop", 1, I(5))), &py_exc_IndexError, "pop index out of range");
  expect_err(FAILS(callm(T(py_list_new(0)), "pop", 0)), &py_exc_IndexError,
             "pop from empty list");
  expect_err(FAILS(callm(T(py_list_new(0)), "remove", 1, I(1))), &py_exc_ValueError,
             "list.remove(x): x not in list");
  expect_err(FAILS(callm(l, "insert", 1, I(0))), &py_exc_TypeError,
             "insert expected 2 arguments, got 1");
  expect_err(FAILS(callm(l, "append", 0)), &py_exc_TypeError,
             "list.append() takes exactly one argument (0 given)");
  /* l.insert(-100, 0); l.insert(100, 9); l.pop(0); l.remove(1) */
  expect_repr(callm(l, "insert", 2, I(-100), I(0)), "None");
  expect_repr(callm(l, "insert", 2, I(100), I(9)), "None");
  expect_repr(py_newref(l), "[0, 1, 2, 1, 9]");
  expect_repr(callm(l, "pop", 1, I(0)), "0");
  expect_repr(callm(l, "remove", 1, I(1)), "None");
  expect_repr(py_newref(l), "[2, 1, 9]");
  expect_repr(callm(l, "reverse", 0), "None");
  expect_repr(py_newref(l), "[9, 1, 2]");
  /* list(5) -> TypeError: 'int' object is not iterable */
  expect_err(FAILS(py_call1(&py_list_type.ob, I(5))), &py_exc_TypeError,
             "'int' object is not iterable");
  expect_repr(py_call1(&py_list_type.ob, S("ab")), "['a', 'b']");   /* list("ab") */
  expect_repr(py_call1(&py_list_type.ob, T(py_range_new(0, 3, 1))), "[0, 1, 2]");
}

static void list_and_tuple_concat_and_repeat(void **state) {
  /* [1,2]+[3], [1]+(2,), [1,2]*2, [0]*0, (1,2)+(3,), (1,)+[2] */
  expect_repr(py_add(LIST(2, I(1), I(2)), LIST(1, I(3))), "[1, 2, 3]");
  expect_err(FAILS(py_add(LIST(1, I(1)), TUP(1, I(2)))), &py_exc_TypeError,
             "can only concatenate list (not \"tuple\") to list");
  expect_repr(py_mul(LIST(2, I(1), I(2)), I(2)), "[1, 2, 1, 2]");
  expect_repr(py_mul(LIST(1, I(0)), I(0)), "[]");
  expect_repr(py_add(TUP(2, I(1), I(2)), TUP(1, I(3))), "(1, 2, 3)");
  expect_err(FAILS(py_add(TUP(1, I(1)), LIST(1, I(2)))), &py_exc_TypeError,
             "can only concatenate tuple (not \"list\") to tuple");
  expect_err(FAILS(py_mul(LIST(1, I(1)), S("a"))), &py_exc_TypeError,
             "can't multiply sequence by non-int of type 'str'");
}

static void reprs_of_lists_and_tuples(void **state) {
  /* repr([1, 'a', None, 1.5, (2,), [3]]) */
  expect_repr(py_newref(LIST(6, I(1), S("a"), py_None, F(1.5), TUP(1, I(2)), LIST(1, I(3)))),
              "[1, 'a', None, 1.5, (2,), [3]]");
  expect_repr(py_tuple_new(0), "()");                       /* () */
  expect_repr(py_newref(TUP(1, I(1))), "(1,)");             /* (1,) */
  expect_repr(py_newref(TUP(2, I(1), I(2))), "(1, 2)");     /* (1, 2) */
  /* x = [1]; x.append(x); repr(x) -> '[1, [...]]' (a cycle: the collector
   * frees it at teardown) */
  py_obj *x = LIST(1, I(1));
  py_list_append(x, x);
  expect_repr(py_newref(x), "[1, [...]]");
}

static void tuple_hash_and_comparisons_like_cpython(void **state) {
  /* hash((1, 2)), hash(()), hash((1,)), and with PYTHONHASHSEED=0
   * hash((1, (2, 3), "a")) */
  assert_int_equal(py_hash(TUP(2, I(1), I(2))), -3550055125485641917LL);
  assert_int_equal(py_hash(T(py_tuple_new(0))), 5740354900026072187LL);
  assert_int_equal(py_hash(TUP(1, I(1))), -6644214454873602895LL);
  assert_int_equal(py_hash(TUP(3, I(1), TUP(2, I(2), I(3)), S("a"))), -5450618956905408118LL);
  /* hash((1, [2])) -> TypeError: unhashable type: 'list' */
  expect_err(py_hash(TUP(2, I(1), LIST(1, I(2)))) == -1, &py_exc_TypeError,
             "unhashable type: 'list'");
  /* (1,2) < (1,3), (1,2) < (1,2,0), [1,[2]] < [1,[3]], [1,2] == [1,2] */
  assert_int_equal(py_richcompare_bool(TUP(2, I(1), I(2)), TUP(2, I(1), I(3)), PY_LT), 1);
  assert_int_equal(py_richcompare_bool(TUP(2, I(1), I(2)), TUP(3, I(1), I(2), I(0)), PY_LT), 1);
  assert_int_equal(py_richcompare_bool(LIST(2, I(1), LIST(1, I(2))), LIST(2, I(1), LIST(1, I(3))),
                                       PY_LT), 1);
  assert_int_equal(py_richcompare_bool(LIST(2, I(1), I(2)), LIST(2, I(1), I(2)), PY_EQ), 1);
  /* [1, 'a'] < [1, 2] -> TypeError: '<' not supported between instances of 'str' and 'int' */
  expect_err(py_richcompare_bool(LIST(2, I(1), S("a")), LIST(2, I(1), I(2)), PY_LT) < 0,
             &py_exc_TypeError, "'<' not supported between instances of 'str' and 'int'");
  expect_err(FAILS(callm(TUP(2, I(1), I(2)), "index", 1, I(3))), &py_exc_ValueError,
             "tuple.index(x): x not in tuple");
}

static py_obj *first_item(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kw) {
  py_obj *zero = py_int_from(0);
  py_obj *r = py_getitem(args[0], zero);
  py_decref(zero);
  return r;
}
static const py_method_def first_item_def = {"first", first_item, 0};

static void sort_is_stable_and_reports_mixed_types_like_cpython(void **state) {
  py_obj *words = LIST(5, S("banana"), S("Apple"), S("cherry"), S("apple"), S("Banana"));
  py_obj *w1 = T(py_sequence_list(words));
  assert_int_equal(py_list_sort(w1, NULL, false), 0);
  /* sorted(words) */
  expect_repr(py_newref(w1), "['Apple', 'Banana', 'apple', 'banana', 'cherry']");
  /* sorted(words, key=str.lower) */
  py_obj *w2 = T(py_sequence_list(words));
  assert_int_equal(py_list_sort(w2, T(py_getattr_str(&py_str_type.ob, "lower")), false), 0);
  expect_repr(py_newref(w2), "['Apple', 'apple', 'banana', 'Banana', 'cherry']");
  /* sorted(words, key=len, reverse=True) (str.__len__ as the key) */
  py_obj *w3 = T(py_sequence_list(words));
  assert_int_equal(py_list_sort(w3, T(py_getattr_str(&py_str_type.ob, "__len__")), true), 0);
  expect_repr(py_newref(w3), "['banana', 'cherry', 'Banana', 'Apple', 'apple']");
  /* sorted(pairs, key=lambda p: p[0]) keeps equal keys in order */
  py_obj *pairs = LIST(4, TUP(2, I(1), S("b")), TUP(2, I(0), S("a")), TUP(2, I(1), S("a")),
                       TUP(2, I(0), S("b")));
  py_obj *key = T(py_cfunction_new(&first_item_def, NULL, NULL));
  assert_int_equal(py_list_sort(pairs, key, false), 0);
  expect_repr(py_newref(pairs), "[(0, 'a'), (0, 'b'), (1, 'b'), (1, 'a')]");
  /* sorted([1, 'a']), sorted(['a', 1, 2]), sorted([3, 1, 'a']), sorted([1, 2, None]) */
  expect_err(py_list_sort(LIST(2, I(1), S("a")), NULL, false) < 0, &py_exc_TypeError,
             "'<' not supported between instances of 'str' and 'int'");
  expect_err(py_list_sort(LIST(3, S("a"), I(1), I(2)), NULL, false) < 0, &py_exc_TypeError,
             "'<' not supported between instances of 'int' and 'str'");
  expect_err(py_list_sort(LIST(3, I(3), I(1), S("a")), NULL, false) < 0, &py_exc_TypeError,
             "'<' not supported between instances of 'str' and 'int'");
  expect_err(py_list_sort(LIST(3, I(1), I(2), py_None), NULL, false) < 0, &py_exc_TypeError,
             "'<' not supported between instances of 'NoneType' and 'int'");
  /* [5, 1, 4].sort(key=1) -> TypeError: 'int' object is not callable */
  expect_err(py_list_sort(LIST(3, I(5), I(1), I(4)), I(1), false) < 0, &py_exc_TypeError,
             "'int' object is not callable");
  /* a long list: sorted, a permutation, and stable (key = value // 7) */
  py_obj *big = T(py_list_new(0));
  uint64_t x = 12345;
  for (int i = 0; i < 2000; i++) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    py_obj *t = py_tuple_new(2);
    py_tuple_set_steal(t, 0, py_int_from((int64_t)(x >> 33) % 500));
    py_tuple_set_steal(t, 1, py_int_from(i));
    py_list_append_steal(big, t);
  }
  assert_int_equal(py_list_sort(big, key, false), 0);
  for (py_ssize_t i = 1; i < py_list_len(big); i++) {
    py_obj *a = py_list_get(big, i - 1), *b = py_list_get(big, i);
    int64_t ka = py_int_value(py_tuple_get(a, 0)), kb = py_int_value(py_tuple_get(b, 0));
    assert_true(ka <= kb);
    if (ka == kb) assert_true(py_int_value(py_tuple_get(a, 1)) < py_int_value(py_tuple_get(b, 1)));
  }
  assert_int_equal(py_list_len(big), 2000);
}

static void list_iterators_and_reversed(void **state) {
  int64_t v[] = {1, 2, 3};
  py_obj *l = INTS(3, v);
  py_obj *it = T(py_iter(l));
  expect_repr(py_iter_next(it), "1");
  py_list_append(l, I(4));   /* appending while iterating is seen, as in CPython */
  expect_repr(py_sequence_list(it), "[2, 3, 4]");
  assert_null(py_iter_next(it));
  assert_null(py_err_occurred());
  /* list(reversed([1, 2, 3, 4])) */
  expect_repr(py_sequence_list(T(callm(l, "__reversed__", 0))), "[4, 3, 2, 1]");
  /* iter(5) -> TypeError: 'int' object is not iterable */
  expect_err(FAILS(py_iter(I(5))), &py_exc_TypeError, "'int' object is not iterable");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(list_indexing_and_slicing_errors_match_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(list_slice_assignment_and_deletion, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(list_methods_and_their_errors, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(list_and_tuple_concat_and_repeat, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(reprs_of_lists_and_tuples, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(tuple_hash_and_comparisons_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(sort_is_stable_and_reports_mixed_types_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(list_iterators_and_reversed, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
