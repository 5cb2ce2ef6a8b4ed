/* object.h: the object layer of sim/lang: Python 3.11's built-in values.
 *
 * Every Python value is a py_obj: a reference count and a type. Types carry
 * slot function pointers (CPython's tp_* and nb_*), a dict of attributes and
 * an MRO, so the evaluator can add classes whose dunder methods fill the
 * same slots (py_type_new). The built-in types are static objects; the
 * instances are allocated through py_mem_alloc, which counts bytes against a
 * configurable cap (MemoryError past it) and allocates with rt_malloc.
 *
 * References. A function that returns py_obj * returns a NEW reference
 * unless its comment says "borrowed". Arguments are borrowed unless the
 * comment says "steals". Release with py_decref.
 *
 * Errors. Python exceptions travel as return values, as in CPython: a
 * function that fails returns NULL (or -1 for int results) and sets the
 * current exception of the running py_tstate (py_err_*). Never longjmp.
 * A NULL from py_iter_next without an exception set means "exhausted".
 *
 * Threads. One py_tstate per OS thread by default (error indicator,
 * recursion depth, repr guard); the evaluator may keep one per task and
 * switch with py_tstate_swap. Reference counts are not atomic: only one
 * thread may run Python code at a time (the evaluator's GIL).
 *
 * Integers are 64-bit: a result that does not fit raises OverflowError
 * with PY_INT_OVERFLOW_MSG instead of wrapping (CPython would grow a
 * bigint).
 *
 * For the evaluator.
 *  - Its own types (function, cell, frame, generator, coroutine) are
 *    static py_type objects like the ones here: set name, basicsize,
 *    dealloc, getattr (py_generic_getattr) and call; a function type also
 *    sets descr_get (obj ? py_method_new(f, obj) : f) and
 *    PY_TF_METHOD_DESCR, so py_getmethod hands it back unbound for a call
 *    with self prepended (no bound-method allocation). Containers set
 *    PY_TF_GC with traverse and clear, and allocate with py_obj_alloc.
 *  - class statements: py_type_new(name, bases, namespace); dunders in the
 *    namespace drive py_add, py_repr, py_getitem, py_iter, ... .
 *  - raise: py_err_raise; except: py_err_fetch, py_exc_matches; implicit
 *    and explicit chaining: py_exc_set_context, py_exc_set_cause;
 *    tracebacks print py_exc_type_display_name and py_str of the exception.
 *  - set displays of constants: py_set_from_constants (CPython's order).
 *  - hot paths can test py_int_check_exact / py_str_check_exact and use
 *    the inline accessors before falling back to py_binary_op & co.
 */
#ifndef SIM_LANG_OBJECT_H
#define SIM_LANG_OBJECT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef ptrdiff_t py_ssize_t;
typedef int64_t py_hash_t;

typedef struct py_type py_type;
typedef struct py_obj {
  py_ssize_t refcnt;
  py_type *type;
} py_obj;

/* Static objects (types, None, small ints, ...) start at this count so they
 * never reach zero. */
#define PY_IMMORTAL ((py_ssize_t)1 << 60)

#define PY_INT_OVERFLOW_MSG "integer too large: coroscope's ints are 64-bit"

/* ------------------------------------------------------------- lifecycle */

/* Set up the built-in types, singletons and caches. Call once before any
 * other py_ call (and again after py_shutdown). 0, or -1 if memory ran out
 * (nothing to release then). */
int py_init(void);
/* Free the caches, free lists and type dicts. Every object the caller made
 * must have been released first; after this py_mem_used() is 0 unless
 * something leaked. */
void py_shutdown(void);

/* -------------------------------------------------------------- memory */

/* All memory of the object layer. py_mem_alloc returns NULL with
 * MemoryError set when rt_malloc fails or when the cap would be passed.
 * py_mem_free and py_mem_realloc must be given the block's size: the layer
 * counts bytes without a header. */
void *py_mem_alloc(size_t n);
void *py_mem_realloc(void *p, size_t oldn, size_t n);
void py_mem_free(void *p, size_t n);
/* The cap in bytes (0: none). The default is PY_MEM_DEFAULT_LIMIT. */
#define PY_MEM_DEFAULT_LIMIT ((size_t)1 << 30)
void py_mem_set_limit(size_t bytes);
size_t py_mem_limit(void);
size_t py_mem_used(void);   /* bytes now allocated, free lists included */

/* ----------------------------------------------------------- references */

void py__dealloc(py_obj *o);
static inline void py_incref(py_obj *o) { o->refcnt++; }
static inline void py_xincref(py_obj *o) { if (o) o->refcnt++; }
static inline void py_decref(py_obj *o) {
  if (--o->refcnt == 0) py__dealloc(o);
}
static inline void py_xdecref(py_obj *o) {
  if (o && --o->refcnt == 0) py__dealloc(o);
}
/* Returns o after taking a new reference: `return py_newref(x);`. */
static inline py_obj *py_newref(py_obj *o) { o->refcnt++; return o; }
static inline py_obj *py_xnewref(py_obj *o) { if (o) o->refcnt++; return o; }
/* Replace *slot by v (a reference taken over), releasing the old value. */
#define PY_SETREF(slot, v) do { py_obj *py__old = (py_obj *)(slot); \
    (slot) = (v); py_xdecref(py__old); } while (0)
#define PY_CLEAR(slot) do { py_obj *py__old = (py_obj *)(slot); \
    (slot) = NULL; py_xdecref(py__old); } while (0)
#define PY_OBJ(x) ((py_obj *)(x))

/* ---------------------------------------------------------------- slots */

typedef py_obj *(*py_unaryfn)(py_obj *o);
typedef py_obj *(*py_binaryfn)(py_obj *a, py_obj *b);
typedef int (*py_inquiryfn)(py_obj *o);                 /* -1 error */
typedef py_ssize_t (*py_lenfn)(py_obj *o);              /* -1 error */
typedef py_hash_t (*py_hashfn)(py_obj *o);              /* -1 error */
typedef py_obj *(*py_richcmpfn)(py_obj *a, py_obj *b, int op);
typedef py_obj *(*py_getattrfn)(py_obj *o, py_obj *name);
/* value NULL: delete. 0 or -1. */
typedef int (*py_setattrfn)(py_obj *o, py_obj *name, py_obj *value);
typedef int (*py_setitemfn)(py_obj *o, py_obj *key, py_obj *value);
typedef int (*py_containsfn)(py_obj *o, py_obj *item);  /* -1/0/1 */
typedef py_obj *(*py_sqitemfn)(py_obj *o, py_ssize_t i);
typedef py_obj *(*py_repeatfn)(py_obj *o, py_ssize_t n);
/* The calling convention of every callable (CPython's vectorcall): nargs
 * positional arguments, then one value per name of kwnames (a tuple of str,
 * or NULL when there are no keyword arguments). */
typedef py_obj *(*py_callfn)(py_obj *callable, py_obj *const *args,
                             py_ssize_t nargs, py_obj *kwnames);
typedef py_obj *(*py_newfn)(py_type *type, py_obj *const *args,
                            py_ssize_t nargs, py_obj *kwnames);
typedef int (*py_initfn)(py_obj *self, py_obj *const *args,
                         py_ssize_t nargs, py_obj *kwnames);
/* obj NULL: looked up on the class itself. */
typedef py_obj *(*py_descrgetfn)(py_obj *descr, py_obj *obj, py_type *type);
typedef int (*py_descrsetfn)(py_obj *descr, py_obj *obj, py_obj *value);
typedef int (*py_visitfn)(py_obj *o, void *arg);
typedef int (*py_traversefn)(py_obj *o, py_visitfn visit, void *arg);

/* Binary operators, in one enum so the evaluator can dispatch by number. */
typedef enum py_binop {
  PY_OP_ADD, PY_OP_SUB, PY_OP_MUL, PY_OP_MATMUL, PY_OP_TRUEDIV,
  PY_OP_FLOORDIV, PY_OP_MOD, PY_OP_DIVMOD, PY_OP_POW, PY_OP_LSHIFT,
  PY_OP_RSHIFT, PY_OP_AND, PY_OP_XOR, PY_OP_OR,
  PY_OP__COUNT
} py_binop;
/* "+", "-", ... and "+=", "-=", ... for messages (divmod gives "divmod()"). */
const char *py_binop_symbol(py_binop op);
const char *py_binop_inplace_symbol(py_binop op);

/* Rich comparison operators (CPython's order). */
enum { PY_LT, PY_LE, PY_EQ, PY_NE, PY_GT, PY_GE };

/* Built-in methods and attributes, listed in static types and turned into
 * type-dict entries by py_init. A method is called with self first. */
typedef py_obj *(*py_cfunc)(py_obj *self, py_obj *const *args,
                            py_ssize_t nargs, py_obj *kwnames);
enum {
  PY_METH_STATIC = 1,   /* no self (staticmethod) */
  PY_METH_CLASS = 2,    /* self is the type (classmethod) */
};
typedef struct py_method_def {
  const char *name;
  py_cfunc fn;
  uint32_t flags;
} py_method_def;
typedef struct py_getset_def {
  const char *name;
  py_obj *(*get)(py_obj *self);                   /* new reference */
  int (*set)(py_obj *self, py_obj *value);        /* NULL: read-only */
} py_getset_def;

/* Type flags. */
enum {
  PY_TF_READY = 1u << 0,      /* py_init (or py_type_new) finished it */
  PY_TF_HEAPTYPE = 1u << 1,   /* made by py_type_new; refcounted */
  PY_TF_BASETYPE = 1u << 2,   /* may be subclassed */
  PY_TF_GC = 1u << 3,         /* instances are tracked by the collector */
  PY_TF_METHOD_DESCR = 1u << 4, /* binds like a function: py_getmethod may
                                   call it with self prepended instead */
  PY_TF_ABSTRACT = 1u << 5,
  /* Fast subclass tests, set on the type and inherited. */
  PY_TF_INT_SUB = 1u << 8, PY_TF_STR_SUB = 1u << 9, PY_TF_LIST_SUB = 1u << 10,
  PY_TF_TUPLE_SUB = 1u << 11, PY_TF_DICT_SUB = 1u << 12,
  PY_TF_EXC_SUB = 1u << 13, PY_TF_TYPE_SUB = 1u << 14,
};

struct py_type {
  py_obj ob;
  const char *name;          /* "int", "Foo" (the qualname of a class) */
  const char *module;        /* NULL: builtins; "__main__", "asyncio..." */
  py_type *base;             /* NULL only for object */
  uint32_t flags;            /* PY_TF_* */
  uint32_t version;          /* changes with the type's dict (caches) */
  py_ssize_t basicsize;      /* instance size in bytes */
  py_ssize_t itemsize;       /* variable part per item (tuple, str: 0 = n/a) */
  py_ssize_t dictoffset;     /* offset of the instance's py_obj *dict, or 0 */

  /* life */
  py_newfn new_;             /* type(...) makes an instance */
  py_initfn init;            /* then __init__ */
  void (*dealloc)(py_obj *o);
  py_traversefn traverse;    /* every reference held (for the collector) */
  void (*clear)(py_obj *o);  /* drop the references (breaks cycles) */

  /* the object protocol */
  py_unaryfn repr, str;
  py_hashfn hash;            /* NULL: unhashable */
  py_richcmpfn richcompare;
  py_getattrfn getattr;
  py_setattrfn setattr;
  py_descrgetfn descr_get;
  py_descrsetfn descr_set;
  py_callfn call;
  py_unaryfn iter;
  py_unaryfn iternext;       /* NULL without error: exhausted */
  py_binaryfn format;        /* (obj, spec str) -> str: __format__ */

  /* numbers; a binary slot is called for either operand's type and returns
   * py_NotImplemented when it cannot handle the pair */
  py_binaryfn nb[PY_OP__COUNT];
  py_binaryfn nb_inplace[PY_OP__COUNT];
  py_unaryfn nb_neg, nb_pos, nb_abs, nb_invert;
  py_unaryfn nb_int, nb_float, nb_index;
  py_inquiryfn nb_bool;

  /* containers */
  py_lenfn len;
  py_binaryfn getitem;       /* o[key] */
  py_setitemfn setitem;      /* o[key] = value; value NULL: del o[key] */
  py_sqitemfn sq_item;       /* o[i] for an int i (negative already fixed) */
  py_containsfn contains;
  py_binaryfn sq_concat;     /* left operand of + when nb gave up */
  py_repeatfn sq_repeat;     /* seq * n */
  py_binaryfn sq_inplace_concat;
  py_repeatfn sq_inplace_repeat;

  /* attributes of static types, made into dict entries by py_init */
  const py_method_def *methods;
  const py_getset_def *getsets;

  /* filled in by py_init / py_type_new */
  py_obj *dict;              /* the type's attributes (a dict) */
  py_obj *mro;               /* tuple of types, this one first */
  py_obj *bases;             /* tuple of types */
  py_obj *name_obj;          /* the name as a str */
  py_obj *qualname_obj;      /* __qualname__ (heap types), or NULL */
  py_obj *module_obj;        /* str, or NULL */
};

/* --------------------------------------------------------- thread state */

typedef struct py_tstate py_tstate;
struct py_tstate {
  py_obj *exc;               /* the current exception (owned), or NULL */
  int depth;                 /* recursion depth (Python frames + C) */
  int dealloc_depth;         /* nesting of deallocations */
  py_obj *dealloc_later;     /* chain of objects whose free was deferred */
  py_obj **repr_stack;       /* containers being repr'd (borrowed) */
  py_ssize_t repr_n, repr_cap;
};
/* The state of the calling thread, or the one installed by swap. */
py_tstate *py_tstate_get(void);
/* Install ts (NULL: the thread's default) and return the previous one. */
py_tstate *py_tstate_swap(py_tstate *ts);
/* A fresh state for a task: zero it with py_tstate_init; py_tstate_close
 * releases what it holds (a pending exception, the repr stack). */
void py_tstate_init(py_tstate *ts);
void py_tstate_close(py_tstate *ts);

/* Recursion guard (CPython's Py_EnterRecursiveCall): 0, or -1 with
 * RecursionError "maximum recursion depth exceeded<where>" once the depth
 * passes the limit. Python frames and C recursion (repr, ==, hash of nested
 * containers) share the counter, as in 3.11. */
int py_recursion_enter(const char *where);
void py_recursion_leave(void);
void py_set_recursion_limit(int limit);   /* default 1000 */
int py_get_recursion_limit(void);

/* -------------------------------------------------------------- errors */

/* The current exception (borrowed), or NULL. */
py_obj *py_err_occurred(void);
/* Raise type(msg). Always returns NULL so `return py_err_set_str(...)`
 * works in py_obj * functions. */
py_obj *py_err_set_str(py_type *type, const char *msg);
/* Raise type(formatted message); printf's format. Returns NULL. */
py_obj *py_err_format(py_type *type, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Raise type(value) (value is the single argument; NULL: no argument). */
py_obj *py_err_set_obj(py_type *type, py_obj *value);
/* Raise an exception instance, or a class (instantiated with no args).
 * Steals exc. Returns NULL. */
py_obj *py_err_raise(py_obj *exc);
/* Take the current exception (new reference; NULL if none) and clear. */
py_obj *py_err_fetch(void);
/* Make exc (stolen; may be NULL) the current exception. */
void py_err_restore(py_obj *exc);
void py_err_clear(void);
/* Whether the current exception is an instance of type (or of any type in
 * a tuple of types). */
bool py_err_matches(py_type *type);
bool py_exc_matches(py_obj *exc, py_obj *type_or_tuple);
/* Raise MemoryError (never allocates when memory is gone). Returns NULL. */
py_obj *py_err_no_memory(void);
/* AttributeError "'T' object has no attribute 'name'" with .name and .obj
 * set (3.11 prints "Did you mean" from them). Returns NULL. */
py_obj *py_err_no_attribute(py_obj *obj, py_obj *name);
/* TypeError "'T' object is not subscriptable" and friends. */
py_obj *py_err_bad_operand(const char *fmt, py_obj *o);

/* ----------------------------------------------------------- singletons */

extern py_obj py__none, py__notimpl, py__ellipsis;
#define py_None (&py__none)
#define py_NotImplemented (&py__notimpl)
#define py_Ellipsis (&py__ellipsis)

/* ---------------------------------------------------------------- types */

extern py_type py_type_type, py_object_type, py_none_type, py_notimpl_type,
    py_ellipsis_type, py_bool_type, py_int_type, py_float_type, py_str_type,
    py_list_type, py_tuple_type, py_dict_type, py_set_type,
    py_frozenset_type, py_range_type, py_slice_type, py_module_type,
    py_cfunction_type, py_method_descr_type, py_classmethod_descr_type,
    py_getset_descr_type, py_property_type, py_staticmethod_type,
    py_classmethod_type, py_super_type, py_dict_keys_type,
    py_dict_values_type, py_dict_items_type;
/* Iterator types (repr'd as <list_iterator object at ...>). */
extern py_type py_list_iter_type, py_list_reviter_type, py_tuple_iter_type,
    py_str_iter_type, py_dict_keyiter_type, py_dict_valueiter_type,
    py_dict_itemiter_type, py_set_iter_type, py_range_iter_type,
    py_seq_iter_type;

static inline py_type *py_type_of(py_obj *o) { return o->type; }
/* The type's name as Python shows it in messages: "int", "Foo". */
static inline const char *py_type_name(py_obj *o) { return o->type->name; }
/* Whether a is b or a subclass of b (walks the MRO). */
bool py_type_is_subtype(py_type *a, py_type *b);
/* isinstance(o, t) for one type. */
static inline bool py_isinstance(py_obj *o, py_type *t) {
  return o->type == t || py_type_is_subtype(o->type, t);
}
/* isinstance(o, cls) where cls is a type or a tuple of them: 1/0, or -1
 * with TypeError "isinstance() arg 2 must be a type, a tuple of types, or
 * a union". issubclass likewise. */
int py_isinstance_obj(py_obj *o, py_obj *cls);
int py_issubclass_obj(py_obj *derived, py_obj *cls);

#define PY_TYPE_CHECK(o) (((o)->type->flags & PY_TF_TYPE_SUB) != 0)

/* Look name (a str) up along type's MRO: borrowed, or NULL (no error). */
py_obj *py_type_lookup(py_type *type, py_obj *name);

/* A class statement: type(name, bases, dict). bases is a tuple of types
 * (empty: object); dict (copied) holds the class body's names, with
 * "__module__" and "__qualname__" if the evaluator sets them. Dunder
 * methods found along the MRO fill the slots, so py_add, py_repr,
 * py_getitem, ... call them. New reference, or NULL (TypeError for bad
 * bases, "multiple bases have instance lay-out conflict", MRO errors). */
py_obj *py_type_new(py_obj *name, py_obj *bases, py_obj *dict);
/* Call after changing a heap type's dict behind py_setattr's back: bumps
 * the version and re-derives the slots. */
void py_type_modified(py_type *type);

/* ------------------------------------------------------------- objects */

/* Allocate an instance of type (refcnt 1, the rest zeroed; a heap type is
 * retained by its instance). size >= type->basicsize. GC types are linked
 * on the collector's list. NULL with MemoryError. */
py_obj *py_obj_alloc(py_type *type, size_t size);
/* Free an instance's memory (the inverse of py_obj_alloc): the size given
 * to py_obj_alloc. Releases a heap type. Call from a dealloc slot. */
void py_obj_free(py_obj *o, size_t size);

/* The generic dealloc for plain instances of heap types (dict, slots). */
void py_object_dealloc(py_obj *o);

/* ------------------------------------------------- abstract operations */

/* repr(o), str(o), ascii(o): new str, or NULL. */
py_obj *py_repr(py_obj *o);
py_obj *py_str(py_obj *o);
py_obj *py_ascii(py_obj *o);
/* hash(o), or -1 with TypeError "unhashable type: 'list'". */
py_hash_t py_hash(py_obj *o);
/* v OP w: a new reference (any object for user __eq__), or NULL. */
py_obj *py_richcompare(py_obj *v, py_obj *w, int op);
/* The same as a truth value: 1/0, or -1. `v is w` counts as equal for
 * PY_EQ/PY_NE (what containers do). */
int py_richcompare_bool(py_obj *v, py_obj *w, int op);
/* bool(o): 1/0, or -1 with the exception of __bool__/__len__. */
int py_is_true(py_obj *o);

/* Binary and unary operators with CPython's dispatch (the right operand's
 * reflected slot first when its type is a subclass of the left's) and its
 * messages: "unsupported operand type(s) for +: 'int' and 'str'",
 * "can only concatenate str (not \"int\") to str", ... */
py_obj *py_binary_op(py_obj *a, py_obj *b, py_binop op);
/* a op= b: the in-place slot, then the binary one. */
py_obj *py_inplace_op(py_obj *a, py_obj *b, py_binop op);
static inline py_obj *py_add(py_obj *a, py_obj *b) {
  return py_binary_op(a, b, PY_OP_ADD);
}
static inline py_obj *py_sub(py_obj *a, py_obj *b) {
  return py_binary_op(a, b, PY_OP_SUB);
}
static inline py_obj *py_mul(py_obj *a, py_obj *b) {
  return py_binary_op(a, b, PY_OP_MUL);
}
/* pow(a, b, m) with m not None: ints only (TypeError otherwise). */
py_obj *py_pow3(py_obj *a, py_obj *b, py_obj *m);
py_obj *py_neg(py_obj *o);
py_obj *py_pos(py_obj *o);
py_obj *py_abs(py_obj *o);
py_obj *py_invert(py_obj *o);
/* not o: py_True / py_False (new reference), or NULL. */
py_obj *py_not(py_obj *o);

/* int(o) / float(o) / operator.index(o) as new objects, or NULL. */
py_obj *py_number_int(py_obj *o);
py_obj *py_number_float(py_obj *o);
py_obj *py_number_index(py_obj *o);
/* o as a C integer through __index__: 0 or -1 (TypeError "'float' object
 * cannot be interpreted as an integer"). */
int py_index_value(py_obj *o, int64_t *out);
/* round(x) (ndigits NULL or None) and round(x, ndigits). */
py_obj *py_round(py_obj *x, py_obj *ndigits);

/* o.name: new reference, or NULL with AttributeError. name is a str. */
py_obj *py_getattr(py_obj *o, py_obj *name);
py_obj *py_getattr_str(py_obj *o, const char *name);
/* getattr(o, name, default): *out NULL and 0 if missing (no error). */
int py_getattr_opt(py_obj *o, py_obj *name, py_obj **out);
int py_setattr(py_obj *o, py_obj *name, py_obj *value);  /* 0 / -1 */
int py_setattr_str(py_obj *o, const char *name, py_obj *value);
int py_delattr(py_obj *o, py_obj *name);
/* Method lookup without a bound-method object (CPython's LOAD_METHOD).
 * Returns 1 with *meth an unbound function to call with o prepended; 0
 * with *meth the attribute itself (call as is); -1 on error. *meth is a new
 * reference when the result is not -1. */
int py_getmethod(py_obj *o, py_obj *name, py_obj **meth);
/* o.name(*args): a convenience built on py_getmethod. */
py_obj *py_call_method(py_obj *o, py_obj *name, py_obj *const *args,
                       py_ssize_t nargs, py_obj *kwnames);
py_obj *py_call_method_str(py_obj *o, const char *name, py_obj *const *args,
                           py_ssize_t nargs);

/* The generic attribute slots (object.__getattribute__ / __setattr__):
 * data descriptors of the type, then the instance dict, then the type. */
py_obj *py_generic_getattr(py_obj *o, py_obj *name);
int py_generic_setattr(py_obj *o, py_obj *name, py_obj *value);
/* The instance's __dict__ (borrowed; created on demand; NULL if the type
 * has none, no error set). */
py_obj *py_instance_dict(py_obj *o);

/* callable(*args, **kw); see py_callfn for the convention. */
py_obj *py_call(py_obj *callable, py_obj *const *args, py_ssize_t nargs,
                py_obj *kwnames);
static inline py_obj *py_call0(py_obj *f) { return py_call(f, NULL, 0, NULL); }
static inline py_obj *py_call1(py_obj *f, py_obj *a) {
  return py_call(f, &a, 1, NULL);
}
py_obj *py_call2(py_obj *f, py_obj *a, py_obj *b);
bool py_callable(py_obj *o);

/* o[key], o[key] = v, del o[key]: "'NoneType' object is not
 * subscriptable", "list index out of range", KeyError, ... */
py_obj *py_getitem(py_obj *o, py_obj *key);
int py_setitem(py_obj *o, py_obj *key, py_obj *value);
int py_delitem(py_obj *o, py_obj *key);
/* len(o), or -1 with "object of type 'int' has no len()". */
py_ssize_t py_len(py_obj *o);
/* item in o: 1/0/-1 (falls back to iteration and ==). */
int py_contains(py_obj *o, py_obj *item);

/* iter(o): new iterator, or NULL with "'int' object is not iterable". */
py_obj *py_iter(py_obj *o);
/* next(it): a new reference; NULL without an exception when exhausted;
 * NULL with one on error. */
py_obj *py_iter_next(py_obj *it);
/* list(iterable) / tuple(iterable). */
py_obj *py_sequence_list(py_obj *iterable);
py_obj *py_sequence_tuple(py_obj *iterable);

/* format(o, spec): o's __format__ (spec a str, or NULL for ""). */
py_obj *py_format(py_obj *o, py_obj *spec);

/* ----------------------------------------------------------------- int */

typedef struct py_int {
  py_obj ob;
  int64_t value;
} py_int;

#define PY_SMALL_INT_MIN (-5)
#define PY_SMALL_INT_MAX 256
extern py_int py__small_ints[PY_SMALL_INT_MAX - PY_SMALL_INT_MIN + 1];

/* The two bools are ints of type bool. */
extern py_int py__true, py__false;
#define py_True (&py__true.ob)
#define py_False (&py__false.ob)
static inline py_obj *py_bool_from(bool b) {
  return py_newref(b ? py_True : py_False);
}

/* int (bool included) checks; the exact check is one compare. */
static inline bool py_int_check(py_obj *o) {
  return (o->type->flags & PY_TF_INT_SUB) != 0;
}
static inline bool py_int_check_exact(py_obj *o) {
  return o->type == &py_int_type;
}
static inline int64_t py_int_value(py_obj *o) { return ((py_int *)o)->value; }
py_obj *py__int_alloc(int64_t v);
/* An int: the small-int cache for -5..256, otherwise a free-list object.
 * NULL only with MemoryError. */
static inline py_obj *py_int_from(int64_t v) {
  if (v >= PY_SMALL_INT_MIN && v <= PY_SMALL_INT_MAX)
    return py_newref(&py__small_ints[v - PY_SMALL_INT_MIN].ob);
  return py__int_alloc(v);
}
/* int(s, base) for a str s (base 0: by prefix); ValueError "invalid
 * literal for int() with base 10: 'x'" or OverflowError past 64 bits. */
py_obj *py_int_from_str(py_obj *s, int base);
/* The same from C text (the lexer's literals: "0x1f", "1_000", ...). */
py_obj *py_int_from_cstr(const char *s, size_t n, int base);
/* Hash of a C integer, as CPython's hash(int). */
py_hash_t py_hash_int(int64_t v);

/* --------------------------------------------------------------- float */

typedef struct py_float {
  py_obj ob;
  double value;
} py_float;

static inline bool py_float_check(py_obj *o) {
  return o->type == &py_float_type || py_type_is_subtype(o->type, &py_float_type);
}
static inline double py_float_value(py_obj *o) {
  return ((py_float *)o)->value;
}
py_obj *py_float_from(double v);
/* An int or float as a double: 0, or -1 with TypeError "must be real
 * number, not str" (OverflowError for an int too large). */
int py_float_as_double(py_obj *o, double *out);
/* float(s) for a str s, with CPython's accepted forms and its error. */
py_obj *py_float_from_str(py_obj *s);
/* repr(float) into buf (at least 32 bytes): "1.0", "1e-05", "inf", "-0.0".
 * Returns the length. */
int py_float_repr_buf(double v, char *buf, size_t n);
/* Hash of a double, as CPython's hash(float) (NaN hashes by identity). */
py_hash_t py_hash_double(py_obj *inst, double v);

/* ------------------------------------------------------------------ str */

typedef struct py_strobj {
  py_obj ob;
  py_hash_t hash;           /* -1 until computed */
  py_ssize_t len;           /* code points */
  py_ssize_t size;          /* UTF-8 bytes without the NUL */
  uint8_t kind;             /* widest code point: 1 (< 0x100), 2, 4 */
  uint8_t ascii;            /* 1: len == size */
  uint8_t interned;
  char data[];              /* UTF-8, NUL-terminated */
} py_strobj;

static inline bool py_str_check(py_obj *o) {
  return (o->type->flags & PY_TF_STR_SUB) != 0;
}
static inline bool py_str_check_exact(py_obj *o) {
  return o->type == &py_str_type;
}
/* Borrowed views of a str's text: valid while the str lives. */
static inline const char *py_str_utf8(py_obj *s) { return ((py_strobj *)s)->data; }
static inline py_ssize_t py_str_size(py_obj *s) { return ((py_strobj *)s)->size; }
static inline py_ssize_t py_str_len(py_obj *s) { return ((py_strobj *)s)->len; }

/* A str from UTF-8 text (n bytes; must be valid UTF-8: the lexer's output
 * or another str's). py_str_from_cstr takes a NUL-terminated string. */
py_obj *py_str_from_utf8(const char *s, size_t n);
py_obj *py_str_from_cstr(const char *s);
/* The same, checking the bytes: ValueError for invalid UTF-8. */
py_obj *py_str_decode_utf8(const char *s, size_t n);
/* A str from a printf format. */
py_obj *py_str_from_format(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
py_obj *py_str_from_vformat(const char *fmt, va_list ap);
/* The one-character str for code point cp (cached for ASCII). */
py_obj *py_str_from_char(uint32_t cp);
/* The empty str (cached). */
py_obj *py_str_empty(void);
/* Interned strs: equal text gives the same object, so dict lookups with
 * identifier keys compare pointers. py_intern takes over s's reference and
 * returns the interned one (new reference). Names the evaluator looks up
 * (variables, attributes) should be interned. */
py_obj *py_intern(py_obj *s);
py_obj *py_intern_cstr(const char *s);
/* Equality of two strs (exact text). */
bool py_str_eq(py_obj *a, py_obj *b);
bool py_str_eq_cstr(py_obj *a, const char *s);
/* a + b for two strs. */
py_obj *py_str_concat(py_obj *a, py_obj *b);
/* *ps += b for the evaluator's `s += x`: extends in place when *ps is the
 * only reference (CPython's trick that makes loops of += linear). On error
 * *ps is released and set to NULL. */
int py_str_append_inplace(py_obj **ps, py_obj *b);
/* sep.join(iterable). */
py_obj *py_str_join(py_obj *sep, py_obj *iterable);
/* Code point i of s (0 <= i < len). O(1) for ASCII strs. */
uint32_t py_str_char_at(py_obj *s, py_ssize_t i);
/* Hash of a str as CPython 3.11 computes it with PYTHONHASHSEED=0 (siphash13
 * over the PEP 393 form with a zero key), so sets of strs iterate in the
 * order the reference harness records. The key can be changed with
 * py_set_hash_seed (0: CPython's PYTHONHASHSEED=0). */
void py_set_hash_seed(uint64_t seed);

/* fmt % args (printf-style formatting of str). */
py_obj *py_str_mod(py_obj *fmt, py_obj *args);
/* fmt.format(*args, **kw) with the vectorcall convention. */
py_obj *py_str_format(py_obj *fmt, py_obj *const *args, py_ssize_t nargs,
                      py_obj *kwnames);

/* --------------------------------------------------------------- bytes */

typedef struct py_bytes {
  py_obj ob;
  py_hash_t hash;           /* -1 until computed */
  py_ssize_t size;
  char data[];              /* size bytes, then a NUL (not counted) */
} py_bytes;

extern py_type py_bytes_type, py_bytes_iter_type;
static inline bool py_bytes_check(py_obj *o) {
  return o->type == &py_bytes_type || py_type_is_subtype(o->type, &py_bytes_type);
}
/* Borrowed views: valid while the bytes object lives. */
static inline const char *py_bytes_data(py_obj *b) { return ((py_bytes *)b)->data; }
static inline py_ssize_t py_bytes_size(py_obj *b) { return ((py_bytes *)b)->size; }
/* bytes of n zero bytes, to be filled through ((py_bytes *)b)->data before
 * it is shared (ValueError "negative count" for n < 0). */
py_obj *py_bytes_new(py_ssize_t n);
/* A copy of n bytes of s. */
py_obj *py_bytes_from(const char *s, size_t n);

/* --------------------------------------------------------------- tuple */

typedef struct py_tuple {
  py_obj ob;
  py_ssize_t size;
  py_obj *items[];
} py_tuple;

static inline bool py_tuple_check(py_obj *o) {
  return (o->type->flags & PY_TF_TUPLE_SUB) != 0;
}
/* A tuple of n items, all NULL: fill every one with py_tuple_set_steal
 * before the tuple is used. n == 0 returns the empty-tuple singleton. */
py_obj *py_tuple_new(py_ssize_t n);
/* A tuple of the n given items (each retained). */
py_obj *py_tuple_from(py_obj *const *items, py_ssize_t n);
/* A tuple of n py_obj * arguments (each retained). */
py_obj *py_tuple_pack(py_ssize_t n, ...);
static inline py_ssize_t py_tuple_len(py_obj *t) { return ((py_tuple *)t)->size; }
/* Borrowed. */
static inline py_obj *py_tuple_get(py_obj *t, py_ssize_t i) {
  return ((py_tuple *)t)->items[i];
}
/* Puts v (stolen) at i of a tuple being built. */
static inline void py_tuple_set_steal(py_obj *t, py_ssize_t i, py_obj *v) {
  ((py_tuple *)t)->items[i] = v;
}

/* ---------------------------------------------------------------- list */

typedef struct py_list {
  py_obj ob;
  py_ssize_t size;
  py_ssize_t cap;
  py_obj **items;
} py_list;

static inline bool py_list_check(py_obj *o) {
  return (o->type->flags & PY_TF_LIST_SUB) != 0;
}
/* An empty list with room for cap items. */
py_obj *py_list_new(py_ssize_t cap);
/* A list of the n given items (each retained). */
py_obj *py_list_from(py_obj *const *items, py_ssize_t n);
static inline py_ssize_t py_list_len(py_obj *l) { return ((py_list *)l)->size; }
/* Borrowed; 0 <= i < len. */
static inline py_obj *py_list_get(py_obj *l, py_ssize_t i) {
  return ((py_list *)l)->items[i];
}
/* l[i] = v (v retained; the old item released). */
void py_list_set(py_obj *l, py_ssize_t i, py_obj *v);
int py_list_append(py_obj *l, py_obj *v);            /* v retained */
int py_list_append_steal(py_obj *l, py_obj *v);      /* v stolen, even on error */
int py_list_insert(py_obj *l, py_ssize_t i, py_obj *v);
int py_list_extend(py_obj *l, py_obj *iterable);
/* list.sort(key=key, reverse=reverse): stable; key may be NULL. */
int py_list_sort(py_obj *l, py_obj *key, bool reverse);
void py_list_reverse(py_obj *l);
py_obj *py_list_as_tuple(py_obj *l);
/* l[lo:hi] for 0 <= lo <= hi <= len. */
py_obj *py_list_slice(py_obj *l, py_ssize_t lo, py_ssize_t hi);

/* ---------------------------------------------------------------- dict */

typedef struct py_dict_entry {
  py_hash_t hash;
  py_obj *key;              /* NULL: a deleted entry */
  py_obj *value;
} py_dict_entry;

typedef struct py_dict {
  py_obj ob;
  py_ssize_t used;          /* live items */
  py_ssize_t nentries;      /* entries in use, deleted ones included */
  py_ssize_t usable;        /* entries left before the table grows */
  uint64_t version;         /* a new value from py__dict_version on every
                               mutation (caches); 0: never changed */
  uint64_t keys_version;    /* the same, but only when a key comes or goes
                               or the entries move (caches of an index) */
  uint8_t log2size;         /* the index table has 1 << log2size slots */
  void *indices;            /* int8/16/32/64 slots, then the entries */
  py_dict_entry *entries;   /* in insertion order */
} py_dict;

static inline bool py_dict_check(py_obj *o) {
  return (o->type->flags & PY_TF_DICT_SUB) != 0;
}
py_obj *py_dict_new(void);
static inline py_ssize_t py_dict_len(py_obj *d) { return ((py_dict *)d)->used; }
/* d[key]: borrowed, or NULL. NULL with an exception when key is unhashable
 * or its __eq__ failed; NULL without one when missing. */
py_obj *py_dict_get(py_obj *d, py_obj *key);
py_obj *py_dict_get_str(py_obj *d, const char *key);
/* d[key] for a str key whose hash is known: the evaluator's name lookups. */
py_obj *py_dict_get_known(py_obj *d, py_obj *key, py_hash_t hash);
/* d[key] = value (both retained). 0 / -1. */
int py_dict_set(py_obj *d, py_obj *key, py_obj *value);
int py_dict_set_str(py_obj *d, const char *key, py_obj *value);
/* del d[key]: -1 with KeyError(key) when missing. */
int py_dict_del(py_obj *d, py_obj *key);
/* d.pop(key, dflt): new reference; dflt NULL: KeyError when missing. */
py_obj *py_dict_pop(py_obj *d, py_obj *key, py_obj *dflt);
/* 1 / 0 / -1. */
int py_dict_contains(py_obj *d, py_obj *key);
/* Walk the items in order: pos starts at 0; borrowed key and value (each
 * out may be NULL). Returns false at the end. The dict must not change
 * size during the walk. */
bool py_dict_next(py_obj *d, py_ssize_t *pos, py_obj **key, py_obj **value);
void py_dict_clear(py_obj *d);
py_obj *py_dict_copy(py_obj *d);
/* d.update(other): a dict, a mapping with keys(), or pairs. */
int py_dict_update(py_obj *d, py_obj *other);
py_obj *py_dict_keys_list(py_obj *d);
py_obj *py_dict_values_list(py_obj *d);
py_obj *py_dict_items_list(py_obj *d);

/* ----------------------------------------------------------------- set */

typedef struct py_set_entry {
  py_obj *key;              /* NULL: never used; py__set_dummy: deleted */
  py_hash_t hash;
} py_set_entry;

#define PY_SET_MINSIZE 8
typedef struct py_set {
  py_obj ob;
  py_ssize_t fill;          /* active + deleted entries */
  py_ssize_t used;          /* active entries */
  py_ssize_t mask;          /* table size - 1 */
  py_set_entry *table;
  py_hash_t hash;           /* frozenset: -1 until computed */
  py_ssize_t finger;        /* where pop() looks next */
  py_set_entry smalltable[PY_SET_MINSIZE];
} py_set;

static inline bool py_anyset_check(py_obj *o) {
  return py_isinstance(o, &py_set_type) || py_isinstance(o, &py_frozenset_type);
}
/* set(iterable) / frozenset(iterable); iterable may be NULL. The table
 * follows CPython's sizes and probing, so small-int sets (and str sets
 * with PYTHONHASHSEED=0) print in CPython's order. */
py_obj *py_set_new(py_obj *iterable);
/* A set display of constants, {1, 2, 3} with more than two items, made
 * the way CPython 3.11 makes it, so it iterates in the same order: the
 * compiler builds frozenset(items), merges constants by rebuilding it from
 * its own order, PyCode_New rebuilds it again when interning replaced one
 * of its strs (here: an identifier-like str already in the intern table),
 * and BUILD_SET + SET_UPDATE copy it into a new set. Displays with
 * non-constant items are built by py_set_add in source order instead. */
py_obj *py_set_from_constants(py_obj *const *items, py_ssize_t n);
py_obj *py_frozenset_new(py_obj *iterable);
static inline py_ssize_t py_set_len(py_obj *s) { return ((py_set *)s)->used; }
int py_set_add(py_obj *s, py_obj *key);          /* key retained; 0 / -1 */
int py_set_discard(py_obj *s, py_obj *key);      /* 1 found, 0 not, -1 */
int py_set_contains(py_obj *s, py_obj *key);     /* 1 / 0 / -1 */
int py_set_update(py_obj *s, py_obj *iterable);
/* Walk the table in slot order; borrowed keys. */
bool py_set_next(py_obj *s, py_ssize_t *pos, py_obj **key);

/* ------------------------------------------------------- range, slice */

typedef struct py_range {
  py_obj ob;
  int64_t start, stop, step, len;
} py_range;
/* range(start, stop, step): ValueError "range() arg 3 must not be zero". */
py_obj *py_range_new(int64_t start, int64_t stop, int64_t step);

typedef struct py_slice {
  py_obj ob;
  py_obj *start, *stop, *step;   /* never NULL: py_None when omitted */
} py_slice;
/* slice(start, stop, step); NULL arguments become None. */
py_obj *py_slice_new(py_obj *start, py_obj *stop, py_obj *step);
/* slice.indices(len) resolved for a sequence of length len: 0, or -1
 * (TypeError for non-int bounds, ValueError "slice step cannot be zero").
 * *slicelen is how many items it selects. */
int py_slice_unpack(py_obj *slice, py_ssize_t len, py_ssize_t *start,
                    py_ssize_t *stop, py_ssize_t *step, py_ssize_t *slicelen);

/* ----------------------------------------------------------- exceptions */

typedef struct py_exc {
  py_obj ob;
  py_obj *dict;              /* attributes (subclasses, .name, .value) */
  py_obj *args;              /* a tuple, never NULL once made */
  py_obj *cause;             /* __cause__ (raise ... from X) or NULL */
  py_obj *context;           /* __context__ (set by the evaluator) or NULL */
  py_obj *traceback;         /* whatever the evaluator keeps there, or NULL */
  bool suppress_context;     /* __suppress_context__ */
} py_exc;

static inline bool py_exc_check(py_obj *o) {
  return (o->type->flags & PY_TF_EXC_SUB) != 0;
}
/* The hierarchy of issue 5, 3.11's shape (TimeoutError is an OSError). */
extern py_type py_exc_BaseException, py_exc_Exception,
    py_exc_BaseExceptionGroup, py_exc_ExceptionGroup, py_exc_GeneratorExit,
    py_exc_KeyboardInterrupt, py_exc_SystemExit, py_exc_ArithmeticError,
    py_exc_ZeroDivisionError, py_exc_OverflowError,
    py_exc_FloatingPointError, py_exc_AssertionError,
    py_exc_AttributeError, py_exc_LookupError, py_exc_IndexError,
    py_exc_KeyError, py_exc_NameError, py_exc_UnboundLocalError,
    py_exc_RuntimeError, py_exc_NotImplementedError, py_exc_RecursionError,
    py_exc_StopIteration, py_exc_StopAsyncIteration, py_exc_TypeError,
    py_exc_ValueError, py_exc_UnicodeError, py_exc_MemoryError,
    py_exc_ImportError, py_exc_ModuleNotFoundError, py_exc_SyntaxError,
    py_exc_IndentationError, py_exc_OSError, py_exc_TimeoutError,
    py_exc_ConnectionError, py_exc_BrokenPipeError,
    py_exc_ConnectionResetError, py_exc_ConnectionRefusedError,
    py_exc_FileNotFoundError, py_exc_InterruptedError, py_exc_Warning,
    py_exc_UserWarning, py_exc_DeprecationWarning, py_exc_RuntimeWarning,
    /* asyncio's, shown as asyncio.exceptions.X in tracebacks */
    py_exc_CancelledError, py_exc_InvalidStateError;
/* Every exception type above, NULL-terminated (for the builtins module). */
extern py_type *const py_exc_types[];

/* type(*args): an instance, or NULL. */
py_obj *py_exc_new(py_type *type, py_obj *const *args, py_ssize_t nargs);
/* type(msg) with a C string message. */
py_obj *py_exc_new_str(py_type *type, const char *msg);
/* Borrowed views; setters take a new reference (NULL clears). Setting the
 * cause also sets __suppress_context__, as `raise X from Y` does. */
static inline py_obj *py_exc_args(py_obj *e) { return ((py_exc *)e)->args; }
static inline py_obj *py_exc_cause(py_obj *e) { return ((py_exc *)e)->cause; }
static inline py_obj *py_exc_context(py_obj *e) { return ((py_exc *)e)->context; }
static inline py_obj *py_exc_traceback(py_obj *e) { return ((py_exc *)e)->traceback; }
void py_exc_set_cause(py_obj *e, py_obj *cause);
void py_exc_set_context(py_obj *e, py_obj *context);
void py_exc_set_traceback(py_obj *e, py_obj *tb);
/* The name a traceback prints: "ValueError", "asyncio.exceptions.
 * CancelledError", "MyError" for __main__ classes. New str. */
py_obj *py_exc_type_display_name(py_type *type);
/* StopIteration(value).value, or None. Borrowed. */
py_obj *py_stop_iteration_value(py_obj *e);

/* ------------------------------------------- functions, methods, modules */

/* A built-in function (self NULL) or a method bound to self: the
 * builtins module makes its functions with this. def must outlive it
 * (static tables). */
py_obj *py_cfunction_new(const py_method_def *def, py_obj *self,
                         py_obj *module_name);
/* A bound method: calling it calls func with self prepended. The
 * evaluator's function type binds with this from its descr_get slot (and
 * sets PY_TF_METHOD_DESCR so py_getmethod can skip the binding). */
extern py_type py_method_type;
py_obj *py_method_new(py_obj *func, py_obj *self);
/* A module: a name and a dict (borrowed by py_module_dict). */
py_obj *py_module_new(const char *name);
py_obj *py_module_dict(py_obj *m);
/* super(type, obj), property(fget, fset), staticmethod(f),
 * classmethod(f): the objects the evaluator makes for those builtins. */
py_obj *py_super_new(py_type *type, py_obj *obj);

/* Argument checks for C functions, with CPython's messages:
 * "f() takes no arguments (1 given)", "f expected at most 2 arguments,
 * got 3", "f() takes no keyword arguments". 0 or -1. */
int py_check_nokw(const char *fname, py_obj *kwnames);
int py_check_args(const char *fname, py_ssize_t nargs, py_ssize_t min,
                  py_ssize_t max);
/* Match positional and keyword arguments to names[0..n): out[i] is the
 * borrowed argument or NULL if not given. The first npos_only names are
 * positional-only. Errors as CPython's: "f() got an unexpected keyword
 * argument 'x'", "f() got multiple values for argument 'x'", "f() takes at
 * most N arguments (M given)". */
int py_parse_args(const char *fname, py_obj *const *args, py_ssize_t nargs,
                  py_obj *kwnames, const char *const *names, int n,
                  int npos_only, py_obj **out);

/* ----------------------------------------------------------- collector */

/* Find unreachable reference cycles among tracked objects (containers,
 * instances, exceptions, heap types) and free them. Returns how many
 * objects were freed. Objects are tracked from birth by py_obj_alloc when
 * their type has PY_TF_GC and a traverse slot. */
py_ssize_t py_gc_collect(void);
/* Number of tracked objects (tests). */
py_ssize_t py_gc_count(void);

#ifdef __cplusplus
}
#endif
#endif /* SIM_LANG_OBJECT_H */
