/* obj_core.c: memory, reference counting, the error indicator, the cycle
 * collector, and the object layer's start and end. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object_int.h"
#include "rt.h"

/* ------------------------------------------------------------- memory */

static size_t mem_used;
static size_t mem_limit = PY_MEM_DEFAULT_LIMIT;
static bool mem_bypass;   /* raising MemoryError may pass the cap */

/* Small blocks (up to SMALL_MAX bytes) freed are kept on a free list per
 * 16-byte size class and handed out again before malloc is asked: the
 * evaluator makes and frees the same few objects over and over (each
 * `await asyncio.sleep(0)` makes and frees four), and malloc plus free
 * cost more than the rest of such an object's life. A small block is
 * always allocated at its class's full size, so any block of a class fits
 * any request of that class. That relies on every py_mem_free and
 * py_mem_realloc passing the size the block was allocated with (the
 * accounting of mem_used relies on it already): sanitizer builds keep no
 * lists and check that instead, in a header before each block. The lists
 * live under the GIL, like mem_used; py_shutdown empties them. */
#define SMALL_MAX 256
#define SMALL_KEEP 4096          /* blocks kept per class at most */
#define SMALL_CLASSES (SMALL_MAX / 16 + 1)

typedef struct small_block {
  struct small_block *next;
} small_block;

#if defined(COROSCOPE_ASAN) || defined(COROSCOPE_TSAN)
#define SIZE_CHECKED 1
#define HDR 16                   /* keeps the block 16-byte aligned */
#else
#define SIZE_CHECKED 0
#define HDR 0
static small_block *small_free[SMALL_CLASSES];
static uint32_t small_kept[SMALL_CLASSES];
#endif

static size_t small_class(size_t n) { return (n + 15) / 16; }

/* malloc for n bytes (n > 0): a kept small block, or one of its class's
 * full size; in checked builds a header records n. */
static void *block_get(size_t n) {
#if SIZE_CHECKED
  char *p = rt_malloc(n + HDR);
  if (!p) return NULL;
  memcpy(p, &n, sizeof n);
  return p + HDR;
#else
  if (n > SMALL_MAX) return rt_malloc(n);
  size_t c = small_class(n);
  small_block *b = small_free[c];
  if (b) {
    small_free[c] = b->next;
    small_kept[c]--;
    return b;
  }
  return rt_malloc(c * 16);
#endif
}

#if SIZE_CHECKED
static void *block_base(void *p, size_t n) {
  char *base = (char *)p - HDR;
  size_t had;
  memcpy(&had, base, sizeof had);
  if (had != n) {
    fprintf(stderr, "py_mem: a block of %zu bytes freed or resized as %zu\n", had, n);
    abort();
  }
  return base;
}
#endif

static void block_put(void *p, size_t n) {
#if SIZE_CHECKED
  rt_free(block_base(p, n));
#else
  size_t c = small_class(n);
  if (n > SMALL_MAX || small_kept[c] >= SMALL_KEEP) {
    rt_free(p);
    return;
  }
  small_block *b = p;
  b->next = small_free[c];
  small_free[c] = b;
  small_kept[c]++;
#endif
}

/* Give every kept block back (py_shutdown). */
static void small_trim(void) {
#if !SIZE_CHECKED
  for (size_t c = 0; c < SMALL_CLASSES; c++) {
    while (small_free[c]) {
      small_block *b = small_free[c];
      small_free[c] = b->next;
      rt_free(b);
    }
    small_kept[c] = 0;
  }
#endif
}

void *py_mem_alloc(size_t n) {
  if (n == 0) n = 1;
  if (mem_limit && !mem_bypass && (n > mem_limit || mem_used > mem_limit - n)) {
    py_err_no_memory();
    return NULL;
  }
  void *p = block_get(n);
  if (!p) {
    py_err_no_memory();
    return NULL;
  }
  mem_used += n;
  return p;
}

void *py_mem_realloc(void *p, size_t oldn, size_t n) {
  if (!p) return py_mem_alloc(n);
  if (n == 0) n = 1;
  if (oldn == 0) oldn = 1;
  if (n > oldn && mem_limit && !mem_bypass &&
      (n - oldn > mem_limit || mem_used > mem_limit - (n - oldn))) {
    py_err_no_memory();
    return NULL;
  }
  void *q;
  if (SIZE_CHECKED || oldn <= SMALL_MAX || n <= SMALL_MAX) {
    /* to or from a small block: a new block of the right kind */
    if (!SIZE_CHECKED && oldn <= SMALL_MAX && n <= SMALL_MAX && small_class(oldn) == small_class(n)) {
      q = p;   /* the same class: it fits already */
    } else if ((q = block_get(n)) != NULL) {
      memcpy(q, p, oldn < n ? oldn : n);
      block_put(p, oldn);
    }
  } else {
    q = rt_realloc(p, n);
  }
  if (!q) {
    py_err_no_memory();
    return NULL;
  }
  mem_used = mem_used - oldn + n;
  return q;
}

void py_mem_free(void *p, size_t n) {
  if (!p) return;
  if (n == 0) n = 1;
  mem_used -= n;
  block_put(p, n);
}

void py_mem_set_limit(size_t bytes) { mem_limit = bytes; }
size_t py_mem_limit(void) { return mem_limit; }
size_t py_mem_used(void) { return mem_used; }

/* -------------------------------------------------------- thread state */

static _Thread_local py_tstate ts_default;
static _Thread_local py_tstate *ts_current;
static int recursion_limit = 1000;

py_tstate *py_tstate_get(void) {
  py_tstate *t = ts_current;
  return t ? t : &ts_default;
}

py_tstate *py_tstate_swap(py_tstate *ts) {
  py_tstate *old = py_tstate_get();
  ts_current = ts;
  return old;
}

void py_tstate_init(py_tstate *ts) { memset(ts, 0, sizeof *ts); }

void py_tstate_close(py_tstate *ts) {
  PY_CLEAR(ts->exc);
  py_mem_free(ts->repr_stack, (size_t)ts->repr_cap * sizeof(py_obj *));
  ts->repr_stack = NULL;
  ts->repr_n = ts->repr_cap = 0;
  ts->depth = 0;
}

int py_recursion_enter(const char *where) {
  py_tstate *ts = py_tstate_get();
  if (++ts->depth > recursion_limit) {
    ts->depth--;
    py_err_format(&py_exc_RecursionError, "maximum recursion depth exceeded%s",
                  where ? where : "");
    return -1;
  }
  return 0;
}

void py_recursion_leave(void) { py_tstate_get()->depth--; }
void py_set_recursion_limit(int limit) { recursion_limit = limit; }
int py_get_recursion_limit(void) { return recursion_limit; }

int py__repr_enter(py_obj *o) {
  py_tstate *ts = py_tstate_get();
  for (py_ssize_t i = 0; i < ts->repr_n; i++)
    if (ts->repr_stack[i] == o) return 1;
  if (ts->repr_n == ts->repr_cap) {
    py_ssize_t ncap = ts->repr_cap ? ts->repr_cap * 2 : 16;
    py_obj **ns = py_mem_realloc(ts->repr_stack,
                                 (size_t)ts->repr_cap * sizeof(py_obj *),
                                 (size_t)ncap * sizeof(py_obj *));
    if (!ns) return -1;
    ts->repr_stack = ns;
    ts->repr_cap = ncap;
  }
  ts->repr_stack[ts->repr_n++] = o;
  return 0;
}

void py__repr_leave(py_obj *o) {
  py_tstate *ts = py_tstate_get();
  for (py_ssize_t i = ts->repr_n - 1; i >= 0; i--) {
    if (ts->repr_stack[i] == o) {
      memmove(ts->repr_stack + i, ts->repr_stack + i + 1,
              (size_t)(ts->repr_n - i - 1) * sizeof(py_obj *));
      ts->repr_n--;
      return;
    }
  }
}

/* -------------------------------------------------------------- errors */

py_obj *py_err_occurred(void) { return py_tstate_get()->exc; }

void py_err_restore(py_obj *exc) {
  py_tstate *ts = py_tstate_get();
  py_obj *old = ts->exc;
  ts->exc = exc;
  py_xdecref(old);
}

py_obj *py_err_fetch(void) {
  py_tstate *ts = py_tstate_get();
  py_obj *e = ts->exc;
  ts->exc = NULL;
  return e;
}

void py_err_clear(void) { py_err_restore(NULL); }

py_obj *py_err_set_obj(py_type *type, py_obj *value) {
  py_obj *exc = py_exc_new(type, value ? &value : NULL, value ? 1 : 0);
  if (exc) py_err_restore(exc);
  return NULL;
}

py_obj *py_err_set_str(py_type *type, const char *msg) {
  py_obj *s = py_str_from_cstr(msg);
  if (!s) return NULL;
  py_err_set_obj(type, s);
  py_decref(s);
  return NULL;
}

py_obj *py_err_format(py_type *type, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  py_obj *s = py_str_from_vformat(fmt, ap);
  va_end(ap);
  if (!s) return NULL;
  py_err_set_obj(type, s);
  py_decref(s);
  return NULL;
}

py_obj *py_err_raise(py_obj *exc) {
  if (PY_TYPE_CHECK(exc)) {
    py_type *t = (py_type *)exc;
    if (!(t->flags & PY_TF_EXC_SUB)) {
      py_decref(exc);
      return py_err_set_str(&py_exc_TypeError,
                            "exceptions must derive from BaseException");
    }
    py_obj *inst = py_call0(exc);
    py_decref(exc);
    if (!inst) return NULL;
    if (!py_exc_check(inst)) {
      py_err_format(&py_exc_TypeError,
                    "calling %s should have returned an instance of "
                    "BaseException, not %s", t->name, py_type_name(inst));
      py_decref(inst);
      return NULL;
    }
    exc = inst;
  } else if (!py_exc_check(exc)) {
    py_decref(exc);
    return py_err_set_str(&py_exc_TypeError,
                          "exceptions must derive from BaseException");
  }
  py_err_restore(exc);
  return NULL;
}

bool py_exc_matches(py_obj *exc, py_obj *cls) {
  if (!exc) return false;
  if (py_tuple_check(cls)) {
    for (py_ssize_t i = 0; i < py_tuple_len(cls); i++)
      if (py_exc_matches(exc, py_tuple_get(cls, i))) return true;
    return false;
  }
  if (!PY_TYPE_CHECK(cls)) return false;
  return py_isinstance(exc, (py_type *)cls);
}

bool py_err_matches(py_type *type) {
  py_obj *e = py_tstate_get()->exc;
  return e && py_isinstance(e, type);
}

py_obj *py_err_no_memory(void) {
  static bool busy;
  py_obj *exc = NULL;
  if (!busy) {
    busy = true;
    bool old = mem_bypass;
    mem_bypass = true;
    exc = py_obj_alloc(&py_exc_MemoryError, sizeof(py_exc));
    mem_bypass = old;
    busy = false;
    if (exc) ((py_exc *)exc)->args = py_newref(&py__empty_tuple.ob);
  }
  if (!exc) exc = py_newref(&py__memerr_static.ob);
  py_err_restore(exc);
  return NULL;
}

py_obj *py_err_no_attribute(py_obj *obj, py_obj *name) {
  py_obj *exc, *msg;
  if (PY_TYPE_CHECK(obj))
    msg = py_str_from_format("type object '%s' has no attribute '%s'",
                             ((py_type *)obj)->name, py_str_utf8(name));
  else if (py_isinstance(obj, &py_module_type)) {
    py_obj *mn = py_dict_get(py_module_dict(obj), PY_ID(__name__));
    msg = py_str_from_format("module '%s' has no attribute '%s'",
                             mn && py_str_check(mn) ? py_str_utf8(mn) : "?",
                             py_str_utf8(name));
  } else
    msg = py_str_from_format("'%s' object has no attribute '%s'",
                             py_type_name(obj), py_str_utf8(name));
  if (!msg) return NULL;
  exc = py_exc_new(&py_exc_AttributeError, &msg, 1);
  py_decref(msg);
  if (!exc) return NULL;
  if (py_setattr(exc, PY_ID(name), name) < 0 ||
      py_setattr(exc, PY_ID(obj), obj) < 0) {
    py_decref(exc);
    return NULL;
  }
  py_err_restore(exc);
  return NULL;
}

py_obj *py_err_bad_operand(const char *fmt, py_obj *o) {
  return py_err_format(&py_exc_TypeError, fmt, py_type_name(o));
}

/* ------------------------------------------------------------- dealloc */

/* Deallocations nest this deep before the rest is deferred (invariant 2). */
#define PY__DEALLOC_DEPTH 100
static int dealloc_depth;
static py_obj *dealloc_later;

void py__dealloc(py_obj *o) {
  if (dealloc_depth >= PY__DEALLOC_DEPTH) {
    o->refcnt = (py_ssize_t)(intptr_t)dealloc_later;
    dealloc_later = o;
    return;
  }
  dealloc_depth++;
  o->type->dealloc(o);
  dealloc_depth--;
  if (dealloc_depth == 0) {
    while (dealloc_later) {
      py_obj *d = dealloc_later;
      dealloc_later = (py_obj *)(intptr_t)d->refcnt;
      d->refcnt = 0;
      dealloc_depth++;
      d->type->dealloc(d);
      dealloc_depth--;
    }
  }
}

/* ----------------------------------------------------------- allocation */

static py_gc_head gc_list = {&gc_list, &gc_list, 0};
static py_ssize_t gc_count;

py_obj *py_obj_alloc(py_type *t, size_t size) {
  py_obj *o;
  if (t->flags & PY_TF_GC) {
    py_gc_head *h = py_mem_alloc(sizeof *h + size);
    if (!h) return NULL;
    memset(h, 0, sizeof *h + size);
    h->prev = gc_list.prev;
    h->next = &gc_list;
    gc_list.prev->next = h;
    gc_list.prev = h;
    gc_count++;
    o = PY__GC_OBJ(h);
  } else {
    o = py_mem_alloc(size);
    if (!o) return NULL;
    memset(o, 0, size);
  }
  o->refcnt = 1;
  o->type = t;
  if (t->flags & PY_TF_HEAPTYPE) py_incref(&t->ob);
  return o;
}

void py_obj_free(py_obj *o, size_t size) {
  py_type *t = o->type;
  if (t->flags & PY_TF_GC) {
    py_gc_head *h = PY__GC_HEAD(o);
    h->prev->next = h->next;
    h->next->prev = h->prev;
    gc_count--;
    py_mem_free(h, sizeof *h + size);
  } else {
    py_mem_free(o, size);
  }
  if (t->flags & PY_TF_HEAPTYPE) py_decref(&t->ob);
}

void py__gc_unlink(py_obj *o) {
  py_gc_head *h = PY__GC_HEAD(o);
  h->prev->next = h->next;
  h->next->prev = h->prev;
  h->next = h->prev = NULL;
  gc_count--;
}

void py__gc_link(py_obj *o) {
  py_gc_head *h = PY__GC_HEAD(o);
  h->prev = gc_list.prev;
  h->next = &gc_list;
  gc_list.prev->next = h;
  gc_list.prev = h;
  gc_count++;
}

void py__gc_free_unlinked(py_obj *o, size_t size) {
  py_mem_free(PY__GC_HEAD(o), sizeof(py_gc_head) + size);
}

/* ------------------------------------------------------------ collector */

static int visit_decref(py_obj *o, void *arg) {
  (void)arg;
  if (o && py__is_tracked(o)) PY__GC_HEAD(o)->refs--;
  return 0;
}

static void gc_move_tail(py_gc_head *h, py_gc_head *list) {
  h->prev->next = h->next;
  h->next->prev = h->prev;
  h->prev = list->prev;
  h->next = list;
  list->prev->next = h;
  list->prev = h;
}

static int visit_reachable(py_obj *o, void *arg) {
  if (o && py__is_tracked(o)) {
    py_gc_head *h = PY__GC_HEAD(o);
    if (h->refs == 0) {
      h->refs = 1;
      gc_move_tail(h, (py_gc_head *)arg);
    }
  }
  return 0;
}

py_ssize_t py_gc_collect(void) {
  py_gc_head unreachable = {&unreachable, &unreachable, 0};
  py_gc_head *h, *next;
  /* 1. Every tracked object starts at its refcount ... */
  for (h = gc_list.next; h != &gc_list; h = h->next) h->refs = PY__GC_OBJ(h)->refcnt;
  /* 2. ... minus the references from other tracked objects. */
  for (h = gc_list.next; h != &gc_list; h = h->next) {
    py_obj *o = PY__GC_OBJ(h);
    if (o->type->traverse) o->type->traverse(o, visit_decref, NULL);
  }
  /* 3. What is left above zero is referenced from outside: move the rest
   *    aside, then bring back whatever the reachable ones reach. */
  for (h = gc_list.next; h != &gc_list; h = next) {
    next = h->next;
    if (h->refs <= 0) {
      h->refs = 0;
      gc_move_tail(h, &unreachable);
    }
  }
  for (h = gc_list.next; h != &gc_list; h = h->next) {
    py_obj *o = PY__GC_OBJ(h);
    if (o->type->traverse) o->type->traverse(o, visit_reachable, &gc_list);
  }
  /* 4. Garbage: hold each, clear each, then let go. */
  py_ssize_t n = 0;
  for (h = unreachable.next; h != &unreachable; h = h->next) {
    py_incref(PY__GC_OBJ(h));
    n++;
  }
  for (h = unreachable.next; h != &unreachable; h = h->next) {
    py_obj *o = PY__GC_OBJ(h);
    if (o->type->clear) o->type->clear(o);
  }
  while (unreachable.next != &unreachable) {
    h = unreachable.next;
    gc_move_tail(h, &gc_list);
    py_decref(PY__GC_OBJ(h));
  }
  return n;
}

py_ssize_t py_gc_count(void) { return gc_count; }

/* ---------------------------------------------------------- singletons */

py_int py__small_ints[PY_SMALL_INT_MAX - PY_SMALL_INT_MIN + 1];
py_int py__true = {{PY_IMMORTAL, &py_bool_type}, 1};
py_int py__false = {{PY_IMMORTAL, &py_bool_type}, 0};
py_obj py__none = {PY_IMMORTAL, &py_none_type};
py_obj py__notimpl = {PY_IMMORTAL, &py_notimpl_type};
py_obj py__ellipsis = {PY_IMMORTAL, &py_ellipsis_type};

struct py__ids_t py__ids;
py_obj *py__binop_names[PY_OP__COUNT][3];

static const char *const binop_dunder[PY_OP__COUNT] = {
    "add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod",
    "pow", "lshift", "rshift", "and", "xor", "or"};

int py__ids_init(void) {
#define PY__ID_INIT(n) if (!(py__ids.n = py_intern_cstr(#n))) return -1;
  PY__IDS(PY__ID_INIT)
#undef PY__ID_INIT
  for (int op = 0; op < PY_OP__COUNT; op++) {
    char buf[32];
    snprintf(buf, sizeof buf, "__%s__", binop_dunder[op]);
    if (!(py__binop_names[op][0] = py_intern_cstr(buf))) return -1;
    snprintf(buf, sizeof buf, "__r%s__", binop_dunder[op]);
    if (!(py__binop_names[op][1] = py_intern_cstr(buf))) return -1;
    snprintf(buf, sizeof buf, "__i%s__", binop_dunder[op]);
    if (!(py__binop_names[op][2] = py_intern_cstr(buf))) return -1;
  }
  return 0;
}

void py__ids_fini(void) {
#define PY__ID_FINI(n) PY_CLEAR(py__ids.n);
  PY__IDS(PY__ID_FINI)
#undef PY__ID_FINI
  for (int op = 0; op < PY_OP__COUNT; op++)
    for (int k = 0; k < 3; k++) PY_CLEAR(py__binop_names[op][k]);
}

/* -------------------------------------------------------- init, shutdown */

static bool initialized;

int py_init(void) {
  if (initialized) return 0;
  for (int64_t v = PY_SMALL_INT_MIN; v <= PY_SMALL_INT_MAX; v++) {
    py_int *i = &py__small_ints[v - PY_SMALL_INT_MIN];
    i->ob.refcnt = PY_IMMORTAL;
    i->ob.type = &py_int_type;
    i->value = v;
  }
  if (py__str_init() < 0 || py__ids_init() < 0) goto fail;
  for (py_type *const *t = py__static_types; *t; t++)
    if (py__type_ready(*t) < 0) goto fail;
  for (py_type *const *t = py_exc_types; *t; t++)
    if (py__type_ready(*t) < 0) goto fail;
  py__exc_init();
  initialized = true;
  return 0;
fail:
  initialized = true;
  py_shutdown();
  py_err_clear();
  return -1;
}

void py_shutdown(void) {
  if (!initialized) return;
  py_err_clear();
  py_tstate_close(py_tstate_get());
  py__exc_fini();
  size_t nexc = 0;
  while (py_exc_types[nexc]) nexc++;
  while (nexc > 0) py__type_fini(py_exc_types[--nexc]);
  size_t nst = 0;
  while (py__static_types[nst]) nst++;
  while (nst > 0) py__type_fini(py__static_types[--nst]);
  py__type_cache_clear();
  py__ids_fini();
  py__int_fini();
  py__float_fini();
  py__tuple_fini();
  py__list_fini();
  py__dict_fini();
  py__str_fini();
  py_tstate_close(py_tstate_get());
  small_trim();
  initialized = false;
}

/* The static types, base before derived; the exceptions are listed in
 * obj_exc.c. */
py_type *const py__static_types[] = {
    &py_object_type, &py_type_type, &py_none_type, &py_notimpl_type,
    &py_ellipsis_type, &py_int_type, &py_bool_type, &py_float_type,
    &py_str_type, &py_bytes_type, &py_tuple_type, &py_list_type, &py_dict_type, &py_set_type,
    &py_frozenset_type, &py_range_type, &py_slice_type, &py_module_type,
    &py_cfunction_type, &py_method_descr_type, &py_classmethod_descr_type,
    &py_getset_descr_type, &py_wrapper_descr_type, &py_method_type,
    &py_property_type, &py_staticmethod_type, &py_classmethod_type,
    &py_super_type, &py_dict_keys_type, &py_dict_values_type,
    &py_dict_items_type, &py_list_iter_type, &py_list_reviter_type,
    &py_tuple_iter_type, &py_str_iter_type, &py_bytes_iter_type, &py_dict_keyiter_type,
    &py_dict_valueiter_type, &py_dict_itemiter_type, &py_set_iter_type,
    &py_range_iter_type, &py_seq_iter_type, &py_generic_alias_type, NULL};
