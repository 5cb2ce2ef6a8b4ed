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
  struct aio_fut *waiting_on;     /* the future this task awaits (borrowed), or NULL */
  bool waiting_ref;               /* ... owned: it was closed while awaiting it */
  bool unwound;                   /* its hosted coroutine was closed pending */
  py_obj *close_exc;              /* ... and what the closing raised (not
                                     GeneratorExit), for close() to raise */
  bool op_waiting;                /* suspended in one of asyncio's coroutines on a
                                     future of its own (sleep, a lock, a queue) */
  size_t tidx;                    /* a task's slot in the live-task table */
  struct task_host *host;         /* while it hosts its coroutine (heap:
                                     its stack may be shared) */
  bool finishing;                 /* the body returned its outcome */
  bool gathering;                 /* a gather's outer future (_GatheringFuture) */
  py_obj *children;               /* ... and its children (a tuple), kept alive */
  void **cbs;                     /* callbacks not run yet, in order: a done
                                     callback's registration, or a waiting
                                     task tagged with bit 0 (its wakeup) */
  size_t ncbs, capcbs;
  void *cb_inline[2];             /* cbs' first room */
} aio_fut;

/* The coroutines of asyncio that suspend their task in the runtime
 * (sleep, wait, wait_for, as_completed's _wait_for_one): awaiting one
 * yields it to the task body, which performs it (op_perform) and stores
 * the outcome here for the iterator to return or raise. */
enum {
  OP_SLEEP, OP_WAIT, OP_WAIT_FOR, OP_AC_NEXT,
  OP_TO_THREAD, OP_SHUTDOWN_EXECUTOR,   /* mod_asyncio_threads.c's */
  OP_SOCK_RECV, OP_SOCK_SENDALL, OP_SOCK_ACCEPT, OP_SOCK_CONNECT, /* mod_asyncio_sock.c's */
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
  bool out_none;      /* __aenter__ of a lock: the value is None (async with ... as x) */
} aio_op;

extern py_type aio_task_type, aio_future_type, aio_iter_type, aio_op_type;

/* An event loop object (asyncio.run's, new_event_loop's, get_event_loop's). */
typedef struct aio_loop {
  py_obj ob;
  rt_loop *loop;
  bool closed;
  py_obj *sig_handlers;   /* dict: signal number -> (callback, args) */
  py_obj *exc_handler;    /* set_exception_handler's, or NULL (the default) */
  struct aio_agen_fin **agens;   /* async generators first run here (weak) */
  size_t nagens, capagens;
} aio_loop;

/* A Handle (call_soon) or TimerHandle (call_later / call_at). */
typedef struct aio_handle {
  py_obj ob;
  rt_handle *h;           /* NULL: never scheduled (a repr in a context) */
  py_obj *fn, *args;      /* dropped when cancelled, as CPython's */
  py_obj *when_obj;       /* a TimerHandle's when, as given; NULL: a Handle */
} aio_handle;
extern py_type aio_handle_type;

/* mod_asyncio.c */
extern const rt_value_ops aio__value_ops;     /* py_incref / py_decref */
aio_op *aio__op_new(int kind, const char *name);
/* Store an rt outcome in s: *o the value on RT_OK, else an exception. */
void aio__op_store(aio_op *s, int rc, void *o);
py_obj *aio__rt_error(int rc);                /* raise for an rt error code */

aio_loop *aio__loop_obj_of(rt_loop *rl);     /* NULL if none */
/* SystemExit / KeyboardInterrupt (taken over) leaves the running loop. */
void aio__base_exc_out(py_obj *e);

/* gather(*aws, return_exceptions=...): its _GatheringFuture, or NULL. */
py_obj *aio__gather(py_obj *const *aws, py_ssize_t n, bool return_exceptions);

/* mod_asyncio_agen.c: the async generator hooks. */
void aio__agen_hooks_install(bool on);
/* asyncio.run's shutdown_asyncgens step, an rt_task body (arg: aio_loop). */
int aio__shutdown_asyncgens_body(void *arg, void **out);

/* mod_asyncio_handle.c: handles, callback reprs, the exception handler. */
/* format_helpers._format_callback_source: "f(1, 'a') at x.py:3". */
int aio__put_callback_source(py_buf *b, py_obj *fn, py_obj *args);
py_obj *aio__callback_source(py_obj *fn, py_obj *args);
aio_handle *aio__handle_new(py_obj *fn, py_obj *args);   /* args: a tuple */
int aio__handle_call_soon(rt_loop *loop, aio_handle *h);  /* an rt code */
/* The callback fn(*args) raised (the current exception): "Exception in
 * callback ..." to the running loop's handler; handle NULL makes one for
 * the context; args NULL is (). */
void aio__callback_failed(py_obj *fn, py_obj *args, py_obj *handle);
/* A context dict {message, k1: v1, k2: v2} (NULL keys or values left out). */
py_obj *aio__context(const char *message, const char *k1, py_obj *v1, const char *k2, py_obj *v2);
/* loop.call_exception_handler(context) of rl's loop object (default
 * handler if none); never raises. */
void aio__call_exception_handler(rt_loop *rl, py_obj *context);
py_obj *aio__loop_call_soon(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_call_later(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_call_at(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_set_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_get_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_call_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_default_exception_handler(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);

/* mod_asyncio_sock.c: loop.sock_recv / sock_sendall / sock_accept /
 * sock_connect, and their ops' performer (kinds OP_SOCK_*). */
py_obj *aio__loop_sock_recv(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_sock_sendall(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_sock_accept(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
py_obj *aio__loop_sock_connect(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kw);
void aio__sock_perform(aio_op *s);

/* mod_asyncio_sync.c: Lock, Event, Condition, Semaphore, BoundedSemaphore,
 * Queue, LifoQueue, PriorityQueue, QueueFull, QueueEmpty. */
void aio__sync_perform(aio_op *s);            /* kinds >= OP_SYNC_FIRST */
int aio__sync_fill(py_obj *dict);
extern py_type *const aio__sync_types[];      /* NULL-terminated */
void aio__sync_fini(void);

#endif /* SIM_LANG_MOD_ASYNCIO_INT_H */
