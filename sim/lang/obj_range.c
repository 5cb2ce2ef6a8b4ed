/* obj_range.c: range (with its iterator) and slice objects, and the
 * resolution of slice bounds against a sequence length. */
#include "object_int.h"

/* ---------------------------------------------------------------- range */

static int64_t range_length(int64_t start, int64_t stop, int64_t step) {
  __int128 lo = start, hi = stop, st = step;
  if (st > 0) {
    if (lo >= hi) return 0;
    return (int64_t)((hi - lo - 1) / st + 1);
  }
  if (lo <= hi) return 0;
  return (int64_t)((lo - hi - 1) / (-st) + 1);
}

py_obj *py_range_new(int64_t start, int64_t stop, int64_t step) {
  if (step == 0) return py_err_set_str(&py_exc_ValueError, "range() arg 3 must not be zero");
  py_range *r = (py_range *)py_obj_alloc(&py_range_type, sizeof(py_range));
  if (!r) return NULL;
  r->start = start;
  r->stop = stop;
  r->step = step;
  r->len = range_length(start, stop, step);
  return &r->ob;
}

static py_obj *range_tp_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                            py_obj *kwnames) {
  if (py_check_nokw("range", kwnames) < 0) return NULL;
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "range expected at least 1 argument, got 0");
  if (nargs > 3)
    return py_err_format(&py_exc_TypeError, "range expected at most 3 arguments, got %zd",
                         nargs);
  int64_t v[3] = {0, 0, 1};
  for (py_ssize_t i = 0; i < nargs; i++)
    if (py_index_value(args[i], &v[i]) < 0) return NULL;
  if (nargs == 1) return py_range_new(0, v[0], 1);
  return py_range_new(v[0], v[1], nargs == 3 ? v[2] : 1);
}

static void range_dealloc(py_obj *o) { py_obj_free(o, sizeof(py_range)); }

static py_obj *range_repr(py_obj *o) {
  py_range *r = (py_range *)o;
  if (r->step == 1)
    return py_str_from_format("range(%" PRId64 ", %" PRId64 ")", r->start, r->stop);
  return py_str_from_format("range(%" PRId64 ", %" PRId64 ", %" PRId64 ")", r->start,
                            r->stop, r->step);
}

static py_ssize_t range_len(py_obj *o) { return (py_ssize_t)((py_range *)o)->len; }

static int range_bool(py_obj *o) { return ((py_range *)o)->len != 0; }

static py_obj *range_item(py_obj *o, py_ssize_t i) {
  py_range *r = (py_range *)o;
  if (i < 0 || i >= r->len)
    return py_err_set_str(&py_exc_IndexError, "range object index out of range");
  return py_int_from(r->start + (int64_t)i * r->step);
}

static py_obj *range_getitem(py_obj *o, py_obj *key) {
  py_range *r = (py_range *)o;
  if (key->type == &py_slice_type) {
    py_ssize_t start, stop, step, n;
    if (py_slice_unpack(key, (py_ssize_t)r->len, &start, &stop, &step, &n) < 0) return NULL;
    int64_t nstart = r->start + (int64_t)start * r->step;
    int64_t nstep = (int64_t)step * r->step;
    int64_t nstop = nstart + (int64_t)n * nstep;
    return py_range_new(nstart, nstop, nstep);
  }
  int64_t i;
  if (!py_int_check(key) && !key->type->nb_index)
    return py_err_format(&py_exc_TypeError,
                         "range indices must be integers or slices, not %s",
                         py_type_name(key));
  if (py_index_value(key, &i) < 0) return NULL;
  if (i < 0) i += r->len;
  return range_item(o, (py_ssize_t)i);
}

/* Whether the int v is one of the range's values. */
static bool range_has(py_range *r, int64_t v) {
  if (r->len == 0) return false;
  if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop))
    return false;
  return ((__int128)v - r->start) % r->step == 0;
}

static int range_contains(py_obj *o, py_obj *item) {
  py_range *r = (py_range *)o;
  if (py_int_check(item)) return range_has(r, py_int_value(item));
  for (int64_t i = 0; i < r->len; i++) {
    py_obj *v = py_int_from(r->start + i * r->step);
    if (!v) return -1;
    int eq = py_richcompare_bool(v, item, PY_EQ);
    py_decref(v);
    if (eq) return eq;
  }
  return 0;
}

static py_obj *range_richcompare(py_obj *a, py_obj *b, int op) {
  if (b->type != &py_range_type || (op != PY_EQ && op != PY_NE))
    return py_newref(py_NotImplemented);
  py_range *x = (py_range *)a, *y = (py_range *)b;
  bool eq;
  if (x->len != y->len) eq = false;
  else if (x->len == 0) eq = true;
  else if (x->start != y->start) eq = false;
  else if (x->len == 1) eq = true;
  else eq = x->step == y->step;
  return py_bool_from(op == PY_EQ ? eq : !eq);
}

static py_hash_t range_hash(py_obj *o) {
  py_range *r = (py_range *)o;
  py_obj *len = py_int_from(r->len), *start = NULL, *step = NULL;
  py_obj *t = NULL;
  if (!len) return -1;
  if (r->len == 0) {
    t = py_tuple_pack(3, len, py_None, py_None);
  } else {
    start = py_int_from(r->start);
    if (r->len == 1) t = start ? py_tuple_pack(3, len, start, py_None) : NULL;
    else {
      step = py_int_from(r->step);
      t = start && step ? py_tuple_pack(3, len, start, step) : NULL;
    }
  }
  py_decref(len);
  py_xdecref(start);
  py_xdecref(step);
  if (!t) return -1;
  py_hash_t h = py_hash(t);
  py_decref(t);
  return h;
}

static py_obj *range_count(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kw) {
  if (py_check_args("range.count", nargs, 1, 1) < 0) return NULL;
  if (py_int_check(args[0]))
    return py_int_from(range_has((py_range *)self, py_int_value(args[0])));
  int c = range_contains(self, args[0]);
  return c < 0 ? NULL : py_int_from(c);
}

static py_obj *range_index(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kw) {
  if (py_check_args("range.index", nargs, 1, 1) < 0) return NULL;
  py_range *r = (py_range *)self;
  if (py_int_check(args[0]) && range_has(r, py_int_value(args[0])))
    return py_int_from((py_int_value(args[0]) - r->start) / r->step);
  if (!py_int_check(args[0])) {
    for (int64_t i = 0; i < r->len; i++) {
      py_obj *v = py_int_from(r->start + i * r->step);
      if (!v) return NULL;
      int eq = py_richcompare_bool(v, args[0], PY_EQ);
      py_decref(v);
      if (eq < 0) return NULL;
      if (eq) return py_int_from(i);
    }
  }
  py_obj *rep = py_repr(args[0]);
  if (!rep) return NULL;
  py_err_format(&py_exc_ValueError, "%s is not in range", py_str_utf8(rep));
  py_decref(rep);
  return NULL;
}

typedef struct py_range_iter {
  py_obj ob;
  int64_t next, step, left;
} py_range_iter;

static py_obj *range_iter_make(int64_t start, int64_t step, int64_t len) {
  py_range_iter *it = (py_range_iter *)py_obj_alloc(&py_range_iter_type,
                                                    sizeof(py_range_iter));
  if (!it) return NULL;
  it->next = start;
  it->step = step;
  it->left = len;
  return &it->ob;
}

static py_obj *range_iter(py_obj *o) {
  py_range *r = (py_range *)o;
  return range_iter_make(r->start, r->step, r->len);
}

static py_obj *range_reversed(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                              py_obj *kw) {
  py_range *r = (py_range *)self;
  if (r->len == 0) return range_iter_make(0, 1, 0);
  return range_iter_make(r->start + (r->len - 1) * r->step, -r->step, r->len);
}

static py_obj *range_get_start(py_obj *o) { return py_int_from(((py_range *)o)->start); }
static py_obj *range_get_stop(py_obj *o) { return py_int_from(((py_range *)o)->stop); }
static py_obj *range_get_step(py_obj *o) { return py_int_from(((py_range *)o)->step); }

static const py_method_def range_methods[] = {
    {"count", range_count, 0},
    {"index", range_index, 0},
    {"__reversed__", range_reversed, 0},
    {NULL, NULL, 0}};

static const py_getset_def range_getsets[] = {
    {"start", range_get_start, NULL},
    {"stop", range_get_stop, NULL},
    {"step", range_get_step, NULL},
    {NULL, NULL, NULL}};

py_type py_range_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "range",
    .basicsize = sizeof(py_range),
    .new_ = range_tp_new,
    .dealloc = range_dealloc,
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .iter = range_iter,
    .nb_bool = range_bool,
    .len = range_len,
    .getitem = range_getitem,
    .sq_item = range_item,
    .contains = range_contains,
    .methods = range_methods,
    .getsets = range_getsets,
};

static py_obj *range_iter_next(py_obj *o) {
  py_range_iter *it = (py_range_iter *)o;
  if (it->left <= 0) return NULL;
  int64_t v = it->next;
  it->left--;
  it->next += it->left ? it->step : 0;
  return py_int_from(v);
}

static void range_iter_dealloc(py_obj *o) { py_obj_free(o, sizeof(py_range_iter)); }

static py_obj *iter_self(py_obj *o) { return py_newref(o); }

static py_obj *range_iter_length_hint(py_obj *self, py_obj *const *args,
                                      py_ssize_t nargs, py_obj *kw) {
  return py_int_from(((py_range_iter *)self)->left);
}

static const py_method_def range_iter_methods[] = {
    {"__length_hint__", range_iter_length_hint, 0}, {NULL, NULL, 0}};

py_type py_range_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "range_iterator",
    .basicsize = sizeof(py_range_iter),
    .dealloc = range_iter_dealloc,
    .iter = iter_self,
    .iternext = range_iter_next,
    .methods = range_iter_methods,
};

/* ---------------------------------------------------------------- slice */

py_obj *py_slice_new(py_obj *start, py_obj *stop, py_obj *step) {
  py_slice *s = (py_slice *)py_obj_alloc(&py_slice_type, sizeof(py_slice));
  if (!s) return NULL;
  s->start = py_newref(start ? start : py_None);
  s->stop = py_newref(stop ? stop : py_None);
  s->step = py_newref(step ? step : py_None);
  return &s->ob;
}

static int slice_bound(py_obj *v, int64_t *out) {
  if (!py_int_check(v) && !v->type->nb_index) {
    py_err_set_str(&py_exc_TypeError,
                   "slice indices must be integers or None or have an __index__ method");
    return -1;
  }
  return py_index_value(v, out);
}

int py_slice_unpack(py_obj *o, py_ssize_t len, py_ssize_t *start, py_ssize_t *stop,
                    py_ssize_t *step, py_ssize_t *slicelen) {
  py_slice *s = (py_slice *)o;
  int64_t st = 1, a, b;
  if (s->step != py_None) {
    if (slice_bound(s->step, &st) < 0) return -1;
    if (st == 0) {
      py_err_set_str(&py_exc_ValueError, "slice step cannot be zero");
      return -1;
    }
    if (st < -PTRDIFF_MAX) st = -PTRDIFF_MAX;
  }
  if (s->start == py_None) a = st < 0 ? PTRDIFF_MAX : 0;
  else if (slice_bound(s->start, &a) < 0) return -1;
  if (s->stop == py_None) b = st < 0 ? PTRDIFF_MIN : PTRDIFF_MAX;
  else if (slice_bound(s->stop, &b) < 0) return -1;
  /* PySlice_AdjustIndices */
  if (a < 0) {
    a += len;
    if (a < 0) a = st < 0 ? -1 : 0;
  } else if (a >= len) {
    a = st < 0 ? len - 1 : len;
  }
  if (b < 0) {
    b += len;
    if (b < 0) b = st < 0 ? -1 : 0;
  } else if (b >= len) {
    b = st < 0 ? len - 1 : len;
  }
  py_ssize_t n = 0;
  if (st < 0) {
    if (b < a) n = (py_ssize_t)((a - b - 1) / (-st) + 1);
  } else {
    if (a < b) n = (py_ssize_t)((b - a - 1) / st + 1);
  }
  *start = (py_ssize_t)a;
  *stop = (py_ssize_t)b;
  *step = (py_ssize_t)st;
  *slicelen = n;
  return 0;
}

static py_obj *slice_tp_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                            py_obj *kwnames) {
  if (py_check_nokw("slice", kwnames) < 0) return NULL;
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "slice expected at least 1 argument, got 0");
  if (nargs > 3)
    return py_err_format(&py_exc_TypeError, "slice expected at most 3 arguments, got %zd",
                         nargs);
  if (nargs == 1) return py_slice_new(NULL, args[0], NULL);
  return py_slice_new(args[0], args[1], nargs == 3 ? args[2] : NULL);
}

static void slice_dealloc(py_obj *o) {
  py_slice *s = (py_slice *)o;
  py_decref(s->start);
  py_decref(s->stop);
  py_decref(s->step);
  py_obj_free(o, sizeof(py_slice));
}

static py_obj *slice_repr(py_obj *o) {
  py_slice *s = (py_slice *)o;
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_puts(&b, "slice(");
  rc |= py__buf_putrepr(&b, s->start);
  if (!rc) rc |= py__buf_puts(&b, ", ");
  if (!rc) rc |= py__buf_putrepr(&b, s->stop);
  if (!rc) rc |= py__buf_puts(&b, ", ");
  if (!rc) rc |= py__buf_putrepr(&b, s->step);
  if (!rc) rc |= py__buf_putc(&b, ')');
  if (rc) {
    py__buf_free(&b);
    return NULL;
  }
  return py__buf_finish(&b);
}

static py_obj *slice_richcompare(py_obj *a, py_obj *b, int op) {
  if (b->type != &py_slice_type) return py_newref(py_NotImplemented);
  py_slice *x = (py_slice *)a, *y = (py_slice *)b;
  py_obj *xs[3] = {x->start, x->stop, x->step}, *ys[3] = {y->start, y->stop, y->step};
  return py__seq_richcompare(xs, 3, ys, 3, op);
}

static py_obj *slice_indices(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                             py_obj *kw) {
  if (py_check_args("slice.indices", nargs, 1, 1) < 0) return NULL;
  int64_t len;
  if (py_index_value(args[0], &len) < 0) return NULL;
  if (len < 0)
    return py_err_set_str(&py_exc_ValueError, "length should not be negative");
  py_ssize_t a, b, st, n;
  if (py_slice_unpack(self, (py_ssize_t)len, &a, &b, &st, &n) < 0) return NULL;
  py_obj *x = py_int_from(a), *y = py_int_from(b), *z = py_int_from(st);
  py_obj *t = x && y && z ? py_tuple_pack(3, x, y, z) : NULL;
  py_xdecref(x);
  py_xdecref(y);
  py_xdecref(z);
  return t;
}

static py_obj *slice_get_start(py_obj *o) { return py_newref(((py_slice *)o)->start); }
static py_obj *slice_get_stop(py_obj *o) { return py_newref(((py_slice *)o)->stop); }
static py_obj *slice_get_step(py_obj *o) { return py_newref(((py_slice *)o)->step); }

static const py_method_def slice_methods[] = {
    {"indices", slice_indices, 0}, {NULL, NULL, 0}};

static const py_getset_def slice_getsets[] = {
    {"start", slice_get_start, NULL},
    {"stop", slice_get_stop, NULL},
    {"step", slice_get_step, NULL},
    {NULL, NULL, NULL}};

py_type py_slice_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "slice",
    .basicsize = sizeof(py_slice),
    .new_ = slice_tp_new,
    .dealloc = slice_dealloc,
    .repr = slice_repr,
    .richcompare = slice_richcompare,
    .methods = slice_methods,
    .getsets = slice_getsets,
};
