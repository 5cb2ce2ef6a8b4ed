/* future.c: futures: state, values through the loop's ownership hooks, and
 * done callbacks scheduled with call_soon in the order added. */
#include "rt_int.h"

/* Futures and tasks share one id counter (a task's id is its future's). */
_Atomic uint32_t rt__next_future_id = 1;

int rt__future_new(rt_loop *loop, int wait_kind, rt_future **out) {
  rt_future *f = loop->fut_pool;
  if (f) loop->fut_pool = f->value;
  else if (!(f = rt_malloc(sizeof *f))) return RT_ENOMEM;
  rt__future_init(f, loop, wait_kind);
  *out = f;
  return RT_OK;
}

/* A new pending future on loop; the caller holds the one reference.
 * Structs are pooled per loop. RT_OK or RT_ENOMEM. */
int rt_future_new(rt_loop *loop, rt_future **out) {
  return rt__future_new(loop, RT_WAIT_FUTURE, out);
}

/* Label what f stands for in traces (TASK_SUSPENDED's a[1]). */
void rt_future_set_wait_kind(rt_future *f, rt_wait_kind kind) { f->wait_kind = (uint8_t)kind; }
rt_wait_kind rt_future_wait_kind(const rt_future *f) { return (rt_wait_kind)f->wait_kind; }

void rt_future_retain(rt_future *f) { f->refs++; }

void rt__future_fini(rt_future *f) {
  rt_loop *loop = f->loop;
  RT__TRACE(loop, RT_EV_FUTURE_FREE, f->id, 0, 0, 0);
  rt__val_release(loop, f->value);
  f->value = NULL;
  for (uint32_t i = 0; i < f->ncbs; i++) {
    rt__entry e = f->cbs[i];
    /* A task awaiting f holds a reference to it: f cannot die first. */
    rt__check(!rt__entry_is_task(e), "future freed with a task waiting on it");
    rt_handle *h = (rt_handle *)e;
    h->flags |= RT__HF_DONE;
    rt__handle_unref(h);
  }
  f->ncbs = 0;
  if (f->cbs != &f->cb0) rt_free(f->cbs);
  f->cbs = &f->cb0;
}

/* Drop a reference; the last one frees f (and releases its value). */
void rt_future_release(rt_future *f) {
  if (!f) return;
  rt__check(f->refs > 0, "future released more often than referenced");
  if (--f->refs) return;
  if (f->is_task) {
    rt__task_free((rt_task *)f);
    return;
  }
  if (RT__UNLIKELY(f->ext)) {  /* gather's outer, a combinator's waiter */
    rt__xfuture_free(f);
    return;
  }
  rt_loop *loop = f->loop;
  rt__future_fini(f);
  f->value = loop->fut_pool;
  loop->fut_pool = f;
  rt__loop_obj_put(loop);
}

rt_loop *rt_future_loop(const rt_future *f) { return f->loop; }
uint32_t rt_future_id(const rt_future *f) { return f->id; }
rt_future_state rt_future_state_of(const rt_future *f) { return (rt_future_state)f->state; }
bool rt_future_done(const rt_future *f) { return f->state != RT_FUT_PENDING; }

/* asyncio's __schedule_callbacks: every registered callback goes to the
 * ready queue with call_soon, in the order added. Never fails: the ring has
 * room (rt_int.h's essay) and the handles were made at registration. On a
 * closed loop the callbacks are dropped instead (asyncio would raise). */
void rt__future_complete(rt_future *f, int state, void *value) {
  rt_loop *loop = f->loop;
  f->state = (uint8_t)state;
  f->value = value;
  uint32_t n = f->ncbs;
  if (n == 0 && !rt__tracing()) return;  /* nobody to tell */
  rt__entry *cbs = f->cbs;
  f->ncbs = 0;
  f->cbs = &f->cb0;
  f->capcbs = 1;
  RT__TRACE(loop, RT_EV_FUTURE_DONE, f->id, state, loop->closed ? 0 : n, 0);
  for (uint32_t i = 0; i < n; i++) {
    rt__entry e = cbs[i];
    if (rt__entry_is_task(e)) {
      rt_task *t = rt__entry_task(e);
      if (loop->closed) continue;
      f->refs++;
      t->wake_fut = f;
      t->hid = ++loop->handle_seq;
      rt__ring_push(loop, e);
      if (RT__UNLIKELY(rt__tracing())) rt__entry_trace(loop, RT_EV_HANDLE_SCHEDULED, e);
    } else {
      rt_handle *h = (rt_handle *)e;
      if (loop->closed) {
        h->flags |= RT__HF_DONE;
        rt__handle_unref(h);
        continue;
      }
      f->refs++;
      h->u.fut = f;
      rt__handle_schedule(h);
    }
  }
  if (cbs != &f->cb0) rt_free(cbs);
}

/* Complete with a result (taken over). RT_OK; RT_ESTATE if already done (v
 * is not taken); RT_EINVAL on a task's future (asyncio: tasks do not
 * support set_result). */
int rt_future_set_result(rt_future *f, void *v) {
  if (f->is_task) return RT_EINVAL;
  if (f->state != RT_FUT_PENDING) return RT_ESTATE;
  rt__future_complete(f, RT_FUT_RESULT, v);
  return RT_OK;
}

/* Complete with an exception (taken over); codes as rt_future_set_result. */
int rt_future_set_exception(rt_future *f, void *exc) {
  if (f->is_task) return RT_EINVAL;
  if (f->state != RT_FUT_PENDING) return RT_ESTATE;
  rt__future_complete(f, RT_FUT_EXCEPTION, exc);
  return RT_OK;
}

/* Cancel with an optional message (taken over when this returns true). On
 * a task's future this is rt_task_cancel (a request), as in asyncio where
 * Task overrides cancel. false if already done (msg not taken). */
bool rt_future_cancel(rt_future *f, void *msg) {
  if (f->is_task) return rt__task_cancel((rt_task *)f, msg);
  if (RT__UNLIKELY(f->ext)) return rt__xfuture_cancel(f, msg);  /* gather */
  if (f->state != RT_FUT_PENDING) return false;
  rt__future_complete(f, RT_FUT_CANCELLED, msg);
  return true;
}

void *rt_future_value(const rt_future *f) { return f->value; }
void rt_future_mark_retrieved(rt_future *f) { f->retrieved = 1; }
bool rt_future_retrieved(const rt_future *f) { return f->retrieved; }

/* Room for one more callback word: the inline slot first, then an array
 * that doubles. */
static int cbs_reserve(rt_future *f) {
  if (f->ncbs < f->capcbs) return RT_OK;
  uint32_t cap = f->capcbs < 4 ? 4 : f->capcbs * 2;
  rt__entry *a;
  if (f->cbs == &f->cb0) {
    a = rt_malloc(cap * sizeof *a);
    if (!a) return RT_ENOMEM;
    a[0] = f->cb0;
  } else {
    a = rt_realloc(f->cbs, cap * sizeof *a);
    if (!a) return RT_ENOMEM;
  }
  f->cbs = a;
  f->capcbs = cap;
  return RT_OK;
}

/* Add a done callback cb(f, arg) (asyncio's add_done_callback). If f is
 * already done it is scheduled at once with call_soon. The handle is made
 * here, so completing f later cannot fail. RT_OK, RT_ENOMEM, RT_ECLOSED (f
 * is done and its loop closed). */
int rt_future_add_done_cb(rt_future *f, rt_future_cb cb, void *arg) {
  return rt__future_add_done_cb_free(f, cb, arg, NULL);
}

/* The same, with free_cb(arg) run when the registration's handle goes. */
int rt__future_add_done_cb_free(rt_future *f, rt_future_cb cb, void *arg,
                                rt_handle_free_cb free_cb) {
  rt_loop *loop = f->loop;
  if (f->state != RT_FUT_PENDING) {
    if (loop->closed) return RT_ECLOSED;
    rt_handle *h = rt__handle_get(loop);
    if (!h) return RT_ENOMEM;
    h->fn.fcb = cb;
    h->arg = arg;
    h->kind = RT_HK_FUTURE_CB;
    h->owner = f->id;
    h->refs = 1;
    h->free_cb = free_cb;
    f->refs++;
    h->u.fut = f;
    RT__TRACE(loop, RT_EV_FUTURE_CB_ADDED, f->id, RT_HK_FUTURE_CB, 0, 0);
    rt__handle_schedule(h);
    return RT_OK;
  }
  if (cbs_reserve(f) != RT_OK) return RT_ENOMEM;
  rt_handle *h = rt__handle_get(loop);
  if (!h) return RT_ENOMEM;
  h->fn.fcb = cb;
  h->arg = arg;
  h->kind = RT_HK_FUTURE_CB;
  h->owner = f->id;
  h->refs = 1;
  h->free_cb = free_cb;
  f->cbs[f->ncbs++] = (rt__entry)h;
  RT__TRACE(loop, RT_EV_FUTURE_CB_ADDED, f->id, RT_HK_FUTURE_CB, 0, f->ncbs);
  return RT_OK;
}

/* Remove every registration of (cb, arg) not yet scheduled; returns how
 * many. O(number of callbacks). */
size_t rt_future_remove_done_cb(rt_future *f, rt_future_cb cb, void *arg) {
  size_t removed = 0;
  uint32_t keep = 0;
  for (uint32_t i = 0; i < f->ncbs; i++) {
    rt__entry e = f->cbs[i];
    rt_handle *h = (rt_handle *)e;
    if (!rt__entry_is_task(e) && h->fn.fcb == cb && h->arg == arg) {
      removed++;
      h->flags |= RT__HF_DONE;
      rt__handle_unref(h);
    } else {
      f->cbs[keep++] = e;
    }
  }
  f->ncbs = keep;
  return removed;
}

int rt__future_add_wakeup(rt_future *f, rt_task *t) {
  if (cbs_reserve(f) != RT_OK) return RT_ENOMEM;
  f->cbs[f->ncbs++] = rt__task_entry(t);
  RT__TRACE(f->loop, RT_EV_FUTURE_CB_ADDED, f->id, RT_HK_WAKEUP, t->fut.id, f->ncbs);
  return RT_OK;
}

void rt__future_remove_wakeup(rt_future *f, rt_task *t) {
  rt__entry e = rt__task_entry(t);
  uint32_t keep = 0;
  for (uint32_t i = 0; i < f->ncbs; i++)
    if (f->cbs[i] != e) f->cbs[keep++] = f->cbs[i];
  f->ncbs = keep;
}
