/* test_obj_exc.c: exceptions as objects: args, str() and repr(), the 3.11
 * hierarchy, the special attributes of StopIteration, SystemExit, OSError,
 * SyntaxError and ExceptionGroup, chaining fields and traceback names. */
#include "obj_test.h"

/* Expected values come from python3 (3.11.7) on this machine; each
 * comment is the Python expression. */

static py_obj *mk(py_type *t, int n, py_obj *a, py_obj *b) {
  py_obj *args[2] = {a, b};
  return T(py_exc_new(t, args, n));
}

static void exception_str_and_repr_like_cpython(void **state) {
  expect_repr(py_newref(mk(&py_exc_ValueError, 1, S("x"), NULL)), "ValueError('x')");
  expect_str(py_newref(mk(&py_exc_ValueError, 1, S("x"), NULL)), "x");
  expect_repr(py_newref(mk(&py_exc_ValueError, 0, NULL, NULL)), "ValueError()");
  expect_str(py_newref(mk(&py_exc_ValueError, 0, NULL, NULL)), "");
  expect_repr(py_newref(mk(&py_exc_ValueError, 2, I(1), I(2))), "ValueError(1, 2)");
  expect_str(py_newref(mk(&py_exc_ValueError, 2, I(1), I(2))), "(1, 2)");
  /* str(KeyError('k')) is the repr of the key; KeyError() and 2 args not */
  expect_str(py_newref(mk(&py_exc_KeyError, 1, S("k"), NULL)), "'k'");
  expect_repr(py_newref(mk(&py_exc_KeyError, 1, S("k"), NULL)), "KeyError('k')");
  expect_str(py_newref(mk(&py_exc_KeyError, 0, NULL, NULL)), "");
  expect_str(py_newref(mk(&py_exc_KeyError, 2, I(1), I(2))), "(1, 2)");
  expect_repr(py_newref(mk(&py_exc_BaseException, 0, NULL, NULL)), "BaseException()");
  expect_repr(py_newref(mk(&py_exc_TimeoutError, 0, NULL, NULL)), "TimeoutError()");
  /* ValueError(x=1) -> TypeError: ValueError() takes no keyword arguments */
  py_obj *one = I(1);
  expect_err(FAILS(py_call(&py_exc_ValueError.ob, &one, 0, TUP(1, S("x")))), &py_exc_TypeError,
             "ValueError() takes no keyword arguments");
  /* e.args = [1, 2] makes a tuple */
  py_obj *e = mk(&py_exc_ValueError, 0, NULL, NULL);
  assert_int_equal(py_setattr_str(e, "args", LIST(2, I(1), I(2))), 0);
  expect_repr(py_getattr_str(e, "args"), "(1, 2)");
  /* py_err_set_obj(KeyError, (1, 2)) keeps the tuple as one argument */
  py_err_set_obj(&py_exc_KeyError, TUP(2, I(1), I(2)));
  expect_err(true, &py_exc_KeyError, "(1, 2)");
}

static void hierarchy_is_python_3_11s(void **state) {
  /* TimeoutError.__mro__ */
  expect_repr(py_getattr_str(&py_exc_TimeoutError.ob, "__mro__"),
              "(<class 'TimeoutError'>, <class 'OSError'>, <class 'Exception'>, "
              "<class 'BaseException'>, <class 'object'>)");
  /* RecursionError, NotImplementedError < RuntimeError; KeyError < LookupError */
  assert_true(py_type_is_subtype(&py_exc_RecursionError, &py_exc_RuntimeError));
  assert_true(py_type_is_subtype(&py_exc_NotImplementedError, &py_exc_RuntimeError));
  assert_true(py_type_is_subtype(&py_exc_KeyError, &py_exc_LookupError));
  assert_true(py_type_is_subtype(&py_exc_ZeroDivisionError, &py_exc_ArithmeticError));
  assert_false(py_type_is_subtype(&py_exc_KeyboardInterrupt, &py_exc_Exception));
  assert_false(py_type_is_subtype(&py_exc_CancelledError, &py_exc_Exception));
  expect_repr(py_getattr_str(&py_exc_BrokenPipeError.ob, "__mro__"),
              "(<class 'BrokenPipeError'>, <class 'ConnectionError'>, <class 'OSError'>, "
              "<class 'Exception'>, <class 'BaseException'>, <class 'object'>)");
  /* ExceptionGroup is both a BaseExceptionGroup and an Exception */
  assert_true(py_type_is_subtype(&py_exc_ExceptionGroup, &py_exc_Exception));
  assert_true(py_type_is_subtype(&py_exc_ExceptionGroup, &py_exc_BaseExceptionGroup));
  /* names a traceback prints */
  expect_str(py_exc_type_display_name(&py_exc_ValueError), "ValueError");
  expect_str(py_exc_type_display_name(&py_exc_CancelledError), "asyncio.exceptions.CancelledError");
  expect_repr(py_newref(mk(&py_exc_CancelledError, 0, NULL, NULL)), "CancelledError()");
  expect_repr(py_newref(&py_exc_CancelledError.ob), "<class 'asyncio.exceptions.CancelledError'>");
  for (py_type *const *t = py_exc_types; *t; t++) assert_true(py_type_is_subtype(*t, &py_exc_BaseException));
}

static void special_attributes_of_builtin_exceptions(void **state) {
  /* StopIteration().value, StopIteration(1, 2).value */
  expect_repr(py_getattr_str(mk(&py_exc_StopIteration, 0, NULL, NULL), "value"), "None");
  py_obj *si = mk(&py_exc_StopIteration, 2, I(1), I(2));
  expect_repr(py_getattr_str(si, "value"), "1");
  expect_repr(py_newref(py_stop_iteration_value(si)), "1");
  /* SystemExit().code, SystemExit(1, 2).code */
  expect_repr(py_getattr_str(mk(&py_exc_SystemExit, 0, NULL, NULL), "code"), "None");
  expect_repr(py_getattr_str(mk(&py_exc_SystemExit, 2, I(1), I(2)), "code"), "(1, 2)");
  /* AttributeError('x').name */
  expect_repr(py_getattr_str(mk(&py_exc_AttributeError, 1, S("x"), NULL), "name"), "None");
  /* OSError(2, 'x') -> FileNotFoundError(2, 'x'); str -> '[Errno 2] x' */
  py_obj *os = mk(&py_exc_OSError, 2, I(2), S("x"));
  expect_repr(py_newref(os), "FileNotFoundError(2, 'x')");
  expect_str(py_newref(os), "[Errno 2] x");
  expect_repr(py_getattr_str(os, "errno"), "2");
  /* OSError(2, 'x', 'f') -> "[Errno 2] x: 'f'", args (2, 'x') */
  py_obj *args3[3] = {I(2), S("x"), S("f")};
  py_obj *os3 = T(py_exc_new(&py_exc_OSError, args3, 3));
  expect_str(py_newref(os3), "[Errno 2] x: 'f'");
  expect_repr(py_getattr_str(os3, "args"), "(2, 'x')");
  /* OSError('a').errno, str(OSError(1)) */
  expect_repr(py_getattr_str(mk(&py_exc_OSError, 1, S("a"), NULL), "errno"), "None");
  expect_str(py_newref(mk(&py_exc_OSError, 1, I(1), NULL)), "1");
  /* str(SyntaxError('invalid syntax', ('/a/x.py', 3, 1, 'x'))), str(SyntaxError('bad')) */
  py_obj *se = mk(&py_exc_SyntaxError, 2, S("invalid syntax"),
                  TUP(4, S("/a/x.py"), I(3), I(1), S("x")));
  expect_str(py_newref(se), "invalid syntax (x.py, line 3)");
  expect_repr(py_getattr_str(se, "lineno"), "3");
  expect_repr(py_getattr_str(se, "text"), "'x'");
  expect_str(py_newref(mk(&py_exc_SyntaxError, 1, S("bad"), NULL)), "bad");
  expect_repr(py_getattr_str(mk(&py_exc_SyntaxError, 1, S("bad"), NULL), "msg"), "'bad'");
}

static void exception_groups_like_cpython(void **state) {
  /* str(ExceptionGroup('msg', [ValueError(1)])) and its repr */
  py_obj *eg = mk(&py_exc_ExceptionGroup, 2, S("msg"), LIST(1, mk(&py_exc_ValueError, 1, I(1), NULL)));
  expect_str(py_newref(eg), "msg (1 sub-exception)");
  expect_repr(py_newref(eg), "ExceptionGroup('msg', [ValueError(1)])");
  expect_repr(py_getattr_str(eg, "exceptions"), "(ValueError(1),)");
  /* BaseExceptionGroup('m', [ValueError()]).__class__ */
  py_obj *beg = mk(&py_exc_BaseExceptionGroup, 2, S("m"), LIST(1, mk(&py_exc_ValueError, 0, NULL, NULL)));
  expect_repr(py_getattr_str(beg, "__class__"), "<class 'ExceptionGroup'>");
  /* ExceptionGroup('m', []) */
  py_obj *a[2] = {S("m"), T(py_list_new(0))};
  expect_err(FAILS(py_exc_new(&py_exc_ExceptionGroup, a, 2)), &py_exc_ValueError,
             "second argument (exceptions) must be a non-empty sequence");
}

static void chaining_fields_for_the_evaluator(void **state) {
  py_obj *e = mk(&py_exc_ValueError, 1, S("outer"), NULL);
  py_obj *c = mk(&py_exc_KeyError, 1, S("inner"), NULL);
  /* raise ValueError('outer') from KeyError('inner') */
  py_exc_set_cause(e, c);
  assert_ptr_equal(py_exc_cause(e), c);
  expect_repr(py_getattr_str(e, "__suppress_context__"), "True");
  expect_repr(py_getattr_str(e, "__cause__"), "KeyError('inner')");
  /* implicit chaining */
  py_exc_set_context(e, c);
  expect_repr(py_getattr_str(e, "__context__"), "KeyError('inner')");
  expect_repr(py_getattr_str(c, "__context__"), "None");
  /* e.__cause__ = 5 -> TypeError */
  expect_err(py_setattr_str(e, "__cause__", I(5)) < 0, &py_exc_TypeError,
             "exception cause must be None or derive from BaseException");
  /* e.add_note('n'); e.__notes__ */
  expect_repr(callm(e, "add_note", 1, S("n")), "None");
  expect_repr(py_getattr_str(e, "__notes__"), "['n']");
  /* with_traceback returns the exception */
  py_obj *tb = S("tb");
  py_obj *r = T(callm(e, "with_traceback", 1, tb));
  assert_ptr_equal(r, e);
  assert_ptr_equal(py_exc_traceback(e), tb);
  /* a cycle through __context__ is collected */
  py_exc_set_context(c, e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(exception_str_and_repr_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(hierarchy_is_python_3_11s, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(special_attributes_of_builtin_exceptions, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(exception_groups_like_cpython, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(chaining_fields_for_the_evaluator, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
