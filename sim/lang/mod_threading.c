/* mod_threading.c: the threading module (Thread, current_thread, Lock, RLock, Event, Condition, Semaphore) on the interpreter's threads.
 *
 * A Thread runs on a thread of the run's platform (threads.c): a lane of
 * the virtual platform, a pthread with --real-time. start() waits until
 * the new thread runs, as CPython's does (its _started event), so the new
 * thread goes first until it blocks. The locks are Python state guarded by
 * the GIL; a thread that must wait sleeps on a platform condition whose
 * mutex is the GIL (lang__gil_wait), woken in FIFO order on the virtual
 * platform. Names and messages are 3.11's (Lib/threading.py).
 */
#include "mod_threading.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------- Thread */

typedef struct th_obj {
  py_obj ob;
  bool initialized;          /* Thread.__init__ ran */
  bool daemon;
  py_obj *target, *args, *kwargs;
  py_obj *name;              /* str */
  lang_thread *rec;          /* once started (or the thread it stands for) */
} th_obj;

static py_type th_type, mainth_type;

#define TH(o) ((th_obj *)(o))

static void th_dealloc(py_obj *o) {
  th_obj *t = TH(o);
  py_xdecref(t->target);
  py_xdecref(t->args);
  py_xdecref(t->kwargs);
  py_xdecref(t->name);
  py_obj_free(o, (size_t)o->type->basicsize);
}
static int th_traverse(py_obj *o, py_visitfn visit, void *arg) {
  th_obj *t = TH(o);
  py_obj *refs[] = {t->target, t->args, t->kwargs};
  for (size_t i = 0; i < 3; i++)
    if (refs[i] && visit(refs[i], arg)) return 1;
  return 0;
}
static void th_clear(py_obj *o) {
  th_obj *t = TH(o);
  PY_CLEAR(t->target);
  PY_CLEAR(t->args);
  PY_CLEAR(t->kwargs);
}

static py_obj *th_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  (void)args; (void)nargs; (void)kwnames;
  return py_obj_alloc(type, (size_t)type->basicsize);
}

/* The Thread object standing for a thread the script did not make (the
 * main thread, an executor's worker): made on demand, kept by the record. */
static py_obj *th_of_record(lang_thread *r) {
  if (r->obj) return py_newref(r->obj);
  th_obj *t = (th_obj *)py_obj_alloc(r == lang__thread_main() ? &mainth_type : &th_type,
                                     sizeof(th_obj));
  if (!t) return NULL;
  t->initialized = true;
  t->rec = r;
  if (!(t->name = py_str_from_cstr(r->name))) {
    py_decref(&t->ob);
    return NULL;
  }
  r->obj = py_newref(&t->ob);
  return &t->ob;
}

py_obj *lang__threading_current(void) {
  lang_thread *r = lang__thread_current();
  if (!r) r = lang__thread_main();
  return th_of_record(r);
}

/* Thread-N, and " (target)" after it as 3.10 does. */
static py_obj *default_name(py_obj *target) {
  long n = lang__thread_next_number();
  py_obj *tn = NULL;
  if (target && target != py_None && py_getattr_opt(target, PY_ID(__name__), &tn) < 0) {
    if (!py_err_matches(&py_exc_AttributeError)) return NULL;
    py_err_clear();
  }
  py_obj *s = tn && py_str_check(tn) ? py_str_from_format("Thread-%ld (%s)", n, py_str_utf8(tn))
                                     : py_str_from_format("Thread-%ld", n);
  py_xdecref(tn);
  return s;
}

static int th_init(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  static const char *const names[] = {"group", "target", "name", "args", "kwargs", "daemon"};
  py_obj *a[6] = {NULL};
  if (py_parse_args("Thread", args, nargs, kwnames, names, 6, 0, a) < 0) return -1;
  th_obj *t = TH(self);
  if (a[0] && a[0] != py_None) {
    py_err_set_str(&py_exc_AssertionError, "group argument must be None for now");
    return -1;
  }
  if (t->rec) {
    py_err_set_str(&py_exc_RuntimeError, "threads can only be started once");
    return -1;
  }
  py_obj *target = a[1] && a[1] != py_None ? a[1] : NULL;
  py_obj *name = a[2] && a[2] != py_None ? py_str(a[2]) : default_name(target);
  if (!name) return -1;
  py_obj *targs = a[3] ? py_newref(a[3]) : py_newref(&py__empty_tuple.ob);
  py_obj *kw = a[4] && a[4] != py_None ? py_newref(a[4]) : py_dict_new();
  if (!kw) { py_decref(name); py_decref(targs); return -1; }
  bool daemon;
  if (a[5] && a[5] != py_None) {
    int b = py_is_true(a[5]);
    if (b < 0) { py_decref(name); py_decref(targs); py_decref(kw); return -1; }
    daemon = b;
  } else {
    py_obj *cur = lang__threading_current();
    if (!cur) { py_decref(name); py_decref(targs); py_decref(kw); return -1; }
    daemon = TH(cur)->daemon;
    py_decref(cur);
  }
  PY_SETREF(t->target, target ? py_newref(target) : NULL);
  PY_SETREF(t->args, targs);
  PY_SETREF(t->kwargs, kw);
  PY_SETREF(t->name, name);
  t->daemon = daemon;
  t->initialized = true;
  return 0;
}

/* threading.excepthook's output for an exception out of run(). */
static void report_thread_error(th_obj *t) {
  py_obj *e = py_err_fetch();
  if (!e) return;
  if (py_isinstance(e, &py_exc_SystemExit)) {  /* silently ends the thread */
    py_decref(e);
    return;
  }
  py_obj *txt = lang__format_exception(e);
  py_buf b;
  py__buf_init(&b);
  py__buf_printf(&b, "Exception in thread %s:\n", t->name ? py_str_utf8(t->name) : "?");
  if (txt) py__buf_puts(&b, py_str_utf8(txt));
  lang__write(2, b.p, b.n);
  py__buf_free(&b);
  py_xdecref(txt);
  py_err_clear();
  py_decref(e);
}

/* What a started Thread runs on its own thread: self.run(). */
static void th_main(void *arg) {
  th_obj *t = arg;   /* a reference, given by start() */
  py_obj *r = py_call_method_str(&t->ob, "run", NULL, 0);
  if (r) py_decref(r);
  else report_thread_error(t);
  py_decref(&t->ob);
}

static py_obj *th_start(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("start", kwnames) < 0 || py_check_args("start", nargs, 0, 0) < 0) return NULL;
  th_obj *t = TH(self);
  if (!t->initialized) return py_err_set_str(&py_exc_RuntimeError, "thread.__init__() not called");
  if (t->rec) return py_err_set_str(&py_exc_RuntimeError, "threads can only be started once");
  lang_thread *r;
  py_incref(self);
  int rc = lang__thread_start(py_str_utf8(t->name), th_main, t, &r);
  if (rc != RT_OK) {
    py_decref(self);
    if (rc == RT_ENOMEM) return py_err_no_memory();
    return py_err_set_str(&py_exc_RuntimeError, "can't start new thread");
  }
  t->rec = r;
  r->daemon = t->daemon;
  r->obj = py_newref(self);
  /* the new thread runs until it blocks; then this one goes on */
  if (lang__thread_wait_running(r) == RT_EDEADLOCK) return lang__run_over();
  return py_newref(py_None);
}

static py_obj *th_run(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("run", kwnames) < 0 || py_check_args("run", nargs, 0, 0) < 0) return NULL;
  th_obj *t = TH(self);
  py_obj *r = py_newref(py_None);
  if (t->target) {
    py_decref(r);
    r = lang__mod_call(t->target, t->args, t->kwargs);
  }
  /* "Avoid a refcycle if the thread is running a function with an
   * argument that has a member that points to the thread." */
  PY_CLEAR(t->target);
  PY_CLEAR(t->args);
  PY_CLEAR(t->kwargs);
  return r;
}

static py_obj *th_join(MOD_ARGS) {
  double timeout;
  if (lang__mod_timeout_arg("join", args, nargs, kwnames, &timeout) < 0) return NULL;
  th_obj *t = TH(self);
  if (!t->initialized) return py_err_set_str(&py_exc_RuntimeError, "Thread.__init__() not called");
  if (!t->rec) return py_err_set_str(&py_exc_RuntimeError, "cannot join thread before it is started");
  if (t->rec == lang__thread_current())
    return py_err_set_str(&py_exc_RuntimeError, "cannot join current thread");
  int rc = lang__thread_join(t->rec, timeout);
  if (rc == RT_EDEADLOCK) return lang__run_over();
  return py_newref(py_None);
}

static py_obj *th_is_alive(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("is_alive", kwnames) < 0 || py_check_args("is_alive", nargs, 0, 0) < 0) return NULL;
  lang_thread *r = TH(self)->rec;
  return py_bool_from(r && r->started && !r->done);
}

static py_obj *th_get_name(py_obj *self) {
  th_obj *t = TH(self);
  return t->name ? py_newref(t->name) : py_str_from_cstr("");
}
static int th_set_name(py_obj *self, py_obj *v) {
  if (!v) { py_err_set_str(&py_exc_AttributeError, "can't delete attribute"); return -1; }
  py_obj *s = py_str(v);
  if (!s) return -1;
  PY_SETREF(TH(self)->name, s);
  return 0;
}
static py_obj *th_get_ident(py_obj *self) {
  lang_thread *r = TH(self)->rec;
  return r && r->running ? py_int_from((int64_t)r->ident) : py_newref(py_None);
}
static py_obj *th_get_daemon(py_obj *self) { return py_bool_from(TH(self)->daemon); }
static int th_set_daemon(py_obj *self, py_obj *v) {
  th_obj *t = TH(self);
  if (!v) { py_err_set_str(&py_exc_AttributeError, "can't delete attribute"); return -1; }
  if (!t->initialized) { py_err_set_str(&py_exc_RuntimeError, "Thread.__init__() not called"); return -1; }
  if (t->rec) { py_err_set_str(&py_exc_RuntimeError, "cannot set daemon status of active thread"); return -1; }
  int b = py_is_true(v);
  if (b < 0) return -1;
  t->daemon = b;
  return 0;
}

static py_obj *th_repr(py_obj *o) {
  th_obj *t = TH(o);
  lang_thread *r = t->rec;
  const char *status = !r ? "initial" : r->done ? "stopped" : "started";
  py_buf b;
  py__buf_init(&b);
  py__buf_printf(&b, "<%s(%s, %s%s", o->type->name, t->name ? py_str_utf8(t->name) : "?", status,
                 t->daemon ? " daemon" : "");
  if (r && r->running) py__buf_printf(&b, " %llu", (unsigned long long)r->ident);
  py__buf_puts(&b, ")>");
  return py__buf_finish(&b);
}

static const py_method_def th_methods[] = {
    {"start", th_start, 0}, {"run", th_run, 0}, {"join", th_join, 0},
    {"is_alive", th_is_alive, 0}, {NULL, NULL, 0}};
static const py_getset_def th_getsets[] = {
    {"name", th_get_name, th_set_name}, {"ident", th_get_ident, NULL},
    {"native_id", th_get_ident, NULL}, {"daemon", th_get_daemon, th_set_daemon},
    {NULL, NULL, NULL}};

static py_type th_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "Thread",
    .module = "threading",
    .flags = PY_TF_BASETYPE | PY_TF_GC,
    .basicsize = sizeof(th_obj),
    .new_ = th_new,
    .init = th_init,
    .dealloc = th_dealloc,
    .traverse = th_traverse,
    .clear = th_clear,
    .repr = th_repr,
    .methods = th_methods,
    .getsets = th_getsets,
};

static py_type mainth_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "_MainThread",
    .module = "threading",
    .base = &th_type,
    .flags = PY_TF_GC,
    .basicsize = sizeof(th_obj),
    .dealloc = th_dealloc,
    .traverse = th_traverse,
    .clear = th_clear,
    .repr = th_repr,
};

/* --------------------------------------------------------- functions */

static py_obj *f_current_thread(MOD_ARGS) {
  (void)self; (void)args;
  if (py_check_nokw("current_thread", kwnames) < 0 || py_check_args("current_thread", nargs, 0, 0) < 0)
    return NULL;
  return lang__threading_current();
}

static py_obj *f_main_thread(MOD_ARGS) {
  (void)self; (void)args;
  if (py_check_nokw("main_thread", kwnames) < 0 || py_check_args("main_thread", nargs, 0, 0) < 0)
    return NULL;
  return th_of_record(lang__thread_main());
}

static py_obj *f_get_ident(MOD_ARGS) {
  (void)self; (void)args;
  if (py_check_nokw("get_ident", kwnames) < 0 || py_check_args("get_ident", nargs, 0, 0) < 0) return NULL;
  lang_thread *r = lang__thread_current();
  return py_int_from(r ? (int64_t)r->ident : 1);
}

static py_obj *f_active_count(MOD_ARGS) {
  (void)self; (void)args;
  if (py_check_nokw("active_count", kwnames) < 0 || py_check_args("active_count", nargs, 0, 0) < 0)
    return NULL;
  return py_int_from((int64_t)lang__threads_alive());
}

static py_obj *f_enumerate(MOD_ARGS) {
  (void)self; (void)args;
  if (py_check_nokw("enumerate", kwnames) < 0 || py_check_args("enumerate", nargs, 0, 0) < 0) return NULL;
  py_obj *l = py_list_new(0);
  if (!l) return NULL;
  for (lang_thread *r = lang__threads_first(); r; r = r->next) {
    if (!r->started || r->done) continue;
    py_obj *t = th_of_record(r);
    if (!t || py_list_append_steal(l, t) < 0) { py_decref(l); return NULL; }
  }
  return l;
}

/* ------------------------------------------------------ module table */

static const py_method_def threading_defs[] = {
    {"current_thread", f_current_thread, 0}, {"main_thread", f_main_thread, 0},
    {"get_ident", f_get_ident, 0}, {"get_native_id", f_get_ident, 0},
    {"active_count", f_active_count, 0}, {"enumerate", f_enumerate, 0},
    {NULL, NULL, 0}};

int lang__threading_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  static py_type *const types[] = {&th_type, &mainth_type, NULL};
  if (lang__mod_add_functions(d, threading_defs, "threading") < 0 ||
      lang__mod_add_types(d, types) < 0 || lang__threading_sync_fill(d) < 0)
    return -1;
  py_obj *tmax = py_float_from(9223372036.0);
  if (!tmax || py_dict_set_str(d, "TIMEOUT_MAX", tmax) < 0) { py_xdecref(tmax); return -1; }
  py_decref(tmax);
  return 0;
}
