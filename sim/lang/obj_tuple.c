/* obj_tuple.c: tuple: immutable arrays, CPython's xxHash-based hash, and
 * free lists of small tuples. */
#include "object_int.h"

py_tuple py__empty_tuple = {{PY_IMMORTAL, &py_tuple_type}, 0};

/* Free lists of tuples of 1..TUPLE_FL_SIZES items (blocks with their GC
 * head, unlinked from the collector's list while they wait). */
#define TUPLE_FL_SIZES 16
#define TUPLE_FL_MAX 64
static py_tuple *tuple_fl[TUPLE_FL_SIZES + 1][TUPLE_FL_MAX];
static int tuple_fl_n[TUPLE_FL_SIZES + 1];

static size_t tuple_size(py_ssize_t n) {
  return sizeof(py_tuple) + (size_t)n * sizeof(py_obj *);
}

py_obj *py_tuple_new(py_ssize_t n) {
  if (n == 0) return py_newref(&py__empty_tuple.ob);
  if (n < 0) return py_err_set_str(&py_exc_ValueError, "negative tuple size");
  if (n <= TUPLE_FL_SIZES && tuple_fl_n[n] > 0) {
    py_tuple *t = tuple_fl[n][--tuple_fl_n[n]];
    t->ob.refcnt = 1;
    memset(t->items, 0, (size_t)n * sizeof(py_obj *));
    py__gc_link(&t->ob);
    return &t->ob;
  }
  if ((size_t)n > (PTRDIFF_MAX - sizeof(py_tuple)) / sizeof(py_obj *))
    return py_err_no_memory();
  py_tuple *t = (py_tuple *)py_obj_alloc(&py_tuple_type, tuple_size(n));
  if (!t) return NULL;
  t->size = n;
  return &t->ob;
}

py_obj *py_tuple_from(py_obj *const *items, py_ssize_t n) {
  py_obj *t = py_tuple_new(n);
  if (!t) return NULL;
  for (py_ssize_t i = 0; i < n; i++) ((py_tuple *)t)->items[i] = py_newref(items[i]);
  return t;
}

py_obj *py_tuple_pack(py_ssize_t n, ...) {
  py_obj *t = py_tuple_new(n);
  if (!t) return NULL;
  va_list ap;
  va_start(ap, n);
  for (py_ssize_t i = 0; i < n; i++)
    ((py_tuple *)t)->items[i] = py_newref(va_arg(ap, py_obj *));
  va_end(ap);
  return t;
}

static void tuple_dealloc(py_obj *o) {
  py_tuple *t = (py_tuple *)o;
  py_ssize_t n = t->size;
  for (py_ssize_t i = n; i-- > 0;) py_xdecref(t->items[i]);   /* last first, as CPython */
  if (o->type == &py_tuple_type && n <= TUPLE_FL_SIZES && tuple_fl_n[n] < TUPLE_FL_MAX) {
    py__gc_unlink(o);
    tuple_fl[n][tuple_fl_n[n]++] = t;
    return;
  }
  py_obj_free(o, tuple_size(n));
}

void py__tuple_fini(void) {
  for (int n = 1; n <= TUPLE_FL_SIZES; n++)
    while (tuple_fl_n[n] > 0) {
      py_tuple *t = tuple_fl[n][--tuple_fl_n[n]];
      py__gc_free_unlinked(&t->ob, tuple_size(n));
    }
}

static int tuple_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_tuple *t = (py_tuple *)o;
  for (py_ssize_t i = 0; i < t->size; i++)
    if (t->items[i] && visit(t->items[i], arg)) return 1;
  return 0;
}

static py_obj *tuple_repr(py_obj *o) {
  py_tuple *t = (py_tuple *)o;
  if (t->size == 0) return py_str_from_cstr("()");
  int r = py__repr_enter(o);
  if (r != 0) return r > 0 ? py_str_from_cstr("(...)") : NULL;
  py_obj *s = py__seq_repr(t->items, t->size, "(", t->size == 1 ? ",)" : ")");
  py__repr_leave(o);
  return s;
}

/* CPython 3.8+'s tuplehash (xxHash's mixing). */
#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) ((x << 31) | (x >> 33))

static py_hash_t tuple_hash(py_obj *o) {
  py_tuple *t = (py_tuple *)o;
  uint64_t acc = XXPRIME_5;
  for (py_ssize_t i = 0; i < t->size; i++) {
    py_hash_t h = py_hash(t->items[i]);
    if (h == -1) return -1;
    uint64_t lane = (uint64_t)h;
    acc += lane * XXPRIME_2;
    acc = XXROTATE(acc);
    acc *= XXPRIME_1;
  }
  acc += (uint64_t)t->size ^ (XXPRIME_5 ^ 3527539UL);
  if (acc == (uint64_t)-1) return 1546275796;
  return (py_hash_t)acc;
}

static py_obj *tuple_richcompare(py_obj *a, py_obj *b, int op) {
  if (!py_tuple_check(a) || !py_tuple_check(b)) return py_newref(py_NotImplemented);
  py_tuple *x = (py_tuple *)a, *y = (py_tuple *)b;
  return py__seq_richcompare(x->items, x->size, y->items, y->size, op);
}

static py_ssize_t tuple_len(py_obj *o) { return ((py_tuple *)o)->size; }

static py_obj *tuple_item(py_obj *o, py_ssize_t i) {
  py_tuple *t = (py_tuple *)o;
  if (i < 0 || i >= t->size)
    return py_err_set_str(&py_exc_IndexError, "tuple index out of range");
  return py_newref(t->items[i]);
}

static py_obj *tuple_getitem(py_obj *o, py_obj *key) {
  py_tuple *t = (py_tuple *)o;
  if (key->type == &py_slice_type) {
    py_ssize_t start, stop, step, n;
    if (py_slice_unpack(key, t->size, &start, &stop, &step, &n) < 0) return NULL;
    if (n == t->size && step == 1 && o->type == &py_tuple_type) return py_newref(o);
    py_obj *r = py_tuple_new(n);
    if (!r) return NULL;
    for (py_ssize_t i = 0, k = start; i < n; i++, k += step)
      ((py_tuple *)r)->items[i] = py_newref(t->items[k]);
    return r;
  }
  py_ssize_t i;
  if (py__seq_index(key, t->size, "tuple", &i) < 0) return NULL;
  return tuple_item(o, i);
}

static int tuple_contains(py_obj *o, py_obj *item) {
  py_tuple *t = (py_tuple *)o;
  for (py_ssize_t i = 0; i < t->size; i++) {
    int eq = py__eq(t->items[i], item);
    if (eq) return eq;
  }
  return 0;
}

static py_obj *tuple_concat(py_obj *a, py_obj *b) {
  if (!py_tuple_check(b))
    return py_err_format(&py_exc_TypeError,
                         "can only concatenate tuple (not \"%s\") to tuple",
                         py_type_name(b));
  py_tuple *x = (py_tuple *)a, *y = (py_tuple *)b;
  if (y->size == 0 && a->type == &py_tuple_type) return py_newref(a);
  if (x->size == 0 && b->type == &py_tuple_type) return py_newref(b);
  py_obj *r = py_tuple_new(x->size + y->size);
  if (!r) return NULL;
  for (py_ssize_t i = 0; i < x->size; i++) ((py_tuple *)r)->items[i] = py_newref(x->items[i]);
  for (py_ssize_t i = 0; i < y->size; i++)
    ((py_tuple *)r)->items[x->size + i] = py_newref(y->items[i]);
  return r;
}

static py_obj *tuple_repeat(py_obj *o, py_ssize_t n) {
  py_tuple *t = (py_tuple *)o;
  if (n <= 0 || t->size == 0) return py_tuple_new(0);
  if (n == 1 && o->type == &py_tuple_type) return py_newref(o);
  if (t->size > PTRDIFF_MAX / (py_ssize_t)sizeof(py_obj *) / n) return py_err_no_memory();
  py_obj *r = py_tuple_new(t->size * n);
  if (!r) return NULL;
  py_obj **out = ((py_tuple *)r)->items;
  for (py_ssize_t k = 0; k < n; k++)
    for (py_ssize_t i = 0; i < t->size; i++) *out++ = py_newref(t->items[i]);
  return r;
}

static py_obj *tuple_count(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kw) {
  if (py_check_args("tuple.count", nargs, 1, 1) < 0) return NULL;
  py_tuple *t = (py_tuple *)self;
  py_ssize_t n = 0;
  for (py_ssize_t i = 0; i < t->size; i++) {
    int eq = py__eq(t->items[i], args[0]);
    if (eq < 0) return NULL;
    n += eq;
  }
  return py_int_from(n);
}

static py_obj *tuple_index(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kw) {
  if (py_check_nokw("index", kw) < 0) return NULL;
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "index expected at least 1 argument, got 0");
  if (nargs > 3)
    return py_err_format(&py_exc_TypeError, "index expected at most 3 arguments, got %zd",
                         nargs);
  py_tuple *t = (py_tuple *)self;
  int64_t start = 0, stop = t->size;
  if (nargs > 1 && py_index_value(args[1], &start) < 0) return NULL;
  if (nargs > 2 && py_index_value(args[2], &stop) < 0) return NULL;
  if (start < 0 && (start += t->size) < 0) start = 0;
  if (stop < 0 && (stop += t->size) < 0) stop = 0;
  for (int64_t i = start; i < stop && i < t->size; i++) {
    int eq = py__eq(t->items[i], args[0]);
    if (eq < 0) return NULL;
    if (eq) return py_int_from(i);
  }
  return py_err_set_str(&py_exc_ValueError, "tuple.index(x): x not in tuple");
}

static py_obj *tuple_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames) {
  if (py_check_nokw("tuple", kwnames) < 0) return NULL;
  if (nargs > 1)
    return py_err_format(&py_exc_TypeError, "tuple expected at most 1 argument, got %zd",
                         nargs);
  if (nargs == 0) return py_tuple_new(0);
  return py_sequence_tuple(args[0]);
}

/* -------------------------------------------------------------- iterator */

typedef struct py_seqiter {
  py_obj ob;
  py_obj *seq;        /* NULL once exhausted */
  py_ssize_t index;
} py_seqiter;

static py_obj *tuple_iter(py_obj *o) {
  py_seqiter *it = (py_seqiter *)py_obj_alloc(&py_tuple_iter_type, sizeof(py_seqiter));
  if (!it) return NULL;
  it->seq = py_newref(o);
  return &it->ob;
}

static py_obj *tuple_iter_next(py_obj *o) {
  py_seqiter *it = (py_seqiter *)o;
  py_tuple *t = (py_tuple *)it->seq;
  if (!t) return NULL;
  if (it->index < t->size) return py_newref(t->items[it->index++]);
  PY_CLEAR(it->seq);
  return NULL;
}

static void seqiter_dealloc(py_obj *o) {
  py_xdecref(((py_seqiter *)o)->seq);
  py_obj_free(o, sizeof(py_seqiter));
}

static int seqiter_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_obj *s = ((py_seqiter *)o)->seq;
  return s ? visit(s, arg) : 0;
}

static py_obj *iter_self(py_obj *o) { return py_newref(o); }

py_type py_tuple_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "tuple_iterator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_seqiter),
    .dealloc = seqiter_dealloc,
    .traverse = seqiter_traverse,
    .iter = iter_self,
    .iternext = tuple_iter_next,
};

static const py_method_def tuple_methods[] = {
    {"count", tuple_count, 0},
    {"index", tuple_index, 0},
    {NULL, NULL, 0}};

py_type py_tuple_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "tuple",
    .flags = PY_TF_TUPLE_SUB | PY_TF_GC,
    .basicsize = sizeof(py_tuple),
    .itemsize = sizeof(py_obj *),
    .new_ = tuple_new,
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcompare = tuple_richcompare,
    .iter = tuple_iter,
    .len = tuple_len,
    .getitem = tuple_getitem,
    .sq_item = tuple_item,
    .contains = tuple_contains,
    .sq_concat = tuple_concat,
    .sq_repeat = tuple_repeat,
    .methods = tuple_methods,
};
