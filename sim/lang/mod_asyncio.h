/* mod_asyncio.h: the asyncio module of the lesson language (its filler and teardown), bound to the runtime. */
#ifndef SIM_LANG_MOD_ASYNCIO_H
#define SIM_LANG_MOD_ASYNCIO_H

#include "eval_int.h"

/* Fill a fresh `asyncio` module's dict (the module table calls it). */
int lang__asyncio_fill(lang_interp *ip, py_obj *dict);
/* Fill the `signal` module (virtual signals: raise_signal reaches a loop's
 * add_signal_handler the way CPython's self-pipe does). */
int lang__signal_fill(lang_interp *ip, py_obj *dict);
/* Drop what the module keeps between runs (its static types); called by
 * lang_interp_free before the object layer shuts down. */
void lang__asyncio_fini(void);

#endif /* SIM_LANG_MOD_ASYNCIO_H */
