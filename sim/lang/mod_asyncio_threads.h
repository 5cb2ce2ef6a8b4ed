/* mod_asyncio_threads.h: asyncio's calls across threads (to_thread, run_in_executor, run_coroutine_threadsafe, call_soon_threadsafe, wrap_future, shutdown_default_executor), and what they need of mod_asyncio.c. */
#ifndef SIM_LANG_MOD_ASYNCIO_THREADS_H
#define SIM_LANG_MOD_ASYNCIO_THREADS_H

#include "mod_asyncio_int.h"

/* ---- mod_asyncio_threads.c: the module's functions and loop methods
 * (mod_asyncio.c lists them in its tables) */
py_obj *aio__to_thread(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames);
py_obj *aio__run_coroutine_threadsafe(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                                      py_obj *kwnames);
py_obj *aio__wrap_future(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames);
py_obj *aio__loop_run_in_executor(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                                  py_obj *kwnames);
py_obj *aio__loop_call_soon_threadsafe(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                                       py_obj *kwnames);
py_obj *aio__loop_shutdown_default_executor(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                                            py_obj *kwnames);
/* op_perform for OP_TO_THREAD and OP_SHUTDOWN_EXECUTOR (in a task). */
void aio__threads_perform(aio_op *s);
/* Release what chains never completed hold (lang_interp_free). */
void aio__threads_fini(void);
/* asyncio.run's shutdown_default_executor step, as an rt_task body. */
int aio__shutdown_executor_body(void *arg, void **out);

/* ---- mod_asyncio.c: what the calls above use of it */
/* An asyncio.Future over rf (the reference is taken over), or NULL. */
py_obj *aio__fut_wrap(rt_future *rf);
/* A Task running coro on loop, as loop.create_task(coro). */
py_obj *aio__task_new(rt_loop *loop, py_obj *coro, const char *name);
/* The rt_loop of a loop object: NULL with TypeError (not a loop) or
 * RuntimeError "Event loop is closed". */
rt_loop *aio__loop_rt(py_obj *loop);
/* asyncio's default exception handler for a callback fn that raised (the
 * exception is the current one). */
void aio__report_callback_error(py_obj *fn);

#endif /* SIM_LANG_MOD_ASYNCIO_THREADS_H */
