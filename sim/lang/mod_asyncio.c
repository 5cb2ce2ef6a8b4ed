/* mod_asyncio.c: the asyncio module (run, sleep, tasks, futures, combinators, loop objects, timeout, signals) bound to the runtime.
 *
 * Files: this one (futures and tasks, the task body, sleep / wait /
 * wait_for / shield / as_completed / gather, asyncio.timeout, loop objects
 * and virtual signals, the `signal` module); mod_asyncio_handle.c (call_soon
 * / call_later / call_at handles, callback reprs, the loop's exception
 * handler); mod_asyncio_agen.c (the async generator hooks and
 * shutdown_asyncgens); mod_asyncio_sync.c (Lock, Event, Condition,
 * Semaphore, BoundedSemaphore, the queues); mod_asyncio_threads.c (calls
 * across threads); mod_asyncio_int.h (what they share).
 *
 * Design.
 *
 * - Every asyncio Future and Task is an aio_fut: a Python object holding a
 *   reference to an rt_future (and, for a Task, its rt_task and the
 *   coroutine). Values put into runtime futures are Python objects, retained
 *   and released through the loop's rt_value_ops. One Python object per
 *   rt_loop (g_loops), so get_running_loop() is the loop object the script
 *   made.
 * - A Task runs on its own rt_task stack (LANG_STACK_BYTES: small, grown in
 *   segments by deep recursion, deep_int.h; RecursionError works inside
 *   tasks). Its body (task_body) hosts a Python coroutine that has not
 *   started (lang__coro_host): the coroutine's frames, and those of every
 *   fresh coroutine it awaits, run right on the task's stack, and what they
 *   await comes to task_suspend; the interpreter saves and restores its
 *   per-chain state (current frame, handled exceptions, recursion depth)
 *   around each suspension, so tasks interleave safely. Other awaitables
 *   (a coroutine already started, asyncio's own, an async generator's
 *   asend) are driven step by step with lang__coro_send / send / throw.
 *   A stuck task's hosted frames are unwound when its loop closes
 *   (drop_stuck_tasks, rt_task_unwind). What is awaited decides how the
 *   task suspends (task_handle_yield):
 *     an aio_fut    -> rt_await on its future (Future.__await__ yields self)
 *     an aio_op     -> op_perform: rt_sleep, rt_wait, rt_wait_for,
 *                      rt_as_completed_next, or a sync / queue call
 *     None          -> rt_yield (a bare yield)
 *   The outcome is read back by the awaitable's iterator (the future's
 *   state, or the op's out / exc); CancelledError is thrown in when this
 *   task was cancelled while waiting. Nothing Python is held on the task's
 *   own stack while it is suspended (what it awaits stays alive in the
 *   awaiting frame's iterator), so a loop closed with tasks pending leaks
 *   nothing.
 * - The body holds a strong reference to its Task object while it can still
 *   run; it drops it when it returns (or drop_stuck_tasks does when the loop
 *   goes away, or cancelled_unstarted when the task was cancelled before
 *   its first step, which also closes the coroutine as CPython's throw()
 *   into an unstarted coroutine does).
 * - asyncio.run follows 3.11's Runner: a new loop set as the current one,
 *   the main task, then cancel what is left, run it out, and run two more
 *   tasks for shutdown_asyncgens and shutdown_default_executor (they take
 *   Task-N numbers, as CPython's do), close the loop, set_event_loop(None).
 * - SystemExit and KeyboardInterrupt out of a task or a callback stop the
 *   loop and come out of run_until_complete / run_forever, as in CPython.
 * - A deadlock (the sim says nothing can ever run) ends the script with
 *   SystemExit and mutes its output: CPython would hang, printing nothing
 *   more; the sim prints its report and the exit status is 3.
 */
#include "deep_int.h"
#include "mod_asyncio_int.h"
#include "mod_asyncio_threads.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- state */

static rt_loop *g_loop;           /* the loop asyncio.run runs, or NULL */
static py_obj *g_base_exc;        /* SystemExit / KeyboardInterrupt out of a task */
static bool g_deadlocked;         /* the run ended in a deadlock */

static void v_retain(void *ud, void *v) { (void)ud; if (v) py_incref(v); }
static void v_release(void *ud, void *v) { (void)ud; if (v) py_decref(v); }
const rt_value_ops aio__value_ops = {v_retain, v_release, NULL};
#define g_ops aio__value_ops


/* SystemExit or KeyboardInterrupt out of a task step, a callback or an
 * exception handler (e taken over): it stops the running loop and comes
 * out of run_until_complete / run_forever, the first one winning. */
void aio__base_exc_out(py_obj *e) {
  rt_loop *l = rt_loop_running();
  if (!g_base_exc) g_base_exc = e;
  else py_decref(e);
  if (l) rt_loop_stop(l);
}

static bool is_fut(py_obj *o) { return o->type == &aio_task_type || o->type == &aio_future_type; }

/* Live tasks, for current_task and all_tasks (borrowed pointers). */
static aio_fut **g_tasks;
static size_t g_ntasks, g_captasks, g_nnull;  /* removed tasks leave NULL slots */
static int g_iterating;                        /* loops over g_tasks running */

/* Squeeze the NULL slots out (creation order kept), when no loop runs. */
static void tasks_compact(void) {
  if (g_iterating || g_nnull == 0) return;
  size_t k = 0;
  for (size_t i = 0; i < g_ntasks; i++)
    if (g_tasks[i]) { g_tasks[i]->tidx = k; g_tasks[k++] = g_tasks[i]; }
  g_ntasks = k;
  g_nnull = 0;
}

static int tasks_add(aio_fut *t) {
  if (g_nnull > 32 && g_nnull > g_ntasks / 2) tasks_compact();
  if (g_ntasks == g_captasks) {
    size_t nc = g_captasks ? g_captasks * 2 : 64;
    aio_fut **n = rt_realloc(g_tasks, nc * sizeof *n);
    if (!n) { py_err_no_memory(); return -1; }
    g_tasks = n;
    g_captasks = nc;
  }
  t->tidx = g_ntasks;
  g_tasks[g_ntasks++] = t;
  return 0;
}
/* The Python task whose coroutine was last resumed: task_body sets it
 * before every step, so current_task() is O(1) (task_of_rt checks it
 * against the runtime's running task before trusting it). */
static aio_fut *g_cur_task;

static void tasks_remove(aio_fut *t) {
  if (g_cur_task == t) g_cur_task = NULL;
  if (t->tidx < g_ntasks && g_tasks[t->tidx] == t) {
    g_tasks[t->tidx] = NULL;
    g_nnull++;
  }
}
static aio_fut *task_of_rt(rt_task *rt) {
  if (!rt) return NULL;
  if (g_cur_task && g_cur_task->task == rt) return g_cur_task;
  for (size_t i = 0; i < g_ntasks; i++)
    if (g_tasks[i] && g_tasks[i]->task == rt) return g_tasks[i];
  return NULL;
}

/* ------------------------------------------------------------ helpers */

static py_obj *kwarg(py_obj *const *args, py_ssize_t nargs, py_obj *kwnames, const char *name) {
  if (!kwnames) return NULL;
  for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++)
    if (py_str_eq_cstr(py_tuple_get(kwnames, i), name)) return args[nargs + i];
  return NULL;
}

/* CancelledError(msg) (no argument when msg is NULL). New reference. */
static py_obj *cancelled_error(py_obj *msg) {
  return py_exc_new(&py_exc_CancelledError, msg ? &msg : NULL, msg ? 1 : 0);
}

py_obj *aio__rt_error(int rc) {
  if (rc == RT_ENOMEM) return py_err_no_memory();
  return py_err_format(&py_exc_RuntimeError, "%s", rt_strerror(rc));
}

static rt_loop *running_loop(void) {
  rt_loop *l = rt_loop_running();
  return l;
}

static py_obj *no_running_loop(void) {
  return py_err_set_str(&py_exc_RuntimeError, "no running event loop");
}

/* ------------------------------------------------------- Future / Task */

static py_obj *fut_repr(py_obj *o);
static void close_unstarted(aio_fut *t);
static void cbs_remove(aio_fut *f, void *e);
/* A task's wakeup in a future's cbs list (see cbs_push). */
#define WAKEUP_OF(t) ((void *)((uintptr_t)(t) | 1u))

/* asyncio's Future.__del__: an exception nobody retrieved goes to the
 * loop's exception handler. */
static void log_unretrieved(aio_fut *f) {
  py_obj *saved = py_err_fetch();
  py_obj *ctx = aio__context(f->task ? "Task exception was never retrieved" : "Future exception was never retrieved",
                             "exception", rt_future_value(f->fut), "future", &f->ob);
  if (ctx) aio__call_exception_handler(rt_future_loop(f->fut), ctx);
  py_xdecref(ctx);
  py_err_clear();
  py_err_restore(saved);
}

static void fut_dealloc(py_obj *o) {
  aio_fut *f = (aio_fut *)o;
  if (f->task && rt_future_state_of(f->fut) == RT_FUT_PENDING && !f->finishing && !g_deadlocked) {
    /* asyncio's Task.__del__. The task and its suspended coroutine form a
       cycle in CPython (frame -> awaited future -> task_wakeup -> task),
       whose collection finalizes the coroutine first: close it first. */
    o->refcnt = 1;
    py_obj *saved = py_err_fetch();
    lang_gen *g = f->coro && f->coro->type == &lang_coro_type ? (lang_gen *)f->coro : NULL;
    if (g && g->started && !g->finished && (!g->running || g->host)) {
      py_obj *nm = py_intern_cstr("close");
      py_obj *r = nm ? py_call_method(f->coro, nm, NULL, 0, NULL) : NULL;
      py_xdecref(nm);
      py_xdecref(r);
      py_err_clear();
    }
    py_obj *ctx = aio__context("Task was destroyed but it is pending!", "task", o, NULL, NULL);
    if (ctx) aio__call_exception_handler(rt_future_loop(f->fut), ctx);
    py_xdecref(ctx);
    py_err_clear();
    py_err_restore(saved);
    if (--o->refcnt != 0) return;
  }
  if (f->fut && rt_future_state_of(f->fut) == RT_FUT_EXCEPTION && !rt_future_retrieved(f->fut)) {
    o->refcnt = 1;   /* alive while its repr is made */
    rt_future_mark_retrieved(f->fut);
    log_unretrieved(f);
    if (--o->refcnt != 0) return;
  }
  if (f->task) {
    /* cancelled before its first step by the runtime itself (wait_for,
       gather): CPython throws into the coroutine, which closes it */
    if (!f->started && rt_future_state_of(f->fut) == RT_FUT_CANCELLED) close_unstarted(f);
    tasks_remove(f);
    rt_task_release(f->task);
  } else if (f->fut) {
    rt_future_release(f->fut);
  }
  if (f->waiting_ref) {
    cbs_remove(f->waiting_on, WAKEUP_OF(f));
    py_decref(&f->waiting_on->ob);
  }
  py_xdecref(f->coro);
  py_xdecref(f->close_exc);
  rt_free(f->host);   /* a stuck task's, never unwound (a deadlock) */
  py_xdecref(f->children);
  if (f->cbs != f->cb_inline) rt_free(f->cbs);
  py_obj_free(o, sizeof(aio_fut));
}

static int fut_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aio_fut *f = (aio_fut *)o;
  if (f->coro) { int r = visit(f->coro, arg); if (r) return r; }
  if (f->children) { int r = visit(f->children, arg); if (r) return r; }
  return 0;
}

static void fut_clear(py_obj *o) {
  aio_fut *f = (aio_fut *)o;
  PY_CLEAR(f->coro);
  PY_CLEAR(f->children);
}

static py_obj *fut_wrap(rt_future *rf) {   /* rf: reference taken over */
  aio_fut *f = (aio_fut *)py_obj_alloc(&aio_future_type, sizeof(aio_fut));
  if (!f) { rt_future_release(rf); return NULL; }
  f->fut = rf;
  return &f->ob;
}

/* The outcome of a done future as a return value or a raised exception. */
static py_obj *fut_outcome(rt_future *rf) {
  switch (rt_future_state_of(rf)) {
  case RT_FUT_RESULT: {
    py_obj *v = rt_future_value(rf);
    return py_newref(v ? v : py_None);
  }
  case RT_FUT_EXCEPTION: {
    rt_future_mark_retrieved(rf);
    py_obj *e = rt_future_value(rf);
    return py_err_raise(py_newref(e));
  }
  case RT_FUT_CANCELLED: {
    py_obj *e = cancelled_error(rt_future_value(rf));
    return e ? py_err_raise(e) : NULL;
  }
  default:
    return py_err_set_str(&py_exc_InvalidStateError, "Result is not set.");
  }
}

static py_obj *fut_m_result(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("result", kw) < 0 || py_check_args("result", nargs, 0, 0) < 0) return NULL;
  return fut_outcome(((aio_fut *)self)->fut);
}

static py_obj *fut_m_exception(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("exception", kw) < 0 || py_check_args("exception", nargs, 0, 0) < 0) return NULL;
  rt_future *rf = ((aio_fut *)self)->fut;
  switch (rt_future_state_of(rf)) {
  case RT_FUT_RESULT: return py_newref(py_None);
  case RT_FUT_EXCEPTION:
    rt_future_mark_retrieved(rf);
    return py_newref(rt_future_value(rf));
  case RT_FUT_CANCELLED: {
    py_obj *e = cancelled_error(rt_future_value(rf));
    return e ? py_err_raise(e) : NULL;
  }
  default:
    return py_err_set_str(&py_exc_InvalidStateError, "Exception is not set.");
  }
}

static py_obj *fut_m_done(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("done", kw) < 0 || py_check_args("done", nargs, 0, 0) < 0) return NULL;
  return py_bool_from(rt_future_done(((aio_fut *)self)->fut));
}

static py_obj *fut_m_cancelled(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("cancelled", kw) < 0 || py_check_args("cancelled", nargs, 0, 0) < 0) return NULL;
  return py_bool_from(rt_future_state_of(((aio_fut *)self)->fut) == RT_FUT_CANCELLED);
}

/* A task cancelled before its first step ends without its body running:
 * CPython throws CancelledError into the unstarted coroutine, which closes
 * it (no "never awaited" warning). Registered by task_cancel, run as a done
 * callback. */
static void close_unstarted(aio_fut *t) {
  if (t->coro && t->coro->type == &lang_coro_type) {
    lang_gen *g = (lang_gen *)t->coro;
    if (!g->started) g->finished = true;
  } else if (t->coro && t->coro->type == &aio_op_type) {
    ((aio_op *)t->coro)->used = true;
  } else if (t->coro && t->coro->type == &lang_asend_type && !t->started) {
    /* an async generator's aclose(): the throw reaches the generator's
       frame (its finally runs), as Task.__step's coro.throw does */
    t->started = true;
    py_obj *saved = py_err_fetch();
    py_obj *e = cancelled_error(rt_future_value(t->fut));
    py_obj *r = e ? py_call_method_str(t->coro, "throw", &e, 1) : NULL;
    if (r) {   /* it awaited in its finally: nothing can run it on from here */
      py_decref(r);
      py_obj *c = py_call_method_str(t->coro, "close", NULL, 0);
      py_xdecref(c);
    }
    py_xdecref(e);
    py_err_clear();
    py_err_restore(saved);
  }
}

static void cancelled_unstarted(rt_future *rf, void *arg) {
  (void)rf;
  aio_fut *t = arg;
  if (!t->started) {
    close_unstarted(t);
    if (t->body_ref) { t->body_ref = false; py_decref(&t->ob); }
  }
  py_decref(&t->ob);
}

static bool task_cancel(aio_fut *t, py_obj *msg) {
  if (!t->started && !t->cancel_watch && !rt_future_done(t->fut)) {
    if (rt_future_add_done_cb(t->fut, cancelled_unstarted, t) == RT_OK) {
      t->cancel_watch = true;
      py_incref(&t->ob);
    }
  }
  return rt_task_cancel(t->task, msg);
}

static py_obj *fut_m_cancel(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  static const char *const names[] = {"msg"};
  py_obj *a[1] = {NULL};
  if (py_parse_args("cancel", args, nargs, kw, names, 1, 0, a) < 0) return NULL;
  aio_fut *f = (aio_fut *)self;
  py_obj *msg = a[0] && a[0] != py_None ? a[0] : NULL;
  if (msg) py_incref(msg);
  bool ok = f->task ? task_cancel(f, msg) : rt_future_cancel(f->fut, msg);
  if (!ok && msg) py_decref(msg);
  return py_bool_from(ok);
}

static py_obj *fut_m_set_result(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("set_result", kw) < 0 || py_check_args("set_result", nargs, 1, 1) < 0) return NULL;
  aio_fut *f = (aio_fut *)self;
  if (f->task) return py_err_set_str(&py_exc_RuntimeError, "Task does not support set_result operation");
  if (rt_future_done(f->fut))
    return py_err_format(&py_exc_InvalidStateError, "invalid state");
  py_incref(args[0]);
  int rc = rt_future_set_result(f->fut, args[0]);
  if (rc != RT_OK) { py_decref(args[0]); return aio__rt_error(rc); }
  return py_newref(py_None);
}

static py_obj *fut_m_set_exception(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("set_exception", kw) < 0 || py_check_args("set_exception", nargs, 1, 1) < 0) return NULL;
  aio_fut *f = (aio_fut *)self;
  if (f->task) return py_err_set_str(&py_exc_RuntimeError, "Task does not support set_exception operation");
  if (rt_future_done(f->fut)) return py_err_format(&py_exc_InvalidStateError, "invalid state");
  py_obj *e = args[0];
  if (e->type == &py_type_type) {
    e = py_call0(e);
    if (!e) return NULL;
  } else {
    py_incref(e);
  }
  int rc = rt_future_set_exception(f->fut, e);
  if (rc != RT_OK) { py_decref(e); return aio__rt_error(rc); }
  return py_newref(py_None);
}

/* Done callbacks: fn(fut) scheduled by the runtime with call_soon. Each
 * registration is listed in its future until it runs or is removed. */
typedef struct cb_reg {
  py_obj *fn, *fut;
} cb_reg;

/* A future's callbacks in the order they were added, for its repr: a
 * cb_reg, or a task waiting on it (its Task.task_wakeup) tagged with bit 0. */
#define IS_WAKEUP(e) (((uintptr_t)(e) & 1u) != 0)

static int cbs_push(aio_fut *f, void *e) {
  if (!f->cbs) {   /* the first two live in the object: no allocation per await */
    f->cbs = f->cb_inline;
    f->capcbs = sizeof f->cb_inline / sizeof f->cb_inline[0];
  }
  if (f->ncbs == f->capcbs) {
    size_t nc = f->capcbs * 2;
    void **n = rt_malloc(nc * sizeof *n);
    if (!n) return -1;
    memcpy(n, f->cbs, f->ncbs * sizeof *n);
    if (f->cbs != f->cb_inline) rt_free(f->cbs);
    f->cbs = n;
    f->capcbs = nc;
  }
  f->cbs[f->ncbs++] = e;
  return 0;
}

static void cbs_remove(aio_fut *f, void *e) {
  for (size_t i = 0; i < f->ncbs; i++)
    if (f->cbs[i] == e) {
      memmove(&f->cbs[i], &f->cbs[i + 1], (f->ncbs - i - 1) * sizeof *f->cbs);
      f->ncbs--;
      return;
    }
}
#define cb_unlist cbs_remove

static void cb_free(cb_reg *r) {
  cb_unlist((aio_fut *)r->fut, r);
  py_decref(r->fn);
  py_decref(r->fut);
  rt_free(r);
}

static void done_cb(rt_future *rf, void *arg) {
  (void)rf;
  cb_reg *r = arg;
  cb_unlist((aio_fut *)r->fut, r);
  py_obj *res = py_call1(r->fn, r->fut);
  if (res) {
    py_decref(res);
  } else {
    py_obj *args = py_tuple_pack(1, r->fut);   /* the Handle's (fut,) */
    if (args) aio__callback_failed(r->fn, args, NULL);
    else py_err_clear();
    py_xdecref(args);
  }
  py_decref(r->fn);
  py_decref(r->fut);
  rt_free(r);
}

static py_obj *fut_m_add_done_callback(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)kw;
  if (py_check_args("add_done_callback", nargs, 1, 1) < 0) return NULL;
  aio_fut *f = (aio_fut *)self;
  cb_reg *r = rt_malloc(sizeof *r);
  if (!r || cbs_push(f, r) < 0) { rt_free(r); return py_err_no_memory(); }
  r->fn = py_newref(args[0]);
  r->fut = py_newref(self);
  if (rt_future_add_done_cb(f->fut, done_cb, r) != RT_OK) {
    cb_free(r);
    return py_err_no_memory();
  }
  return py_newref(py_None);
}

static py_obj *fut_m_remove_done_callback(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)kw;
  if (py_check_args("remove_done_callback", nargs, 1, 1) < 0) return NULL;
  aio_fut *f = (aio_fut *)self;
  py_incref(self);
  int64_t removed = 0;
  for (size_t i = 0; i < f->ncbs;) {
    if (IS_WAKEUP(f->cbs[i])) { i++; continue; }
    cb_reg *r = f->cbs[i];
    int eq = r->fn == args[0] ? 1 : py_richcompare_bool(r->fn, args[0], PY_EQ);
    if (eq < 0) { py_decref(self); return NULL; }
    if (eq && rt_future_remove_done_cb(f->fut, done_cb, r) > 0) {
      removed++;
      cb_free(r);
      continue;
    }
    i++;
  }
  py_decref(self);
  return py_int_from(removed);
}

static py_obj *fut_m_get_loop(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);

static py_obj *task_m_get_name(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  if (py_check_nokw("get_name", kw) < 0 || py_check_args("get_name", nargs, 0, 0) < 0) return NULL;
  aio_fut *f = (aio_fut *)self;
  if (!f->task) return py_err_no_attribute(self, PY_ID(__name__));
  return py_str_from_cstr(rt_task_name(f->task));
}

static py_obj *task_m_set_name(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("set_name", kw) < 0 || py_check_args("set_name", nargs, 1, 1) < 0) return NULL;
  aio_fut *f = (aio_fut *)self;
  py_obj *s = py_str(args[0]);
  if (!s) return NULL;
  int rc = rt_task_set_name(f->task, py_str_utf8(s));
  py_decref(s);
  if (rc != RT_OK) return aio__rt_error(rc);
  return py_newref(py_None);
}

static py_obj *task_m_cancelling(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  return py_int_from(rt_task_cancelling(((aio_fut *)self)->task));
}
static py_obj *task_m_uncancel(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  return py_int_from(rt_task_uncancel(((aio_fut *)self)->task));
}

static py_obj *task_m_get_coro(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_fut *f = (aio_fut *)self;
  return py_newref(f->coro ? f->coro : py_None);
}

static py_obj *fut_m_await(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);

static const py_method_def fut_methods[] = {
    {"result", fut_m_result, 0},
    {"exception", fut_m_exception, 0},
    {"done", fut_m_done, 0},
    {"cancelled", fut_m_cancelled, 0},
    {"cancel", fut_m_cancel, 0},
    {"set_result", fut_m_set_result, 0},
    {"set_exception", fut_m_set_exception, 0},
    {"add_done_callback", fut_m_add_done_callback, 0},
    {"remove_done_callback", fut_m_remove_done_callback, 0},
    {"get_loop", fut_m_get_loop, 0},
    {"__await__", fut_m_await, 0},
    {"__iter__", fut_m_await, 0},
    {NULL, NULL, 0},
};

static const py_method_def task_methods[] = {
    {"result", fut_m_result, 0},
    {"exception", fut_m_exception, 0},
    {"done", fut_m_done, 0},
    {"cancelled", fut_m_cancelled, 0},
    {"cancel", fut_m_cancel, 0},
    {"set_result", fut_m_set_result, 0},
    {"set_exception", fut_m_set_exception, 0},
    {"add_done_callback", fut_m_add_done_callback, 0},
    {"remove_done_callback", fut_m_remove_done_callback, 0},
    {"get_loop", fut_m_get_loop, 0},
    {"get_name", task_m_get_name, 0},
    {"set_name", task_m_set_name, 0},
    {"get_coro", task_m_get_coro, 0},
    {"cancelling", task_m_cancelling, 0},
    {"uncancel", task_m_uncancel, 0},
    {"__await__", fut_m_await, 0},
    {"__iter__", fut_m_await, 0},
    {NULL, NULL, 0},
};

/* The coroutine's part of a Task repr: "main() running at x.py:5" or
 * "f() done, defined at x.py:3". */
static py_obj *coro_repr_part(py_obj *coro, bool closed) {
  if (!coro || (coro->type != &lang_coro_type && coro->type != &lang_gen_type))
    return py_repr(coro ? coro : py_None);
  lang_gen *g = (lang_gen *)coro;
  const char *q = py_str_utf8(g->qualname);
  const char *file = g->func && g->func->code->filename ? py_str_utf8(g->func->code->filename) : "?";
  if (!g->started && !g->finished && !closed)
    return py_str_from_format("%s() running at %s:%d", q, file, g->func ? g->func->code->firstline : 0);
  if (g->finished || closed || !g->frame)
    return py_str_from_format("%s() %s, defined at %s:%d", q,
                              g->finished || closed ? "done" : "running", file,
                              g->func ? g->func->code->firstline : 0);
  /* a hosted coroutine's frames are away while its task is suspended */
  int line = g->host && g->host->suspended ? (g->host->gen == g ? g->host->line : g->func->code->firstline)
                                           : g->frame->line;
  return py_str_from_format("%s() running at %s:%d", q, file, line);
}

static int put_cb(py_buf *b, void *e) {
  if (IS_WAKEUP(e)) return py__buf_puts(b, "Task.task_wakeup()");
  return aio__put_callback_source(b, ((cb_reg *)e)->fn, NULL);
}

/* " wait_for=<Future ...>" for a future asyncio's own coroutines made and
 * the task waits on (sleep's, a lock's, a queue getter's): only the
 * task's wakeup is on it. */
static int put_inner_waiter(py_buf *b, rt_future *w) {
  switch (rt_future_state_of(w)) {
  case RT_FUT_PENDING: return py__buf_puts(b, " wait_for=<Future pending cb=[Task.task_wakeup()]>");
  case RT_FUT_CANCELLED: return py__buf_puts(b, " wait_for=<Future cancelled>");
  default: {
    py_obj *v = rt_future_value(w);
    int rc = py__buf_puts(b, rt_future_state_of(w) == RT_FUT_RESULT ? " wait_for=<Future finished result="
                                                                     : " wait_for=<Future finished exception=");
    if (!rc) rc = py__buf_putrepr(b, v ? v : py_None);
    if (!rc) rc = py__buf_putc(b, '>');
    return rc;
  }
  }
}

static py_obj *fut_repr(py_obj *o) {
  aio_fut *f = (aio_fut *)o;
  rt_future_state st = rt_future_state_of(f->fut);
  const char *state = st == RT_FUT_PENDING ? "pending" : st == RT_FUT_CANCELLED ? "cancelled" : "finished";
  if (f->task && st == RT_FUT_PENDING && rt_task_cancelling(f->task) > 0) state = "cancelling";
  py_buf b;
  py__buf_init(&b);
  py__buf_printf(&b, "<%s %s", f->task ? "Task" : f->gathering ? "_GatheringFuture" : "Future", state);
  if (f->task) {
    py_obj *nm = py_str_from_cstr(rt_task_name(f->task));
    py_obj *nr = nm ? py_repr(nm) : NULL;
    py_xdecref(nm);
    /* a task cancelled before its first step has closed its coroutine */
    py_obj *cr = coro_repr_part(f->coro, st != RT_FUT_PENDING && !f->started);
    if (!nr || !cr) { py_xdecref(nr); py_xdecref(cr); py__buf_free(&b); return NULL; }
    py__buf_printf(&b, " name=%s coro=<%s>", py_str_utf8(nr), py_str_utf8(cr));
    py_decref(nr);
    py_decref(cr);
    if (st == RT_FUT_PENDING) {
      rt_future *w = f->waiting_on ? NULL : rt_task_waiter(f->task);
      if (f->waiting_on) {
        py_obj *r = fut_repr(&f->waiting_on->ob);
        if (!r) { py__buf_free(&b); return NULL; }
        py__buf_printf(&b, " wait_for=%s", py_str_utf8(r));
        py_decref(r);
      } else if (w ? put_inner_waiter(&b, w) < 0
                   : f->op_waiting && py__buf_puts(&b, " wait_for=<Future pending cb=[Task.task_wakeup()]>") < 0) {
        /* (no waiter but in an op: its loop went away with it pending) */
        py__buf_free(&b);
        return NULL;
      }
    }
  }
  if (st == RT_FUT_RESULT) {
    py_obj *v = rt_future_value(f->fut);
    py_obj *r = py_repr(v ? v : py_None);
    if (!r) { py__buf_free(&b); return NULL; }
    py__buf_printf(&b, " result=%s", py_str_utf8(r));
    py_decref(r);
  } else if (st == RT_FUT_EXCEPTION) {
    py_obj *r = py_repr(rt_future_value(f->fut));
    if (!r) { py__buf_free(&b); return NULL; }
    py__buf_printf(&b, " exception=%s", py_str_utf8(r));
    py_decref(r);
  }
  if (st == RT_FUT_PENDING && f->ncbs > 0) {
    /* futures._format_callbacks: the first, "<N more>", the last */
    size_t n = f->ncbs;
    py__buf_puts(&b, " cb=[");
    int rc = put_cb(&b, f->cbs[0]);
    if (!rc && n == 2) { py__buf_puts(&b, ", "); rc = put_cb(&b, f->cbs[1]); }
    if (!rc && n > 2) { py__buf_printf(&b, ", <%zu more>, ", n - 2); rc = put_cb(&b, f->cbs[n - 1]); }
    if (rc) { py__buf_free(&b); return NULL; }
    py__buf_putc(&b, ']');
  }
  py__buf_printf(&b, ">");
  return py__buf_finish(&b);
}

/* By the runtime's future id rather than the address (CPython's choice):
 * sets of tasks (wait's done and pending) then iterate, and are freed, in
 * the same order on every run and in every build, so traces are stable. */
static py_hash_t fut_hash(py_obj *o) {
  const aio_fut *f = (const aio_fut *)o;
  if (f->fut) return (py_hash_t)rt_future_id(f->fut);
  uintptr_t p = (uintptr_t)o;
  return (py_hash_t)((p >> 4) | (p << (8 * sizeof p - 4)));
}

static py_obj *future_type_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames);
static py_obj *task_type_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames);

py_type aio_future_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "Future",
    .module = "_asyncio",
    .flags = PY_TF_GC | PY_TF_BASETYPE,
    .new_ = future_type_new,
    .basicsize = sizeof(aio_fut),
    .dealloc = fut_dealloc,
    .traverse = fut_traverse,
    .clear = fut_clear,
    .repr = fut_repr,
    .hash = fut_hash,
    .methods = fut_methods,
};

py_type aio_task_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "Task",
    .module = "_asyncio",
    .base = &aio_future_type,
    .flags = PY_TF_GC,
    .new_ = task_type_new,
    .basicsize = sizeof(aio_fut),
    .dealloc = fut_dealloc,
    .traverse = fut_traverse,
    .clear = fut_clear,
    .repr = fut_repr,
    .hash = fut_hash,
    .methods = task_methods,
};

/* ---------------------------------------------- the awaitable iterators */

/* Future.__await__(): yields the future once, then returns its outcome. */
typedef struct aio_iter {
  py_obj ob;
  py_obj *fut;        /* aio_fut or aio_op */
  int state;          /* 0: not yet yielded; 1: yielded */
} aio_iter;


static void iter_dealloc(py_obj *o) {
  py_xdecref(((aio_iter *)o)->fut);
  py_obj_free(o, sizeof(aio_iter));
}
static int iter_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aio_iter *it = (aio_iter *)o;
  return it->fut ? visit(it->fut, arg) : 0;
}
static void iter_clear(py_obj *o) { PY_CLEAR(((aio_iter *)o)->fut); }
static py_obj *iter_self(py_obj *o) { return py_newref(o); }

static py_obj *iter_next(py_obj *o) {
  aio_iter *it = (aio_iter *)o;
  if (it->state == 0) {
    if ((is_fut(it->fut) && rt_future_done(((aio_fut *)it->fut)->fut)) ||
        (it->fut->type == &aio_op_type && ((aio_op *)it->fut)->kind == OP_DONE)) {
      it->state = 2;
    } else {
      it->state = 1;
      return py_newref(it->fut);
    }
  }
  if (it->fut->type == &aio_op_type) {
    aio_op *s = (aio_op *)it->fut;
    if (s->exc) {
      py_obj *e = s->exc;
      s->exc = NULL;
      return py_err_raise(e);
    }
    py_obj *r = s->out ? s->out : py_newref(py_None);
    s->out = NULL;
    if (r == py_None) { py_decref(r); return NULL; }
    py_err_set_obj(&py_exc_StopIteration, r);
    py_decref(r);
    return NULL;
  }
  rt_future *rf = ((aio_fut *)it->fut)->fut;
  if (!rt_future_done(rf))
    return py_err_set_str(&py_exc_RuntimeError, "await wasn't used with future");
  py_obj *r = fut_outcome(rf);
  if (!r) return NULL;
  if (r == py_None) { py_decref(r); return NULL; }
  py_err_set_obj(&py_exc_StopIteration, r);
  py_decref(r);
  return NULL;
}

static py_obj *iter_m_send(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  py_obj *r = iter_next(self);
  if (!r && !py_err_occurred()) py_err_set_obj(&py_exc_StopIteration, py_None);
  return r;
}

static const py_method_def iter_methods[] = {{"send", iter_m_send, 0}, {NULL, NULL, 0}};

py_type aio_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "FutureIter",
    .module = "_asyncio",
    .flags = PY_TF_GC,
    .basicsize = sizeof(aio_iter),
    .dealloc = iter_dealloc,
    .traverse = iter_traverse,
    .clear = iter_clear,
    .iter = iter_self,
    .iternext = iter_next,
    .methods = iter_methods,
};

static py_obj *iter_new(py_obj *fut) {
  aio_iter *it = (aio_iter *)py_obj_alloc(&aio_iter_type, sizeof(aio_iter));
  if (!it) return NULL;
  it->fut = py_newref(fut);
  return &it->ob;
}

static py_obj *fut_m_await(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  return iter_new(self);
}

static void sleep_dealloc(py_obj *o) {
  aio_op *s = (aio_op *)o;
  if (!s->used && s->kind != OP_AC_NEXT && s->kind != OP_DONE) lang__warn_unawaited(s->name);
  py_xdecref(s->result);
  py_xdecref(s->out);
  py_xdecref(s->exc);
  py_xdecref(s->target);
  py_obj_free(o, sizeof(aio_op));
}
static int sleep_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aio_op *s = (aio_op *)o;
  if (s->result) { int r = visit(s->result, arg); if (r) return r; }
  if (s->out) { int r = visit(s->out, arg); if (r) return r; }
  if (s->exc) { int r = visit(s->exc, arg); if (r) return r; }
  if (s->target) { int r = visit(s->target, arg); if (r) return r; }
  return 0;
}
static void sleep_clear(py_obj *o) {
  aio_op *s = (aio_op *)o;
  PY_CLEAR(s->result);
  PY_CLEAR(s->out);
  PY_CLEAR(s->exc);
  PY_CLEAR(s->target);
}
static int wait_prepare(aio_op *s);
static int wait_for_prepare(aio_op *s);
static py_obj *wait_for_inline(aio_op *s);
static py_obj *sleep_await(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_op *s = (aio_op *)self;
  if (s->used) return py_err_set_str(&py_exc_RuntimeError, "cannot reuse already awaited coroutine");
  s->used = true;
  py_obj *inl = wait_for_inline(s);
  if (inl || py_err_occurred()) return inl;
  return iter_new(self);
}
static py_obj *sleep_repr(py_obj *o) {
  return py_str_from_format("<coroutine object %s at %p>", ((aio_op *)o)->name, (void *)o);
}
static const py_method_def sleep_methods[] = {{"__await__", sleep_await, 0}, {NULL, NULL, 0}};

py_type aio_op_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "coroutine",
    .flags = PY_TF_GC,
    .basicsize = sizeof(aio_op),
    .dealloc = sleep_dealloc,
    .traverse = sleep_traverse,
    .clear = sleep_clear,
    .repr = sleep_repr,
    .methods = sleep_methods,
};

/* --------------------------------------------------------- task bodies */

/* What an rt_await-like call returned, as what to resume the coroutine
 * with: NULL (send None) or an exception to throw (new reference). */
static py_obj *resume_exc(int rc, void *o) {
  switch (rc) {
  case RT_OK:
    if (o) py_decref(o);
    return NULL;
  case RT_ERAISED:
    return o;
  case RT_ECANCELLED: {
    py_obj *e = cancelled_error(o);
    py_xdecref(o);
    if (!e) return py_err_fetch();
    return e;
  }
  default: {
    if (o) py_decref(o);
    aio__rt_error(rc);
    return py_err_fetch();
  }
  }
}

/* as_completed(): the runtime's iterator, owned by a Python object. */
typedef struct aio_ac {
  py_obj ob;
  rt_as_completed *ac;
  size_t left;        /* awaitables not yet handed out */
  py_obj *futs;       /* the futures (a list), kept alive */
} aio_ac;

static void ac_dealloc(py_obj *o) {
  aio_ac *a = (aio_ac *)o;
  rt_as_completed_free(a->ac);
  py_xdecref(a->futs);
  py_obj_free(o, sizeof(aio_ac));
}

static py_obj *ac_self(py_obj *o) { return py_newref(o); }

static py_obj *ac_next(py_obj *o) {
  aio_ac *a = (aio_ac *)o;
  if (a->left == 0) return NULL;
  a->left--;
  aio_op *s = (aio_op *)py_obj_alloc(&aio_op_type, sizeof(aio_op));
  if (!s) return NULL;
  s->kind = OP_AC_NEXT;
  s->name = "_wait_for_one";
  s->result = py_newref(o);
  return &s->ob;
}

static py_type aio_ac_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "generator",
    .basicsize = sizeof(aio_ac),
    .dealloc = ac_dealloc,
    .iter = ac_self,
    .iternext = ac_next,
};

static py_obj *timeout_error(void *cancel_msg) {
  py_obj *te = py_exc_new(&py_exc_TimeoutError, NULL, 0);
  if (!te) return NULL;
  py_obj *ce = cancelled_error(cancel_msg);
  if (ce) { py_exc_set_cause(te, ce); py_decref(ce); }
  return te;
}

/* Store an rt outcome in s: value on RT_OK, else an exception. */
void aio__op_store(aio_op *s, int rc, void *o) {
  switch (rc) {
  case RT_OK:
    if (s->out_none && o) { py_decref(o); o = NULL; }
    PY_SETREF(s->out, o ? o : py_newref(py_None));
    return;
  case RT_ERAISED: PY_SETREF(s->exc, o); return;
  case RT_ETIMEDOUT: PY_SETREF(s->exc, timeout_error(o)); py_xdecref(o); break;
  case RT_ECANCELLED: PY_SETREF(s->exc, cancelled_error(o)); py_xdecref(o); break;
  default: py_xdecref(o); aio__rt_error(rc); PY_SETREF(s->exc, py_err_fetch()); break;
  }
  if (!s->exc) PY_SETREF(s->exc, py_err_fetch());
}

/* sleep(0): a bare yield (rt_sleep's own first case), called straight,
 * in a small frame of its own (task_handle_yield calls it rather than
 * op_perform): less to keep on the stack while suspended. */
__attribute__((noinline)) static void op_sleep0(aio_op *s) {
  void *o = NULL;
  int rc = rt_yield(&o);
  if (rc == RT_OK) o = py_newref(s->result ? s->result : py_None);
  aio__op_store(s, rc, o);
}

static void op_perform(aio_op *s) {
  void *o = NULL;
  switch (s->kind) {
  case OP_SLEEP: {
    if (!(s->delay > 0)) {
      op_sleep0(s);
      return;
    }
    py_obj *res = s->result ? py_newref(s->result) : py_newref(py_None);
    int rc = rt_sleep(s->delay, res, &o);
    if (rc == RT_ENOTASK || rc == RT_ENOMEM) py_decref(res);
    aio__op_store(s, rc, o);
    return;
  }
  case OP_WAIT: {
    if (wait_prepare(s) < 0) { PY_SETREF(s->exc, py_err_fetch()); return; }
    py_ssize_t n = py_list_len(s->result);
    rt_future **fs = rt_calloc((size_t)n + 1, sizeof *fs);
    if (!fs) { aio__op_store(s, RT_ENOMEM, NULL); return; }
    for (py_ssize_t i = 0; i < n; i++) fs[i] = ((aio_fut *)py_list_get(s->result, i))->fut;
    int rc = rt_wait(fs, (size_t)n, s->delay, (rt_return_when)s->return_when, &o);
    rt_free(fs);
    if (rc != RT_OK) { aio__op_store(s, rc, o); return; }
    py_obj *done = py_set_new(NULL), *pending = py_set_new(NULL);
    if (!done || !pending) goto fail;
    for (py_ssize_t i = 0; i < n; i++) {
      aio_fut *f = (aio_fut *)py_list_get(s->result, i);
      if (py_set_add(rt_future_done(f->fut) ? done : pending, &f->ob) < 0) goto fail;
    }
    py_obj *t = py_tuple_new(2);
    if (!t) goto fail;
    py_tuple_set_steal(t, 0, done);
    py_tuple_set_steal(t, 1, pending);
    aio__op_store(s, RT_OK, t);
    return;
  fail:
    py_xdecref(done);
    py_xdecref(pending);
    PY_SETREF(s->exc, py_err_fetch());
    return;
  }
  case OP_WAIT_FOR: {
    if (wait_for_prepare(s) < 0) { PY_SETREF(s->exc, py_err_fetch()); return; }
    int rc = rt_wait_for(((aio_fut *)s->result)->fut, s->delay, &o);
    aio__op_store(s, rc, o);
    return;
  }
  case OP_AC_NEXT: {
    int rc = rt_as_completed_next(((aio_ac *)s->result)->ac, NULL, &o);
    aio__op_store(s, rc, o);
    return;
  }
  case OP_TO_THREAD: case OP_SHUTDOWN_EXECUTOR:
    aio__threads_perform(s);
    return;
  case OP_SOCK_RECV: case OP_SOCK_SENDALL: case OP_SOCK_ACCEPT: case OP_SOCK_CONNECT:
    aio__sock_perform(s);
    return;
  case OP_DONE:
    return;
  default:
    aio__sync_perform(s);
    return;
  }
}

/* One step of a task's coroutine (exc taken over): lang__coro_send for a
 * Python coroutine or generator; another awaitable iterator (an async
 * generator's aclose()) by its send / throw, StopIteration its result. */
static py_obj *coro_step(py_obj *coro, py_obj *val, py_obj *exc, py_obj **result) {
  if (coro->type == &lang_coro_type || coro->type == &lang_gen_type) return lang__coro_send(coro, val, exc, result);
  *result = NULL;
  py_obj *y = exc ? py_call_method_str(coro, "throw", &exc, 1) : py_call_method_str(coro, "send", &val, 1);
  py_xdecref(exc);
  if (y || !py_err_matches(&py_exc_StopIteration)) return y;
  py_obj *e = py_err_fetch();
  *result = py_newref(py_stop_iteration_value(e));
  py_decref(e);
  return NULL;
}

/* What a step of t does with what its coroutine yielded (y, taken over):
 * wait for it. Returns the exception to throw in next (or NULL: send
 * None). */
static py_obj *task_handle_yield(aio_fut *t, py_obj *y) {
  rt_task_hint(t->task, 0, y);   /* what the next step reads first */
  if (y == py_None) {
    py_decref(y);
    void *msg = NULL;
    int rc = rt_yield(&msg);
    return resume_exc(rc, msg);
  }
  if (is_fut(y)) {
    /* y stays alive in the awaiting frame's iterator: borrow it, so
       nothing Python is held on this stack while it is suspended */
    aio_fut *w = (aio_fut *)y;
    rt_future *rf = w->fut;
    py_decref(y);
    void *o = NULL;
    t->waiting_on = w;
    bool listed = cbs_push(w, WAKEUP_OF(t)) == 0;   /* only for reprs */
    int rc = rt_await(rf, &o);
    if (t->unwound) {
      /* unwound (task_host_close): CPython's closed coroutine leaves its
         task waiting on w, as its repr shows; the frames let go of w */
      py_incref(&w->ob);
      t->waiting_ref = true;
      return NULL;
    }
    if (listed) cbs_remove(w, WAKEUP_OF(t));
    t->waiting_on = NULL;
    if (rc == RT_EINVAL) {
      /* asyncio's messages, one loop iteration later as in __step */
      py_obj *tr = fut_repr(&t->ob), *wr = w == t ? NULL : fut_repr(&w->ob);
      if (w == t) py_err_format(&py_exc_RuntimeError, "Task cannot await on itself: %s", tr ? py_str_utf8(tr) : "?");
      else py_err_format(&py_exc_RuntimeError, "Task %s got Future %s attached to a different loop",
                         tr ? py_str_utf8(tr) : "?", wr ? py_str_utf8(wr) : "?");
      py_xdecref(tr);
      py_xdecref(wr);
      return py_err_fetch();
    }
    if (rc == RT_ERAISED && o) { py_decref(o); o = NULL; rc = RT_OK; }  /* the iterator raises it */
    return resume_exc(rc, o);
  }
  if (y->type == &aio_op_type) {
    py_decref(y);   /* borrowed as above */
    aio_op *op = (aio_op *)y;
    t->op_waiting = !(op->kind == OP_SLEEP && op->delay <= 0) && op->kind != OP_DONE;
    if (op->kind == OP_SLEEP && !(op->delay > 0)) op_sleep0(op);
    else op_perform(op);
    if (!t->unwound) t->op_waiting = false;  /* (a closed one still waits) */
    return NULL;
  }
  py_obj *r = py_repr(y);
  py_decref(y);
  py_err_format(&py_exc_RuntimeError, "Task got bad yield: %s", r ? py_str_utf8(r) : "?");
  py_xdecref(r);
  return py_err_fetch();
}

/* A task hosting its coroutine (lang__coro_host): the frames suspend
 * through task_suspend, and a task destroyed pending unwinds them through
 * task_host_close (rt_task_unwind: every wait then ends at once, and
 * GeneratorExit is thrown in at each, as coroutine.close() does). */
typedef struct task_host {
  lang_host base;
  aio_fut *t;
} task_host;

static py_obj *task_suspend(lang_host *lh, py_obj *y) {
  task_host *h = (task_host *)lh;
  py_obj *thr = NULL;
  if (!h->t->unwound) thr = task_handle_yield(h->t, y);
  else py_decref(y);
  g_cur_task = h->t;
  if (h->t->unwound) {
    py_xdecref(thr);
    py_err_set_obj(&py_exc_GeneratorExit, NULL);
    return NULL;
  }
  if (thr) {
    py_err_restore(thr);
    return NULL;
  }
  return py_newref(py_None);
}

static int task_host_close(lang_host *lh) {
  aio_fut *t = ((task_host *)lh)->t;  /* the host goes when the body ends */
  aio_fut *was = g_cur_task;
  t->unwound = true;
  int rc = rt_task_unwind(t->task);
  g_cur_task = was;
  if (rc != RT_OK) {
    t->unwound = false;
    if (rc == RT_ESTATE)  /* (from a generator its task runs: rare) */
      py_err_set_str(&py_exc_RuntimeError,
                     "coroscope: cannot close another task's coroutine from a generator "
                     "run by a task sharing its stack (more than COROSCOPE_SHARE_FROM "
                     "tasks pending)");
    else if (rc == RT_ENOMEM)
      py_err_no_memory();
    else
      py_err_set_str(&py_exc_ValueError, "coroutine already executing");
    return -1;
  }
  if (t->close_exc) {  /* the closing raised: close() raises it */
    py_obj *e = t->close_exc;
    t->close_exc = NULL;
    py_err_restore(e);
    return -1;
  }
  return 0;
}

/* A body's end: what it returns is the outcome (taken over in *out), so
 * the body lets go of its Task. */
static int body_ends(aio_fut *t, int rc) {
  t->finishing = true;
  if (t->body_ref) {
    t->body_ref = false;
    py_decref(&t->ob);
  }
  return rc;
}

/* An exception e (taken over) as a body's outcome: a CancelledError is
 * its message (a cancelled task), anything else is raised. */
static int exc_outcome(py_obj *e, void **out) {
  if (!py_isinstance(e, &py_exc_CancelledError)) {
    *out = e;
    return RT_ERAISED;
  }
  py_obj *a = py_exc_args(e);
  *out = a && py_tuple_len(a) > 0 ? py_newref(py_tuple_get(a, 0)) : NULL;
  py_decref(e);
  return RT_ECANCELLED;
}

/* A task over one of asyncio's own coroutines (sleep, wait, ...). */
static int task_body_op(aio_fut *t, void **out) {
  aio_op *s = (aio_op *)t->coro;
  s->used = true;
  /* Its await chain is that coroutine, as a Python one's is its frame. */
  bool tr = lang__ip && lang__ip->tracing;
  if (tr)
    rt_trace_emit(NULL, RT_EV_FRAME_ENTER, rt_intern(s->name), rt_intern("<asyncio>"), 0,
                  RT_FRAME_COROUTINE);
  op_perform(s);
  if (tr) rt_trace_emit(NULL, RT_EV_FRAME_LEAVE, rt_intern(s->name), s->exc ? 1 : 0, 0, 0);
  if (s->exc) {
    py_obj *e = s->exc;
    s->exc = NULL;
    return body_ends(t, exc_outcome(e, out));
  }
  *out = s->out ? s->out : py_newref(py_None);
  s->out = NULL;
  return body_ends(t, RT_OK);
}

/* The end of a task over a coroutine: its result (a new reference), or
 * the exception set, as the runtime takes a body's outcome. */
static int body_outcome(aio_fut *t, py_obj *result, void **out) {
  if (result) {
    *out = result;
    return body_ends(t, RT_OK);
  }
  py_obj *e = py_err_fetch();
  if (!e) {
    *out = py_newref(py_None);
    return body_ends(t, RT_OK);
  }
  if (py_isinstance(e, &py_exc_SystemExit) || py_isinstance(e, &py_exc_KeyboardInterrupt)) {
    /* Task.__step re-raises these out of the loop: stop it and let
       run_until_complete / run_forever raise it */
    aio__base_exc_out(py_newref(e));
  }
  return body_ends(t, exc_outcome(e, out));
}

/* The coroutine's frames run right here, on the task's stack (t->host
 * made). A function of its own, entered by a tail call: what stays on the
 * stack under the frames while they are suspended is copied at every
 * switch when stacks are shared, so it is kept small. */
__attribute__((noinline)) static int task_body_hosted(aio_fut *t, void **out) {
  py_obj *result = NULL;
  *t->host = (task_host){.base = {.suspend = task_suspend, .close = task_host_close}, .t = t};
  rt_task_hint(t->task, 1, t);   /* what its steps read first */
  rt_task_hint(t->task, 2, t->host);
  rt_task_hint(t->task, 3, t->coro);
  lang__coro_host(t->coro, &t->host->base, &result);
  rt_free(t->host);
  t->host = NULL;
  if (t->unwound) {
    /* closed, not finished: the task stays pending. What the closing
       raised goes to close() (task_host_close); a later step of the task
       ends it as sending into a closed coroutine does in CPython. */
    py_obj *e = result ? NULL : py_err_fetch();
    py_xdecref(result);
    if (e && !py_isinstance(e, &py_exc_GeneratorExit) && !py_isinstance(e, &py_exc_StopIteration))
      t->close_exc = e;
    else
      py_xdecref(e);
    py_err_set_str(&py_exc_RuntimeError, "cannot reuse already awaited coroutine");
    *out = py_err_fetch();
    return RT_ERAISED;
  }
  return body_outcome(t, result, out);
}

static int task_body(void *arg, void **out) {
  aio_fut *t = arg;
  t->started = true;
  if (t->coro->type == &aio_op_type) return task_body_op(t, out);
  g_cur_task = t;
  if (lang__coro_hostable(t->coro) && (t->host = rt_malloc(sizeof *t->host)))
    return task_body_hosted(t, out);
  /* a coroutine started elsewhere (or no memory for a host): step it */
  py_obj *result = NULL, *thr = NULL;
  for (;;) {
    py_obj *y = coro_step(t->coro, thr ? NULL : py_None, thr, &result);
    if (!y) break;
    thr = task_handle_yield(t, y);
    g_cur_task = t;
  }
  return body_outcome(t, result, out);
}

/* What asyncio.iscoroutine accepts and a Task can drive: coroutines (and
 * generators), asyncio's own, and an async generator's asend / aclose /
 * athrow awaitables (collections.abc.Coroutine by their methods). */
static bool is_coro(py_obj *o) {
  return o->type == &lang_coro_type || o->type == &aio_op_type || o->type == &lang_asend_type;
}

/* A Task running coro (a reference is taken) on loop. */
static py_obj *task_new(rt_loop *loop, py_obj *coro, const char *name) {
  aio_fut *t = (aio_fut *)py_obj_alloc(&aio_task_type, sizeof(aio_fut));
  if (!t) return NULL;
  t->coro = py_newref(coro);
  rt_task_opts o = {.name = name, .stack_size = LANG_STACK_BYTES, .arg_free = NULL};
  int rc = rt_task_new(loop, task_body, t, &o, &t->task);
  if (rc != RT_OK) { t->task = NULL; py_decref(&t->ob); return aio__rt_error(rc); }
  t->fut = rt_task_future(t->task);
  if (tasks_add(t) < 0) { py_decref(&t->ob); return NULL; }
  t->body_ref = true;
  py_incref(&t->ob);
  /* a cancel before its first step must still reach an aclose() awaitable
     (the runtime may cancel it itself: watch for it from the start) */
  if (coro->type == &lang_asend_type && rt_future_add_done_cb(t->fut, cancelled_unstarted, t) == RT_OK) {
    t->cancel_watch = true;
    py_incref(&t->ob);
  }
  return &t->ob;
}

/* The loop of a future made outside a running loop: the current one
 * (get_event_loop's; defined with the loop objects). */
static rt_loop *loop_arg(py_obj *lo);

/* ensure_future: a Task for a coroutine, the future itself for a future. */
static py_obj *ensure_future(py_obj *aw) {
  if (is_fut(aw)) return py_newref(aw);
  if (is_coro(aw)) {
    rt_loop *l = loop_arg(NULL);   /* 3.11's events._get_event_loop() */
    if (!l) return NULL;
    return task_new(l, aw, NULL);
  }
  if (py_type_lookup(aw->type, PY_ID(__await__))) {
    /* _wrap_awaitable: a task driving what __await__() returns (a
       generator, as a class's `def __await__` with yield from gives) */
    rt_loop *l = loop_arg(NULL);
    if (!l) return NULL;
    py_obj *it = py_call_method(aw, PY_ID(__await__), NULL, 0, NULL);
    if (!it) return NULL;
    py_obj *t = NULL;
    if (it->type == &lang_gen_type || it->type == &lang_coro_type) t = task_new(l, it, NULL);
    else py_err_format(&py_exc_TypeError, "__await__() returned a non-generator of type '%s'", py_type_name(it));
    py_decref(it);
    return t;
  }
  return py_err_set_str(&py_exc_TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
}

/* ------------------------------------------------------------ functions */

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames

static py_obj *a_sleep(ARGS) {
  (void)self;
  static const char *const names[] = {"delay", "result"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("sleep", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "sleep() missing 1 required positional argument: 'delay'");
  double d;
  if (py_float_as_double(a[0], &d) < 0) return NULL;
  aio_op *s = (aio_op *)py_obj_alloc(&aio_op_type, sizeof(aio_op));
  if (!s) return NULL;
  s->kind = OP_SLEEP;
  s->name = "sleep";
  s->delay = d;
  s->result = a[1] ? py_newref(a[1]) : NULL;
  return &s->ob;
}

static py_obj *a_create_task(ARGS) {
  (void)self;
  static const char *const names[] = {"coro", "name", "context"};
  py_obj *a[3] = {NULL, NULL, NULL};
  if (py_parse_args("create_task", args, nargs, kwnames, names, 3, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "create_task() missing 1 required positional argument: 'coro'");
  rt_loop *l = running_loop();
  if (!l) return no_running_loop();
  if (!is_coro(a[0])) {
    py_obj *r = py_repr(a[0]);
    py_err_format(&py_exc_TypeError, "a coroutine was expected, got %s", r ? py_str_utf8(r) : "?");
    py_xdecref(r);
    return NULL;
  }
  /* 3.11's asyncio.create_task makes the task unnamed (taking a Task-N
     number) and names it afterwards; loop.create_task(name=) does not */
  py_obj *nm = NULL;
  if (a[1] && a[1] != py_None) { nm = py_str(a[1]); if (!nm) return NULL; }
  py_obj *t = task_new(l, a[0], NULL);
  if (t && nm) {
    int rc = rt_task_set_name(((aio_fut *)t)->task, py_str_utf8(nm));
    if (rc != RT_OK) { py_decref(t); t = aio__rt_error(rc); }
  }
  py_xdecref(nm);
  return t;
}

static py_obj *a_ensure_future(ARGS) {
  (void)self;
  static const char *const names[] = {"coro_or_future", "loop"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("ensure_future", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "ensure_future() missing 1 required positional argument: 'coro_or_future'");
  return ensure_future(a[0]);
}

static int build_list(void *ud, size_t n, const rt_outcome *items, void **out) {
  (void)ud;
  py_obj *l = py_list_new((py_ssize_t)n);
  if (!l) { *out = py_err_fetch(); return RT_ERAISED; }
  for (size_t i = 0; i < n; i++) {
    py_obj *v;
    if (items[i].state == RT_FUT_CANCELLED) {
      py_obj *m = items[i].value;
      if (!m) m = py_str_from_cstr("");
      else py_incref(m);
      v = m ? cancelled_error(m) : NULL;
      py_xdecref(m);
      if (!v) { py_decref(l); *out = py_err_fetch(); return RT_ERAISED; }
    } else {
      v = py_newref(items[i].value ? (py_obj *)items[i].value : py_None);
    }
    if (py_list_append_steal(l, v) < 0) { py_decref(l); *out = py_err_fetch(); return RT_ERAISED; }
  }
  *out = l;
  return RT_OK;
}

static void *gather_cancelled(void *ud, void *msg) {
  (void)ud;
  return cancelled_error(msg);
}

static const rt_gather_ops g_gather_ops = {build_list, gather_cancelled, NULL};

/* gather's arguments in order of identity, for first_same. */
typedef struct arg_at {
  py_obj *o;
  py_ssize_t k;
} arg_at;

static int arg_at_cmp(const void *a, const void *b) {
  const arg_at *x = a, *y = b;
  if (x->o != y->o) return (uintptr_t)x->o < (uintptr_t)y->o ? -1 : 1;
  return (x->k > y->k) - (x->k < y->k);
}

/* first[k]: the first j with args[j] == args[k] (the same coroutine twice
 * is wrapped once, as CPython's arg_to_fut). Found by sorting, since
 * comparing every pair is quadratic: minutes for a gather of 100,000. */
static py_ssize_t *first_same(py_obj *const *args, py_ssize_t n) {
  arg_at *a = rt_malloc(((size_t)n + 1) * sizeof *a);
  py_ssize_t *first = rt_malloc(((size_t)n + 1) * sizeof *first);
  if (!a || !first) { rt_free(a); rt_free(first); return NULL; }
  for (py_ssize_t k = 0; k < n; k++) a[k] = (arg_at){args[k], k};
  qsort(a, (size_t)n, sizeof *a, arg_at_cmp);
  for (py_ssize_t i = 0; i < n; i++)
    first[a[i].k] = i > 0 && a[i - 1].o == a[i].o ? first[a[i - 1].k] : a[i].k;
  rt_free(a);
  return first;
}

static py_obj *a_gather(ARGS) {
  (void)self;
  py_obj *re = kwarg(args, nargs, kwnames, "return_exceptions");
  if (kwnames) {
    for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++)
      if (!py_str_eq_cstr(py_tuple_get(kwnames, i), "return_exceptions"))
        return py_err_format(&py_exc_TypeError, "gather() got an unexpected keyword argument '%s'",
                             py_str_utf8(py_tuple_get(kwnames, i)));
  }
  bool ret_exc = false;
  if (re) { int b = py_is_true(re); if (b < 0) return NULL; ret_exc = b; }
  return aio__gather(args, nargs, ret_exc);
}

/* gather(*args, return_exceptions=ret_exc): the _GatheringFuture. */
py_obj *aio__gather(py_obj *const *args, py_ssize_t nargs, bool ret_exc) {
  rt_loop *l = loop_arg(NULL);
  if (!l) return NULL;
  py_obj **futs = rt_calloc((size_t)nargs + 1, sizeof *futs);
  rt_future **rfs = rt_calloc((size_t)nargs + 1, sizeof *rfs);
  py_ssize_t *first = first_same(args, nargs);
  py_obj *res = NULL;
  if (!futs || !rfs || !first) { py_err_no_memory(); goto done; }
  py_ssize_t k;
  for (k = 0; k < nargs; k++) {
    futs[k] = first[k] < k ? py_newref(futs[first[k]]) : ensure_future(args[k]);
    if (!futs[k]) goto done;
    rfs[k] = ((aio_fut *)futs[k])->fut;
  }
  rt_future *outer = NULL;
  int rc = rt_gather(l, rfs, (size_t)nargs, ret_exc, &g_gather_ops, &outer);
  if (rc != RT_OK) { aio__rt_error(rc); goto done; }
  rt_future_set_wait_kind(outer, RT_WAIT_GATHER);
  res = fut_wrap(outer);
  if (res) {
    /* _GatheringFuture._children: the outer keeps its children alive */
    ((aio_fut *)res)->gathering = true;
    ((aio_fut *)res)->children = py_tuple_from(futs, nargs);
    if (!((aio_fut *)res)->children) PY_CLEAR(res);
  }
done:
  if (futs) for (py_ssize_t i = 0; i < nargs; i++) py_xdecref(futs[i]);
  rt_free(futs);
  rt_free(rfs);
  rt_free(first);
  return res;
}

static int parse_timeout(py_obj *o, double *out) {
  if (!o || o == py_None) { *out = RT_NO_TIMEOUT; return 0; }
  return py_float_as_double(o, out);
}

aio_op *aio__op_new(int kind, const char *name) {
  aio_op *s = (aio_op *)py_obj_alloc(&aio_op_type, sizeof(aio_op));
  if (!s) return NULL;
  s->kind = kind;
  s->name = name;
  return s;
}

/* The futures of an iterable, deduplicated, in iteration order (a list). */
static py_obj *future_list(py_obj *fs, bool forbid_coros) {
  py_obj *it = py_iter(fs);
  if (!it) return NULL;
  py_obj *l = py_list_new(0);
  if (!l) { py_decref(it); return NULL; }
  py_obj *x;
  while ((x = py_iter_next(it))) {
    if (forbid_coros && is_coro(x)) {
      py_decref(x); py_decref(it); py_decref(l);
      return py_err_set_str(&py_exc_TypeError, "Passing coroutines is forbidden, use tasks explicitly.");
    }
    py_obj *f = ensure_future(x);
    py_decref(x);
    if (!f) { py_decref(it); py_decref(l); return NULL; }
    bool dup = false;
    for (py_ssize_t i = 0; i < py_list_len(l); i++)
      if (py_list_get(l, i) == f) { dup = true; break; }
    int rc = dup ? 0 : py_list_append(l, f);
    py_decref(f);
    if (rc < 0) { py_decref(it); py_decref(l); return NULL; }
  }
  py_decref(it);
  if (py_err_occurred()) { py_decref(l); return NULL; }
  return l;
}

/* asyncio.wait and wait_for are coroutines: the call only keeps its
 * arguments; they are checked, and the inner task made, when the
 * coroutine first runs (wait_prepare / wait_for_prepare, from op_perform),
 * so errors, Task-N numbers and "never awaited" follow CPython's order. */
static py_obj *a_wait(ARGS) {
  (void)self;
  static const char *const names[] = {"fs", "timeout", "return_when"};
  py_obj *a[3] = {NULL, NULL, NULL};
  if (py_parse_args("wait", args, nargs, kwnames, names, 3, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "wait() missing 1 required positional argument: 'fs'");
  aio_op *s = aio__op_new(OP_WAIT, "wait");
  if (!s) return NULL;
  py_obj *rw = a[2] ? a[2] : py_str_from_cstr("ALL_COMPLETED");
  if (!rw) { py_decref(&s->ob); return NULL; }
  s->result = py_tuple_pack(3, a[0], a[1] ? a[1] : py_None, rw);
  if (!a[2]) py_decref(rw);
  if (!s->result) { py_decref(&s->ob); return NULL; }
  return &s->ob;
}

/* wait's checks, in CPython's order; then s->result becomes the list of
 * futures. 0, or -1 with an exception set. */
static int wait_prepare(aio_op *s) {
  py_obj *fs = py_tuple_get(s->result, 0), *to = py_tuple_get(s->result, 1), *rwo = py_tuple_get(s->result, 2);
  if (is_fut(fs) || is_coro(fs)) {
    py_err_format(&py_exc_TypeError, "expect a list of futures, not %s", py_type_name(fs));
    return -1;
  }
  int nonempty = py_is_true(fs);
  if (nonempty < 0) return -1;
  if (!nonempty) { py_err_set_str(&py_exc_ValueError, "Set of Tasks/Futures is empty."); return -1; }
  int rw;
  if (py_str_eq_cstr(rwo, "ALL_COMPLETED")) rw = RT_ALL_COMPLETED;
  else if (py_str_eq_cstr(rwo, "FIRST_COMPLETED")) rw = RT_FIRST_COMPLETED;
  else if (py_str_eq_cstr(rwo, "FIRST_EXCEPTION")) rw = RT_FIRST_EXCEPTION;
  else {
    py_obj *r = py_str(rwo);
    py_err_format(&py_exc_ValueError, "Invalid return_when value: %s", r ? py_str_utf8(r) : "?");
    py_xdecref(r);
    return -1;
  }
  double d;
  if (parse_timeout(to, &d) < 0) return -1;
  py_obj *l = future_list(fs, true);
  if (!l) return -1;
  PY_SETREF(s->result, l);
  s->delay = d;
  s->return_when = rw;
  return 0;
}

static py_obj *a_wait_for(ARGS) {
  (void)self;
  static const char *const names[] = {"fut", "timeout"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("wait_for", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0] || !a[1]) return py_err_format(&py_exc_TypeError, "wait_for() missing 1 required positional argument: '%s'", a[0] ? "timeout" : "fut");
  aio_op *s = aio__op_new(OP_WAIT_FOR, "wait_for");
  if (!s) return NULL;
  s->result = py_tuple_pack(2, a[0], a[1]);
  if (!s->result) { py_decref(&s->ob); return NULL; }
  return &s->ob;
}

/* wait_for's first step: the timeout read and the awaitable made a future
 * (s->result becomes it). 0, or -1 with an exception set. */
static int wait_for_prepare(aio_op *s) {
  double d;
  if (parse_timeout(py_tuple_get(s->result, 1), &d) < 0) return -1;
  py_obj *f = ensure_future(py_tuple_get(s->result, 0));
  if (!f) return -1;
  PY_SETREF(s->result, f);
  s->delay = d;
  return 0;
}

/* await asyncio.wait_for(aw, None) is `await aw` inside wait_for: a
 * coroutine runs inline, with no task of its own. NULL when the op must
 * be performed (a timeout was given). */
static py_obj *wait_for_inline(aio_op *s) {
  if (s->kind != OP_WAIT_FOR || !s->result || !py_tuple_check(s->result) ||
      py_tuple_get(s->result, 1) != py_None)
    return NULL;
  py_obj *aw = py_tuple_get(s->result, 0);
  if (aw->type == &lang_coro_type) return py_newref(aw);
  if (!py_type_lookup(aw->type, PY_ID(__await__)))
    return py_err_format(&py_exc_TypeError, "object %s can't be used in 'await' expression", py_type_name(aw));
  return py_call_method(aw, PY_ID(__await__), NULL, 0, NULL);
}

static py_obj *a_shield(ARGS) {
  (void)self;
  if (py_check_nokw("shield", kwnames) < 0 || py_check_args("shield", nargs, 1, 1) < 0) return NULL;
  py_obj *f = ensure_future(args[0]);
  if (!f) return NULL;
  rt_future *outer = NULL;
  int rc = rt_shield(((aio_fut *)f)->fut, &outer);
  if (rc != RT_OK) { py_decref(f); return aio__rt_error(rc); }
  if (outer == ((aio_fut *)f)->fut) { rt_future_release(outer); return f; }
  py_decref(f);
  rt_future_set_wait_kind(outer, RT_WAIT_SHIELD);
  return fut_wrap(outer);
}

static py_obj *a_as_completed(ARGS) {
  (void)self;
  static const char *const names[] = {"fs", "timeout"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("as_completed", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "as_completed() missing 1 required positional argument: 'fs'");
  if (is_fut(a[0]) || is_coro(a[0]))
    return py_err_format(&py_exc_TypeError, "expect an iterable of futures, not %s", py_type_name(a[0]));
  double to;
  if (parse_timeout(a[1], &to) < 0) return NULL;
  rt_loop *loop = loop_arg(NULL);
  if (!loop) return NULL;
  py_obj *l = future_list(a[0], false);
  if (!l) return NULL;
  py_ssize_t n = py_list_len(l);
  rt_future **fs = rt_calloc((size_t)n + 1, sizeof *fs);
  if (!fs) { py_decref(l); return py_err_no_memory(); }
  for (py_ssize_t i = 0; i < n; i++) fs[i] = ((aio_fut *)py_list_get(l, i))->fut;
  aio_ac *o = (aio_ac *)py_obj_alloc(&aio_ac_type, sizeof(aio_ac));
  if (!o) { rt_free(fs); py_decref(l); return NULL; }
  o->futs = l;
  int rc = rt_as_completed_new(loop, fs, (size_t)n, to, &o->ac);
  rt_free(fs);
  if (rc != RT_OK) { py_decref(&o->ob); return aio__rt_error(rc); }
  o->left = rt_as_completed_len(o->ac);
  return &o->ob;
}

/* ------------------------------------------------------ asyncio.timeout */

/* 3.11's asyncio.Timeout (Lib/asyncio/timeouts.py), state for state. */
enum { TO_CREATED, TO_ENTERED, TO_EXPIRING, TO_EXPIRED, TO_EXITED };
static const char *const to_state_names[] = {"created", "active", "expiring", "expired", "finished"};

typedef struct aio_timeout {
  py_obj ob;
  int state;
  bool has_when;
  double when;
  aio_fut *task;        /* a reference, once entered */
  rt_handle *h;         /* the pending _on_timeout, or NULL */
  int cancelling;
} aio_timeout;

static void to_drop_handle(aio_timeout *t) {
  if (t->h) {
    rt_handle_cancel(t->h);
    rt_handle_release(t->h);
    t->h = NULL;
  }
}

static void to_dealloc(py_obj *o) {
  aio_timeout *t = (aio_timeout *)o;
  to_drop_handle(t);
  py_xdecref(t->task ? &t->task->ob : NULL);
  py_obj_free(o, sizeof(aio_timeout));
}
static int to_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aio_timeout *t = (aio_timeout *)o;
  return t->task ? visit(&t->task->ob, arg) : 0;
}

static void to_fire(rt_loop *loop, void *arg) {
  (void)loop;
  aio_timeout *t = arg;
  if (t->h) { rt_handle_release(t->h); t->h = NULL; }
  if (t->task) task_cancel(t->task, NULL);
  t->state = TO_EXPIRING;
}
static void to_handle_free(void *arg) { py_decref((py_obj *)arg); }

static int to_reschedule(aio_timeout *t, py_obj *when) {
  if (t->state != TO_ENTERED) {
    if (t->state == TO_CREATED) py_err_set_str(&py_exc_RuntimeError, "Timeout has not been entered");
    else py_err_format(&py_exc_RuntimeError, "Cannot change state of %s Timeout", to_state_names[t->state]);
    return -1;
  }
  double w = 0;
  if (when && when != py_None && py_float_as_double(when, &w) < 0) return -1;
  if (when) { t->has_when = when != py_None; t->when = w; }
  to_drop_handle(t);
  if (!t->has_when) return 0;
  rt_loop *loop = running_loop();
  if (!loop) { no_running_loop(); return -1; }
  py_incref(&t->ob);
  int rc = t->when <= rt_loop_time(loop)
               ? rt_call_soon(loop, to_fire, t, to_handle_free, &t->h)
               : rt_call_at(loop, t->when, to_fire, t, to_handle_free, &t->h);
  if (rc != RT_OK) { t->h = NULL; py_decref(&t->ob); aio__rt_error(rc); return -1; }
  return 0;
}

static py_obj *to_m_reschedule(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  if (py_check_nokw("reschedule", kw) < 0 || py_check_args("reschedule", nargs, 1, 1) < 0) return NULL;
  return to_reschedule((aio_timeout *)self, args[0]) < 0 ? NULL : py_newref(py_None);
}
static py_obj *to_m_when(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_timeout *t = (aio_timeout *)self;
  return t->has_when ? py_float_from(t->when) : py_newref(py_None);
}
static py_obj *to_m_expired(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_timeout *t = (aio_timeout *)self;
  return py_bool_from(t->state == TO_EXPIRING || t->state == TO_EXPIRED);
}
static py_obj *op_ready(py_obj *value) {   /* value: taken over */
  aio_op *s = aio__op_new(OP_DONE, "coroutine");
  if (!s) { py_decref(value); return NULL; }
  s->out = value;
  return &s->ob;
}
static py_obj *to_m_aenter(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_timeout *t = (aio_timeout *)self;
  if (t->state != TO_CREATED) return py_err_set_str(&py_exc_RuntimeError, "Timeout has already been entered");
  aio_fut *task = task_of_rt(rt_task_current());
  if (!task) return py_err_set_str(&py_exc_RuntimeError, "Timeout should be used inside a task");
  t->state = TO_ENTERED;
  t->task = (aio_fut *)py_newref(&task->ob);
  t->cancelling = rt_task_cancelling(task->task);
  if (to_reschedule(t, NULL) < 0) return NULL;
  return op_ready(py_newref(self));
}
static py_obj *to_m_aexit(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)kw;
  aio_timeout *t = (aio_timeout *)self;
  to_drop_handle(t);
  if (t->state == TO_EXPIRING) {
    t->state = TO_EXPIRED;
    py_obj *et = nargs > 0 ? args[0] : py_None;
    if (rt_task_uncancel(t->task->task) <= t->cancelling && et == &py_exc_CancelledError.ob) {
      py_obj *te = py_exc_new(&py_exc_TimeoutError, NULL, 0);
      if (!te) return NULL;
      if (nargs > 1 && args[1] != py_None) py_exc_set_cause(te, args[1]);
      return py_err_raise(te);
    }
  } else if (t->state == TO_ENTERED) {
    t->state = TO_EXITED;
  }
  return op_ready(py_newref(py_None));
}
static const py_method_def to_methods[] = {
    {"reschedule", to_m_reschedule, 0}, {"when", to_m_when, 0}, {"expired", to_m_expired, 0},
    {"__aenter__", to_m_aenter, 0}, {"__aexit__", to_m_aexit, 0}, {NULL, NULL, 0}};

static py_obj *to_repr(py_obj *o) {
  aio_timeout *t = (aio_timeout *)o;
  if (t->state == TO_ENTERED) {
    if (!t->has_when) return py_str_from_format("<Timeout [active] when=None>");
    py_obj *w = py_float_from(round(t->when * 1000.0) / 1000.0);
    py_obj *r = w ? py_repr(w) : NULL;
    py_xdecref(w);
    if (!r) return NULL;
    py_obj *res = py_str_from_format("<Timeout [active] when=%s>", py_str_utf8(r));
    py_decref(r);
    return res;
  }
  return py_str_from_format("<Timeout [%s]>", to_state_names[t->state]);
}

static py_type aio_timeout_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "Timeout",
    .module = "asyncio.timeouts",
    .flags = PY_TF_GC,
    .basicsize = sizeof(aio_timeout),
    .dealloc = to_dealloc,
    .traverse = to_traverse,
    .repr = to_repr,
    .methods = to_methods,
};

static py_obj *timeout_new(bool has_when, double when) {
  aio_timeout *t = (aio_timeout *)py_obj_alloc(&aio_timeout_type, sizeof(aio_timeout));
  if (!t) return NULL;
  t->has_when = has_when;
  t->when = when;
  return &t->ob;
}

static py_obj *a_timeout(ARGS) {
  (void)self;
  if (py_check_nokw("timeout", kwnames) < 0 || py_check_args("timeout", nargs, 1, 1) < 0) return NULL;
  rt_loop *loop = running_loop();
  if (!loop) return no_running_loop();
  if (args[0] == py_None) return timeout_new(false, 0);
  double d;
  if (py_float_as_double(args[0], &d) < 0) return NULL;
  return timeout_new(true, rt_loop_time(loop) + d);
}

static py_obj *a_timeout_at(ARGS) {
  (void)self;
  if (py_check_nokw("timeout_at", kwnames) < 0 || py_check_args("timeout_at", nargs, 1, 1) < 0) return NULL;
  if (args[0] == py_None) return timeout_new(false, 0);
  double w;
  if (py_float_as_double(args[0], &w) < 0) return NULL;
  return timeout_new(true, w);
}

/* asyncio.Future(*, loop=None) and asyncio.Task(coro, *, loop=None, name=None). */

static py_obj *future_type_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  (void)type;
  static const char *const names[] = {"loop"};
  py_obj *a[1] = {NULL};
  if (py_parse_args("Future", args, nargs, kwnames, names, 1, 0, a) < 0) return NULL;
  if (nargs > 0) return py_err_set_str(&py_exc_TypeError, "Future() takes no positional arguments");
  rt_loop *l = loop_arg(a[0]);
  if (!l) return NULL;
  rt_future *rf = NULL;
  int rc = rt_future_new(l, &rf);
  if (rc != RT_OK) return aio__rt_error(rc);
  return fut_wrap(rf);
}

static py_obj *task_type_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  (void)type;
  static const char *const names[] = {"coro", "loop", "name", "context"};
  py_obj *a[4] = {NULL, NULL, NULL, NULL};
  if (py_parse_args("Task", args, nargs, kwnames, names, 4, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "Task() missing required argument 'coro' (pos 1)");
  if (!is_coro(a[0])) {
    py_obj *r = py_repr(a[0]);
    py_err_format(&py_exc_TypeError, "a coroutine was expected, got %s", r ? py_str_utf8(r) : "?");
    py_xdecref(r);
    return NULL;
  }
  rt_loop *l = loop_arg(a[1]);
  if (!l) return NULL;
  py_obj *nm = NULL;
  if (a[2] && a[2] != py_None) { nm = py_str(a[2]); if (!nm) return NULL; }
  py_obj *t = task_new(l, a[0], nm ? py_str_utf8(nm) : NULL);
  py_xdecref(nm);
  return t;
}

static py_obj *a_isfuture(ARGS) {
  (void)self;
  if (py_check_nokw("isfuture", kwnames) < 0 || py_check_args("isfuture", nargs, 1, 1) < 0) return NULL;
  return py_bool_from(is_fut(args[0]));
}

static py_obj *a_current_task(ARGS) {
  (void)self; (void)args; (void)kwnames; (void)nargs;
  aio_fut *t = task_of_rt(rt_task_current());
  if (!t) {
    if (!running_loop()) return no_running_loop();
    return py_newref(py_None);
  }
  return py_newref(&t->ob);
}

static py_obj *a_all_tasks(ARGS) {
  (void)self; (void)args; (void)kwnames; (void)nargs;
  rt_loop *l = running_loop();
  if (!l) return no_running_loop();
  py_obj *s = py_set_new(NULL);
  if (!s) return NULL;
  for (size_t i = 0; i < g_ntasks; i++) {
    aio_fut *t = g_tasks[i];
    if (t && rt_future_loop(t->fut) == l && !rt_future_done(t->fut))
      if (py_set_add(s, &t->ob) < 0) { py_decref(s); return NULL; }
  }
  return s;
}

static py_obj *a_iscoroutine(ARGS) {
  (void)self;
  if (py_check_nokw("iscoroutine", kwnames) < 0 || py_check_args("iscoroutine", nargs, 1, 1) < 0) return NULL;
  return py_bool_from(is_coro(args[0]) || args[0]->type == &aio_op_type);
}

static py_obj *a_get_running_loop(ARGS);

/* Run every task still pending on loop to its end after cancelling it
 * (ops_only: only those suspended inside one of asyncio's own coroutines). */
static void cancel_all(rt_loop *loop, bool ops_only) {
  size_t n = 0;
  rt_future **fs = rt_calloc(g_ntasks + 1, sizeof *fs);
  aio_fut **ts = rt_calloc(g_ntasks + 1, sizeof *ts);
  if (!fs || !ts) { rt_free(fs); rt_free(ts); return; }
  for (size_t i = 0; i < g_ntasks; i++) {
    aio_fut *t = g_tasks[i];
    if (t && rt_future_loop(t->fut) == loop && !rt_future_done(t->fut) &&
        (!ops_only || t->op_waiting || (t->coro && t->coro->type == &aio_op_type))) {
      ts[n] = (aio_fut *)py_newref(&t->ob);
      fs[n++] = t->fut;
    }
  }
  for (size_t i = 0; i < n; i++) task_cancel(ts[i], NULL);
  rt_future *outer = NULL;
  if (n > 0 && rt_gather(loop, fs, n, true, &g_gather_ops, &outer) == RT_OK) {
    rt_loop_run_until_complete(loop, outer);
    rt_future_release(outer);
  }
  for (size_t i = 0; i < n && !ops_only; i++) {
    /* _cancel_all_tasks: a task that ended with an error instead */
    if (rt_future_state_of(ts[i]->fut) != RT_FUT_EXCEPTION) continue;
    py_obj *saved = py_err_fetch();
    rt_future_mark_retrieved(ts[i]->fut);   /* task.exception() */
    py_obj *ctx = aio__context("unhandled exception during asyncio.run() shutdown", "exception",
                               rt_future_value(ts[i]->fut), "task", &ts[i]->ob);
    if (ctx) aio__call_exception_handler(loop, ctx);
    py_xdecref(ctx);
    py_err_clear();
    py_err_restore(saved);
  }
  for (size_t i = 0; i < n; i++) py_decref(&ts[i]->ob);
  rt_free(fs);
  rt_free(ts);
}

/* A shutdown step that CPython runs as a task (shutdown_asyncgens,
 * shutdown_default_executor): it takes a Task-N number. */
static void run_noop_task(rt_loop *loop, rt_coro_fn body, void *arg) {
  rt_task *t = NULL;
  if (rt_task_new(loop, body, arg, NULL, &t) != RT_OK) return;
  rt_loop_run_until_complete(loop, rt_task_future(t));
  rt_task_release(t);
}

/* ---------------------------------------------------------- loop objects */

/* Loop objects (aio_loop, mod_asyncio_int.h): one per rt_loop (g_loops),
 * so get_running_loop() is the loop the script made. */
static aio_loop **g_loops;
static size_t g_nloops, g_caploops;
static py_obj *g_current_loop;    /* set_event_loop's, or NULL */
static bool g_set_called;

static void drop_stuck_tasks(rt_loop *rl);

static void loop_dealloc(py_obj *o) {
  aio_loop *l = (aio_loop *)o;
  for (size_t i = 0; i < g_nloops; i++)
    if (g_loops[i] == l) {
      memmove(&g_loops[i], &g_loops[i + 1], (g_nloops - i - 1) * sizeof *g_loops);
      g_nloops--;
      break;
    }
  if (l->loop && !l->closed && !rt_loop_is_running(l->loop)) {
    l->closed = true;
    drop_stuck_tasks(l->loop);
    rt_loop_free(l->loop);
  }
  py_xdecref(l->sig_handlers);
  py_xdecref(l->exc_handler);
  rt_free(l->agens);
  py_obj_free(o, sizeof(aio_loop));
}

static int loop_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aio_loop *l = (aio_loop *)o;
  int r = l->sig_handlers ? visit(l->sig_handlers, arg) : 0;
  return !r && l->exc_handler ? visit(l->exc_handler, arg) : r;
}
static void loop_clear(py_obj *o) {
  PY_CLEAR(((aio_loop *)o)->sig_handlers);
  PY_CLEAR(((aio_loop *)o)->exc_handler);
}

static py_type aio_loop_type;

/* From how many pending tasks on new tasks share one stack
 * (rt_loop_share_stacks): a task body keeps nothing others read on its
 * stack (lang_host says how), so any number would do; below a few hundred
 * tasks each stack of its own stays in the cache anyway and a switch then
 * copies nothing. COROSCOPE_SHARE_FROM overrides it (the tests run every
 * script with 0 too: every task on the shared stack). */
#define SHARE_FROM 128
static size_t share_from(void) {
  const char *e = getenv("COROSCOPE_SHARE_FROM");
  if (e && *e >= '0' && *e <= '9') return (size_t)strtoul(e, NULL, 10);
  return SHARE_FROM;
}

/* A new loop object with a new rt_loop. */
static aio_loop *loop_new(void) {
  if (g_nloops == g_caploops) {
    size_t nc = g_caploops ? g_caploops * 2 : 8;
    aio_loop **n = rt_realloc(g_loops, nc * sizeof *n);
    if (!n) { py_err_no_memory(); return NULL; }
    g_loops = n;
    g_caploops = nc;
  }
  rt_loop *rl = NULL;
  int rc = rt_loop_new(lang__ip->opts.platform, &g_ops, &rl);
  if (rc != RT_OK) { aio__rt_error(rc); return NULL; }
  rt_loop_share_stacks(rl, share_from());
  aio_loop *l = (aio_loop *)py_obj_alloc(&aio_loop_type, sizeof(aio_loop));
  if (!l) { rt_loop_free(rl); return NULL; }
  l->loop = rl;
  g_loops[g_nloops++] = l;
  return l;
}

static aio_loop *loop_obj_of(rt_loop *rl) {
  for (size_t i = 0; i < g_nloops; i++)
    if (g_loops[i]->loop == rl) return g_loops[i];
  return NULL;
}
aio_loop *aio__loop_obj_of(rt_loop *rl) { return loop_obj_of(rl); }

/* Drop the references the bodies of never-finished tasks of rl hold (the
 * loop is going away: they will never run again). */
static void drop_stuck_tasks(rt_loop *rl) {
  g_iterating++;
  for (size_t i = 0; i < g_ntasks; i++) {
    aio_fut *t = g_tasks[i];
    if (t && rt_future_loop(t->fut) == rl && t->body_ref) {
      /* A hosted coroutine's frames live on the task's stack, which the
         loop frees: close it now (CPython closes it when the task is
         collected, as fut_dealloc does for the others). */
      lang_gen *g = t->coro->type == &lang_coro_type ? (lang_gen *)t->coro : NULL;
      if (g && g->host && !g->finished) {
        py_obj *saved = py_err_fetch();
        py_obj *r = py_call_method_str(t->coro, "close", NULL, 0);
        py_xdecref(r);
        py_err_clear();
        py_err_restore(saved);
      }
      t->body_ref = false;
      py_decref(&t->ob);   /* may free it: its slot becomes NULL */
    }
  }
  g_iterating--;
}

static void loop_close(aio_loop *l) {
  if (l->closed) return;
  l->closed = true;
  drop_stuck_tasks(l->loop);
  rt_loop_free(l->loop);
  l->loop = NULL;
}

static py_obj *loop_closed_error(void) {
  return py_err_set_str(&py_exc_RuntimeError, "Event loop is closed");
}

/* Nothing can ever run again: CPython would hang here, printing nothing
 * more. End the script (SystemExit; the sim gives exit status 3 and its
 * report), and mute the output, so the finally blocks and __del__ run by
 * the teardown stay silent as they would in a hung process. */
static int deadlocked(void) {
  g_deadlocked = true;
  lang__ip->opts.output = NULL;
  py_err_set_obj(&py_exc_SystemExit, NULL);
  return -1;
}

/* Run the loop until rf is done (run_until_complete's core). Returns 0, or
 * -1 with an exception set; a deadlock ends the script quietly (the sim
 * reports it). */
static int loop_run_until(aio_loop *l, rt_future *rf) {
  if (l->closed) { loop_closed_error(); return -1; }
  if (rt_loop_is_running(l->loop)) {
    py_err_set_str(&py_exc_RuntimeError, "This event loop is already running");
    return -1;
  }
  if (running_loop()) {
    py_err_set_str(&py_exc_RuntimeError, "Cannot run the event loop while another loop is running");
    return -1;
  }
  int rc = rt_loop_run_until_complete(l->loop, rf);
  if (rc == RT_EDEADLOCK) return deadlocked();
  if (g_base_exc) {
    py_obj *e = g_base_exc;
    g_base_exc = NULL;
    py_err_raise(e);
    return -1;
  }
  if (rc == RT_ESTOPPED) {
    py_err_set_str(&py_exc_RuntimeError, "Event loop stopped before Future completed.");
    return -1;
  }
  if (rc != RT_OK) { aio__rt_error(rc); return -1; }
  return 0;
}

static py_obj *ensure_future_on(aio_loop *l, py_obj *aw) {
  if (is_fut(aw)) return py_newref(aw);
  if (is_coro(aw)) return task_new(l->loop, aw, NULL);
  return py_err_set_str(&py_exc_TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
}

static py_obj *a_run(ARGS) {
  (void)self;
  static const char *const names[] = {"main", "debug"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("run", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "run() missing 1 required positional argument: 'main'");
  if (running_loop())
    return py_err_set_str(&py_exc_RuntimeError, "asyncio.run() cannot be called from a running event loop");
  if (!is_coro(a[0])) {
    py_obj *r = py_repr(a[0]);
    py_err_format(&py_exc_ValueError, "a coroutine was expected, got %s", r ? py_str_utf8(r) : "?");
    py_xdecref(r);
    return NULL;
  }
  aio_loop *l = loop_new();
  if (!l) return NULL;
  /* the Runner sets the loop as the current one, and None at the end */
  PY_SETREF(g_current_loop, py_newref(&l->ob));
  g_set_called = true;
  rt_loop *saved = g_loop;
  g_loop = l->loop;
  py_obj *t = task_new(l->loop, a[0], NULL);
  py_obj *res = NULL;
  if (t) {
    int rc = loop_run_until(l, ((aio_fut *)t)->fut);
    /* after a deadlock nothing may run but the unwinding of the tasks stuck
       inside one of asyncio's own coroutines (queue.get(), a Task over
       queue.join()): their C stacks hold runtime objects only a cancel
       releases.
       The output is muted; the shutdown steps are skipped. */
    if (rc != 0 && g_deadlocked) {
      py_obj *pending = py_err_fetch();
      cancel_all(l->loop, true);
      py_err_clear();
      py_err_restore(pending);
    } else {
      py_obj *pending = py_err_fetch();
      cancel_all(l->loop, false);
      run_noop_task(l->loop, aio__shutdown_asyncgens_body, l);
      run_noop_task(l->loop, aio__shutdown_executor_body, NULL);
      if (pending) py_err_restore(pending);
      else res = fut_outcome(((aio_fut *)t)->fut);
    }
    py_decref(t);
  }
  g_loop = saved;
  loop_close(l);
  PY_CLEAR(g_current_loop);
  py_decref(&l->ob);
  return res;
}

static py_obj *fut_m_get_loop(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  aio_loop *l = loop_obj_of(rt_future_loop(((aio_fut *)self)->fut));
  if (!l) return no_running_loop();
  return py_newref(&l->ob);
}

#define LOOP(self) aio_loop *l = (aio_loop *)(self)

static py_obj *loop_m_time(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)kw; (void)nargs;
  LOOP(self);
  if (l->loop) return py_float_from(rt_loop_time(l->loop));
  rt_platform *p = lang__ip->opts.platform ? lang__ip->opts.platform : rt_platform_real();
  return py_float_from(p->now(p));
}

static py_obj *loop_m_create_task(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  LOOP(self);
  static const char *const names[] = {"coro", "name", "context"};
  py_obj *a[3] = {NULL, NULL, NULL};
  if (py_parse_args("create_task", args, nargs, kw, names, 3, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "create_task() missing 1 required positional argument: 'coro'");
  if (l->closed) return loop_closed_error();
  if (!is_coro(a[0])) {
    py_obj *r = py_repr(a[0]);
    py_err_format(&py_exc_TypeError, "a coroutine was expected, got %s", r ? py_str_utf8(r) : "?");
    py_xdecref(r);
    return NULL;
  }
  py_obj *nm = NULL;
  if (a[1] && a[1] != py_None) { nm = py_str(a[1]); if (!nm) return NULL; }
  py_obj *t = task_new(l->loop, a[0], nm ? py_str_utf8(nm) : NULL);
  py_xdecref(nm);
  return t;
}

static py_obj *loop_m_is_running(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)kw; (void)nargs;
  LOOP(self);
  return py_bool_from(l->loop && rt_loop_is_running(l->loop));
}

static py_obj *loop_m_is_closed(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)kw; (void)nargs;
  LOOP(self);
  return py_bool_from(l->closed);
}

static py_obj *loop_m_create_future(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)kw; (void)nargs;
  LOOP(self);
  if (l->closed) return loop_closed_error();
  rt_future *rf = NULL;
  int rc = rt_future_new(l->loop, &rf);
  if (rc != RT_OK) return aio__rt_error(rc);
  return fut_wrap(rf);
}

static py_obj *loop_m_run_until_complete(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  LOOP(self);
  if (py_check_nokw("run_until_complete", kw) < 0 || py_check_args("run_until_complete", nargs, 1, 1) < 0)
    return NULL;
  if (l->closed) return loop_closed_error();
  py_obj *f = ensure_future_on(l, args[0]);
  if (!f) return NULL;
  rt_loop *saved = g_loop;
  g_loop = l->loop;
  int rc = loop_run_until(l, ((aio_fut *)f)->fut);
  g_loop = saved;
  py_obj *res = rc == 0 ? fut_outcome(((aio_fut *)f)->fut) : NULL;
  py_decref(f);
  return res;
}

static py_obj *loop_m_run_forever(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args;
  LOOP(self);
  if (py_check_nokw("run_forever", kw) < 0 || py_check_args("run_forever", nargs, 0, 0) < 0) return NULL;
  if (l->closed) return loop_closed_error();
  if (rt_loop_is_running(l->loop))
    return py_err_set_str(&py_exc_RuntimeError, "This event loop is already running");
  if (running_loop())
    return py_err_set_str(&py_exc_RuntimeError, "Cannot run the event loop while another loop is running");
  rt_loop *saved = g_loop;
  g_loop = l->loop;
  int rc = rt_loop_run_forever(l->loop);
  g_loop = saved;
  if (rc == RT_OK && g_base_exc) {
    py_obj *e = g_base_exc;
    g_base_exc = NULL;
    return py_err_raise(e);
  }
  if (rc == RT_EDEADLOCK) { deadlocked(); return NULL; }
  if (rc != RT_OK) return aio__rt_error(rc);
  return py_newref(py_None);
}

static py_obj *loop_m_stop(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  LOOP(self);
  if (l->loop) rt_loop_stop(l->loop);
  return py_newref(py_None);
}

static py_obj *loop_m_close(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  (void)args; (void)nargs; (void)kw;
  LOOP(self);
  if (l->loop && rt_loop_is_running(l->loop))
    return py_err_set_str(&py_exc_RuntimeError, "Cannot close a running event loop");
  loop_close(l);
  return py_newref(py_None);
}

/* Signals (virtual): signal.raise_signal(sig) with a loop handler set
 * goes the way CPython's self-pipe does: the byte wakes the loop, its
 * reader (_read_from_self) runs in the next iteration and schedules the
 * handler with call_soon, so the handler runs one iteration after that. */
typedef struct sig_delivery {
  aio_loop *l;     /* a reference */
  long signum;
} sig_delivery;

static void sig_delivery_free(void *arg) {
  sig_delivery *d = arg;
  py_decref(&d->l->ob);
  rt_free(d);
}

static void sig_read_from_self(rt_loop *loop, void *arg) {
  sig_delivery *d = arg;
  if (!d->l->sig_handlers) return;
  py_obj *k = py_int_from(d->signum);
  py_obj *entry = k ? py_dict_get(d->l->sig_handlers, k) : NULL;
  py_xdecref(k);
  if (!entry) { py_err_clear(); return; }
  aio_handle *h = aio__handle_new(py_tuple_get(entry, 0), py_tuple_get(entry, 1));
  if (!h) { py_err_clear(); return; }
  aio__handle_call_soon(loop, h);
  py_decref(&h->ob);
}

/* 1 if a loop took the signal, 0 if none has a handler for it, -1 error. */
static int deliver_signal(long signum) {
  py_obj *k = py_int_from(signum);
  if (!k) return -1;
  for (size_t i = 0; i < g_nloops; i++) {
    aio_loop *l = g_loops[i];
    if (l->closed || !l->sig_handlers || !py_dict_get(l->sig_handlers, k)) continue;
    py_decref(k);
    sig_delivery *d = rt_malloc(sizeof *d);
    if (!d) { py_err_no_memory(); return -1; }
    d->l = (aio_loop *)py_newref(&l->ob);
    d->signum = signum;
    if (rt_call_soon(l->loop, sig_read_from_self, d, sig_delivery_free, NULL) != RT_OK) {
      sig_delivery_free(d);
      py_err_no_memory();
      return -1;
    }
    return 1;
  }
  py_decref(k);
  return 0;
}

static py_obj *loop_m_add_signal_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  LOOP(self);
  if (py_check_nokw("add_signal_handler", kw) < 0) return NULL;
  if (nargs < 2)
    return py_err_set_str(&py_exc_TypeError, "add_signal_handler() missing required arguments: 'sig' and 'callback'");
  if (is_coro(args[1]))
    return py_err_set_str(&py_exc_TypeError, "coroutines cannot be used with add_signal_handler()");
  if (l->closed) return loop_closed_error();
  if (!l->sig_handlers && !(l->sig_handlers = py_dict_new())) return NULL;
  py_obj *rest = py_tuple_from(args + 2, nargs - 2);
  if (!rest) return NULL;
  py_obj *entry = py_tuple_pack(2, args[1], rest);
  py_decref(rest);
  if (!entry) return NULL;
  int rc = py_dict_set(l->sig_handlers, args[0], entry);
  py_decref(entry);
  if (rc < 0) return NULL;
  return py_newref(py_None);
}

static py_obj *loop_m_remove_signal_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw) {
  LOOP(self);
  if (py_check_nokw("remove_signal_handler", kw) < 0 || py_check_args("remove_signal_handler", nargs, 1, 1) < 0)
    return NULL;
  if (!l->sig_handlers || !py_dict_get(l->sig_handlers, args[0])) return py_newref(py_False);
  if (py_dict_del(l->sig_handlers, args[0]) < 0) return NULL;
  return py_newref(py_True);
}

static const py_method_def loop_methods[] = {
    {"time", loop_m_time, 0},
    {"create_task", loop_m_create_task, 0},
    {"create_future", loop_m_create_future, 0},
    {"is_running", loop_m_is_running, 0},
    {"is_closed", loop_m_is_closed, 0},
    {"run_until_complete", loop_m_run_until_complete, 0},
    {"run_forever", loop_m_run_forever, 0},
    {"stop", loop_m_stop, 0},
    {"close", loop_m_close, 0},
    {"call_soon", aio__loop_call_soon, 0},
    {"call_soon_threadsafe", aio__loop_call_soon_threadsafe, 0},
    {"run_in_executor", aio__loop_run_in_executor, 0},
    {"shutdown_default_executor", aio__loop_shutdown_default_executor, 0},
    {"call_later", aio__loop_call_later, 0},
    {"call_at", aio__loop_call_at, 0},
    {"set_exception_handler", aio__loop_set_exception_handler, 0},
    {"get_exception_handler", aio__loop_get_exception_handler, 0},
    {"call_exception_handler", aio__loop_call_exception_handler, 0},
    {"default_exception_handler", aio__loop_default_exception_handler, 0},
    {"add_signal_handler", loop_m_add_signal_handler, 0},
    {"remove_signal_handler", loop_m_remove_signal_handler, 0},
    {"sock_recv", aio__loop_sock_recv, 0},
    {"sock_sendall", aio__loop_sock_sendall, 0},
    {"sock_accept", aio__loop_sock_accept, 0},
    {"sock_connect", aio__loop_sock_connect, 0},
    {NULL, NULL, 0},
};

static py_obj *loop_repr(py_obj *o) {
  LOOP(o);
  bool running = l->loop && rt_loop_is_running(l->loop);
  return py_str_from_format("<_UnixSelectorEventLoop running=%s closed=%s debug=False>",
                            running ? "True" : "False", l->closed ? "True" : "False");
}

static py_hash_t loop_hash(py_obj *o) {
  uintptr_t p = (uintptr_t)o;
  return (py_hash_t)((p >> 4) | (p << (8 * sizeof p - 4)));
}

static py_type aio_loop_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "_UnixSelectorEventLoop",
    .module = "asyncio.unix_events",
    .flags = PY_TF_GC,
    .basicsize = sizeof(aio_loop),
    .dealloc = loop_dealloc,
    .traverse = loop_traverse,
    .clear = loop_clear,
    .repr = loop_repr,
    .hash = loop_hash,
    .methods = loop_methods,
};

static py_obj *a_get_running_loop(ARGS) {
  (void)self; (void)args; (void)kwnames; (void)nargs;
  aio_loop *l = loop_obj_of(running_loop());
  if (!l) return no_running_loop();
  return py_newref(&l->ob);
}

static py_obj *a_new_event_loop(ARGS) {
  (void)self; (void)args; (void)kwnames;
  if (py_check_args("new_event_loop", nargs, 0, 0) < 0) return NULL;
  aio_loop *l = loop_new();
  return l ? &l->ob : NULL;
}

static py_obj *a_set_event_loop(ARGS) {
  (void)self; (void)kwnames;
  if (py_check_args("set_event_loop", nargs, 1, 1) < 0) return NULL;
  if (args[0] != py_None && args[0]->type != &aio_loop_type)
    return py_err_format(&py_exc_TypeError, "loop must be an instance of AbstractEventLoop or None, not '%s'",
                         py_type_name(args[0]));
  g_set_called = true;
  PY_SETREF(g_current_loop, args[0] == py_None ? NULL : py_newref(args[0]));
  return py_newref(py_None);
}

static py_obj *a_get_event_loop(ARGS) {
  (void)self; (void)args; (void)kwnames;
  if (py_check_args("get_event_loop", nargs, 0, 0) < 0) return NULL;
  aio_loop *l = loop_obj_of(running_loop());
  if (l) return py_newref(&l->ob);
  if (g_current_loop) return py_newref(g_current_loop);
  if (!g_set_called) {
    l = loop_new();
    if (!l) return NULL;
    g_set_called = true;
    g_current_loop = py_newref(&l->ob);
    return &l->ob;
  }
  return py_err_set_str(&py_exc_RuntimeError, "There is no current event loop in thread 'MainThread'.");
}

static rt_loop *loop_arg(py_obj *lo) {
  if (lo && lo != py_None) {
    if (lo->type != &aio_loop_type) {
      py_err_set_str(&py_exc_TypeError, "loop must be an event loop");
      return NULL;
    }
    if (((aio_loop *)lo)->closed) { loop_closed_error(); return NULL; }
    return ((aio_loop *)lo)->loop;
  }
  rt_loop *l = running_loop();
  if (!l) l = g_loop;
  if (l) return l;
  py_obj *cur = a_get_event_loop(NULL, NULL, 0, NULL);
  if (!cur) return NULL;
  l = ((aio_loop *)cur)->loop;
  py_decref(cur);
  return l;
}

/* ------------------------------------------------------- the signal module */

static py_obj *s_raise_signal(ARGS) {
  (void)self;
  if (py_check_nokw("raise_signal", kwnames) < 0 || py_check_args("raise_signal", nargs, 1, 1) < 0) return NULL;
  int64_t v;
  if (py_index_value(args[0], &v) < 0) return NULL;
  long sig = (long)v;
  if (sig < 1 || sig > 64) return py_err_set_str(&py_exc_ValueError, "signal number out of range");
  int d = deliver_signal(sig);
  if (d < 0) return NULL;
  if (d == 0 && sig == 2) return py_err_set_obj(&py_exc_KeyboardInterrupt, NULL);
  return py_newref(py_None);
}

static const py_method_def signal_defs[] = {{"raise_signal", s_raise_signal, 0}, {NULL, NULL, 0}};

int lang__signal_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  py_obj *modname = py_str_from_cstr("signal");
  if (!modname) return -1;
  for (const py_method_def *m = signal_defs; m->name; m++) {
    py_obj *f = py_cfunction_new(m, NULL, modname);
    if (!f) { py_decref(modname); return -1; }
    int rc = py_dict_set_str(d, m->name, f);
    py_decref(f);
    if (rc < 0) { py_decref(modname); return -1; }
  }
  py_decref(modname);
  static const struct { const char *name; long v; } sigs[] = {
      {"SIGHUP", 1}, {"SIGINT", 2}, {"SIGQUIT", 3}, {"SIGKILL", 9}, {"SIGUSR1", 10},
      {"SIGUSR2", 12}, {"SIGALRM", 14}, {"SIGTERM", 15}};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    py_obj *v = py_int_from(sigs[i].v);
    if (!v || py_dict_set_str(d, sigs[i].name, v) < 0) { py_xdecref(v); return -1; }
    py_decref(v);
  }
  return 0;
}

/* ---------------------------------------------------------- the module */

static const py_method_def asyncio_defs[] = {
    {"run", a_run, 0},
    {"sleep", a_sleep, 0},
    {"create_task", a_create_task, 0},
    {"ensure_future", a_ensure_future, 0},
    {"gather", a_gather, 0},
    {"wait", a_wait, 0},
    {"wait_for", a_wait_for, 0},
    {"shield", a_shield, 0},
    {"as_completed", a_as_completed, 0},
    {"timeout", a_timeout, 0},
    {"timeout_at", a_timeout_at, 0},
    {"current_task", a_current_task, 0},
    {"all_tasks", a_all_tasks, 0},
    {"iscoroutine", a_iscoroutine, 0},
    {"get_running_loop", a_get_running_loop, 0},
    {"new_event_loop", a_new_event_loop, 0},
    {"set_event_loop", a_set_event_loop, 0},
    {"get_event_loop", a_get_event_loop, 0},
    {"isfuture", a_isfuture, 0},
    {"to_thread", aio__to_thread, 0},
    {"run_coroutine_threadsafe", aio__run_coroutine_threadsafe, 0},
    {"wrap_future", aio__wrap_future, 0},
    {NULL, NULL, 0},
};

static py_type *const g_types[] = {&aio_future_type, &aio_task_type, &aio_iter_type,
                                    &aio_op_type, &aio_loop_type, &aio_ac_type,
                                    &aio_handle_type, &aio_timeout_type, NULL};
static bool g_ready;

int lang__asyncio_fill(lang_interp *ip, py_obj *d) {
  (void)ip;
  if (!g_ready) {
    for (py_type *const *t = g_types; *t; t++)
      if (py__type_ready(*t) < 0) return -1;
    for (py_type *const *t = aio__sync_types; *t; t++)
      if (py__type_ready(*t) < 0) return -1;
    g_ready = true;
  }
  aio__agen_hooks_install(true);
  py_obj *modname = py_str_from_cstr("asyncio");
  if (!modname) return -1;
  for (const py_method_def *m = asyncio_defs; m->name; m++) {
    py_obj *f = py_cfunction_new(m, NULL, modname);
    if (!f) { py_decref(modname); return -1; }
    int rc = py_dict_set_str(d, m->name, f);
    py_decref(f);
    if (rc < 0) { py_decref(modname); return -1; }
  }
  py_decref(modname);
  static const struct { const char *name; py_type *t; } types[] = {
      {"CancelledError", &py_exc_CancelledError},
      {"InvalidStateError", &py_exc_InvalidStateError},
      {"TimeoutError", &py_exc_TimeoutError},
      {"Task", &aio_task_type},
      {"Future", &aio_future_type},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (py_dict_set_str(d, types[i].name, &types[i].t->ob) < 0) return -1;
  if (aio__sync_fill(d) < 0) return -1;
  static const char *const consts[] = {"ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"};
  for (size_t i = 0; i < 3; i++) {
    py_obj *v = py_str_from_cstr(consts[i]);
    if (!v || py_dict_set_str(d, consts[i], v) < 0) { py_xdecref(v); return -1; }
    py_decref(v);
  }
  return 0;
}

void lang__asyncio_fini(void) {
  aio__agen_hooks_install(false);
  aio__sync_fini();
  PY_CLEAR(g_base_exc);
  g_deadlocked = false;
  if (g_ready) {
    for (py_type *const *t = g_types; *t; t++) {
      py__type_fini(*t);
      (*t)->flags &= ~(uint32_t)PY_TF_READY;
    }
    for (py_type *const *t = aio__sync_types; *t; t++) {
      py__type_fini(*t);
      (*t)->flags &= ~(uint32_t)PY_TF_READY;
    }
    g_ready = false;
  }
  rt_free(g_tasks);
  g_tasks = NULL;
  g_nnull = 0;
  g_iterating = 0;
  rt_free(g_loops);
  g_loops = NULL;
  g_nloops = g_caploops = 0;
  g_set_called = false;
  g_ntasks = g_captasks = 0;
  g_cur_task = NULL;
  g_loop = NULL;
}

/* ------------------------------------ for mod_asyncio_threads.c */

py_obj *aio__fut_wrap(rt_future *rf) { return fut_wrap(rf); }
py_obj *aio__task_new(rt_loop *loop, py_obj *coro, const char *name) {
  return task_new(loop, coro, name);
}
void aio__report_callback_error(py_obj *fn) { aio__callback_failed(fn, NULL, NULL); }
rt_loop *aio__loop_rt(py_obj *o) {
  if (o->type != &aio_loop_type) {
    py_err_set_str(&py_exc_TypeError, "loop must be an event loop");
    return NULL;
  }
  if (((aio_loop *)o)->closed) {
    loop_closed_error();
    return NULL;
  }
  return ((aio_loop *)o)->loop;
}
