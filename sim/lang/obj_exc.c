/* obj_exc.c: exceptions as objects: BaseException and the 3.11 hierarchy
 * (with asyncio's CancelledError and InvalidStateError), their args, str()
 * and repr(), and the chaining fields the evaluator fills. */
#include <errno.h>

#include "object_int.h"

#define E(o) ((py_exc *)(o))

/* ---------------------------------------------------------- construction */

static py_obj *exc_tp_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kwnames) {
  py_obj *o = py_obj_alloc(t, (size_t)t->basicsize);
  if (!o) return NULL;
  if (!(E(o)->args = py_tuple_from(args, nargs))) {
    py_decref(o);
    return NULL;
  }
  return o;
}

static int exc_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                    py_obj *kwnames) {
  if (kwnames && py_tuple_len(kwnames) > 0) {
    py_err_format(&py_exc_TypeError, "%s() takes no keyword arguments", self->type->name);
    return -1;
  }
  py_obj *t = py_tuple_from(args, nargs);
  if (!t) return -1;
  PY_SETREF(E(self)->args, t);
  return 0;
}

py_obj *py_exc_new(py_type *type, py_obj *const *args, py_ssize_t nargs) {
  /* What type(*args) does when neither __new__ nor __init__ is overridden
   * (exc_init would only make the same args tuple again): the common case,
   * and a hot one (StopIteration carries an awaited value out of asyncio's
   * future iterators). */
  if (type->new_ == exc_tp_new && type->init == exc_init) return exc_tp_new(type, args, nargs, NULL);
  return py_call(&type->ob, args, nargs, NULL);
}

py_obj *py_exc_new_str(py_type *type, const char *msg) {
  py_obj *s = py_str_from_cstr(msg);
  if (!s) return NULL;
  py_obj *e = py_exc_new(type, &s, 1);
  py_decref(s);
  return e;
}

static void exc_dealloc(py_obj *o) {
  py_exc *e = E(o);
  py_xdecref(e->dict);
  py_xdecref(e->args);
  py_xdecref(e->cause);
  py_xdecref(e->context);
  py_xdecref(e->traceback);
  py_obj_free(o, (size_t)o->type->basicsize);
}

static int exc_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_exc *e = E(o);
  py_obj *refs[] = {e->dict, e->args, e->cause, e->context, e->traceback};
  for (size_t i = 0; i < 5; i++)
    if (refs[i] && visit(refs[i], arg)) return 1;
  return 0;
}

static void exc_clear(py_obj *o) {
  py_exc *e = E(o);
  PY_SETREF(e->args, py_newref(&py__empty_tuple.ob));
  PY_CLEAR(e->dict);
  PY_CLEAR(e->cause);
  PY_CLEAR(e->context);
  PY_CLEAR(e->traceback);
}

/* ----------------------------------------------------------- str, repr */

static py_obj *exc_args(py_obj *o) {
  return E(o)->args ? E(o)->args : &py__empty_tuple.ob;
}

static py_obj *exc_str(py_obj *o) {
  py_obj *a = exc_args(o);
  switch (py_tuple_len(a)) {
    case 0: return py_str_empty();
    case 1: return py_str(py_tuple_get(a, 0));
    default: return py_str(a);
  }
}

static py_obj *exc_repr(py_obj *o) {
  py_obj *a = exc_args(o);
  const char *name = o->type->name;
  const char *dot = strrchr(name, '.');
  if (dot) name = dot + 1;
  py_obj *r = py_tuple_len(a) == 1 ? py_repr(py_tuple_get(a, 0)) : py_repr(a);
  if (!r) return NULL;
  py_obj *s = py_tuple_len(a) == 1
                  ? py_str_from_format("%s(%s)", name, py_str_utf8(r))
                  : py_str_from_format("%s%s", name, py_str_utf8(r));
  py_decref(r);
  return s;
}

static py_obj *keyerror_str(py_obj *o) {
  py_obj *a = exc_args(o);
  if (py_tuple_len(a) == 1) return py_repr(py_tuple_get(a, 0));
  return exc_str(o);
}

/* ------------------------------------------------------------ attributes */

static py_obj *get_args(py_obj *o) { return py_newref(exc_args(o)); }
/* Whether v may be assigned to the attribute (not a deletion, and, for
 * a cause or context (what), None or an exception); false with a
 * TypeError if not. */
static bool link_ok(py_obj *v, const char *attr, const char *what) {
  if (!v) {
    py_err_format(&py_exc_TypeError, "%s may not be deleted", attr);
    return false;
  }
  if (what && v != py_None && !py_exc_check(v)) {
    py_err_format(&py_exc_TypeError, "exception %s must be None or derive from BaseException",
                  what);
    return false;
  }
  return true;
}

static int set_args(py_obj *o, py_obj *v) {
  if (!link_ok(v, "args", NULL)) return -1;
  py_obj *t = py_sequence_tuple(v);
  if (!t) return -1;
  PY_SETREF(E(o)->args, t);
  return 0;
}

static py_obj *opt(py_obj *v) { return py_newref(v ? v : py_None); }

static py_obj *get_cause(py_obj *o) { return opt(E(o)->cause); }
static py_obj *get_context(py_obj *o) { return opt(E(o)->context); }
static py_obj *get_traceback(py_obj *o) { return opt(E(o)->traceback); }
static py_obj *get_suppress(py_obj *o) { return py_bool_from(E(o)->suppress_context); }

static int set_cause(py_obj *o, py_obj *v) {
  if (!link_ok(v, "__cause__", "cause")) return -1;
  py_exc_set_cause(o, v == py_None ? NULL : v);
  return 0;
}

static int set_context(py_obj *o, py_obj *v) {
  if (!link_ok(v, "__context__", "context")) return -1;
  py_exc_set_context(o, v == py_None ? NULL : v);
  return 0;
}

static int set_traceback(py_obj *o, py_obj *v) {
  if (!link_ok(v, "__traceback__", NULL)) return -1;
  py_exc_set_traceback(o, v == py_None ? NULL : v);
  return 0;
}

static int set_suppress(py_obj *o, py_obj *v) {
  int t = v ? py_is_true(v) : 0;
  if (t < 0) return -1;
  E(o)->suppress_context = t;
  return 0;
}

static py_obj *get_dict(py_obj *o) {
  if (!E(o)->dict && !(E(o)->dict = py_dict_new())) return NULL;
  return py_newref(E(o)->dict);
}

void py_exc_set_cause(py_obj *e, py_obj *cause) {
  PY_SETREF(E(e)->cause, py_xnewref(cause));
  E(e)->suppress_context = true;
}

void py_exc_set_context(py_obj *e, py_obj *context) {
  if (context == e) return;   /* never a loop of one */
  PY_SETREF(E(e)->context, py_xnewref(context));
}

void py_exc_set_traceback(py_obj *e, py_obj *tb) {
  PY_SETREF(E(e)->traceback, py_xnewref(tb));
}

/* Attributes kept in the instance dict with a default (CPython members
 * that default to None). */
static py_obj *dict_attr(py_obj *o, const char *name) {
  if (!E(o)->dict) return NULL;
  return py_dict_get_str(E(o)->dict, name);
}

static int set_dict_attr(py_obj *o, const char *name, py_obj *v) {
  if (!E(o)->dict && !(E(o)->dict = py_dict_new())) return -1;
  if (!v) {
    py_obj *k = py_intern_cstr(name);
    if (!k) return -1;
    int r = py_dict_contains(E(o)->dict, k) > 0 ? py_dict_del(E(o)->dict, k) : 0;
    py_decref(k);
    return r;
  }
  return py_dict_set_str(E(o)->dict, name, v);
}

#define DICT_ATTR(fn, key)                                                 \
  static py_obj *get_##fn(py_obj *o) { return opt(dict_attr(o, key)); }   \
  static __attribute__((unused)) int set_##fn(py_obj *o, py_obj *v) { \
    return set_dict_attr(o, key, v);                                      \
  }

DICT_ATTR(name, "name")
DICT_ATTR(obj, "obj")
DICT_ATTR(path, "path")
DICT_ATTR(errnum, "errno")
DICT_ATTR(strerror, "strerror")
DICT_ATTR(filename, "filename")
DICT_ATTR(msg, "msg")
DICT_ATTR(lineno, "lineno")
DICT_ATTR(offset, "offset")
DICT_ATTR(text, "text")
DICT_ATTR(end_lineno, "end_lineno")
DICT_ATTR(end_offset, "end_offset")
DICT_ATTR(message, "message")
DICT_ATTR(exceptions, "exceptions")

static py_obj *get_value(py_obj *o) {
  py_obj *v = dict_attr(o, "value");
  if (v) return py_newref(v);
  py_obj *a = exc_args(o);
  return opt(py_tuple_len(a) ? py_tuple_get(a, 0) : NULL);
}
static int set_value(py_obj *o, py_obj *v) { return set_dict_attr(o, "value", v); }

static py_obj *get_code(py_obj *o) {
  py_obj *v = dict_attr(o, "code");
  if (v) return py_newref(v);
  py_obj *a = exc_args(o);
  if (py_tuple_len(a) == 0) return py_newref(py_None);
  if (py_tuple_len(a) == 1) return py_newref(py_tuple_get(a, 0));
  return py_newref(a);
}
static int set_code(py_obj *o, py_obj *v) { return set_dict_attr(o, "code", v); }

py_obj *py_stop_iteration_value(py_obj *e) {
  py_obj *v = dict_attr(e, "value");
  if (v) return v;
  py_obj *a = exc_args(e);
  return py_tuple_len(a) ? py_tuple_get(a, 0) : py_None;
}

/* --------------------------------------------------------------- methods */

static py_obj *exc_with_traceback(py_obj *self, py_obj *const *args,
                                  py_ssize_t nargs, py_obj *kw) {
  if (py_check_args("BaseException.with_traceback", nargs, 1, 1) < 0) return NULL;
  py_exc_set_traceback(self, args[0] == py_None ? NULL : args[0]);
  return py_newref(self);
}

static py_obj *exc_add_note(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                            py_obj *kw) {
  if (py_check_args("BaseException.add_note", nargs, 1, 1) < 0) return NULL;
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError, "note must be a str, not '%s'",
                         py_type_name(args[0]));
  py_obj *notes = dict_attr(self, "__notes__");
  if (!notes) {
    py_obj *l = py_list_new(0);
    if (!l) return NULL;
    int r = set_dict_attr(self, "__notes__", l);
    py_decref(l);
    if (r < 0) return NULL;
    notes = dict_attr(self, "__notes__");
  }
  if (!py_list_check(notes))
    return py_err_set_str(&py_exc_TypeError, "Cannot add note: __notes__ is not a list");
  if (py_list_append(notes, args[0]) < 0) return NULL;
  return py_newref(py_None);
}

static const py_method_def exc_methods[] = {
    {"with_traceback", exc_with_traceback, 0},
    {"add_note", exc_add_note, 0},
    {NULL, NULL, 0}};

static const py_getset_def exc_getsets[] = {
    {"args", get_args, set_args},
    {"__cause__", get_cause, set_cause},
    {"__context__", get_context, set_context},
    {"__traceback__", get_traceback, set_traceback},
    {"__suppress_context__", get_suppress, set_suppress},
    {"__dict__", get_dict, NULL},
    {NULL, NULL, NULL}};

static const py_getset_def stopiter_getsets[] = {
    {"value", get_value, set_value}, {NULL, NULL, NULL}};
static const py_getset_def sysexit_getsets[] = {
    {"code", get_code, set_code}, {NULL, NULL, NULL}};
static const py_getset_def attrerr_getsets[] = {
    {"name", get_name, set_name}, {"obj", get_obj, set_obj}, {NULL, NULL, NULL}};
static const py_getset_def nameerr_getsets[] = {
    {"name", get_name, set_name}, {NULL, NULL, NULL}};
static const py_getset_def importerr_getsets[] = {
    {"name", get_name, set_name}, {"path", get_path, set_path},
    {"msg", get_msg, set_msg}, {NULL, NULL, NULL}};
static const py_getset_def oserr_getsets[] = {
    {"errno", get_errnum, set_errnum}, {"strerror", get_strerror, set_strerror},
    {"filename", get_filename, set_filename}, {NULL, NULL, NULL}};
static const py_getset_def syntaxerr_getsets[] = {
    {"msg", get_msg, set_msg}, {"filename", get_filename, set_filename},
    {"lineno", get_lineno, set_lineno}, {"offset", get_offset, set_offset},
    {"text", get_text, set_text}, {"end_lineno", get_end_lineno, set_end_lineno},
    {"end_offset", get_end_offset, set_end_offset}, {NULL, NULL, NULL}};
static const py_getset_def group_getsets[] = {
    {"message", get_message, NULL}, {"exceptions", get_exceptions, NULL},
    {NULL, NULL, NULL}};

/* ------------------------------------------------------------- OSError */

static py_type *oserror_subtype(int64_t err) {
  switch (err) {
    case ENOENT: return &py_exc_FileNotFoundError;
    case EPIPE: case ESHUTDOWN: return &py_exc_BrokenPipeError;
    case ECONNRESET: return &py_exc_ConnectionResetError;
    case ECONNREFUSED: return &py_exc_ConnectionRefusedError;
    case ETIMEDOUT: return &py_exc_TimeoutError;
    case EINTR: return &py_exc_InterruptedError;
    default: return NULL;
  }
}

static py_obj *oserror_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                           py_obj *kwnames) {
  if (t == &py_exc_OSError && nargs >= 2 && py_int_check(args[0])) {
    py_type *sub = oserror_subtype(py_int_value(args[0]));
    if (sub) t = sub;
  }
  return exc_tp_new(t, args, nargs, kwnames);
}

static int oserror_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames) {
  if (exc_init(self, args, nargs, kwnames) < 0) return -1;
  if (nargs >= 2 && nargs <= 5) {
    if (set_dict_attr(self, "errno", args[0]) < 0 ||
        set_dict_attr(self, "strerror", args[1]) < 0)
      return -1;
    if (nargs >= 3 && args[2] != py_None) {
      if (set_dict_attr(self, "filename", args[2]) < 0) return -1;
      py_obj *t = py_tuple_from(args, 2);
      if (!t) return -1;
      PY_SETREF(E(self)->args, t);
    }
  }
  return 0;
}

static py_obj *oserror_str(py_obj *o) {
  py_obj *err = dict_attr(o, "errno"), *se = dict_attr(o, "strerror");
  py_obj *fn = dict_attr(o, "filename");
  if (fn && fn != py_None) {
    py_obj *es = err ? py_str(err) : NULL, *ss = se ? py_str(se) : NULL;
    py_obj *fr = py_repr(fn);
    py_obj *r = es && ss && fr ? py_str_from_format("[Errno %s] %s: %s", py_str_utf8(es),
                                                    py_str_utf8(ss), py_str_utf8(fr))
                               : NULL;
    py_xdecref(es);
    py_xdecref(ss);
    py_xdecref(fr);
    return r;
  }
  if (err && se && err != py_None && se != py_None) {
    py_obj *es = py_str(err), *ss = es ? py_str(se) : NULL;
    py_obj *r = ss ? py_str_from_format("[Errno %s] %s", py_str_utf8(es), py_str_utf8(ss))
                   : NULL;
    py_xdecref(es);
    py_xdecref(ss);
    return r;
  }
  return exc_str(o);
}

/* --------------------------------------------------------- SyntaxError */

static int syntaxerror_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                            py_obj *kwnames) {
  if (exc_init(self, args, nargs, kwnames) < 0) return -1;
  if (nargs >= 1 && set_dict_attr(self, "msg", args[0]) < 0) return -1;
  if (nargs == 2) {
    py_obj *info = py_sequence_tuple(args[1]);
    if (!info) return -1;
    static const char *const keys[] = {"filename", "lineno", "offset", "text",
                                       "end_lineno", "end_offset"};
    py_ssize_t n = py_tuple_len(info);
    if (n < 4 || n > 6) {
      py_decref(info);
      py_err_set_str(&py_exc_IndexError, "tuple index out of range");
      return -1;
    }
    for (py_ssize_t i = 0; i < n; i++)
      if (set_dict_attr(self, keys[i], py_tuple_get(info, i)) < 0) {
        py_decref(info);
        return -1;
      }
    py_decref(info);
  }
  return 0;
}

static py_obj *syntaxerror_str(py_obj *o) {
  py_obj *msg = dict_attr(o, "msg"), *fn = dict_attr(o, "filename");
  py_obj *ln = dict_attr(o, "lineno");
  const char *base = NULL;
  if (fn && py_str_check(fn)) {
    base = strrchr(py_str_utf8(fn), '/');
    base = base ? base + 1 : py_str_utf8(fn);
  }
  bool have_line = ln && py_int_check_exact(ln);
  py_obj *ms = py_str(msg ? msg : py_None);
  if (!ms) return NULL;
  py_obj *r;
  if (!base && !have_line) return ms;
  if (base && have_line)
    r = py_str_from_format("%s (%s, line %" PRId64 ")", py_str_utf8(ms), base,
                           py_int_value(ln));
  else if (base)
    r = py_str_from_format("%s (%s)", py_str_utf8(ms), base);
  else
    r = py_str_from_format("%s (line %" PRId64 ")", py_str_utf8(ms), py_int_value(ln));
  py_decref(ms);
  return r;
}

/* ------------------------------------------------------ exception groups */

static py_obj *group_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                         py_obj *kwnames) {
  if (py_check_nokw(t->name, kwnames) < 0) return NULL;
  if (nargs != 2)
    return py_err_format(&py_exc_TypeError,
                         "BaseExceptionGroup.__new__() takes exactly 2 arguments (%zd given)",
                         nargs);
  if (!py_str_check(args[0]))
    return py_err_format(&py_exc_TypeError, "argument 1 must be str, not %s",
                         py_type_name(args[0]));
  py_obj *seq = args[1];
  if (!(py_list_check(seq) || py_tuple_check(seq)))
    return py_err_set_str(&py_exc_TypeError,
                          "second argument (exceptions) must be a sequence");
  py_obj *excs = py_sequence_tuple(seq);
  if (!excs) return NULL;
  py_ssize_t n = py_tuple_len(excs);
  if (n == 0) {
    py_decref(excs);
    return py_err_set_str(&py_exc_ValueError,
                          "second argument (exceptions) must be a non-empty sequence");
  }
  bool all_exc = true;
  for (py_ssize_t i = 0; i < n; i++) {
    py_obj *e = py_tuple_get(excs, i);
    if (!py_exc_check(e)) {
      py_decref(excs);
      return py_err_format(&py_exc_ValueError,
                           "Item %zd of second argument (exceptions) is not an exception",
                           i);
    }
    if (!py_isinstance(e, &py_exc_Exception)) all_exc = false;
  }
  if (t == &py_exc_BaseExceptionGroup && all_exc) t = &py_exc_ExceptionGroup;
  else if (t == &py_exc_ExceptionGroup && !all_exc) {
    py_decref(excs);
    return py_err_set_str(&py_exc_TypeError,
                          "Cannot nest BaseExceptions in an ExceptionGroup");
  }
  py_obj *o = exc_tp_new(t, args, nargs, NULL);
  if (!o || set_dict_attr(o, "message", args[0]) < 0 ||
      set_dict_attr(o, "exceptions", excs) < 0) {
    py_xdecref(o);
    o = NULL;
  }
  py_decref(excs);
  return o;
}

static int group_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                      py_obj *kwnames) {
  return 0;   /* all done by new */
}

static py_obj *group_str(py_obj *o) {
  py_obj *m = dict_attr(o, "message"), *ex = dict_attr(o, "exceptions");
  py_ssize_t n = ex && py_tuple_check(ex) ? py_tuple_len(ex) : 0;
  py_obj *ms = py_str(m ? m : py_None);
  if (!ms) return NULL;
  py_obj *r = py_str_from_format("%s (%zd sub-exception%s)", py_str_utf8(ms), n,
                                 n == 1 ? "" : "s");
  py_decref(ms);
  return r;
}

/* ----------------------------------------------------------------- types */

#define EXC_FLAGS (PY_TF_BASETYPE | PY_TF_GC | PY_TF_EXC_SUB)
#define EXC_TYPE(var, tname, basep, ...)            \
  py_type var = {                                   \
      .ob = {PY_IMMORTAL, &py_type_type},           \
      .name = tname,                                \
      .base = basep,                                \
      .flags = EXC_FLAGS,                           \
      .basicsize = sizeof(py_exc),                  \
      .dictoffset = offsetof(py_exc, dict),         \
      __VA_ARGS__}

EXC_TYPE(py_exc_BaseException, "BaseException", &py_object_type,
         .new_ = exc_tp_new, .init = exc_init, .dealloc = exc_dealloc,
         .traverse = exc_traverse, .clear = exc_clear, .repr = exc_repr,
         .str = exc_str, .methods = exc_methods, .getsets = exc_getsets);
EXC_TYPE(py_exc_Exception, "Exception", &py_exc_BaseException);
EXC_TYPE(py_exc_GeneratorExit, "GeneratorExit", &py_exc_BaseException);
EXC_TYPE(py_exc_KeyboardInterrupt, "KeyboardInterrupt", &py_exc_BaseException);
EXC_TYPE(py_exc_SystemExit, "SystemExit", &py_exc_BaseException,
         .getsets = sysexit_getsets);
EXC_TYPE(py_exc_BaseExceptionGroup, "BaseExceptionGroup", &py_exc_BaseException,
         .new_ = group_new, .init = group_init, .str = group_str,
         .getsets = group_getsets);
EXC_TYPE(py_exc_ExceptionGroup, "ExceptionGroup", &py_exc_BaseExceptionGroup);
EXC_TYPE(py_exc_ArithmeticError, "ArithmeticError", &py_exc_Exception);
EXC_TYPE(py_exc_ZeroDivisionError, "ZeroDivisionError", &py_exc_ArithmeticError);
EXC_TYPE(py_exc_OverflowError, "OverflowError", &py_exc_ArithmeticError);
EXC_TYPE(py_exc_FloatingPointError, "FloatingPointError", &py_exc_ArithmeticError);
EXC_TYPE(py_exc_AssertionError, "AssertionError", &py_exc_Exception);
EXC_TYPE(py_exc_AttributeError, "AttributeError", &py_exc_Exception,
         .getsets = attrerr_getsets);
EXC_TYPE(py_exc_LookupError, "LookupError", &py_exc_Exception);
EXC_TYPE(py_exc_IndexError, "IndexError", &py_exc_LookupError);
EXC_TYPE(py_exc_KeyError, "KeyError", &py_exc_LookupError, .str = keyerror_str);
EXC_TYPE(py_exc_NameError, "NameError", &py_exc_Exception, .getsets = nameerr_getsets);
EXC_TYPE(py_exc_UnboundLocalError, "UnboundLocalError", &py_exc_NameError);
EXC_TYPE(py_exc_RuntimeError, "RuntimeError", &py_exc_Exception);
EXC_TYPE(py_exc_NotImplementedError, "NotImplementedError", &py_exc_RuntimeError);
EXC_TYPE(py_exc_RecursionError, "RecursionError", &py_exc_RuntimeError);
EXC_TYPE(py_exc_StopIteration, "StopIteration", &py_exc_Exception,
         .getsets = stopiter_getsets);
EXC_TYPE(py_exc_StopAsyncIteration, "StopAsyncIteration", &py_exc_Exception);
EXC_TYPE(py_exc_TypeError, "TypeError", &py_exc_Exception);
EXC_TYPE(py_exc_ValueError, "ValueError", &py_exc_Exception);
EXC_TYPE(py_exc_UnicodeError, "UnicodeError", &py_exc_ValueError);
EXC_TYPE(py_exc_MemoryError, "MemoryError", &py_exc_Exception);
EXC_TYPE(py_exc_ImportError, "ImportError", &py_exc_Exception,
         .getsets = importerr_getsets);
EXC_TYPE(py_exc_ModuleNotFoundError, "ModuleNotFoundError", &py_exc_ImportError);
EXC_TYPE(py_exc_SyntaxError, "SyntaxError", &py_exc_Exception, .init = syntaxerror_init,
         .str = syntaxerror_str, .getsets = syntaxerr_getsets);
EXC_TYPE(py_exc_IndentationError, "IndentationError", &py_exc_SyntaxError);
EXC_TYPE(py_exc_OSError, "OSError", &py_exc_Exception, .new_ = oserror_new,
         .init = oserror_init, .str = oserror_str, .getsets = oserr_getsets);
EXC_TYPE(py_exc_TimeoutError, "TimeoutError", &py_exc_OSError);
EXC_TYPE(py_exc_ConnectionError, "ConnectionError", &py_exc_OSError);
EXC_TYPE(py_exc_BrokenPipeError, "BrokenPipeError", &py_exc_ConnectionError);
EXC_TYPE(py_exc_ConnectionResetError, "ConnectionResetError", &py_exc_ConnectionError);
EXC_TYPE(py_exc_ConnectionRefusedError, "ConnectionRefusedError", &py_exc_ConnectionError);
EXC_TYPE(py_exc_FileNotFoundError, "FileNotFoundError", &py_exc_OSError);
EXC_TYPE(py_exc_InterruptedError, "InterruptedError", &py_exc_OSError);
EXC_TYPE(py_exc_Warning, "Warning", &py_exc_Exception);
EXC_TYPE(py_exc_UserWarning, "UserWarning", &py_exc_Warning);
EXC_TYPE(py_exc_DeprecationWarning, "DeprecationWarning", &py_exc_Warning);
EXC_TYPE(py_exc_RuntimeWarning, "RuntimeWarning", &py_exc_Warning);
EXC_TYPE(py_exc_CancelledError, "CancelledError", &py_exc_BaseException,
         .module = "asyncio.exceptions");
EXC_TYPE(py_exc_InvalidStateError, "InvalidStateError", &py_exc_Exception,
         .module = "asyncio.exceptions");

py_type *const py_exc_types[] = {
    &py_exc_BaseException, &py_exc_Exception, &py_exc_GeneratorExit,
    &py_exc_KeyboardInterrupt, &py_exc_SystemExit, &py_exc_BaseExceptionGroup,
    &py_exc_ExceptionGroup, &py_exc_ArithmeticError, &py_exc_ZeroDivisionError,
    &py_exc_OverflowError, &py_exc_FloatingPointError, &py_exc_AssertionError,
    &py_exc_AttributeError, &py_exc_LookupError, &py_exc_IndexError,
    &py_exc_KeyError, &py_exc_NameError, &py_exc_UnboundLocalError,
    &py_exc_RuntimeError, &py_exc_NotImplementedError, &py_exc_RecursionError,
    &py_exc_StopIteration, &py_exc_StopAsyncIteration, &py_exc_TypeError,
    &py_exc_ValueError, &py_exc_UnicodeError, &py_exc_MemoryError,
    &py_exc_ImportError, &py_exc_ModuleNotFoundError, &py_exc_SyntaxError,
    &py_exc_IndentationError, &py_exc_OSError, &py_exc_TimeoutError,
    &py_exc_ConnectionError, &py_exc_BrokenPipeError,
    &py_exc_ConnectionResetError, &py_exc_ConnectionRefusedError,
    &py_exc_FileNotFoundError, &py_exc_InterruptedError, &py_exc_Warning,
    &py_exc_UserWarning, &py_exc_DeprecationWarning, &py_exc_RuntimeWarning,
    &py_exc_CancelledError, &py_exc_InvalidStateError, NULL};

py_exc py__memerr_static = {{PY_IMMORTAL, &py_exc_MemoryError}, NULL,
                            &py__empty_tuple.ob, NULL, NULL, NULL, false};

void py__exc_init(void) {
  /* ExceptionGroup(BaseExceptionGroup, Exception): a second base the
   * single-base static types cannot express. */
  py_type *g = &py_exc_ExceptionGroup;
  py_obj *bases = py_tuple_pack(2, &py_exc_BaseExceptionGroup.ob, &py_exc_Exception.ob);
  py_obj *mro = py_tuple_pack(5, &g->ob, &py_exc_BaseExceptionGroup.ob,
                              &py_exc_Exception.ob, &py_exc_BaseException.ob,
                              &py_object_type.ob);
  if (bases && mro) {
    PY_SETREF(g->bases, bases);
    PY_SETREF(g->mro, mro);
  } else {
    py_xdecref(bases);
    py_xdecref(mro);
    py_err_clear();
  }
}

void py__exc_fini(void) {
  py_exc *e = &py__memerr_static;
  PY_CLEAR(e->dict);
  PY_CLEAR(e->cause);
  PY_CLEAR(e->context);
  PY_CLEAR(e->traceback);
  e->suppress_context = false;
}

py_obj *py_exc_type_display_name(py_type *t) {
  const char *mod = t->module_obj ? py_str_utf8(t->module_obj) : t->module;
  const char *qn = py__type_qualname(t);
  if (!mod || strcmp(mod, "builtins") == 0 || strcmp(mod, "__main__") == 0)
    return py_str_from_cstr(qn);
  return py_str_from_format("%s.%s", mod, qn);
}
