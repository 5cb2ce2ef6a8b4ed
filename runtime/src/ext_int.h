/* ext_int.h: what the runtime's extensions share privately: combinators
 * (gather.c), sync objects (sync.c), queues (queue.c), the executor and
 * thread-side futures (pool.c, threadsafe.c), I/O readiness (io.c).
 *
 * ======================================================================
 * Invariants, in the manner of rt_int.h's essay (read that one first).
 * ======================================================================
 *
 * Waiting. Every suspension here follows asyncio's pattern: a fresh plain
 * waiter future goes on a list (an rt__flist, which holds a reference to
 * each future on it), the task awaits it, and afterwards the waiter leaves
 * the list itself (locks, events, conditions: the `finally:
 * self._waiters.remove(fut)` of locks.py) or finds that the waker popped
 * it (queues: _wakeup_next). The code after the await still needs the
 * future (was it cancelled?), so it keeps a reference, but never on the
 * suspended stack alone: rt_loop_free drops suspended stacks without
 * unwinding them (rt_int.h). The reference (or, for wait and wait_for, a
 * state struct) is parked on the task in t->sleep_timer as an unscheduled
 * handle whose free_cb releases it (rt__hold); loop close releases that
 * handle with the task, the normal path takes it back (rt__unhold). A task
 * is in at most one waiting call at a time, so the slot rt_sleep uses for
 * its timer is free while it waits here.
 *
 * Binding. Sync objects and queues are made without a loop and bound to
 * the running loop at their first wait (asyncio's _LoopBoundMixin). A
 * bound object counts in loop->objs (like a future), so the loop struct it
 * points to outlives it even after rt_loop_free; the object gives the
 * count back when freed. Unbound, its trace events carry the running loop
 * (or none).
 *
 * Callbacks. A done callback a combinator registers carries a reference
 * to the state it points to, dropped by the handle's free_cb (run when the
 * callback ran, was removed, or went with its future). So a callback that
 * was already scheduled when the combinator returned still finds its
 * state, as asyncio's closures keep their frames alive.
 *
 * Extended futures (rt__xfuture): a future with a vtable, rt_malloc'd on
 * its own (never pooled). rt_future_cancel and the last rt_future_release
 * dispatch to it when f->ext is set. gather's outer overrides cancel to
 * cancel its children instead (asyncio's _GatheringFuture).
 *
 * Threads (pool.c, threadsafe.c). Thread-side futures (rt_cfuture) are
 * locked by their own platform mutex and counted atomically; they may be
 * released on any thread. A loop future never is: a chain between a
 * cfuture and a loop future holds no reference to the loop future (the
 * loop future's done-callback registration keeps the chain alive and
 * clears its pointer when it goes, on the loop thread), and it reaches the
 * loop only through call_soon_threadsafe, under the cfuture's mutex, while
 * chain->loop is set; loop close clears chain->loop under that mutex
 * first, so no thread posts to a freed loop. Lock order: an executor's
 * mutex, then a cfuture's mutex, then a loop's ts_lock (a leaf).
 */
#ifndef EXT_INT_H
#define EXT_INT_H

#include "rt_int.h"

/* ------------------------------------------------------- waiter lists */

/* A deque of futures (asyncio's collections.deque of waiters); the list
 * holds a reference to each. v[head .. head+n). */
typedef struct rt__flist {
  rt_future **v;
  uint32_t head, n, cap;
} rt__flist;

/* Append f (retained). RT_OK or RT_ENOMEM. */
int rt__flist_push(rt__flist *l, rt_future *f);
/* Remove f if present (its reference released); true if it was. O(n). */
bool rt__flist_remove(rt__flist *l, rt_future *f);
/* Pop the first; the list's reference goes to the caller. l not empty. */
rt_future *rt__flist_popleft(rt__flist *l);
/* Release every future and the array. */
void rt__flist_clear(rt__flist *l);
static inline rt_future *rt__flist_at(const rt__flist *l, size_t i) {
  return l->v[l->head + i];
}

/* --------------------------------------------------- keep-alive on a task */

/* Park arg on task t while it waits: if the loop closes first, free_cb(arg)
 * runs. RT_OK or RT_ENOMEM (free_cb not run). */
int rt__hold(rt_task *t, rt_handle_free_cb free_cb, void *arg);
/* Take it back; run_free: run free_cb(arg) now, else not at all. */
void rt__unhold(rt_task *t, bool run_free);

/* --------------------------------------------------------- sync objects */

/* What every sync object and queue starts with. */
typedef struct rt__syncobj {
  uint32_t id;     /* from the futures' id counter */
  uint8_t kind;    /* rt_sync_kind */
  rt_loop *loop;   /* bound at the first wait (counted in loop->objs) */
} rt__syncobj;

/* A fresh object id. */
uint32_t rt__obj_id(void);
/* The loop an object's events carry. */
static inline rt_loop *rt__sync_loop(const rt__syncobj *o) {
  return o->loop ? o->loop : rt__tls_state.loop;
}
/* Check there is a current task and bind o to its loop. RT_OK,
 * RT_ENOTASK, RT_EINVAL (bound to another loop). */
int rt__sync_bind(rt__syncobj *o, rt_task **t);
/* Give back the loop count (when o is freed). */
void rt__sync_unbind(rt__syncobj *o);
/* The waiting pattern (see the essay): a new future labelled wait_kind is
 * appended to l, the current task (bound) awaits it. Returns rt_await's
 * code (RT_ECANCELLED: *msg the message, or released if msg is NULL).
 * *fut is the future, the caller's reference (still on l unless a waker
 * popped it), or NULL if the wait never started (RT_ENOMEM). */
int rt__wait_on(rt__syncobj *o, rt__flist *l, int role, int wait_kind,
                rt_future **fut, void **msg);
/* f leaves list l of o (if still there): SYNC_LEAVE. */
void rt__leave(rt__syncobj *o, rt__flist *l, rt_future *f, int role);

/* ---------------------------------------------------- extended futures */

typedef struct rt__future_vt {
  /* rt_future_cancel: same contract (true: msg taken). NULL: a plain
   * future's cancel. */
  bool (*cancel)(rt_future *f, void *msg);
  /* refs reached 0: release what the extension holds (the future's own
   * value and callbacks go afterwards). */
  void (*fini)(rt_future *f);
} rt__future_vt;

typedef struct rt__xfuture {
  rt_future f;  /* first */
  const rt__future_vt *vt;
} rt__xfuture;

/* A pending extended future of size bytes (>= sizeof(rt__xfuture), the
 * rest zeroed), one reference. RT_OK or RT_ENOMEM. */
int rt__xfuture_new(rt_loop *loop, int wait_kind, const rt__future_vt *vt,
                    size_t size, rt_future **out);
/* A plain future's cancel (rt_future_cancel without the dispatch). */
bool rt__future_cancel_plain(rt_future *f, void *msg);
/* A done future's outcome as Future.result() gives it: code and *out (a
 * new reference; out may be NULL); marks an exception retrieved. */
int rt__outcome(rt_future *f, void **out);

/* ------------------------------------------------------- loop extension */

struct rt__io;
struct rt__chain;

typedef struct rt__loop_ext {
  rt_executor *default_executor;   /* run_in_executor(NULL, ...) */
  uint8_t executor_shutdown_called;
  struct rt__chain *chains;        /* live cross-thread chains (pool.c) */
  struct rt__io *io;               /* io.c's descriptor table */
} rt__loop_ext;

/* loop->ext, made on first use; NULL on RT_ENOMEM. */
rt__loop_ext *rt__loop_ext_get(rt_loop *loop);
/* io.c: drop every watch and the table (loop close). */
void rt__io_close(rt_loop *loop);

/* ----------------------------------------------- thread-side futures */

/* rt_cfuture_new with what it reports (CFUTURE_NEW's rt_wait_kind) and
 * the executor it belongs to (0: none). */
int rt__cfuture_new(rt_platform *p, const rt_value_ops *ops, int what,
                    uint32_t exec_id, rt_cfuture **out);
/* Finish cf with a runtime error rc (RT_ENOMEM, RT_ECLOSED) unless it was
 * cancelled: set_running_or_notify_cancel, then FINISHED with rc. */
void rt__cfuture_fail(rt_cfuture *cf, int rc);
/* run_coroutine_threadsafe's chain: t's outcome goes to cf; cancelling cf
 * cancels t through call_soon_threadsafe. Loop thread. RT_OK or
 * RT_ENOMEM. */
int rt__chain_task_to_cfuture(rt_task *t, rt_cfuture *cf);
/* Emit a thread-side event with the platform's clock (any thread). */
void rt__trace_thread(rt_platform *p, int kind, int64_t a0, int64_t a1,
                      int64_t a2, int64_t a3);

#endif /* EXT_INT_H */
