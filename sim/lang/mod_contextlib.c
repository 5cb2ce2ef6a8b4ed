/* mod_contextlib.c: the contextlib module: contextmanager, asynccontextmanager, suppress, nullcontext, closing, aclosing.
 *
 * contextmanager(func) gives a function-like helper; calling it calls func
 * and wraps the generator in a _GeneratorContextManager whose __enter__ and
 * __exit__ follow CPython 3.11's Lib/contextlib.py step by step: the body's
 * exception is thrown into the generator at its yield, and the outcome
 * decides between suppressing it (the generator returned), letting it go
 * on (the same exception came back out, its traceback reset to what it was),
 * and raising what the generator raised instead; "generator didn't yield",
 * "generator didn't stop" and "generator didn't stop after throw()" are
 * CPython's RuntimeErrors.
 *
 * asynccontextmanager is the same over an async generator. Its __aenter__
 * and __aexit__ cannot be C coroutines, so they return an awaitable (a
 * coroutine_wrapper) that drives one step of the generator - __anext__(),
 * or asend(None) with the exception thrown in at its first step, which is
 * what athrow() does - passing every await of the generator through to the
 * task, and turns how that step ends into __aenter__'s or __aexit__'s result
 * with the rules of _AsyncGeneratorContextManager.
 *
 * Not here: the helpers used as decorators (ContextDecorator), ExitStack
 * and AsyncExitStack, redirect_stdout.
 */
#include <stdio.h>
#include <string.h>

#include "mod_std.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames
#define UNUSED_SELF (void)self

static py_obj *runtime_error(const char *msg) {
  return py_err_set_str(&py_exc_RuntimeError, msg);
}

/* Raise the exception instance exc (stolen). */
static py_obj *reraise(py_obj *exc) {
  py_err_restore(exc);
  return NULL;
}

/* RuntimeError("generator didn't yield") from None: the generator ended
 * before its yield. */
static py_obj *didnt_yield(void) {
  runtime_error("generator didn't yield");
  py_obj *e = py_err_fetch();
  py_exc_set_cause(e, NULL);
  return reraise(e);
}

/* The length of exc's traceback list (to put it back as it was: CPython's
 * `exc.__traceback__ = traceback`), or -1. */
static py_ssize_t tb_mark(py_obj *exc) {
  py_obj *tb = py_exc_check(exc) ? py_exc_traceback(exc) : NULL;
  return tb && py_list_check(tb) ? py_list_len(tb) : -1;
}

static void tb_reset(py_obj *exc, py_ssize_t mark) {
  py_obj *tb = py_exc_check(exc) ? py_exc_traceback(exc) : NULL;
  if (mark < 0 || !tb || !py_list_check(tb)) return;
  while (py_list_len(tb) > mark) {
    py_obj *i = py_int_from(py_list_len(tb) - 1);
    if (!i || py_delitem(tb, i) < 0) { py_xdecref(i); py_err_clear(); return; }
    py_decref(i);
  }
}

/* How a generator step that the body's exception `value` was thrown into
 * ended, when it raised exc (stolen): the shared tail of __exit__ and
 * __aexit__. stop is StopIteration (sync) or StopAsyncIteration (async):
 * the generator returned, so the exception is suppressed unless it is that
 * very exception. Returns False / True, or NULL with the exception set. */
static py_obj *after_throw(py_obj *exc, py_obj *value, py_ssize_t mark, py_type *stop) {
  if (py_isinstance(exc, stop)) {
    bool other = exc != value;
    py_decref(exc);
    return py_bool_from(other);
  }
  if (exc == value) {   /* the same exception came back: it goes on */
    tb_reset(exc, mark);
    py_decref(exc);
    return py_bool_from(false);
  }
  /* the generator raised StopIteration (StopAsyncIteration) from the body
   * and it came out as "generator raised StopIteration" */
  if (py_isinstance(exc, &py_exc_RuntimeError) && py_exc_check(exc) &&
      ((py_exc *)exc)->cause == value &&
      (py_isinstance(value, &py_exc_StopIteration) ||
       (stop == &py_exc_StopAsyncIteration && py_isinstance(value, &py_exc_StopAsyncIteration)))) {
    tb_reset(value, mark);
    py_decref(exc);
    return py_bool_from(false);
  }
  return reraise(exc);
}

/* value, or typ() when the exception came as a type alone. New reference. */
static py_obj *exc_value(py_obj *typ, py_obj *value) {
  if (value != py_None) return py_newref(value);
  return py_call0(typ);
}

/* ---------------------------------------------------------------- holder */

/* Every object of the module but the awaitable holds one reference: the
 * generator of a _GeneratorContextManager, the function of a decorated
 * helper, what a small manager (suppress, nullcontext, closing) keeps. */
typedef struct holder {
  py_obj ob;
  py_obj *held;
  py_type *cm_type;  /* a helper's: the manager type it makes */
  bool entered;      /* a generator manager's: __enter__ has run */
} holder;

static py_obj *held_of(py_obj *o) { return ((holder *)o)->held; }

static py_obj *holder_new(py_type *t, py_obj *held) {
  holder *h = (holder *)py_obj_alloc(t, sizeof(holder));
  if (!h) return NULL;
  h->held = py_newref(held);
  return &h->ob;
}

static void holder_dealloc(py_obj *o) {
  py_xdecref(((holder *)o)->held);
  py_obj_free(o, sizeof(holder));
}

static int holder_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_obj *h = ((holder *)o)->held;
  return h ? visit(h, arg) : 0;
}

static void holder_clear(py_obj *o) { PY_CLEAR(((holder *)o)->held); }

/* A contextlib type whose instances are holders. */
#define HOLDER_TYPE(var, pyname, newfn, meths, gets) \
  static py_type var = { \
      .ob = {PY_IMMORTAL, &py_type_type}, \
      .name = pyname, \
      .module = "contextlib", \
      .flags = PY_TF_GC, \
      .basicsize = sizeof(holder), \
      .new_ = newfn, \
      .dealloc = holder_dealloc, \
      .traverse = holder_traverse, \
      .clear = holder_clear, \
      .methods = meths, \
      .getsets = gets, \
  };

/* --------------------------------------------- _GeneratorContextManager */

/* CPython deletes self.args at the first __enter__: a second one fails. */
static int gcm_enter_once(holder *c) {
  if (c->entered) {
    py_obj *name = py_intern_cstr("args");
    if (name) py_err_no_attribute(&c->ob, name);
    py_xdecref(name);
    return -1;
  }
  c->entered = true;
  return 0;
}

static py_obj *gcm_m_enter(ARGS) {
  (void)args;
  if (py_check_nokw("__enter__", kwnames) < 0 || py_check_args("__enter__", nargs, 0, 0) < 0 ||
      gcm_enter_once((holder *)self) < 0)
    return NULL;
  py_obj *v = py_iter_next(held_of(self));
  if (v) return v;
  if (py_err_occurred() && !py_err_matches(&py_exc_StopIteration)) return NULL;
  py_err_clear();
  return didnt_yield();
}

static py_obj *gcm_m_exit(ARGS) {
  if (py_check_nokw("__exit__", kwnames) < 0 || py_check_args("__exit__", nargs, 3, 3) < 0)
    return NULL;
  py_obj *gen = held_of(self);
  if (args[0] == py_None) {
    py_obj *v = py_iter_next(gen);
    if (v) { py_decref(v); return runtime_error("generator didn't stop"); }
    if (py_err_occurred() && !py_err_matches(&py_exc_StopIteration)) return NULL;
    py_err_clear();
    return py_bool_from(false);
  }
  py_obj *value = exc_value(args[0], args[1]);
  if (!value) return NULL;
  py_ssize_t mark = tb_mark(value);
  py_obj *v = py_call_method_str(gen, "throw", &value, 1);
  py_obj *r;
  if (v) {
    py_decref(v);
    r = runtime_error("generator didn't stop after throw()");
  } else {
    py_obj *exc = py_err_fetch();
    r = exc ? after_throw(exc, value, mark, &py_exc_StopIteration) : py_bool_from(true);
  }
  py_decref(value);
  return r;
}

static py_obj *gcm_get_gen(py_obj *o) { return py_newref(held_of(o)); }

static const py_getset_def gcm_getsets[] = {{"gen", gcm_get_gen, NULL}, {NULL, NULL, NULL}};

static const py_method_def gcm_methods[] = {
    {"__enter__", gcm_m_enter, 0}, {"__exit__", gcm_m_exit, 0}, {NULL, NULL, 0}};

HOLDER_TYPE(gcm_type, "_GeneratorContextManager", NULL, gcm_methods, gcm_getsets)

/* ---------------------------------------------------- coroutine_wrapper */

/* What the awaitable of __aenter__ / __aexit__ makes of its step. */
enum {
  AW_READY,     /* no step: the result is val (nullcontext) */
  AW_ENTER,     /* __anext__(): the value the generator yields */
  AW_EXIT,      /* __anext__() after a clean body: the generator must stop */
  AW_THROW,     /* asend(None) with val thrown in at the first step */
};

typedef struct aw {
  py_obj ob;
  int mode;
  py_obj *inner;     /* the generator step's awaitable (asend object) */
  py_obj *val;       /* AW_READY: the result; AW_THROW: the exception */
  py_ssize_t mark;   /* AW_THROW: the exception's traceback length */
  bool started, done;
} aw;

static py_type aw_type;

static py_obj *aw_new(int mode, py_obj *inner, py_obj *val) {
  aw *a = (aw *)py_obj_alloc(&aw_type, sizeof(aw));
  if (!a) return NULL;
  a->mode = mode;
  a->inner = py_xnewref(inner);
  a->val = py_xnewref(val);
  a->mark = mode == AW_THROW ? tb_mark(val) : -1;
  return &a->ob;
}

static void aw_dealloc(py_obj *o) {
  aw *a = (aw *)o;
  py_xdecref(a->inner);
  py_xdecref(a->val);
  py_obj_free(o, sizeof(aw));
}

static int aw_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aw *a = (aw *)o;
  if (a->inner && visit(a->inner, arg)) return 1;
  return a->val ? visit(a->val, arg) : 0;
}

static void aw_clear(py_obj *o) {
  PY_CLEAR(((aw *)o)->inner);
  PY_CLEAR(((aw *)o)->val);
}

/* Finish the await with result r (stolen): StopIteration(r), as a
 * coroutine that returns r. */
static py_obj *aw_return(py_obj *r) {
  if (!r) return NULL;
  py_err_set_obj(&py_exc_StopIteration, r);
  py_decref(r);
  return NULL;
}

/* The generator step ended with the exception now set. */
static py_obj *aw_step_raised(aw *a) {
  py_obj *exc = py_err_fetch();
  if (!exc) return aw_return(py_newref(py_None));
  if (py_isinstance(exc, &py_exc_StopIteration)) {
    /* the generator yielded (its value is the StopIteration's) */
    py_obj *v = py_newref(py_stop_iteration_value(exc));
    py_decref(exc);
    if (a->mode == AW_ENTER) return aw_return(v);
    py_decref(v);
    return runtime_error(a->mode == AW_EXIT ? "generator didn't stop"
                                            : "generator didn't stop after athrow()");
  }
  if (a->mode == AW_THROW)
    return aw_return(after_throw(exc, a->val, a->mark, &py_exc_StopAsyncIteration));
  if (!py_isinstance(exc, &py_exc_StopAsyncIteration)) return reraise(exc);
  py_decref(exc);
  if (a->mode == AW_EXIT) return aw_return(py_bool_from(false));
  return didnt_yield();
}

/* One resumption: send v (NULL: None) or throw exc (borrowed). Returns what
 * the generator's await passes out, or NULL with StopIteration(result) or
 * the error. */
static py_obj *aw_step(aw *a, py_obj *v, py_obj *exc) {
  if (a->done) return runtime_error("cannot reuse already awaited coroutine");
  if (a->mode == AW_READY) {
    a->done = true;
    if (exc) { py_err_restore(py_newref(exc)); return NULL; }
    return aw_return(py_newref(a->val));
  }
  py_obj *y;
  if (!a->started && a->mode == AW_THROW) y = py_call_method_str(a->inner, "throw", &a->val, 1);
  else if (exc) y = py_call_method_str(a->inner, "throw", &exc, 1);
  else if (v && v != py_None) y = py_call_method_str(a->inner, "send", &v, 1);
  else y = a->inner->type->iternext(a->inner);
  a->started = true;
  if (y) return y;
  a->done = true;
  return aw_step_raised(a);
}

static py_obj *aw_iternext(py_obj *o) { return aw_step((aw *)o, NULL, NULL); }
static py_obj *aw_self(py_obj *o) { return py_newref(o); }

static py_obj *aw_m_send(ARGS) {
  if (py_check_nokw("send", kwnames) < 0 || py_check_args("send", nargs, 1, 1) < 0) return NULL;
  return aw_step((aw *)self, args[0], NULL);
}

static py_obj *aw_m_throw(ARGS) {
  if (py_check_nokw("throw", kwnames) < 0 || py_check_args("throw", nargs, 1, 1) < 0) return NULL;
  py_obj *t = args[0];
  py_obj *exc = PY_TYPE_CHECK(t) ? py_call0(t) : py_newref(t);
  if (!exc) return NULL;
  py_obj *r = aw_step((aw *)self, NULL, exc);
  py_decref(exc);
  return r;
}

static py_obj *aw_m_await(ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  return py_newref(self);
}

static const py_method_def aw_methods[] = {
    {"send", aw_m_send, 0}, {"throw", aw_m_throw, 0}, {"__await__", aw_m_await, 0},
    {NULL, NULL, 0}};

static py_type aw_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "coroutine_wrapper",
    .flags = PY_TF_GC,
    .basicsize = sizeof(aw),
    .dealloc = aw_dealloc,
    .traverse = aw_traverse,
    .clear = aw_clear,
    .iter = aw_self,
    .iternext = aw_iternext,
    .methods = aw_methods,
};

/* ----------------------------------------- _AsyncGeneratorContextManager */

/* The generator's __anext__() awaitable, or CPython's TypeError. */
static py_obj *anext_of(py_obj *gen) {
  if (!py_type_lookup(gen->type, PY_ID(__anext__)))
    return py_err_format(&py_exc_TypeError, "'%s' object is not an async iterator",
                         py_type_name(gen));
  return py_call_method(gen, PY_ID(__anext__), NULL, 0, NULL);
}

static py_obj *acm_m_aenter(ARGS) {
  (void)args;
  if (py_check_nokw("__aenter__", kwnames) < 0 || py_check_args("__aenter__", nargs, 0, 0) < 0 ||
      gcm_enter_once((holder *)self) < 0)
    return NULL;
  py_obj *inner = anext_of(held_of(self));
  if (!inner) return NULL;
  py_obj *r = aw_new(AW_ENTER, inner, NULL);
  py_decref(inner);
  return r;
}

static py_obj *acm_m_aexit(ARGS) {
  if (py_check_nokw("__aexit__", kwnames) < 0 || py_check_args("__aexit__", nargs, 3, 3) < 0)
    return NULL;
  py_obj *gen = held_of(self);
  if (args[0] == py_None) {
    py_obj *inner = anext_of(gen);
    py_obj *r = inner ? aw_new(AW_EXIT, inner, NULL) : NULL;
    py_xdecref(inner);
    return r;
  }
  py_obj *value = exc_value(args[0], args[1]);
  if (!value) return NULL;
  py_obj *none = py_None;
  py_obj *inner = py_call_method_str(gen, "asend", &none, 1);
  py_obj *r = inner ? aw_new(AW_THROW, inner, value) : NULL;
  py_xdecref(inner);
  py_decref(value);
  return r;
}

static const py_method_def acm_methods[] = {
    {"__aenter__", acm_m_aenter, 0}, {"__aexit__", acm_m_aexit, 0}, {NULL, NULL, 0}};

HOLDER_TYPE(acm_type, "_AsyncGeneratorContextManager", NULL, acm_methods, gcm_getsets)

/* ------------------------------------------------ the decorated function */

/* What @contextmanager / @asynccontextmanager return: a callable that reads
 * as func (functools.wraps copies its names), binds as a method does, and
 * makes a context manager around func(*args, **kwds). */
static py_obj *helper_call(py_obj *o, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  py_obj *gen = py_call(held_of(o), args, nargs, kwnames);
  if (!gen) return NULL;
  py_obj *c = holder_new(((holder *)o)->cm_type, gen);
  py_decref(gen);
  return c;
}

static py_obj *helper_descr_get(py_obj *descr, py_obj *obj, py_type *type) {
  (void)type;
  return obj ? py_method_new(descr, obj) : py_newref(descr);
}

/* __wrapped__ is func; the other names are func's (functools.wraps). */
static py_obj *helper_getattr(py_obj *o, py_obj *name) {
  py_obj *f = held_of(o);
  if (py_str_eq_cstr(name, "__wrapped__")) return py_newref(f);
  if (py_str_eq_cstr(name, "__class__")) return py_generic_getattr(o, name);
  return py_getattr(f, name);
}

static py_obj *helper_repr(py_obj *o) {
  py_obj *q = py_getattr(held_of(o), PY_ID(__qualname__));
  if (!q) { py_err_clear(); return py_str_from_format("<function at %p>", (void *)o); }
  py_obj *r = py_str_check(q) ? py_str_from_format("<function %s at %p>", py_str_utf8(q), (void *)o)
                              : py_str_from_format("<function at %p>", (void *)o);
  py_decref(q);
  return r;
}

static py_type helper_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "function",
    .flags = PY_TF_GC | PY_TF_METHOD_DESCR,
    .basicsize = sizeof(holder),
    .dealloc = holder_dealloc,
    .traverse = holder_traverse,
    .clear = holder_clear,
    .call = helper_call,
    .descr_get = helper_descr_get,
    .getattr = helper_getattr,
    .repr = helper_repr,
};

static py_obj *make_helper(const char *fname, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kwnames, py_type *cm_type) {
  if (py_check_nokw(fname, kwnames) < 0 || py_check_args(fname, nargs, 1, 1) < 0) return NULL;
  py_obj *h = holder_new(&helper_type, args[0]);
  if (h) ((holder *)h)->cm_type = cm_type;
  return h;
}

static py_obj *cl_contextmanager(ARGS) {
  UNUSED_SELF;
  return make_helper("contextmanager", args, nargs, kwnames, &gcm_type);
}

static py_obj *cl_asynccontextmanager(ARGS) {
  UNUSED_SELF;
  return make_helper("asynccontextmanager", args, nargs, kwnames, &acm_type);
}

/* ------------------------------------ suppress, nullcontext, (a)closing */

/* Holders of what they were given: suppress its tuple of exception types,
 * nullcontext its enter_result, closing and aclosing the thing. */

static int exit_args(const char *fname, py_ssize_t nargs, py_obj *kwnames) {
  if (py_check_nokw(fname, kwnames) < 0 || py_check_args(fname, nargs, 3, 3) < 0) return -1;
  return 0;
}

static int no_args(const char *fname, py_ssize_t nargs, py_obj *kwnames) {
  if (py_check_nokw(fname, kwnames) < 0 || py_check_args(fname, nargs, 0, 0) < 0) return -1;
  return 0;
}

/* __enter__ of nullcontext and closing: what it holds */
static py_obj *held_m_enter(ARGS) {
  (void)args;
  if (no_args("__enter__", nargs, kwnames) < 0) return NULL;
  return py_newref(held_of(self));
}

static py_obj *held_m_aenter(ARGS) {
  (void)args;
  if (no_args("__aenter__", nargs, kwnames) < 0) return NULL;
  return aw_new(AW_READY, NULL, held_of(self));
}

static py_obj *suppress_m_enter(ARGS) {
  (void)args;
  if (no_args("__enter__", nargs, kwnames) < 0) return NULL;
  return py_newref(py_None);
}

static py_obj *suppress_m_exit(ARGS) {
  if (exit_args("__exit__", nargs, kwnames) < 0) return NULL;
  if (args[0] == py_None) return py_bool_from(false);
  int r = py_issubclass_obj(args[0], held_of(self));
  return r < 0 ? NULL : py_bool_from(r);
}

static py_obj *null_m_exit(ARGS) {
  (void)self; (void)args;
  if (exit_args("__exit__", nargs, kwnames) < 0) return NULL;
  return py_newref(py_None);
}

static py_obj *null_m_aexit(ARGS) {
  (void)self; (void)args;
  if (exit_args("__aexit__", nargs, kwnames) < 0) return NULL;
  return aw_new(AW_READY, NULL, py_None);
}

static py_obj *closing_m_exit(ARGS) {
  (void)args;
  if (exit_args("__exit__", nargs, kwnames) < 0) return NULL;
  py_obj *r = py_call_method_str(held_of(self), "close", NULL, 0);
  if (!r) return NULL;
  py_decref(r);
  return py_newref(py_None);
}

/* `await self.thing.aclose()`: its awaitable, returning None */
static py_obj *aclosing_m_aexit(ARGS) {
  (void)args;
  if (exit_args("__aexit__", nargs, kwnames) < 0) return NULL;
  return py_call_method_str(held_of(self), "aclose", NULL, 0);
}

static const py_method_def suppress_methods[] = {
    {"__enter__", suppress_m_enter, 0}, {"__exit__", suppress_m_exit, 0}, {NULL, NULL, 0}};
static const py_method_def null_methods[] = {
    {"__enter__", held_m_enter, 0},   {"__exit__", null_m_exit, 0},
    {"__aenter__", held_m_aenter, 0}, {"__aexit__", null_m_aexit, 0}, {NULL, NULL, 0}};
static const py_method_def closing_methods[] = {
    {"__enter__", held_m_enter, 0}, {"__exit__", closing_m_exit, 0}, {NULL, NULL, 0}};
static const py_method_def aclosing_methods[] = {
    {"__aenter__", held_m_aenter, 0}, {"__aexit__", aclosing_m_aexit, 0}, {NULL, NULL, 0}};

static py_obj *suppress_new(py_type *t, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  if (py_check_nokw("suppress", kwnames) < 0) return NULL;
  py_obj *excs = py_tuple_from(args, nargs);
  if (!excs) return NULL;
  py_obj *r = holder_new(t, excs);
  py_decref(excs);
  return r;
}

static py_obj *null_new(py_type *t, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  static const char *const names[] = {"enter_result"};
  py_obj *v[1];
  if (py_parse_args("nullcontext", args, nargs, kwnames, names, 1, 0, v) < 0) return NULL;
  return holder_new(t, v[0] ? v[0] : py_None);
}

static py_obj *thing_new(py_type *t, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  static const char *const names[] = {"thing"};
  py_obj *v[1];
  if (py_parse_args(t->name, args, nargs, kwnames, names, 1, 0, v) < 0) return NULL;
  if (!v[0])
    return py_err_format(&py_exc_TypeError,
                         "%s.__init__() missing 1 required positional argument: 'thing'", t->name);
  return holder_new(t, v[0]);
}

HOLDER_TYPE(suppress_type, "suppress", suppress_new, suppress_methods, NULL)
HOLDER_TYPE(nullcontext_type, "nullcontext", null_new, null_methods, NULL)
HOLDER_TYPE(closing_type, "closing", thing_new, closing_methods, NULL)
HOLDER_TYPE(aclosing_type, "aclosing", thing_new, aclosing_methods, NULL)

/* ------------------------------------------------------------------ module */

static const py_method_def contextlib_defs[] = {
    {"contextmanager", cl_contextmanager, 0},
    {"asynccontextmanager", cl_asynccontextmanager, 0},
    {NULL, NULL, 0}};

static py_type *const cl_types[] = {&gcm_type, &acm_type, &aw_type, &helper_type,
                                    &suppress_type, &nullcontext_type, &closing_type,
                                    &aclosing_type, NULL};
static bool g_ready;

int lang__contextlib_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  if (!g_ready) {
    for (py_type *const *t = cl_types; *t; t++)
      if (py__type_ready(*t) < 0) return -1;
    g_ready = true;
  }
  if (lang__add_module_funcs(d, contextlib_defs, "contextlib") < 0) return -1;
  static const struct { const char *name; py_type *t; } exported[] = {
      {"suppress", &suppress_type}, {"nullcontext", &nullcontext_type},
      {"closing", &closing_type},   {"aclosing", &aclosing_type},
  };
  for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++)
    if (py_dict_set_str(d, exported[i].name, &exported[i].t->ob) < 0) return -1;
  return 0;
}

void lang__contextlib_fini(void) {
  if (!g_ready) return;
  for (py_type *const *t = cl_types; *t; t++) {
    py__type_fini(*t);
    (*t)->flags &= ~(uint32_t)PY_TF_READY;
  }
  g_ready = false;
}
