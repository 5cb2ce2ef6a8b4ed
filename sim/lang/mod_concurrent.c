/* mod_concurrent.c: concurrent.futures (Future, ThreadPoolExecutor, wait, as_completed, its exceptions) on the runtime's thread-side futures and executor.
 *
 * A Future is a Python object owning a reference to an rt_cfuture; values
 * in it are Python objects (aio__value_ops). A ThreadPoolExecutor owns an
 * rt_executor made on the interpreter's platform, so its workers are
 * threads of the run (lanes in virtual time) that hold the GIL while they
 * run Python. Jobs call fn(*args, **kwargs) on a worker; done callbacks
 * run on whichever thread completes the future, as in CPython.
 *
 * Life: an executor dropped without shutdown() is shut down without
 * waiting, as CPython's weakref callback does; every executor's workers
 * are joined at exit (concurrent.futures' _python_exit, run by
 * lang__threads_shutdown), and freed then. wait() and as_completed()
 * register a waiter on each pending future: a small refcounted C struct
 * (no Python references, so a future that never finishes keeps nothing
 * alive), woken through a platform condition with the GIL as its mutex.
 */
#include "mod_concurrent.h"

#include <string.h>

#include "mod_asyncio_int.h"

static py_type *g_cancelled_cls, *g_invalid_state_cls, *g_broken_cls;

/* --------------------------------------------------------------- Future */

typedef struct cf_obj {
  py_obj ob;
  rt_cfuture *cf;
} cf_obj;

static py_type cf_type;
#define CF(o) (((cf_obj *)(o))->cf)

static void cf_dealloc(py_obj *o) {
  rt_cfuture_release(CF(o));
  py_obj_free(o, (size_t)o->type->basicsize);
}

static int ensure_module(void) {
  if (cf_type.flags & PY_TF_READY && g_cancelled_cls) return 0;
  py_obj *n = py_intern_cstr("concurrent.futures");
  py_obj *m = n ? lang__import(lang__ip, n) : NULL;
  py_xdecref(n);
  if (!m) return -1;
  py_decref(m);
  return 0;
}

py_obj *lang__cfuture_wrap(rt_cfuture *cf) {
  if (ensure_module() < 0) {
    rt_cfuture_release(cf);
    return NULL;
  }
  cf_obj *f = (cf_obj *)py_obj_alloc(&cf_type, sizeof(cf_obj));
  if (!f) {
    rt_cfuture_release(cf);
    return NULL;
  }
  f->cf = cf;
  return &f->ob;
}

rt_cfuture *lang__cfuture_of(py_obj *o) {
  return py_isinstance(o, &cf_type) ? CF(o) : NULL;
}

static py_obj *cf_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  if (py_check_nokw("Future", kwnames) < 0 || py_check_args("Future", nargs, 0, 0) < 0) return NULL;
  (void)args;
  rt_cfuture *cf;
  int rc = rt_cfuture_new(lang__platform(), &aio__value_ops, &cf);
  if (rc != RT_OK) return py_err_no_memory();
  cf_obj *f = (cf_obj *)py_obj_alloc(type, (size_t)type->basicsize);
  if (!f) {
    rt_cfuture_release(cf);
    return NULL;
  }
  f->cf = cf;
  return &f->ob;
}

py_obj *lang__futures_cancelled_error(void) {
  if (ensure_module() < 0) return NULL;
  return py_call0(&g_cancelled_cls->ob);
}

/* Raise for an rt_cfuture_result code; v (taken over) the value. */
static py_obj *outcome(int rc, void *v, bool want_exception) {
  switch (rc) {
  case RT_OK:
    if (want_exception) {
      py_xdecref(v);
      return py_newref(py_None);
    }
    return v ? v : py_newref(py_None);
  case RT_ERAISED:
    if (want_exception) return v;
    return py_err_raise(v);
  case RT_ECANCELLED: {
    py_obj *e = lang__futures_cancelled_error();
    return e ? py_err_raise(e) : NULL;
  }
  case RT_ETIMEDOUT:
    return py_err_set_obj(&py_exc_TimeoutError, NULL);
  case RT_EDEADLOCK:
    return lang__run_over();
  default:
    py_xdecref(v);
    return rc == RT_ENOMEM ? py_err_no_memory() : py_err_format(&py_exc_RuntimeError, "%s", rt_strerror(rc));
  }
}

/* result(timeout=None) / exception(timeout=None). */
static py_obj *cf_wait_outcome(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames,
                               bool want_exception) {
  double t;
  if (lang__mod_timeout_arg(want_exception ? "exception" : "result", args, nargs, kwnames, &t) < 0)
    return NULL;
  void *v = NULL;
  int rc = rt_cfuture_result(CF(self), t < 0 ? RT_NO_TIMEOUT : t, &v);
  return outcome(rc, v, want_exception);
}

static py_obj *cf_result(MOD_ARGS) { return cf_wait_outcome(self, args, nargs, kwnames, false); }
static py_obj *cf_exception(MOD_ARGS) { return cf_wait_outcome(self, args, nargs, kwnames, true); }

#define NOARGS(nm)                                                                    \
  (void)args;                                                                         \
  if (py_check_nokw(nm, kwnames) < 0 || py_check_args(nm, nargs, 0, 0) < 0) return NULL

static py_obj *cf_done(MOD_ARGS) {
  NOARGS("done");
  return py_bool_from(rt_cfuture_done(CF(self)));
}
static py_obj *cf_cancelled(MOD_ARGS) {
  NOARGS("cancelled");
  return py_bool_from(rt_cfuture_cancelled(CF(self)));
}
static py_obj *cf_running(MOD_ARGS) {
  NOARGS("running");
  return py_bool_from(rt_cfuture_state_of(CF(self)) == RT_CF_RUNNING);
}
static py_obj *cf_cancel(MOD_ARGS) {
  NOARGS("cancel");
  return py_bool_from(rt_cfuture_cancel(CF(self)));
}

static const char *state_name(rt_cfuture_state s) {
  switch (s) {
  case RT_CF_PENDING: return "pending";
  case RT_CF_RUNNING: return "running";
  case RT_CF_FINISHED: return "finished";
  default: return "cancelled";
  }
}

static py_obj *cf_repr(py_obj *o) {
  rt_cfuture_state s = rt_cfuture_state_of(CF(o));
  if (s != RT_CF_FINISHED)
    return py_str_from_format("<Future at %p state=%s>", (void *)o, state_name(s));
  void *v = NULL;
  int rc = rt_cfuture_result(CF(o), 0, &v);
  py_obj *val = v;
  py_obj *r = py_str_from_format("<Future at %p state=finished %s %s>", (void *)o,
                                 rc == RT_OK ? "returned" : "raised",
                                 val ? py_type_name(val) : "NoneType");
  py_xdecref(val);
  return r;
}

static py_obj *invalid_state(py_obj *self) {
  py_obj *r = py_repr(self);
  if (!r) return NULL;
  py_err_format(g_invalid_state_cls, "%s: %s",
                rt_cfuture_state_of(CF(self)) == RT_CF_FINISHED ? "FINISHED" : "CANCELLED",
                py_str_utf8(r));
  py_decref(r);
  return NULL;
}

static py_obj *cf_set_result(MOD_ARGS) {
  if (py_check_nokw("set_result", kwnames) < 0 || py_check_args("set_result", nargs, 1, 1) < 0) return NULL;
  py_incref(args[0]);
  if (rt_cfuture_set_result(CF(self), args[0]) != RT_OK) {
    py_decref(args[0]);
    return invalid_state(self);
  }
  return py_newref(py_None);
}

static py_obj *cf_set_exception(MOD_ARGS) {
  if (py_check_nokw("set_exception", kwnames) < 0 || py_check_args("set_exception", nargs, 1, 1) < 0)
    return NULL;
  py_obj *e = args[0];
  if (PY_TYPE_CHECK(e)) {
    if (!(e = py_call0(e))) return NULL;
  } else {
    py_incref(e);
  }
  if (rt_cfuture_set_exception(CF(self), e) != RT_OK) {
    py_decref(e);
    return invalid_state(self);
  }
  return py_newref(py_None);
}

static py_obj *cf_set_running(MOD_ARGS) {
  NOARGS("set_running_or_notify_cancel");
  rt_cfuture_state s = rt_cfuture_state_of(CF(self));
  if (s != RT_CF_PENDING && s != RT_CF_CANCELLED)
    return py_err_set_str(&py_exc_RuntimeError, "Future in unexpected state");
  return py_bool_from(rt_cfuture_set_running_or_notify_cancel(CF(self)));
}

/* add_done_callback: fn(future) on the thread that completes it. */
typedef struct cb_reg {
  py_obj *fn, *fut;
} cb_reg;

static void cb_run(rt_cfuture *cf, void *arg) {
  (void)cf;
  cb_reg *r = arg;
  py_obj *res = py_call1(r->fn, r->fut);
  if (res) {
    py_decref(res);
    return;
  }
  /* LOGGER.exception('exception calling callback for %r', self) */
  py_obj *e = py_err_fetch();
  py_obj *rp = py_repr(r->fut);
  py_obj *txt = e ? lang__format_exception(e) : NULL;
  py_buf b;
  py__buf_init(&b);
  py__buf_printf(&b, "exception calling callback for %s\n", rp ? py_str_utf8(rp) : "?");
  if (txt) py__buf_puts(&b, py_str_utf8(txt));
  lang__write(2, b.p, b.n);
  py__buf_free(&b);
  py_xdecref(rp);
  py_xdecref(txt);
  py_xdecref(e);
  py_err_clear();
}

static void cb_free(void *arg) {
  cb_reg *r = arg;
  py_decref(r->fn);
  py_decref(r->fut);
  rt_free(r);
}

static py_obj *cf_add_done_callback(MOD_ARGS) {
  if (py_check_nokw("add_done_callback", kwnames) < 0 ||
      py_check_args("add_done_callback", nargs, 1, 1) < 0)
    return NULL;
  cb_reg *r = rt_malloc(sizeof *r);
  if (!r) return py_err_no_memory();
  r->fn = py_newref(args[0]);
  r->fut = py_newref(self);
  if (rt_cfuture_add_done_cb(CF(self), cb_run, r, cb_free) != RT_OK) {
    cb_free(r);
    return py_err_no_memory();
  }
  return py_newref(py_None);
}

static const py_method_def cf_methods[] = {
    {"result", cf_result, 0}, {"exception", cf_exception, 0}, {"done", cf_done, 0},
    {"cancelled", cf_cancelled, 0}, {"running", cf_running, 0}, {"cancel", cf_cancel, 0},
    {"set_result", cf_set_result, 0}, {"set_exception", cf_set_exception, 0},
    {"set_running_or_notify_cancel", cf_set_running, 0},
    {"add_done_callback", cf_add_done_callback, 0}, {NULL, NULL, 0}};

static py_type cf_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "Future",
    .module = "concurrent.futures._base",
    .flags = PY_TF_BASETYPE,
    .basicsize = sizeof(cf_obj),
    .new_ = cf_new,
    .dealloc = cf_dealloc,
    .repr = cf_repr,
    .methods = cf_methods,
};

/* ---------------------------------------------------------------- jobs */

typedef struct job {
  py_obj *fn, *args, *kwargs;
  struct ex_obj *ex;         /* its executor (initializer), or NULL */
} job;

void *lang__job_new(py_obj *fn, py_obj *args, py_obj *kwargs) {
  job *j = rt_calloc(1, sizeof *j);
  if (!j) {
    py_err_no_memory();
    return NULL;
  }
  j->fn = py_newref(fn);
  j->args = py_newref(args);
  j->kwargs = kwargs && kwargs != py_None ? py_newref(kwargs) : NULL;
  return j;
}

void lang__job_free(void *arg) {
  job *j = arg;
  py_decref(j->fn);
  py_decref(j->args);
  py_xdecref(j->kwargs);
  py_xdecref((py_obj *)j->ex);
  rt_free(j);
}

static int job_initializer(job *j);

int lang__job_run(void *arg, void **out) {
  job *j = arg;
  if (j->ex && job_initializer(j) < 0) {
    *out = py_err_fetch();
    return RT_ERAISED;
  }
  py_obj *r = lang__mod_call(j->fn, j->args, j->kwargs);
  if (r) {
    *out = r;
    return RT_OK;
  }
  *out = py_err_fetch();
  return RT_ERAISED;
}

/* ---------------------------------------------------- ThreadPoolExecutor */

typedef struct ex_obj {
  py_obj ob;
  rt_executor *ex;
  py_obj *initializer, *initargs;
  py_obj *broken;            /* BrokenThreadPool's message once broken */
} ex_obj;

static py_type ex_type;
#define EX(o) ((ex_obj *)(o))

/* Every executor made, to join and free at exit. */
static rt_executor **g_execs;
static size_t g_nexecs, g_capexecs;
static bool g_exiting;       /* _python_exit ran: no new futures */

static void ex_dealloc(py_obj *o) {
  ex_obj *e = EX(o);
  if (e->ex) rt_executor_shutdown(e->ex, false, false);  /* freed at exit */
  py_xdecref(e->initializer);
  py_xdecref(e->initargs);
  py_xdecref(e->broken);
  py_obj_free(o, (size_t)o->type->basicsize);
}
static int ex_traverse(py_obj *o, py_visitfn visit, void *arg) {
  ex_obj *e = EX(o);
  if (e->initializer && visit(e->initializer, arg)) return 1;
  return e->initargs ? visit(e->initargs, arg) : 0;
}
static void ex_clear(py_obj *o) {
  PY_CLEAR(EX(o)->initializer);
  PY_CLEAR(EX(o)->initargs);
}

rt_executor *lang__executor_of(py_obj *o) { return py_isinstance(o, &ex_type) ? EX(o)->ex : NULL; }

/* concurrent.futures' _python_exit: join every executor's workers. */
static void futures_atexit(void) {
  g_exiting = true;
  for (size_t i = 0; i < g_nexecs; i++) rt_executor_shutdown(g_execs[i], true, false);
}

static py_obj *ex_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  static const char *const names[] = {"max_workers", "thread_name_prefix", "initializer", "initargs"};
  py_obj *a[4] = {NULL};
  if (py_parse_args("ThreadPoolExecutor", args, nargs, kwnames, names, 4, 0, a) < 0) return NULL;
  int64_t mw = 0;
  if (a[0] && a[0] != py_None) {
    if (py_index_value(a[0], &mw) < 0) return NULL;
    if (mw <= 0) return py_err_set_str(&py_exc_ValueError, "max_workers must be greater than 0");
  }
  const char *prefix = NULL;
  if (a[1]) {
    int t = py_is_true(a[1]);
    if (t < 0) return NULL;
    if (t) {
      if (!py_str_check(a[1])) return py_err_set_str(&py_exc_TypeError, "thread_name_prefix must be a str");
      prefix = py_str_utf8(a[1]);
    }
  }
  if (a[2] && a[2] != py_None && !py_callable(a[2]))
    return py_err_set_str(&py_exc_TypeError, "initializer must be a callable");
  if (g_nexecs == g_capexecs) {
    size_t cap = g_capexecs ? g_capexecs * 2 : 8;
    rt_executor **n = rt_realloc(g_execs, cap * sizeof *n);
    if (!n) return py_err_no_memory();
    g_execs = n;
    g_capexecs = cap;
  }
  if (g_nexecs == 0 && lang__threads_atexit(futures_atexit) < 0) return NULL;
  ex_obj *e = (ex_obj *)py_obj_alloc(type, (size_t)type->basicsize);
  if (!e) return NULL;
  int rc = rt_executor_new(lang__platform(), (int)mw, prefix, &aio__value_ops, &e->ex);
  if (rc != RT_OK) {
    e->ex = NULL;
    py_decref(&e->ob);
    return py_err_no_memory();
  }
  g_execs[g_nexecs++] = e->ex;
  if (a[2] && a[2] != py_None) {
    e->initializer = py_newref(a[2]);
    e->initargs = a[3] ? py_newref(a[3]) : py_newref(&py__empty_tuple.ob);
  }
  return &e->ob;
}

/* The worker runs the executor's initializer before its first job. */
static int job_initializer(job *j) {
  ex_obj *e = j->ex;
  if (!e->initializer) return 0;
  lang_thread *me = lang__thread_current();
  uint32_t id = rt_executor_id(e->ex);
  if (e->broken) {
    py_err_set_obj(g_broken_cls, e->broken);
    return -1;
  }
  if (me && me->init_for == id) return 0;
  if (me) me->init_for = id;
  py_obj *r = lang__mod_call(e->initializer, e->initargs, NULL);
  if (r) {
    py_decref(r);
    return 0;
  }
  py_obj *exc = py_err_fetch();
  py_obj *txt = exc ? lang__format_exception(exc) : NULL;
  static const char head[] = "Exception in initializer:\n";
  lang__write(2, head, sizeof head - 1);
  if (txt) lang__write(2, py_str_utf8(txt), (size_t)py_str_size(txt));
  py_xdecref(txt);
  py_xdecref(exc);
  py_err_clear();
  PY_SETREF(e->broken, py_str_from_cstr("A thread initializer failed, the thread pool is not usable anymore"));
  if (!e->broken) return -1;
  py_err_set_obj(g_broken_cls, e->broken);
  return -1;
}

/* submit(fn, /, *args, **kwargs) without the Python calling convention. */
static py_obj *ex_submit_call(ex_obj *e, py_obj *fn, py_obj *fargs, py_obj *kwargs) {
  if (e->broken) return py_err_set_obj(g_broken_cls, e->broken);
  if (g_exiting) return py_err_set_str(&py_exc_RuntimeError, "cannot schedule new futures after interpreter shutdown");
  job *j = lang__job_new(fn, fargs, kwargs);
  if (!j) return NULL;
  j->ex = (ex_obj *)py_newref(&e->ob);
  lang_thread *last = lang__threads_last();
  rt_cfuture *cf;
  int rc = rt_executor_submit(e->ex, lang__job_run, j, lang__job_free, &cf);
  if (rc != RT_OK) {
    lang__job_free(j);
    if (rc == RT_ESTATE) return py_err_set_str(&py_exc_RuntimeError, "cannot schedule new futures after shutdown");
    return rc == RT_ENOMEM ? py_err_no_memory() : py_err_set_str(&py_exc_RuntimeError, "can't start new thread");
  }
  py_obj *f = lang__cfuture_wrap(cf);
  /* a worker it started runs until it blocks, as Thread.start() does */
  if (f && lang__threads_wait_new(last) == RT_EDEADLOCK) {
    py_decref(f);
    return lang__run_over();
  }
  return f;
}

/* The positional and keyword arguments after the first n as (tuple, dict
 * or NULL). */
static int split_call(py_obj *const *args, py_ssize_t nargs, py_obj *kwnames, py_ssize_t n,
                      py_obj **targs, py_obj **kw) {
  *kw = NULL;
  if (!(*targs = py_tuple_from(args + n, nargs - n))) return -1;
  if (!kwnames) return 0;
  if (!(*kw = py_dict_new())) goto fail;
  for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++)
    if (py_dict_set(*kw, py_tuple_get(kwnames, i), args[nargs + i]) < 0) goto fail;
  return 0;
fail:
  py_decref(*targs);
  py_xdecref(*kw);
  return -1;
}

static py_obj *ex_submit(MOD_ARGS) {
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "submit() missing 1 required positional argument: 'fn'");
  py_obj *targs, *kw;
  if (split_call(args, nargs, kwnames, 1, &targs, &kw) < 0) return NULL;
  py_obj *f = ex_submit_call(EX(self), args[0], targs, kw);
  py_decref(targs);
  py_xdecref(kw);
  return f;
}

static py_obj *ex_shutdown(MOD_ARGS) {
  static const char *const names[] = {"wait", "cancel_futures"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("shutdown", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  int wait = 1, cancel = 0;
  if (a[0] && (wait = py_is_true(a[0])) < 0) return NULL;
  if (a[1] && (cancel = py_is_true(a[1])) < 0) return NULL;
  rt_executor_shutdown(EX(self)->ex, wait, cancel);
  return py_newref(py_None);
}

static py_obj *ex_enter(MOD_ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  return py_newref(self);
}
static py_obj *ex_exit(MOD_ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  rt_executor_shutdown(EX(self)->ex, true, false);
  return py_newref(py_False);
}

/* map(): every call submitted at once; results in order, each waited for
 * with what is left of the timeout; the rest cancelled on an error or
 * when the iterator goes. */
typedef struct map_it {
  py_obj ob;
  py_obj *futs;              /* list */
  py_ssize_t next;
  double end;                /* platform clock; < 0: no timeout */
} map_it;

static void map_cancel_rest(map_it *m) {
  if (!m->futs) return;
  for (py_ssize_t i = m->next; i < py_list_len(m->futs); i++)
    rt_cfuture_cancel(CF(py_list_get(m->futs, i)));
  m->next = py_list_len(m->futs);
}
static void map_dealloc(py_obj *o) {
  map_it *m = (map_it *)o;
  map_cancel_rest(m);
  py_xdecref(m->futs);
  py_obj_free(o, sizeof(map_it));
}
static int map_traverse(py_obj *o, py_visitfn visit, void *arg) {
  map_it *m = (map_it *)o;
  return m->futs ? visit(m->futs, arg) : 0;
}
static void map_clear(py_obj *o) { PY_CLEAR(((map_it *)o)->futs); }
static py_obj *map_self(py_obj *o) { return py_newref(o); }

static py_obj *map_next(py_obj *o) {
  map_it *m = (map_it *)o;
  if (!m->futs || m->next >= py_list_len(m->futs)) return NULL;
  rt_cfuture *cf = CF(py_list_get(m->futs, m->next++));
  double t = RT_NO_TIMEOUT;
  if (m->end >= 0) {
    t = m->end - lang__now();
    if (t < 0) t = 0;
  }
  void *v = NULL;
  int rc = rt_cfuture_result(cf, t, &v);
  py_obj *r = outcome(rc, v, false);
  if (!r) {
    rt_cfuture_cancel(cf);
    map_cancel_rest(m);
  }
  return r;
}

static py_type map_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "generator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(map_it),
    .dealloc = map_dealloc,
    .traverse = map_traverse,
    .clear = map_clear,
    .iter = map_self,
    .iternext = map_next,
};

static py_obj *ex_map(MOD_ARGS) {
  py_obj *to = lang__mod_kwarg(args, nargs, kwnames, "timeout");
  if (kwnames)
    for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++) {
      py_obj *k = py_tuple_get(kwnames, i);
      if (!py_str_eq_cstr(k, "timeout") && !py_str_eq_cstr(k, "chunksize"))
        return py_err_format(&py_exc_TypeError, "map() got an unexpected keyword argument '%s'",
                             py_str_utf8(k));
    }
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "map() missing 1 required positional argument: 'fn'");
  double timeout;
  if (lang__mod_timeout(to, &timeout) < 0) return NULL;
  double end = to && to != py_None ? lang__now() + timeout : -1.0;
  py_obj *its = py_list_new(0), *futs = py_list_new(0);
  map_it *m = NULL;
  if (!its || !futs) goto fail;
  for (py_ssize_t i = 1; i < nargs; i++) {
    py_obj *it = py_iter(args[i]);
    if (!it || py_list_append_steal(its, it) < 0) goto fail;
  }
  for (;;) {   /* zip(*iterables) */
    py_ssize_t n = py_list_len(its);
    py_obj *call = py_tuple_new(n);
    if (!call) goto fail;
    bool stop = n == 0;
    for (py_ssize_t i = 0; i < n && !stop; i++) {
      py_obj *v = py_iter_next(py_list_get(its, i));
      if (!v) {
        stop = true;
        break;
      }
      py_tuple_set_steal(call, i, v);
    }
    if (stop) {
      py_decref(call);
      if (py_err_occurred()) goto fail;
      break;
    }
    py_obj *f = ex_submit_call(EX(self), args[0], call, NULL);
    py_decref(call);
    if (!f || py_list_append_steal(futs, f) < 0) goto fail;
  }
  m = (map_it *)py_obj_alloc(&map_type, sizeof(map_it));
  if (!m) goto fail;
  m->futs = futs;
  m->end = end;
  py_decref(its);
  return &m->ob;
fail:
  if (futs)
    for (py_ssize_t i = 0; i < py_list_len(futs); i++) rt_cfuture_cancel(CF(py_list_get(futs, i)));
  py_xdecref(its);
  py_xdecref(futs);
  return NULL;
}

static py_obj *ex_get_max_workers(py_obj *self) {
  return py_int_from(rt_executor_max_workers(EX(self)->ex));
}

static const py_method_def ex_methods[] = {
    {"submit", ex_submit, 0}, {"map", ex_map, 0}, {"shutdown", ex_shutdown, 0},
    {"__enter__", ex_enter, 0}, {"__exit__", ex_exit, 0}, {NULL, NULL, 0}};
static const py_getset_def ex_getsets[] = {{"_max_workers", ex_get_max_workers, NULL},
                                           {NULL, NULL, NULL}};

static py_type ex_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "ThreadPoolExecutor",
    .module = "concurrent.futures.thread",
    .flags = PY_TF_BASETYPE | PY_TF_GC,
    .basicsize = sizeof(ex_obj),
    .new_ = ex_new,
    .dealloc = ex_dealloc,
    .traverse = ex_traverse,
    .clear = ex_clear,
    .methods = ex_methods,
    .getsets = ex_getsets,
};

/* ------------------------------------------------ wait, as_completed */

enum { W_FIRST_COMPLETED, W_FIRST_EXCEPTION, W_ALL_COMPLETED, W_AS_COMPLETED };

/* A waiter installed on each pending future (CPython's _Waiter kinds). */
typedef struct waiter {
  long refs;                 /* the waiting call's, each registration's */
  int mode;
  bool active;               /* the call still waits: callbacks count */
  bool fired;                /* its condition holds */
  size_t pending;            /* futures not finished yet */
  size_t *order;             /* indexes finished, in completion order */
  size_t norder, caporder, taken;
  rt_cond *cond;
} waiter;

typedef struct wreg {
  waiter *w;
  size_t index;
} wreg;

static void waiter_unref(waiter *w) {
  if (--w->refs > 0) return;
  if (w->cond) lang__platform()->cond_free(w->cond);
  rt_free(w->order);
  rt_free(w);
}

static void wreg_free(void *arg) {
  wreg *r = arg;
  waiter_unref(r->w);
  rt_free(r);
}

static bool finished(rt_cfuture *cf) {
  rt_cfuture_state s = rt_cfuture_state_of(cf);
  return s == RT_CF_FINISHED || s == RT_CF_CANCELLED_AND_NOTIFIED;
}

static bool raised(rt_cfuture *cf) {
  void *v = NULL;
  int rc = rt_cfuture_result(cf, 0, &v);
  py_xdecref(v);
  return rc == RT_ERAISED;
}

static void wreg_done(rt_cfuture *cf, void *arg) {
  wreg *r = arg;
  waiter *w = r->w;
  if (!w->active) return;
  if (w->norder == w->caporder) {
    size_t cap = w->caporder ? w->caporder * 2 : 8;
    size_t *n = rt_realloc(w->order, cap * sizeof *n);
    if (!n) return;   /* the waiter sees it done when it looks again */
    w->order = n;
    w->caporder = cap;
  }
  w->order[w->norder++] = r->index;
  if (w->pending) w->pending--;
  switch (w->mode) {
  case W_FIRST_COMPLETED: case W_AS_COMPLETED: w->fired = true; break;
  case W_FIRST_EXCEPTION: w->fired = w->pending == 0 || raised(cf); break;
  default: w->fired = w->pending == 0; break;
  }
  lang__platform()->cond_broadcast(w->cond);
}

/* A waiter on every future of futs not finished yet (list of Future). */
static waiter *waiter_install(py_obj *futs, int mode) {
  waiter *w = rt_calloc(1, sizeof *w);
  rt_platform *p = lang__platform();
  if (!w || p->cond_new(p, &w->cond) != RT_OK) {
    rt_free(w);
    py_err_no_memory();
    return NULL;
  }
  w->refs = 1;
  w->mode = mode;
  w->active = true;
  for (py_ssize_t i = 0; i < py_list_len(futs); i++) {
    rt_cfuture *cf = CF(py_list_get(futs, i));
    if (finished(cf)) continue;
    wreg *r = rt_malloc(sizeof *r);
    if (!r) goto nomem;
    r->w = w;
    r->index = (size_t)i;
    w->refs++;
    w->pending++;
    if (rt_cfuture_add_done_cb(cf, wreg_done, r, wreg_free) != RT_OK) {
      w->refs--;
      w->pending--;
      rt_free(r);
      goto nomem;
    }
  }
  return w;
nomem:
  w->active = false;
  waiter_unref(w);
  py_err_no_memory();
  return NULL;
}

/* Wait until the waiter fires or the deadline passes. 0, or -1 (the run
 * is over). */
static int waiter_wait(waiter *w, double deadline) {
  while (!w->fired) {
    int rc = lang__gil_wait(w->cond, deadline);
    if (rc == RT_EDEADLOCK) {
      lang__run_over();
      return -1;
    }
    if (rc == RT_ETIMEDOUT) break;
  }
  return 0;
}

/* The futures of an iterable, distinct, in first-seen order (CPython makes
 * a set; its order is by address, so scripts cannot rely on it). */
static py_obj *future_list(py_obj *fs) {
  py_obj *l = py_list_new(0), *seen = py_set_new(NULL);
  py_obj *it = py_iter(fs);
  if (!l || !seen || !it) goto fail;
  py_obj *f;
  while ((f = py_iter_next(it))) {
    if (!lang__cfuture_of(f)) {
      py_err_format(&py_exc_TypeError, "expected a concurrent.futures.Future, got %s", py_type_name(f));
      py_decref(f);
      goto fail;
    }
    int in = py_set_contains(seen, f);
    if (in < 0 || (!in && (py_set_add(seen, f) < 0 || py_list_append(l, f) < 0))) {
      py_decref(f);
      goto fail;
    }
    py_decref(f);
  }
  if (py_err_occurred()) goto fail;
  py_decref(it);
  py_decref(seen);
  return l;
fail:
  py_xdecref(it);
  py_xdecref(seen);
  py_xdecref(l);
  return NULL;
}

static int mode_of(py_obj *rw) {
  if (!rw || (py_str_check(rw) && py_str_eq_cstr(rw, "ALL_COMPLETED"))) return W_ALL_COMPLETED;
  if (py_str_check(rw) && py_str_eq_cstr(rw, "FIRST_COMPLETED")) return W_FIRST_COMPLETED;
  if (py_str_check(rw) && py_str_eq_cstr(rw, "FIRST_EXCEPTION")) return W_FIRST_EXCEPTION;
  py_obj *r = py_repr(rw);
  py_err_format(&py_exc_ValueError, "Invalid return condition: %s", r ? py_str_utf8(r) : "?");
  py_xdecref(r);
  return -1;
}

/* The namedtuple DoneAndNotDoneFutures: a pair with two named fields. */
typedef struct dnd_obj {
  py_obj ob;
  py_obj *pair;              /* (done, not_done) */
} dnd_obj;
#define DND(o) (((dnd_obj *)(o))->pair)

static void dnd_dealloc(py_obj *o) {
  py_xdecref(DND(o));
  py_obj_free(o, sizeof(dnd_obj));
}
static int dnd_traverse(py_obj *o, py_visitfn visit, void *arg) {
  return DND(o) ? visit(DND(o), arg) : 0;
}
static void dnd_clear(py_obj *o) { PY_CLEAR(DND(o)); }
static py_obj *dnd_iter(py_obj *o) { return py_iter(DND(o)); }
static py_ssize_t dnd_len(py_obj *o) { return py_tuple_len(DND(o)); }
static py_obj *dnd_getitem(py_obj *o, py_obj *k) { return py_getitem(DND(o), k); }
static py_obj *dnd_done(py_obj *o) { return py_newref(py_tuple_get(DND(o), 0)); }
static py_obj *dnd_not_done(py_obj *o) { return py_newref(py_tuple_get(DND(o), 1)); }
static py_obj *dnd_repr(py_obj *o) {
  py_obj *d = py_repr(py_tuple_get(DND(o), 0)), *n = d ? py_repr(py_tuple_get(DND(o), 1)) : NULL;
  py_obj *r = n ? py_str_from_format("DoneAndNotDoneFutures(done=%s, not_done=%s)", py_str_utf8(d),
                                     py_str_utf8(n))
                : NULL;
  py_xdecref(d);
  py_xdecref(n);
  return r;
}
static const py_getset_def dnd_getsets[] = {
    {"done", dnd_done, NULL}, {"not_done", dnd_not_done, NULL}, {NULL, NULL, NULL}};

static py_type dnd_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "DoneAndNotDoneFutures",
    .module = "concurrent.futures._base",
    .flags = PY_TF_GC,
    .basicsize = sizeof(dnd_obj),
    .dealloc = dnd_dealloc,
    .traverse = dnd_traverse,
    .clear = dnd_clear,
    .repr = dnd_repr,
    .iter = dnd_iter,
    .len = dnd_len,
    .getitem = dnd_getitem,
    .getsets = dnd_getsets,
};

/* DoneAndNotDoneFutures(done, not_done) of the list's futures. */
static py_obj *done_not_done(py_obj *futs) {
  py_obj *done = py_set_new(NULL), *not_done = py_set_new(NULL), *pair = NULL, *r = NULL;
  if (!done || !not_done) goto out;
  for (py_ssize_t i = 0; i < py_list_len(futs); i++) {
    py_obj *f = py_list_get(futs, i);
    if (py_set_add(finished(CF(f)) ? done : not_done, f) < 0) goto out;
  }
  if (!(pair = py_tuple_pack(2, done, not_done))) goto out;
  dnd_obj *o = (dnd_obj *)py_obj_alloc(&dnd_type, sizeof(dnd_obj));
  if (!o) goto out;
  o->pair = pair;
  pair = NULL;
  r = &o->ob;
out:
  py_xdecref(done);
  py_xdecref(not_done);
  py_xdecref(pair);
  return r;
}

static py_obj *f_wait(MOD_ARGS) {
  (void)self;
  static const char *const names[] = {"fs", "timeout", "return_when"};
  py_obj *a[3] = {NULL};
  if (py_parse_args("wait", args, nargs, kwnames, names, 3, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "wait() missing 1 required positional argument: 'fs'");
  double timeout;
  int mode = mode_of(a[2]);
  if (mode < 0 || lang__mod_timeout(a[1], &timeout) < 0) return NULL;
  py_obj *futs = future_list(a[0]);
  if (!futs) return NULL;
  size_t ndone = 0, nexc = 0, n = (size_t)py_list_len(futs);
  for (size_t i = 0; i < n; i++) {
    rt_cfuture *cf = CF(py_list_get(futs, (py_ssize_t)i));
    if (!finished(cf)) continue;
    ndone++;
    if (!rt_cfuture_cancelled(cf) && raised(cf)) nexc++;
  }
  bool now = ndone == n || (mode == W_FIRST_COMPLETED && ndone) || (mode == W_FIRST_EXCEPTION && nexc);
  if (!now) {
    waiter *w = waiter_install(futs, mode);
    if (!w) { py_decref(futs); return NULL; }
    int rc = waiter_wait(w, timeout < 0 ? -1.0 : lang__now() + timeout);
    w->active = false;
    waiter_unref(w);
    if (rc < 0) { py_decref(futs); return NULL; }
  }
  py_obj *r = done_not_done(futs);
  py_decref(futs);
  return r;
}

/* as_completed(fs, timeout=None): the finished ones first (in the order
 * given), then each as it finishes. */
typedef struct ac_it {
  py_obj ob;
  py_obj *futs;              /* list */
  py_obj *first;             /* list: those finished at the call */
  py_ssize_t nfirst_taken;
  waiter *w;
  size_t total;
  double end;
} ac_it;

static void ac_dealloc(py_obj *o) {
  ac_it *a = (ac_it *)o;
  if (a->w) {
    a->w->active = false;
    waiter_unref(a->w);
  }
  py_xdecref(a->futs);
  py_xdecref(a->first);
  py_obj_free(o, sizeof(ac_it));
}
static int ac_traverse(py_obj *o, py_visitfn visit, void *arg) {
  ac_it *a = (ac_it *)o;
  if (a->futs && visit(a->futs, arg)) return 1;
  return a->first ? visit(a->first, arg) : 0;
}
static void ac_clear(py_obj *o) {
  PY_CLEAR(((ac_it *)o)->futs);
  PY_CLEAR(((ac_it *)o)->first);
}

static py_obj *ac_next(py_obj *o) {
  ac_it *a = (ac_it *)o;
  if (a->nfirst_taken < py_list_len(a->first))
    return py_newref(py_list_get(a->first, a->nfirst_taken++));
  waiter *w = a->w;
  if (!w) return NULL;
  while (w->taken == w->norder) {
    if (w->pending == 0) return NULL;
    double deadline = -1;
    if (a->end >= 0) {
      deadline = a->end;
      if (lang__now() > a->end)
        return py_err_format(&py_exc_TimeoutError, "%zu (of %zu) futures unfinished", w->pending, a->total);
    }
    int rc = lang__gil_wait(w->cond, deadline);
    if (rc == RT_EDEADLOCK) return lang__run_over();
    if (rc == RT_ETIMEDOUT && w->taken == w->norder)
      return py_err_format(&py_exc_TimeoutError, "%zu (of %zu) futures unfinished", w->pending, a->total);
  }
  return py_newref(py_list_get(a->futs, (py_ssize_t)w->order[w->taken++]));
}

static py_type ac_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "generator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(ac_it),
    .dealloc = ac_dealloc,
    .traverse = ac_traverse,
    .clear = ac_clear,
    .iter = map_self,
    .iternext = ac_next,
};

static py_obj *f_as_completed(MOD_ARGS) {
  (void)self;
  static const char *const names[] = {"fs", "timeout"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("as_completed", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "as_completed() missing 1 required positional argument: 'fs'");
  double timeout;
  if (lang__mod_timeout(a[1], &timeout) < 0) return NULL;
  py_obj *futs = future_list(a[0]);
  if (!futs) return NULL;
  ac_it *it = (ac_it *)py_obj_alloc(&ac_type, sizeof(ac_it));
  if (!it) { py_decref(futs); return NULL; }
  it->futs = futs;
  it->total = (size_t)py_list_len(futs);
  it->end = a[1] && a[1] != py_None ? lang__now() + timeout : -1.0;
  if (!(it->first = py_list_new(0))) goto fail;
  for (py_ssize_t i = 0; i < py_list_len(futs); i++) {
    py_obj *f = py_list_get(futs, i);
    if (finished(CF(f)) && py_list_append(it->first, f) < 0) goto fail;
  }
  if (py_list_len(it->first) < py_list_len(futs) && !(it->w = waiter_install(futs, W_AS_COMPLETED)))
    goto fail;
  return &it->ob;
fail:
  py_decref(&it->ob);
  return NULL;
}

/* ------------------------------------------------------------ modules */

static const py_method_def futures_defs[] = {
    {"wait", f_wait, 0}, {"as_completed", f_as_completed, 0}, {NULL, NULL, 0}};

static py_obj *f_process_pool(MOD_ARGS) {
  (void)self; (void)args; (void)nargs; (void)kwnames;
  return py_err_set_str(&py_exc_NotImplementedError,
                        "ProcessPoolExecutor is not available in coroscope (no processes): "
                        "use ThreadPoolExecutor");
}
static const py_method_def process_defs[] = {{"ProcessPoolExecutor", f_process_pool, 0},
                                             {NULL, NULL, 0}};

int lang__futures_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  static py_type *const types[] = {&cf_type, &ex_type, &dnd_type, NULL};
  if (lang__mod_add_types(d, types) < 0 || lang__mod_ready(&map_type) < 0 ||
      lang__mod_ready(&ac_type) < 0 || lang__mod_add_functions(d, futures_defs, "concurrent.futures") < 0) return -1;
  py_type *err = lang__mod_add_class(d, "Error", "concurrent.futures._base", &py_exc_Exception);
  if (!err) return -1;
  g_cancelled_cls = lang__mod_add_class(d, "CancelledError", "concurrent.futures._base", err);
  g_invalid_state_cls = lang__mod_add_class(d, "InvalidStateError", "concurrent.futures._base", err);
  py_type *broken = lang__mod_add_class(d, "BrokenExecutor", "concurrent.futures._base",
                                        &py_exc_RuntimeError);
  g_broken_cls = broken ? lang__mod_add_class(d, "BrokenThreadPool", "concurrent.futures.thread", broken)
                        : NULL;
  if (!g_cancelled_cls || !g_invalid_state_cls || !g_broken_cls) return -1;
  if (py_dict_set_str(d, "TimeoutError", &py_exc_TimeoutError.ob) < 0) return -1;
  static const char *const consts[] = {"FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"};
  for (size_t i = 0; i < 3; i++) {
    py_obj *v = py_str_from_cstr(consts[i]);
    if (!v || py_dict_set_str(d, consts[i], v) < 0) { py_xdecref(v); return -1; }
    py_decref(v);
  }
  return lang__mod_add_functions(d, process_defs, "concurrent.futures.process");
}

/* Re-export names of concurrent.futures into a submodule's dict. */
static int reexport(py_obj *d, const char *const *names) {
  py_obj *n = py_intern_cstr("concurrent.futures");
  py_obj *m = n ? lang__import(lang__ip, n) : NULL;
  py_xdecref(n);
  if (!m) return -1;
  py_obj *md = py_module_dict(m);
  int rc = 0;
  for (const char *const *k = names; *k && rc == 0; k++) {
    py_obj *v = py_dict_get_str(md, *k);
    if (v) rc = py_dict_set_str(d, *k, v);
  }
  py_decref(m);
  return rc;
}

int lang__futures_thread_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  static const char *const names[] = {"ThreadPoolExecutor", "BrokenThreadPool", NULL};
  return reexport(d, names);
}

int lang__futures_process_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  static const char *const names[] = {"ProcessPoolExecutor", NULL};
  return reexport(d, names);
}

int lang__concurrent_fill(lang_interp *ip, py_obj *d) {
  py_obj *n = py_intern_cstr("concurrent.futures");
  py_obj *m = n ? lang__import(ip, n) : NULL;
  py_xdecref(n);
  if (!m) return -1;
  int rc = py_dict_set_str(d, "futures", m);
  py_decref(m);
  return rc;
}

void lang__futures_fini(void) {
  for (size_t i = 0; i < g_nexecs; i++) rt_executor_free(g_execs[i]);
  rt_free(g_execs);
  g_execs = NULL;
  g_nexecs = g_capexecs = 0;
  g_exiting = false;
  g_cancelled_cls = g_invalid_state_cls = g_broken_cls = NULL;
}
