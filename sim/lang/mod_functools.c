/* mod_functools.c: the functools module: partial (call, repr, attributes, flattening), reduce, update_wrapper and wraps, as 3.11's C and Python versions behave. */
#include "mod_functools.h"

typedef struct partial_obj {
  py_obj ob;
  py_obj *fn;
  py_obj *args;              /* tuple */
  py_obj *kw;                /* dict */
} partial_obj;

static py_type partial_type;
#define PT(o) ((partial_obj *)(o))

static void pt_dealloc(py_obj *o) {
  partial_obj *p = PT(o);
  py_xdecref(p->fn);
  py_xdecref(p->args);
  py_xdecref(p->kw);
  py_obj_free(o, (size_t)o->type->basicsize);
}
static int pt_traverse(py_obj *o, py_visitfn visit, void *arg) {
  partial_obj *p = PT(o);
  py_obj *refs[] = {p->fn, p->args, p->kw};
  for (size_t i = 0; i < 3; i++)
    if (refs[i] && visit(refs[i], arg)) return 1;
  return 0;
}
static void pt_clear(py_obj *o) {
  PY_CLEAR(PT(o)->fn);
  PY_CLEAR(PT(o)->args);
  PY_CLEAR(PT(o)->kw);
}

/* kwnames' values of a call as a dict merged over base (copied; NULL:
 * empty). */
static py_obj *merge_kw(py_obj *base, py_obj *const *vals, py_obj *kwnames) {
  py_obj *d = base ? py_dict_copy(base) : py_dict_new();
  if (!d) return NULL;
  for (py_ssize_t i = 0; kwnames && i < py_tuple_len(kwnames); i++)
    if (py_dict_set(d, py_tuple_get(kwnames, i), vals[i]) < 0) {
      py_decref(d);
      return NULL;
    }
  return d;
}

static py_obj *pt_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  if (nargs < 1) return py_err_set_str(&py_exc_TypeError, "type 'partial' takes at least one argument");
  py_obj *fn = args[0];
  if (!py_callable(fn)) return py_err_set_str(&py_exc_TypeError, "the first argument must be callable");
  py_obj *pargs = NULL, *pkw = NULL;
  /* partial(partial(f, 1), 2) is partial(f, 1, 2) */
  if (fn->type == &partial_type && type == &partial_type) {
    partial_obj *inner = PT(fn);
    py_obj *more = py_tuple_from(args + 1, nargs - 1);
    pargs = more ? py_add(inner->args, more) : NULL;
    py_xdecref(more);
    pkw = merge_kw(inner->kw, args + nargs, kwnames);
    fn = inner->fn;
  } else {
    pargs = py_tuple_from(args + 1, nargs - 1);
    pkw = merge_kw(NULL, args + nargs, kwnames);
  }
  partial_obj *p = pargs && pkw ? (partial_obj *)py_obj_alloc(type, (size_t)type->basicsize) : NULL;
  if (!p) {
    py_xdecref(pargs);
    py_xdecref(pkw);
    return NULL;
  }
  p->fn = py_newref(fn);
  p->args = pargs;
  p->kw = pkw;
  return &p->ob;
}

static py_obj *pt_call(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  partial_obj *p = PT(self);
  py_obj *all = py_tuple_from(args, nargs);
  py_obj *pos = all ? py_add(p->args, all) : NULL;
  py_xdecref(all);
  py_obj *kw = pos ? merge_kw(p->kw, args + nargs, kwnames) : NULL;
  py_obj *r = kw ? lang__mod_call(p->fn, pos, kw) : NULL;
  py_xdecref(pos);
  py_xdecref(kw);
  return r;
}

static py_obj *pt_repr(py_obj *o) {
  partial_obj *p = PT(o);
  int g = py__repr_enter(o);
  if (g != 0) return g > 0 ? py_str_from_cstr("...") : NULL;
  py_buf b;
  py__buf_init(&b);
  const char *name = o->type == &partial_type ? "functools.partial" : o->type->name;
  py__buf_printf(&b, "%s(", name);
  int rc = py__buf_putrepr(&b, p->fn);
  for (py_ssize_t i = 0; rc == 0 && i < py_tuple_len(p->args); i++) {
    py__buf_puts(&b, ", ");
    rc = py__buf_putrepr(&b, py_tuple_get(p->args, i));
  }
  py_ssize_t pos = 0;
  py_obj *k, *v;
  while (rc == 0 && py_dict_next(p->kw, &pos, &k, &v)) {
    py__buf_puts(&b, ", ");
    rc = py__buf_putstr(&b, k);
    if (rc == 0) rc = py__buf_putc(&b, '=');
    if (rc == 0) rc = py__buf_putrepr(&b, v);
  }
  py__repr_leave(o);
  if (rc < 0) {
    py__buf_free(&b);
    return NULL;
  }
  py__buf_putc(&b, ')');
  return py__buf_finish(&b);
}

static py_obj *pt_get_func(py_obj *o) { return py_newref(PT(o)->fn); }
static py_obj *pt_get_args(py_obj *o) { return py_newref(PT(o)->args); }
static py_obj *pt_get_keywords(py_obj *o) { return py_newref(PT(o)->kw); }
static const py_getset_def pt_getsets[] = {
    {"func", pt_get_func, NULL}, {"args", pt_get_args, NULL},
    {"keywords", pt_get_keywords, NULL}, {NULL, NULL, NULL}};

static py_type partial_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "partial",
    .module = "functools",
    .flags = PY_TF_BASETYPE | PY_TF_GC,
    .basicsize = sizeof(partial_obj),
    .new_ = pt_new,
    .dealloc = pt_dealloc,
    .traverse = pt_traverse,
    .clear = pt_clear,
    .call = pt_call,
    .repr = pt_repr,
    .getsets = pt_getsets,
};

/* -------------------------------------------------------------- reduce */

static py_obj *f_reduce(MOD_ARGS) {
  (void)self;
  if (py_check_nokw("reduce", kwnames) < 0 || py_check_args("reduce", nargs, 2, 3) < 0) return NULL;
  py_obj *it = py_iter(args[1]);
  if (!it) {
    if (py_err_matches(&py_exc_TypeError)) {
      py_err_clear();
      py_err_set_str(&py_exc_TypeError, "reduce() arg 2 must support iteration");
    }
    return NULL;
  }
  py_obj *acc = nargs == 3 ? py_newref(args[2]) : NULL, *x;
  while ((x = py_iter_next(it))) {
    if (!acc) {
      acc = x;
      continue;
    }
    py_obj *r = py_call2(args[0], acc, x);
    py_decref(acc);
    py_decref(x);
    if (!(acc = r)) break;
  }
  py_decref(it);
  if (py_err_occurred()) {
    py_xdecref(acc);
    return NULL;
  }
  if (!acc) return py_err_set_str(&py_exc_TypeError, "reduce() of empty iterable with no initial value");
  return acc;
}

/* ------------------------------------------------ update_wrapper, wraps */

static const char *const assigned_default[] = {"__module__", "__name__", "__qualname__", "__doc__",
                                               "__annotations__", NULL};

static int copy_attr(py_obj *wrapper, py_obj *wrapped, py_obj *name) {
  py_obj *v = NULL;
  if (py_getattr_opt(wrapped, name, &v) < 0) {
    if (!py_err_matches(&py_exc_AttributeError)) return -1;
    py_err_clear();
  }
  if (!v) return 0;
  /* a function's __module__ is read-only here (it comes from its
   * globals): the same value needs no setting */
  py_obj *cur = NULL;
  if (py_getattr_opt(wrapper, name, &cur) < 0) py_err_clear();
  int same = cur ? py_richcompare_bool(cur, v, PY_EQ) : 0;
  py_xdecref(cur);
  if (same < 0) py_err_clear();
  int rc = same > 0 ? 0 : py_setattr(wrapper, name, v);
  py_decref(v);
  return rc;
}

/* getattr(wrapper, name).update(getattr(wrapped, name, {})). */
static int update_dicts(py_obj *wrapper, py_obj *wrapped, py_obj *name) {
  py_obj *src = NULL;
  if (py_getattr_opt(wrapped, name, &src) < 0) {
    if (!py_err_matches(&py_exc_AttributeError)) return -1;
    py_err_clear();
  }
  if (!src) return 0;   /* updating with {} changes nothing */
  py_obj *dst = py_getattr(wrapper, name);
  py_obj *r = dst ? py_call_method_str(dst, "update", &src, 1) : NULL;
  py_xdecref(dst);
  py_decref(src);
  py_xdecref(r);
  return r ? 0 : -1;
}

static py_obj *f_update_wrapper(MOD_ARGS) {
  (void)self;
  static const char *const names[] = {"wrapper", "wrapped", "assigned", "updated"};
  py_obj *a[4] = {NULL};
  if (py_parse_args("update_wrapper", args, nargs, kwnames, names, 4, 0, a) < 0) return NULL;
  if (!a[0] || !a[1])
    return py_err_set_str(&py_exc_TypeError, "update_wrapper() missing required positional arguments");
  if (a[2]) {
    py_obj *it = py_iter(a[2]), *n;
    if (!it) return NULL;
    while ((n = py_iter_next(it))) {
      int rc = copy_attr(a[0], a[1], n);
      py_decref(n);
      if (rc < 0) { py_decref(it); return NULL; }
    }
    py_decref(it);
    if (py_err_occurred()) return NULL;
  } else {
    for (const char *const *k = assigned_default; *k; k++) {
      py_obj *n = py_intern_cstr(*k);
      int rc = n ? copy_attr(a[0], a[1], n) : -1;
      py_xdecref(n);
      if (rc < 0) return NULL;
    }
  }
  if (a[3]) {
    py_obj *it = py_iter(a[3]), *n;
    if (!it) return NULL;
    while ((n = py_iter_next(it))) {
      int rc = update_dicts(a[0], a[1], n);
      py_decref(n);
      if (rc < 0) { py_decref(it); return NULL; }
    }
    py_decref(it);
    if (py_err_occurred()) return NULL;
  } else if (update_dicts(a[0], a[1], PY_ID(__dict__)) < 0) {
    return NULL;
  }
  if (py_setattr_str(a[0], "__wrapped__", a[1]) < 0) return NULL;
  return py_newref(a[0]);
}

static const py_method_def update_wrapper_def = {"update_wrapper", f_update_wrapper, 0};

/* wraps(wrapped, assigned=..., updated=...): partial(update_wrapper,
 * wrapped=wrapped, ...). */
static py_obj *f_wraps(MOD_ARGS) {
  (void)self;
  static const char *const names[] = {"wrapped", "assigned", "updated"};
  py_obj *a[3] = {NULL};
  if (py_parse_args("wraps", args, nargs, kwnames, names, 3, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "wraps() missing 1 required positional argument: 'wrapped'");
  py_obj *mn = py_str_from_cstr("functools");
  py_obj *uw = mn ? py_cfunction_new(&update_wrapper_def, NULL, mn) : NULL;
  py_xdecref(mn);
  if (!uw) return NULL;
  py_obj *vals[4] = {uw, a[0], NULL, NULL};
  py_ssize_t nk = 1;
  py_obj *kn = NULL;
  const char *kw[3] = {"wrapped", NULL, NULL};
  if (a[1]) { vals[1 + nk] = a[1]; kw[nk++] = "assigned"; }
  if (a[2]) { vals[1 + nk] = a[2]; kw[nk++] = "updated"; }
  kn = py_tuple_new(nk);
  py_obj *r = NULL;
  if (kn) {
    bool ok = true;
    for (py_ssize_t i = 0; i < nk; i++) {
      py_obj *s = py_intern_cstr(kw[i]);
      if (!s) { ok = false; break; }
      py_tuple_set_steal(kn, i, s);
    }
    if (ok) r = pt_new(&partial_type, vals, 1, kn);
  }
  py_xdecref(kn);
  py_decref(uw);
  return r;
}

static const py_method_def functools_defs[] = {
    {"reduce", f_reduce, 0}, {"update_wrapper", f_update_wrapper, 0}, {"wraps", f_wraps, 0},
    {NULL, NULL, 0}};

int lang__functools_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  static py_type *const types[] = {&partial_type, NULL};
  if (lang__mod_add_types(d, types) < 0 || lang__mod_add_functions(d, functools_defs, "functools") < 0)
    return -1;
  py_obj *wa = py_tuple_new(5);
  if (!wa) return -1;
  for (py_ssize_t i = 0; i < 5; i++) {
    py_obj *s = py_intern_cstr(assigned_default[i]);
    if (!s) { py_decref(wa); return -1; }
    py_tuple_set_steal(wa, i, s);
  }
  py_obj *dn = py_intern_cstr("__dict__");
  py_obj *wu = dn ? py_tuple_pack(1, dn) : NULL;
  py_xdecref(dn);
  int rc = wu && py_dict_set_str(d, "WRAPPER_ASSIGNMENTS", wa) == 0 &&
                   py_dict_set_str(d, "WRAPPER_UPDATES", wu) == 0 ? 0 : -1;
  py_decref(wa);
  py_xdecref(wu);
  return rc;
}
