/* builtins.c: the builtins module, the small iterator types it needs, and the known modules (sys, math; the table of the others).
 *
 * Modules come from one table (module_table): a name and a function that
 * fills a fresh module's dict. asyncio has a placeholder entry that raises
 * NotImplementedError; the asyncio issue replaces it with its own filler.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eval_int.h"
#include "mod_asyncio.h"
#include "mod_concurrent.h"
#include "mod_functools.h"
#include "mod_threading.h"
#include "mod_std.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames
#define UNUSED_SELF (void)self

/* Keyword lookup in a vectorcall: the value for name, or NULL. */
static py_obj *kwarg(py_obj *const *args, py_ssize_t nargs, py_obj *kwnames, const char *name) {
  if (!kwnames) return NULL;
  for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++)
    if (py_str_eq_cstr(py_tuple_get(kwnames, i), name)) return args[nargs + i];
  return NULL;
}

static int check_kw(const char *fname, py_obj *kwnames, const char *const *allowed) {
  if (!kwnames) return 0;
  for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++) {
    py_obj *k = py_tuple_get(kwnames, i);
    bool ok = false;
    for (const char *const *a = allowed; *a; a++) if (py_str_eq_cstr(k, *a)) ok = true;
    if (!ok) {
      py_err_format(&py_exc_TypeError, "%s() got an unexpected keyword argument '%s'",
                    fname, py_str_utf8(k));
      return -1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------- streams */

typedef struct lang_stream {
  py_obj ob;
  int fd;
} lang_stream;

static py_obj *stream_write(ARGS) {
  if (py_check_nokw("write", kwnames) < 0 || py_check_args("write", nargs, 1, 1) < 0) return NULL;
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError, "write() argument must be str, not %s",
                         py_type_name(args[0]));
  lang__write(((lang_stream *)self)->fd, py_str_utf8(args[0]), (size_t)py_str_size(args[0]));
  return py_int_from(py_str_len(args[0]));
}
static py_obj *stream_flush(ARGS) {
  (void)self; (void)args; (void)nargs; (void)kwnames;
  return py_newref(py_None);
}
static py_obj *stream_repr(py_obj *o) {
  return py_str_from_format("<_io.TextIOWrapper name='<%s>' mode='w' encoding='utf-8'>",
                            ((lang_stream *)o)->fd == 1 ? "stdout" : "stderr");
}
static void stream_dealloc(py_obj *o) { py_obj_free(o, sizeof(lang_stream)); }

static const py_method_def stream_methods[] = {
    {"write", stream_write, 0}, {"flush", stream_flush, 0}, {NULL, NULL, 0}};

py_type lang_stream_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "TextIOWrapper",
    .basicsize = sizeof(lang_stream),
    .dealloc = stream_dealloc,
    .repr = stream_repr,
    .methods = stream_methods,
};

static py_obj *stream_new(int fd) {
  lang_stream *s = (lang_stream *)py_obj_alloc(&lang_stream_type, sizeof(lang_stream));
  if (!s) return NULL;
  s->fd = fd;
  return &s->ob;
}

/* ----------------------------------------------------- iterator objects */

typedef struct citer {
  py_obj ob;
  py_obj *a, *b;     /* iterators, function, ... */
  py_obj *its;       /* tuple of iterators (zip, map) */
  int64_t n;
  bool strict;
} citer;

static void citer_dealloc(py_obj *o) {
  citer *c = (citer *)o;
  py_xdecref(c->a);
  py_xdecref(c->b);
  py_xdecref(c->its);
  py_obj_free(o, sizeof(citer));
}
static int citer_traverse(py_obj *o, py_visitfn visit, void *arg) {
  citer *c = (citer *)o;
  py_obj *r[] = {c->a, c->b, c->its};
  for (int i = 0; i < 3; i++) if (r[i]) { int x = visit(r[i], arg); if (x) return x; }
  return 0;
}
static void citer_clear(py_obj *o) {
  citer *c = (citer *)o;
  PY_CLEAR(c->a); PY_CLEAR(c->b); PY_CLEAR(c->its);
}
static py_obj *citer_self(py_obj *o) { return py_newref(o); }

static py_obj *enumerate_next(py_obj *o) {
  citer *c = (citer *)o;
  py_obj *v = py_iter_next(c->a);
  if (!v) return NULL;
  py_obj *i = py_int_from(c->n);
  if (!i) { py_decref(v); return NULL; }
  c->n++;
  py_obj *t = py_tuple_new(2);
  if (!t) { py_decref(v); py_decref(i); return NULL; }
  py_tuple_set_steal(t, 0, i);
  py_tuple_set_steal(t, 1, v);
  return t;
}

static py_obj *zip_next(py_obj *o) {
  citer *c = (citer *)o;
  py_ssize_t n = py_tuple_len(c->its);
  if (n == 0) return NULL;
  py_obj *t = py_tuple_new(n);
  if (!t) return NULL;
  for (py_ssize_t i = 0; i < n; i++) {
    py_obj *v = py_iter_next(py_tuple_get(c->its, i));
    if (!v) {
      for (py_ssize_t j = i; j < n; j++) py_tuple_set_steal(t, j, py_newref(py_None));
      py_decref(t);
      if (!py_err_occurred() && c->strict) {
        if (i > 0)
          return py_err_format(&py_exc_ValueError, "zip() argument %zd is shorter than argument%s%s",
                               (size_t)(i + 1), i == 1 ? " " : "s 1-", i == 1 ? "1" : "");
        for (py_ssize_t j = 1; j < n; j++) {
          py_obj *w = py_iter_next(py_tuple_get(c->its, j));
          if (w) {
            py_decref(w);
            return py_err_format(&py_exc_ValueError, "zip() argument %zd is longer than argument%s%s",
                                 (size_t)(j + 1), j == 1 ? " " : "s 1-", j == 1 ? "1" : "");
          }
          if (py_err_occurred()) return NULL;
        }
      }
      return NULL;
    }
    py_tuple_set_steal(t, i, v);
  }
  return t;
}

static py_obj *map_next(py_obj *o) {
  citer *c = (citer *)o;
  py_ssize_t n = py_tuple_len(c->its);
  py_obj *argv[8] = {NULL};
  if (n > 8) return py_err_set_str(&py_exc_NotImplementedError, "map() with more than 8 iterables");
  for (py_ssize_t i = 0; i < n; i++) {
    argv[i] = py_iter_next(py_tuple_get(c->its, i));
    if (!argv[i]) { for (py_ssize_t j = 0; j < i; j++) py_decref(argv[j]); return NULL; }
  }
  py_obj *r = py_call(c->a, argv, n, NULL);
  for (py_ssize_t i = 0; i < n; i++) py_decref(argv[i]);
  return r;
}

static py_obj *filter_next(py_obj *o) {
  citer *c = (citer *)o;
  for (;;) {
    py_obj *v = py_iter_next(c->b);
    if (!v) return NULL;
    int t;
    if (c->a == py_None) {
      t = py_is_true(v);
    } else {
      py_obj *r = py_call1(c->a, v);
      if (!r) { py_decref(v); return NULL; }
      t = py_is_true(r);
      py_decref(r);
    }
    if (t < 0) { py_decref(v); return NULL; }
    if (t) return v;
    py_decref(v);
  }
}

static py_obj *calliter_next(py_obj *o) {
  citer *c = (citer *)o;
  if (!c->a) return NULL;
  py_obj *v = py_call0(c->a);
  if (!v) {
    if (py_err_matches(&py_exc_StopIteration)) { py_err_clear(); PY_CLEAR(c->a); }
    return NULL;
  }
  int eq = py_richcompare_bool(v, c->b, PY_EQ);
  if (eq < 0) { py_decref(v); return NULL; }
  if (eq) { py_decref(v); PY_CLEAR(c->a); return NULL; }
  return v;
}

#define CITER_TYPE(var, nm, nextfn) \
  py_type var = { \
      .ob = {PY_IMMORTAL, &py_type_type}, .name = nm, .flags = PY_TF_GC, \
      .basicsize = sizeof(citer), .dealloc = citer_dealloc, .traverse = citer_traverse, \
      .clear = citer_clear, .iter = citer_self, .iternext = nextfn, \
  };
static CITER_TYPE(enumerate_type, "enumerate", enumerate_next)
static CITER_TYPE(zip_type, "zip", zip_next)
static CITER_TYPE(map_type, "map", map_next)
static CITER_TYPE(filter_type, "filter", filter_next)
static CITER_TYPE(calliter_type, "callable_iterator", calliter_next)

static citer *citer_new(py_type *t) {
  return (citer *)py_obj_alloc(t, sizeof(citer));
}

/* ------------------------------------------------------------ builtins */

static bool write_piece(py_obj *file, py_obj *s) {
  py_obj *r = py_call_method_str(file, "write", &s, 1);
  py_xdecref(r);
  return r != NULL;
}

static py_obj *bi_print(ARGS) {
  UNUSED_SELF;
  static const char *const kws[] = {"sep", "end", "file", "flush", NULL};
  if (check_kw("print", kwnames, kws) < 0) return NULL;
  py_obj *sep = kwarg(args, nargs, kwnames, "sep");
  py_obj *end = kwarg(args, nargs, kwnames, "end");
  py_obj *file = kwarg(args, nargs, kwnames, "file");
  if (sep == py_None) sep = NULL;
  if (end == py_None) end = NULL;
  if (file == py_None) file = NULL;
  if (!file && lang__ip->modules) {
    /* print writes to whatever sys.stdout is now */
    py_obj *sys = py_dict_get_str(lang__ip->modules, "sys");
    py_obj *so = sys ? py_dict_get_str(py_module_dict(sys), "stdout") : NULL;
    if (so && so != lang__ip->stdout_obj && so != py_None) file = so;
  }
  if (sep && !py_str_check(sep))
    return py_err_format(&py_exc_TypeError, "sep must be None or a string, not %s", py_type_name(sep));
  if (end && !py_str_check(end))
    return py_err_format(&py_exc_TypeError, "end must be None or a string, not %s", py_type_name(end));
  if (file && file->type != &lang_stream_type) {
    /* a Python object: write each piece, as CPython's print does */
    py_obj *space = py_str_from_cstr(" "), *nl = py_str_from_cstr("\n");
    py_obj *res = NULL;
    if (!space || !nl) goto wdone;
    for (py_ssize_t i = 0; i < nargs; i++) {
      if (i > 0 && !write_piece(file, sep ? sep : space)) goto wdone;
      py_obj *piece = py_str(args[i]);
      if (!piece) goto wdone;
      bool ok = write_piece(file, piece);
      py_decref(piece);
      if (!ok) goto wdone;
    }
    if (!write_piece(file, end ? end : nl)) goto wdone;
    res = py_newref(py_None);
  wdone:
    py_xdecref(space);
    py_xdecref(nl);
    return res;
  }
  py_buf b;
  py__buf_init(&b);
  for (py_ssize_t i = 0; i < nargs; i++) {
    if (i > 0) {
      if (sep) py__buf_putstr(&b, sep);
      else py__buf_putc(&b, ' ');
    }
    py_obj *s = py_str(args[i]);
    if (!s) { py__buf_free(&b); return NULL; }
    int rc = py__buf_putstr(&b, s);
    py_decref(s);
    if (rc < 0) { py__buf_free(&b); return NULL; }
  }
  if (end) py__buf_putstr(&b, end);
  else py__buf_putc(&b, '\n');
  if (!file || file->type == &lang_stream_type) {
    int fd = file ? ((lang_stream *)file)->fd : 1;
    lang__write(fd, b.p, b.n);
    py__buf_free(&b);
    return py_newref(py_None);
  }
  py_obj *s = py__buf_finish(&b);
  if (!s) return NULL;
  py_obj *r = py_call_method_str(file, "write", &s, 1);
  py_decref(s);
  if (!r) return NULL;
  py_decref(r);
  return py_newref(py_None);
}

static py_obj *bi_len(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("len", kwnames) < 0) return NULL;
  if (nargs != 1)
    return py_err_format(&py_exc_TypeError, "len() takes exactly one argument (%zd given)", (size_t)nargs);
  py_ssize_t n = py_len(args[0]);
  return n < 0 ? NULL : py_int_from(n);
}

static py_obj *bi_repr(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("repr", kwnames) < 0) return NULL;
  if (nargs != 1)
    return py_err_format(&py_exc_TypeError, "repr() takes exactly one argument (%zd given)", (size_t)nargs);
  return py_repr(args[0]);
}

static py_obj *bi_ascii(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("ascii", kwnames) < 0 || py_check_args("ascii", nargs, 1, 1) < 0) return NULL;
  return py_ascii(args[0]);
}

static py_obj *bi_abs(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("abs", kwnames) < 0) return NULL;
  if (nargs != 1)
    return py_err_format(&py_exc_TypeError, "abs() takes exactly one argument (%zd given)", (size_t)nargs);
  return py_abs(args[0]);
}

static py_obj *minmax(py_obj *const *args, py_ssize_t nargs, py_obj *kwnames, int op,
                      const char *name) {
  static const char *const kws[] = {"key", "default", NULL};
  if (check_kw(name, kwnames, kws) < 0) return NULL;
  py_obj *key = kwarg(args, nargs, kwnames, "key");
  py_obj *dflt = kwarg(args, nargs, kwnames, "default");
  if (key == py_None) key = NULL;
  if (nargs == 0)
    return py_err_format(&py_exc_TypeError, "%s expected at least 1 argument, got 0", name);
  if (nargs > 1 && dflt)
    return py_err_format(&py_exc_TypeError,
                         "Cannot specify a default for %s() with multiple positional arguments", name);
  py_obj *it = nargs == 1 ? py_iter(args[0]) : py_iter(py_tuple_from(args, nargs));
  py_obj *tmp = NULL;
  if (nargs > 1) {
    tmp = py_tuple_from(args, nargs);
    py_xdecref(it);
    it = tmp ? py_iter(tmp) : NULL;
  }
  py_xdecref(tmp);
  if (!it) return NULL;
  py_obj *best = NULL, *bestk = NULL, *v;
  while ((v = py_iter_next(it))) {
    py_obj *k = key ? py_call1(key, v) : py_newref(v);
    if (!k) { py_decref(v); goto fail; }
    if (!best) { best = v; bestk = k; continue; }
    int c = py_richcompare_bool(k, bestk, op);
    if (c < 0) { py_decref(v); py_decref(k); goto fail; }
    if (c) { PY_SETREF(best, v); PY_SETREF(bestk, k); }
    else { py_decref(v); py_decref(k); }
  }
  if (py_err_occurred()) goto fail;
  py_decref(it);
  py_xdecref(bestk);
  if (!best) {
    if (dflt) return py_newref(dflt);
    return py_err_format(&py_exc_ValueError, "%s() arg is an empty sequence", name);
  }
  return best;
fail:
  py_decref(it);
  py_xdecref(best);
  py_xdecref(bestk);
  return NULL;
}

static py_obj *bi_min(ARGS) { UNUSED_SELF; return minmax(args, nargs, kwnames, PY_LT, "min"); }
static py_obj *bi_max(ARGS) { UNUSED_SELF; return minmax(args, nargs, kwnames, PY_GT, "max"); }

static py_obj *bi_sum(ARGS) {
  UNUSED_SELF;
  static const char *const kws[] = {"start", NULL};
  if (check_kw("sum", kwnames, kws) < 0) return NULL;
  if (nargs < 1 || nargs > 2)
    return nargs < 1 ? py_err_format(&py_exc_TypeError, "sum() takes at least 1 positional argument (0 given)")
                     : py_err_format(&py_exc_TypeError, "sum() takes at most 2 arguments (%zd given)", (size_t)nargs);
  py_obj *start = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "start");
  if (start && py_str_check(start))
    return py_err_set_str(&py_exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  py_obj *acc = start ? py_newref(start) : py_int_from(0);
  py_obj *it = py_iter(args[0]);
  if (!it) { py_decref(acc); return NULL; }
  py_obj *v;
  while ((v = py_iter_next(it))) {
    py_obj *r;
    int64_t x;
    if (py_int_check_exact(acc) && py_int_check_exact(v) &&
        !__builtin_add_overflow(py_int_value(acc), py_int_value(v), &x))
      r = py_int_from(x);
    else
      r = py_add(acc, v);
    py_decref(v);
    py_decref(acc);
    acc = r;
    if (!acc) break;
  }
  py_decref(it);
  if (acc && py_err_occurred()) PY_CLEAR(acc);
  return acc;
}

static py_obj *bi_sorted(ARGS) {
  UNUSED_SELF;
  static const char *const kws[] = {"key", "reverse", NULL};
  if (check_kw("sorted", kwnames, kws) < 0) return NULL;
  if (nargs != 1)
    return py_err_format(&py_exc_TypeError, "sorted expected 1 argument, got %zd", (size_t)nargs);
  py_obj *key = kwarg(args, nargs, kwnames, "key");
  py_obj *rev = kwarg(args, nargs, kwnames, "reverse");
  int r = rev ? py_is_true(rev) : 0;
  if (r < 0) return NULL;
  py_obj *l = py_sequence_list(args[0]);
  if (!l) return NULL;
  if (py_list_sort(l, key == py_None ? NULL : key, r) < 0) { py_decref(l); return NULL; }
  return l;
}

static py_obj *bi_reversed(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("reversed", kwnames) < 0 || py_check_args("reversed", nargs, 1, 1) < 0) return NULL;
  py_obj *o = args[0];
  py_obj *m = py_type_lookup(o->type, PY_ID(__reversed__));
  if (m) return py_call_method(o, PY_ID(__reversed__), NULL, 0, NULL);
  if (!py_type_lookup(o->type, PY_ID(__getitem__)) && !o->type->sq_item && !o->type->getitem)
    return py_err_format(&py_exc_TypeError, "'%s' object is not reversible", py_type_name(o));
  py_ssize_t n = py_len(o);
  if (n < 0) return NULL;
  py_obj *l = py_list_new(n);
  if (!l) return NULL;
  for (py_ssize_t i = n - 1; i >= 0; i--) {
    py_obj *k = py_int_from(i);
    py_obj *v = k ? py_getitem(o, k) : NULL;
    py_xdecref(k);
    if (!v) { py_decref(l); return NULL; }
    py_list_append_steal(l, v);
  }
  py_obj *it = py_iter(l);
  py_decref(l);
  return it;
}

static py_obj *bi_enumerate(ARGS) {
  UNUSED_SELF;
  static const char *const kws[] = {"iterable", "start", NULL};
  if (check_kw("enumerate", kwnames, kws) < 0) return NULL;
  py_obj *src = nargs > 0 ? args[0] : kwarg(args, nargs, kwnames, "iterable");
  py_obj *start = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "start");
  if (!src) return py_err_set_str(&py_exc_TypeError, "enumerate() missing required argument 'iterable' (pos 1)");
  int64_t s0 = 0;
  if (start && py_index_value(start, &s0) < 0) return NULL;
  py_obj *it = py_iter(src);
  if (!it) return NULL;
  citer *c = citer_new(&enumerate_type);
  if (!c) { py_decref(it); return NULL; }
  c->a = it;
  c->n = s0;
  return &c->ob;
}

static py_obj *iters_tuple(py_obj *const *args, py_ssize_t n, const char *fname) {
  py_obj *t = py_tuple_new(n);
  if (!t) return NULL;
  for (py_ssize_t i = 0; i < n; i++) py_tuple_set_steal(t, i, py_newref(py_None));
  for (py_ssize_t i = 0; i < n; i++) {
    py_obj *it = py_iter(args[i]);
    if (!it) {
      if (fname && py_err_matches(&py_exc_TypeError)) {
        py_err_clear();
        py_err_format(&py_exc_TypeError, "%s argument #%zd must support iteration", fname, (size_t)(i + 1));
      }
      py_decref(t);
      return NULL;
    }
    PY_SETREF(((py_tuple *)t)->items[i], it);
  }
  return t;
}

static py_obj *bi_zip(ARGS) {
  UNUSED_SELF;
  static const char *const kws[] = {"strict", NULL};
  if (check_kw("zip", kwnames, kws) < 0) return NULL;
  py_obj *strict = kwarg(args, nargs, kwnames, "strict");
  py_obj *t = iters_tuple(args, nargs, "zip");
  if (!t) return NULL;
  citer *c = citer_new(&zip_type);
  if (!c) { py_decref(t); return NULL; }
  c->its = t;
  c->strict = strict && py_is_true(strict) > 0;
  return &c->ob;
}

static py_obj *bi_map(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("map", kwnames) < 0) return NULL;
  if (nargs < 2) return py_err_set_str(&py_exc_TypeError, "map() must have at least two arguments.");
  py_obj *t = iters_tuple(args + 1, nargs - 1, NULL);
  if (!t) return NULL;
  citer *c = citer_new(&map_type);
  if (!c) { py_decref(t); return NULL; }
  c->a = py_newref(args[0]);
  c->its = t;
  return &c->ob;
}

static py_obj *bi_filter(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("filter", kwnames) < 0 || py_check_args("filter", nargs, 2, 2) < 0) return NULL;
  py_obj *it = py_iter(args[1]);
  if (!it) return NULL;
  citer *c = citer_new(&filter_type);
  if (!c) { py_decref(it); return NULL; }
  c->a = py_newref(args[0]);
  c->b = it;
  return &c->ob;
}

static py_obj *bi_iter(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("iter", kwnames) < 0 || py_check_args("iter", nargs, 1, 2) < 0) return NULL;
  if (nargs == 1) return py_iter(args[0]);
  if (!py_callable(args[0]))
    return py_err_set_str(&py_exc_TypeError, "iter(v, w): v must be callable");
  citer *c = citer_new(&calliter_type);
  if (!c) return NULL;
  c->a = py_newref(args[0]);
  c->b = py_newref(args[1]);
  return &c->ob;
}

static py_obj *bi_next(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("next", kwnames) < 0 || py_check_args("next", nargs, 1, 2) < 0) return NULL;
  py_obj *it = args[0];
  if (!it->type->iternext)
    return py_err_format(&py_exc_TypeError, "'%s' object is not an iterator", py_type_name(it));
  py_obj *v = it->type->iternext(it);
  if (v) return v;
  if (py_err_occurred()) {
    if (nargs > 1 && py_err_matches(&py_exc_StopIteration)) {
      py_err_clear();
      return py_newref(args[1]);
    }
    return NULL;
  }
  if (nargs > 1) return py_newref(args[1]);
  return py_err_set_obj(&py_exc_StopIteration, NULL);
}

static py_obj *bi_isinstance(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("isinstance", kwnames) < 0) return NULL;
  if (nargs != 2)
    return py_err_format(&py_exc_TypeError, "isinstance expected 2 arguments, got %zd", (size_t)nargs);
  int r = py_isinstance_obj(args[0], args[1]);
  return r < 0 ? NULL : py_bool_from(r);
}

static py_obj *bi_issubclass(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("issubclass", kwnames) < 0) return NULL;
  if (nargs != 2)
    return py_err_format(&py_exc_TypeError, "issubclass expected 2 arguments, got %zd", (size_t)nargs);
  int r = py_issubclass_obj(args[0], args[1]);
  return r < 0 ? NULL : py_bool_from(r);
}

static py_obj *bi_hasattr(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("hasattr", kwnames) < 0) return NULL;
  if (nargs != 2)
    return py_err_format(&py_exc_TypeError, "hasattr expected 2 arguments, got %zd", (size_t)nargs);
  if (!py_str_check(args[1]))
    return py_err_set_str(&py_exc_TypeError, "hasattr(): attribute name must be string");
  py_obj *v = NULL;
  if (py_getattr_opt(args[0], args[1], &v) < 0) return NULL;
  py_xdecref(v);
  return py_bool_from(v != NULL);
}

static py_obj *bi_getattr(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("getattr", kwnames) < 0) return NULL;
  if (nargs < 2 || nargs > 3)
    return py_err_format(&py_exc_TypeError, "getattr expected at least 2 arguments, got %zd", (size_t)nargs);
  if (!py_str_check(args[1]))
    return py_err_set_str(&py_exc_TypeError, "getattr(): attribute name must be string");
  if (nargs == 2) return py_getattr(args[0], args[1]);
  py_obj *v = NULL;
  if (py_getattr_opt(args[0], args[1], &v) < 0) return NULL;
  return v ? v : py_newref(args[2]);
}

static py_obj *bi_setattr(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("setattr", kwnames) < 0) return NULL;
  if (nargs != 3)
    return py_err_format(&py_exc_TypeError, "setattr expected 3 arguments, got %zd", (size_t)nargs);
  if (!py_str_check(args[1]))
    return py_err_set_str(&py_exc_TypeError, "attribute name must be string, not 'int'");
  if (py_setattr(args[0], args[1], args[2]) < 0) return NULL;
  return py_newref(py_None);
}

static py_obj *bi_delattr(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("delattr", kwnames) < 0 || py_check_args("delattr", nargs, 2, 2) < 0) return NULL;
  if (py_delattr(args[0], args[1]) < 0) return NULL;
  return py_newref(py_None);
}

static py_obj *bi_round(ARGS) {
  UNUSED_SELF;
  static const char *const kws[] = {"number", "ndigits", NULL};
  if (check_kw("round", kwnames, kws) < 0) return NULL;
  py_obj *x = nargs > 0 ? args[0] : kwarg(args, nargs, kwnames, "number");
  py_obj *nd = nargs > 1 ? args[1] : kwarg(args, nargs, kwnames, "ndigits");
  if (!x) return py_err_set_str(&py_exc_TypeError, "round() missing required argument 'number' (pos 1)");
  return py_round(x, nd);
}

static py_obj *bi_divmod(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("divmod", kwnames) < 0) return NULL;
  if (nargs != 2)
    return py_err_format(&py_exc_TypeError, "divmod expected 2 arguments, got %zd", (size_t)nargs);
  return py_binary_op(args[0], args[1], PY_OP_DIVMOD);
}

static py_obj *bi_pow(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("pow", kwnames) < 0) return NULL;
  if (nargs < 2 || nargs > 3)
    return py_err_format(&py_exc_TypeError, "pow expected at least 2 arguments, got %zd", (size_t)nargs);
  if (nargs == 3 && args[2] != py_None) return py_pow3(args[0], args[1], args[2]);
  return py_binary_op(args[0], args[1], PY_OP_POW);
}

static py_obj *bi_ord(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("ord", kwnames) < 0 || py_check_args("ord", nargs, 1, 1) < 0) return NULL;
  py_obj *s = args[0];
  if (!py_str_check(s))
    return py_err_format(&py_exc_TypeError, "ord() expected string of length 1, but %s found",
                         py_type_name(s));
  if (py_str_len(s) != 1)
    return py_err_format(&py_exc_TypeError,
                         "ord() expected a character, but string of length %zd found",
                         (size_t)py_str_len(s));
  return py_int_from(py_str_char_at(s, 0));
}

static py_obj *bi_chr(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("chr", kwnames) < 0 || py_check_args("chr", nargs, 1, 1) < 0) return NULL;
  int64_t v;
  if (!py_int_check(args[0]))
    return py_err_format(&py_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                         py_type_name(args[0]));
  if (py_index_value(args[0], &v) < 0) return NULL;
  if (v < 0 || v > 0x10FFFF) return py_err_set_str(&py_exc_ValueError, "chr() arg not in range(0x110000)");
  return py_str_from_char((uint32_t)v);
}

static py_obj *radix(py_obj *o, int base, const char *prefix) {
  int64_t v;
  if (py_index_value(o, &v) < 0) return NULL;
  char buf[80];
  char *p = buf + sizeof buf;
  *--p = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do { *--p = "0123456789abcdef"[u % (uint64_t)base]; u /= (uint64_t)base; } while (u);
  p -= 2;
  memcpy(p, prefix, 2);
  if (v < 0) *--p = '-';
  return py_str_from_cstr(p);
}
static py_obj *bi_hex(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("hex", kwnames) < 0 || py_check_args("hex", nargs, 1, 1) < 0) return NULL;
  return radix(args[0], 16, "0x");
}
static py_obj *bi_bin(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("bin", kwnames) < 0 || py_check_args("bin", nargs, 1, 1) < 0) return NULL;
  return radix(args[0], 2, "0b");
}
static py_obj *bi_oct(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("oct", kwnames) < 0 || py_check_args("oct", nargs, 1, 1) < 0) return NULL;
  return radix(args[0], 8, "0o");
}

static py_obj *anyall(py_obj *o, bool want) {
  py_obj *it = py_iter(o);
  if (!it) return NULL;
  py_obj *v;
  while ((v = py_iter_next(it))) {
    int t = py_is_true(v);
    py_decref(v);
    if (t < 0) { py_decref(it); return NULL; }
    if ((bool)t == want) { py_decref(it); return py_bool_from(want); }
  }
  py_decref(it);
  if (py_err_occurred()) return NULL;
  return py_bool_from(!want);
}
static py_obj *bi_any(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("any", kwnames) < 0 || py_check_args("any", nargs, 1, 1) < 0) return NULL;
  return anyall(args[0], true);
}
static py_obj *bi_all(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("all", kwnames) < 0 || py_check_args("all", nargs, 1, 1) < 0) return NULL;
  return anyall(args[0], false);
}

static py_obj *bi_callable(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("callable", kwnames) < 0 || py_check_args("callable", nargs, 1, 1) < 0) return NULL;
  return py_bool_from(py_callable(args[0]));
}

static py_obj *bi_hash(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("hash", kwnames) < 0 || py_check_args("hash", nargs, 1, 1) < 0) return NULL;
  py_hash_t h = py_hash(args[0]);
  return h == -1 && py_err_occurred() ? NULL : py_int_from(h);
}

static py_obj *bi_id(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("id", kwnames) < 0 || py_check_args("id", nargs, 1, 1) < 0) return NULL;
  return py_int_from((int64_t)(intptr_t)args[0]);
}

static py_obj *bi_format(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("format", kwnames) < 0 || py_check_args("format", nargs, 1, 2) < 0) return NULL;
  return py_format(args[0], nargs > 1 ? args[1] : NULL);
}

static py_obj *bi_vars(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("vars", kwnames) < 0 || py_check_args("vars", nargs, 0, 1) < 0) return NULL;
  if (nargs == 0) {
    lang_frame *f = lang__ip->cur;
    return py_newref(f && f->locals ? f->locals : lang__ip->main_dict);
  }
  py_obj *d = NULL;
  if (py_getattr_opt(args[0], PY_ID(__dict__), &d) < 0) return NULL;
  if (!d) return py_err_set_str(&py_exc_TypeError, "vars() argument must have __dict__ attribute");
  return d;
}

static py_obj *bi_globals(ARGS) {
  UNUSED_SELF; (void)args;
  if (py_check_nokw("globals", kwnames) < 0 || py_check_args("globals", nargs, 0, 0) < 0) return NULL;
  lang_frame *f = lang__ip->cur;
  return py_newref(f ? f->globals : lang__ip->main_dict);
}

static py_obj *bi_super(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("super", kwnames) < 0 || py_check_args("super", nargs, 0, 2) < 0) return NULL;
  if (nargs == 2) {
    if (!PY_TYPE_CHECK(args[0]))
      return py_err_format(&py_exc_TypeError, "super() argument 1 must be a type, not %s",
                           py_type_name(args[0]));
    return py_super_new((py_type *)args[0], args[1]);
  }
  if (nargs == 1) return py_err_set_str(&py_exc_NotImplementedError, "super() with one argument");
  lang_frame *f = lang__ip->cur;
  if (!f || !f->func || f->code->nargs < 1)
    return py_err_set_str(&py_exc_RuntimeError, "super(): no arguments");
  if (!f->func->klass) return py_err_set_str(&py_exc_RuntimeError, "super(): __class__ cell not found");
  py_obj *obj = f->fast[0];
  if (obj && f->code->is_cell[0]) obj = ((lang_cell *)obj)->ref;
  if (!obj) return py_err_set_str(&py_exc_RuntimeError, "super(): arg[0] deleted");
  return py_super_new((py_type *)f->func->klass, obj);
}

static py_obj *bi_exit(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("exit", kwnames) < 0 || py_check_args("exit", nargs, 0, 1) < 0) return NULL;
  py_obj *e = py_exc_new(&py_exc_SystemExit, args, nargs);
  if (!e) return NULL;
  return py_err_raise(e);
}

static py_obj *bi_unsupported(ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  return py_err_format(&py_exc_NotImplementedError, "%s() is not supported in coroscope",
                       self && py_str_check(self) ? py_str_utf8(self) : "this builtin");
}

static const py_method_def builtin_defs[] = {
    {"print", bi_print, 0},       {"len", bi_len, 0},           {"repr", bi_repr, 0},
    {"ascii", bi_ascii, 0},       {"abs", bi_abs, 0},           {"min", bi_min, 0},
    {"max", bi_max, 0},           {"sum", bi_sum, 0},           {"sorted", bi_sorted, 0},
    {"reversed", bi_reversed, 0}, {"enumerate", bi_enumerate, 0}, {"zip", bi_zip, 0},
    {"map", bi_map, 0},           {"filter", bi_filter, 0},     {"iter", bi_iter, 0},
    {"next", bi_next, 0},         {"isinstance", bi_isinstance, 0},
    {"issubclass", bi_issubclass, 0}, {"hasattr", bi_hasattr, 0},
    {"getattr", bi_getattr, 0},   {"setattr", bi_setattr, 0},   {"delattr", bi_delattr, 0},
    {"round", bi_round, 0},       {"divmod", bi_divmod, 0},     {"pow", bi_pow, 0},
    {"ord", bi_ord, 0},           {"chr", bi_chr, 0},           {"hex", bi_hex, 0},
    {"bin", bi_bin, 0},           {"oct", bi_oct, 0},           {"any", bi_any, 0},
    {"all", bi_all, 0},           {"callable", bi_callable, 0}, {"hash", bi_hash, 0},
    {"id", bi_id, 0},             {"format", bi_format, 0},     {"vars", bi_vars, 0},
    {"globals", bi_globals, 0},   {"super", bi_super, 0},       {"exit", bi_exit, 0},
    {"quit", bi_exit, 0},
    {NULL, NULL, 0},
};

static const py_method_def unsupported_defs[] = {
    {"open", bi_unsupported, 0}, {"input", bi_unsupported, 0}, {"eval", bi_unsupported, 0},
    {"exec", bi_unsupported, 0}, {"compile", bi_unsupported, 0},
    {"__import__", bi_unsupported, 0}, {"breakpoint", bi_unsupported, 0},
    {NULL, NULL, 0},
};

static int add_funcs(py_obj *d, const py_method_def *defs, py_obj *modname, bool named_self) {
  for (const py_method_def *m = defs; m->name; m++) {
    py_obj *selfo = named_self ? py_str_from_cstr(m->name) : NULL;
    if (named_self && !selfo) return -1;
    py_obj *f = py_cfunction_new(m, selfo, modname);
    py_xdecref(selfo);
    if (!f) return -1;
    int rc = py_dict_set_str(d, m->name, f);
    py_decref(f);
    if (rc < 0) return -1;
  }
  return 0;
}

int lang__add_module_funcs(py_obj *d, const py_method_def *defs, const char *modname) {
  py_obj *m = py_intern_cstr(modname);
  if (!m) return -1;
  int rc = add_funcs(d, defs, m, false);
  py_decref(m);
  return rc;
}

/* -------------------------------------------------------------- modules */

static py_obj *sys_exit(ARGS) { return bi_exit(self, args, nargs, kwnames); }
static const py_method_def sys_defs[] = {{"exit", sys_exit, 0}, {NULL, NULL, 0}};

static int fill_sys(lang_interp *ip, py_obj *d) {
  if (add_funcs(d, sys_defs, NULL, false) < 0) return -1;
  if (py_dict_set_str(d, "stdout", ip->stdout_obj) < 0 ||
      py_dict_set_str(d, "stderr", ip->stderr_obj) < 0)
    return -1;
  py_obj *v = py_int_from(INT64_MAX);
  if (!v || py_dict_set_str(d, "maxsize", v) < 0) { py_xdecref(v); return -1; }
  py_decref(v);
  v = py_str_from_cstr("3.11.7 (coroscope)");
  if (!v || py_dict_set_str(d, "version", v) < 0) { py_xdecref(v); return -1; }
  py_decref(v);
  v = py_intern_cstr("builtins");
  py_obj *l = py_list_new(0);
  if (!v || !l || py_dict_set_str(d, "argv", l) < 0) { py_xdecref(v); py_xdecref(l); return -1; }
  py_decref(v);
  py_decref(l);
  return py_dict_set_str(d, "modules", ip->modules);
}

static int math_arg(py_obj *o, double *x) { return py_float_as_double(o, x); }

#define MATH1(nm, expr) \
  static py_obj *math_##nm(ARGS) { \
    UNUSED_SELF; \
    if (py_check_nokw(#nm, kwnames) < 0 || py_check_args(#nm, nargs, 1, 1) < 0) return NULL; \
    double x; \
    if (math_arg(args[0], &x) < 0) return NULL; \
    expr \
  }
MATH1(sqrt, if (x < 0) return py_err_set_str(&py_exc_ValueError, "math domain error");
      return py_float_from(sqrt(x));)
MATH1(exp, return py_float_from(exp(x));)
MATH1(sin, return py_float_from(sin(x));)
MATH1(cos, return py_float_from(cos(x));)
MATH1(tan, return py_float_from(tan(x));)
MATH1(fabs, return py_float_from(fabs(x));)
MATH1(isnan, return py_bool_from(isnan(x));)
MATH1(isinf, return py_bool_from(isinf(x));)
MATH1(log2, if (x <= 0) return py_err_set_str(&py_exc_ValueError, "math domain error");
      return py_float_from(log2(x));)
MATH1(log10, if (x <= 0) return py_err_set_str(&py_exc_ValueError, "math domain error");
      return py_float_from(log10(x));)

static py_obj *math_log(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("log", kwnames) < 0 || py_check_args("log", nargs, 1, 2) < 0) return NULL;
  double x, b = 0;
  if (math_arg(args[0], &x) < 0) return NULL;
  if (nargs > 1 && math_arg(args[1], &b) < 0) return NULL;
  if (x <= 0) return py_err_set_str(&py_exc_ValueError, "math domain error");
  return py_float_from(nargs > 1 ? log(x) / log(b) : log(x));
}

static py_obj *floorceil(py_obj *o, bool up) {
  if (py_int_check(o)) return py_int_from(py_int_value(o));
  double x;
  if (math_arg(o, &x) < 0) return NULL;
  return py__int_from_double(up ? ceil(x) : floor(x));
}
static py_obj *math_floor(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("floor", kwnames) < 0 || py_check_args("floor", nargs, 1, 1) < 0) return NULL;
  return floorceil(args[0], false);
}
static py_obj *math_ceil(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("ceil", kwnames) < 0 || py_check_args("ceil", nargs, 1, 1) < 0) return NULL;
  return floorceil(args[0], true);
}
static py_obj *math_pow(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("pow", kwnames) < 0 || py_check_args("pow", nargs, 2, 2) < 0) return NULL;
  double a, b;
  if (math_arg(args[0], &a) < 0 || math_arg(args[1], &b) < 0) return NULL;
  return py_float_from(pow(a, b));
}
static py_obj *math_gcd(ARGS) {
  UNUSED_SELF;
  if (py_check_nokw("gcd", kwnames) < 0) return NULL;
  int64_t g = 0;
  for (py_ssize_t i = 0; i < nargs; i++) {
    int64_t v;
    if (py_index_value(args[i], &v) < 0) return NULL;
    if (v < 0) v = -v;
    while (v) { int64_t t = g % v; g = v; v = t; }
  }
  return py_int_from(g);
}
static py_obj *math_isclose(ARGS) {
  UNUSED_SELF;
  static const char *const kws[] = {"rel_tol", "abs_tol", NULL};
  if (check_kw("isclose", kwnames, kws) < 0 || py_check_args("isclose", nargs, 2, 2) < 0) return NULL;
  double a, b, rt = 1e-9, at = 0;
  if (math_arg(args[0], &a) < 0 || math_arg(args[1], &b) < 0) return NULL;
  py_obj *r = kwarg(args, nargs, kwnames, "rel_tol");
  py_obj *t = kwarg(args, nargs, kwnames, "abs_tol");
  if (r && math_arg(r, &rt) < 0) return NULL;
  if (t && math_arg(t, &at) < 0) return NULL;
  if (a == b) return py_bool_from(true);
  if (isinf(a) || isinf(b)) return py_bool_from(false);
  double d = fabs(b - a);
  return py_bool_from(d <= fabs(rt * b) || d <= fabs(rt * a) || d <= at);
}
static const py_method_def math_defs[] = {
    {"sqrt", math_sqrt, 0}, {"exp", math_exp, 0},     {"sin", math_sin, 0},
    {"cos", math_cos, 0},   {"tan", math_tan, 0},     {"fabs", math_fabs, 0},
    {"isnan", math_isnan, 0}, {"isinf", math_isinf, 0}, {"log", math_log, 0},
    {"log2", math_log2, 0}, {"log10", math_log10, 0}, {"floor", math_floor, 0},
    {"ceil", math_ceil, 0}, {"pow", math_pow, 0},     {"gcd", math_gcd, 0},
    {"isclose", math_isclose, 0}, {NULL, NULL, 0}};

static int set_float(py_obj *d, const char *name, double v) {
  py_obj *o = py_float_from(v);
  if (!o) return -1;
  int rc = py_dict_set_str(d, name, o);
  py_decref(o);
  return rc;
}

static int fill_math(lang_interp *ip, py_obj *d) {
  (void)ip;
  if (add_funcs(d, math_defs, NULL, false) < 0) return -1;
  if (set_float(d, "pi", 3.141592653589793) < 0 || set_float(d, "e", 2.718281828459045) < 0 ||
      set_float(d, "tau", 6.283185307179586) < 0 || set_float(d, "inf", INFINITY) < 0 ||
      set_float(d, "nan", NAN) < 0)
    return -1;
  return 0;
}


/* The known modules, by import name. */
static const struct {
  const char *name;
  int (*fill)(lang_interp *ip, py_obj *dict);
} module_table[] = {
    {"sys", fill_sys},
    {"time", lang__time_fill},
    {"math", fill_math},
    {"asyncio", lang__asyncio_fill},
    {"random", lang__random_fill},
    {"contextlib", lang__contextlib_fill},
    {"threading", lang__threading_fill},
    {"concurrent", lang__concurrent_fill},
    {"concurrent.futures", lang__futures_fill},
    {"concurrent.futures.thread", lang__futures_thread_fill},
    {"concurrent.futures.process", lang__futures_process_fill},
    {"functools", lang__functools_fill},
    {"socket", lang__socket_fill},
    {"signal", lang__signal_fill},
};

py_obj *lang__import(lang_interp *ip, py_obj *name) {
  py_obj *m = py_dict_get(ip->modules, name);
  if (m) return py_newref(m);
  for (size_t i = 0; i < sizeof module_table / sizeof module_table[0]; i++) {
    if (!py_str_eq_cstr(name, module_table[i].name)) continue;
    m = py_module_new(module_table[i].name);
    if (!m) return NULL;
    if (module_table[i].fill(ip, py_module_dict(m)) < 0 ||
        py_dict_set(ip->modules, name, m) < 0) {
      py_decref(m);
      return NULL;
    }
    return m;
  }
  py_obj *msg = py_str_from_format("No module named '%s'", py_str_utf8(name));
  if (!msg) return NULL;
  py_obj *e = py_exc_new(&py_exc_ModuleNotFoundError, &msg, 1);
  py_decref(msg);
  if (!e) return NULL;
  py_setattr(e, PY_ID(name), name);
  py_err_clear();
  return py_err_raise(e);
}

/* ------------------------------------------------------------------ init */

int lang__builtins_init(lang_interp *ip) {
  py_obj *d = py_dict_new();
  if (!d) return -1;
  ip->builtins = d;
  py_obj *modname = py_intern_cstr("builtins");
  if (!modname) return -1;
  int rc = add_funcs(d, builtin_defs, modname, false);
  if (rc == 0) rc = add_funcs(d, unsupported_defs, modname, true);
  py_decref(modname);
  if (rc < 0) return -1;
  static const struct { const char *name; py_type *t; } types[] = {
      {"int", &py_int_type},         {"float", &py_float_type}, {"str", &py_str_type},
      {"bool", &py_bool_type},       {"list", &py_list_type},   {"tuple", &py_tuple_type},
      {"dict", &py_dict_type},       {"set", &py_set_type},     {"frozenset", &py_frozenset_type},
      {"range", &py_range_type},     {"slice", &py_slice_type}, {"type", &py_type_type},
      {"object", &py_object_type},   {"bytes", &py_bytes_type},   {"property", &py_property_type},
      {"staticmethod", &py_staticmethod_type}, {"classmethod", &py_classmethod_type},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (py_dict_set_str(d, types[i].name, &types[i].t->ob) < 0) return -1;
  for (py_type *const *t = py_exc_types; *t; t++) {
    if ((*t)->module) continue;
    if (py_dict_set_str(d, (*t)->name, &(*t)->ob) < 0) return -1;
  }
  if (py_dict_set_str(d, "None", py_None) < 0 || py_dict_set_str(d, "True", py_True) < 0 ||
      py_dict_set_str(d, "False", py_False) < 0 ||
      py_dict_set_str(d, "NotImplemented", py_NotImplemented) < 0 ||
      py_dict_set_str(d, "Ellipsis", py_Ellipsis) < 0)
    return -1;
  if (!(ip->stdout_obj = stream_new(1)) || !(ip->stderr_obj = stream_new(2))) return -1;
  if (!(ip->modules = py_dict_new())) return -1;
  return 0;
}

static py_type *const builtin_types[] = {&lang_stream_type, &enumerate_type, &zip_type,
                                         &map_type, &filter_type, &calliter_type, NULL};

int lang__builtins_types_init(void) {
  for (py_type *const *t = builtin_types; *t; t++)
    if (py__type_ready(*t) < 0) return -1;
  return 0;
}

void lang__builtins_types_fini(void) {
  lang__time_fini();
  lang__contextlib_fini();
  lang__socket_fini();
  for (py_type *const *t = builtin_types; *t; t++) {
    py__type_fini(*t);
    (*t)->flags &= ~(uint32_t)PY_TF_READY;
  }
}
