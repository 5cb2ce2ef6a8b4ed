/* modules.c: helpers the C modules of the threads issue build themselves with (functions, static types, classes, timeouts, calls). */
#include "modules_int.h"

#include "mod_asyncio_threads.h"
#include "mod_concurrent.h"

#include <math.h>

/* The static types readied for this interpreter, to un-ready at its end. */
#define READY_MAX 32
static py_type *g_ready[READY_MAX];
static int g_nready;

int lang__mod_add_functions(py_obj *d, const py_method_def *defs, const char *modname) {
  py_obj *mn = py_str_from_cstr(modname);
  if (!mn) return -1;
  for (const py_method_def *m = defs; m->name; m++) {
    py_obj *f = py_cfunction_new(m, NULL, mn);
    if (!f || py_dict_set_str(d, m->name, f) < 0) {
      py_xdecref(f);
      py_decref(mn);
      return -1;
    }
    py_decref(f);
  }
  py_decref(mn);
  return 0;
}

int lang__mod_ready(py_type *t) {
  if (t->flags & PY_TF_READY) return 0;
  if (g_nready == READY_MAX) {
    py_err_set_str(&py_exc_RuntimeError, "too many module types");
    return -1;
  }
  if (py__type_ready(t) < 0) return -1;
  g_ready[g_nready++] = t;
  return 0;
}

int lang__mod_add_types(py_obj *d, py_type *const *types) {
  for (py_type *const *t = types; *t; t++)
    if (lang__mod_ready(*t) < 0 || py_dict_set_str(d, (*t)->name, &(*t)->ob) < 0) return -1;
  return 0;
}

py_type *lang__mod_add_class(py_obj *d, const char *name, const char *module, py_type *base) {
  py_obj *n = py_str_from_cstr(name);
  py_obj *bases = py_tuple_pack(1, &base->ob);
  py_obj *ns = py_dict_new();
  py_obj *m = py_str_from_cstr(module);
  py_obj *cls = NULL;
  if (n && bases && ns && m && py_dict_set_str(ns, "__module__", m) == 0)
    cls = py_type_new(n, bases, ns);
  py_xdecref(n);
  py_xdecref(bases);
  py_xdecref(ns);
  py_xdecref(m);
  if (!cls) return NULL;
  int rc = py_dict_set_str(d, name, cls);
  py_decref(cls);
  return rc < 0 ? NULL : (py_type *)cls;
}

void lang__mod_fini(void) {
  aio__threads_fini();
  lang__futures_fini();
  while (g_nready > 0) py__type_fini(g_ready[--g_nready]);
}

int lang__mod_timeout(py_obj *o, double *out) {
  if (!o || o == py_None) {
    *out = -1.0;
    return 0;
  }
  if (py_float_as_double(o, out) < 0) return -1;
  if (isnan(*out)) {
    py_err_set_str(&py_exc_ValueError, "Invalid value NaN (not a number)");
    return -1;
  }
  return 0;
}

int lang__mod_timeout_arg(const char *fname, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames, double *out) {
  static const char *const names[] = {"timeout"};
  py_obj *a[1] = {NULL};
  if (py_parse_args(fname, args, nargs, kwnames, names, 1, 0, a) < 0 || lang__mod_timeout(a[0], out) < 0)
    return -1;
  if (a[0] && a[0] != py_None && *out < 0) *out = 0;
  return 0;
}

int lang__mod_count_arg(const char *fname, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames,
                        int64_t *out) {
  static const char *const names[] = {"n"};
  py_obj *a[1] = {NULL};
  *out = 1;
  if (py_parse_args(fname, args, nargs, kwnames, names, 1, 0, a) < 0) return -1;
  return a[0] ? py_index_value(a[0], out) : 0;
}

py_obj *lang__mod_kwarg(py_obj *const *args, py_ssize_t nargs, py_obj *kwnames, const char *name) {
  if (!kwnames) return NULL;
  for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++)
    if (py_str_eq_cstr(py_tuple_get(kwnames, i), name)) return args[nargs + i];
  return NULL;
}

py_obj *lang__mod_call(py_obj *f, py_obj *args, py_obj *kwargs) {
  py_obj *t = args ? (py_tuple_check(args) ? py_newref(args) : py_sequence_tuple(args))
                   : py_newref(&py__empty_tuple.ob);
  if (!t) return NULL;
  py_ssize_t n = py_tuple_len(t);
  py_ssize_t nk = kwargs && kwargs != py_None ? py_dict_len(kwargs) : 0;
  if (nk == 0) {
    py_obj *r = py_call(f, ((py_tuple *)t)->items, n, NULL);
    py_decref(t);
    return r;
  }
  py_obj **v = rt_malloc((size_t)(n + nk) * sizeof *v);
  py_obj *names = py_tuple_new(nk);
  py_obj *r = NULL;
  if (!v || !names) {
    if (!v) py_err_no_memory();
    goto done;
  }
  for (py_ssize_t i = 0; i < n; i++) v[i] = py_tuple_get(t, i);
  py_ssize_t pos = 0, k = 0;
  py_obj *key, *val;
  while (py_dict_next(kwargs, &pos, &key, &val)) {
    if (!py_str_check(key)) {
      py_err_set_str(&py_exc_TypeError, "keywords must be strings");
      goto done;
    }
    py_tuple_set_steal(names, k, py_newref(key));
    v[n + k++] = val;
  }
  r = py_call(f, v, n, names);
done:
  rt_free(v);
  py_xdecref(names);
  py_decref(t);
  return r;
}
