/* mod_threading.h: the threading module (mod_threading.c: threads; mod_threading_sync.c: its locks). */
#ifndef SIM_LANG_MOD_THREADING_H
#define SIM_LANG_MOD_THREADING_H

#include "modules_int.h"

/* Fill a fresh `threading` module's dict (the module table calls it). */
int lang__threading_fill(lang_interp *ip, py_obj *dict);
/* threading.current_thread(): new reference, or NULL. */
py_obj *lang__threading_current(void);
/* Lock, RLock, Event, Condition, Semaphore, BoundedSemaphore into dict. */
int lang__threading_sync_fill(py_obj *dict);

#endif /* SIM_LANG_MOD_THREADING_H */
