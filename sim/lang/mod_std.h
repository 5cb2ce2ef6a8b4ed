/* mod_std.h: the standard-library modules of the lesson language other than asyncio (time, random, contextlib, socket).
 *
 * Each module lives in its own file (mod_time.c, mod_random.c,
 * mod_contextlib.c, mod_socket.c) and exports a filler for builtins.c's
 * module table: it fills a fresh module's dict and returns 0, or -1 with an
 * exception set. A module with static types readies them on its first fill
 * and drops them in its fini, which lang__builtins_types_fini calls before
 * the object layer shuts down.
 */
#ifndef SIM_LANG_MOD_STD_H
#define SIM_LANG_MOD_STD_H

#include "eval_int.h"

/* The platform whose clock the script reads: the interpreter's, or the
 * real one (coroscope-pyrun, --real-time). */
rt_platform *lang__platform(void);
/* Whether that platform is the real one (the real clock and sockets). */
bool lang__platform_is_real(void);
/* The clock of time.time(): the virtual clock (it starts at 0.0, as the
 * reference harness's does), or the real wall clock since the epoch. */
double lang__time_now(void);

/* A function table into a module's dict, the functions' __module__ being
 * modname. 0 or -1. (builtins.c) */
int lang__add_module_funcs(py_obj *dict, const py_method_def *defs, const char *modname);

int lang__time_fill(lang_interp *ip, py_obj *dict);
void lang__time_fini(void);

int lang__random_fill(lang_interp *ip, py_obj *dict);

int lang__contextlib_fill(lang_interp *ip, py_obj *dict);
void lang__contextlib_fini(void);

int lang__socket_fill(lang_interp *ip, py_obj *dict);
void lang__socket_fini(void);

#endif /* SIM_LANG_MOD_STD_H */
