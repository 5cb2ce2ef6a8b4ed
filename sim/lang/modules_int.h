/* modules_int.h: what the C modules of the threads issue share to build themselves (threading, concurrent.futures, functools, asyncio's thread calls). */
#ifndef SIM_LANG_MODULES_INT_H
#define SIM_LANG_MODULES_INT_H

#include "threads_int.h"

#define MOD_ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames

/* d[name] = a builtin function for each def (defs NULL-terminated; static),
 * its __module__ modname. 0, or -1 with an exception. */
int lang__mod_add_functions(py_obj *d, const py_method_def *defs, const char *modname);
/* Ready a static type once per interpreter (lang__mod_fini undoes it).
 * 0 or -1. */
int lang__mod_ready(py_type *t);
/* Ready each static type (once per interpreter; lang__mod_fini undoes it)
 * and set d[type name] = type. types is NULL-terminated. 0 or -1. */
int lang__mod_add_types(py_obj *d, py_type *const *types);
/* d[name] = a new class name(base) of module `module` (an exception class,
 * say). Returns the class (borrowed: d owns it), or NULL. */
py_type *lang__mod_add_class(py_obj *d, const char *name, const char *module, py_type *base);
/* The modules' end (lang_interp_free, before the object layer goes):
 * executors freed, classes forgotten, types un-readied. */
void lang__mod_fini(void);

/* A timeout argument: None or absent -> -1 (none); a number -> itself
 * (negatives as given: callers decide). 0 or -1 (TypeError). */
int lang__mod_timeout(py_obj *o, double *out);
/* The single optional argument `timeout` of wait(timeout=None) and its
 * kind: *out -1 for None (or absent), else the timeout, negatives as 0.
 * 0 or -1 with an exception. */
int lang__mod_timeout_arg(const char *fname, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kwnames, double *out);
/* The single optional integer argument `n` (default 1) of notify(n) and
 * release(n). 0 or -1. */
int lang__mod_count_arg(const char *fname, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames,
                        int64_t *out);
/* The value of keyword `name` among the kwnames of a call, or NULL. */
py_obj *lang__mod_kwarg(py_obj *const *args, py_ssize_t nargs, py_obj *kwnames, const char *name);
/* f(*args, **kwargs) with args a tuple (or any sequence) and kwargs a dict
 * or NULL / None. */
py_obj *lang__mod_call(py_obj *f, py_obj *args, py_obj *kwargs);

#endif /* SIM_LANG_MODULES_INT_H */
