/* test_obj_dict.c: dict: insertion order, KeyError carrying the key,
 * views, updates, mutation during iteration, and growth. */
#include "obj_test.h"

/* Expected values come from python3 (3.11.7, PYTHONHASHSEED=0) on this
 * machine; each comment is the Python code. */

static py_obj *D(void) { return T(py_dict_new()); }

static void dict_keeps_insertion_order_after_delete(void **state) {
  /* d = {'a': 1, 'b': 2, 'c': 3}; del d['a']; d['a'] = 4 */
  py_obj *d = D();
  py_dict_set(d, S("a"), I(1));
  py_dict_set(d, S("b"), I(2));
  py_dict_set(d, S("c"), I(3));
  assert_int_equal(py_delitem(d, S("a")), 0);
  assert_int_equal(py_setitem(d, S("a"), I(4)), 0);
  expect_repr(py_newref(d), "{'b': 2, 'c': 3, 'a': 4}");
  /* d = {1: 'x', 2: 'y'}; d[1] = 'z' keeps the slot */
  py_obj *e = D();
  py_dict_set(e, I(1), S("x"));
  py_dict_set(e, I(2), S("y"));
  py_dict_set(e, I(1), S("z"));
  expect_repr(py_newref(e), "{1: 'z', 2: 'y'}");
  /* 100 inserts, every even key deleted: list(d)[:5], len(d) */
  py_obj *f = D();
  for (int i = 0; i < 100; i++) py_dict_set(f, I(i), I(i));
  for (int i = 0; i < 100; i += 2) py_dict_del(f, I(i));
  py_obj *keys = T(py_dict_keys_list(f));
  expect_repr(py_list_slice(keys, 0, 5), "[1, 3, 5, 7, 9]");
  assert_int_equal(py_len(f), 50);
  /* d.popitem() takes the last: {3: 'c', 1: 'a', 2: 'b'} -> (2, 'b') */
  py_obj *g = D();
  py_dict_set(g, I(3), S("c"));
  py_dict_set(g, I(1), S("a"));
  py_dict_set(g, I(2), S("b"));
  expect_repr(callm(g, "popitem", 0), "(2, 'b')");
  expect_repr(py_newref(g), "{3: 'c', 1: 'a'}");
  /* list(reversed(dict.fromkeys(range(5)))) */
  py_obj *h = T(callm(&py_dict_type.ob, "fromkeys", 1, T(py_range_new(0, 5, 1))));
  expect_repr(py_sequence_list(T(callm(h, "__reversed__", 0))), "[4, 3, 2, 1, 0]");
}

static void key_error_carries_the_key(void **state) {
  py_obj *d = D();
  /* {}['k'] -> KeyError: 'k' ; {}[(1, 2)] -> KeyError: (1, 2) */
  expect_err(FAILS(py_getitem(d, S("k"))), &py_exc_KeyError, "'k'");
  expect_err(FAILS(py_getitem(d, TUP(2, I(1), I(2)))), &py_exc_KeyError, "(1, 2)");
  /* the exception's args hold the key itself */
  assert_null(py_getitem(d, I(42)));
  py_obj *e = T(py_err_fetch());
  expect_repr(py_newref(e), "KeyError(42)");
  assert_ptr_equal(py_tuple_get(py_exc_args(e), 0), &py__small_ints[42 - PY_SMALL_INT_MIN].ob);
  /* {}.pop(1), {}.popitem(), del d['x'] */
  expect_err(FAILS(callm(d, "pop", 1, I(1))), &py_exc_KeyError, "1");
  expect_err(FAILS(callm(d, "popitem", 0)), &py_exc_KeyError,
             "'popitem(): dictionary is empty'");
  expect_err(py_delitem(d, S("x")) < 0, &py_exc_KeyError, "'x'");
  /* {[1]: 2} -> TypeError: unhashable type: 'list' ; hash({}) */
  expect_err(py_dict_set(d, LIST(1, I(1)), I(2)) < 0, &py_exc_TypeError,
             "unhashable type: 'list'");
  expect_err(py_hash(d) == -1, &py_exc_TypeError, "unhashable type: 'dict'");
  /* a lookup with an unhashable key fails in py_dict_get too */
  assert_null(py_dict_get(d, LIST(0)));
  expect_err(true, &py_exc_TypeError, "unhashable type: 'list'");
}

static void equal_numbers_are_the_same_key(void **state) {
  py_obj *d = D();
  py_dict_set(d, I(1), I(2));
  /* 1.0 in {1: 2}, True in {1: 2}, {1: 2}.get(1.0), (1, 2) in {(1, 2): 3} */
  assert_int_equal(py_contains(d, F(1.0)), 1);
  assert_int_equal(py_contains(d, py_True), 1);
  expect_repr(callm(d, "get", 1, F(1.0)), "2");
  expect_repr(callm(d, "get", 1, I(2)), "None");
  py_obj *e = D();
  py_dict_set(e, TUP(2, I(1), I(2)), I(3));
  assert_int_equal(py_contains(e, TUP(2, I(1), I(2))), 1);
  /* {1: 2} == {1: 2.0}, {1: 2} == {1: 3} */
  py_obj *f = D();
  py_dict_set(f, I(1), F(2.0));
  assert_int_equal(py_richcompare_bool(d, f, PY_EQ), 1);
  py_dict_set(f, I(1), I(3));
  assert_int_equal(py_richcompare_bool(d, f, PY_EQ), 0);
}

static void dict_constructor_and_update_forms(void **state) {
  py_obj *dt = &py_dict_type.ob;
  /* dict(a=1, b=2) */
  py_obj *kv[2] = {I(1), I(2)};
  expect_repr(py_call(dt, kv, 0, TUP(2, S("a"), S("b"))), "{'a': 1, 'b': 2}");
  /* dict([(1, 2), (3, 4)]) */
  expect_repr(py_call1(dt, LIST(2, TUP(2, I(1), I(2)), TUP(2, I(3), I(4)))), "{1: 2, 3: 4}");
  /* dict([(1, 2, 3)]), dict([1]) */
  expect_err(FAILS(py_call1(dt, LIST(1, TUP(3, I(1), I(2), I(3))))), &py_exc_ValueError,
             "dictionary update sequence element #0 has length 3; 2 is required");
  expect_err(FAILS(py_call1(dt, LIST(1, I(1)))), &py_exc_TypeError,
             "cannot convert dictionary update sequence element #0 to a sequence");
  /* dict({1: 2}, x=3) */
  py_obj *src = D();
  py_dict_set(src, I(1), I(2));
  py_obj *args[2] = {src, I(3)};
  expect_repr(py_call(dt, args, 1, TUP(1, S("x"))), "{1: 2, 'x': 3}");
  /* {'a': 1} | {'b': 2, 'a': 3} */
  py_obj *x = D(), *y = D();
  py_dict_set(x, S("a"), I(1));
  py_dict_set(y, S("b"), I(2));
  py_dict_set(y, S("a"), I(3));
  expect_repr(py_binary_op(x, y, PY_OP_OR), "{'a': 3, 'b': 2}");
  /* dict.fromkeys('ab', 0), {}.setdefault('x', []) */
  expect_repr(callm(dt, "fromkeys", 2, S("ab"), I(0)), "{'a': 0, 'b': 0}");
  expect_repr(callm(D(), "setdefault", 2, S("x"), T(py_list_new(0))), "[]");
  /* {'x': 1}.update(5) -> TypeError: 'int' object is not iterable */
  expect_err(FAILS(callm(x, "update", 1, I(5))), &py_exc_TypeError,
             "'int' object is not iterable");
  /* d = {}; d['self'] = d; repr(d) -> "{'self': {...}}" */
  py_obj *self = D();
  py_dict_set(self, S("self"), self);
  expect_repr(py_newref(self), "{'self': {...}}");
  py_dict_clear(self);
}

static void dict_views_print_and_compare_like_sets(void **state) {
  py_obj *d = D();
  expect_repr(callm(d, "keys", 0), "dict_keys([])");          /* repr({}.keys()) */
  py_dict_set(d, S("a"), I(1));
  expect_repr(callm(d, "items", 0), "dict_items([('a', 1)])"); /* repr({'a': 1}.items()) */
  expect_repr(callm(d, "values", 0), "dict_values([1])");
  py_obj *keys = T(callm(d, "keys", 0));
  /* {'a': 1}.keys() & {'a', 'b'} -> {'a'} */
  py_obj *ab = T(py_set_new(LIST(2, S("a"), S("b"))));
  expect_repr(py_binary_op(keys, ab, PY_OP_AND), "{'a'}");
  py_dict_set(d, S("b"), I(2));
  /* {'a': 1, 'b': 2}.keys() == {'a', 'b'} */
  assert_int_equal(py_richcompare_bool(keys, ab, PY_EQ), 1);
  /* a view sees later changes: len(keys) */
  assert_int_equal(py_len(keys), 2);
  /* ('a', 1) in d.items() */
  assert_int_equal(py_contains(T(callm(d, "items", 0)), TUP(2, S("a"), I(1))), 1);
  /* list({1: 2, 3: 4}.items()) */
  py_obj *e = D();
  py_dict_set(e, I(1), I(2));
  py_dict_set(e, I(3), I(4));
  expect_repr(py_sequence_list(T(callm(e, "items", 0))), "[(1, 2), (3, 4)]");
}

static void dict_changed_size_during_iteration(void **state) {
  py_obj *d = D();
  py_dict_set(d, S("a"), I(1));
  /* for k in d: d['b'] = 2 -> RuntimeError */
  py_obj *it = T(py_iter(d));
  py_obj *k = T(py_iter_next(it));
  expect_repr(py_newref(k), "'a'");
  py_dict_set(d, S("b"), I(2));
  expect_err(FAILS(py_iter_next(it)), &py_exc_RuntimeError,
             "dictionary changed size during iteration");
  /* py_dict_next walks in order */
  py_ssize_t pos = 0;
  py_obj *key, *value;
  int n = 0;
  while (py_dict_next(d, &pos, &key, &value)) n++;
  assert_int_equal(n, 2);
  /* version changes with every mutation (the evaluator's caches) */
  uint64_t v = ((py_dict *)d)->version;
  py_dict_set(d, S("a"), I(5));
  assert_true(((py_dict *)d)->version != v);
}

static void dict_grows_and_shrinks_without_losing_items(void **state) {
  py_obj *d = D();
  char buf[32];
  for (int i = 0; i < 5000; i++) {
    snprintf(buf, sizeof buf, "key%d", i);
    assert_int_equal(py_dict_set(d, S(buf), I(i)), 0);
  }
  for (int i = 0; i < 5000; i += 3) {
    snprintf(buf, sizeof buf, "key%d", i);
    assert_int_equal(py_dict_del(d, S(buf)), 0);
  }
  for (int i = 0; i < 5000; i++) {
    snprintf(buf, sizeof buf, "key%d", i);
    py_obj *v = py_dict_get(d, S(buf));
    if (i % 3 == 0) assert_null(v);
    else assert_int_equal(py_int_value(v), i);
  }
  assert_int_equal(py_len(d), 5000 - 1667);
  py_obj *c = T(py_dict_copy(d));
  assert_int_equal(py_richcompare_bool(c, d, PY_EQ), 1);
}

static void popitem_then_insert_keeps_probing_finite(void **state) {
  /* d = {}; for i in range(1000): d[i] = i; d[i + 1000] = i; d.popitem()
   * -> len(d) == 1000 and every i is still there */
  py_obj *d = D();
  for (int i = 0; i < 1000; i++) {
    assert_int_equal(py_dict_set(d, I(i), I(i)), 0);
    assert_int_equal(py_dict_set(d, I(i + 1000), I(i)), 0);
    T(callm(d, "popitem", 0));
  }
  assert_int_equal(py_len(d), 1000);
  for (int i = 0; i < 1000; i++) assert_non_null(py_dict_get(d, I(i)));
  /* lookups of absent keys end too */
  for (int i = 2000; i < 3000; i++) assert_null(py_dict_get(d, I(i)));
  assert_null(py_err_occurred());
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(dict_keeps_insertion_order_after_delete, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(key_error_carries_the_key, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(equal_numbers_are_the_same_key, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(dict_constructor_and_update_forms, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(dict_views_print_and_compare_like_sets, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(dict_changed_size_during_iteration, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(dict_grows_and_shrinks_without_losing_items, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(popitem_then_insert_keeps_probing_finite, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
