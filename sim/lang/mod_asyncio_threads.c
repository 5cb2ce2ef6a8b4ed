/* mod_asyncio_threads.c: asyncio across threads: to_thread, loop.run_in_executor, run_coroutine_threadsafe, loop.call_soon_threadsafe, wrap_future and shutdown_default_executor, on the runtime's executor and thread-side futures.
 *
 * CPython 3.11's shapes (Lib/asyncio/base_events.py, futures.py, tasks.py,
 * threads.py): run_in_executor submits at once and returns a loop future
 * chained to the executor's (rt_run_in_executor, whose completion reaches
 * the loop through call_soon_threadsafe); to_thread is a coroutine that
 * does the same when its task runs it, then awaits; run_coroutine_threadsafe
 * posts a callback that makes the Task on the loop's thread and chains it
 * to a concurrent.futures.Future both ways (the task's outcome is copied
 * into it; cancelling it cancels the task). A new executor worker runs
 * until it blocks before the submitting call returns, as Thread.start()
 * makes it in CPython.
 */
#include "mod_asyncio_threads.h"

#include "mod_concurrent.h"
#include "modules_int.h"

/* A loop future running job on ex (NULL: the loop's default executor). */
static py_obj *submit_to(rt_loop *loop, rt_executor *ex, void *job, rt_future **rf_out) {
  lang_thread *last = lang__threads_last();
  rt_future *rf;
  int rc = rt_run_in_executor(loop, ex, lang__job_run, job, lang__job_free, &rf);
  if (rc != RT_OK) {
    lang__job_free(job);
    switch (rc) {
    case RT_ESTATE:
      return py_err_set_str(&py_exc_RuntimeError, ex ? "cannot schedule new futures after shutdown"
                                                     : "Executor shutdown has been called");
    case RT_ECLOSED: return py_err_set_str(&py_exc_RuntimeError, "Event loop is closed");
    case RT_ENOMEM: return py_err_no_memory();
    default: return py_err_set_str(&py_exc_RuntimeError, "can't start new thread");
    }
  }
  if (rf_out) *rf_out = rf;
  py_obj *f = aio__fut_wrap(rf);
  if (f && lang__threads_wait_new(last) == RT_EDEADLOCK) {
    py_decref(f);
    return lang__run_over();
  }
  return f;
}

/* ------------------------------------------------ loop.run_in_executor */

py_obj *aio__loop_run_in_executor(MOD_ARGS) {
  if (py_check_nokw("run_in_executor", kwnames) < 0) return NULL;
  if (nargs < 2)
    return py_err_format(&py_exc_TypeError, "run_in_executor() missing %d required positional argument%s",
                         2 - (int)nargs, nargs == 1 ? ": 'func'" : "s: 'executor' and 'func'");
  rt_loop *loop = aio__loop_rt(self);
  if (!loop) return NULL;
  rt_executor *ex = NULL;
  if (args[0] != py_None && !(ex = lang__executor_of(args[0])))
    return py_err_format(&py_exc_TypeError, "executor must be a ThreadPoolExecutor, not %s",
                         py_type_name(args[0]));
  py_obj *fargs = py_tuple_from(args + 2, nargs - 2);
  if (!fargs) return NULL;
  void *job = lang__job_new(args[1], fargs, NULL);
  py_decref(fargs);
  if (!job) return NULL;
  return submit_to(loop, ex, job, NULL);
}

/* --------------------------------------------------- asyncio.to_thread */

py_obj *aio__to_thread(MOD_ARGS) {
  (void)self;
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError, "to_thread() missing 1 required positional argument: 'func'");
  aio_op *s = aio__op_new(OP_TO_THREAD, "to_thread");
  if (!s) return NULL;
  py_obj *fargs = py_tuple_from(args + 1, nargs - 1);
  py_obj *kw = kwnames ? py_dict_new() : NULL;
  if (!fargs || (kwnames && !kw)) goto fail;
  for (py_ssize_t i = 0; kwnames && i < py_tuple_len(kwnames); i++)
    if (py_dict_set(kw, py_tuple_get(kwnames, i), args[nargs + i]) < 0) goto fail;
  s->target = py_newref(args[0]);
  s->result = py_tuple_pack(2, fargs, kw ? kw : py_None);
  py_decref(fargs);
  py_xdecref(kw);
  if (!s->result) {
    py_decref(&s->ob);
    return NULL;
  }
  return &s->ob;
fail:
  py_xdecref(fargs);
  py_xdecref(kw);
  s->used = true;   /* never handed out: no "never awaited" warning */
  py_decref(&s->ob);
  return NULL;
}

/* In the task: submit to the default executor, then await the future. */
static void perform_to_thread(aio_op *s) {
  rt_loop *loop = rt_loop_running();
  if (!loop) {
    py_err_set_str(&py_exc_RuntimeError, "no running event loop");
    PY_SETREF(s->exc, py_err_fetch());
    return;
  }
  void *job = lang__job_new(s->target, py_tuple_get(s->result, 0), py_tuple_get(s->result, 1));
  rt_future *rf = NULL;
  py_obj *f = job ? submit_to(loop, NULL, job, &rf) : NULL;
  if (!f) {
    PY_SETREF(s->exc, py_err_fetch());
    return;
  }
  /* the op keeps the future: nothing Python on this stack while waiting */
  PY_SETREF(s->result, f);
  void *o = NULL;
  int rc = rt_await(rf, &o);
  aio__op_store(s, rc, o);
}

/* ------------------------------------- loop.shutdown_default_executor */

py_obj *aio__loop_shutdown_default_executor(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("shutdown_default_executor", kwnames) < 0 ||
      py_check_args("shutdown_default_executor", nargs, 0, 0) < 0)
    return NULL;
  if (!aio__loop_rt(self)) return NULL;
  aio_op *s = aio__op_new(OP_SHUTDOWN_EXECUTOR, "BaseEventLoop.shutdown_default_executor");
  return s ? &s->ob : NULL;
}

int aio__shutdown_executor_body(void *arg, void **out) {
  (void)arg;
  void *msg = NULL;
  int rc = rt_shutdown_default_executor(&msg);
  if (rc == RT_ECANCELLED) {
    *out = msg;
    return rc;
  }
  py_xdecref(msg);
  *out = py_newref(py_None);
  return RT_OK;
}

void aio__threads_perform(aio_op *s) {
  if (s->kind == OP_TO_THREAD) {
    perform_to_thread(s);
    return;
  }
  void *msg = NULL;
  int rc = rt_shutdown_default_executor(&msg);
  aio__op_store(s, rc, rc == RT_OK ? NULL : msg);
}

/* ----------------------------------------- loop.call_soon_threadsafe */

/* The Handle call_soon_threadsafe returns: cancel() stops it running. */
typedef struct ts_handle {
  py_obj ob;
  py_obj *fn, *args;
  bool cancelled;
} ts_handle;

static void tsh_dealloc(py_obj *o) {
  ts_handle *h = (ts_handle *)o;
  py_xdecref(h->fn);
  py_xdecref(h->args);
  py_obj_free(o, sizeof(ts_handle));
}
static int tsh_traverse(py_obj *o, py_visitfn visit, void *arg) {
  ts_handle *h = (ts_handle *)o;
  if (h->fn && visit(h->fn, arg)) return 1;
  return h->args ? visit(h->args, arg) : 0;
}
static void tsh_clear(py_obj *o) {
  PY_CLEAR(((ts_handle *)o)->fn);
  PY_CLEAR(((ts_handle *)o)->args);
}
static py_obj *tsh_cancel(MOD_ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  ts_handle *h = (ts_handle *)self;
  h->cancelled = true;
  PY_CLEAR(h->fn);
  PY_CLEAR(h->args);
  return py_newref(py_None);
}
static py_obj *tsh_cancelled(MOD_ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  return py_bool_from(((ts_handle *)self)->cancelled);
}
static py_obj *tsh_repr(py_obj *o) {
  ts_handle *h = (ts_handle *)o;
  if (h->cancelled) return py_str_from_cstr("<Handle cancelled>");
  py_obj *fr = py_repr(h->fn);
  if (!fr) return NULL;
  py_obj *r = py_str_from_format("<Handle %s>", py_str_utf8(fr));
  py_decref(fr);
  return r;
}
static const py_method_def tsh_methods[] = {
    {"cancel", tsh_cancel, 0}, {"cancelled", tsh_cancelled, 0}, {NULL, NULL, 0}};
static py_type tsh_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "Handle",
    .module = "asyncio.events",
    .flags = PY_TF_GC,
    .basicsize = sizeof(ts_handle),
    .dealloc = tsh_dealloc,
    .traverse = tsh_traverse,
    .clear = tsh_clear,
    .repr = tsh_repr,
    .methods = tsh_methods,
};

static void tsh_run(rt_loop *loop, void *arg) {
  (void)loop;
  ts_handle *h = arg;
  if (h->cancelled) return;
  py_obj *fn = py_newref(h->fn);
  py_obj *r = py_call(fn, ((py_tuple *)h->args)->items, py_tuple_len(h->args), NULL);
  if (r) py_decref(r);
  else aio__report_callback_error(fn);
  py_decref(fn);
}
static void obj_release(void *arg) { py_decref((py_obj *)arg); }

py_obj *aio__loop_call_soon_threadsafe(MOD_ARGS) {
  if (kwnames)
    for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++)
      if (!py_str_eq_cstr(py_tuple_get(kwnames, i), "context"))
        return py_err_format(&py_exc_TypeError,
                             "call_soon_threadsafe() got an unexpected keyword argument '%s'",
                             py_str_utf8(py_tuple_get(kwnames, i)));
  if (nargs < 1)
    return py_err_set_str(&py_exc_TypeError,
                          "call_soon_threadsafe() missing 1 required positional argument: 'callback'");
  rt_loop *loop = aio__loop_rt(self);
  if (!loop) return NULL;
  /* like CPython outside debug mode, no check of the callback here: a
   * bad one fails when it runs, reported by the exception handler */
  if (lang__mod_ready(&tsh_type) < 0) return NULL;
  ts_handle *h = (ts_handle *)py_obj_alloc(&tsh_type, sizeof(ts_handle));
  if (!h) return NULL;
  h->fn = py_newref(args[0]);
  if (!(h->args = py_tuple_from(args + 1, nargs - 1))) {
    py_decref(&h->ob);
    return NULL;
  }
  py_incref(&h->ob);
  int rc = rt_call_soon_threadsafe(loop, tsh_run, h, obj_release);
  if (rc != RT_OK) {
    py_decref(&h->ob);
    py_decref(&h->ob);
    return rc == RT_ENOMEM ? py_err_no_memory() : py_err_set_str(&py_exc_RuntimeError, "Event loop is closed");
  }
  return &h->ob;
}

/* ------------------------------------- asyncio.run_coroutine_threadsafe */

/* What the loop thread's callback needs. */
typedef struct rct {
  py_obj *coro;
  rt_cfuture *cf;            /* a reference */
} rct;

static void rct_free(void *arg) {
  rct *c = arg;
  py_xdecref(c->coro);
  rt_cfuture_release(c->cf);
  rt_free(c);
}

/* The task -> concurrent future links not run yet: a task dropped with
 * its loop never runs its done callbacks, so the interpreter's end
 * releases what they hold. */
typedef struct rct_link {
  rt_cfuture *cf;            /* a reference */
  struct rct_link *prev, *next;
} rct_link;
static rct_link *g_links;

static rct_link *link_new(rt_cfuture *cf) {
  rct_link *l = rt_malloc(sizeof *l);
  if (!l) return NULL;
  rt_cfuture_retain(cf);
  l->cf = cf;
  l->prev = NULL;
  l->next = g_links;
  if (g_links) g_links->prev = l;
  g_links = l;
  return l;
}

static void link_free(rct_link *l) {
  if (l->prev) l->prev->next = l->next;
  else g_links = l->next;
  if (l->next) l->next->prev = l->prev;
  rt_cfuture_release(l->cf);
  rt_free(l);
}

void aio__threads_fini(void) {
  while (g_links) link_free(g_links);
}

/* _set_concurrent_future_state, when the task is done (loop thread). */
static void rct_task_done(rt_future *tf, void *arg) {
  rct_link *link = arg;
  rt_cfuture *cf = link->cf;
  rt_future_state st = rt_future_state_of(tf);
  if (st == RT_FUT_CANCELLED) rt_cfuture_cancel(cf);
  rt_cfuture_state cs = rt_cfuture_state_of(cf);
  if ((cs == RT_CF_PENDING || cs == RT_CF_CANCELLED) && rt_cfuture_set_running_or_notify_cancel(cf)) {
    py_obj *v = rt_future_value(tf);
    if (st == RT_FUT_EXCEPTION) {
      rt_future_mark_retrieved(tf);
      rt_cfuture_set_exception(cf, py_newref(v));
    } else {
      rt_cfuture_set_result(cf, py_newref(v ? v : py_None));
    }
  }
  link_free(link);
}

/* _call_check_cancel: the concurrent future was cancelled, so is the
 * task (through the loop: any thread may have cancelled it). */
typedef struct rct_cancel {
  py_obj *task;
  rt_loop *loop;
} rct_cancel;

static void rct_cancel_free(void *arg) {
  rct_cancel *c = arg;
  py_decref(c->task);
  rt_free(c);
}
static void rct_cancel_task(rt_loop *loop, void *arg) {
  (void)loop;
  py_obj *r = py_call_method_str(arg, "cancel", NULL, 0);
  if (r) py_decref(r);
  else py_err_clear();
}
static void rct_cf_done(rt_cfuture *cf, void *arg) {
  rct_cancel *c = arg;
  if (!rt_cfuture_cancelled(cf)) return;
  py_incref(c->task);
  if (rt_call_soon_threadsafe(c->loop, rct_cancel_task, c->task, obj_release) != RT_OK)
    py_decref(c->task);
}

/* On the loop's thread: ensure_future(coro, loop=loop), chained. */
static void rct_start(rt_loop *loop, void *arg) {
  rct *c = arg;
  py_obj *t = aio__task_new(loop, c->coro, NULL);
  PY_CLEAR(c->coro);
  if (!t) {
    py_obj *e = py_err_fetch();
    if (rt_cfuture_set_running_or_notify_cancel(c->cf)) rt_cfuture_set_exception(c->cf, e);
    else py_xdecref(e);
    return;
  }
  rt_future *tf = ((aio_fut *)t)->fut;
  rct_cancel *cc = rt_malloc(sizeof *cc);
  if (cc) {
    cc->task = py_newref(t);
    cc->loop = loop;
    if (rt_cfuture_add_done_cb(c->cf, rct_cf_done, cc, rct_cancel_free) != RT_OK) rct_cancel_free(cc);
  }
  rct_link *link = link_new(c->cf);
  if (link && rt_future_add_done_cb(tf, rct_task_done, link) != RT_OK) link_free(link);
  py_decref(t);
}

py_obj *aio__run_coroutine_threadsafe(MOD_ARGS) {
  (void)self;
  static const char *const names[] = {"coro", "loop"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("run_coroutine_threadsafe", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0] || !a[1])
    return py_err_format(&py_exc_TypeError,
                         "run_coroutine_threadsafe() missing %d required positional argument%s",
                         a[0] ? 1 : 2, a[0] ? ": 'loop'" : "s: 'coro' and 'loop'");
  if (a[0]->type != &lang_coro_type && a[0]->type != &aio_op_type)
    return py_err_set_str(&py_exc_TypeError, "A coroutine object is required");
  rt_loop *loop = aio__loop_rt(a[1]);
  if (!loop) return NULL;
  rct *c = rt_calloc(1, sizeof *c);
  if (!c) return py_err_no_memory();
  if (rt_cfuture_new(lang__platform(), &aio__value_ops, &c->cf) != RT_OK) {
    rt_free(c);
    return py_err_no_memory();
  }
  c->coro = py_newref(a[0]);
  rt_cfuture_retain(c->cf);
  py_obj *f = lang__cfuture_wrap(c->cf);
  if (!f) {
    rct_free(c);
    return NULL;
  }
  int rc = rt_call_soon_threadsafe(loop, rct_start, c, rct_free);
  if (rc != RT_OK) {
    rct_free(c);
    py_decref(f);
    return rc == RT_ENOMEM ? py_err_no_memory() : py_err_set_str(&py_exc_RuntimeError, "Event loop is closed");
  }
  return f;
}

/* ------------------------------------------------- asyncio.wrap_future */

py_obj *aio__wrap_future(MOD_ARGS) {
  (void)self;
  static const char *const names[] = {"future", "loop"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("wrap_future", args, nargs, kwnames, names, 2, 1, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "wrap_future() missing 1 required positional argument: 'future'");
  if (a[0]->type == &aio_future_type || a[0]->type == &aio_task_type) return py_newref(a[0]);
  rt_cfuture *cf = lang__cfuture_of(a[0]);
  if (!cf) {
    py_obj *r = py_repr(a[0]);
    py_err_format(&py_exc_AssertionError, "concurrent.futures.Future is expected, got %s",
                  r ? py_str_utf8(r) : "?");
    py_xdecref(r);
    return NULL;
  }
  rt_loop *loop = a[1] && a[1] != py_None ? aio__loop_rt(a[1]) : rt_loop_running();
  if (!loop) {
    if (!py_err_occurred()) py_err_set_str(&py_exc_RuntimeError, "no running event loop");
    return NULL;
  }
  rt_future *rf;
  int rc = rt_wrap_cfuture(loop, cf, &rf);
  if (rc != RT_OK)
    return rc == RT_ENOMEM ? py_err_no_memory() : py_err_set_str(&py_exc_RuntimeError, "Event loop is closed");
  return aio__fut_wrap(rf);
}
