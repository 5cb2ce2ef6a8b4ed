/* obj_list.c: list: growable arrays, slice assignment, and a stable sort
 * that makes CPython's comparisons in CPython's order for short lists. */
#include "object_int.h"

/* Free list of list objects (their item arrays are freed). */
#define LIST_FL_MAX 80
static py_list *list_fl[LIST_FL_MAX];
static int list_fl_n;

py_obj *py_list_new(py_ssize_t cap) {
  py_list *l;
  if (list_fl_n > 0) {
    l = list_fl[--list_fl_n];
    l->ob.refcnt = 1;
    py__gc_link(&l->ob);
  } else {
    l = (py_list *)py_obj_alloc(&py_list_type, sizeof(py_list));
    if (!l) return NULL;
  }
  l->size = 0;
  l->cap = 0;
  l->items = NULL;
  if (cap > 0) {
    l->items = py_mem_alloc((size_t)cap * sizeof(py_obj *));
    if (!l->items) {
      py_decref(&l->ob);
      return NULL;
    }
    l->cap = cap;
  }
  return &l->ob;
}

void py__list_fini(void) {
  while (list_fl_n > 0) py__gc_free_unlinked(&list_fl[--list_fl_n]->ob, sizeof(py_list));
}

/* CPython's over-allocation: ~1/8 extra, so appends are amortized O(1). */
static int list_resize(py_list *l, py_ssize_t newsize) {
  if (newsize <= l->cap && newsize >= l->cap / 2) {
    l->size = newsize;
    return 0;
  }
  size_t cap = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
  if (newsize - l->size > (py_ssize_t)(cap - (size_t)newsize))
    cap = ((size_t)newsize + 3) & ~(size_t)3;
  if (newsize == 0) cap = 0;
  if (cap > (size_t)PTRDIFF_MAX / sizeof(py_obj *)) {
    py_err_no_memory();
    return -1;
  }
  py_obj **items;
  if (cap == 0) {
    py_mem_free(l->items, (size_t)l->cap * sizeof(py_obj *));
    items = NULL;
  } else {
    items = py_mem_realloc(l->items, (size_t)l->cap * sizeof(py_obj *),
                           cap * sizeof(py_obj *));
    if (!items) return -1;
  }
  l->items = items;
  l->cap = (py_ssize_t)cap;
  l->size = newsize;
  return 0;
}

py_obj *py_list_from(py_obj *const *items, py_ssize_t n) {
  py_obj *l = py_list_new(n);
  if (!l) return NULL;
  for (py_ssize_t i = 0; i < n; i++) ((py_list *)l)->items[i] = py_newref(items[i]);
  ((py_list *)l)->size = n;
  return l;
}

void py_list_set(py_obj *l, py_ssize_t i, py_obj *v) {
  py_list *x = (py_list *)l;
  py_obj *old = x->items[i];
  x->items[i] = py_newref(v);
  py_xdecref(old);
}

int py_list_append(py_obj *l, py_obj *v) {
  py_list *x = (py_list *)l;
  py_ssize_t n = x->size;
  if (n < x->cap) {
    x->items[n] = py_newref(v);
    x->size = n + 1;
    return 0;
  }
  if (list_resize(x, n + 1) < 0) return -1;
  x->items[n] = py_newref(v);
  return 0;
}

int py_list_append_steal(py_obj *l, py_obj *v) {
  int r = py_list_append(l, v);
  py_decref(v);
  return r;
}

int py_list_insert(py_obj *l, py_ssize_t i, py_obj *v) {
  py_list *x = (py_list *)l;
  py_ssize_t n = x->size;
  if (i < 0) {
    i += n;
    if (i < 0) i = 0;
  }
  if (i > n) i = n;
  if (list_resize(x, n + 1) < 0) return -1;
  memmove(x->items + i + 1, x->items + i, (size_t)(n - i) * sizeof(py_obj *));
  x->items[i] = py_newref(v);
  return 0;
}

int py_list_extend(py_obj *l, py_obj *iterable) {
  py_list *x = (py_list *)l;
  if (py_list_check(iterable) || py_tuple_check(iterable)) {
    py_ssize_t m = py_list_check(iterable) ? py_list_len(iterable) : py_tuple_len(iterable);
    py_ssize_t n = x->size;
    if (m == 0) return 0;
    if (list_resize(x, n + m) < 0) return -1;
    /* l.extend(l) reads the items just written: take them from the new
     * array */
    py_obj **src = py_list_check(iterable) ? ((py_list *)iterable)->items
                                           : ((py_tuple *)iterable)->items;
    for (py_ssize_t i = 0; i < m; i++) x->items[n + i] = py_newref(src[i]);
    return 0;
  }
  py_obj *it = py_iter(iterable);
  if (!it) return -1;
  py_obj *v;
  while ((v = py_iter_next(it))) {
    if (py_list_append_steal(l, v) < 0) {
      py_decref(it);
      return -1;
    }
  }
  py_decref(it);
  return py_err_occurred() ? -1 : 0;
}

void py_list_reverse(py_obj *l) {
  py_list *x = (py_list *)l;
  for (py_ssize_t i = 0, j = x->size - 1; i < j; i++, j--) {
    py_obj *t = x->items[i];
    x->items[i] = x->items[j];
    x->items[j] = t;
  }
}

py_obj *py_list_as_tuple(py_obj *l) {
  return py_tuple_from(((py_list *)l)->items, py_list_len(l));
}

py_obj *py_list_slice(py_obj *l, py_ssize_t lo, py_ssize_t hi) {
  return py_list_from(((py_list *)l)->items + lo, hi - lo);
}

/* Drop every item (they may run code when freed: detach first). */
static void list_clear_items(py_list *x) {
  py_obj **items = x->items;
  py_ssize_t n = x->size, cap = x->cap;
  x->items = NULL;
  x->size = x->cap = 0;
  for (py_ssize_t i = n; i-- > 0;) py_xdecref(items[i]);   /* last first, as CPython */
  py_mem_free(items, (size_t)cap * sizeof(py_obj *));
}

static void list_dealloc(py_obj *o) {
  py_list *x = (py_list *)o;
  list_clear_items(x);
  if (o->type == &py_list_type && list_fl_n < LIST_FL_MAX) {
    py__gc_unlink(o);
    list_fl[list_fl_n++] = x;
    return;
  }
  py_obj_free(o, (size_t)o->type->basicsize);
}

static int list_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_list *x = (py_list *)o;
  for (py_ssize_t i = 0; i < x->size; i++)
    if (x->items[i] && visit(x->items[i], arg)) return 1;
  return 0;
}

static void list_gc_clear(py_obj *o) { list_clear_items((py_list *)o); }

static py_obj *list_repr(py_obj *o) {
  py_list *x = (py_list *)o;
  if (x->size == 0) return py_str_from_cstr("[]");
  int r = py__repr_enter(o);
  if (r != 0) return r > 0 ? py_str_from_cstr("[...]") : NULL;
  /* items may change while their reprs run: build item by item */
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_putc(&b, '[');
  for (py_ssize_t i = 0; i < x->size && !rc; i++) {
    if (i) rc = py__buf_put(&b, ", ", 2);
    py_obj *it = py_newref(x->items[i]);
    if (!rc) rc = py__buf_putrepr(&b, it);
    py_decref(it);
  }
  if (!rc) rc = py__buf_putc(&b, ']');
  py__repr_leave(o);
  return py__buf_finish_rc(&b, rc);
}

static py_obj *list_richcompare(py_obj *a, py_obj *b, int op) {
  if (!py_list_check(a) || !py_list_check(b)) return py_newref(py_NotImplemented);
  py_list *x = (py_list *)a, *y = (py_list *)b;
  if ((op == PY_EQ || op == PY_NE) && x->size != y->size) return py_bool_from(op == PY_NE);
  /* items can change under __eq__: re-check bounds each step */
  py_ssize_t i;
  for (i = 0; i < x->size && i < y->size; i++) {
    py_obj *p = py_newref(x->items[i]), *q = py_newref(y->items[i]);
    int eq = py__eq(p, q);
    py_decref(p);
    py_decref(q);
    if (eq < 0) return NULL;
    if (!eq) break;
  }
  if (i >= x->size || i >= y->size) return py_bool_from(py__compare_ints(x->size, y->size, op));
  if (op == PY_EQ) return py_bool_from(false);
  if (op == PY_NE) return py_bool_from(true);
  return py_richcompare(x->items[i], y->items[i], op);
}

static py_ssize_t list_len(py_obj *o) { return ((py_list *)o)->size; }

static py_obj *list_item(py_obj *o, py_ssize_t i) {
  py_list *x = (py_list *)o;
  if (i < 0 || i >= x->size)
    return py_err_set_str(&py_exc_IndexError, "list index out of range");
  return py_newref(x->items[i]);
}

static py_obj *list_getitem(py_obj *o, py_obj *key) {
  py_list *x = (py_list *)o;
  if (py_int_check(key)) {
    int64_t i = py_int_value(key);
    if (i < 0) i += x->size;
    if (i < 0 || i >= x->size)
      return py_err_set_str(&py_exc_IndexError, "list index out of range");
    return py_newref(x->items[i]);
  }
  if (key->type == &py_slice_type) {
    py_ssize_t start, stop, step, n;
    if (py_slice_unpack(key, x->size, &start, &stop, &step, &n) < 0) return NULL;
    if (step == 1) return py_list_from(x->items + start, n);
    py_obj *r = py_list_new(n);
    if (!r) return NULL;
    for (py_ssize_t i = 0, k = start; i < n; i++, k += step)
      ((py_list *)r)->items[i] = py_newref(x->items[k]);
    ((py_list *)r)->size = n;
    return r;
  }
  py_ssize_t i;
  if (py__seq_index(key, x->size, "list", &i) < 0) return NULL;
  return list_item(o, i);
}

/* l[lo:hi] = items (a fresh array of m references, consumed). */
static int list_assign_slice(py_list *x, py_ssize_t lo, py_ssize_t hi,
                             py_obj *seq) {
  py_obj **src = NULL;
  py_ssize_t m = 0;
  py_obj *own = NULL;
  if (seq) {
    if (&x->ob == seq || !(py_list_check(seq) || py_tuple_check(seq))) {
      own = py_sequence_list(seq);
      if (!own) return -1;
      seq = own;
    }
    m = py_list_check(seq) ? py_list_len(seq) : py_tuple_len(seq);
    src = py_list_check(seq) ? ((py_list *)seq)->items : ((py_tuple *)seq)->items;
  }
  py_ssize_t n = hi - lo;
  py_ssize_t size = x->size;
  py_obj **old = NULL;
  if (n > 0) {
    old = py_mem_alloc((size_t)n * sizeof(py_obj *));
    if (!old) {
      py_xdecref(own);
      return -1;
    }
    memcpy(old, x->items + lo, (size_t)n * sizeof(py_obj *));
  }
  if (m > n) {
    if (list_resize(x, size + m - n) < 0) {
      if (old) py_mem_free(old, (size_t)n * sizeof(py_obj *));
      py_xdecref(own);
      return -1;
    }
    memmove(x->items + hi + (m - n), x->items + hi, (size_t)(size - hi) * sizeof(py_obj *));
  } else if (m < n) {
    memmove(x->items + lo + m, x->items + hi, (size_t)(size - hi) * sizeof(py_obj *));
    list_resize(x, size - (n - m));
  }
  for (py_ssize_t i = 0; i < m; i++) x->items[lo + i] = py_newref(src[i]);
  for (py_ssize_t i = 0; i < n; i++) py_decref(old[i]);
  if (old) py_mem_free(old, (size_t)n * sizeof(py_obj *));
  py_xdecref(own);
  return 0;
}

static int list_setitem(py_obj *o, py_obj *key, py_obj *value) {
  py_list *x = (py_list *)o;
  if (key->type == &py_slice_type) {
    py_ssize_t start, stop, step, n;
    if (py_slice_unpack(key, x->size, &start, &stop, &step, &n) < 0) return -1;
    if (step == 1) {
      if (stop < start) stop = start;
      return list_assign_slice(x, start, stop, value);
    }
    if (!value) {
      /* del l[a:b:c]: keep the others, in order */
      if (n <= 0) return 0;
      if (step < 0) {
        start = start + step * (n - 1);
        step = -step;
      }
      py_obj **gone = py_mem_alloc((size_t)n * sizeof(py_obj *));
      if (!gone) return -1;
      py_ssize_t w = start, g = 0;
      for (py_ssize_t r = start; r < x->size; r++) {
        if (g < n && r == start + g * step) {
          gone[g++] = x->items[r];
          continue;
        }
        x->items[w++] = x->items[r];
      }
      list_resize(x, w);
      for (py_ssize_t i = 0; i < n; i++) py_decref(gone[i]);
      py_mem_free(gone, (size_t)n * sizeof(py_obj *));
      return 0;
    }
    py_obj *seq = py_sequence_list(value);
    if (!seq) return -1;
    if (py_list_len(seq) != n) {
      py_err_format(&py_exc_ValueError,
                    "attempt to assign sequence of size %zd to extended slice of size %zd",
                    py_list_len(seq), n);
      py_decref(seq);
      return -1;
    }
    for (py_ssize_t i = 0, k = start; i < n; i++, k += step) {
      py_obj *old = x->items[k];
      x->items[k] = py_newref(py_list_get(seq, i));
      py_decref(old);
    }
    py_decref(seq);
    return 0;
  }
  py_ssize_t i;
  if (py__seq_index(key, x->size, "list", &i) < 0) return -1;
  if (i < 0 || i >= x->size) {
    py_err_set_str(&py_exc_IndexError, "list assignment index out of range");
    return -1;
  }
  py_obj *old = x->items[i];
  if (value) {
    x->items[i] = py_newref(value);
  } else {
    memmove(x->items + i, x->items + i + 1, (size_t)(x->size - i - 1) * sizeof(py_obj *));
    list_resize(x, x->size - 1);
  }
  py_decref(old);
  return 0;
}

static int list_contains(py_obj *o, py_obj *item) {
  py_list *x = (py_list *)o;
  for (py_ssize_t i = 0; i < x->size; i++) {
    py_obj *it = py_newref(x->items[i]);
    int eq = py__eq(it, item);
    py_decref(it);
    if (eq) return eq;
  }
  return 0;
}

static py_obj *list_concat(py_obj *a, py_obj *b) {
  if (!py_list_check(b))
    return py_err_format(&py_exc_TypeError,
                         "can only concatenate list (not \"%s\") to list",
                         py_type_name(b));
  py_list *x = (py_list *)a, *y = (py_list *)b;
  py_obj *r = py_list_new(x->size + y->size);
  if (!r) return NULL;
  py_list *z = (py_list *)r;
  for (py_ssize_t i = 0; i < x->size; i++) z->items[i] = py_newref(x->items[i]);
  for (py_ssize_t i = 0; i < y->size; i++) z->items[x->size + i] = py_newref(y->items[i]);
  z->size = x->size + y->size;
  return r;
}

static py_obj *list_repeat(py_obj *o, py_ssize_t n) {
  py_list *x = (py_list *)o;
  if (n <= 0 || x->size == 0) return py_list_new(0);
  if (x->size > PTRDIFF_MAX / (py_ssize_t)sizeof(py_obj *) / n) return py_err_no_memory();
  py_obj *r = py_list_new(x->size * n);
  if (!r) return NULL;
  py_obj **out = ((py_list *)r)->items;
  for (py_ssize_t k = 0; k < n; k++)
    for (py_ssize_t i = 0; i < x->size; i++) *out++ = py_newref(x->items[i]);
  ((py_list *)r)->size = x->size * n;
  return r;
}

static py_obj *list_inplace_concat(py_obj *a, py_obj *b) {
  if (py_list_extend(a, b) < 0) return NULL;
  return py_newref(a);
}

static py_obj *list_inplace_repeat(py_obj *o, py_ssize_t n) {
  py_list *x = (py_list *)o;
  if (n <= 0) {
    list_clear_items(x);
    return py_newref(o);
  }
  py_ssize_t size = x->size;
  if (n == 1 || size == 0) return py_newref(o);
  if (size > PTRDIFF_MAX / (py_ssize_t)sizeof(py_obj *) / n) return py_err_no_memory();
  if (list_resize(x, size * n) < 0) return NULL;
  for (py_ssize_t k = 1; k < n; k++)
    for (py_ssize_t i = 0; i < size; i++) x->items[k * size + i] = py_newref(x->items[i]);
  return py_newref(o);
}

/* ------------------------------------------------------------------ sort */

/* Comparison: 1 if a < b, 0 if not, -1 on error. */
#define ISLT(a, b) py_richcompare_bool((a), (b), PY_LT)

static void reverse_slices(py_obj **k, py_obj **v, py_ssize_t lo, py_ssize_t hi) {
  for (py_ssize_t i = lo, j = hi - 1; i < j; i++, j--) {
    py_obj *t = k[i];
    k[i] = k[j];
    k[j] = t;
    if (v) {
      t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
  }
}

/* CPython's count_run: the length of the run at lo; descending runs are
 * strict (so reversing keeps the sort stable). */
static py_ssize_t count_run(py_obj **k, py_ssize_t lo, py_ssize_t hi, bool *desc) {
  *desc = false;
  if (lo + 1 >= hi) return 1;
  py_ssize_t n = 2;
  int c = ISLT(k[lo + 1], k[lo]);
  if (c < 0) return -1;
  if (c) {
    *desc = true;
    for (py_ssize_t i = lo + 2; i < hi; i++, n++) {
      c = ISLT(k[i], k[i - 1]);
      if (c < 0) return -1;
      if (!c) break;
    }
  } else {
    for (py_ssize_t i = lo + 2; i < hi; i++, n++) {
      c = ISLT(k[i], k[i - 1]);
      if (c < 0) return -1;
      if (c) break;
    }
  }
  return n;
}

/* CPython's binarysort: [lo, start) is sorted; insert start..hi. */
static int binary_sort(py_obj **k, py_obj **v, py_ssize_t lo, py_ssize_t hi,
                       py_ssize_t start) {
  for (; start < hi; start++) {
    py_ssize_t l = lo, r = start;
    py_obj *pivot = k[r], *pv = v ? v[r] : NULL;
    do {
      py_ssize_t p = l + ((r - l) >> 1);
      int c = ISLT(pivot, k[p]);
      if (c < 0) return -1;
      if (c) r = p;
      else l = p + 1;
    } while (l < r);
    for (py_ssize_t p = start; p > l; p--) {
      k[p] = k[p - 1];
      if (v) v[p] = v[p - 1];
    }
    k[l] = pivot;
    if (v) v[l] = pv;
  }
  return 0;
}

static py_ssize_t compute_minrun(py_ssize_t n) {
  py_ssize_t r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

/* Merge the adjacent sorted runs [lo, mid) and [mid, hi), stably. */
static int merge_runs(py_obj **k, py_obj **v, py_ssize_t lo, py_ssize_t mid,
                      py_ssize_t hi, py_obj **tk, py_obj **tv) {
  py_ssize_t na = mid - lo;
  memcpy(tk, k + lo, (size_t)na * sizeof(py_obj *));
  if (v) memcpy(tv, v + lo, (size_t)na * sizeof(py_obj *));
  py_ssize_t i = 0, j = mid, d = lo;
  int err = 0;
  while (i < na && j < hi) {
    int c = err ? 0 : ISLT(k[j], tk[i]);
    if (c < 0) {
      err = 1;
      c = 0;
    }
    if (c) {
      k[d] = k[j];
      if (v) v[d] = v[j];
      j++;
    } else {
      k[d] = tk[i];
      if (v) v[d] = tv[i];
      i++;
    }
    d++;
  }
  while (i < na) {
    k[d] = tk[i];
    if (v) v[d] = tv[i];
    i++;
    d++;
  }
  return err ? -1 : 0;
}

int py__sort_array(py_obj **k, py_obj **v, py_ssize_t n) {
  if (n < 2) return 0;
  py_ssize_t minrun = compute_minrun(n);
  /* run boundaries */
  py_ssize_t cap = n / (minrun ? minrun : 1) + 2, nruns = 0;
  py_ssize_t *runs = py_mem_alloc((size_t)cap * sizeof(py_ssize_t));
  if (!runs) return -1;
  runs[nruns++] = 0;
  py_ssize_t lo = 0;
  int rc = 0;
  while (lo < n) {
    bool desc;
    py_ssize_t r = count_run(k, lo, n, &desc);
    if (r < 0) {
      rc = -1;
      break;
    }
    if (desc) reverse_slices(k, v, lo, lo + r);
    if (r < minrun) {
      py_ssize_t force = n - lo <= minrun ? n - lo : minrun;
      if (binary_sort(k, v, lo, lo + force, lo + r) < 0) {
        rc = -1;
        break;
      }
      r = force;
    }
    lo += r;
    if (nruns == cap) {
      py_ssize_t *nr = py_mem_realloc(runs, (size_t)cap * sizeof(py_ssize_t),
                                      (size_t)cap * 2 * sizeof(py_ssize_t));
      if (!nr) {
        rc = -1;
        break;
      }
      runs = nr;
      cap *= 2;
    }
    runs[nruns++] = lo;
  }
  if (rc == 0 && nruns > 2) {
    py_obj **tk = py_mem_alloc((size_t)n * sizeof(py_obj *));
    py_obj **tv = v ? py_mem_alloc((size_t)n * sizeof(py_obj *)) : NULL;
    if (!tk || (v && !tv)) {
      rc = -1;
    } else {
      /* merge neighbours pairwise until one run is left */
      while (nruns > 2 && rc == 0) {
        py_ssize_t w = 1;
        for (py_ssize_t i = 0; i + 2 < nruns; i += 2) {
          if (merge_runs(k, v, runs[i], runs[i + 1], runs[i + 2], tk, tv) < 0) rc = -1;
          runs[w++] = runs[i + 2];
        }
        if ((nruns - 1) % 2) runs[w++] = runs[nruns - 1];
        nruns = w;
        if (runs[nruns - 1] != n) runs[nruns++] = n;
      }
    }
    if (tk) py_mem_free(tk, (size_t)n * sizeof(py_obj *));
    if (tv) py_mem_free(tv, (size_t)n * sizeof(py_obj *));
  }
  py_mem_free(runs, (size_t)cap * sizeof(py_ssize_t));
  return rc;
}

int py_list_sort(py_obj *l, py_obj *key, bool reverse) {
  py_list *x = (py_list *)l;
  /* Detach the items: the list looks empty while keys and comparisons
   * run, and changes made meanwhile are detected. */
  py_obj **items = x->items;
  py_ssize_t n = x->size, cap = x->cap;
  x->items = NULL;
  x->size = x->cap = 0;
  py_obj **keys = NULL;
  int rc = 0;
  if (key && key != py_None && n > 0) {
    keys = py_mem_alloc((size_t)n * sizeof(py_obj *));
    if (!keys) rc = -1;
    for (py_ssize_t i = 0; i < n && rc == 0; i++) {
      keys[i] = py_call1(key, items[i]);
      if (!keys[i]) {
        for (py_ssize_t j = 0; j < i; j++) py_decref(keys[j]);
        py_mem_free(keys, (size_t)n * sizeof(py_obj *));
        keys = NULL;
        rc = -1;
      }
    }
  }
  if (rc == 0) {
    if (reverse) reverse_slices(keys ? keys : items, keys ? items : NULL, 0, n);
    rc = py__sort_array(keys ? keys : items, keys ? items : NULL, n);
    if (reverse) reverse_slices(keys ? keys : items, keys ? items : NULL, 0, n);
  }
  if (keys) {
    for (py_ssize_t i = 0; i < n; i++) py_decref(keys[i]);
    py_mem_free(keys, (size_t)n * sizeof(py_obj *));
  }
  bool modified = x->items != NULL || x->size != 0;
  if (modified) list_clear_items(x);
  x->items = items;
  x->size = n;
  x->cap = cap;
  if (modified && rc == 0) {
    py_err_set_str(&py_exc_ValueError, "list modified during sort");
    rc = -1;
  }
  return rc;
}

/* --------------------------------------------------------------- methods */

#define METHOD(name) \
  static py_obj *name(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames)

METHOD(list_append_m) {
  if (py_check_nokw("append", kwnames) < 0) return NULL;
  if (py_check_args("list.append", nargs, 1, 1) < 0) return NULL;
  if (py_list_append(self, args[0]) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(list_extend_m) {
  if (py_check_nokw("extend", kwnames) < 0) return NULL;
  if (py_check_args("list.extend", nargs, 1, 1) < 0) return NULL;
  if (py_list_extend(self, args[0]) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(list_insert_m) {
  if (py_check_nokw("insert", kwnames) < 0) return NULL;
  if (py_check_args("insert", nargs, 2, 2) < 0) return NULL;
  int64_t i;
  if (py_index_value(args[0], &i) < 0) return NULL;
  if (i > PTRDIFF_MAX / 2) i = PTRDIFF_MAX / 2;
  if (i < -PTRDIFF_MAX / 2) i = -PTRDIFF_MAX / 2;
  if (py_list_insert(self, (py_ssize_t)i, args[1]) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(list_pop_m) {
  if (py_check_nokw("pop", kwnames) < 0) return NULL;
  if (py_check_args("pop", nargs, 0, 1) < 0) return NULL;
  py_list *x = (py_list *)self;
  int64_t i = -1;
  if (nargs == 1 && py_index_value(args[0], &i) < 0) return NULL;
  if (x->size == 0) return py_err_set_str(&py_exc_IndexError, "pop from empty list");
  if (i < 0) i += x->size;
  if (i < 0 || i >= x->size)
    return py_err_set_str(&py_exc_IndexError, "pop index out of range");
  py_obj *v = x->items[i];
  memmove(x->items + i, x->items + i + 1, (size_t)(x->size - i - 1) * sizeof(py_obj *));
  list_resize(x, x->size - 1);
  return v;
}

METHOD(list_remove_m) {
  if (py_check_args("list.remove", nargs, 1, 1) < 0) return NULL;
  py_list *x = (py_list *)self;
  for (py_ssize_t i = 0; i < x->size; i++) {
    py_obj *it = py_newref(x->items[i]);
    int eq = py__eq(it, args[0]);
    py_decref(it);
    if (eq < 0) return NULL;
    if (eq) {
      if (i >= x->size) break;
      py_obj *v = x->items[i];
      memmove(x->items + i, x->items + i + 1, (size_t)(x->size - i - 1) * sizeof(py_obj *));
      list_resize(x, x->size - 1);
      py_decref(v);
      return py_newref(py_None);
    }
  }
  return py_err_set_str(&py_exc_ValueError, "list.remove(x): x not in list");
}

METHOD(list_index_m) {
  if (py_check_nokw("index", kwnames) < 0) return NULL;
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "index expected at least 1 argument, got 0");
  if (nargs > 3)
    return py_err_format(&py_exc_TypeError, "index expected at most 3 arguments, got %zd",
                         nargs);
  py_list *x = (py_list *)self;
  int64_t start = 0, stop = PTRDIFF_MAX;
  if (nargs > 1 && py_index_value(args[1], &start) < 0) return NULL;
  if (nargs > 2 && py_index_value(args[2], &stop) < 0) return NULL;
  if (start < 0 && (start += x->size) < 0) start = 0;
  if (stop < 0 && (stop += x->size) < 0) stop = 0;
  for (int64_t i = start; i < stop && i < x->size; i++) {
    py_obj *it = py_newref(x->items[i]);
    int eq = py__eq(it, args[0]);
    py_decref(it);
    if (eq < 0) return NULL;
    if (eq) return py_int_from(i);
  }
  py_obj *r = py_repr(args[0]);
  if (!r) return NULL;
  py_err_format(&py_exc_ValueError, "%s is not in list", py_str_utf8(r));
  py_decref(r);
  return NULL;
}

METHOD(list_count_m) {
  if (py_check_args("list.count", nargs, 1, 1) < 0) return NULL;
  py_list *x = (py_list *)self;
  py_ssize_t n = 0;
  for (py_ssize_t i = 0; i < x->size; i++) {
    py_obj *it = py_newref(x->items[i]);
    int eq = py__eq(it, args[0]);
    py_decref(it);
    if (eq < 0) return NULL;
    n += eq;
  }
  return py_int_from(n);
}

METHOD(list_clear_m) {
  if (py_check_args("list.clear", nargs, 0, 0) < 0) return NULL;
  list_clear_items((py_list *)self);
  return py_newref(py_None);
}

METHOD(list_copy_m) {
  if (py_check_args("list.copy", nargs, 0, 0) < 0) return NULL;
  return py_list_from(((py_list *)self)->items, py_list_len(self));
}

METHOD(list_reverse_m) {
  if (py_check_args("list.reverse", nargs, 0, 0) < 0) return NULL;
  py_list_reverse(self);
  return py_newref(py_None);
}

METHOD(list_sort_m) {
  if (nargs > 0)
    return py_err_set_str(&py_exc_TypeError, "sort() takes no positional arguments");
  static const char *const names[] = {"key", "reverse"};
  py_obj *a[2];
  if (py_parse_args("sort", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  int rev = 0;
  if (a[1] && (rev = py_is_true(a[1])) < 0) return NULL;
  if (py_list_sort(self, a[0], rev) < 0) return NULL;
  return py_newref(py_None);
}

static py_obj *list_reversed_iter(py_obj *o);

METHOD(list_reversed_m) { return list_reversed_iter(self); }

static py_obj *list_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames) {
  if (t == &py_list_type) return py_list_new(0);
  return py_obj_alloc(t, (size_t)t->basicsize);
}

static int list_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                     py_obj *kwnames) {
  if (self->type == &py_list_type && py_check_nokw("list", kwnames) < 0) return -1;
  if (py_check_args("list", nargs, 0, 1) < 0) return -1;
  list_clear_items((py_list *)self);
  if (nargs == 1) return py_list_extend(self, args[0]);
  return 0;
}

/* ------------------------------------------------------------- iterators */

typedef struct py_listiter {
  py_obj ob;
  py_obj *list;      /* NULL once exhausted */
  py_ssize_t index;
} py_listiter;

static py_obj *make_iter(py_obj *o, py_type *t, py_ssize_t start) {
  py_listiter *it = (py_listiter *)py_obj_alloc(t, sizeof(py_listiter));
  if (!it) return NULL;
  it->list = py_newref(o);
  it->index = start;
  return &it->ob;
}

static py_obj *list_iter(py_obj *o) { return make_iter(o, &py_list_iter_type, 0); }

static py_obj *list_reversed_iter(py_obj *o) {
  return make_iter(o, &py_list_reviter_type, py_list_len(o) - 1);
}

static py_obj *list_iter_next(py_obj *o) {
  py_listiter *it = (py_listiter *)o;
  py_list *l = (py_list *)it->list;
  if (!l) return NULL;
  if (it->index < l->size) return py_newref(l->items[it->index++]);
  PY_CLEAR(it->list);
  return NULL;
}

static py_obj *list_reviter_next(py_obj *o) {
  py_listiter *it = (py_listiter *)o;
  py_list *l = (py_list *)it->list;
  if (!l) return NULL;
  if (it->index >= 0 && it->index < l->size) return py_newref(l->items[it->index--]);
  PY_CLEAR(it->list);
  return NULL;
}

static void listiter_dealloc(py_obj *o) {
  py_xdecref(((py_listiter *)o)->list);
  py_obj_free(o, sizeof(py_listiter));
}

static int listiter_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_obj *l = ((py_listiter *)o)->list;
  return l ? visit(l, arg) : 0;
}

static py_obj *iter_self(py_obj *o) { return py_newref(o); }

static py_obj *listiter_length_hint(py_obj *self, py_obj *const *args,
                                    py_ssize_t nargs, py_obj *kw) {
  py_listiter *it = (py_listiter *)self;
  py_ssize_t n = 0;
  if (it->list) {
    if (self->type == &py_list_iter_type) n = py_list_len(it->list) - it->index;
    else n = it->index + 1;
  }
  return py_int_from(n < 0 ? 0 : n);
}

static const py_method_def listiter_methods[] = {
    {"__length_hint__", listiter_length_hint, 0}, {NULL, NULL, 0}};

py_type py_list_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "list_iterator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_listiter),
    .dealloc = listiter_dealloc,
    .traverse = listiter_traverse,
    .iter = iter_self,
    .iternext = list_iter_next,
    .methods = listiter_methods,
};

py_type py_list_reviter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "list_reverseiterator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_listiter),
    .dealloc = listiter_dealloc,
    .traverse = listiter_traverse,
    .iter = iter_self,
    .iternext = list_reviter_next,
    .methods = listiter_methods,
};

static const py_method_def list_methods[] = {
    {"append", list_append_m, 0},   {"extend", list_extend_m, 0},
    {"insert", list_insert_m, 0},   {"pop", list_pop_m, 0},
    {"remove", list_remove_m, 0},   {"index", list_index_m, 0},
    {"count", list_count_m, 0},     {"clear", list_clear_m, 0},
    {"copy", list_copy_m, 0},       {"reverse", list_reverse_m, 0},
    {"sort", list_sort_m, 0},       {"__reversed__", list_reversed_m, 0},
    {NULL, NULL, 0}};

py_type py_list_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "list",
    .flags = PY_TF_LIST_SUB | PY_TF_GC | PY_TF_BASETYPE,
    .basicsize = sizeof(py_list),
    .new_ = list_new,
    .init = list_init,
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_gc_clear,
    .repr = list_repr,
    .richcompare = list_richcompare,
    .iter = list_iter,
    .len = list_len,
    .getitem = list_getitem,
    .setitem = list_setitem,
    .sq_item = list_item,
    .contains = list_contains,
    .sq_concat = list_concat,
    .sq_repeat = list_repeat,
    .sq_inplace_concat = list_inplace_concat,
    .sq_inplace_repeat = list_inplace_repeat,
    .methods = list_methods,
};
