/* mod_functools.h: the functools module (partial, reduce, update_wrapper, wraps). */
#ifndef SIM_LANG_MOD_FUNCTOOLS_H
#define SIM_LANG_MOD_FUNCTOOLS_H

#include "modules_int.h"

/* Fill a fresh `functools` module's dict (the module table calls it). */
int lang__functools_fill(lang_interp *ip, py_obj *dict);

#endif /* SIM_LANG_MOD_FUNCTOOLS_H */
