/* test_obj_core.c: the object layer's machinery: the memory cap and
 * MemoryError, failed allocations on every path, the error indicator,
 * recursion limits, deep structures on small stacks, the cycle collector,
 * operator dispatch messages, and range and slice objects. */
#include <pthread.h>

#include "obj_test.h"

/* Expected values come from python3 (3.11.7) on this machine; each
 * comment is the Python expression. */

static void memory_cap_raises_memory_error(void **state) {
  size_t limit = py_mem_limit();
  py_mem_set_limit(py_mem_used() + 64 * 1024);
  py_obj *l = T(py_list_new(0));
  int rc = 0;
  for (int i = 0; i < 100000 && rc == 0; i++) {
    py_obj *s = py_str_from_format("item %d", i);
    if (!s) {
      rc = -1;
      break;
    }
    rc = py_list_append_steal(l, s);
  }
  assert_int_equal(rc, -1);
  py_mem_set_limit(limit);
  py_obj *e = T(py_err_fetch());
  assert_ptr_equal(e->type, &py_exc_MemoryError);
  expect_repr(py_newref(e), "MemoryError()");
  /* everything built before the cap is intact */
  assert_true(py_list_len(l) > 100);
  expect_repr(py_newref(py_list_get(l, 0)), "'item 0'");
}

/* One operation that touches most of the layer; returns its result. */
static py_obj *busy_operation(void) {
  py_obj *d = py_dict_new(), *r = NULL, *l = NULL, *fmt = NULL, *t = NULL;
  if (!d) return NULL;
  for (int i = 0; i < 20; i++) {
    py_obj *k = py_str_from_format("k%d", i), *v = k ? py_float_from(i / 3.0) : NULL;
    int rc = v ? py_dict_set(d, k, v) : -1;
    py_xdecref(k);
    py_xdecref(v);
    if (rc < 0) goto done;
  }
  if (!(l = py_dict_items_list(d))) goto done;
  if (py_list_sort(l, NULL, true) < 0) goto done;
  if (!(fmt = py_str_from_cstr("%s and %r: {}"))) goto done;
  if (!(t = py_tuple_pack(2, l, d))) goto done;
  r = py_str_mod(fmt, t);
done:
  py_xdecref(t);
  py_xdecref(fmt);
  py_xdecref(l);
  py_decref(d);
  return r;
}

static void every_failed_allocation_becomes_memory_error(void **state) {
  py_obj *good = busy_operation();
  assert_non_null(good);
  py_obj *want = T(good);
  /* fail the 1st, 2nd, ... allocation until the operation gets through */
  for (long n = 1;; n++) {
    alloc_count_fail_at(n);
    py_obj *r = busy_operation();
    alloc_count_fail_at(0);
    if (r) {
      assert_true(py_str_eq(r, want));
      py_decref(r);
      break;
    }
    py_obj *e = py_err_fetch();
    assert_non_null(e);
    assert_ptr_equal(e->type, &py_exc_MemoryError);
    py_decref(e);
    assert_true(n < 100000);
  }
}

static void error_indicator_fetch_restore_and_matching(void **state) {
  assert_null(py_err_occurred());
  py_err_set_str(&py_exc_ValueError, "bad");
  assert_true(py_err_matches(&py_exc_ValueError));
  assert_true(py_err_matches(&py_exc_Exception));
  assert_false(py_err_matches(&py_exc_TypeError));
  py_obj *e = py_err_fetch();
  assert_null(py_err_occurred());
  assert_true(py_exc_matches(e, TUP(2, &py_exc_KeyError.ob, &py_exc_ValueError.ob)));
  py_err_restore(e);
  expect_err(true, &py_exc_ValueError, "bad");
  /* py_err_format, raising a class, raising a non-exception */
  py_err_format(&py_exc_TypeError, "%d things", 3);
  expect_err(true, &py_exc_TypeError, "3 things");
  py_err_raise(py_newref(&py_exc_KeyError.ob));
  expect_err(true, &py_exc_KeyError, "");
  py_err_raise(I(5));
  expect_err(true, &py_exc_TypeError, "exceptions must derive from BaseException");
  /* AttributeError carries name and obj (3.11 prints "Did you mean") */
  assert_null(py_getattr_str(I(1), "nope"));
  py_obj *ae = T(py_err_fetch());
  expect_repr(py_getattr_str(ae, "name"), "'nope'");
  expect_repr(py_getattr_str(ae, "obj"), "1");
}

static void deep_repr_and_compare_raise_recursion_error(void **state) {
  /* x = []; for i in range(2000): x = [x]; repr(x) */
  py_obj *x = py_list_new(0);
  for (int i = 0; i < 2000; i++) {
    py_obj *y = py_list_new(1);
    py_list_append_steal(y, x);
    x = y;
  }
  T(x);
  expect_err(FAILS(py_repr(x)), &py_exc_RecursionError,
             "maximum recursion depth exceeded while getting the repr of an object");
  py_obj *z = py_list_new(0);
  for (int i = 0; i < 2000; i++) {
    py_obj *y = py_list_new(1);
    py_list_append_steal(y, z);
    z = y;
  }
  T(z);
  /* a == b for two such lists */
  expect_err(py_richcompare_bool(x, z, PY_EQ) < 0, &py_exc_RecursionError,
             "maximum recursion depth exceeded in comparison");
  assert_int_equal(py_tstate_get()->depth, 0);
  /* a lower limit is honoured */
  py_set_recursion_limit(50);
  py_obj *w = T(py_list_new(0));
  for (int i = 0; i < 60; i++) {
    py_obj *y = py_list_new(1);
    py_list_append_steal(y, py_newref(w));
    w = T(y);
  }
  expect_err(FAILS(py_repr(w)), &py_exc_RecursionError,
             "maximum recursion depth exceeded while getting the repr of an object");
  py_set_recursion_limit(1000);
}

/* Build and free a 200000-deep nest of lists on a 128 KiB stack: freeing
 * must not recurse that deep (a coroutine stack is small). */
static void *deep_free_thread(void *arg) {
  py_obj *x = py_list_new(0);
  for (int i = 0; i < 200000; i++) {
    py_obj *y = py_list_new(1);
    py_list_append_steal(y, x);
    x = y;
  }
  py_decref(x);
  return arg;
}

static void deep_structures_free_on_a_small_stack(void **state) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 128 * 1024);
  pthread_t th;
  assert_int_equal(pthread_create(&th, &attr, deep_free_thread, NULL), 0);
  pthread_join(th, NULL);
  pthread_attr_destroy(&attr);
}

static void gc_collects_reference_cycles(void **state) {
  py_obj *cls = T(py_type_new(S("Node"), T(py_tuple_new(0)), T(py_dict_new())));
  py_ssize_t base = py_gc_count();
  /* l = []; l.append(l); d = {}; d['d'] = d; a = [d, l]; a.append(a) */
  py_obj *l = py_list_new(0);
  py_list_append(l, l);
  py_obj *d = py_dict_new();
  py_dict_set(d, S("d"), d);
  py_obj *a = py_list_new(0);
  py_list_append(a, d);
  py_list_append(a, l);
  py_list_append(a, a);
  /* instances of a class pointing at each other: x.other = y; y.other = x */
  py_obj *nx = py_call0(cls), *ny = py_call0(cls);
  py_setattr_str(nx, "other", ny);
  py_setattr_str(ny, "other", nx);
  py_decref(l);
  py_decref(d);
  py_decref(a);
  py_decref(nx);
  py_decref(ny);
  assert_true(py_gc_count() > base);
  py_ssize_t freed = py_gc_collect();
  assert_true(freed >= 7);
  assert_int_equal(py_gc_count(), base);
  /* reachable objects survive a collection */
  py_obj *keep = LIST(1, S("x"));
  py_list_append(keep, keep);
  py_gc_collect();
  expect_repr(py_newref(keep), "['x', [...]]");
  py_list_set(keep, 1, py_None);
}

static void binary_op_messages_name_the_operator(void **state) {
  /* 1 ** 'a', divmod(1, 'a'), [] @ [], 1 - 'a', 'a' - 1, None + None */
  expect_err(FAILS(py_binary_op(I(1), S("a"), PY_OP_POW)), &py_exc_TypeError,
             "unsupported operand type(s) for ** or pow(): 'int' and 'str'");
  expect_err(FAILS(py_binary_op(I(1), S("a"), PY_OP_DIVMOD)), &py_exc_TypeError,
             "unsupported operand type(s) for divmod(): 'int' and 'str'");
  expect_err(FAILS(py_binary_op(T(py_list_new(0)), T(py_list_new(0)), PY_OP_MATMUL)),
             &py_exc_TypeError, "unsupported operand type(s) for @: 'list' and 'list'");
  expect_err(FAILS(py_sub(I(1), S("a"))), &py_exc_TypeError,
             "unsupported operand type(s) for -: 'int' and 'str'");
  expect_err(FAILS(py_sub(S("a"), I(1))), &py_exc_TypeError,
             "unsupported operand type(s) for -: 'str' and 'int'");
  expect_err(FAILS(py_add(py_None, py_None)), &py_exc_TypeError,
             "unsupported operand type(s) for +: 'NoneType' and 'NoneType'");
  /* x = None; x += 1 -> unsupported operand type(s) for +=: 'NoneType' and 'int' */
  expect_err(FAILS(py_inplace_op(py_None, I(1), PY_OP_ADD)), &py_exc_TypeError,
             "unsupported operand type(s) for +=: 'NoneType' and 'int'");
  /* 5(), ~1.5 */
  expect_err(FAILS(py_call0(I(5))), &py_exc_TypeError, "'int' object is not callable");
  expect_err(FAILS(py_invert(F(1.5))), &py_exc_TypeError, "bad operand type for unary ~: 'float'");
  /* 1 in 5 -> TypeError: argument of type 'int' is not iterable */
  expect_err(py_contains(I(5), I(1)) < 0, &py_exc_TypeError,
             "argument of type 'int' is not iterable");
}

static void range_objects_behave_like_cpython(void **state) {
  py_obj *r = T(py_range_new(0, 10, 3));
  expect_repr(py_range_new(0, 10, 1), "range(0, 10)");                 /* repr(range(0, 10)) */
  expect_repr(py_range_new(1, 10, 2), "range(1, 10, 2)");
  expect_repr(py_range_new(-5, 5, -1), "range(-5, 5, -1)");
  assert_int_equal(py_len(r), 4);                                       /* len(range(0,10,3)) */
  py_obj *ten = T(py_range_new(0, 10, 1));
  expect_repr(py_getitem(ten, T(py_slice_new(I(2), I(8), I(2)))), "range(2, 8, 2)");
  expect_repr(py_getitem(ten, T(py_slice_new(NULL, NULL, I(-1)))), "range(9, -1, -1)");
  expect_repr(py_getitem(ten, I(-3)), "7");
  expect_err(FAILS(py_getitem(ten, I(20))), &py_exc_IndexError, "range object index out of range");
  assert_int_equal(py_contains(r, I(3)), 1);                           /* 3 in range(0,10,3) */
  assert_int_equal(py_contains(r, I(4)), 0);
  expect_err(FAILS(callm(T(py_range_new(0, 5, 1)), "index", 1, I(5))), &py_exc_ValueError,
             "5 is not in range");
  expect_repr(py_sequence_list(T(callm(T(py_range_new(1, 10, 3)), "__reversed__", 0))),
              "[7, 4, 1]");
  /* range(1.5), range(1, 2, 0) */
  expect_err(FAILS(py_call1(&py_range_type.ob, F(1.5))), &py_exc_TypeError,
             "'float' object cannot be interpreted as an integer");
  expect_err(FAILS(py_range_new(1, 2, 0)), &py_exc_ValueError, "range() arg 3 must not be zero");
  /* range(0) == range(5, 2), hash(range(3)) == hash(range(0, 3)), bool(range(0)) */
  assert_int_equal(py_richcompare_bool(T(py_range_new(0, 0, 1)), T(py_range_new(5, 2, 1)), PY_EQ), 1);
  assert_int_equal(py_hash(T(py_range_new(0, 3, 1))), py_hash(T(py_range_new(0, 3, 1))));
  assert_int_equal(py_is_true(T(py_range_new(0, 0, 1))), 0);
  expect_repr(py_getattr_str(T(py_range_new(2, 5, 1)), "start"), "2");
}

static void slice_objects_behave_like_cpython(void **state) {
  expect_repr(py_slice_new(I(1), I(2), NULL), "slice(1, 2, None)");   /* slice(1, 2) */
  expect_repr(py_slice_new(NULL, I(2), NULL), "slice(None, 2, None)");
  expect_repr(callm(T(py_slice_new(I(1), I(2), I(3))), "indices", 1, I(10)), "(1, 2, 3)");
  expect_repr(callm(T(py_slice_new(NULL, NULL, I(-1))), "indices", 1, I(5)), "(4, -1, -1)");
  expect_err(py_hash(T(py_slice_new(I(1), I(2), NULL))) == -1, &py_exc_TypeError,
             "unhashable type: 'slice'");
  assert_int_equal(py_richcompare_bool(T(py_slice_new(I(1), I(2), NULL)),
                                       T(py_slice_new(I(1), I(2), NULL)), PY_EQ), 1);
  /* singletons */
  expect_repr(py_newref(py_None), "None");
  expect_repr(py_newref(py_Ellipsis), "Ellipsis");
  expect_repr(py_newref(py_NotImplemented), "NotImplemented");
  expect_repr(py_call0(&py_none_type.ob), "None");                    /* type(None)() */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(memory_cap_raises_memory_error, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(every_failed_allocation_becomes_memory_error, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(error_indicator_fetch_restore_and_matching, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(deep_repr_and_compare_raise_recursion_error, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(deep_structures_free_on_a_small_stack, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(gc_collects_reference_cycles, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(binary_op_messages_name_the_operator, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(range_objects_behave_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(slice_objects_behave_like_cpython, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
