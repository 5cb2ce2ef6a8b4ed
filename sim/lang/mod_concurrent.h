/* mod_concurrent.h: concurrent.futures (Future, ThreadPoolExecutor, wait, as_completed) on the runtime's rt_cfuture and rt_executor; what asyncio's thread calls use of it. */
#ifndef SIM_LANG_MOD_CONCURRENT_H
#define SIM_LANG_MOD_CONCURRENT_H

#include "modules_int.h"

/* Fill `concurrent`, `concurrent.futures`, `concurrent.futures.thread`
 * and `concurrent.futures.process` (the module table calls them). */
int lang__concurrent_fill(lang_interp *ip, py_obj *dict);
int lang__futures_fill(lang_interp *ip, py_obj *dict);
int lang__futures_thread_fill(lang_interp *ip, py_obj *dict);
int lang__futures_process_fill(lang_interp *ip, py_obj *dict);
/* Forget the module's classes (lang_interp_free). */
void lang__futures_fini(void);

/* A concurrent.futures.Future for cf (the reference is taken over), or
 * NULL (cf released). */
py_obj *lang__cfuture_wrap(rt_cfuture *cf);
/* The rt_cfuture of a concurrent.futures.Future (borrowed), or NULL. */
rt_cfuture *lang__cfuture_of(py_obj *o);
/* The rt_executor of a ThreadPoolExecutor (borrowed), or NULL. */
rt_executor *lang__executor_of(py_obj *o);

/* A job calling fn(*args, **kwargs) (kwargs may be NULL) on a worker:
 * lang__job_run is its rt_job_fn, lang__job_free its arg_free. NULL with
 * MemoryError. */
void *lang__job_new(py_obj *fn, py_obj *args, py_obj *kwargs);
int lang__job_run(void *job, void **out);
void lang__job_free(void *job);

/* The exception concurrent.futures raises for a cancelled future
 * (concurrent.futures.CancelledError): a new instance, or NULL. */
py_obj *lang__futures_cancelled_error(void);

#endif /* SIM_LANG_MOD_CONCURRENT_H */
