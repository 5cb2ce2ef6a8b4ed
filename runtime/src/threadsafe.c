/* threadsafe.c: run_coroutine_threadsafe (CPython 3.11 tasks.py): submit a
 * coroutine to a loop running in another thread, get back a thread-side
 * future whose result() blocks. */
#include <string.h>

#include "ext_int.h"

/* What travels to the loop thread: the task to make, and the future to
 * report it to. */
typedef struct submit {
  rt_coro_fn fn;
  void *arg;
  rt_task_opts opts;
  char *name;          /* opts.name, copied */
  rt_cfuture *cf;      /* a reference */
  uint8_t consumed;    /* the callback ran (the task was made or failed) */
} submit;

/* The callback of run_coroutine_threadsafe, on the loop thread:
 * ensure_future(coro), then _chain_future(task, future). */
static void submit_cb(rt_loop *loop, void *arg) {
  submit *s = arg;
  s->consumed = 1;
  rt_task *t;
  int rc = rt_task_new(loop, s->fn, s->arg, &s->opts, &t);
  if (rc != RT_OK) {  /* if future.set_running_or_notify_cancel(): set_exception */
    rt__cfuture_fail(s->cf, rc);
    if (s->opts.arg_free) s->opts.arg_free(s->arg);
    return;
  }
  if (rt__chain_task_to_cfuture(t, s->cf) != RT_OK) rt__cfuture_fail(s->cf, RT_ENOMEM);
  rt_task_release(t);  /* the loop keeps it while it runs */
}

/* The handle goes: if it never ran (the loop closed first), whoever waits
 * on the future must not wait forever. */
static void submit_free(void *arg) {
  submit *s = arg;
  if (!s->consumed) {
    rt__cfuture_fail(s->cf, RT_ECLOSED);
    if (s->opts.arg_free) s->opts.arg_free(s->arg);
  }
  rt_cfuture_release(s->cf);
  rt_free(s->name);
  rt_free(s);
}

int rt_run_coroutine_threadsafe(rt_loop *loop, rt_coro_fn fn, void *arg, const rt_task_opts *opts,
                                rt_cfuture **out) {
  submit *s = rt_calloc(1, sizeof *s);
  if (!s) return RT_ENOMEM;
  s->fn = fn;
  s->arg = arg;
  if (opts) s->opts = *opts;
  int rc = RT_ENOMEM;
  if (opts && opts->name) {
    size_t len = strlen(opts->name) + 1;
    if (!(s->name = rt_malloc(len))) goto fail;
    memcpy(s->name, opts->name, len);
    s->opts.name = s->name;
  }
  /* loop->p and loop->ops never change after rt_loop_new: safe to read
   * from this thread. */
  if ((rc = rt__cfuture_new(loop->p, &loop->ops, RT_WAIT_THREADSAFE, 0, &s->cf)) != RT_OK)
    goto fail;
  rt_cfuture *cf = s->cf;
  rt_cfuture_retain(cf);  /* the caller's */
  rc = rt_call_soon_threadsafe(loop, submit_cb, s, submit_free);
  if (rc != RT_OK) {  /* submit_free did not run */
    rt_cfuture_release(cf);
    goto fail;
  }
  *out = cf;
  return RT_OK;
fail:
  rt_cfuture_release(s->cf);
  rt_free(s->name);
  rt_free(s);
  return rc;
}
