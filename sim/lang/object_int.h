/* object_int.h: private helpers shared by the obj_*.c files, and the
 * invariants of the object layer.
 *
 * Invariants.
 *
 * 1. Memory. Every block of the object layer comes from py_mem_alloc and
 *    goes back through py_mem_free with the same size; py_mem_used() counts
 *    the bytes, so a size mismatch shows as a non-zero count after
 *    py_shutdown (the tests check it). Free lists (ints, floats, small
 *    tuples, lists, dicts) keep their blocks counted; py_shutdown empties
 *    them.
 *
 * 2. Objects. refcnt counts strong references. Static objects (types,
 *    None, bools, small ints, the empty tuple, the static MemoryError)
 *    start at PY_IMMORTAL and are never freed. A heap object is freed by
 *    its type's dealloc slot when refcnt reaches 0; py__dealloc defers the
 *    dealloc once deallocations nest PY__DEALLOC_DEPTH deep (the chain of
 *    deferred objects runs through their refcnt field, which is free then)
 *    so freeing a long linked structure cannot overflow a coroutine stack.
 *
 * 3. The collector. Instances of PY_TF_GC types carry a py_gc_head before
 *    the object and sit on one global list from py_obj_alloc to
 *    py_obj_free. An object is "tracked" iff its type has PY_TF_GC and it is
 *    not immortal. The traverse slot visits every reference the object
 *    holds; the clear slot drops them. py_gc_collect follows CPython: copy
 *    refcounts, subtract references from tracked objects, what stays above
 *    zero is reachable from outside, and the rest is garbage.
 *
 * 4. Threads. The global state (memory counter, the collector's list, the
 *    deferred deallocations, the intern table, free lists, the method
 *    cache) assumes one thread runs Python code at a time (the evaluator's
 *    GIL). Per-task state (the error indicator, recursion depth, the repr
 *    guard) lives in py_tstate.
 *
 * 5. Strings. A str's bytes are valid UTF-8, NUL-terminated; len counts
 *    code points; ascii == (len == size); kind is the PEP 393 width CPython
 *    would use (needed for CPython-equal hashes). Interned strs are owned by
 *    the intern table until py_shutdown.
 *
 * 6. Types. A static type is completed by py__type_ready in py_init
 *    (slots inherited from its base, MRO, dict with method descriptors and
 *    slot wrappers). Changing any type's dict bumps py__type_epoch, which
 *    invalidates the method cache (entries hold borrowed pointers).
 */
#ifndef SIM_LANG_OBJECT_INT_H
#define SIM_LANG_OBJECT_INT_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "object.h"

/* ------------------------------------------------------------- core */

typedef struct py_gc_head {
  struct py_gc_head *next, *prev;
  py_ssize_t refs;
} py_gc_head;
#define PY__GC_HEAD(o) ((py_gc_head *)(void *)(o) - 1)
#define PY__GC_OBJ(h) ((py_obj *)(void *)((py_gc_head *)(h) + 1))

/* For free lists of GC objects: take a block off the collector's list
 * (keeping it), put it back, or free a block already taken off. */
void py__gc_unlink(py_obj *o);
void py__gc_link(py_obj *o);
void py__gc_free_unlinked(py_obj *o, size_t size);

static inline bool py__is_tracked(py_obj *o) {
  return (o->type->flags & PY_TF_GC) && o->refcnt < PY_IMMORTAL / 2;
}

/* The static MemoryError raised when even that cannot be allocated. */
extern py_exc py__memerr_static;
extern py_tuple py__empty_tuple;
extern uint64_t py__type_epoch;
/* The last dict version handed out (obj_dict.c; py_dict.version). */
extern uint64_t py__dict_version;

int py__type_ready(py_type *t);
void py__type_fini(py_type *t);
/* The types of obj_type.c needed elsewhere. */
extern py_type py_wrapper_descr_type, py_generic_alias_type;
/* cls[key] for a class: __class_getitem__, or list[int] and friends. */
py_obj *py__class_getitem(py_type *t, py_obj *key);

/* Repr guard: 0 entered (call leave), 1 already being repr'd, -1 error. */
int py__repr_enter(py_obj *o);
void py__repr_leave(py_obj *o);

/* A callable called with self prepended to its arguments. */
py_obj *py__call_prepend(py_obj *callable, py_obj *self, py_obj *const *args,
                         py_ssize_t nargs, py_obj *kwnames);

/* Default slots of object. */
py_obj *py__object_repr(py_obj *o);
py_obj *py__object_str(py_obj *o);
py_hash_t py__object_hash(py_obj *o);
py_obj *py__object_richcompare(py_obj *a, py_obj *b, int op);
py_obj *py__object_format(py_obj *o, py_obj *spec);

/* Interned names used by the C code. */
#define PY__IDS(X) \
  X(__init__) X(__new__) X(__repr__) X(__str__) X(__hash__) X(__eq__) \
  X(__ne__) X(__lt__) X(__le__) X(__gt__) X(__ge__) X(__bool__) X(__len__) \
  X(__iter__) X(__next__) X(__getitem__) X(__setitem__) X(__delitem__) \
  X(__contains__) X(__call__) X(__getattr__) X(__getattribute__) \
  X(__setattr__) X(__delattr__) X(__get__) X(__set__) X(__delete__) \
  X(__format__) X(__index__) X(__int__) X(__float__) X(__neg__) X(__pos__) \
  X(__abs__) X(__invert__) X(__round__) X(__module__) X(__qualname__) \
  X(__name__) X(__dict__) X(__class__) X(__doc__) X(__slots__) \
  X(__init_subclass__) X(__reversed__) X(__missing__) X(__aenter__) \
  X(__aexit__) X(__aiter__) X(__anext__) X(__enter__) X(__exit__) \
  X(__await__) X(keys) X(name) X(obj) X(value) X(strerror) \
  X(filename) X(msg) X(lineno) X(offset) X(text) X(code) X(__main__) \
  X(builtins) X(message) X(exceptions) X(__notes__) \
  X(__set_name__) X(__class_getitem__)
struct py__ids_t {
#define PY__ID_FIELD(n) py_obj *n;
  PY__IDS(PY__ID_FIELD)
#undef PY__ID_FIELD
};
extern struct py__ids_t py__ids;
#define PY_ID(n) (py__ids.n)

/* Dunder names of the binary operators: [op][0] "__add__", [op][1]
 * "__radd__", [op][2] "__iadd__" (interned at py_init). */
extern py_obj *py__binop_names[PY_OP__COUNT][3];

/* --------------------------------------------------------- str builder */

typedef struct py_buf {
  char *p;
  size_t n, cap;
  bool heap;
  char small[200];
} py_buf;

void py__buf_init(py_buf *b);
void py__buf_free(py_buf *b);
int py__buf_grow(py_buf *b, size_t extra);
static inline int py__buf_put(py_buf *b, const char *s, size_t n) {
  if (b->n + n > b->cap && py__buf_grow(b, n) < 0) return -1;
  memcpy(b->p + b->n, s, n);
  b->n += n;
  return 0;
}
static inline int py__buf_putc(py_buf *b, char c) {
  if (b->n + 1 > b->cap && py__buf_grow(b, 1) < 0) return -1;
  b->p[b->n++] = c;
  return 0;
}
static inline int py__buf_puts(py_buf *b, const char *s) {
  return py__buf_put(b, s, strlen(s));
}
int py__buf_putcp(py_buf *b, uint32_t cp);
int py__buf_fill(py_buf *b, const char *s, size_t n, py_ssize_t times);
int py__buf_putstr(py_buf *b, py_obj *s);
int py__buf_printf(py_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* repr(o) appended. */
int py__buf_putrepr(py_buf *b, py_obj *o);
/* The text as a new str; frees the buffer either way. */
py_obj *py__buf_finish(py_buf *b);
/* The same after a run of puts whose results were or'ed into rc: NULL
 * (and the buffer freed) when one failed. */
static inline py_obj *py__buf_finish_rc(py_buf *b, int rc) {
  if (rc) {
    py__buf_free(b);
    return NULL;
  }
  return py__buf_finish(b);
}

/* ---------------------------------------------------------------- utf8 */

static inline uint32_t py__utf8_next(const unsigned char **pp) {
  const unsigned char *p = *pp;
  uint32_t c = p[0];
  if (c < 0x80) { *pp = p + 1; return c; }
  if (c < 0xE0) { *pp = p + 2; return ((c & 0x1F) << 6) | (p[1] & 0x3F); }
  if (c < 0xF0) {
    *pp = p + 3;
    return ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  }
  *pp = p + 4;
  return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
         ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}
int py__utf8_encode(uint32_t cp, char out[4]);
/* Byte offset of code point i in s (0 <= i <= len). */
py_ssize_t py__str_offset(py_obj *s, py_ssize_t i);
/* Code points in n bytes of valid UTF-8. */
py_ssize_t py__utf8_count(const char *s, size_t n);

/* A str from n bytes of ASCII text (no scan). */
py_obj *py__str_from_ascii(const char *s, size_t n);
/* A str with the counts already known. */
py_obj *py__str_new(const char *s, py_ssize_t size, py_ssize_t len, int kind);
py_hash_t py__str_hash(py_obj *s);
/* CPython's hash of n raw bytes (siphash13, the str hash key): hash(b"x")
 * equals hash("x") for ASCII, as in CPython. */
py_hash_t py__hash_bytes(const char *s, size_t n);
/* str.encode(encoding="utf-8", errors="strict") (obj_bytes.c). */
py_obj *py__str_encode(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                       py_obj *kwnames);
/* Whether a str equal to s sits in the intern table. */
bool py__str_is_interned(py_obj *s);

/* Unicode properties (a compact approximation of CPython's tables: exact
 * for ASCII and Latin-1, and for the CJK, Greek and Cyrillic ranges). */
bool py__uni_isspace(uint32_t c);
bool py__uni_isalpha(uint32_t c);
bool py__uni_isdecimal(uint32_t c);
bool py__uni_isdigit(uint32_t c);
bool py__uni_isnumeric(uint32_t c);
bool py__uni_isprintable(uint32_t c);
bool py__uni_islower(uint32_t c);
bool py__uni_isupper(uint32_t c);
int py__uni_decimal_value(uint32_t c);   /* -1 if not a decimal */
uint32_t py__uni_tolower(uint32_t c);
uint32_t py__uni_toupper(uint32_t c);

/* ------------------------------------------------------------- numbers */

/* CPython's PyOS_double_to_string: code 'e','f','g','r' (repr), prec, and
 * flags; appends to b. */
enum {
  PY__DTS_SIGN = 1,       /* always a sign */
  PY__DTS_ADD_DOT_0 = 2,  /* "1.0" rather than "1" */
  PY__DTS_ALT = 4,        /* '#': keep the point and trailing zeros */
  PY__DTS_NO_NEG_0 = 8,   /* 'z': -0.0 shows as 0.0 */
};
int py__double_to_buf(py_buf *b, double x, char code, int prec, int flags,
                      bool upper);
/* Exact comparison of an int and a double (op is PY_LT...). */
bool py__int_float_compare(int64_t i, double d, int op);
/* int(d) for a finite double, or OverflowError / ValueError. */
py_obj *py__int_from_double(double d);
/* CPython's float_pow, with its special cases (int ** negative int too). */
py_obj *py__float_pow(double a, double b);

/* Formatting of the built-in types (obj_format.c). */
py_obj *py__int_format(py_obj *v, py_obj *spec);
py_obj *py__float_format(py_obj *v, py_obj *spec);
py_obj *py__str_format_spec(py_obj *v, py_obj *spec);

/* -------------------------------------------------------- module init */

int py__ids_init(void);
void py__ids_fini(void);
int py__str_init(void);
void py__str_fini(void);
void py__int_fini(void);
void py__float_fini(void);
void py__tuple_fini(void);
void py__list_fini(void);
void py__dict_fini(void);
void py__exc_init(void);
void py__exc_fini(void);
void py__type_cache_clear(void);

/* The static types to make ready, base before derived (obj_core.c). */
extern py_type *const py__static_types[];

/* Sequence helpers. */
py_obj *py__seq_repr(py_obj *const *items, py_ssize_t n, const char *open,
                     const char *close);
/* Compare two item arrays (lists, tuples) lexicographically. */
py_obj *py__seq_richcompare(py_obj *const *a, py_ssize_t na,
                            py_obj *const *b, py_ssize_t nb, int op);
/* Normalize an index for a sequence of length n: the int value of key,
 * negative counted from the end; -1 with TypeError for non-ints (msg names
 * the sequence: "list indices must be integers or slices, not str"). */
int py__seq_index(py_obj *key, py_ssize_t n, const char *seqname,
                  py_ssize_t *out);
/* a <op> b for two integers (op is PY_LT...). */
static inline bool py__compare_ints(int64_t a, int64_t b, int op) {
  switch (op) {
    case PY_LT: return a < b;
    case PY_LE: return a <= b;
    case PY_EQ: return a == b;
    case PY_NE: return a != b;
    case PY_GT: return a > b;
    default: return a >= b;
  }
}
/* r, the result of a slot or dunder that must return a certain kind (ok(r)
 * true); else NULL with a TypeError (msg: printf text with one %s, r's type
 * name) and r released. A NULL r passes through. */
py_obj *py__check_result(py_obj *r, bool (*ok)(py_obj *), const char *msg);
/* Whether `self is other or self == other`, errors as -1. */
static inline int py__eq(py_obj *a, py_obj *b) {
  if (a == b) return 1;
  return py_richcompare_bool(a, b, PY_EQ);
}
/* A new reference to the type's name as a str (for messages). */
const char *py__type_qualname(py_type *t);

/* list.sort's core on a bare array (stable; keys may be NULL). */
int py__sort_array(py_obj **items, py_obj **keys, py_ssize_t n);

/* Dict internals used by sets and the type machinery. */
py_obj *py__dict_get_hashed(py_obj *d, py_obj *key, py_hash_t hash);
/* The entry index of key in d (entries[i]), or -1; valid while
 * d->keys_version stays. An error of a key's __eq__ is left set. */
py_ssize_t py__dict_index(py_obj *d, py_obj *key, py_hash_t hash);
/* entries[e].value = value (a new reference), as a store of its key. */
void py__dict_replace_at(py_obj *d, py_ssize_t e, py_obj *value);
int py__dict_set_hashed(py_obj *d, py_obj *key, py_hash_t hash,
                        py_obj *value);
bool py__dict_next_hashed(py_obj *d, py_ssize_t *pos, py_obj **key,
                          py_obj **value, py_hash_t *hash);

#endif /* SIM_LANG_OBJECT_INT_H */
