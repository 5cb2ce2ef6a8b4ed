/* test_obj_type.c: classes made by py_type_new: dunder methods filling the
 * slots, reflected operators, inheritance (C3), exceptions as base classes,
 * attribute lookup, descriptors, and subclasses of list and dict. */
#include "obj_test.h"

/* Expected values come from python3 (3.11.7) running the equivalent class
 * statements on this machine; each comment shows the Python. */

/* A stand-in for the evaluator's function type: callable, and binding to
 * an instance like a Python function. */
typedef struct tfunc {
  py_obj ob;
  const py_method_def *def;
} tfunc;

static py_obj *tfunc_call(py_obj *f, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  return ((tfunc *)f)->def->fn(NULL, args, nargs, kw);
}
static py_obj *tfunc_get(py_obj *d, py_obj *obj, py_type *t) {
  return obj ? py_method_new(d, obj) : py_newref(d);
}
static void tfunc_dealloc(py_obj *o) { py_obj_free(o, sizeof(tfunc)); }

static py_type tfunc_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "function",
    .flags = PY_TF_METHOD_DESCR,
    .basicsize = sizeof(tfunc),
    .dealloc = tfunc_dealloc,
    .getattr = py_generic_getattr,
    .call = tfunc_call,
    .descr_get = tfunc_get,
};

static py_obj *func(const py_method_def *def) {
  tfunc *f = (tfunc *)py_obj_alloc(&tfunc_type, sizeof(tfunc));
  f->def = def;
  return T(&f->ob);
}

/* class NAME(*bases): with the given methods; __module__ is __main__ */
static py_obj *make_class(const char *name, py_obj *bases, const py_method_def *defs) {
  py_obj *d = T(py_dict_new());
  for (const py_method_def *m = defs; m && m->name; m++) py_dict_set_str(d, m->name, func(m));
  py_dict_set_str(d, "__module__", S("__main__"));
  py_dict_set_str(d, "__qualname__", S(name));
  return T(py_type_new(S(name), bases ? bases : T(py_tuple_new(0)), d));
}

#define FN(name) \
  static py_obj *name(py_obj *unused, py_obj *const *args, py_ssize_t nargs, py_obj *kw)

/* ------------------------------------------------------------------ Vec */

static py_obj *vec_cls;

FN(vec_init) {
  if (py_setattr_str(args[0], "x", args[1]) < 0 || py_setattr_str(args[0], "y", args[2]) < 0)
    return NULL;
  return py_newref(py_None);
}
FN(vec_repr) {
  py_obj *x = T(py_getattr_str(args[0], "x")), *y = T(py_getattr_str(args[0], "y"));
  py_obj *rx = T(py_repr(x)), *ry = T(py_repr(y));
  return py_str_from_format("Vec(%s, %s)", py_str_utf8(rx), py_str_utf8(ry));
}
static py_obj *new_vec(py_obj *x, py_obj *y) {
  py_obj *a[2] = {x, y};
  return py_call(vec_cls, a, 2, NULL);
}
FN(vec_add) {
  py_obj *self = args[0], *o = args[1];
  if (!py_isinstance(o, (py_type *)vec_cls)) return py_newref(py_NotImplemented);
  return new_vec(T(py_add(T(py_getattr_str(self, "x")), T(py_getattr_str(o, "x")))),
                 T(py_add(T(py_getattr_str(self, "y")), T(py_getattr_str(o, "y")))));
}
FN(vec_radd) {
  py_obj *self = args[0], *o = args[1];
  return new_vec(T(py_add(T(py_getattr_str(self, "x")), o)),
                 T(py_add(T(py_getattr_str(self, "y")), o)));
}
static py_obj *as_tuple(py_obj *v) {
  return TUP(2, T(py_getattr_str(v, "x")), T(py_getattr_str(v, "y")));
}
FN(vec_eq) {
  if (!py_isinstance(args[1], (py_type *)vec_cls)) return py_bool_from(false);
  return py_richcompare(as_tuple(args[0]), as_tuple(args[1]), PY_EQ);
}
FN(vec_lt) { return py_richcompare(as_tuple(args[0]), as_tuple(args[1]), PY_LT); }
FN(vec_len) { return py_int_from(2); }
FN(vec_getitem) { return py_getitem(as_tuple(args[0]), args[1]); }

static const py_method_def vec_methods[] = {
    {"__init__", vec_init, 0}, {"__repr__", vec_repr, 0}, {"__add__", vec_add, 0},
    {"__radd__", vec_radd, 0}, {"__eq__", vec_eq, 0},     {"__lt__", vec_lt, 0},
    {"__len__", vec_len, 0},   {"__getitem__", vec_getitem, 0}, {NULL, NULL, 0}};

static void class_dunder_methods_fill_the_slots(void **state) {
  vec_cls = make_class("Vec", NULL, vec_methods);
  py_obj *v = T(new_vec(I(1), I(2))), *w = T(new_vec(I(3), I(4)));
  /* v + w, 5 + v, v == Vec(1, 2), v != w */
  expect_repr(py_add(v, w), "Vec(4, 6)");
  expect_repr(py_add(I(5), v), "Vec(6, 7)");
  assert_int_equal(py_richcompare_bool(v, T(new_vec(I(1), I(2))), PY_EQ), 1);
  assert_int_equal(py_richcompare_bool(v, w, PY_NE), 1);
  /* sorted([w, v]), w > v (reflected __lt__) */
  py_obj *l = LIST(2, w, v);
  assert_int_equal(py_list_sort(l, NULL, false), 0);
  expect_repr(py_newref(l), "[Vec(1, 2), Vec(3, 4)]");
  assert_int_equal(py_richcompare_bool(w, v, PY_GT), 1);
  /* len(v), v[1], list(v) (the old __getitem__ protocol), bool(Vec(0, 0)) */
  assert_int_equal(py_len(v), 2);
  expect_repr(py_getitem(v, I(1)), "2");
  expect_repr(py_sequence_list(v), "[1, 2]");
  assert_int_equal(py_is_true(T(new_vec(I(0), I(0)))), 1);
  /* hash(v): __eq__ without __hash__ -> TypeError: unhashable type: 'Vec' */
  expect_err(py_hash(v) == -1, &py_exc_TypeError, "unhashable type: 'Vec'");
  /* v + 'a' -> unsupported operand type(s) for +: 'Vec' and 'str' */
  expect_err(FAILS(py_add(v, S("a"))), &py_exc_TypeError,
             "unsupported operand type(s) for +: 'Vec' and 'str'");
  /* str(v) falls back to __repr__; repr(Vec) */
  expect_str(py_newref(v), "Vec(1, 2)");
  expect_repr(py_newref(vec_cls), "<class '__main__.Vec'>");
  expect_repr(py_getattr_str(v, "__class__"), "<class '__main__.Vec'>");
  /* v.z -> AttributeError: 'Vec' object has no attribute 'z' ; Vec.z */
  expect_err(FAILS(py_getattr_str(v, "z")), &py_exc_AttributeError,
             "'Vec' object has no attribute 'z'");
  expect_err(FAILS(py_getattr_str(vec_cls, "z")), &py_exc_AttributeError,
             "type object 'Vec' has no attribute 'z'");
  /* the instance dict: vars(v) */
  expect_repr(py_getattr_str(v, "__dict__"), "{'x': 1, 'y': 2}");
}

FN(sub_radd) { return py_str_from_cstr("sub radd"); }
static const py_method_def sub_methods[] = {{"__radd__", sub_radd, 0}, {NULL, NULL, 0}};

static void reflected_operator_of_a_subclass_goes_first(void **state) {
  vec_cls = make_class("Vec", NULL, vec_methods);
  /* class Sub(Vec): def __radd__(self, o): return 'sub radd'
   * Vec(1, 1) + Sub(2, 2) -> 'sub radd' */
  py_obj *sub = make_class("Sub", TUP(1, vec_cls), sub_methods);
  py_obj *a[2] = {I(2), I(2)};
  py_obj *s = T(py_call(sub, a, 2, NULL));
  expect_repr(py_add(T(new_vec(I(1), I(1))), s), "'sub radd'");
}

/* --------------------------------------------------------- inheritance */

static void mro_is_c3_and_reports_inconsistency(void **state) {
  /* class A; class B(A); class C(A); class D(B, C) */
  py_obj *a = make_class("A", NULL, NULL);
  py_obj *b = make_class("B", TUP(1, a), NULL);
  py_obj *c = make_class("C", TUP(1, a), NULL);
  py_obj *d = make_class("D", TUP(2, b, c), NULL);
  expect_repr(py_getattr_str(d, "__mro__"),
              "(<class '__main__.D'>, <class '__main__.B'>, <class '__main__.C'>, "
              "<class '__main__.A'>, <class 'object'>)");
  expect_repr(py_getattr_str(d, "__name__"), "'D'");
  expect_repr(py_getattr_str(d, "__module__"), "'__main__'");
  /* class E(A, B) -> TypeError */
  py_obj *dict = T(py_dict_new());
  expect_err(FAILS(py_type_new(S("E"), TUP(2, a, b), dict)), &py_exc_TypeError,
             "Cannot create a consistent method resolution\norder (MRO) for bases A, B");
  /* type('X', (bool,), {}), type('X', (int, str), {}) */
  expect_err(FAILS(py_type_new(S("X"), TUP(1, &py_bool_type.ob), dict)), &py_exc_TypeError,
             "type 'bool' is not an acceptable base type");
  expect_err(FAILS(py_type_new(S("X"), TUP(2, &py_list_type.ob, &py_dict_type.ob), dict)),
             &py_exc_TypeError, "multiple bases have instance lay-out conflict");
  /* isinstance / issubclass */
  py_obj *di = T(py_call0(d));
  assert_int_equal(py_isinstance_obj(di, a), 1);
  assert_int_equal(py_isinstance_obj(di, TUP(2, &py_int_type.ob, c)), 1);
  assert_int_equal(py_issubclass_obj(b, c), 0);
  expect_err(py_isinstance_obj(di, I(5)) < 0, &py_exc_TypeError,
             "isinstance() arg 2 must be a type, a tuple of types, or a union");
  expect_err(py_issubclass_obj(I(1), a) < 0, &py_exc_TypeError,
             "issubclass() arg 1 must be a class");
  /* type(5), type(type) */
  expect_repr(py_call1(&py_type_type.ob, I(5)), "<class 'int'>");
  expect_repr(py_call1(&py_type_type.ob, &py_type_type.ob), "<class 'type'>");
}

static py_obj *err_cls;
FN(err_init) {
  /* super().__init__(msg); self.code = code */
  py_obj *sup = T(py_super_new((py_type *)err_cls, args[0]));
  py_obj *r = T(py_call_method_str(sup, "__init__", &args[1], 1));
  (void)r;
  if (py_setattr_str(args[0], "code", args[2]) < 0) return NULL;
  return py_newref(py_None);
}
static const py_method_def err_methods[] = {{"__init__", err_init, 0}, {NULL, NULL, 0}};

static void classes_can_inherit_from_exception(void **state) {
  /* class MyError(Exception):
   *     def __init__(self, msg, code): super().__init__(msg); self.code = code
   * e = MyError('boom', 3) */
  err_cls = make_class("MyError", TUP(1, &py_exc_Exception.ob), err_methods);
  py_obj *a[2] = {S("boom"), I(3)};
  py_obj *e = T(py_call(err_cls, a, 2, NULL));
  expect_repr(py_newref(e), "MyError('boom')");
  expect_str(py_newref(e), "boom");
  expect_repr(py_getattr_str(e, "args"), "('boom',)");
  expect_repr(py_getattr_str(e, "code"), "3");
  assert_true(py_exc_check(e));
  assert_int_equal(py_isinstance_obj(e, &py_exc_Exception.ob), 1);
  /* a traceback prints "MyError: boom" for __main__ classes */
  expect_str(py_exc_type_display_name((py_type *)err_cls), "MyError");
  /* raising it */
  py_err_raise(py_newref(e));
  assert_true(py_err_matches((py_type *)err_cls));
  expect_err(true, (py_type *)err_cls, "boom");
  /* class Plain(Exception): pass; Plain('a', 'b') keeps both args */
  py_obj *plain = make_class("Plain", TUP(1, &py_exc_Exception.ob), NULL);
  expect_repr(py_call2(plain, S("a"), S("b")), "Plain('a', 'b')");
}

/* ---------------------------------------------------------- attributes */

FN(getattr_hook) { return py_call_method_str(args[1], "upper", NULL, 0); }
static const py_method_def hook_methods[] = {{"__getattr__", getattr_hook, 0}, {NULL, NULL, 0}};
FN(prop_get) { return py_int_from(42); }
static const py_method_def prop_get_def = {"val", prop_get, 0};
FN(init_returns_5) { return py_int_from(5); }
static const py_method_def bad_init[] = {{"__init__", init_returns_5, 0}, {NULL, NULL, 0}};
FN(bool_returns_int) { return py_int_from(1); }
static const py_method_def bad_bool[] = {{"__bool__", bool_returns_int, 0}, {NULL, NULL, 0}};

static void attribute_hooks_properties_and_init_rules(void **state) {
  /* class P: def __getattr__(self, name): return name.upper(); P().hello */
  py_obj *p = make_class("P", NULL, hook_methods);
  expect_repr(py_getattr_str(T(py_call0(p)), "hello"), "'HELLO'");
  /* class Q: @property def val(self): return 42 ; Q().val = 1 */
  py_obj *qd = T(py_dict_new());
  py_dict_set_str(qd, "val", T(py_call1(&py_property_type.ob, func(&prop_get_def))));
  py_obj *q = T(py_type_new(S("Q"), T(py_tuple_new(0)), qd));
  py_obj *qi = T(py_call0(q));
  expect_repr(py_getattr_str(qi, "val"), "42");
  expect_err(py_setattr_str(qi, "val", I(1)) < 0, &py_exc_AttributeError,
             "property 'val' of 'Q' object has no setter");
  /* class Q2: pass ; Q2.val = property(lambda self: 42) ; Q2().val = 1 */
  py_obj *q2 = make_class("Q2", NULL, NULL);
  assert_int_equal(
      py_setattr_str(q2, "val", T(py_call1(&py_property_type.ob, func(&prop_get_def)))), 0);
  expect_err(py_setattr_str(T(py_call0(q2)), "val", I(1)) < 0, &py_exc_AttributeError,
             "property of 'Q2' object has no setter");
  /* class R: val = property(None) ; R().val */
  py_obj *rd = T(py_dict_new());
  py_dict_set_str(rd, "val", T(py_call1(&py_property_type.ob, py_None)));
  py_obj *r = T(py_type_new(S("R"), T(py_tuple_new(0)), rd));
  expect_err(FAILS(py_getattr_str(T(py_call0(r)), "val")), &py_exc_AttributeError,
             "property 'val' of 'R' object has no getter");
  /* class R: def __init__(self): return 5 ; R() */
  expect_err(FAILS(py_call0(make_class("R", NULL, bad_init))), &py_exc_TypeError,
             "__init__() should return None, not 'int'");
  /* class S: pass ; S(1) */
  expect_err(FAILS(py_call1(make_class("S", NULL, NULL), I(1))), &py_exc_TypeError,
             "S() takes no arguments");
  /* object(1) */
  expect_err(FAILS(py_call1(&py_object_type.ob, I(1))), &py_exc_TypeError,
             "object() takes no arguments");
  /* class T2: def __bool__(self): return 1 ; bool(T2()) */
  expect_err(py_is_true(T(py_call0(make_class("T2", NULL, bad_bool)))) < 0, &py_exc_TypeError,
             "__bool__ should return bool, returned int");
  /* int.foo = 5 -> TypeError: cannot set 'foo' attribute of immutable type 'int' */
  expect_err(py_setattr_str(&py_int_type.ob, "foo", I(5)) < 0, &py_exc_TypeError,
             "cannot set 'foo' attribute of immutable type 'int'");
  /* (1).foo = 5, [].append = 5, (1).real = 5 */
  expect_err(py_setattr_str(I(1), "foo", I(5)) < 0, &py_exc_AttributeError,
             "'int' object has no attribute 'foo'");
  expect_err(py_setattr_str(T(py_list_new(0)), "append", I(5)) < 0, &py_exc_AttributeError,
             "'list' object attribute 'append' is read-only");
  expect_err(py_setattr_str(I(1), "real", I(5)) < 0, &py_exc_AttributeError,
             "attribute 'real' of 'int' objects is not writable");
  /* class attributes are shared; an instance attribute shadows them */
  py_obj *c = make_class("C", NULL, NULL);
  py_setattr_str(c, "count", I(0));
  py_obj *ci = T(py_call0(c));
  expect_repr(py_getattr_str(ci, "count"), "0");
  py_setattr_str(ci, "count", I(7));
  expect_repr(py_getattr_str(ci, "count"), "7");
  expect_repr(py_getattr_str(c, "count"), "0");
}

static void builtin_methods_bind_and_describe_themselves(void **state) {
  /* str.upper(5), str.upper(), 'a'.upper, repr(str.upper) */
  py_obj *upper = T(py_getattr_str(&py_str_type.ob, "upper"));
  expect_err(FAILS(py_call1(upper, I(5))), &py_exc_TypeError,
             "descriptor 'upper' for 'str' objects doesn't apply to a 'int' object");
  expect_err(FAILS(py_call0(upper)), &py_exc_TypeError,
             "unbound method str.upper() needs an argument");
  expect_repr(py_newref(upper), "<method 'upper' of 'str' objects>");
  expect_repr(py_call1(upper, S("ab")), "'AB'");
  /* object.__eq__(1, 1), (1).__add__(2), (1).__add__('a') */
  expect_repr(py_call2(T(py_getattr_str(&py_object_type.ob, "__eq__")), I(1), I(1)), "True");
  expect_repr(callm(I(1), "__add__", 1, I(2)), "3");
  expect_repr(callm(I(1), "__add__", 1, S("a")), "NotImplemented");
  expect_repr(callm(I(1), "__radd__", 1, I(2)), "3");
  /* [].append.__name__ */
  expect_repr(py_getattr_str(T(py_getattr_str(T(py_list_new(0)), "append")), "__name__"),
              "'append'");
  /* type(iter([]))() -> TypeError: cannot create 'list_iterator' instances */
  expect_err(FAILS(py_call0(&py_list_iter_type.ob)), &py_exc_TypeError,
             "cannot create 'list_iterator' instances");
  /* py_getmethod returns the unbound method for a fast call */
  py_obj *m;
  assert_int_equal(py_getmethod(S("x"), T(py_intern_cstr("upper")), &m), 1);
  T(m);
}

FN(missing) { return py_mul(args[1], I(2)); }
static const py_method_def dd_methods[] = {{"__missing__", missing, 0}, {NULL, NULL, 0}};

static void subclasses_of_list_and_dict_keep_their_behaviour(void **state) {
  /* class ML(list): pass ; m = ML([1, 2]); m.append(3); m.tag = 't' */
  py_obj *ml = make_class("ML", TUP(1, &py_list_type.ob), NULL);
  py_obj *m = T(py_call1(ml, LIST(2, I(1), I(2))));
  expect_repr(callm(m, "append", 1, I(3)), "None");
  assert_int_equal(py_setattr_str(m, "tag", S("t")), 0);
  expect_repr(py_newref(m), "[1, 2, 3]");
  assert_int_equal(py_len(m), 3);
  expect_repr(py_getattr_str(m, "tag"), "'t'");
  assert_true(py_list_check(m));
  /* class DD(dict): def __missing__(self, k): return k * 2 ; DD()[21] */
  py_obj *dd = make_class("DD", TUP(1, &py_dict_type.ob), dd_methods);
  py_obj *d = T(py_call0(dd));
  expect_repr(py_getitem(d, I(21)), "42");
  expect_repr(py_newref(d), "{}");
}

static void builtin_types_subscript_to_generic_aliases(void **state) {
  /* list[int], dict[str, int], tuple[int, ...], tuple[()], list[list[int]] */
  py_obj *lst = &py_list_type.ob, *intt = &py_int_type.ob;
  expect_repr(py_getitem(lst, intt), "list[int]");
  expect_repr(py_getitem(&py_dict_type.ob, TUP(2, &py_str_type.ob, intt)), "dict[str, int]");
  expect_repr(py_getitem(&py_tuple_type.ob, TUP(2, intt, py_Ellipsis)), "tuple[int, ...]");
  expect_repr(py_getitem(&py_tuple_type.ob, T(py_tuple_new(0))), "tuple[()]");
  expect_repr(py_getitem(lst, T(py_getitem(lst, intt))), "list[list[int]]");
  /* class Foo: pass ; list[Foo], list['Foo'], list[None] */
  py_obj *foo = make_class("Foo", NULL, NULL);
  expect_repr(py_getitem(lst, foo), "list[__main__.Foo]");
  expect_repr(py_getitem(lst, S("Foo")), "list['Foo']");
  expect_repr(py_getitem(lst, py_None), "list[None]");
  /* list[int]() -> [] ; list[int] == list[int] ; int[5] */
  expect_repr(py_call0(T(py_getitem(lst, intt))), "[]");
  assert_int_equal(py_richcompare_bool(T(py_getitem(lst, intt)), T(py_getitem(lst, intt)), PY_EQ), 1);
  expect_err(FAILS(py_getitem(intt, I(5))), &py_exc_TypeError, "type 'int' is not subscriptable");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(class_dunder_methods_fill_the_slots, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(reflected_operator_of_a_subclass_goes_first, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(mro_is_c3_and_reports_inconsistency, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(classes_can_inherit_from_exception, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(attribute_hooks_properties_and_init_rules, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(builtin_methods_bind_and_describe_themselves, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(subclasses_of_list_and_dict_keep_their_behaviour, obj_setup, obj_teardown),
      cmocka_unit_test_setup_teardown(builtin_types_subscript_to_generic_aliases, obj_setup, obj_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
