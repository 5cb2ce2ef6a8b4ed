/* obj_ops.c: the abstract operations on any object: repr, str, hash, rich
 * comparison, truth, operator dispatch, items, length, iteration, format. */
#include "deep_int.h"
#include "object_int.h"

/* ---------------------------------------------------------- repr, str */

py_obj *py__check_result(py_obj *r, bool (*ok)(py_obj *), const char *msg) {
  if (r && !ok(r)) {
    py_err_format(&py_exc_TypeError, msg, py_type_name(r));
    PY_CLEAR(r);
  }
  return r;
}

/* The repr, str or comparison of nested containers recurses in C: where
 * the stack runs low (deep_int.h) it goes on on a fresh stack segment. */
typedef struct deep_op {
  py_obj *v, *w;
  int op;  /* -1: repr, -2: str, else the comparison */
  py_obj *r;
} deep_op;

static void deep_op_run(void *p) {
  deep_op *d = p;
  d->r = d->op == -1 ? py_repr(d->v) : d->op == -2 ? py_str(d->v)
                     : py_richcompare(d->v, d->w, d->op);
}

__attribute__((noinline, cold)) static py_obj *deep(py_obj *v, py_obj *w, int op) {
  deep_op d = {.v = v, .w = w, .op = op};
  if (rt_stack_call(LANG_SEGMENT_BYTES, deep_op_run, &d) != RT_OK)
    return py_err_no_memory();
  return d.r;
}

py_obj *py_repr(py_obj *o) {
  if (lang__stack_low(LANG_MARGIN_NEST)) return deep(o, NULL, -1);
  if (py_recursion_enter(" while getting the repr of an object") < 0) return NULL;
  py_obj *r = o->type->repr ? o->type->repr(o) : py__object_repr(o);
  py_recursion_leave();
  return py__check_result(r, py_str_check, "__repr__ returned non-string (type %s)");
}

py_obj *py_str(py_obj *o) {
  if (py_str_check_exact(o)) return py_newref(o);
  if (lang__stack_low(LANG_MARGIN_NEST)) return deep(o, NULL, -2);
  if (py_recursion_enter(" while getting the str of an object") < 0) return NULL;
  py_obj *r = o->type->str ? o->type->str(o) : py_repr(o);
  py_recursion_leave();
  return py__check_result(r, py_str_check, "__str__ returned non-string (type %s)");
}

py_obj *py_ascii(py_obj *o) {
  py_obj *r = py_repr(o);
  if (!r || ((py_strobj *)r)->ascii) return r;
  py_buf b;
  py__buf_init(&b);
  const unsigned char *p = (const unsigned char *)py_str_utf8(r);
  const unsigned char *end = p + py_str_size(r);
  while (p < end) {
    uint32_t c = py__utf8_next(&p);
    int rc;
    if (c < 0x80) rc = py__buf_putc(&b, (char)c);
    else if (c < 0x100) rc = py__buf_printf(&b, "\\x%02x", c);
    else if (c < 0x10000) rc = py__buf_printf(&b, "\\u%04x", c);
    else rc = py__buf_printf(&b, "\\U%08x", c);
    if (rc < 0) {
      py__buf_free(&b);
      py_decref(r);
      return NULL;
    }
  }
  py_decref(r);
  return py__buf_finish(&b);
}

/* ----------------------------------------------------------------- hash */

py_hash_t py_hash(py_obj *o) {
  py_hashfn h = o->type->hash;
  if (!h) {
    py_err_format(&py_exc_TypeError, "unhashable type: '%s'", py_type_name(o));
    return -1;
  }
  return h(o);
}

/* ----------------------------------------------------------- comparison */

static const int swapped_op[6] = {PY_GT, PY_GE, PY_EQ, PY_NE, PY_LT, PY_LE};
static const char *const op_symbol[6] = {"<", "<=", "==", "!=", ">", ">="};

static py_obj *do_richcompare(py_obj *v, py_obj *w, int op) {
  py_richcmpfn fv = v->type->richcompare, fw = w->type->richcompare;
  bool checked_reverse = false;
  py_obj *r;
  if (v->type != w->type && fw && py_type_is_subtype(w->type, v->type)) {
    checked_reverse = true;
    r = fw(w, v, swapped_op[op]);
    if (r != py_NotImplemented) return r;
    py_decref(r);
  }
  if (fv) {
    r = fv(v, w, op);
    if (r != py_NotImplemented) return r;
    py_decref(r);
  }
  if (!checked_reverse && fw) {
    r = fw(w, v, swapped_op[op]);
    if (r != py_NotImplemented) return r;
    py_decref(r);
  }
  if (op == PY_EQ) return py_bool_from(v == w);
  if (op == PY_NE) return py_bool_from(v != w);
  return py_err_format(&py_exc_TypeError,
                       "'%s' not supported between instances of '%s' and '%s'",
                       op_symbol[op], py_type_name(v), py_type_name(w));
}

py_obj *py_richcompare(py_obj *v, py_obj *w, int op) {
  if (lang__stack_low(LANG_MARGIN_NEST)) return deep(v, w, op);
  if (py_recursion_enter(" in comparison") < 0) return NULL;
  py_obj *r = do_richcompare(v, w, op);
  py_recursion_leave();
  return r;
}

int py_richcompare_bool(py_obj *v, py_obj *w, int op) {
  if (v == w) {
    if (op == PY_EQ) return 1;
    if (op == PY_NE) return 0;
  }
  if (v->type == &py_int_type && w->type == &py_int_type)
    return py__compare_ints(py_int_value(v), py_int_value(w), op);
  if ((op == PY_EQ || op == PY_NE) && v->type == &py_str_type &&
      w->type == &py_str_type)
    return py_str_eq(v, w) == (op == PY_EQ);
  py_obj *r = py_richcompare(v, w, op);
  if (!r) return -1;
  int t;
  if (r == py_True) t = 1;
  else if (r == py_False) t = 0;
  else t = py_is_true(r);
  py_decref(r);
  return t;
}

/* ---------------------------------------------------------------- truth */

int py_is_true(py_obj *o) {
  if (o == py_True) return 1;
  if (o == py_False || o == py_None) return 0;
  py_type *t = o->type;
  if (t->nb_bool) return t->nb_bool(o);
  if (t->len) {
    py_ssize_t n = t->len(o);
    return n < 0 ? -1 : n > 0;
  }
  return 1;
}

py_obj *py_not(py_obj *o) {
  int t = py_is_true(o);
  return t < 0 ? NULL : py_bool_from(!t);
}

/* ------------------------------------------------------------ operators */

static const char *const binop_sym[PY_OP__COUNT] = {
    "+", "-", "*", "@", "/", "//", "%", "divmod()", "** or pow()", "<<", ">>",
    "&", "^", "|"};
static const char *const binop_isym[PY_OP__COUNT] = {
    "+=", "-=", "*=", "@=", "/=", "//=", "%=", "divmod()", "**=", "<<=", ">>=",
    "&=", "^=", "|="};

const char *py_binop_symbol(py_binop op) { return binop_sym[op]; }
const char *py_binop_inplace_symbol(py_binop op) { return binop_isym[op]; }

/* CPython's binary_op1: the number slots of both operands. */
static py_obj *binary_op1(py_obj *a, py_obj *b, int op) {
  py_binaryfn slotv = a->type->nb[op];
  py_binaryfn slotw = b->type != a->type ? b->type->nb[op] : NULL;
  if (slotw == slotv) slotw = NULL;
  py_obj *x;
  if (slotv) {
    if (slotw && py_type_is_subtype(b->type, a->type)) {
      x = slotw(a, b);
      if (x != py_NotImplemented) return x;
      py_decref(x);
      slotw = NULL;
    }
    x = slotv(a, b);
    if (x != py_NotImplemented) return x;
    py_decref(x);
  }
  if (slotw) return slotw(a, b);
  return py_newref(py_NotImplemented);
}

static py_obj *sequence_repeat(py_repeatfn repeat, py_obj *seq, py_obj *n) {
  if (!py_int_check(n) && !n->type->nb_index)
    return py_err_format(&py_exc_TypeError,
                         "can't multiply sequence by non-int of type '%s'",
                         py_type_name(n));
  int64_t count;
  if (py_index_value(n, &count) < 0) return NULL;
  if (count > PTRDIFF_MAX / 2) return py_err_no_memory();
  return repeat(seq, (py_ssize_t)count);
}

static py_obj *binop_type_error(py_obj *a, py_obj *b, const char *sym) {
  return py_err_format(&py_exc_TypeError,
                       "unsupported operand type(s) for %s: '%s' and '%s'", sym,
                       py_type_name(a), py_type_name(b));
}

py_obj *py_binary_op(py_obj *a, py_obj *b, py_binop op) {
  py_obj *x = binary_op1(a, b, op);
  if (x != py_NotImplemented) return x;
  py_decref(x);
  if (op == PY_OP_ADD && a->type->sq_concat) return a->type->sq_concat(a, b);
  if (op == PY_OP_MUL) {
    if (a->type->sq_repeat) return sequence_repeat(a->type->sq_repeat, a, b);
    if (b->type->sq_repeat) return sequence_repeat(b->type->sq_repeat, b, a);
  }
  return binop_type_error(a, b, binop_sym[op]);
}

py_obj *py_inplace_op(py_obj *a, py_obj *b, py_binop op) {
  py_binaryfn islot = a->type->nb_inplace[op];
  if (islot) {
    py_obj *x = islot(a, b);
    if (x != py_NotImplemented) return x;
    py_decref(x);
  }
  py_obj *x = binary_op1(a, b, op);
  if (x != py_NotImplemented) return x;
  py_decref(x);
  if (op == PY_OP_ADD) {
    if (a->type->sq_inplace_concat) return a->type->sq_inplace_concat(a, b);
    if (a->type->sq_concat) return a->type->sq_concat(a, b);
  }
  if (op == PY_OP_MUL) {
    if (a->type->sq_inplace_repeat)
      return sequence_repeat(a->type->sq_inplace_repeat, a, b);
    if (a->type->sq_repeat) return sequence_repeat(a->type->sq_repeat, a, b);
    if (b->type->sq_repeat) return sequence_repeat(b->type->sq_repeat, b, a);
  }
  return binop_type_error(a, b, binop_isym[op]);
}

py_obj *py_pow3(py_obj *a, py_obj *b, py_obj *m) {
  if (!m || m == py_None) return py_binary_op(a, b, PY_OP_POW);
  if (!py_int_check(a) || !py_int_check(b) || !py_int_check(m)) {
    if (py_float_check(a) || py_float_check(b) || py_float_check(m))
      return py_err_set_str(&py_exc_TypeError,
                            "pow() 3rd argument not allowed unless all "
                            "arguments are integers");
    return py_err_format(&py_exc_TypeError,
                         "unsupported operand type(s) for ** or pow(): '%s', "
                         "'%s', '%s'",
                         py_type_name(a), py_type_name(b), py_type_name(m));
  }
  int64_t base = py_int_value(a), e = py_int_value(b), mod = py_int_value(m);
  if (mod == 0)
    return py_err_set_str(&py_exc_ValueError, "pow() 3rd argument cannot be 0");
  if (e < 0)
    return py_err_set_str(&py_exc_ValueError,
                          "base is not invertible for the given modulus");
  __int128 mm = mod < 0 ? -(__int128)mod : mod;
  __int128 r = 1 % mm, x = ((base % mm) + mm) % mm;
  while (e > 0) {
    if (e & 1) r = r * x % mm;
    x = x * x % mm;
    e >>= 1;
  }
  if (mod < 0 && r != 0) r -= mm;
  return py_int_from((int64_t)r);
}

static py_obj *unary_error(const char *sym, py_obj *o) {
  return py_err_format(&py_exc_TypeError, "bad operand type for %s: '%s'", sym,
                       py_type_name(o));
}

py_obj *py_neg(py_obj *o) {
  return o->type->nb_neg ? o->type->nb_neg(o) : unary_error("unary -", o);
}
py_obj *py_pos(py_obj *o) {
  return o->type->nb_pos ? o->type->nb_pos(o) : unary_error("unary +", o);
}
py_obj *py_invert(py_obj *o) {
  return o->type->nb_invert ? o->type->nb_invert(o) : unary_error("unary ~", o);
}
py_obj *py_abs(py_obj *o) {
  return o->type->nb_abs ? o->type->nb_abs(o) : unary_error("abs()", o);
}

/* ------------------------------------------------------------- numbers */

py_obj *py_number_index(py_obj *o) {
  if (py_int_check(o)) return py_newref(o);
  if (o->type->nb_index) return o->type->nb_index(o);
  return py_err_format(&py_exc_TypeError,
                       "'%s' object cannot be interpreted as an integer",
                       py_type_name(o));
}

int py_index_value(py_obj *o, int64_t *out) {
  if (py_int_check(o)) {
    *out = py_int_value(o);
    return 0;
  }
  py_obj *i = py_number_index(o);
  if (!i) return -1;
  *out = py_int_value(i);
  py_decref(i);
  return 0;
}

py_obj *py_number_int(py_obj *o) {
  if (py_int_check_exact(o)) return py_newref(o);
  if (py_int_check(o)) return py_int_from(py_int_value(o));
  if (o->type->nb_int) return o->type->nb_int(o);
  if (o->type->nb_index) return o->type->nb_index(o);
  if (py_str_check(o)) return py_int_from_str(o, 10);
  return py_err_format(&py_exc_TypeError,
                       "int() argument must be a string, a bytes-like object "
                       "or a real number, not '%s'",
                       py_type_name(o));
}

py_obj *py_number_float(py_obj *o) {
  if (o->type == &py_float_type) return py_newref(o);
  if (py_float_check(o)) return py_float_from(py_float_value(o));
  if (o->type->nb_float) return o->type->nb_float(o);
  if (o->type->nb_index) {
    py_obj *i = o->type->nb_index(o);
    if (!i) return NULL;
    py_obj *f = py_float_from((double)py_int_value(i));
    py_decref(i);
    return f;
  }
  if (py_str_check(o)) return py_float_from_str(o);
  return py_err_format(&py_exc_TypeError,
                       "float() argument must be a string or a real number, "
                       "not '%s'",
                       py_type_name(o));
}

/* ---------------------------------------------------------- containers */

py_obj *py_getitem(py_obj *o, py_obj *key) {
  py_type *t = o->type;
  if (t->getitem) return t->getitem(o, key);
  if (t->sq_item) {
    int64_t i;
    if (!py_int_check(key) && !key->type->nb_index)
      return py_err_format(&py_exc_TypeError,
                           "sequence index must be integer, not '%s'",
                           py_type_name(key));
    if (py_index_value(key, &i) < 0) return NULL;
    if (i < 0 && t->len) {
      py_ssize_t n = t->len(o);
      if (n < 0) return NULL;
      i += n;
    }
    return t->sq_item(o, (py_ssize_t)i);
  }
  if (PY_TYPE_CHECK(o)) return py__class_getitem((py_type *)o, key);
  return py_err_format(&py_exc_TypeError, "'%s' object is not subscriptable",
                       py_type_name(o));
}

int py_setitem(py_obj *o, py_obj *key, py_obj *value) {
  if (o->type->setitem) return o->type->setitem(o, key, value);
  py_err_format(&py_exc_TypeError, "'%s' object does not support item assignment",
                py_type_name(o));
  return -1;
}

int py_delitem(py_obj *o, py_obj *key) {
  if (o->type->setitem) return o->type->setitem(o, key, NULL);
  py_err_format(&py_exc_TypeError, "'%s' object doesn't support item deletion",
                py_type_name(o));
  return -1;
}

py_ssize_t py_len(py_obj *o) {
  if (o->type->len) return o->type->len(o);
  py_err_format(&py_exc_TypeError, "object of type '%s' has no len()",
                py_type_name(o));
  return -1;
}

int py_contains(py_obj *o, py_obj *item) {
  if (o->type->contains) return o->type->contains(o, item);
  if (!o->type->iter && !o->type->sq_item && !o->type->getitem) {
    py_err_format(&py_exc_TypeError, "argument of type '%s' is not iterable",
                  py_type_name(o));
    return -1;
  }
  py_obj *it = py_iter(o);
  if (!it) return -1;
  py_obj *x;
  int found = 0;
  while ((x = py_iter_next(it))) {
    int eq = py__eq(x, item);
    py_decref(x);
    if (eq != 0) {
      found = eq;
      break;
    }
  }
  py_decref(it);
  if (!found && py_err_occurred()) return -1;
  return found;
}

/* ----------------------------------------------------------- iteration */

typedef struct py_seq_iter {
  py_obj ob;
  py_obj *seq;     /* NULL once exhausted */
  py_ssize_t index;
} py_seq_iter;

py_obj *py_iter(py_obj *o) {
  py_type *t = o->type;
  if (t->iter) {
    py_obj *it = t->iter(o);
    if (it && !it->type->iternext) {
      py_err_format(&py_exc_TypeError, "iter() returned non-iterator of type '%s'",
                    py_type_name(it));
      PY_CLEAR(it);
    }
    return it;
  }
  if (t->sq_item || (t->getitem && !py_dict_check(o))) {
    py_seq_iter *si = (py_seq_iter *)py_obj_alloc(&py_seq_iter_type,
                                                  sizeof(py_seq_iter));
    if (!si) return NULL;
    si->seq = py_newref(o);
    return &si->ob;
  }
  return py_err_format(&py_exc_TypeError, "'%s' object is not iterable",
                       py_type_name(o));
}

py_obj *py_iter_next(py_obj *it) {
  py_unaryfn f = it->type->iternext;
  if (!f)
    return py_err_format(&py_exc_TypeError, "'%s' object is not an iterator",
                         py_type_name(it));
  py_obj *r = f(it);
  if (!r && py_err_matches(&py_exc_StopIteration)) py_err_clear();
  return r;
}

static py_obj *seq_iter_next(py_obj *o) {
  py_seq_iter *si = (py_seq_iter *)o;
  if (!si->seq) return NULL;
  py_obj *idx = py_int_from(si->index);
  if (!idx) return NULL;
  py_obj *r = py_getitem(si->seq, idx);
  py_decref(idx);
  if (r) {
    si->index++;
    return r;
  }
  if (py_err_matches(&py_exc_IndexError) || py_err_matches(&py_exc_StopIteration)) {
    py_err_clear();
    PY_CLEAR(si->seq);
  }
  return NULL;
}

static py_obj *self_iter(py_obj *o) { return py_newref(o); }

static void seq_iter_dealloc(py_obj *o) {
  py_xdecref(((py_seq_iter *)o)->seq);
  py_obj_free(o, sizeof(py_seq_iter));
}

static int seq_iter_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_obj *s = ((py_seq_iter *)o)->seq;
  return s ? visit(s, arg) : 0;
}

static void seq_iter_clear(py_obj *o) { PY_CLEAR(((py_seq_iter *)o)->seq); }

py_type py_seq_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "iterator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_seq_iter),
    .dealloc = seq_iter_dealloc,
    .traverse = seq_iter_traverse,
    .clear = seq_iter_clear,
    .iter = self_iter,
    .iternext = seq_iter_next,
};

py_obj *py_sequence_list(py_obj *iterable) {
  if (py_list_check(iterable))
    return py_list_from(((py_list *)iterable)->items, py_list_len(iterable));
  if (py_tuple_check(iterable))
    return py_list_from(((py_tuple *)iterable)->items, py_tuple_len(iterable));
  py_obj *l = py_list_new(0);
  if (!l) return NULL;
  if (py_list_extend(l, iterable) < 0) {
    py_decref(l);
    return NULL;
  }
  return l;
}

py_obj *py_sequence_tuple(py_obj *iterable) {
  if (iterable->type == &py_tuple_type) return py_newref(iterable);
  if (py_list_check(iterable)) return py_list_as_tuple(iterable);
  py_obj *l = py_sequence_list(iterable);
  if (!l) return NULL;
  py_obj *t = py_list_as_tuple(l);
  py_decref(l);
  return t;
}

/* -------------------------------------------------------------- format */

py_obj *py_format(py_obj *o, py_obj *spec) {
  bool empty = !spec || py_str_len(spec) == 0;
  if (empty) {
    if (py_str_check_exact(o)) return py_newref(o);
    if (o->type == &py_int_type || o->type == &py_float_type) return py_str(o);
  }
  py_obj *own = NULL;
  if (!spec) {
    spec = own = py_str_empty();
  }
  py_obj *r;
  if (!o->type->format)
    r = py__object_format(o, spec);
  else
    r = o->type->format(o, spec);
  py_xdecref(own);
  if (r && !py_str_check(r)) {
    py_err_format(&py_exc_TypeError, "__format__ must return a str, not %s",
                  py_type_name(r));
    PY_CLEAR(r);
  }
  return r;
}

/* --------------------------------------------------------------- round */

py_obj *py_round(py_obj *x, py_obj *ndigits) {
  if (ndigits == py_None) ndigits = NULL;
  py_obj *f = py_type_lookup(x->type, PY_ID(__round__));
  if (!f)
    return py_err_format(&py_exc_TypeError,
                         "type %s doesn't define __round__ method",
                         py_type_name(x));
  py_obj *r;
  py_incref(f);
  if (f->type->flags & PY_TF_METHOD_DESCR)
    r = ndigits ? py_call2(f, x, ndigits) : py_call1(f, x);
  else {
    py_obj *bound = f->type->descr_get ? f->type->descr_get(f, x, x->type)
                                       : py_newref(f);
    r = !bound ? NULL : ndigits ? py_call1(bound, ndigits) : py_call0(bound);
    py_xdecref(bound);
  }
  py_decref(f);
  return r;
}

/* ------------------------------------------------------ sequence helpers */

py_obj *py__seq_repr(py_obj *const *items, py_ssize_t n, const char *open,
                     const char *close) {
  py_buf b;
  py__buf_init(&b);
  if (py__buf_puts(&b, open) < 0) goto fail;
  for (py_ssize_t i = 0; i < n; i++) {
    if (i && py__buf_put(&b, ", ", 2) < 0) goto fail;
    if (py__buf_putrepr(&b, items[i]) < 0) goto fail;
  }
  if (py__buf_puts(&b, close) < 0) goto fail;
  return py__buf_finish(&b);
fail:
  py__buf_free(&b);
  return NULL;
}

py_obj *py__seq_richcompare(py_obj *const *a, py_ssize_t na,
                            py_obj *const *b, py_ssize_t nb, int op) {
  if ((op == PY_EQ || op == PY_NE) && na != nb) return py_bool_from(op == PY_NE);
  py_ssize_t i;
  for (i = 0; i < na && i < nb; i++) {
    int eq = py__eq(a[i], b[i]);
    if (eq < 0) return NULL;
    if (!eq) break;
  }
  if (i >= na || i >= nb) return py_bool_from(py__compare_ints(na, nb, op));
  if (op == PY_EQ) return py_bool_from(false);
  if (op == PY_NE) return py_bool_from(true);
  return py_richcompare(a[i], b[i], op);
}

int py__seq_index(py_obj *key, py_ssize_t n, const char *seqname,
                  py_ssize_t *out) {
  int64_t i;
  if (py_int_check(key)) {
    i = py_int_value(key);
  } else if (key->type->nb_index) {
    if (py_index_value(key, &i) < 0) return -1;
  } else {
    py_err_format(&py_exc_TypeError, "%s indices must be integers or slices, not %s",
                  seqname, py_type_name(key));
    return -1;
  }
  if (i < 0) i += n;
  *out = (py_ssize_t)i;
  return 0;
}

/* --------------------------------------------------- argument checking */

int py_check_nokw(const char *fname, py_obj *kwnames) {
  if (kwnames && py_tuple_len(kwnames) > 0) {
    py_err_format(&py_exc_TypeError, "%s() takes no keyword arguments", fname);
    return -1;
  }
  return 0;
}

int py_check_args(const char *fname, py_ssize_t nargs, py_ssize_t min,
                  py_ssize_t max) {
  if (nargs >= min && nargs <= max) return 0;
  if (max == 0)
    py_err_format(&py_exc_TypeError, "%s() takes no arguments (%zd given)", fname, nargs);
  else if (min == 1 && max == 1)
    py_err_format(&py_exc_TypeError, "%s() takes exactly one argument (%zd given)", fname,
                  nargs);
  else if (min == max)
    py_err_format(&py_exc_TypeError, "%s expected %zd argument%s, got %zd", fname, min,
                  min == 1 ? "" : "s", nargs);
  else if (nargs < min)
    py_err_format(&py_exc_TypeError, "%s expected at least %zd argument%s, got %zd", fname,
                  min, min == 1 ? "" : "s", nargs);
  else
    py_err_format(&py_exc_TypeError, "%s expected at most %zd argument%s, got %zd", fname,
                  max, max == 1 ? "" : "s", nargs);
  return -1;
}

int py_parse_args(const char *fname, py_obj *const *args, py_ssize_t nargs,
                  py_obj *kwnames, const char *const *names, int n,
                  int npos_only, py_obj **out) {
  if (nargs > n) {
    py_err_format(&py_exc_TypeError, "%s() takes at most %d argument%s (%zd given)", fname,
                  n, n == 1 ? "" : "s", nargs);
    return -1;
  }
  for (int i = 0; i < n; i++) out[i] = i < nargs ? args[i] : NULL;
  py_ssize_t nkw = kwnames ? py_tuple_len(kwnames) : 0;
  for (py_ssize_t k = 0; k < nkw; k++) {
    py_obj *kn = py_tuple_get(kwnames, k);
    int found = -1;
    for (int i = npos_only; i < n; i++)
      if (py_str_eq_cstr(kn, names[i])) {
        found = i;
        break;
      }
    if (found < 0) {
      py_err_format(&py_exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                    py_str_utf8(kn), fname);
      return -1;
    }
    if (found < nargs) {
      py_err_format(&py_exc_TypeError,
                    "argument for %s() given by name ('%s') and position (%d)", fname,
                    names[found], found + 1);
      return -1;
    }
    out[found] = args[nargs + k];
  }
  return 0;
}

/* ------------------------------------------ None, NotImplemented, ... */

static py_obj *none_repr(py_obj *o) { return py_str_from_cstr("None"); }
static int none_bool(py_obj *o) { return 0; }
/* NoneType(), type(NotImplemented)(), type(...)(): the one instance. */
static py_obj *singleton_new(py_type *t, py_ssize_t nargs, py_obj *kwnames,
                             py_obj *instance) {
  if (nargs || (kwnames && py_tuple_len(kwnames)))
    return py_err_format(&py_exc_TypeError, "%s takes no arguments", t->name);
  return py_newref(instance);
}
static py_obj *none_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames) {
  return singleton_new(t, nargs, kwnames, py_None);
}
static void immortal_dealloc(py_obj *o) { (void)o; }

py_type py_none_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "NoneType",
    .basicsize = sizeof(py_obj),
    .new_ = none_new,
    .dealloc = immortal_dealloc,
    .repr = none_repr,
    .nb_bool = none_bool,
};

static py_obj *notimpl_repr(py_obj *o) { return py_str_from_cstr("NotImplemented"); }
static py_obj *notimpl_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kwnames) {
  return singleton_new(t, nargs, kwnames, py_NotImplemented);
}

py_type py_notimpl_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "NotImplementedType",
    .basicsize = sizeof(py_obj),
    .new_ = notimpl_new,
    .dealloc = immortal_dealloc,
    .repr = notimpl_repr,
};

static py_obj *ellipsis_repr(py_obj *o) { return py_str_from_cstr("Ellipsis"); }
static py_obj *ellipsis_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                            py_obj *kwnames) {
  return singleton_new(t, nargs, kwnames, py_Ellipsis);
}

py_type py_ellipsis_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "ellipsis",
    .basicsize = sizeof(py_obj),
    .new_ = ellipsis_new,
    .dealloc = immortal_dealloc,
    .repr = ellipsis_repr,
};
