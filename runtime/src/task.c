/* task.c: tasks: a body on its own coroutine, stepped by the loop exactly
 * as asyncio's Task.__step / __wakeup; cancellation with asyncio 3.11's
 * rules; await, bare yield and sleep. */
#include <string.h>

#include "ctx_int.h"
#include "rt_int.h"

/* asyncio's _task_name_counter: advances only for tasks created without a
 * name (and only when creation succeeds). */
_Atomic uint32_t rt__next_task_name = 1;  /* rt_reset_ids restarts it */

/* "Task-<n>" into buf (16 bytes): rt_task_name formats a default name
 * only when it is first asked for. A task that nobody names costs a number
 * (the trace carries it, and the overflow handler formats it itself). */
static void format_default_name(char *buf, uint32_t n) {
  char tmp[10];
  uint32_t len = 0;
  do tmp[len++] = (char)('0' + n % 10);
  while ((n /= 10) != 0);
  memcpy(buf, "Task-", 5);
  for (uint32_t i = 0; i < len; i++) buf[5 + i] = tmp[len - 1 - i];
  buf[5 + len] = '\0';
}

/* More free task structs: a slab of 16, 32, ... 256. RT_OK or RT_ENOMEM. */
static int task_pool_grow(rt_loop *loop) {
  size_t n = loop->task_slab_next ? loop->task_slab_next : 16;
  rt__task_slab *s = rt_malloc(sizeof *s + n * sizeof(rt_task));
  if (!s) return RT_ENOMEM;
  s->next = loop->task_slabs;
  loop->task_slabs = s;
  for (size_t i = 0; i < n; i++) {
    memset(s->t[i].hint, 0, sizeof s->t[i].hint);  /* (rt_task_new keeps them) */
    s->t[i].next = loop->task_pool;
    loop->task_pool = &s->t[i];
  }
  loop->task_slab_next = n < 256 ? n * 2 : 256;
  return RT_OK;
}

/* Store a copy of name in t (inline when short). RT_OK or RT_ENOMEM (then
 * t's name is unchanged). */
static int name_copy(rt_task *t, const char *name) {
  size_t len = strlen(name) + 1;
  char *dst = t->name_buf;
  if (len > sizeof t->name_buf) {
    dst = rt_malloc(len);
    if (!dst) return RT_ENOMEM;
  }
  if (t->name && t->name != t->name_buf && t->name != dst) rt_free(t->name);
  memcpy(dst, name, len);
  t->name = dst;
  return RT_OK;
}

/* Out of line: the address of out must not escape from task_entry, or the
 * compiler could not make its last call a tail call. */
__attribute__((noinline)) static void run_body(rt_task *t) {
  void *out = NULL;
  int rc = t->fn(t->arg, &out);
  t->xrc = rc;
  t->xval = out;
}

/* A worker coroutine's entry, at a task's first step (rt__task_run
 * restarts the coroutine there): run the body and leave for good; the
 * loop finishes the task as soon as we are gone (rt__task_after_step),
 * on its own stack, and parks the coroutine (to be restarted for a later
 * task) or frees it. If the body never suspended, no call is pending on
 * this side, so the way back ends with a predicted ret (rt__coro_exit). */
static void task_entry(void *arg) {
  rt_coro *c = arg;
  rt_task *t = rt__tls_state.task;  /* set by the step that resumed us */
  run_body(t);
  bool balanced = t->steps == 1;
  rt_loop *loop = t->fut.loop;
  loop->ended = t;
  loop->ended_how = RT__END_DONE;
  rt__coro_exit(c, balanced);  /* a tail call: it does not return */
}

/* A worker coroutine for a new task. With few tasks pending each has a
 * stack of its own (a switch is a switch, nothing copied). With many, the
 * new ones share the loop's one stack (coro.c): a suspended task then
 * costs the ~1.1 KiB its frames use instead of a stack page, and every
 * step runs on a stack hot in the cache, where with a hundred thousand
 * tasks each step began on a cold page of its own (a page fault the
 * first time, cache and TLB misses after). */
static int new_worker(rt_loop *loop, size_t stack, rt_coro **out) {
  if (loop->ntasks >= loop->share_from) {
    int rc = loop->shared ? RT_OK : rt__shared_new(stack, &loop->shared);
    if (rc == RT_ENOMEM) return rc;
    if (rc == RT_OK && rt__shared_size(loop->shared) >= stack) {
      loop->prefetch_more = 1;
      return rt__coro_new_shared(loop->shared, out);
    }
  }
  return rt_coro_new(task_entry, NULL, stack, NULL, out);
}

/* Create a task and schedule its first step with call_soon (asyncio's
 * Task.__init__). Every allocation happens here (struct, long name,
 * coroutine and stack, room in the ready ring), so once this returns RT_OK
 * the task can run to its end without allocating, and if it fails fn never
 * runs, arg_free is not called and arg is still the caller's. RT_OK,
 * RT_ENOMEM, RT_ECLOSED. The caller holds one reference; the loop holds
 * another until the task is done. The task's id is its future's id. */
int rt_task_new(rt_loop *loop, rt_coro_fn fn, void *arg, const rt_task_opts *opts,
                rt_task **out) {
  if (loop->closed) return RT_ECLOSED;
  const char *name = opts ? opts->name : NULL;
  size_t stack = opts && opts->stack_size ? opts->stack_size : RT_STACK_DEFAULT;
  if (RT__UNLIKELY(!loop->task_pool) && task_pool_grow(loop) != RT_OK) return RT_ENOMEM;
  rt_task *t = loop->task_pool;
  loop->task_pool = t->next;
  t->name = NULL;
  t->coro = NULL;
  int parkable = stack == RT_STACK_DEFAULT;
  if (name && name_copy(t, name) != RT_OK) goto fail;
  if (rt__ring_reserve(loop, 1) != RT_OK) goto fail;
  if (parkable && loop->npark) {
    t->coro = loop->park[--loop->npark];
  } else if (new_worker(loop, stack, &t->coro) != RT_OK) {
    loop->ring_need--;
    goto fail;
  }
  /* Nothing fails from here on. */
  uint32_t name_no = 0;
  if (!name) name_no = rt__counter_next32(&rt__next_task_name);
  t->name_no = name_no;  /* t->name stays NULL: formatted when asked for */
  t->fn = fn;
  t->arg = arg;
  t->arg_free = opts ? opts->arg_free : NULL;
  t->waiter = t->awaited = t->wake_fut = NULL;
  /* t->hint may hold a former task's: only ever prefetched, harmless */
  t->sleep_timer = NULL;
  t->cancel_msg = t->xval = t->unwound_val = NULL;
  t->xrc = 0;
  t->ncancels = 0;
  t->steps = 0;
  t->flags = parkable ? RT__TS_PARKABLE : 0;
  t->prev = NULL;
  loop->ntasks++;
  t->next = loop->tasks;
  if (loop->tasks) loop->tasks->prev = t;
  loop->tasks = t;
  rt__future_init(&t->fut, loop, RT_WAIT_TASK);
  t->fut.is_task = 1;
  t->fut.refs = 2;  /* the caller's and the loop's */
  RT__TRACE(loop, RT_EV_TASK_CREATED, t->fut.id, name ? rt_intern(name) : 0,
            rt__current_task_id(), name_no);
  t->hid = ++loop->handle_seq;
  rt__ring_push(loop, rt__task_entry(t));
  if (RT__UNLIKELY(rt__tracing()))
    rt__task_entry_trace(loop, RT_EV_HANDLE_SCHEDULED, t);
  *out = t;
  return RT_OK;
fail:
  if (t->name && t->name != t->name_buf) rt_free(t->name);
  t->next = loop->task_pool;
  loop->task_pool = t;
  return RT_ENOMEM;
}

void rt_task_retain(rt_task *t) { t->fut.refs++; }
void rt_task_release(rt_task *t) {
  if (t && --t->fut.refs == 0) rt__task_free(t);
}
rt_future *rt_task_future(rt_task *t) { return &t->fut; }
rt_task *rt_task_of(rt_future *f) { return f && f->is_task ? (rt_task *)f : NULL; }
uint32_t rt_task_id(const rt_task *t) { return t->fut.id; }
/* The name; a default one is formatted into the task at the first call. */
const char *rt_task_name(const rt_task *ct) {
  rt_task *t = (rt_task *)ct;  /* a cache: the name does not change */
  if (RT__UNLIKELY(!t->name)) {
    format_default_name(t->name_buf, t->name_no);
    t->name = t->name_buf;
  }
  return t->name;
}

/* Rename (copied). RT_OK or RT_ENOMEM (the old name stays). */
int rt_task_set_name(rt_task *t, const char *name) {
  int rc = name_copy(t, name);
  if (rc == RT_OK) {
    t->name_no = 0;
    /* A started task's coroutine borrowed the old name, which name_copy
     * may have freed: lend it the new one (before any overflow could read
     * the old one: nothing ran in between). */
    if (t->coro && (t->flags & RT__TS_STARTED)) rt__coro_borrow_name(t->coro, t->name, 0);
    RT__TRACE(t->fut.loop, RT_EV_TASK_RENAMED, t->fut.id, rt_intern(t->name), 0, 0);
  }
  return rc;
}

int rt_task_cancelling(const rt_task *t) { return t->ncancels; }

void rt_task_hint(rt_task *t, unsigned i, const void *p) {
  if (i < RT_TASK_HINTS) t->hint[i] = p;
  t->fut.loop->prefetch_more = 1;
}

rt_future *rt_task_waiter(const rt_task *t) { return t->waiter; }

/* asyncio 3.11's uncancel: one request fewer (not below 0); returns the
 * count left. It does not clear a pending request for the next step. */
int rt_task_uncancel(rt_task *t) {
  if (t->ncancels > 0) t->ncancels--;
  return t->ncancels;
}

rt_task *rt_task_current(void) { return rt__tls_state.task; }

/* ----------------------------------------------------------- stepping */

/* Completion: asyncio's StopIteration / CancelledError / exception arms
 * of __step, and the end of the task's last step. On the loop's side: for
 * a task whose body returned, once its coroutine has left for good; for a
 * task thrown into before it ever started, instead of its first step. The
 * coroutine is parked for the next task, or freed. */
static inline __attribute__((always_inline)) void finish(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  rt_coro *c = t->coro;
  int parkable = t->flags & RT__TS_PARKABLE;
  int rc = t->xrc;
  void *v = t->xval;
  t->xrc = 0;
  t->xval = NULL;
  int state;
  if (rc == RT_OK) {
    if (t->flags & RT__TS_MUST_CANCEL) {  /* cancelled right before it ended */
      t->flags &= ~(uint32_t)RT__TS_MUST_CANCEL;
      rt__val_release(loop, v);
      v = t->cancel_msg;
      rt__val_retain(loop, v);
      state = RT_FUT_CANCELLED;
    } else {
      state = RT_FUT_RESULT;
    }
  } else if (rc == RT_ECANCELLED) {
    state = RT_FUT_CANCELLED;
  } else {
    state = RT_FUT_EXCEPTION;  /* RT_ERAISED, or any other error code */
  }
  t->coro = NULL;
  loop->ntasks--;
  if (t->prev) t->prev->next = t->next;
  else loop->tasks = t->next;
  if (t->next) t->next->prev = t->prev;
  t->prev = t->next = NULL;
  loop->ring_need--;
  RT__TRACE(loop, RT_EV_TASK_DONE, t->fut.id, state, t->steps, 0);
  if (RT__LIKELY(t->fut.ncbs == 0) && !rt__tracing()) {  /* nobody to tell */
    t->fut.state = (uint8_t)state;
    t->fut.value = v;
  } else {
    rt__future_complete(&t->fut, state, v);
  }
  RT__TRACE(loop, RT_EV_TASK_STEP_END, t->fut.id, t->steps, 2, 0);
  rt__tls_state.task = NULL;
  if (--t->fut.refs == 0) rt__task_free(t);  /* the loop's reference */
  if (parkable && loop->npark < RT__PARK_MAX && !loop->closed) loop->park[loop->npark++] = c;
  else rt_coro_free(c);
}

/* The end of a step that suspends at a bare yield, on the task's side just
 * before it switches back: the next step goes to the back of the ready
 * queue. */
static void end_step_yield(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  t->hid = ++loop->handle_seq;
  rt__ring_push(loop, rt__task_entry(t));
  if (RT__UNLIKELY(rt__tracing())) {
    /* Traced, the loop emits this step's last events (SUSPENDED, the next
     * step's HANDLE_SCHEDULED, STEP_END) as soon as we have switched back
     * (rt__task_after_step): nothing happens in between, so the trace is
     * the same. Emitted here they would run deeper on this task's stack
     * than its step otherwise reaches, on lines cold in the cache when
     * many tasks take turns: a miss or two per step, several times what
     * the events themselves cost. */
    loop->ended = t;
    loop->ended_how = RT__END_YIELD;
    return;
  }
  rt__tls_state.task = NULL;
}

/* The end of a step that suspends awaiting t->waiter (registered). */
static void await_end(rt_loop *loop, rt_task *t) {
  rt_future *w = t->waiter;
  RT__TRACE(loop, RT_EV_TASK_SUSPENDED, w->id, w->wait_kind, t->fut.id, 0);
  if (t->flags & RT__TS_MUST_CANCEL) {
    /* cancel() came during this step: pass it on to what we now await */
    rt__val_retain(loop, t->cancel_msg);
    if (rt_future_cancel(w, t->cancel_msg)) t->flags &= ~(uint32_t)RT__TS_MUST_CANCEL;
    else rt__val_release(loop, t->cancel_msg);
  }
  RT__TRACE(loop, RT_EV_TASK_STEP_END, t->fut.id, t->steps, 1, 0);
  rt__tls_state.task = NULL;
}

/* In iterate, right after a step switched back, when it left the end of
 * the step to the loop's side (loop->ended): a finished task (always), or
 * when tracing, the last events of a bare yield or an await, for the
 * reason end_step_yield gives. The current task is still t until then. */
void rt__task_after_step(rt_loop *loop) {
  rt_task *t = loop->ended;
  loop->ended = NULL;
  if (RT__LIKELY(loop->ended_how == RT__END_DONE)) {
    finish(t);
    return;
  }
  switch (loop->ended_how) {
  case RT__END_YIELD:
    RT__TRACE(loop, RT_EV_TASK_SUSPENDED, 0, RT_WAIT_YIELD, t->fut.id, 0);
    rt__task_entry_trace(loop, RT_EV_HANDLE_SCHEDULED, t);
    RT__TRACE(loop, RT_EV_TASK_STEP_END, t->fut.id, t->steps, 0, 0);
    rt__tls_state.task = NULL;
    break;
  default:  /* RT__END_AWAIT */
    await_end(loop, t);
    break;
  }
}

/* The end of a step that suspends awaiting t->waiter (registered), on the
 * task's side just before it switches back (traced: left to the loop, as
 * in end_step_yield). */
static void end_step_await(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  if (RT__UNLIKELY(rt__tracing())) {
    loop->ended = t;
    loop->ended_how = RT__END_AWAIT;
    return;
  }
  await_end(loop, t);
}

/* What a step throws in when it is not a plain step: asyncio's
 * __wakeup(future) turns the future's outcome into it, and a pending
 * cancel() overrides it. Left in t->xrc / t->xval. Out of line: the common
 * step needs none of it (and so fewer registers). */
__attribute__((noinline)) static void step_throw_in(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  /* A plain step may carry an error set by the body before it yielded
   * (awaiting itself); normally 0/NULL. */
  int rc = t->xrc;
  void *v = t->xval;
  rt_future *f = t->wake_fut;
  if (f) {
    t->wake_fut = NULL;
    if (f->state == RT_FUT_CANCELLED) {
      rc = RT_ECANCELLED;
    } else if (f->state == RT_FUT_EXCEPTION) {
      rc = RT_ERAISED;
      f->retrieved = 1;  /* future.result() raised it */
    }
    if (rc) {
      v = f->value;
      rt__val_retain(loop, v);
    }
    rt_future_release(f);  /* the entry's reference; t->waiter still holds f */
  }
  if (t->flags & RT__TS_MUST_CANCEL) {
    if (rc != RT_ECANCELLED) {
      rt__val_release(loop, v);
      rc = RT_ECANCELLED;
      v = t->cancel_msg;
      rt__val_retain(loop, v);
    }
    t->flags &= ~(uint32_t)RT__TS_MUST_CANCEL;
  }
  t->xrc = rc;
  t->xval = v;
}

/* Thrown into a body that never started: it never runs. */
__attribute__((noinline, cold)) static void finish_unstarted(rt_task *t) { finish(t); }

/* A step of a task whose body was unwound (rt_task_unwind) and has
 * returned: it ends now, with what the body returned then (as asyncio's
 * step of a task whose coroutine was closed ends with what sending into
 * it raises). What the step would throw in is dropped, and so is the
 * future the task was left waiting on. */
__attribute__((noinline, cold)) static void finish_unwound(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  if (t->awaited) {
    rt_future_release(t->awaited);
    t->awaited = NULL;
  }
  rt__val_release(loop, t->xval);
  t->xrc = t->unwound_rc;
  t->xval = t->unwound_val;
  t->unwound_val = NULL;
  finish(t);
}

/* A task's first step: the coroutine (maybe a parked one, or a fresh one)
 * starts afresh at task_entry, and borrows the task's name (or its number)
 * for the stack-overflow message. */
static void first_step(rt_task *t) {
  rt__coro_restart(t->coro, task_entry, t->coro);
  rt__coro_borrow_name(t->coro, t->name, t->name_no);
  t->flags |= RT__TS_STARTED;
}

/* A ready entry of t: asyncio's Task.__step(exc), or __wakeup(future)
 * which steps at once (no extra trip through the queue). This is the
 * loop's side of the step: it ends by resuming the coroutine (a tail call:
 * the switch back lands straight in iterate); the task's side does the
 * rest (end_step_yield, end_step_await, finish). */
void rt__task_run(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  if (RT__UNLIKELY(rt__tracing())) rt__task_entry_trace(loop, RT_EV_HANDLE_RUN, t);
  if (RT__UNLIKELY(t->wake_fut != NULL || (t->flags & RT__TS_MUST_CANCEL))) step_throw_in(t);
  rt__check(t->fut.state == RT_FUT_PENDING, "task step: the task is already done");
  t->awaited = t->waiter;  /* rt_await, resumed below, consumes it */
  t->waiter = NULL;
  t->steps++;
  /* The task's side sets the current task back to NULL at the end of the
   * step: a loop runs only where no step is running (enter()). */
  rt__check(rt__tls_state.task == NULL, "task step: another step is running");
  rt__tls_state.task = t;
  int rc = t->xrc;
  RT__TRACE(loop, RT_EV_TASK_STEP_BEGIN, t->fut.id, t->steps, rc, t->hid);
  int pass = 0;
  uint32_t flags = t->flags;
  if (RT__LIKELY(flags & RT__TS_IN_YIELD)) {
    /* rt_yield returns what the resume passes (it returns straight from
     * the switch): deliver what is thrown in here. */
    t->flags = flags & ~(uint32_t)RT__TS_IN_YIELD;
    if (RT__UNLIKELY(rc != 0)) {
      void *v = t->xval;
      if (t->yield_msg) {
        /* *yield_msg is on the task's stack: on a shared one its frames
         * must be back first (then the resume below copies nothing) */
        rt__coro_claim(t->coro);
        *t->yield_msg = v;
      } else {
        rt__val_release(loop, v);
      }
      t->xrc = 0;
      t->xval = NULL;
      pass = rc;
    }
  } else if (RT__UNLIKELY(!(flags & RT__TS_STARTED))) {
    if (rc != 0) {
      finish_unstarted(t);
      return;
    }
    first_step(t);
  } else if (RT__UNLIKELY(flags & RT__TS_UNWIND)) {
    finish_unwound(t);  /* its body has returned already */
    return;
  }
  rt__coro_resume_v(t->coro, pass);
}

/* asyncio 3.11's Task.cancel. */
bool rt__task_cancel(rt_task *t, void *msg) {
  if (t->fut.state != RT_FUT_PENDING) return false;
  rt_loop *loop = t->fut.loop;
  t->ncancels++;
  rt_future *w = t->waiter;
  RT__TRACE(loop, RT_EV_TASK_CANCEL_REQUESTED, t->fut.id, t->ncancels,
            w && w->state == RT_FUT_PENDING ? w->id : 0, 0);
  /* Leave t->waiter: if it is a task that ignores the cancellation we may
   * have to cancel it again later. */
  if (w && rt_future_cancel(w, msg)) return true;
  t->flags |= RT__TS_MUST_CANCEL;
  rt__val_release(loop, t->cancel_msg);
  t->cancel_msg = msg;
  return true;
}

/* Request cancellation (asyncio's Task.cancel): if the task awaits a
 * future, that future is cancelled (msg goes to it) and the task sees
 * RT_ECANCELLED when woken; otherwise the next step throws RT_ECANCELLED
 * (at the first step: the body never runs). Counts a request (cancelling).
 * false if the task is done (msg not taken); otherwise msg is taken. */
bool rt_task_cancel(rt_task *t, void *msg) { return rt__task_cancel(t, msg); }

/* Loop close: every pending task loses its registration, its coroutine
 * (unrun frames are dropped) and the loop's reference. */
size_t rt__tasks_close(rt_loop *loop) {
  size_t n = 0;
  rt_task *t;
  while ((t = loop->tasks) != NULL) {
    loop->tasks = t->next;
    if (t->next) t->next->prev = NULL;
    t->prev = t->next = NULL;
    loop->ring_need--;
    loop->ntasks--;
    n++;
    if (t->waiter) {
      rt_future *w = t->waiter;
      t->waiter = NULL;
      rt__future_remove_wakeup(w, t);
      rt_future_release(w);
    }
    if (t->sleep_timer) {
      rt_handle *h = t->sleep_timer;
      t->sleep_timer = NULL;
      rt_handle_release(h);
    }
    rt_coro_free(t->coro);
    t->coro = NULL;
    rt__val_release(loop, t->xval);
    t->xval = NULL;
    rt__val_release(loop, t->unwound_val);
    t->unwound_val = NULL;
    rt_future_release(&t->fut);
  }
  while (loop->npark) rt_coro_free(loop->park[--loop->npark]);
  rt__shared_release(loop->shared);  /* the coroutines on it are gone */
  loop->shared = NULL;
  return n;
}

/* rt_task_unwind's resume, when made from a segment (the arguments read
 * before anything is resumed: they are on the caller's shared stack). */
typedef struct unwind_call {
  rt_coro *coro;
  int pass;
} unwind_call;

static void unwind_resume(void *p) {
  unwind_call u = *(unwind_call *)p;
  rt__coro_resume_v(u.coro, u.pass);
}

/* Run a suspended task's body to its end now: the suspension it is in
 * (rt_await, rt_yield, rt_sleep) returns RT_ECLOSED, and so does every
 * later one at once, so the body unwinds (a body whose frames hold
 * resources on its stack: an interpreter's). When the body returns, its
 * outcome is kept and the task is left pending; a later step ends it with
 * that outcome (finish_unwound). Codes: rt.h. */
int rt_task_unwind(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  if (!(t->flags & RT__TS_STARTED) || (t->flags & RT__TS_UNWIND) || !t->coro ||
      t->fut.state != RT_FUT_PENDING || rt__tls_state.task == t)
    return RT_EINVAL;
  bool here = rt__coro_resumable_here(t->coro);
  if (!here && !rt__coro_off_shared_ok(t->coro)) return RT_ESTATE;
  /* t->waiter stays registered, as a closed coroutine's task still shows
     its future: the closing loop drops it. rt_sleep's own way out cancels
     its timer. */
  rt__val_release(loop, t->xval);
  t->xval = NULL;
  t->xrc = RT_ECLOSED;
  t->awaited = NULL;
  int pass = 0;
  if (t->flags & RT__TS_IN_YIELD) {
    t->flags &= ~(uint32_t)RT__TS_IN_YIELD;
    t->xrc = 0;
    pass = RT_ECLOSED;
  }
  t->flags |= RT__TS_UNWIND;
  rt_task *was = rt__tls_state.task;
  rt_task *ended = loop->ended;
  rt__tls_state.task = t;
  if (here) {
    rt__coro_resume_v(t->coro, pass);
  } else {
    /* t shares the stack of the coroutine running now (a task closing
     * another's coroutine): resume it from a segment of its own */
    unwind_call u = {t->coro, pass};
    int rc = rt__coro_call_off_shared(t->coro, unwind_resume, &u);
    if (rc != RT_OK) {  /* no segment (RT_ENOMEM): nothing ran */
      rt__tls_state.task = was;
      t->flags = (t->flags & ~(uint32_t)RT__TS_UNWIND) | (pass ? RT__TS_IN_YIELD : 0);
      t->xrc = 0;
      return rc;
    }
  }
  rt__tls_state.task = was;
  loop->ended = ended;
  /* Kept for a later step, if one comes (finish_unwound). */
  t->unwound_rc = t->xrc;
  t->unwound_val = t->xval;
  t->xval = NULL;
  t->xrc = 0;
  return RT_OK;
}

void rt__task_free(rt_task *t) {
  rt_loop *loop = t->fut.loop;
  if (t->coro) {
    rt_coro_free(t->coro);
    t->coro = NULL;
  }
  if (t->arg_free) t->arg_free(t->arg);
  rt__val_release(loop, t->cancel_msg);
  rt__val_release(loop, t->xval);
  rt__val_release(loop, t->unwound_val);
  if (RT__UNLIKELY(t->name && t->name != t->name_buf)) rt_free(t->name);
  rt_future *f = &t->fut;
  if (f->value || f->ncbs || f->cbs != &f->cb0 || rt__tracing()) rt__future_fini(f);
  t->next = loop->task_pool;
  loop->task_pool = t;
  rt__loop_obj_put(loop);
}

/* ------------------------------------------------- inside a task body */

/* After a suspension: what the step threw in, taken over by the caller. */
static int take_throw(rt_task *t, void **out) {
  int rc = t->xrc;
  void *v = t->xval;
  t->xrc = 0;
  t->xval = NULL;
  if (out) *out = v;
  else rt__val_release(t->fut.loop, v);
  return rc;
}

/* A done future's outcome, as Future.result() gives it. */
static int outcome(rt_future *f, void **out) {
  int rc = RT_OK;
  if (f->state == RT_FUT_CANCELLED) rc = RT_ECANCELLED;
  else if (f->state == RT_FUT_EXCEPTION) {
    rc = RT_ERAISED;
    f->retrieved = 1;
  }
  if (out) {
    *out = f->value;
    rt__val_retain(f->loop, f->value);
  }
  return rc;
}

static rt_task *current_for(const char *what) {
  rt_task *t = rt__tls_state.task;
  if (t) rt__check(rt_coro_current() == t->coro, what);
  return t;
}

/* Await f from inside a task (asyncio's `await fut`). Codes in rt.h. out
 * may be NULL (the value is not wanted). Cost when f is pending: a
 * callback word in f, two context switches, no allocation (unless f
 * already has callbacks and its array must grow: RT_ENOMEM). */
int rt_await(rt_future *f, void **out) {
  rt_task *t = current_for("rt_await: not on the current task's own coroutine");
  if (!t) return RT_ENOTASK;
  if (RT__UNLIKELY(t->flags & RT__TS_UNWIND)) return RT_ECLOSED;
  if (f->state != RT_FUT_PENDING) return outcome(f, out);
  if (f == &t->fut || f->loop != t->fut.loop) {
    /* asyncio: RuntimeError thrown in at the next step, one iteration on */
    t->xrc = RT_EINVAL;
    end_step_yield(t);
    rt_coro_yield();
    return take_throw(t, out);
  }
  if (rt__future_add_wakeup(f, t) != RT_OK) return RT_ENOMEM;
  f->refs++;
  t->waiter = f;
  end_step_await(t);
  rt_coro_yield();
  /* Woken: the step moved our reference to t->awaited. */
  rt_future *a = t->awaited;
  t->awaited = NULL;
  int rc = t->xrc ? take_throw(t, out) : outcome(a, out);
  rt_future_release(a);
  return rc;
}

/* A bare yield (asyncio.sleep(0)): the next step goes to the back of the
 * ready queue. RT_OK, RT_ECANCELLED (*msg the message, a new reference, if
 * msg is not NULL), RT_ENOTASK. Cost: a ring store and two switches. */
int rt_yield(void **msg) {
  rt_task *t = current_for("rt_yield: not on the current task's own coroutine");
  if (!t) return RT_ENOTASK;
  if (RT__UNLIKELY(t->flags & RT__TS_UNWIND)) return RT_ECLOSED;
  t->yield_msg = msg;
  t->flags |= RT__TS_IN_YIELD;
  end_step_yield(t);
  /* What the next step throws in comes back as the switch's value (msg
   * already filled in): a tail call, so the switch back lands straight in
   * our caller and no ret runs right after it (a ret there mispredicts:
   * 10 ns a roundtrip when this took the message itself). */
  return rt__coro_yield_v();
}

/* futures._set_result_unless_cancelled, as a timer callback. */
static void sleep_timer_cb(rt_loop *loop, void *arg) {
  (void)loop;
  rt_future *f = arg;
  if (f->state == RT_FUT_PENDING) rt__future_complete(f, RT_FUT_RESULT, NULL);
}

static void sleep_free_cb(void *arg) { rt_future_release(arg); }

/* asyncio.sleep(delay, result): delay <= 0 (or NaN) is a bare yield;
 * otherwise a future completed by a timer (call_later), awaited, and the
 * timer cancelled on the way out. result is always taken over: handed back
 * in *out on RT_OK (released if out is NULL), released otherwise (except
 * on RT_ENOTASK: there is no loop to release it with, so it stays the
 * caller's). RT_OK, RT_ECANCELLED (*out the message), RT_ENOMEM,
 * RT_ENOTASK. */
int rt_sleep(double delay, void *result, void **out) {
  rt_task *t = rt__tls_state.task;
  if (!t) return RT_ENOTASK;  /* result is still the caller's */
  rt_loop *loop = t->fut.loop;
  int rc;
  void *v = NULL;
  if (!(delay > 0)) {
    rc = rt_yield(&v);
  } else {
    /* No reference may live only on this stack across the suspension (a
     * closing loop frees the stack without unwinding it): the future's one
     * reference is the timer's (its free_cb drops it), the timer's is the
     * task's (t->sleep_timer), the await's is t->waiter. */
    rt_future *f;
    if ((rc = rt__future_new(loop, RT_WAIT_SLEEP, &f)) != RT_OK) goto out;
    rc = rt__call_at_kind(loop, rt_loop_time(loop) + delay, sleep_timer_cb, f, sleep_free_cb,
                          RT_HK_TIMER, &t->sleep_timer);
    if (rc != RT_OK) {
      rt_future_release(f);
      goto out;
    }
    rc = rt_await(f, &v);
    rt_handle *h = t->sleep_timer;  /* asyncio: finally: h.cancel() */
    t->sleep_timer = NULL;
    rt_handle_cancel(h);
    rt_handle_release(h);
  }
out:
  if (rc == RT_OK) {
    rt__val_release(loop, v);
    if (out) *out = result;
    else rt__val_release(loop, result);
  } else {
    rt__val_release(loop, result);
    if (out) *out = v;
    else rt__val_release(loop, v);
  }
  return rc;
}
