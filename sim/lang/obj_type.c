/* obj_type.c: type objects, object, attribute lookup, descriptors, built-in
 * functions and methods, modules, and classes made by the evaluator. */
#include <inttypes.h>

#include "object_int.h"

/* ------------------------------------------------------- subtype tests */

bool py_type_is_subtype(py_type *a, py_type *b) {
  if (a == b) return true;
  py_obj *mro = a->mro;
  if (mro) {
    py_tuple *t = (py_tuple *)mro;
    for (py_ssize_t i = 0; i < t->size; i++)
      if (t->items[i] == &b->ob) return true;
    return false;
  }
  for (py_type *x = a->base; x; x = x->base)
    if (x == b) return true;
  return b == &py_object_type;
}

static int check_class_arg(py_obj *cls, const char *fname, bool tuples) {
  if (PY_TYPE_CHECK(cls)) return 0;
  if (tuples && py_tuple_check(cls)) return 0;
  if (tuples)
    py_err_format(&py_exc_TypeError,
                  "%s() arg 2 must be a %s", fname,
                  fname[2] == 'i' ? "type, a tuple of types, or a union"
                                  : "class, a tuple of classes, or a union");
  return -1;
}

/* isinstance(x, cls), or issubclass(x, cls) when sub (x is a class then);
 * cls may be a tuple of classes, nested. 1, 0, or -1 with an error. */
static int class_test(py_obj *x, py_obj *cls, bool sub) {
  if (py_tuple_check(cls)) {
    for (py_ssize_t i = 0; i < py_tuple_len(cls); i++) {
      int r = class_test(x, py_tuple_get(cls, i), sub);
      if (r) return r;
    }
    return 0;
  }
  if (!PY_TYPE_CHECK(cls)) {
    check_class_arg(cls, sub ? "issubclass" : "isinstance", true);
    return -1;
  }
  if (sub) return py_type_is_subtype((py_type *)x, (py_type *)cls);
  return py_isinstance(x, (py_type *)cls);
}

int py_isinstance_obj(py_obj *o, py_obj *cls) { return class_test(o, cls, false); }

int py_issubclass_obj(py_obj *derived, py_obj *cls) {
  if (!PY_TYPE_CHECK(derived)) {
    py_err_set_str(&py_exc_TypeError, "issubclass() arg 1 must be a class");
    return -1;
  }
  return class_test(derived, cls, true);
}

const char *py__type_qualname(py_type *t) {
  return t->qualname_obj ? py_str_utf8(t->qualname_obj) : t->name;
}

/* ------------------------------------------------------- method cache */

/* Lookups of interned names along an MRO are cached; any change to any
 * type's dict bumps the epoch, which empties the cache (invariant 6). */
#define MCACHE_SIZE 4096
static struct mcache_entry {
  py_type *type;
  py_obj *name;
  py_obj *value;   /* borrowed from a type dict, or NULL: not found */
  uint64_t epoch;
} mcache[MCACHE_SIZE];
uint64_t py__type_epoch = 1;

void py__type_cache_clear(void) {
  memset(mcache, 0, sizeof mcache);
  py__type_epoch++;
}

static py_obj *lookup_uncached(py_type *t, py_obj *name) {
  py_hash_t h = py__str_hash(name);
  if (t->mro) {
    py_tuple *mro = (py_tuple *)t->mro;
    for (py_ssize_t i = 0; i < mro->size; i++) {
      py_type *b = (py_type *)mro->items[i];
      if (!b->dict) continue;
      py_obj *v = py__dict_get_hashed(b->dict, name, h);
      if (v) return v;
    }
    return NULL;
  }
  for (py_type *b = t; b; b = b->base) {
    if (!b->dict) continue;
    py_obj *v = py__dict_get_hashed(b->dict, name, h);
    if (v) return v;
  }
  return NULL;
}

py_obj *py_type_lookup(py_type *t, py_obj *name) {
  if (!((py_strobj *)name)->interned) return lookup_uncached(t, name);
  size_t idx = (((uintptr_t)t >> 3) * 31 + ((uintptr_t)name >> 3)) & (MCACHE_SIZE - 1);
  struct mcache_entry *e = &mcache[idx];
  if (e->epoch == py__type_epoch && e->type == t && e->name == name) return e->value;
  py_obj *v = lookup_uncached(t, name);
  e->type = t;
  e->name = name;
  e->value = v;
  e->epoch = py__type_epoch;
  return v;
}

/* ------------------------------------------------ calling, binding */

py_obj *py_call(py_obj *f, py_obj *const *args, py_ssize_t nargs,
                py_obj *kwnames) {
  py_callfn c = f->type->call;
  if (!c)
    return py_err_format(&py_exc_TypeError, "'%s' object is not callable",
                         py_type_name(f));
  return c(f, args, nargs, kwnames);
}

py_obj *py_call2(py_obj *f, py_obj *a, py_obj *b) {
  py_obj *args[2] = {a, b};
  return py_call(f, args, 2, NULL);
}

bool py_callable(py_obj *o) { return o->type->call != NULL; }

py_obj *py__call_prepend(py_obj *callable, py_obj *self, py_obj *const *args,
                         py_ssize_t nargs, py_obj *kwnames) {
  py_ssize_t nkw = kwnames ? py_tuple_len(kwnames) : 0;
  py_ssize_t total = nargs + nkw + 1;
  py_obj *small[16];
  py_obj **a = small;
  if (total > 16) {
    a = py_mem_alloc((size_t)total * sizeof(py_obj *));
    if (!a) return NULL;
  }
  a[0] = self;
  if (nargs + nkw) memcpy(a + 1, args, (size_t)(nargs + nkw) * sizeof(py_obj *));
  py_obj *r = py_call(callable, a, nargs + 1, kwnames);
  if (a != small) py_mem_free(a, (size_t)total * sizeof(py_obj *));
  return r;
}

/* Call a special method found on self's type (a borrowed f). */
static py_obj *call_found(py_obj *f, py_obj *self, py_obj *const *args,
                          py_ssize_t n, py_obj *kwnames) {
  py_obj *r;
  py_incref(f);
  if (f->type->flags & PY_TF_METHOD_DESCR) {
    r = py__call_prepend(f, self, args, n, kwnames);
  } else if (f->type->descr_get) {
    py_obj *bound = f->type->descr_get(f, self, self->type);
    r = bound ? py_call(bound, args, n, kwnames) : NULL;
    py_xdecref(bound);
  } else {
    r = py_call(f, args, n, kwnames);
  }
  py_decref(f);
  return r;
}

/* self.name(*args) looked up on the type, or NotImplemented if missing. */
static py_obj *maybe_call_special(py_obj *self, py_obj *name,
                                  py_obj *const *args, py_ssize_t n) {
  py_obj *f = py_type_lookup(self->type, name);
  if (!f) return py_newref(py_NotImplemented);
  return call_found(f, self, args, n, NULL);
}

static py_obj *call_special(py_obj *self, py_obj *name, py_obj *const *args,
                            py_ssize_t n) {
  py_obj *f = py_type_lookup(self->type, name);
  if (!f) return py_err_no_attribute(self, name);
  return call_found(f, self, args, n, NULL);
}

/* ---------------------------------------------------- instance dicts */

static inline py_obj **dictptr(py_obj *o) {
  py_ssize_t off = o->type->dictoffset;
  return off ? (py_obj **)(void *)((char *)o + off) : NULL;
}

py_obj *py_instance_dict(py_obj *o) {
  py_obj **dp = dictptr(o);
  if (!dp) return NULL;
  if (!*dp) *dp = py_dict_new();
  return *dp;
}

/* -------------------------------------------------- generic attributes */

static int check_name(py_obj *name) {
  if (!py_str_check(name)) {
    py_err_format(&py_exc_TypeError, "attribute name must be string, not '%s'",
                  py_type_name(name));
    return -1;
  }
  return 0;
}

py_obj *py_generic_getattr(py_obj *o, py_obj *name) {
  py_type *t = o->type;
  py_obj *descr = py_type_lookup(t, name);
  py_descrgetfn f = NULL;
  if (descr) {
    py_incref(descr);
    f = descr->type->descr_get;
    if (f && descr->type->descr_set) {
      py_obj *r = f(descr, o, t);
      py_decref(descr);
      return r;
    }
  }
  py_obj **dp = dictptr(o);
  if (dp && *dp) {
    py_obj *v = py_dict_get(*dp, name);
    if (v) {
      py_xdecref(descr);
      return py_newref(v);
    }
    if (py_err_occurred()) {
      py_xdecref(descr);
      return NULL;
    }
  }
  if (f) {
    py_obj *r = f(descr, o, t);
    py_decref(descr);
    return r;
  }
  if (descr) return descr;
  return py_err_no_attribute(o, name);
}

int py_generic_setattr(py_obj *o, py_obj *name, py_obj *value) {
  py_type *t = o->type;
  py_obj *descr = py_type_lookup(t, name);
  if (descr && descr->type->descr_set) {
    py_incref(descr);
    int r = descr->type->descr_set(descr, o, value);
    py_decref(descr);
    return r;
  }
  py_obj **dp = dictptr(o);
  if (!dp) {
    if (descr)
      py_err_format(&py_exc_AttributeError, "'%s' object attribute '%s' is read-only",
                    t->name, py_str_utf8(name));
    else
      py_err_no_attribute(o, name);
    return -1;
  }
  if (!value) {
    if (!*dp || py_dict_contains(*dp, name) == 0) {
      if (!py_err_occurred()) py_err_no_attribute(o, name);
      return -1;
    }
    return py_dict_del(*dp, name);
  }
  if (!*dp && !(*dp = py_dict_new())) return -1;
  return py_dict_set(*dp, name, value);
}

py_obj *py_getattr(py_obj *o, py_obj *name) {
  if (check_name(name) < 0) return NULL;
  return o->type->getattr(o, name);
}

py_obj *py_getattr_str(py_obj *o, const char *name) {
  py_obj *n = py_intern_cstr(name);
  if (!n) return NULL;
  py_obj *r = py_getattr(o, n);
  py_decref(n);
  return r;
}

int py_getattr_opt(py_obj *o, py_obj *name, py_obj **out) {
  *out = py_getattr(o, name);
  if (*out) return 1;
  if (py_err_matches(&py_exc_AttributeError)) {
    py_err_clear();
    return 0;
  }
  return -1;
}

int py_setattr(py_obj *o, py_obj *name, py_obj *value) {
  if (check_name(name) < 0) return -1;
  if (!o->type->setattr) {
    py_err_no_attribute(o, name);
    return -1;
  }
  return o->type->setattr(o, name, value);
}

int py_setattr_str(py_obj *o, const char *name, py_obj *value) {
  py_obj *n = py_intern_cstr(name);
  if (!n) return -1;
  int r = py_setattr(o, n, value);
  py_decref(n);
  return r;
}

int py_delattr(py_obj *o, py_obj *name) { return py_setattr(o, name, NULL); }

int py_getmethod(py_obj *o, py_obj *name, py_obj **meth) {
  py_type *t = o->type;
  *meth = NULL;
  if (t->getattr != py_generic_getattr || !py_str_check(name)) {
    *meth = py_getattr(o, name);
    return *meth ? 0 : -1;
  }
  py_obj *descr = py_type_lookup(t, name);
  bool meth_found = false;
  py_descrgetfn f = NULL;
  if (descr) {
    py_incref(descr);
    if (descr->type->flags & PY_TF_METHOD_DESCR) {
      meth_found = true;
    } else {
      f = descr->type->descr_get;
      if (f && descr->type->descr_set) {
        *meth = f(descr, o, t);
        py_decref(descr);
        return *meth ? 0 : -1;
      }
    }
  }
  py_obj **dp = dictptr(o);
  if (dp && *dp) {
    py_obj *v = py_dict_get(*dp, name);
    if (v) {
      py_xdecref(descr);
      *meth = py_newref(v);
      return 0;
    }
  }
  if (meth_found) {
    *meth = descr;
    return 1;
  }
  if (f) {
    *meth = f(descr, o, t);
    py_decref(descr);
    return *meth ? 0 : -1;
  }
  if (descr) {
    *meth = descr;
    return 0;
  }
  py_err_no_attribute(o, name);
  return -1;
}

py_obj *py_call_method(py_obj *o, py_obj *name, py_obj *const *args,
                       py_ssize_t nargs, py_obj *kwnames) {
  py_obj *m;
  int k = py_getmethod(o, name, &m);
  if (k < 0) return NULL;
  py_obj *r = k ? py__call_prepend(m, o, args, nargs, kwnames)
                : py_call(m, args, nargs, kwnames);
  py_decref(m);
  return r;
}

py_obj *py_call_method_str(py_obj *o, const char *name, py_obj *const *args,
                           py_ssize_t nargs) {
  py_obj *n = py_intern_cstr(name);
  if (!n) return NULL;
  py_obj *r = py_call_method(o, n, args, nargs, NULL);
  py_decref(n);
  return r;
}

/* -------------------------------------------------------------- object */

py_obj *py__object_repr(py_obj *o) {
  py_type *t = o->type;
  const char *mod = t->module_obj ? py_str_utf8(t->module_obj) : t->module;
  if (mod && strcmp(mod, "builtins") != 0)
    return py_str_from_format("<%s.%s object at %p>", mod, py__type_qualname(t),
                              (void *)o);
  return py_str_from_format("<%s object at %p>", py__type_qualname(t), (void *)o);
}

py_obj *py__object_str(py_obj *o) { return o->type->repr(o); }

py_hash_t py__object_hash(py_obj *o) {
  uintptr_t y = (uintptr_t)o;
  y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
  py_hash_t h = (py_hash_t)y;
  return h == -1 ? -2 : h;
}

py_obj *py__object_richcompare(py_obj *a, py_obj *b, int op) {
  if (op == PY_EQ) return py_newref(a == b ? py_True : py_NotImplemented);
  if (op == PY_NE) {
    if (!a->type->richcompare) return py_newref(py_NotImplemented);
    py_obj *r = a->type->richcompare(a, b, PY_EQ);
    if (!r || r == py_NotImplemented) return r;
    int t = py_is_true(r);
    py_decref(r);
    if (t < 0) return NULL;
    return py_bool_from(!t);
  }
  return py_newref(py_NotImplemented);
}

py_obj *py__object_format(py_obj *o, py_obj *spec) {
  if (spec && py_str_len(spec) > 0)
    return py_err_format(&py_exc_TypeError,
                         "unsupported format string passed to %s.__format__",
                         o->type->name);
  return py_str(o);
}

static bool excess_args(py_ssize_t nargs, py_obj *kwnames) {
  return nargs > 0 || (kwnames && py_tuple_len(kwnames) > 0);
}

static int object_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames);
static py_obj *object_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kwnames) {
  if (excess_args(nargs, kwnames)) {
    if (t->new_ != object_new)
      return py_err_set_str(&py_exc_TypeError,
                            "object.__new__() takes exactly one argument (the "
                            "type to instantiate)");
    if (t->init == object_init)
      return py_err_format(&py_exc_TypeError, "%s() takes no arguments",
                           t->name);
  }
  if (t->flags & PY_TF_ABSTRACT)
    return py_err_format(&py_exc_TypeError, "cannot instantiate %s", t->name);
  return py_obj_alloc(t, (size_t)t->basicsize);
}

static int object_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames) {
  py_type *t = self->type;
  if (excess_args(nargs, kwnames)) {
    if (t->init != object_init) {
      py_err_set_str(&py_exc_TypeError,
                     "object.__init__() takes exactly one argument (the "
                     "instance to initialize)");
      return -1;
    }
    if (t->new_ == object_new) {
      py_err_format(&py_exc_TypeError, "%s() takes no arguments", t->name);
      return -1;
    }
  }
  return 0;
}

static void object_dealloc(py_obj *o) {
  py_obj_free(o, (size_t)o->type->basicsize);
}

static py_obj *object_get_class(py_obj *o) { return py_newref(&o->type->ob); }

static py_obj *object_get_dict(py_obj *o) {
  py_obj *d = py_instance_dict(o);
  if (!d) {
    if (!py_err_occurred())
      py_err_format(&py_exc_AttributeError,
                    "'%s' object has no attribute '__dict__'", py_type_name(o));
    return NULL;
  }
  return py_newref(d);
}

static int object_set_dict(py_obj *o, py_obj *v) {
  py_obj **dp = dictptr(o);
  if (!dp || !v || !py_dict_check(v)) {
    py_err_set_str(&py_exc_TypeError, "__dict__ must be set to a dictionary");
    return -1;
  }
  PY_SETREF(*dp, py_newref(v));
  return 0;
}

static py_obj *object_dir(py_obj *self, py_obj *const *args, py_ssize_t n,
                          py_obj *kw) {
  py_obj *names = py_set_new(NULL);
  if (!names) return NULL;
  py_obj **dp = dictptr(self);
  if (dp && *dp && py_set_update(names, *dp) < 0) goto fail;
  py_tuple *mro = (py_tuple *)self->type->mro;
  for (py_ssize_t i = 0; mro && i < mro->size; i++) {
    py_type *b = (py_type *)mro->items[i];
    if (b->dict && py_set_update(names, b->dict) < 0) goto fail;
  }
  py_obj *l = py_sequence_list(names);
  py_decref(names);
  if (l && py_list_sort(l, NULL, false) < 0) PY_CLEAR(l);
  return l;
fail:
  py_decref(names);
  return NULL;
}

static const py_method_def object_methods[] = {
    {"__dir__", object_dir, 0},
    {NULL, NULL, 0}};

static const py_getset_def object_getsets[] = {
    {"__class__", object_get_class, NULL},
    {NULL, NULL, NULL}};

py_type py_object_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "object",
    .flags = PY_TF_BASETYPE,
    .basicsize = sizeof(py_obj),
    .new_ = object_new,
    .init = object_init,
    .dealloc = object_dealloc,
    .repr = py__object_repr,
    .str = py__object_str,
    .hash = py__object_hash,
    .richcompare = py__object_richcompare,
    .getattr = py_generic_getattr,
    .setattr = py_generic_setattr,
    .format = py__object_format,
    .methods = object_methods,
    .getsets = object_getsets,
};

/* ------------------------------------------------------- slot wrappers */

/* The dunder methods of static types call the owner's slot directly, so
 * object.__init__(self), super().__repr__() and int.__add__(a, b) work
 * whatever type self has. Classes made by py_type_new go the other way:
 * their slots look the dunder up (slot_* below). */
enum wrapper_kind {
  WK_INIT, WK_NEW, WK_REPR, WK_STR, WK_HASH, WK_CMP, WK_GETATTRIBUTE,
  WK_SETATTR, WK_DELATTR, WK_CALL, WK_ITER, WK_NEXT, WK_LEN, WK_GETITEM,
  WK_SETITEM, WK_DELITEM, WK_CONTAINS, WK_BOOL, WK_NEG, WK_POS, WK_ABS,
  WK_INVERT, WK_INT, WK_FLOAT, WK_INDEX, WK_FORMAT, WK_GET, WK_SET,
  WK_DELETE, WK_BINOP, WK_RBINOP, WK_IBINOP, WK_CONCAT, WK_REPEAT,
  WK_RREPEAT, WK_ICONCAT, WK_IREPEAT,
};

typedef struct slotdef {
  const char *name;
  enum wrapper_kind kind;
  int op;   /* comparison op, or binary op */
} slotdef;

static const slotdef slotdefs[] = {
    {"__init__", WK_INIT, 0},           {"__new__", WK_NEW, 0},
    {"__repr__", WK_REPR, 0},           {"__str__", WK_STR, 0},
    {"__hash__", WK_HASH, 0},           {"__lt__", WK_CMP, PY_LT},
    {"__le__", WK_CMP, PY_LE},          {"__eq__", WK_CMP, PY_EQ},
    {"__ne__", WK_CMP, PY_NE},          {"__gt__", WK_CMP, PY_GT},
    {"__ge__", WK_CMP, PY_GE},          {"__getattribute__", WK_GETATTRIBUTE, 0},
    {"__setattr__", WK_SETATTR, 0},     {"__delattr__", WK_DELATTR, 0},
    {"__call__", WK_CALL, 0},           {"__iter__", WK_ITER, 0},
    {"__next__", WK_NEXT, 0},           {"__len__", WK_LEN, 0},
    {"__getitem__", WK_GETITEM, 0},     {"__setitem__", WK_SETITEM, 0},
    {"__delitem__", WK_DELITEM, 0},     {"__contains__", WK_CONTAINS, 0},
    {"__bool__", WK_BOOL, 0},           {"__neg__", WK_NEG, 0},
    {"__pos__", WK_POS, 0},             {"__abs__", WK_ABS, 0},
    {"__invert__", WK_INVERT, 0},       {"__int__", WK_INT, 0},
    {"__float__", WK_FLOAT, 0},         {"__index__", WK_INDEX, 0},
    {"__format__", WK_FORMAT, 0},       {"__get__", WK_GET, 0},
    {"__set__", WK_SET, 0},             {"__delete__", WK_DELETE, 0},
    {NULL, 0, 0}};

typedef struct py_wrapper_descr {
  py_obj ob;
  py_obj *name;            /* interned */
  enum wrapper_kind kind;
  int op;
  py_type *owner;
} py_wrapper_descr;

static bool type_defines(py_type *t, enum wrapper_kind k, int op) {
  py_type *b = t->base;
#define DEF(field) (t->field && (!b || t->field != b->field))
  switch (k) {
    case WK_INIT: return DEF(init);
    case WK_NEW: return t->new_ && (!b || t->new_ != b->new_);
    case WK_REPR: return DEF(repr);
    case WK_STR: return DEF(str);
    case WK_HASH: return DEF(hash);
    case WK_CMP: return DEF(richcompare);
    case WK_GETATTRIBUTE: return DEF(getattr);
    case WK_SETATTR: case WK_DELATTR: return DEF(setattr);
    case WK_CALL: return DEF(call);
    case WK_ITER: return DEF(iter);
    case WK_NEXT: return DEF(iternext);
    case WK_LEN: return DEF(len);
    case WK_GETITEM: return DEF(getitem) || DEF(sq_item);
    case WK_SETITEM: case WK_DELITEM: return DEF(setitem);
    case WK_CONTAINS: return DEF(contains);
    case WK_BOOL: return DEF(nb_bool);
    case WK_NEG: return DEF(nb_neg);
    case WK_POS: return DEF(nb_pos);
    case WK_ABS: return DEF(nb_abs);
    case WK_INVERT: return DEF(nb_invert);
    case WK_INT: return DEF(nb_int);
    case WK_FLOAT: return DEF(nb_float);
    case WK_INDEX: return DEF(nb_index);
    case WK_FORMAT: return DEF(format);
    case WK_GET: return DEF(descr_get);
    case WK_SET: case WK_DELETE: return DEF(descr_set);
    case WK_BINOP: case WK_RBINOP: return DEF(nb[op]);
    case WK_IBINOP: return DEF(nb_inplace[op]);
    case WK_CONCAT: return DEF(sq_concat);
    case WK_REPEAT: case WK_RREPEAT: return DEF(sq_repeat);
    case WK_ICONCAT: return DEF(sq_inplace_concat);
    case WK_IREPEAT: return DEF(sq_inplace_repeat);
  }
#undef DEF
  return false;
}

static py_obj *wrapper_new(py_type *owner, py_obj *name, enum wrapper_kind k,
                           int op) {
  py_wrapper_descr *w = (py_wrapper_descr *)py_obj_alloc(
      &py_wrapper_descr_type, sizeof(py_wrapper_descr));
  if (!w) return NULL;
  w->name = py_newref(name);
  w->kind = k;
  w->op = op;
  w->owner = owner;
  return &w->ob;
}

static int add_wrapper(py_type *t, const char *cname, enum wrapper_kind k,
                       int op) {
  py_obj *name = py_intern_cstr(cname);
  if (!name) return -1;
  int r = 0;
  if (!py_dict_get(t->dict, name)) {
    py_obj *w = wrapper_new(t, name, k, op);
    r = w ? py_dict_set(t->dict, name, w) : -1;
    py_xdecref(w);
  }
  py_decref(name);
  return r;
}

static py_obj *wrap_result_int(int r) {
  if (r < 0) return NULL;
  return py_newref(py_None);
}

static py_obj *wrapper_call(py_obj *callable, py_obj *const *args,
                            py_ssize_t nargs, py_obj *kwnames) {
  py_wrapper_descr *w = (py_wrapper_descr *)callable;
  py_type *o = w->owner;
  const char *name = py_str_utf8(w->name);
  if (nargs < 1)
    return py_err_format(&py_exc_TypeError,
                         "descriptor '%s' of '%s' object needs an argument", name,
                         o->name);
  py_obj *self = args[0];
  if (w->kind == WK_NEW) {
    if (!PY_TYPE_CHECK(self))
      return py_err_format(&py_exc_TypeError, "%s.__new__(X): X is not a type object (%s)",
                           o->name, py_type_name(self));
    if (!py_type_is_subtype((py_type *)self, o))
      return py_err_format(&py_exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                           o->name, ((py_type *)self)->name,
                           ((py_type *)self)->name, o->name);
    return o->new_((py_type *)self, args + 1, nargs - 1, kwnames);
  }
  if (!py_isinstance(self, o))
    return py_err_format(&py_exc_TypeError,
                         "descriptor '%s' requires a '%s' object but received a '%s'",
                         name, o->name, py_type_name(self));
  args++;
  nargs--;
  if (w->kind == WK_INIT || w->kind == WK_CALL)
    ;  /* these take any arguments */
  else if (py_check_nokw(name, kwnames) < 0)
    return NULL;
  int want;
  switch (w->kind) {
    case WK_GETATTRIBUTE: case WK_DELATTR: case WK_GETITEM: case WK_DELITEM:
    case WK_CONTAINS: case WK_FORMAT: case WK_BINOP: case WK_RBINOP:
    case WK_IBINOP: case WK_CONCAT: case WK_REPEAT: case WK_RREPEAT:
    case WK_ICONCAT: case WK_IREPEAT: case WK_CMP: case WK_DELETE:
      want = 1; break;
    case WK_SETATTR: case WK_SETITEM: case WK_SET:
      want = 2; break;
    case WK_GET:
      want = -1; break;
    case WK_INIT: case WK_CALL: case WK_NEW:
      want = -2; break;
    default:
      want = 0; break;
  }
  if (want >= 0 && nargs != want)
    return py_err_format(&py_exc_TypeError, "expected %d argument%s, got %zd",
                         want, want == 1 ? "" : "s", nargs);
  switch (w->kind) {
    case WK_INIT: return wrap_result_int(o->init(self, args, nargs, kwnames));
    case WK_NEW: return NULL;
    case WK_REPR: return o->repr(self);
    case WK_STR: return o->str(self);
    case WK_HASH: {
      py_hash_t h = o->hash(self);
      return h == -1 ? NULL : py_int_from(h);
    }
    case WK_CMP: return o->richcompare(self, args[0], w->op);
    case WK_GETATTRIBUTE:
      if (check_name(args[0]) < 0) return NULL;
      return o->getattr(self, args[0]);
    case WK_SETATTR:
      if (check_name(args[0]) < 0) return NULL;
      return wrap_result_int(o->setattr(self, args[0], args[1]));
    case WK_DELATTR:
      if (check_name(args[0]) < 0) return NULL;
      return wrap_result_int(o->setattr(self, args[0], NULL));
    case WK_CALL: return o->call(self, args, nargs, kwnames);
    case WK_ITER: return o->iter(self);
    case WK_NEXT: {
      py_obj *r = o->iternext(self);
      if (!r && !py_err_occurred()) py_err_set_obj(&py_exc_StopIteration, NULL);
      return r;
    }
    case WK_LEN: {
      py_ssize_t n = o->len(self);
      return n < 0 ? NULL : py_int_from(n);
    }
    case WK_GETITEM:
      if (o->getitem) return o->getitem(self, args[0]);
      {
        int64_t i;
        if (py_index_value(args[0], &i) < 0) return NULL;
        if (i < 0 && o->len) {
          py_ssize_t n = o->len(self);
          if (n < 0) return NULL;
          i += n;
        }
        return o->sq_item(self, (py_ssize_t)i);
      }
    case WK_SETITEM: return wrap_result_int(o->setitem(self, args[0], args[1]));
    case WK_DELITEM: return wrap_result_int(o->setitem(self, args[0], NULL));
    case WK_CONTAINS: {
      int r = o->contains(self, args[0]);
      return r < 0 ? NULL : py_bool_from(r);
    }
    case WK_BOOL: {
      int r = o->nb_bool(self);
      return r < 0 ? NULL : py_bool_from(r);
    }
    case WK_NEG: return o->nb_neg(self);
    case WK_POS: return o->nb_pos(self);
    case WK_ABS: return o->nb_abs(self);
    case WK_INVERT: return o->nb_invert(self);
    case WK_INT: return o->nb_int(self);
    case WK_FLOAT: return o->nb_float(self);
    case WK_INDEX: return o->nb_index(self);
    case WK_FORMAT:
      if (!py_str_check(args[0]))
        return py_err_format(&py_exc_TypeError,
                             "__format__() argument must be str, not %s",
                             py_type_name(args[0]));
      return o->format(self, args[0]);
    case WK_GET:
      if (nargs < 1 || nargs > 2)
        return py_err_set_str(&py_exc_TypeError, "__get__(None, None) is invalid");
      return o->descr_get(self, args[0] == py_None ? NULL : args[0],
                          nargs > 1 && PY_TYPE_CHECK(args[1]) ? (py_type *)args[1]
                                                              : args[0]->type);
    case WK_SET: return wrap_result_int(o->descr_set(self, args[0], args[1]));
    case WK_DELETE: return wrap_result_int(o->descr_set(self, args[0], NULL));
    case WK_BINOP: return o->nb[w->op](self, args[0]);
    case WK_RBINOP: return o->nb[w->op](args[0], self);
    case WK_IBINOP: return o->nb_inplace[w->op](self, args[0]);
    case WK_CONCAT: return o->sq_concat(self, args[0]);
    case WK_REPEAT: case WK_RREPEAT: case WK_IREPEAT: {
      if (!py_int_check(args[0])) return py_newref(py_NotImplemented);
      int64_t n = py_int_value(args[0]);
      return w->kind == WK_IREPEAT ? o->sq_inplace_repeat(self, (py_ssize_t)n)
                                   : o->sq_repeat(self, (py_ssize_t)n);
    }
    case WK_ICONCAT: return o->sq_inplace_concat(self, args[0]);
  }
  return NULL;
}

static py_obj *wrapper_get(py_obj *descr, py_obj *obj, py_type *type) {
  py_wrapper_descr *w = (py_wrapper_descr *)descr;
  if (!obj || w->kind == WK_NEW) return py_newref(descr);
  return py_method_new(descr, obj);
}

static py_obj *wrapper_repr(py_obj *o) {
  py_wrapper_descr *w = (py_wrapper_descr *)o;
  return py_str_from_format("<slot wrapper '%s' of '%s' objects>",
                            py_str_utf8(w->name), w->owner->name);
}

static void wrapper_dealloc(py_obj *o) {
  py_decref(((py_wrapper_descr *)o)->name);
  py_obj_free(o, sizeof(py_wrapper_descr));
}

static py_obj *wrapper_get_name(py_obj *o) {
  return py_newref(((py_wrapper_descr *)o)->name);
}

static const py_getset_def descr_name_getsets[] = {
    {"__name__", wrapper_get_name, NULL}, {NULL, NULL, NULL}};

py_type py_wrapper_descr_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "wrapper_descriptor",
    .flags = PY_TF_METHOD_DESCR,
    .basicsize = sizeof(py_wrapper_descr),
    .dealloc = wrapper_dealloc,
    .repr = wrapper_repr,
    .call = wrapper_call,
    .descr_get = wrapper_get,
    .getsets = descr_name_getsets,
};

/* ---------------------------------------------------- method descriptors */

typedef struct py_method_descr {
  py_obj ob;
  const py_method_def *def;
  py_type *owner;
} py_method_descr;

typedef struct py_cfunction {
  py_obj ob;
  const py_method_def *def;
  py_obj *self;         /* NULL for a plain built-in function */
  py_obj *module;       /* a str, or NULL */
} py_cfunction;

py_obj *py_cfunction_new(const py_method_def *def, py_obj *self,
                         py_obj *module_name) {
  py_cfunction *f = (py_cfunction *)py_obj_alloc(&py_cfunction_type,
                                                 sizeof(py_cfunction));
  if (!f) return NULL;
  f->def = def;
  f->self = py_xnewref(self);
  f->module = py_xnewref(module_name);
  return &f->ob;
}

static py_obj *cfunction_call(py_obj *callable, py_obj *const *args,
                              py_ssize_t nargs, py_obj *kwnames) {
  py_cfunction *f = (py_cfunction *)callable;
  return f->def->fn(f->self, args, nargs, kwnames);
}

static py_obj *cfunction_repr(py_obj *o) {
  py_cfunction *f = (py_cfunction *)o;
  if (!f->self || f->def->flags & PY_METH_STATIC)
    return py_str_from_format("<built-in function %s>", f->def->name);
  if (PY_TYPE_CHECK(f->self) && (f->def->flags & PY_METH_CLASS))
    return py_str_from_format("<built-in method %s of type object at %p>",
                              f->def->name, (void *)f->self);
  return py_str_from_format("<built-in method %s of %s object at %p>",
                            f->def->name, py_type_name(f->self), (void *)f->self);
}

static void cfunction_dealloc(py_obj *o) {
  py_cfunction *f = (py_cfunction *)o;
  py_xdecref(f->self);
  py_xdecref(f->module);
  py_obj_free(o, sizeof(py_cfunction));
}

static int cfunction_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_cfunction *f = (py_cfunction *)o;
  if (f->self) return visit(f->self, arg);
  return 0;
}

static void cfunction_clear(py_obj *o) { PY_CLEAR(((py_cfunction *)o)->self); }

static py_obj *cfunction_get_name(py_obj *o) {
  return py_str_from_cstr(((py_cfunction *)o)->def->name);
}

static py_obj *cfunction_get_self(py_obj *o) {
  py_cfunction *f = (py_cfunction *)o;
  return py_newref(f->self ? f->self : py_None);
}

static py_obj *cfunction_get_module(py_obj *o) {
  py_cfunction *f = (py_cfunction *)o;
  return py_newref(f->module ? f->module : py_None);
}

static py_obj *cfunction_richcompare(py_obj *a, py_obj *b, int op) {
  if ((op != PY_EQ && op != PY_NE) || b->type != &py_cfunction_type)
    return py_newref(py_NotImplemented);
  py_cfunction *x = (py_cfunction *)a, *y = (py_cfunction *)b;
  bool eq = x->def == y->def && x->self == y->self;
  return py_bool_from(op == PY_EQ ? eq : !eq);
}

static py_hash_t cfunction_hash(py_obj *o) {
  py_cfunction *f = (py_cfunction *)o;
  py_hash_t h = (py_hash_t)((uintptr_t)f->def >> 4) ^
                (f->self ? py__object_hash(f->self) : 0);
  return h == -1 ? -2 : h;
}

static const py_getset_def cfunction_getsets[] = {
    {"__name__", cfunction_get_name, NULL},
    {"__qualname__", cfunction_get_name, NULL},
    {"__self__", cfunction_get_self, NULL},
    {"__module__", cfunction_get_module, NULL},
    {NULL, NULL, NULL}};

py_type py_cfunction_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "builtin_function_or_method",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_cfunction),
    .dealloc = cfunction_dealloc,
    .traverse = cfunction_traverse,
    .clear = cfunction_clear,
    .repr = cfunction_repr,
    .hash = cfunction_hash,
    .richcompare = cfunction_richcompare,
    .call = cfunction_call,
    .getsets = cfunction_getsets,
};

/* The TypeError of a descriptor of owner's objects used on obj; NULL. */
static py_obj *descr_misapplied(const char *name, py_type *owner, py_obj *obj) {
  return py_err_format(&py_exc_TypeError,
                       "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                       name, owner->name, py_type_name(obj));
}

static py_obj *method_descr_call(py_obj *callable, py_obj *const *args,
                                 py_ssize_t nargs, py_obj *kwnames) {
  py_method_descr *d = (py_method_descr *)callable;
  if (nargs < 1)
    return py_err_format(&py_exc_TypeError,
                         "unbound method %s.%s() needs an argument",
                         d->owner->name, d->def->name);
  if (!py_isinstance(args[0], d->owner))
    return descr_misapplied(d->def->name, d->owner, args[0]);
  return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

static py_obj *method_descr_get(py_obj *descr, py_obj *obj, py_type *type) {
  py_method_descr *d = (py_method_descr *)descr;
  if (!obj) return py_newref(descr);
  if (!py_isinstance(obj, d->owner)) return descr_misapplied(d->def->name, d->owner, obj);
  return py_cfunction_new(d->def, obj, NULL);
}

static py_obj *method_descr_repr(py_obj *o) {
  py_method_descr *d = (py_method_descr *)o;
  return py_str_from_format("<method '%s' of '%s' objects>", d->def->name,
                            d->owner->name);
}

static void method_descr_dealloc(py_obj *o) {
  py_obj_free(o, sizeof(py_method_descr));
}

static py_obj *method_descr_get_name(py_obj *o) {
  return py_str_from_cstr(((py_method_descr *)o)->def->name);
}

static const py_getset_def method_descr_getsets[] = {
    {"__name__", method_descr_get_name, NULL}, {NULL, NULL, NULL}};

py_type py_method_descr_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "method_descriptor",
    .flags = PY_TF_METHOD_DESCR,
    .basicsize = sizeof(py_method_descr),
    .dealloc = method_descr_dealloc,
    .repr = method_descr_repr,
    .call = method_descr_call,
    .descr_get = method_descr_get,
    .getsets = method_descr_getsets,
};

/* dict.fromkeys and the like: bound to the class. */
static py_obj *classmethod_descr_get(py_obj *descr, py_obj *obj, py_type *type) {
  py_method_descr *d = (py_method_descr *)descr;
  if (!type) type = obj ? obj->type : d->owner;
  return py_cfunction_new(d->def, &type->ob, NULL);
}

static py_obj *classmethod_descr_call(py_obj *callable, py_obj *const *args,
                                      py_ssize_t nargs, py_obj *kwnames) {
  py_method_descr *d = (py_method_descr *)callable;
  if (nargs < 1 || !PY_TYPE_CHECK(args[0]))
    return py_err_format(&py_exc_TypeError,
                         "descriptor '%s' for type '%s' needs a type",
                         d->def->name, d->owner->name);
  return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

py_type py_classmethod_descr_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "classmethod_descriptor",
    .basicsize = sizeof(py_method_descr),
    .dealloc = method_descr_dealloc,
    .repr = method_descr_repr,
    .call = classmethod_descr_call,
    .descr_get = classmethod_descr_get,
    .getsets = method_descr_getsets,
};

/* ------------------------------------------------------ getset descriptors */

typedef struct py_getset_descr {
  py_obj ob;
  const py_getset_def *def;
  py_type *owner;
} py_getset_descr;

static py_obj *getset_get(py_obj *descr, py_obj *obj, py_type *type) {
  py_getset_descr *d = (py_getset_descr *)descr;
  if (!obj) return py_newref(descr);
  if (!py_isinstance(obj, d->owner)) return descr_misapplied(d->def->name, d->owner, obj);
  return d->def->get(obj);
}

static int getset_set(py_obj *descr, py_obj *obj, py_obj *value) {
  py_getset_descr *d = (py_getset_descr *)descr;
  if (!d->def->set) {
    py_err_format(&py_exc_AttributeError,
                  "attribute '%s' of '%s' objects is not writable", d->def->name,
                  d->owner->name);
    return -1;
  }
  return d->def->set(obj, value);
}

static py_obj *getset_repr(py_obj *o) {
  py_getset_descr *d = (py_getset_descr *)o;
  return py_str_from_format("<attribute '%s' of '%s' objects>", d->def->name,
                            d->owner->name);
}

static void getset_dealloc(py_obj *o) { py_obj_free(o, sizeof(py_getset_descr)); }

py_type py_getset_descr_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "getset_descriptor",
    .basicsize = sizeof(py_getset_descr),
    .dealloc = getset_dealloc,
    .repr = getset_repr,
    .descr_get = getset_get,
    .descr_set = getset_set,
};

static py_obj *getset_new(py_type *owner, const py_getset_def *def) {
  py_getset_descr *d = (py_getset_descr *)py_obj_alloc(&py_getset_descr_type,
                                                       sizeof(py_getset_descr));
  if (!d) return NULL;
  d->def = def;
  d->owner = owner;
  return &d->ob;
}

/* ------------------------------------------------------- bound methods */

typedef struct py_method {
  py_obj ob;
  py_obj *func;
  py_obj *self;
} py_method;

py_obj *py_method_new(py_obj *func, py_obj *self) {
  py_method *m = (py_method *)py_obj_alloc(&py_method_type, sizeof(py_method));
  if (!m) return NULL;
  m->func = py_newref(func);
  m->self = py_newref(self);
  return &m->ob;
}

static py_obj *method_call(py_obj *callable, py_obj *const *args,
                           py_ssize_t nargs, py_obj *kwnames) {
  py_method *m = (py_method *)callable;
  return py__call_prepend(m->func, m->self, args, nargs, kwnames);
}

static void method_dealloc(py_obj *o) {
  py_method *m = (py_method *)o;
  py_decref(m->func);
  py_decref(m->self);
  py_obj_free(o, sizeof(py_method));
}

static int method_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_method *m = (py_method *)o;
  if (m->func && visit(m->func, arg)) return 1;
  return m->self ? visit(m->self, arg) : 0;
}

static void method_clear(py_obj *o) {
  py_method *m = (py_method *)o;
  PY_SETREF(m->self, py_newref(py_None));
  PY_SETREF(m->func, py_newref(py_None));
}

static py_obj *method_repr(py_obj *o) {
  py_method *m = (py_method *)o;
  py_obj *name = NULL;
  if (py_getattr_opt(m->func, PY_ID(__qualname__), &name) < 0) return NULL;
  if (!name && py_getattr_opt(m->func, PY_ID(__name__), &name) < 0) return NULL;
  py_obj *selfr = py_repr(m->self);
  if (!selfr) {
    py_xdecref(name);
    return NULL;
  }
  py_obj *r = py_str_from_format("<bound method %s of %s>",
                                 name && py_str_check(name) ? py_str_utf8(name) : "?",
                                 py_str_utf8(selfr));
  py_xdecref(name);
  py_decref(selfr);
  return r;
}

static py_obj *method_getattr(py_obj *o, py_obj *name) {
  py_obj *descr = py_type_lookup(o->type, name);
  if (descr) return py_generic_getattr(o, name);
  return py_getattr(((py_method *)o)->func, name);
}

static py_obj *method_richcompare(py_obj *a, py_obj *b, int op) {
  if ((op != PY_EQ && op != PY_NE) || b->type != &py_method_type)
    return py_newref(py_NotImplemented);
  py_method *x = (py_method *)a, *y = (py_method *)b;
  int eq = py__eq(x->func, y->func);
  if (eq < 0) return NULL;
  eq = eq && x->self == y->self;
  return py_bool_from(op == PY_EQ ? eq : !eq);
}

static py_hash_t method_hash(py_obj *o) {
  py_method *m = (py_method *)o;
  py_hash_t a = py__object_hash(m->self);
  py_hash_t b = py_hash(m->func);
  if (b == -1) return -1;
  py_hash_t h = a ^ b;
  return h == -1 ? -2 : h;
}

static py_obj *method_get_func(py_obj *o) { return py_newref(((py_method *)o)->func); }
static py_obj *method_get_self(py_obj *o) { return py_newref(((py_method *)o)->self); }

static const py_getset_def method_getsets[] = {
    {"__func__", method_get_func, NULL},
    {"__self__", method_get_self, NULL},
    {NULL, NULL, NULL}};

py_type py_method_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "method",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_method),
    .dealloc = method_dealloc,
    .traverse = method_traverse,
    .clear = method_clear,
    .repr = method_repr,
    .hash = method_hash,
    .richcompare = method_richcompare,
    .getattr = method_getattr,
    .call = method_call,
    .getsets = method_getsets,
};

/* ------------------------------------- property, staticmethod, classmethod */

typedef struct py_property {
  py_obj ob;
  py_obj *fget, *fset, *fdel, *doc;   /* NULL when absent */
  py_obj *name;                       /* set by __set_name__, or NULL */
} py_property;

/* "property 'x' of 'C' object has no setter" (3.11's wording; the name is
 * known once the class statement called __set_name__). */
static void property_error(py_property *p, py_obj *obj, const char *what) {
  const char *qn = py__type_qualname(obj->type);
  if (p->name && py_str_check(p->name))
    py_err_format(&py_exc_AttributeError, "property '%s' of '%s' object has no %s",
                  py_str_utf8(p->name), qn, what);
  else
    py_err_format(&py_exc_AttributeError, "property of '%s' object has no %s", qn, what);
}

static py_obj *property_get(py_obj *descr, py_obj *obj, py_type *type) {
  py_property *p = (py_property *)descr;
  if (!obj) return py_newref(descr);
  if (!p->fget) {
    property_error(p, obj, "getter");
    return NULL;
  }
  return py_call1(p->fget, obj);
}

static int property_set(py_obj *descr, py_obj *obj, py_obj *value) {
  py_property *p = (py_property *)descr;
  py_obj *f = value ? p->fset : p->fdel;
  if (!f) {
    property_error(p, obj, value ? "setter" : "deleter");
    return -1;
  }
  py_obj *r = value ? py_call2(f, obj, value) : py_call1(f, obj);
  if (!r) return -1;
  py_decref(r);
  return 0;
}

static py_obj *property_make(py_obj *fget, py_obj *fset, py_obj *fdel,
                             py_obj *doc) {
  py_property *p = (py_property *)py_obj_alloc(&py_property_type,
                                               sizeof(py_property));
  if (!p) return NULL;
  p->fget = fget && fget != py_None ? py_newref(fget) : NULL;
  p->fset = fset && fset != py_None ? py_newref(fset) : NULL;
  p->fdel = fdel && fdel != py_None ? py_newref(fdel) : NULL;
  p->doc = doc && doc != py_None ? py_newref(doc) : NULL;
  return &p->ob;
}

static py_obj *property_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                            py_obj *kwnames) {
  static const char *const names[] = {"fget", "fset", "fdel", "doc"};
  py_obj *a[4];
  if (py_parse_args("property", args, nargs, kwnames, names, 4, 0, a) < 0)
    return NULL;
  return property_make(a[0], a[1], a[2], a[3]);
}

static py_obj *property_copy_with(py_obj *self, int which, py_obj *f) {
  py_property *p = (py_property *)self;
  py_obj *n = property_make(which == 0 ? f : p->fget, which == 1 ? f : p->fset,
                            which == 2 ? f : p->fdel, p->doc);
  if (n) ((py_property *)n)->name = py_xnewref(p->name);
  return n;
}

static py_obj *property_set_name(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                                 py_obj *kw) {
  if (py_check_args("__set_name__", nargs, 2, 2) < 0) return NULL;
  PY_SETREF(((py_property *)self)->name, py_newref(args[1]));
  return py_newref(py_None);
}

static py_obj *property_getter(py_obj *self, py_obj *const *args,
                               py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("getter", nargs, 1, 1) < 0) return NULL;
  return property_copy_with(self, 0, args[0]);
}
static py_obj *property_setter(py_obj *self, py_obj *const *args,
                               py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("setter", nargs, 1, 1) < 0) return NULL;
  return property_copy_with(self, 1, args[0]);
}
static py_obj *property_deleter(py_obj *self, py_obj *const *args,
                                py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("deleter", nargs, 1, 1) < 0) return NULL;
  return property_copy_with(self, 2, args[0]);
}

static void property_dealloc(py_obj *o) {
  py_property *p = (py_property *)o;
  py_xdecref(p->fget);
  py_xdecref(p->fset);
  py_xdecref(p->fdel);
  py_xdecref(p->doc);
  py_xdecref(p->name);
  py_obj_free(o, sizeof(py_property));
}

static int property_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_property *p = (py_property *)o;
  py_obj *f[4] = {p->fget, p->fset, p->fdel, p->doc};
  for (int i = 0; i < 4; i++)
    if (f[i] && visit(f[i], arg)) return 1;
  return 0;
}

static void property_clear(py_obj *o) {
  py_property *p = (py_property *)o;
  PY_CLEAR(p->fget);
  PY_CLEAR(p->fset);
  PY_CLEAR(p->fdel);
  PY_CLEAR(p->doc);
}

static py_obj *property_get_fget(py_obj *o) {
  py_obj *f = ((py_property *)o)->fget;
  return py_newref(f ? f : py_None);
}
static py_obj *property_get_fset(py_obj *o) {
  py_obj *f = ((py_property *)o)->fset;
  return py_newref(f ? f : py_None);
}

static const py_method_def property_methods[] = {
    {"getter", property_getter, 0},
    {"setter", property_setter, 0},
    {"deleter", property_deleter, 0},
    {"__set_name__", property_set_name, 0},
    {NULL, NULL, 0}};
static const py_getset_def property_getsets[] = {
    {"fget", property_get_fget, NULL},
    {"fset", property_get_fset, NULL},
    {NULL, NULL, NULL}};

py_type py_property_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "property",
    .flags = PY_TF_GC | PY_TF_BASETYPE,
    .basicsize = sizeof(py_property),
    .new_ = property_new,
    .dealloc = property_dealloc,
    .traverse = property_traverse,
    .clear = property_clear,
    .descr_get = property_get,
    .descr_set = property_set,
    .methods = property_methods,
    .getsets = property_getsets,
};

typedef struct py_funcwrap {
  py_obj ob;
  py_obj *func;
} py_funcwrap;

static py_obj *funcwrap_make(py_type *t, py_obj *const *args, py_ssize_t nargs,
                             py_obj *kwnames) {
  if (py_check_nokw(t->name, kwnames) < 0) return NULL;
  if (nargs != 1)
    return py_err_format(&py_exc_TypeError,
                         "%s expected 1 argument, got %zd", t->name, nargs);
  py_funcwrap *w = (py_funcwrap *)py_obj_alloc(t, (size_t)t->basicsize);
  if (!w) return NULL;
  w->func = py_newref(args[0]);
  return &w->ob;
}

static void funcwrap_dealloc(py_obj *o) {
  py_xdecref(((py_funcwrap *)o)->func);
  py_obj_free(o, (size_t)o->type->basicsize);
}

static int funcwrap_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_obj *f = ((py_funcwrap *)o)->func;
  return f ? visit(f, arg) : 0;
}

static void funcwrap_clear(py_obj *o) { PY_CLEAR(((py_funcwrap *)o)->func); }

static py_obj *staticmethod_get(py_obj *descr, py_obj *obj, py_type *type) {
  return py_newref(((py_funcwrap *)descr)->func);
}

static py_obj *staticmethod_call(py_obj *callable, py_obj *const *args,
                                 py_ssize_t nargs, py_obj *kwnames) {
  return py_call(((py_funcwrap *)callable)->func, args, nargs, kwnames);
}

static py_obj *classmethod_get(py_obj *descr, py_obj *obj, py_type *type) {
  if (!type) type = obj->type;
  return py_method_new(((py_funcwrap *)descr)->func, &type->ob);
}

static py_obj *funcwrap_get_func(py_obj *o) {
  return py_newref(((py_funcwrap *)o)->func);
}

static const py_getset_def funcwrap_getsets[] = {
    {"__func__", funcwrap_get_func, NULL}, {NULL, NULL, NULL}};

/* staticmethod and classmethod share the layout and the life cycle; they
 * differ in how they bind (the slots given). */
#define FUNCWRAP_TYPE(var, tname, ...)          \
  py_type var = {                               \
      .ob = {PY_IMMORTAL, &py_type_type},       \
      .name = tname,                            \
      .flags = PY_TF_GC | PY_TF_BASETYPE,       \
      .basicsize = sizeof(py_funcwrap),         \
      .new_ = funcwrap_make,                    \
      .dealloc = funcwrap_dealloc,              \
      .traverse = funcwrap_traverse,            \
      .clear = funcwrap_clear,                  \
      .getsets = funcwrap_getsets,              \
      __VA_ARGS__}

FUNCWRAP_TYPE(py_staticmethod_type, "staticmethod", .descr_get = staticmethod_get,
              .call = staticmethod_call);
FUNCWRAP_TYPE(py_classmethod_type, "classmethod", .descr_get = classmethod_get);
#undef FUNCWRAP_TYPE

/* --------------------------------------------------------------- super */

typedef struct py_super {
  py_obj ob;
  py_type *type;        /* the class the method was defined in */
  py_obj *obj;          /* self (or the class for classmethods) */
  py_type *obj_type;
} py_super;

py_obj *py_super_new(py_type *type, py_obj *obj) {
  py_type *ot;
  if (PY_TYPE_CHECK(obj) && py_type_is_subtype((py_type *)obj, type))
    ot = (py_type *)obj;
  else if (py_isinstance(obj, type))
    ot = obj->type;
  else
    return py_err_set_str(&py_exc_TypeError,
                          "super(type, obj): obj must be an instance or subtype of type");
  py_super *s = (py_super *)py_obj_alloc(&py_super_type, sizeof(py_super));
  if (!s) return NULL;
  s->type = type;
  s->obj = py_newref(obj);
  s->obj_type = ot;
  py_incref(&type->ob);
  py_incref(&ot->ob);
  return &s->ob;
}

static py_obj *super_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames) {
  if (py_check_nokw("super", kwnames) < 0) return NULL;
  if (nargs != 2)
    return py_err_set_str(&py_exc_RuntimeError, "super(): no arguments");
  if (!PY_TYPE_CHECK(args[0]))
    return py_err_format(&py_exc_TypeError,
                         "super() argument 1 must be a type, not %s",
                         py_type_name(args[0]));
  return py_super_new((py_type *)args[0], args[1]);
}

static py_obj *super_getattr(py_obj *o, py_obj *name) {
  py_super *s = (py_super *)o;
  if (!py_str_eq(name, PY_ID(__class__))) {
    py_tuple *mro = (py_tuple *)s->obj_type->mro;
    py_ssize_t i = 0;
    while (i < mro->size && mro->items[i] != &s->type->ob) i++;
    for (i++; i < mro->size; i++) {
      py_type *b = (py_type *)mro->items[i];
      py_obj *v = b->dict ? py_dict_get(b->dict, name) : NULL;
      if (!v) continue;
      py_descrgetfn f = v->type->descr_get;
      if (!f) return py_newref(v);
      py_incref(v);
      py_obj *r = f(v, s->obj == &s->obj_type->ob ? NULL : s->obj, s->obj_type);
      py_decref(v);
      return r;
    }
  }
  return py_generic_getattr(o, name);
}

static py_obj *super_repr(py_obj *o) {
  py_super *s = (py_super *)o;
  return py_str_from_format("<super: <class '%s'>, <%s object>>", s->type->name,
                            s->obj_type->name);
}

static void super_dealloc(py_obj *o) {
  py_super *s = (py_super *)o;
  py_xdecref(s->obj);
  py_decref(&s->type->ob);
  py_decref(&s->obj_type->ob);
  py_obj_free(o, sizeof(py_super));
}

static int super_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_super *s = (py_super *)o;
  return s->obj ? visit(s->obj, arg) : 0;
}

static void super_clear(py_obj *o) { PY_CLEAR(((py_super *)o)->obj); }

py_type py_super_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "super",
    .flags = PY_TF_GC | PY_TF_BASETYPE,
    .basicsize = sizeof(py_super),
    .new_ = super_new,
    .dealloc = super_dealloc,
    .traverse = super_traverse,
    .clear = super_clear,
    .repr = super_repr,
    .getattr = super_getattr,
};

/* -------------------------------------------------------------- modules */

typedef struct py_module {
  py_obj ob;
  py_obj *dict;
} py_module;

py_obj *py_module_new(const char *name) {
  py_module *m = (py_module *)py_obj_alloc(&py_module_type, sizeof(py_module));
  if (!m) return NULL;
  py_obj *n = NULL;
  if (!(m->dict = py_dict_new()) || !(n = py_str_from_cstr(name)) ||
      py_dict_set(m->dict, PY_ID(__name__), n) < 0 ||
      py_dict_set(m->dict, PY_ID(__doc__), py_None) < 0) {
    py_xdecref(n);
    py_decref(&m->ob);
    return NULL;
  }
  py_decref(n);
  return &m->ob;
}

py_obj *py_module_dict(py_obj *m) { return ((py_module *)m)->dict; }

static py_obj *module_tp_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                             py_obj *kwnames) {
  if (nargs < 1 || !py_str_check(args[0]))
    return py_err_set_str(&py_exc_TypeError, "module() argument 'name' must be str");
  return py_module_new(py_str_utf8(args[0]));
}

static py_obj *module_repr(py_obj *o) {
  py_obj *n = py_dict_get(((py_module *)o)->dict, PY_ID(__name__));
  return py_str_from_format("<module '%s'>", n && py_str_check(n) ? py_str_utf8(n) : "?");
}

static void module_dealloc(py_obj *o) {
  py_xdecref(((py_module *)o)->dict);
  py_obj_free(o, sizeof(py_module));
}

static int module_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_obj *d = ((py_module *)o)->dict;
  return d ? visit(d, arg) : 0;
}

static void module_clear(py_obj *o) {
  py_obj *d = ((py_module *)o)->dict;
  if (d) py_dict_clear(d);
}

static const py_getset_def module_getsets[] = {
    {"__dict__", object_get_dict, NULL}, {NULL, NULL, NULL}};

py_type py_module_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "module",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_module),
    .dictoffset = offsetof(py_module, dict),
    .new_ = module_tp_new,
    .dealloc = module_dealloc,
    .traverse = module_traverse,
    .clear = module_clear,
    .repr = module_repr,
    .getsets = module_getsets,
};

/* ----------------------------------------------------------------- type */

static py_obj *type_repr(py_obj *o) {
  py_type *t = (py_type *)o;
  const char *mod = t->module_obj ? py_str_utf8(t->module_obj) : t->module;
  if (mod && strcmp(mod, "builtins") != 0)
    return py_str_from_format("<class '%s.%s'>", mod, py__type_qualname(t));
  return py_str_from_format("<class '%s'>", py__type_qualname(t));
}

static py_obj *type_call(py_obj *callable, py_obj *const *args,
                         py_ssize_t nargs, py_obj *kwnames) {
  py_type *t = (py_type *)callable;
  if (t == &py_type_type) {
    bool kw = kwnames && py_tuple_len(kwnames) > 0;
    if (nargs == 1 && !kw) return py_newref(&args[0]->type->ob);
    if (nargs != 3 || kw)
      return py_err_set_str(&py_exc_TypeError, "type() takes 1 or 3 arguments");
    if (!py_str_check(args[0]) || !py_tuple_check(args[1]) ||
        !py_dict_check(args[2]))
      return py_err_set_str(&py_exc_TypeError,
                            "type.__new__() argument types must be str, tuple, dict");
    return py_type_new(args[0], args[1], args[2]);
  }
  if (!t->new_)
    return py_err_format(&py_exc_TypeError, "cannot create '%s' instances",
                         py__type_qualname(t));
  py_obj *o = t->new_(t, args, nargs, kwnames);
  if (!o || !py_isinstance(o, t) || !o->type->init) return o;
  if (o->type->init(o, args, nargs, kwnames) < 0) {
    py_decref(o);
    return NULL;
  }
  return o;
}

static py_obj *type_getattr(py_obj *o, py_obj *name) {
  py_type *t = (py_type *)o;
  py_type *meta = o->type;
  py_obj *meta_attr = py_type_lookup(meta, name);
  py_descrgetfn meta_get = NULL;
  if (meta_attr) {
    meta_get = meta_attr->type->descr_get;
    if (meta_get && meta_attr->type->descr_set) {
      py_incref(meta_attr);
      py_obj *r = meta_get(meta_attr, o, meta);
      py_decref(meta_attr);
      return r;
    }
  }
  py_obj *attr = py_type_lookup(t, name);
  if (attr) {
    py_descrgetfn f = attr->type->descr_get;
    if (f) {
      py_incref(attr);
      py_obj *r = f(attr, NULL, t);
      py_decref(attr);
      return r;
    }
    return py_newref(attr);
  }
  if (meta_get) {
    py_incref(meta_attr);
    py_obj *r = meta_get(meta_attr, o, meta);
    py_decref(meta_attr);
    return r;
  }
  if (meta_attr) return py_newref(meta_attr);
  return py_err_no_attribute(o, name);
}

static void fixup_slots(py_type *t);

static int type_setattr(py_obj *o, py_obj *name, py_obj *value) {
  py_type *t = (py_type *)o;
  if (!(t->flags & PY_TF_HEAPTYPE)) {
    py_err_format(&py_exc_TypeError,
                  "cannot set '%s' attribute of immutable type '%s'",
                  py_str_utf8(name), t->name);
    return -1;
  }
  py_obj *meta_attr = py_type_lookup(o->type, name);
  if (meta_attr && meta_attr->type->descr_set)
    return meta_attr->type->descr_set(meta_attr, o, value);
  int r;
  if (value) {
    r = py_dict_set(t->dict, name, value);
  } else {
    r = py_dict_contains(t->dict, name);
    if (r == 0) {
      py_err_no_attribute(o, name);
      return -1;
    }
    if (r > 0) r = py_dict_del(t->dict, name);
  }
  py_type_modified(t);
  return r < 0 ? -1 : 0;
}

static py_obj *type_get_name(py_obj *o) { return py_newref(((py_type *)o)->name_obj); }
static py_obj *type_get_qualname(py_obj *o) {
  py_type *t = (py_type *)o;
  return py_newref(t->qualname_obj ? t->qualname_obj : t->name_obj);
}
static py_obj *type_get_module(py_obj *o) {
  py_type *t = (py_type *)o;
  if (t->module_obj) return py_newref(t->module_obj);
  return py_str_from_cstr(t->module ? t->module : "builtins");
}
/* __name__, __qualname__, __module__ = v: a str, on a class (not a
 * built-in type); *slot takes a new reference. 0, or -1 with msg. */
static int type_set_str(py_obj *o, py_obj *v, py_obj **slot, const char *msg) {
  if (!(((py_type *)o)->flags & PY_TF_HEAPTYPE) || !v || !py_str_check(v)) {
    py_err_set_str(&py_exc_TypeError, msg);
    return -1;
  }
  PY_SETREF(*slot, py_newref(v));
  return 0;
}
static int type_set_name(py_obj *o, py_obj *v) {
  py_type *t = (py_type *)o;
  if (type_set_str(o, v, &t->name_obj, "can only assign string to __name__") < 0) return -1;
  t->name = py_str_utf8(v);
  return 0;
}
static int type_set_qualname(py_obj *o, py_obj *v) {
  return type_set_str(o, v, &((py_type *)o)->qualname_obj,
                      "can only assign string to __qualname__");
}
static int type_set_module(py_obj *o, py_obj *v) {
  py_type *t = (py_type *)o;
  if (type_set_str(o, v, &t->module_obj, "cannot set '__module__' attribute") < 0) return -1;
  t->module = py_str_utf8(v);
  return 0;
}
static py_obj *type_get_mro(py_obj *o) {
  py_obj *m = ((py_type *)o)->mro;
  return py_newref(m ? m : &py__empty_tuple.ob);
}
static py_obj *type_get_bases(py_obj *o) {
  py_obj *b = ((py_type *)o)->bases;
  return py_newref(b ? b : &py__empty_tuple.ob);
}
static py_obj *type_get_base(py_obj *o) {
  py_type *b = ((py_type *)o)->base;
  return py_newref(b ? &b->ob : py_None);
}
static py_obj *type_get_dict(py_obj *o) { return py_dict_copy(((py_type *)o)->dict); }
static py_obj *type_get_doc(py_obj *o) {
  py_obj *d = py_dict_get(((py_type *)o)->dict, PY_ID(__doc__));
  return py_newref(d ? d : py_None);
}

static const py_getset_def type_getsets[] = {
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, type_set_qualname},
    {"__module__", type_get_module, type_set_module},
    {"__mro__", type_get_mro, NULL},
    {"__bases__", type_get_bases, NULL},
    {"__base__", type_get_base, NULL},
    {"__dict__", type_get_dict, NULL},
    {"__doc__", type_get_doc, NULL},
    {NULL, NULL, NULL}};

static py_obj *type_mro_method(py_obj *self, py_obj *const *args,
                               py_ssize_t nargs, py_obj *kw) {
  return py_sequence_list(((py_type *)self)->mro);
}

static py_obj *type_subclasscheck(py_obj *self, py_obj *const *args,
                                  py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("__subclasscheck__", nargs, 1, 1) < 0) return NULL;
  int r = py_issubclass_obj(args[0], self);
  return r < 0 ? NULL : py_bool_from(r);
}

static py_obj *type_instancecheck(py_obj *self, py_obj *const *args,
                                  py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("__instancecheck__", nargs, 1, 1) < 0) return NULL;
  int r = py_isinstance_obj(args[0], self);
  return r < 0 ? NULL : py_bool_from(r);
}

static const py_method_def type_methods[] = {
    {"mro", type_mro_method, 0},
    {"__subclasscheck__", type_subclasscheck, 0},
    {"__instancecheck__", type_instancecheck, 0},
    {NULL, NULL, 0}};

static int type_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_type *t = (py_type *)o;
  py_obj *refs[] = {t->dict, t->mro, t->bases, t->name_obj, t->qualname_obj,
                    t->module_obj};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
    if (refs[i] && visit(refs[i], arg)) return 1;
  if (t->base && visit(&t->base->ob, arg)) return 1;
  return 0;
}

static void type_clear(py_obj *o) {
  py_type *t = (py_type *)o;
  if (t->dict) py_dict_clear(t->dict);
  PY_CLEAR(t->mro);
  py__type_epoch++;
}

static void type_dealloc(py_obj *o) {
  py_type *t = (py_type *)o;
  py__type_epoch++;
  py_xdecref(t->dict);
  py_xdecref(t->mro);
  py_xdecref(t->bases);
  py_xdecref(t->name_obj);
  py_xdecref(t->qualname_obj);
  py_xdecref(t->module_obj);
  if (t->base) py_decref(&t->base->ob);
  py_obj_free(o, sizeof(py_type));
}

py_type py_type_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "type",
    .flags = PY_TF_GC | PY_TF_BASETYPE | PY_TF_TYPE_SUB,
    .basicsize = sizeof(py_type),
    .dealloc = type_dealloc,
    .traverse = type_traverse,
    .clear = type_clear,
    .repr = type_repr,
    .getattr = type_getattr,
    .setattr = type_setattr,
    .call = type_call,
    .methods = type_methods,
    .getsets = type_getsets,
};

/* ----------------------------------------------------------- type ready */

#define INHERIT_FLAGS (PY_TF_INT_SUB | PY_TF_STR_SUB | PY_TF_LIST_SUB | \
                       PY_TF_TUPLE_SUB | PY_TF_DICT_SUB | PY_TF_EXC_SUB |   \
                       PY_TF_TYPE_SUB)

static void inherit_slots(py_type *t, py_type *b) {
#define INH(f) if (!t->f) t->f = b->f
  INH(init); INH(dealloc); INH(traverse); INH(clear); INH(repr); INH(str);
  INH(getattr); INH(setattr);
  INH(descr_get); INH(descr_set); INH(call); INH(iter); INH(iternext);
  INH(format); INH(nb_neg); INH(nb_pos); INH(nb_abs); INH(nb_invert);
  INH(nb_int); INH(nb_float); INH(nb_index); INH(nb_bool); INH(len);
  INH(getitem); INH(setitem); INH(sq_item); INH(contains); INH(sq_concat);
  INH(sq_repeat); INH(sq_inplace_concat); INH(sq_inplace_repeat);
  for (int i = 0; i < PY_OP__COUNT; i++) {
    INH(nb[i]);
    INH(nb_inplace[i]);
  }
#undef INH
  if (!t->richcompare && !t->hash) {
    t->richcompare = b->richcompare;
    t->hash = b->hash;
  }
  if (!t->new_ && (b != &py_object_type || (t->flags & PY_TF_HEAPTYPE)))
    t->new_ = b->new_;
  if (!t->dictoffset) t->dictoffset = b->dictoffset;
  t->flags |= b->flags & INHERIT_FLAGS;
}

static int add_methods(py_type *t) {
  for (const py_method_def *m = t->methods; m && m->name; m++) {
    py_obj *v;
    if (m->flags & PY_METH_STATIC) {
      py_obj *f = py_cfunction_new(m, NULL, NULL);
      if (!f) return -1;
      py_obj *a[1] = {f};
      v = funcwrap_make(&py_staticmethod_type, a, 1, NULL);
      py_decref(f);
    } else {
      py_method_descr *d = (py_method_descr *)py_obj_alloc(
          m->flags & PY_METH_CLASS ? &py_classmethod_descr_type
                                   : &py_method_descr_type,
          sizeof(py_method_descr));
      if (d) {
        d->def = m;
        d->owner = t;
      }
      v = &d->ob;
      if (!d) v = NULL;
    }
    if (!v || py_dict_set_str(t->dict, m->name, v) < 0) {
      py_xdecref(v);
      return -1;
    }
    py_decref(v);
  }
  for (const py_getset_def *g = t->getsets; g && g->name; g++) {
    py_obj *v = getset_new(t, g);
    if (!v || py_dict_set_str(t->dict, g->name, v) < 0) {
      py_xdecref(v);
      return -1;
    }
    py_decref(v);
  }
  return 0;
}

static int add_slot_wrappers(py_type *t) {
  for (const slotdef *s = slotdefs; s->name; s++)
    if (type_defines(t, s->kind, s->op) && add_wrapper(t, s->name, s->kind, s->op) < 0)
      return -1;
  for (int op = 0; op < PY_OP__COUNT; op++) {
    if (type_defines(t, WK_BINOP, op)) {
      if (add_wrapper(t, py_str_utf8(py__binop_names[op][0]), WK_BINOP, op) < 0 ||
          add_wrapper(t, py_str_utf8(py__binop_names[op][1]), WK_RBINOP, op) < 0)
        return -1;
    }
    if (type_defines(t, WK_IBINOP, op) &&
        add_wrapper(t, py_str_utf8(py__binop_names[op][2]), WK_IBINOP, op) < 0)
      return -1;
  }
  if (type_defines(t, WK_CONCAT, 0) && add_wrapper(t, "__add__", WK_CONCAT, 0) < 0)
    return -1;
  if (type_defines(t, WK_REPEAT, 0) &&
      (add_wrapper(t, "__mul__", WK_REPEAT, 0) < 0 ||
       add_wrapper(t, "__rmul__", WK_RREPEAT, 0) < 0))
    return -1;
  if (type_defines(t, WK_ICONCAT, 0) && add_wrapper(t, "__iadd__", WK_ICONCAT, 0) < 0)
    return -1;
  if (type_defines(t, WK_IREPEAT, 0) && add_wrapper(t, "__imul__", WK_IREPEAT, 0) < 0)
    return -1;
  return 0;
}

int py__type_ready(py_type *t) {
  if (t->flags & PY_TF_READY) return 0;
  if (t != &py_object_type && !t->base) t->base = &py_object_type;
  py_type *b = t->base;
  if (b && !(b->flags & PY_TF_READY) && py__type_ready(b) < 0) return -1;
  if (b) inherit_slots(t, b);
  if (!t->name_obj && !(t->name_obj = py_intern_cstr(t->name))) return -1;
  if (b) {
    if (!(t->bases = py_tuple_pack(1, &b->ob))) return -1;
    py_ssize_t n = py_tuple_len(b->mro);
    if (!(t->mro = py_tuple_new(n + 1))) return -1;
    py_tuple_set_steal(t->mro, 0, py_newref(&t->ob));
    for (py_ssize_t i = 0; i < n; i++)
      py_tuple_set_steal(t->mro, i + 1, py_newref(py_tuple_get(b->mro, i)));
  } else {
    if (!(t->bases = py_tuple_new(0))) return -1;
    if (!(t->mro = py_tuple_pack(1, &t->ob))) return -1;
  }
  if (!(t->dict = py_dict_new())) return -1;
  if (add_methods(t) < 0 || add_slot_wrappers(t) < 0) return -1;
  if (!t->hash && t->richcompare &&
      py_dict_set(t->dict, PY_ID(__hash__), py_None) < 0)
    return -1;
  t->flags |= PY_TF_READY;
  return 0;
}

void py__type_fini(py_type *t) {
  PY_CLEAR(t->dict);
  PY_CLEAR(t->mro);
  PY_CLEAR(t->bases);
  PY_CLEAR(t->name_obj);
  t->flags &= ~(uint32_t)PY_TF_READY;
}

/* --------------------------------------------------- classes (heap types) */

/* The slots of a class whose MRO defines the dunder in a class body call
 * it (CPython's slot_tp_*). */

static py_obj *slot_repr(py_obj *o) {
  return py__check_result(call_special(o, PY_ID(__repr__), NULL, 0), py_str_check,
                          "__repr__ returned non-string (type %s)");
}

static py_obj *slot_str(py_obj *o) {
  return py__check_result(call_special(o, PY_ID(__str__), NULL, 0), py_str_check,
                          "__str__ returned non-string (type %s)");
}

static py_hash_t slot_hash(py_obj *o) {
  py_obj *r = call_special(o, PY_ID(__hash__), NULL, 0);
  if (!r) return -1;
  if (!py_int_check(r)) {
    py_decref(r);
    py_err_set_str(&py_exc_TypeError, "__hash__ method should return an integer");
    return -1;
  }
  py_hash_t h = py_hash_int(py_int_value(r));
  py_decref(r);
  return h;
}

static py_obj *const *cmp_names(void) {
  static py_obj *names[6];
  names[PY_LT] = PY_ID(__lt__);
  names[PY_LE] = PY_ID(__le__);
  names[PY_EQ] = PY_ID(__eq__);
  names[PY_NE] = PY_ID(__ne__);
  names[PY_GT] = PY_ID(__gt__);
  names[PY_GE] = PY_ID(__ge__);
  return names;
}

static py_obj *slot_richcompare(py_obj *a, py_obj *b, int op) {
  return maybe_call_special(a, cmp_names()[op], &b, 1);
}

static py_obj *slot_getattr_hook(py_obj *o, py_obj *name) {
  py_obj *ga = py_type_lookup(o->type, PY_ID(__getattribute__));
  py_obj *r;
  if (!ga || (ga->type == &py_wrapper_descr_type &&
              ((py_wrapper_descr *)ga)->owner->getattr == py_generic_getattr))
    r = py_generic_getattr(o, name);
  else
    r = call_found(ga, o, &name, 1, NULL);
  if (r || !py_err_matches(&py_exc_AttributeError)) return r;
  py_obj *hook = py_type_lookup(o->type, PY_ID(__getattr__));
  if (!hook) return NULL;
  py_err_clear();
  return call_found(hook, o, &name, 1, NULL);
}

/* o.setter(key, value), or o.deleter(key) when value is NULL: the
 * setattr, setitem and descriptor-set slots. 0, or -1 with an error. */
static int set_or_delete(py_obj *o, py_obj *setter, py_obj *deleter, py_obj *key,
                         py_obj *value) {
  py_obj *args[2] = {key, value};
  py_obj *r = value ? call_special(o, setter, args, 2) : call_special(o, deleter, args, 1);
  if (!r) return -1;
  py_decref(r);
  return 0;
}

static int slot_setattr(py_obj *o, py_obj *name, py_obj *value) {
  return set_or_delete(o, PY_ID(__setattr__), PY_ID(__delattr__), name, value);
}

static py_obj *slot_call(py_obj *o, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames) {
  py_obj *f = py_type_lookup(o->type, PY_ID(__call__));
  if (!f)
    return py_err_format(&py_exc_TypeError, "'%s' object is not callable",
                         py_type_name(o));
  return call_found(f, o, args, nargs, kwnames);
}

static py_obj *slot_iter(py_obj *o) {
  py_obj *f = py_type_lookup(o->type, PY_ID(__iter__));
  if (!f || f == py_None)
    return py_err_format(&py_exc_TypeError, "'%s' object is not iterable",
                         py_type_name(o));
  py_obj *r = call_found(f, o, NULL, 0, NULL);
  if (r && !r->type->iternext) {
    py_err_format(&py_exc_TypeError, "iter() returned non-iterator of type '%s'",
                  py_type_name(r));
    PY_CLEAR(r);
  }
  return r;
}

static py_obj *slot_iternext(py_obj *o) {
  return call_special(o, PY_ID(__next__), NULL, 0);
}

static py_ssize_t slot_len(py_obj *o) {
  py_obj *r = call_special(o, PY_ID(__len__), NULL, 0);
  if (!r) return -1;
  if (!py_int_check(r)) {
    py_err_format(&py_exc_TypeError,
                  "'%s' object cannot be interpreted as an integer",
                  py_type_name(r));
    py_decref(r);
    return -1;
  }
  int64_t n = py_int_value(r);
  py_decref(r);
  if (n < 0) {
    py_err_set_str(&py_exc_ValueError, "__len__() should return >= 0");
    return -1;
  }
  return (py_ssize_t)n;
}

static py_obj *slot_getitem(py_obj *o, py_obj *key) {
  return call_special(o, PY_ID(__getitem__), &key, 1);
}

static int slot_setitem(py_obj *o, py_obj *key, py_obj *value) {
  return set_or_delete(o, PY_ID(__setitem__), PY_ID(__delitem__), key, value);
}

static int slot_contains(py_obj *o, py_obj *item) {
  py_obj *r = call_special(o, PY_ID(__contains__), &item, 1);
  if (!r) return -1;
  int t = py_is_true(r);
  py_decref(r);
  return t;
}

static int slot_bool(py_obj *o) {
  py_obj *r = call_special(o, PY_ID(__bool__), NULL, 0);
  if (!r) return -1;
  if (r->type != &py_bool_type) {
    py_err_format(&py_exc_TypeError, "__bool__ should return bool, returned %s",
                  py_type_name(r));
    py_decref(r);
    return -1;
  }
  int t = r == py_True;
  py_decref(r);
  return t;
}

static py_obj *slot_neg(py_obj *o) { return call_special(o, PY_ID(__neg__), NULL, 0); }
static py_obj *slot_pos(py_obj *o) { return call_special(o, PY_ID(__pos__), NULL, 0); }
static py_obj *slot_abs(py_obj *o) { return call_special(o, PY_ID(__abs__), NULL, 0); }
static py_obj *slot_invert(py_obj *o) {
  return call_special(o, PY_ID(__invert__), NULL, 0);
}
static py_obj *slot_int(py_obj *o) {
  return py__check_result(call_special(o, PY_ID(__int__), NULL, 0), py_int_check,
                          "__int__ returned non-int (type %s)");
}
static py_obj *slot_float(py_obj *o) {
  py_obj *r = call_special(o, PY_ID(__float__), NULL, 0);
  if (r && !py_float_check(r)) {
    py_err_format(&py_exc_TypeError, "%s.__float__ returned non-float (type %s)",
                  py_type_name(o), py_type_name(r));
    PY_CLEAR(r);
  }
  return r;
}
static py_obj *slot_index(py_obj *o) {
  return py__check_result(call_special(o, PY_ID(__index__), NULL, 0), py_int_check,
                          "__index__ returned non-int (type %s)");
}

static py_obj *slot_format(py_obj *o, py_obj *spec) {
  return py__check_result(call_special(o, PY_ID(__format__), &spec, 1), py_str_check,
                          "__format__ must return a str, not %s");
}

static py_obj *slot_descr_get(py_obj *descr, py_obj *obj, py_type *type) {
  py_obj *f = py_type_lookup(descr->type, PY_ID(__get__));
  if (!f) return py_newref(descr);
  py_obj *args[2] = {obj ? obj : py_None, type ? &type->ob : py_None};
  return call_found(f, descr, args, 2, NULL);
}

static int slot_descr_set(py_obj *descr, py_obj *obj, py_obj *value) {
  return set_or_delete(descr, PY_ID(__set__), PY_ID(__delete__), obj, value);
}

static int slot_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                     py_obj *kwnames) {
  py_obj *f = py_type_lookup(self->type, PY_ID(__init__));
  if (!f) return 0;
  py_obj *r = call_found(f, self, args, nargs, kwnames);
  if (!r) return -1;
  if (r != py_None) {
    py_err_format(&py_exc_TypeError, "__init__() should return None, not '%s'",
                  py_type_name(r));
    py_decref(r);
    return -1;
  }
  py_decref(r);
  return 0;
}

static py_obj *slot_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames) {
  py_obj *f = py_type_lookup(t, PY_ID(__new__));
  if (!f) return py_err_set_str(&py_exc_TypeError, "no __new__");
  py_obj *fn = f->type->descr_get ? f->type->descr_get(f, NULL, t) : py_newref(f);
  if (!fn) return NULL;
  py_obj *r = py__call_prepend(fn, &t->ob, args, nargs, kwnames);
  py_decref(fn);
  return r;
}

static py_obj *slot_binop(py_obj *a, py_obj *b, int op);
static py_obj *slot_inplace(py_obj *a, py_obj *b, int op);
#define SLOT_BIN(n)                                                            \
  static py_obj *slot_nb_##n(py_obj *a, py_obj *b) { return slot_binop(a, b, n); } \
  static py_obj *slot_nbi_##n(py_obj *a, py_obj *b) { return slot_inplace(a, b, n); }
SLOT_BIN(0) SLOT_BIN(1) SLOT_BIN(2) SLOT_BIN(3) SLOT_BIN(4) SLOT_BIN(5)
SLOT_BIN(6) SLOT_BIN(7) SLOT_BIN(8) SLOT_BIN(9) SLOT_BIN(10) SLOT_BIN(11)
SLOT_BIN(12) SLOT_BIN(13)
#undef SLOT_BIN
static const py_binaryfn slot_nb_fns[PY_OP__COUNT] = {
    slot_nb_0, slot_nb_1, slot_nb_2, slot_nb_3, slot_nb_4, slot_nb_5, slot_nb_6,
    slot_nb_7, slot_nb_8, slot_nb_9, slot_nb_10, slot_nb_11, slot_nb_12, slot_nb_13};
static const py_binaryfn slot_nbi_fns[PY_OP__COUNT] = {
    slot_nbi_0, slot_nbi_1, slot_nbi_2, slot_nbi_3, slot_nbi_4, slot_nbi_5,
    slot_nbi_6, slot_nbi_7, slot_nbi_8, slot_nbi_9, slot_nbi_10, slot_nbi_11,
    slot_nbi_12, slot_nbi_13};

/* CPython's SLOT1BINFULL: a.__op__(b), with b.__rop__(a) first when b's
 * class is a subclass of a's that overrides it. */
static py_obj *slot_binop(py_obj *a, py_obj *b, int op) {
  py_obj *lname = py__binop_names[op][0], *rname = py__binop_names[op][1];
  bool do_other = a->type != b->type && b->type->nb[op] == slot_nb_fns[op];
  if (a->type->nb[op] == slot_nb_fns[op]) {
    if (do_other && py_type_is_subtype(b->type, a->type) &&
        py_type_lookup(b->type, rname) != py_type_lookup(a->type, rname)) {
      py_obj *r = maybe_call_special(b, rname, &a, 1);
      if (r != py_NotImplemented) return r;
      py_decref(r);
      do_other = false;
    }
    py_obj *r = maybe_call_special(a, lname, &b, 1);
    if (r != py_NotImplemented || a->type == b->type) return r;
    py_decref(r);
  }
  if (do_other) return maybe_call_special(b, rname, &a, 1);
  return py_newref(py_NotImplemented);
}

static py_obj *slot_inplace(py_obj *a, py_obj *b, int op) {
  return maybe_call_special(a, py__binop_names[op][2], &b, 1);
}

/* Whether the class (or a class above it, before any static type) defines
 * name in its body. */
static bool heap_defines(py_type *t, py_obj *name) {
  py_tuple *mro = (py_tuple *)t->mro;
  py_hash_t h = py__str_hash(name);
  for (py_ssize_t i = 0; i < mro->size; i++) {
    py_type *b = (py_type *)mro->items[i];
    if (!b->dict) continue;
    if (py__dict_get_hashed(b->dict, name, h))
      return (b->flags & PY_TF_HEAPTYPE) != 0;
  }
  return false;
}

static void fixup_slots(py_type *t) {
  py_type *b = t->base;
#define FIX(id, field, fn) t->field = heap_defines(t, PY_ID(id)) ? fn : b->field
  FIX(__repr__, repr, slot_repr);
  FIX(__str__, str, slot_str);
  FIX(__call__, call, slot_call);
  FIX(__iter__, iter, slot_iter);
  FIX(__next__, iternext, slot_iternext);
  FIX(__len__, len, slot_len);
  FIX(__contains__, contains, slot_contains);
  FIX(__bool__, nb_bool, slot_bool);
  FIX(__neg__, nb_neg, slot_neg);
  FIX(__pos__, nb_pos, slot_pos);
  FIX(__abs__, nb_abs, slot_abs);
  FIX(__invert__, nb_invert, slot_invert);
  FIX(__int__, nb_int, slot_int);
  FIX(__float__, nb_float, slot_float);
  FIX(__index__, nb_index, slot_index);
  FIX(__format__, format, slot_format);
  FIX(__get__, descr_get, slot_descr_get);
  FIX(__init__, init, slot_init);
  FIX(__new__, new_, slot_new);
#undef FIX
  if (heap_defines(t, PY_ID(__getitem__))) {
    t->getitem = slot_getitem;
    t->sq_item = NULL;
  } else {
    t->getitem = b->getitem;
    t->sq_item = b->sq_item;
  }
  t->setitem = heap_defines(t, PY_ID(__setitem__)) ||
                       heap_defines(t, PY_ID(__delitem__))
                   ? slot_setitem
                   : b->setitem;
  t->setattr = heap_defines(t, PY_ID(__setattr__)) ||
                       heap_defines(t, PY_ID(__delattr__))
                   ? slot_setattr
                   : b->setattr;
  t->descr_set = heap_defines(t, PY_ID(__set__)) ||
                         heap_defines(t, PY_ID(__delete__))
                     ? slot_descr_set
                     : b->descr_set;
  t->getattr = heap_defines(t, PY_ID(__getattribute__)) ||
                       heap_defines(t, PY_ID(__getattr__))
                   ? slot_getattr_hook
                   : b->getattr;
  py_obj *const *cn = cmp_names();
  bool cmp = false;
  for (int op = 0; op < 6; op++) cmp = cmp || heap_defines(t, cn[op]);
  t->richcompare = cmp ? slot_richcompare : b->richcompare;
  /* __hash__: None makes instances unhashable. */
  py_obj *hv = py_type_lookup(t, PY_ID(__hash__));
  if (hv == py_None)
    t->hash = NULL;
  else if (heap_defines(t, PY_ID(__hash__)))
    t->hash = slot_hash;
  else
    t->hash = b->hash;
  for (int op = 0; op < PY_OP__COUNT; op++) {
    t->nb[op] = heap_defines(t, py__binop_names[op][0]) ||
                        heap_defines(t, py__binop_names[op][1])
                    ? slot_nb_fns[op]
                    : b->nb[op];
    t->nb_inplace[op] = heap_defines(t, py__binop_names[op][2])
                            ? slot_nbi_fns[op]
                            : b->nb_inplace[op];
  }
  t->version++;
}

void py_type_modified(py_type *t) {
  py__type_epoch++;
  if ((t->flags & PY_TF_HEAPTYPE) && t->mro) fixup_slots(t);
}

/* The static type that fixes an instance's layout. */
static py_type *solid_base(py_type *t) {
  while (t->flags & PY_TF_HEAPTYPE) t = t->base;
  return t;
}

/* C3 linearization: the MRO of a class with these bases. */
static py_obj *compute_mro(py_type *t, py_obj *bases) {
  py_ssize_t nb = py_tuple_len(bases);
  /* seqs: each base's MRO, then the bases themselves; heads[i] is how far
   * sequence i has been consumed. */
  py_ssize_t nseq = nb + 1;
  py_obj **seqs = py_mem_alloc((size_t)nseq * sizeof(py_obj *));
  py_ssize_t *heads = py_mem_alloc((size_t)nseq * sizeof(py_ssize_t));
  py_obj *result = py_list_new(0);
  if (!seqs || !heads || !result) goto fail;
  for (py_ssize_t i = 0; i < nb; i++)
    seqs[i] = ((py_type *)py_tuple_get(bases, i))->mro;
  seqs[nb] = bases;
  memset(heads, 0, (size_t)nseq * sizeof(py_ssize_t));
  if (py_list_append(result, &t->ob) < 0) goto fail;
  for (;;) {
    bool empty = true;
    py_obj *cand = NULL;
    for (py_ssize_t i = 0; i < nseq; i++) {
      if (heads[i] >= py_tuple_len(seqs[i])) continue;
      empty = false;
      cand = py_tuple_get(seqs[i], heads[i]);
      /* cand must not be in the tail of any sequence */
      bool in_tail = false;
      for (py_ssize_t j = 0; j < nseq && !in_tail; j++)
        for (py_ssize_t k = heads[j] + 1; k < py_tuple_len(seqs[j]); k++)
          if (py_tuple_get(seqs[j], k) == cand) {
            in_tail = true;
            break;
          }
      if (!in_tail) break;
      cand = NULL;
    }
    if (empty) break;
    if (!cand) {
      py_buf b;
      py__buf_init(&b);
      py__buf_puts(&b, "Cannot create a consistent method resolution\norder (MRO) for bases ");
      for (py_ssize_t i = 0; i < nb; i++) {
        if (i) py__buf_puts(&b, ", ");
        py__buf_puts(&b, ((py_type *)py_tuple_get(bases, i))->name);
      }
      py_obj *msg = py__buf_finish(&b);
      if (msg) {
        py_err_set_obj(&py_exc_TypeError, msg);
        py_decref(msg);
      }
      goto fail;
    }
    if (py_list_append(result, cand) < 0) goto fail;
    for (py_ssize_t i = 0; i < nseq; i++)
      if (heads[i] < py_tuple_len(seqs[i]) && py_tuple_get(seqs[i], heads[i]) == cand)
        heads[i]++;
  }
  py_mem_free(seqs, (size_t)nseq * sizeof(py_obj *));
  py_mem_free(heads, (size_t)nseq * sizeof(py_ssize_t));
  py_obj *tup = py_list_as_tuple(result);
  py_decref(result);
  return tup;
fail:
  if (seqs) py_mem_free(seqs, (size_t)nseq * sizeof(py_obj *));
  if (heads) py_mem_free(heads, (size_t)nseq * sizeof(py_ssize_t));
  py_xdecref(result);
  return NULL;
}

/* Drops the instance dict a class added to its solid base's layout (if
 * it added one); returns the solid base. */
static py_type *clear_added_dict(py_obj *o) {
  py_type *solid = solid_base(o->type);
  if (o->type->dictoffset && !solid->dictoffset) {
    py_obj **dp = dictptr(o);
    PY_CLEAR(*dp);
  }
  return solid;
}

static void subtype_dealloc(py_obj *o) { clear_added_dict(o)->dealloc(o); }

static int subtype_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_type *t = o->type;
  py_type *solid = solid_base(t);
  if (visit(&t->ob, arg)) return 1;
  if (t->dictoffset && !solid->dictoffset) {
    py_obj **dp = dictptr(o);
    if (*dp && visit(*dp, arg)) return 1;
  }
  return solid->traverse ? solid->traverse(o, visit, arg) : 0;
}

static void subtype_clear(py_obj *o) {
  py_type *solid = clear_added_dict(o);
  if (solid->clear) solid->clear(o);
}

void py_object_dealloc(py_obj *o) { subtype_dealloc(o); }

static const py_getset_def subtype_getsets[] = {
    {"__dict__", object_get_dict, object_set_dict}, {NULL, NULL, NULL}};

/* dict[name] = v for a new reference v, released either way (NULL: making
 * it failed). 0, or -1 with an error. */
static int dict_set_new(py_obj *dict, py_obj *name, py_obj *v) {
  if (!v) return -1;
  int r = py_dict_set(dict, name, v);
  py_decref(v);
  return r;
}

/* The function a class body defines as name, wrapped in a staticmethod or
 * classmethod (wrapper) unless it already is one. 0, or -1 with an error. */
static int wrap_body_function(py_obj *dict, py_obj *name, py_type *wrapper) {
  py_obj *f = py_dict_get(dict, name);
  if (!f || f->type == wrapper) return 0;
  py_obj *a[1] = {f};
  return dict_set_new(dict, name, funcwrap_make(wrapper, a, 1, NULL));
}

py_obj *py_type_new(py_obj *name, py_obj *bases, py_obj *dict) {
  py_type *t = NULL;
  py_obj *own_bases = NULL;
  if (py_tuple_len(bases) == 0) {
    if (!(own_bases = py_tuple_pack(1, &py_object_type.ob))) return NULL;
    bases = own_bases;
  }
  /* The base with the most derived layout wins. */
  py_type *base = NULL, *winner = NULL;
  for (py_ssize_t i = 0; i < py_tuple_len(bases); i++) {
    py_obj *bo = py_tuple_get(bases, i);
    if (!PY_TYPE_CHECK(bo)) {
      py_err_format(&py_exc_TypeError, "bases must be types");
      goto fail;
    }
    py_type *b = (py_type *)bo;
    if (!(b->flags & PY_TF_BASETYPE)) {
      py_err_format(&py_exc_TypeError, "type '%s' is not an acceptable base type",
                    b->name);
      goto fail;
    }
    py_type *s = solid_base(b);
    if (!winner || py_type_is_subtype(s, winner)) {
      winner = s;
      base = b;
    } else if (!py_type_is_subtype(winner, s)) {
      py_err_set_str(&py_exc_TypeError, "multiple bases have instance lay-out conflict");
      goto fail;
    }
  }
  t = (py_type *)py_obj_alloc(&py_type_type, sizeof(py_type));
  if (!t) goto fail;
  t->flags = PY_TF_HEAPTYPE | PY_TF_BASETYPE | PY_TF_GC | (base->flags & INHERIT_FLAGS);
  t->base = base;
  py_incref(&base->ob);
  t->bases = py_newref(bases);
  t->name_obj = py_newref(name);
  t->name = py_str_utf8(name);
  if (!(t->dict = py_dict_copy(dict))) goto fail;
  py_obj *qn = py_dict_get(t->dict, PY_ID(__qualname__));
  if (qn && py_str_check(qn)) {
    t->qualname_obj = py_newref(qn);
    if (py_dict_del(t->dict, PY_ID(__qualname__)) < 0) goto fail;
  }
  py_obj *mod = py_dict_get(t->dict, PY_ID(__module__));
  if (mod && py_str_check(mod)) {
    t->module_obj = py_newref(mod);
    t->module = py_str_utf8(mod);
  }
  /* Layout: the base's, plus an instance dict if it has none. */
  t->basicsize = base->basicsize;
  t->itemsize = base->itemsize;
  t->dictoffset = base->dictoffset;
  if (!t->dictoffset) {
    t->dictoffset = base->basicsize;
    t->basicsize += (py_ssize_t)sizeof(py_obj *);
  }
  if (!(t->mro = compute_mro(t, bases))) goto fail;
  /* Everything the base does, then the dunders of the class bodies. */
  inherit_slots(t, base);
  t->dealloc = subtype_dealloc;
  t->traverse = subtype_traverse;
  t->clear = subtype_clear;
  t->methods = NULL;
  t->getsets = NULL;
  /* __eq__ without __hash__ makes instances unhashable. */
  if (py_dict_get(t->dict, PY_ID(__eq__)) && !py_dict_get(t->dict, PY_ID(__hash__)) &&
      py_dict_set(t->dict, PY_ID(__hash__), py_None) < 0)
    goto fail;
  /* def __new__ in a class body is a static method, and __class_getitem__
   * (like __init_subclass__) a class method */
  if (wrap_body_function(t->dict, PY_ID(__new__), &py_staticmethod_type) < 0 ||
      wrap_body_function(t->dict, PY_ID(__class_getitem__), &py_classmethod_type) < 0)
    goto fail;
  if (!base->dictoffset && !py_dict_get(t->dict, PY_ID(__dict__)) &&
      dict_set_new(t->dict, PY_ID(__dict__), getset_new(t, &subtype_getsets[0])) < 0)
    goto fail;
  if (py_dict_get(t->dict, PY_ID(__doc__)) == NULL &&
      py_dict_set(t->dict, PY_ID(__doc__), py_None) < 0)
    goto fail;
  fixup_slots(t);
  t->flags |= PY_TF_READY;
  py__type_epoch++;
  /* type.__new__ calls __set_name__(owner, name) on the body's values */
  py_obj *items = py_dict_items_list(t->dict);
  if (!items) goto fail;
  for (py_ssize_t i = 0; i < py_list_len(items); i++) {
    py_obj *kv = py_list_get(items, i);
    py_obj *v = py_tuple_get(kv, 1);
    if (!py_type_lookup(v->type, PY_ID(__set_name__))) continue;
    py_obj *args[2] = {&t->ob, py_tuple_get(kv, 0)};
    py_obj *r = py_call_method(v, PY_ID(__set_name__), args, 2, NULL);
    if (!r) {
      py_decref(items);
      goto fail;
    }
    py_decref(r);
  }
  py_decref(items);
  py_xdecref(own_bases);
  return &t->ob;
fail:
  py_xdecref(own_bases);
  if (t) py_decref(&t->ob);
  return NULL;
}

/* ------------------------------------------------------- generic aliases */

/* list[int], dict[str, int]: what annotations evaluate to in 3.11. */
typedef struct py_generic_alias {
  py_obj ob;
  py_obj *origin;   /* the type */
  py_obj *args;     /* a tuple */
} py_generic_alias;

static int alias_put_arg(py_buf *b, py_obj *a) {
  if (a == py_Ellipsis) return py__buf_puts(b, "...");
  if (a->type == &py_generic_alias_type) return py__buf_putrepr(b, a);
  if (PY_TYPE_CHECK(a)) {
    py_type *t = (py_type *)a;
    const char *mod = t->module_obj ? py_str_utf8(t->module_obj) : t->module;
    if (mod && strcmp(mod, "builtins") != 0 && py__buf_printf(b, "%s.", mod) < 0) return -1;
    return py__buf_puts(b, py__type_qualname(t));
  }
  return py__buf_putrepr(b, a);
}

static py_obj *alias_repr(py_obj *o) {
  py_generic_alias *g = (py_generic_alias *)o;
  py_buf b;
  py__buf_init(&b);
  int rc = alias_put_arg(&b, g->origin);
  rc |= py__buf_putc(&b, '[');
  py_ssize_t n = py_tuple_len(g->args);
  if (n == 0) rc |= py__buf_puts(&b, "()");
  for (py_ssize_t i = 0; i < n && !rc; i++) {
    if (i) rc |= py__buf_puts(&b, ", ");
    rc |= alias_put_arg(&b, py_tuple_get(g->args, i));
  }
  rc |= py__buf_putc(&b, ']');
  return py__buf_finish_rc(&b, rc);
}

static py_obj *alias_call(py_obj *o, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kwnames) {
  return py_call(((py_generic_alias *)o)->origin, args, nargs, kwnames);
}

static py_obj *alias_richcompare(py_obj *a, py_obj *b, int op) {
  if (b->type != &py_generic_alias_type || (op != PY_EQ && op != PY_NE))
    return py_newref(py_NotImplemented);
  py_generic_alias *x = (py_generic_alias *)a, *y = (py_generic_alias *)b;
  int eq = x->origin == y->origin;
  if (eq) eq = py_richcompare_bool(x->args, y->args, PY_EQ);
  if (eq < 0) return NULL;
  return py_bool_from(op == PY_EQ ? eq : !eq);
}

static py_hash_t alias_hash(py_obj *o) {
  py_generic_alias *g = (py_generic_alias *)o;
  py_hash_t h = py_hash(g->args);
  if (h == -1) return -1;
  h ^= py__object_hash(g->origin);
  return h == -1 ? -2 : h;
}

static void alias_dealloc(py_obj *o) {
  py_generic_alias *g = (py_generic_alias *)o;
  py_decref(g->origin);
  py_decref(g->args);
  py_obj_free(o, sizeof(py_generic_alias));
}

static int alias_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_generic_alias *g = (py_generic_alias *)o;
  return visit(g->origin, arg) || visit(g->args, arg);
}

static py_obj *alias_get_origin(py_obj *o) { return py_newref(((py_generic_alias *)o)->origin); }
static py_obj *alias_get_args(py_obj *o) { return py_newref(((py_generic_alias *)o)->args); }

static const py_getset_def alias_getsets[] = {
    {"__origin__", alias_get_origin, NULL},
    {"__args__", alias_get_args, NULL},
    {NULL, NULL, NULL}};

py_type py_generic_alias_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "GenericAlias",
    .module = "types",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_generic_alias),
    .dealloc = alias_dealloc,
    .traverse = alias_traverse,
    .repr = alias_repr,
    .hash = alias_hash,
    .richcompare = alias_richcompare,
    .call = alias_call,
    .getsets = alias_getsets,
};

py_obj *py__class_getitem(py_type *t, py_obj *key) {
  py_obj *hook = py_type_lookup(t, PY_ID(__class_getitem__));
  if (hook) {
    py_incref(hook);
    py_obj *f = hook->type->descr_get ? hook->type->descr_get(hook, NULL, t) : py_newref(hook);
    py_decref(hook);
    if (!f) return NULL;
    py_obj *r = hook->type == &py_classmethod_type || hook->type == &py_staticmethod_type
                    ? py_call1(f, key)
                    : py_call2(f, &t->ob, key);
    py_decref(f);
    return r;
  }
  if (t == &py_list_type || t == &py_dict_type || t == &py_tuple_type ||
      t == &py_set_type || t == &py_frozenset_type || t == &py_type_type) {
    py_generic_alias *g = (py_generic_alias *)py_obj_alloc(&py_generic_alias_type,
                                                          sizeof(py_generic_alias));
    if (!g) return NULL;
    g->origin = py_newref(&t->ob);
    g->args = py_tuple_check(key) ? py_newref(key) : py_tuple_pack(1, key);
    if (!g->args) {
      g->args = py_tuple_new(0);
      py_decref(&g->ob);
      return NULL;
    }
    return &g->ob;
  }
  return py_err_format(&py_exc_TypeError, "type '%s' is not subscriptable", t->name);
}
