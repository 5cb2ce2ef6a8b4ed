/* mod_asyncio_int.h: what the asyncio module's files share: futures, tasks and the awaitable ops the task body performs. */
#ifndef SIM_LANG_MOD_ASYNCIO_INT_H
#define SIM_LANG_MOD_ASYNCIO_INT_H

#include "mod_asyncio.h"

typedef struct aio_fut {
  py_obj ob;
  rt_future *fut;
  rt_task *task;                  /* NULL: a plain Future */
  py_obj *coro;                   /* a Task's coroutine */
  bool body_ref;                  /* the body still holds a reference to us */
  bool started;                   /* the body has run */
  bool cancel_watch;              /* cancelled_unstarted is registered */
  int nwaiters;                   /* tasks suspended awaiting this future */
  struct aio_fut *waiting_on;     /* the future this task awaits (borrowed), or NULL */
  bool waiting_sleep;             /* this task is in asyncio.sleep */
  size_t tidx;                    /* a task's slot in the live-task table */
  bool finishing;                 /* the body returned its outcome */
  bool gathering;                 /* a gather's outer future (_GatheringFuture) */
  struct cb_reg **cbs;            /* add_done_callback registrations not run yet */
  size_t ncbs, capcbs;
} aio_fut;

/* The coroutines of asyncio that suspend their task in the runtime
 * (sleep, wait, wait_for, as_completed's _wait_for_one): awaiting one
 * yields it to the task body, which performs it (op_perform) and stores
 * the outcome here for the iterator to return or raise. */
enum {
  OP_SLEEP, OP_WAIT, OP_WAIT_FOR, OP_AC_NEXT,
  OP_DONE,            /* already has its outcome: awaiting it never suspends */
  OP_SYNC_FIRST,      /* mod_asyncio_sync.c's kinds from here on */
  OP_LOCK_ACQUIRE = OP_SYNC_FIRST, OP_EVENT_WAIT, OP_COND_WAIT, OP_COND_WAIT_FOR,
  OP_SEM_ACQUIRE, OP_Q_PUT, OP_Q_GET, OP_Q_JOIN,
};
typedef struct aio_op {
  py_obj ob;
  int kind;
  const char *name;   /* the coroutine's name (repr, never-awaited warning) */
  double delay;       /* sleep's delay; wait's and wait_for's timeout */
  py_obj *result;     /* sleep: result; wait: list of futures; wait_for: the
                         future; as_completed: the iterator object */
  int return_when;
  py_obj *out;        /* the outcome: a value ... */
  py_obj *exc;        /* ... or an exception */
  py_obj *target;     /* sync ops: the Lock / Event / ... / Queue object */
  bool used;
} aio_op;

extern py_type aio_task_type, aio_future_type, aio_iter_type, aio_op_type;

/* mod_asyncio.c */
extern const rt_value_ops aio__value_ops;     /* py_incref / py_decref */
aio_op *aio__op_new(int kind, const char *name);
/* Store an rt outcome in s: *o the value on RT_OK, else an exception. */
void aio__op_store(aio_op *s, int rc, void *o);
py_obj *aio__rt_error(int rc);                /* raise for an rt error code */

/* mod_asyncio_sync.c: Lock, Event, Condition, Semaphore, BoundedSemaphore,
 * Queue, LifoQueue, PriorityQueue, QueueFull, QueueEmpty. */
void aio__sync_perform(aio_op *s);            /* kinds >= OP_SYNC_FIRST */
int aio__sync_fill(py_obj *dict);
extern py_type *const aio__sync_types[];      /* NULL-terminated */
void aio__sync_fini(void);

#endif /* SIM_LANG_MOD_ASYNCIO_INT_H */
