/* gather.c: asyncio's combinators as CPython 3.11 writes them (tasks.py):
 * gather, wait, wait_for, shield, as_completed; and extended futures
 * (gather's outer overrides cancel). */
#include <stdlib.h>
#include <string.h>

#include "ext_int.h"

/* ------------------------------------------------- extended futures */

int rt__xfuture_new(rt_loop *loop, int wait_kind, const rt__future_vt *vt, size_t size,
                    rt_future **out) {
  rt__xfuture *x = rt_calloc(1, size);
  if (!x) return RT_ENOMEM;
  rt__future_init(&x->f, loop, wait_kind);
  x->f.ext = 1;
  x->vt = vt;
  *out = &x->f;
  return RT_OK;
}

bool rt__future_cancel_plain(rt_future *f, void *msg) {
  if (f->state != RT_FUT_PENDING) return false;
  rt__future_complete(f, RT_FUT_CANCELLED, msg);
  return true;
}

bool rt__xfuture_cancel(rt_future *f, void *msg) {
  const rt__future_vt *vt = ((rt__xfuture *)f)->vt;
  return vt->cancel ? vt->cancel(f, msg) : rt__future_cancel_plain(f, msg);
}

void rt__xfuture_free(rt_future *f) {
  rt_loop *loop = f->loop;
  const rt__future_vt *vt = ((rt__xfuture *)f)->vt;
  if (vt->fini) vt->fini(f);
  rt__future_fini(f);
  rt_free(f);
  rt__loop_obj_put(loop);
}

int rt__outcome(rt_future *f, void **out) {
  int rc = RT_OK;
  if (f->state == RT_FUT_CANCELLED) {
    rc = RT_ECANCELLED;
  } else if (f->state == RT_FUT_EXCEPTION) {
    rc = RT_ERAISED;
    f->retrieved = 1;
  }
  if (out) {
    *out = f->value;
    rt__val_retain(f->loop, f->value);
  }
  return rc;
}

/* ------------------------------------------------------------ helpers */

static void future_release_cb(void *arg) { rt_future_release(arg); }

/* futures' _release_waiter, as a done callback and as a timer. */
static void release_waiter_fcb(rt_future *f, void *arg) {
  (void)f;
  rt_future *w = arg;
  if (w->state == RT_FUT_PENDING) rt__future_complete(w, RT_FUT_RESULT, NULL);
}
static void release_waiter_cb(rt_loop *loop, void *arg) {
  (void)loop;
  release_waiter_fcb(NULL, arg);
}

typedef struct ptr_idx {
  uintptr_t p;
  size_t i;
} ptr_idx;

static int ptr_idx_cmp(const void *a, const void *b) {
  const ptr_idx *x = a, *y = b;
  if (x->p != y->p) return x->p < y->p ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

/* first[i] = 1 where fs[i] did not occur before i. O(n^2) for short
 * lists (no allocation), O(n log n) with a sorted copy for long ones.
 * RT_OK or RT_ENOMEM. */
static int mark_first(rt_future *const *fs, size_t n, uint8_t *first) {
  if (n <= 32) {
    for (size_t i = 0; i < n; i++) {
      first[i] = 1;
      for (size_t j = 0; j < i; j++)
        if (fs[j] == fs[i]) {
          first[i] = 0;
          break;
        }
    }
    return RT_OK;
  }
  ptr_idx *a = rt_malloc(n * sizeof *a);
  if (!a) return RT_ENOMEM;
  for (size_t i = 0; i < n; i++) a[i] = (ptr_idx){(uintptr_t)fs[i], i};
  qsort(a, n, sizeof *a, ptr_idx_cmp);
  for (size_t i = 0; i < n; i++) first[a[i].i] = i == 0 || a[i].p != a[i - 1].p;
  rt_free(a);
  return RT_OK;
}

/* The distinct futures of fs in argument order into dst (retained);
 * returns how many, or 0 with *rc = RT_ENOMEM. */
static size_t distinct(rt_future *const *fs, size_t n, rt_future **dst, int *rc) {
  uint8_t *first = rt_malloc(n ? n : 1);
  *rc = first ? mark_first(fs, n, first) : RT_ENOMEM;
  if (*rc != RT_OK) {
    rt_free(first);
    return 0;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (first[i]) {
      dst[k++] = fs[i];
      fs[i]->refs++;
    }
  rt_free(first);
  return k;
}

static int same_loop(rt_loop *loop, rt_future *const *fs, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (fs[i]->loop != loop) return RT_EINVAL;
  return RT_OK;
}

/* ------------------------------------------------------------- gather */

typedef struct gather {
  rt__xfuture x;                 /* the outer future */
  rt_gather_ops ops;
  size_t n;                      /* children, duplicates included */
  size_t nfuts, nfinished;       /* distinct children, and done so far */
  uint8_t return_exceptions;
  uint8_t cancel_requested;      /* _GatheringFuture._cancel_requested */
  uint8_t dead;                  /* creation failed: callbacks do nothing */
  rt_future **children;          /* n, one reference per slot */
  rt_outcome *items;             /* n, filled when the last one is done */
} gather;

static bool gather_cancel(rt_future *f, void *msg);
static void gather_fini(rt_future *f);
static const rt__future_vt gather_vt = {gather_cancel, gather_fini};

/* The outer is done: trace it, and let go of the children. Their
 * registrations stay (a child that fails later is still marked
 * retrieved, as asyncio's callback does), but the outer no longer keeps
 * them alive, so a child that never completes does not keep the outer
 * and itself alive in a cycle. */
static void gather_finished(gather *g, int rc) {
  RT__TRACE(g->x.f.loop, RT_EV_GROUP_DONE, g->x.f.id, rc, g->nfinished, g->nfuts);
  for (size_t i = 0; i < g->n; i++) {
    rt_future *c = g->children[i];
    g->children[i] = NULL;
    rt_future_release(c);
  }
  g->n = 0;
}

/* The outer gets CancelledError (fut._make_cancelled_error()): the
 * interpreter's exception, or the cancelled state with the message. */
static void gather_set_cancelled(gather *g, void *msg) {
  rt_future *outer = &g->x.f;
  void *exc = g->ops.cancelled_error ? g->ops.cancelled_error(g->ops.ud, msg) : NULL;
  if (exc) {
    rt__future_complete(outer, RT_FUT_EXCEPTION, exc);
  } else {
    rt__val_retain(outer->loop, msg);
    rt__future_complete(outer, RT_FUT_CANCELLED, msg);
  }
  gather_finished(g, RT_ECANCELLED);
}

/* _done_callback, for every distinct child. */
static void gather_child_done(rt_future *child, void *arg) {
  gather *g = arg;
  rt_future *outer = &g->x.f;
  g->nfinished++;
  if (g->dead) return;
  if (outer->state != RT_FUT_PENDING) {
    if (child->state != RT_FUT_CANCELLED) child->retrieved = 1;  /* fut.exception() */
    return;
  }
  if (!g->return_exceptions) {
    if (child->state == RT_FUT_CANCELLED) {
      gather_set_cancelled(g, child->value);
      return;
    }
    if (child->state == RT_FUT_EXCEPTION) {
      child->retrieved = 1;
      rt__val_retain(outer->loop, child->value);
      rt__future_complete(outer, RT_FUT_EXCEPTION, child->value);
      gather_finished(g, RT_ERAISED);
      return;
    }
  }
  if (g->nfinished != g->nfuts) return;
  for (size_t i = 0; i < g->n; i++) {
    rt_future *c = g->children[i];
    if (c->state == RT_FUT_EXCEPTION) c->retrieved = 1;
    g->items[i].state = (rt_future_state)c->state;
    g->items[i].value = c->value;
    /* CancelledError('' if fut._cancel_message is None ...): a 3.11 task
     * that ended by raising CancelledError has no message left (its
     * __step calls super().cancel() without one). */
    if (c->state == RT_FUT_CANCELLED && c->is_task) g->items[i].value = NULL;
  }
  if (g->cancel_requested) {
    /* asyncio uses the loop variable left over: the last child. */
    rt_future *last = g->children[g->n - 1];
    gather_set_cancelled(g, last->state == RT_FUT_CANCELLED ? last->value : NULL);
    return;
  }
  void *v = NULL;
  int rc = g->ops.build ? g->ops.build(g->ops.ud, g->n, g->items, &v) : RT_OK;
  rt__future_complete(outer, rc == RT_OK ? RT_FUT_RESULT : RT_FUT_EXCEPTION, v);
  gather_finished(g, rc == RT_OK ? RT_OK : RT_ERAISED);
}

/* _GatheringFuture.cancel: cancel every child (duplicates twice, as
 * asyncio iterates _children); true if any cancel took. */
static bool gather_cancel(rt_future *f, void *msg) {
  gather *g = (gather *)f;
  if (f->state != RT_FUT_PENDING) return false;
  bool ret = false;
  for (size_t i = 0; i < g->n; i++) {
    rt__val_retain(f->loop, msg);
    if (rt_future_cancel(g->children[i], msg)) ret = true;
    else rt__val_release(f->loop, msg);
  }
  if (!ret) return false;  /* msg stays the caller's */
  g->cancel_requested = 1;
  rt__val_release(f->loop, msg);
  return true;
}

static void gather_fini(rt_future *f) {
  gather *g = (gather *)f;
  for (size_t i = 0; i < g->n; i++) rt_future_release(g->children[i]);  /* still pending */
  rt_free(g->children);
}

int rt_gather(rt_loop *loop, rt_future *const *fs, size_t n, bool return_exceptions,
              const rt_gather_ops *ops, rt_future **out) {
  if (loop->closed) return RT_ECLOSED;
  if (same_loop(loop, fs, n) != RT_OK) return RT_EINVAL;
  rt_future *of;
  if (rt__xfuture_new(loop, RT_WAIT_GATHER, &gather_vt, sizeof(gather), &of) != RT_OK)
    return RT_ENOMEM;
  gather *g = (gather *)of;
  if (ops) g->ops = *ops;
  g->return_exceptions = return_exceptions;
  RT__TRACE(loop, RT_EV_GROUP_NEW, of->id, RT_GROUP_GATHER, n, return_exceptions);
  if (n == 0) {  /* outer.set_result([]) */
    void *v = NULL;
    int rc = g->ops.build ? g->ops.build(g->ops.ud, 0, NULL, &v) : RT_OK;
    rt__future_complete(of, rc == RT_OK ? RT_FUT_RESULT : RT_FUT_EXCEPTION, v);
    gather_finished(g, rc == RT_OK ? RT_OK : RT_ERAISED);
    *out = of;
    return RT_OK;
  }
  /* One block: children, their outcomes, the first-occurrence marks. */
  size_t bytes = n * (sizeof(rt_future *) + sizeof(rt_outcome) + 1);
  char *block = rt_malloc(bytes);
  uint8_t *first = block ? (uint8_t *)(block + n * (sizeof(rt_future *) + sizeof(rt_outcome))) : NULL;
  if (!block || mark_first(fs, n, first) != RT_OK) {
    rt_free(block);
    rt_future_release(of);
    return RT_ENOMEM;
  }
  g->children = (rt_future **)block;
  g->items = (rt_outcome *)(block + n * sizeof(rt_future *));
  for (size_t i = 0; i < n; i++) {
    g->children[i] = fs[i];
    fs[i]->refs++;
  }
  g->n = n;
  for (size_t i = 0; i < n; i++) {
    if (first[i]) {
      of->refs++;  /* the registration's, dropped by its free_cb */
      if (rt__future_add_done_cb_free(fs[i], gather_child_done, g, future_release_cb) != RT_OK) {
        of->refs--;
        goto fail;
      }
      g->nfuts++;
    }
    RT__TRACE(loop, RT_EV_GROUP_ADD, of->id, fs[i]->id, i, 0);
  }
  *out = of;
  return RT_OK;
fail:
  /* Take back what was registered; callbacks already scheduled (children
   * that were done) run later and see a dead gather. */
  g->dead = 1;
  for (size_t i = 0; i < n; i++)
    if (first[i]) rt_future_remove_done_cb(fs[i], gather_child_done, g);
  rt_future_release(of);
  return RT_ENOMEM;
}

size_t rt_gather_children(rt_future *f, rt_future *const **children) {
  if (!f->ext || ((rt__xfuture *)f)->vt != &gather_vt) {
    *children = NULL;
    return 0;
  }
  gather *g = (gather *)f;
  *children = g->children;
  return g->n;
}

/* --------------------------------------------------------------- wait */

typedef struct waitst {
  long refs;            /* the waiting call's, each registration's */
  long counter;         /* _wait's counter */
  int when;
  rt_loop *loop;
  rt_future *waiter;    /* a reference */
  rt_handle *timer;     /* a reference, or NULL */
  size_t n;
  rt_future *fs[];      /* the distinct futures, one reference each */
} waitst;

static void wait_unref(void *arg) {
  waitst *st = arg;
  if (--st->refs) return;
  for (size_t i = 0; i < st->n; i++) rt_future_release(st->fs[i]);
  rt_future_release(st->waiter);
  rt_free(st);
}

/* _wait's _on_completion. It may run after rt_wait returned (scheduled
 * before the callbacks were removed): the waiter is done then, and only
 * the exception() call's side effect (retrieved) remains, as in asyncio. */
static void wait_on_completion(rt_future *f, void *arg) {
  waitst *st = arg;
  st->counter--;
  bool fire = st->counter <= 0 || st->when == RT_FIRST_COMPLETED;
  if (!fire && st->when == RT_FIRST_EXCEPTION && f->state != RT_FUT_CANCELLED) {
    if (f->state == RT_FUT_EXCEPTION) {
      f->retrieved = 1;  /* f.exception() */
      fire = true;
    }
  }
  if (!fire) return;
  if (st->timer) rt_handle_cancel(st->timer);
  if (st->waiter->state == RT_FUT_PENDING) rt__future_complete(st->waiter, RT_FUT_RESULT, NULL);
}

/* _wait's finally (and loop close's): cancel the timer, remove the
 * callbacks, drop the call's reference. */
static void wait_close(void *arg) {
  waitst *st = arg;
  if (st->timer) {
    rt_handle *h = st->timer;
    st->timer = NULL;
    rt_handle_cancel(h);
    rt_handle_release(h);
  }
  st->refs++;  /* removals below drop registrations' references */
  for (size_t i = 0; i < st->n; i++) rt_future_remove_done_cb(st->fs[i], wait_on_completion, st);
  st->refs--;
  wait_unref(st);
}

int rt_wait(rt_future *const *fs, size_t n, double timeout, rt_return_when return_when,
            void **msg) {
  if (msg) *msg = NULL;
  if (n == 0) return RT_EINVAL;  /* ValueError('Set of Tasks/Futures is empty.') */
  if ((unsigned)return_when > RT_FIRST_EXCEPTION) return RT_EINVAL;
  rt_task *t = rt__tls_state.task;
  if (!t) return RT_ENOTASK;
  rt_loop *loop = t->fut.loop;
  if (same_loop(loop, fs, n) != RT_OK) return RT_EINVAL;
  waitst *st = rt_calloc(1, sizeof *st + n * sizeof(rt_future *));
  if (!st) return RT_ENOMEM;
  int rc;
  st->n = distinct(fs, n, st->fs, &rc);
  if (rc != RT_OK) {
    rt_free(st);
    return RT_ENOMEM;
  }
  st->refs = 1;
  st->loop = loop;
  st->when = return_when;
  if (rt__future_new(loop, RT_WAIT_WAIT, &st->waiter) != RT_OK) {
    for (size_t i = 0; i < st->n; i++) rt_future_release(st->fs[i]);
    rt_free(st);
    return RT_ENOMEM;
  }
  rt_future *w = st->waiter;
  /* The timer first: before the children's callbacks (and so before any
   * timer a child that has not started yet will make). */
  if (timeout == timeout) {
    w->refs++;
    rc = rt_call_later(loop, timeout, release_waiter_cb, w, future_release_cb, &st->timer);
    if (rc != RT_OK) {
      w->refs--;
      wait_close(st);
      return rc;
    }
  }
  st->counter = (long)st->n;
  RT__TRACE(loop, RT_EV_GROUP_NEW, w->id, RT_GROUP_WAIT, st->n, return_when);
  for (size_t i = 0; i < st->n; i++) {
    st->refs++;
    if (rt__future_add_done_cb_free(st->fs[i], wait_on_completion, st, wait_unref) != RT_OK) {
      st->refs--;
      wait_close(st);
      return RT_ENOMEM;
    }
    RT__TRACE(loop, RT_EV_GROUP_ADD, w->id, st->fs[i]->id, i, 0);
  }
  if (rt__hold(t, wait_close, st) != RT_OK) {
    wait_close(st);
    return RT_ENOMEM;
  }
  void *v = NULL;
  rc = rt_await(w, &v);
  if (RT__UNLIKELY(rt__tracing())) {
    size_t done = 0;
    for (size_t i = 0; i < st->n; i++) done += st->fs[i]->state != RT_FUT_PENDING;
    RT__TRACE(loop, RT_EV_GROUP_DONE, w->id, rc, done, st->n);
  }
  rt__unhold(t, true);  /* finally: wait_close */
  if (rc != RT_OK && msg) *msg = v;
  else rt__val_release(loop, v);
  return rc;
}

/* ----------------------------------------------------------- wait_for */

typedef struct wfst {
  rt_loop *loop;
  rt_future *fut;      /* the inner one (a reference) */
  rt_future *waiter;   /* a reference, or NULL */
  rt_future *waiter2;  /* _cancel_and_wait's (a reference), or NULL */
  rt_handle *timer;    /* a reference, or NULL */
} wfst;

/* wait_for's finally (and loop close's). */
static void wf_close(void *arg) {
  wfst *st = arg;
  if (st->timer) {
    rt_handle_cancel(st->timer);
    rt_handle_release(st->timer);
  }
  if (st->waiter) {
    rt_future_remove_done_cb(st->fut, release_waiter_fcb, st->waiter);
    rt_future_release(st->waiter);
  }
  if (st->waiter2) {
    rt_future_remove_done_cb(st->fut, release_waiter_fcb, st->waiter2);
    rt_future_release(st->waiter2);
  }
  rt_future_release(st->fut);
  rt_free(st);
}

/* _cancel_and_wait: cancel the inner future and wait until it is done,
 * on a waiter of our own so that this wait can itself be cancelled. RT_OK,
 * or rt_await's code (*out the message). */
static int cancel_and_wait(wfst *st, void **out) {
  rt_future *w;
  if (rt__future_new(st->loop, RT_WAIT_WAIT_FOR, &w) != RT_OK) return RT_ENOMEM;
  st->waiter2 = w;
  w->refs++;
  if (rt__future_add_done_cb_free(st->fut, release_waiter_fcb, w, future_release_cb) != RT_OK) {
    w->refs--;
    return RT_ENOMEM;
  }
  rt_future_cancel(st->fut, NULL);
  void *v = NULL;
  int rc = rt_await(w, &v);
  rt_future_remove_done_cb(st->fut, release_waiter_fcb, w);  /* finally */
  if (rc != RT_OK && out) *out = v;
  else rt__val_release(st->loop, v);
  return rc;
}

/* fut.result() after the timeout: CancelledError becomes TimeoutError. */
static int timed_out_result(rt_future *f, void **out) {
  int rc = rt__outcome(f, out);
  return rc == RT_ECANCELLED ? RT_ETIMEDOUT : rc;
}

int rt_wait_for(rt_future *f, double timeout, void **out) {
  if (out) *out = NULL;
  rt_task *t = rt__tls_state.task;
  if (!t) return RT_ENOTASK;
  if (timeout != timeout) return rt_await(f, out);  /* timeout=None */
  rt_loop *loop = t->fut.loop;
  if (f->loop != loop) return RT_EINVAL;
  wfst *st = rt_calloc(1, sizeof *st);
  if (!st) return RT_ENOMEM;
  st->loop = loop;
  st->fut = f;
  f->refs++;
  if (rt__hold(t, wf_close, st) != RT_OK) {
    wf_close(st);
    return RT_ENOMEM;
  }
  int64_t gid = rt__tracing() ? rt__obj_id() : 0;
  RT__TRACE(loop, RT_EV_GROUP_NEW, gid, RT_GROUP_WAIT_FOR, 1, 0);
  RT__TRACE(loop, RT_EV_GROUP_ADD, gid, f->id, 0, 0);
  int rc;
  if (timeout <= 0) {
    if (f->state != RT_FUT_PENDING) {
      rc = rt__outcome(f, out);
    } else if ((rc = cancel_and_wait(st, out)) == RT_OK) {
      rc = timed_out_result(f, out);
    }
    goto done;
  }
  if (rt__future_new(loop, RT_WAIT_WAIT_FOR, &st->waiter) != RT_OK) {
    rc = RT_ENOMEM;
    goto done;
  }
  rt_future *w = st->waiter;
  w->refs++;
  rc = rt_call_later(loop, timeout, release_waiter_cb, w, future_release_cb, &st->timer);
  if (rc != RT_OK) {
    w->refs--;
    goto done;
  }
  w->refs++;
  if (rt__future_add_done_cb_free(f, release_waiter_fcb, w, future_release_cb) != RT_OK) {
    w->refs--;
    rc = RT_ENOMEM;
    goto done;
  }
  void *v = NULL;
  rc = rt_await(w, &v);
  if (rc == RT_ECANCELLED) {
    if (f->state != RT_FUT_PENDING) {  /* 3.11: the result wins */
      rt__val_release(loop, v);
      rc = rt__outcome(f, out);
      goto done;
    }
    rt_future_remove_done_cb(f, release_waiter_fcb, w);
    void *v2 = NULL;
    int rc2 = cancel_and_wait(st, &v2);
    if (rc2 != RT_OK) {  /* cancelled again: that one propagates */
      rt__val_release(loop, v);
      v = v2;
      rc = rc2;
    }
    if (out) *out = v;
    else rt__val_release(loop, v);
    goto done;
  }
  rt__val_release(loop, v);
  if (rc != RT_OK) goto done;
  if (f->state != RT_FUT_PENDING) {
    rc = rt__outcome(f, out);
    goto done;
  }
  rt_future_remove_done_cb(f, release_waiter_fcb, w);
  if ((rc = cancel_and_wait(st, out)) == RT_OK) rc = timed_out_result(f, out);
done:
  RT__TRACE(loop, RT_EV_GROUP_DONE, gid, rc, f->state != RT_FUT_PENDING, 1);
  rt__unhold(t, true);  /* finally: timeout_handle.cancel() */
  return rc;
}

/* -------------------------------------------------------------- shield */

/* _inner_done_callback: arg is the outer future. */
static void shield_inner_done(rt_future *inner, void *arg) {
  rt_future *outer = arg;
  if (outer->state == RT_FUT_CANCELLED) {
    if (inner->state != RT_FUT_CANCELLED) inner->retrieved = 1;  /* inner.exception() */
    return;
  }
  if (outer->state != RT_FUT_PENDING) return;  /* (done by someone else) */
  int rc = RT_OK;
  if (inner->state == RT_FUT_CANCELLED) {
    rt__future_cancel_plain(outer, NULL);
    rc = RT_ECANCELLED;
  } else {
    if (inner->state == RT_FUT_EXCEPTION) {
      inner->retrieved = 1;
      rc = RT_ERAISED;
    }
    rt__val_retain(outer->loop, inner->value);
    rt__future_complete(outer, inner->state, inner->value);
  }
  RT__TRACE(outer->loop, RT_EV_GROUP_DONE, outer->id, rc, 1, 1);
}

/* _outer_done_callback: arg is the inner future. */
static void shield_outer_done(rt_future *outer, void *arg) {
  (void)outer;
  rt_future *inner = arg;
  if (inner->state == RT_FUT_PENDING) rt_future_remove_done_cb(inner, shield_inner_done, outer);
}

int rt_shield(rt_future *inner, rt_future **out) {
  if (inner->state != RT_FUT_PENDING) {  /* shortcut: inner itself */
    inner->refs++;
    *out = inner;
    return RT_OK;
  }
  rt_loop *loop = inner->loop;
  rt_future *outer;
  if (rt__future_new(loop, RT_WAIT_SHIELD, &outer) != RT_OK) return RT_ENOMEM;
  outer->refs++;
  if (rt__future_add_done_cb_free(inner, shield_inner_done, outer, future_release_cb) != RT_OK) {
    outer->refs--;
    rt_future_release(outer);
    return RT_ENOMEM;
  }
  inner->refs++;
  if (rt__future_add_done_cb_free(outer, shield_outer_done, inner, future_release_cb) != RT_OK) {
    inner->refs--;
    rt_future_remove_done_cb(inner, shield_inner_done, outer);
    rt_future_release(outer);
    return RT_ENOMEM;
  }
  RT__TRACE(loop, RT_EV_GROUP_NEW, outer->id, RT_GROUP_SHIELD, 1, 0);
  RT__TRACE(loop, RT_EV_GROUP_ADD, outer->id, inner->id, 0, 0);
  *out = outer;
  return RT_OK;
}

/* -------------------------------------------------------- as_completed */

struct rt_as_completed {
  long refs;           /* the owner's, each registration's, the timer's */
  rt_loop *loop;
  uint32_t id;
  uint8_t freed;       /* the owner let go */
  rt_queue *done;      /* asyncio's done = Queue() of futures (NULL: the
                          timeout's dummy) */
  rt_handle *timer;    /* a reference, or NULL */
  size_t len;          /* awaitables the iterator yields */
  size_t ntodo;
  rt_future **todo;    /* still pending, one reference each */
};

static void ac_unref(void *arg) {
  rt_as_completed *ac = arg;
  if (--ac->refs) return;
  for (size_t i = 0; i < ac->ntodo; i++) rt_future_release(ac->todo[i]);
  rt_queue_free(ac->done);
  rt_free(ac->todo);
  rt_free(ac);
}

static void ac_retain_cb(void *ud, void *v) {
  (void)ud;
  rt_future_retain(v);
}
static void ac_release_cb(void *ud, void *v) {
  (void)ud;
  rt_future_release(v);
}
static int64_t ac_item_id(void *ud, void *item) {  /* the future's id, as a number */
  (void)ud;
  return item ? rt_item_int((int64_t)((rt_future *)item)->id) : 0;
}
static const rt_value_ops ac_future_ops = {ac_retain_cb, ac_release_cb, NULL};

static void ac_done_trace(rt_as_completed *ac, int rc) {
  RT__TRACE(ac->loop, RT_EV_GROUP_DONE, ac->id, rc, ac->len - ac->ntodo, ac->len);
}

/* _on_completion: move f from todo to the done queue (todo's reference
 * goes with it). */
static void ac_on_completion(rt_future *f, void *arg) {
  rt_as_completed *ac = arg;
  if (ac->ntodo == 0) return;  /* _on_timeout() was here first */
  for (size_t i = 0; i < ac->ntodo; i++) {
    if (ac->todo[i] != f) continue;
    ac->todo[i] = ac->todo[--ac->ntodo];
    if (rt_queue_put_nowait(ac->done, f) != RT_OK) rt_future_release(f);
    break;
  }
  if (ac->ntodo == 0) {
    if (ac->timer) rt_handle_cancel(ac->timer);
    ac_done_trace(ac, RT_OK);
  }
}

/* _on_timeout: a dummy for every future still to come. */
static void ac_on_timeout(rt_loop *loop, void *arg) {
  (void)loop;
  rt_as_completed *ac = arg;
  size_t n = ac->ntodo;
  ac->ntodo = 0;
  ac_done_trace(ac, RT_ETIMEDOUT);
  for (size_t i = 0; i < n; i++) {
    rt_future *f = ac->todo[i];
    rt_future_remove_done_cb(f, ac_on_completion, ac);
    rt_queue_put_nowait(ac->done, NULL);  /* NULL is not owned: no failure to undo */
    rt_future_release(f);
  }
}

int rt_as_completed_new(rt_loop *loop, rt_future *const *fs, size_t n, double timeout,
                        rt_as_completed **out) {
  if (same_loop(loop, fs, n) != RT_OK) return RT_EINVAL;
  rt_as_completed *ac = rt_calloc(1, sizeof *ac);
  if (!ac) return RT_ENOMEM;
  ac->refs = 1;
  ac->loop = loop;
  ac->id = rt__obj_id();
  ac->todo = rt_malloc((n ? n : 1) * sizeof *ac->todo);
  rt_queue_opts qo = {.kind = RT_QUEUE_FIFO, .item_ops = &ac_future_ops, .item_id = ac_item_id};
  int rc = RT_ENOMEM;
  if (!ac->todo || rt_queue_new(&qo, &ac->done) != RT_OK) goto fail;
  ac->ntodo = distinct(fs, n, ac->todo, &rc);
  if (rc != RT_OK) goto fail;
  ac->len = ac->ntodo;
  RT__TRACE(loop, RT_EV_GROUP_NEW, ac->id, RT_GROUP_AS_COMPLETED, ac->len, 0);
  for (size_t i = 0; i < ac->ntodo; i++) {
    ac->refs++;
    if (rt__future_add_done_cb_free(ac->todo[i], ac_on_completion, ac, ac_unref) != RT_OK) {
      ac->refs--;
      rt_as_completed_free(ac);
      return RT_ENOMEM;
    }
    RT__TRACE(loop, RT_EV_GROUP_ADD, ac->id, ac->todo[i]->id, i, 0);
  }
  if (ac->ntodo && timeout == timeout) {
    ac->refs++;
    rc = rt_call_later(loop, timeout, ac_on_timeout, ac, ac_unref, &ac->timer);
    if (rc != RT_OK) {
      ac->refs--;
      rt_as_completed_free(ac);
      return rc;
    }
  }
  *out = ac;
  return RT_OK;
fail:
  rt_queue_free(ac->done);
  rt_free(ac->todo);
  rt_free(ac);
  return rc;
}

size_t rt_as_completed_len(const rt_as_completed *ac) { return ac->len; }

/* _wait_for_one. */
int rt_as_completed_next(rt_as_completed *ac, rt_future **which, void **out) {
  if (which) *which = NULL;
  if (out) *out = NULL;
  void *item = NULL;
  int rc = rt_queue_get(ac->done, &item);
  if (rc != RT_OK) {  /* item is the cancel message */
    if (out) *out = item;
    else rt__val_release(ac->loop, item);
    return rc;
  }
  rt_future *f = item;
  if (!f) return RT_ETIMEDOUT;  /* the dummy from _on_timeout */
  rc = rt__outcome(f, out);
  if (which) *which = f;
  else rt_future_release(f);
  return rc;
}

/* The owner lets go: nobody can read the results any more, so the
 * callbacks and the timer go now (they would only feed the queue). */
void rt_as_completed_free(rt_as_completed *ac) {
  if (!ac) return;
  rt__check(!ac->freed, "rt_as_completed_free twice");
  ac->freed = 1;
  ac->refs++;
  for (size_t i = 0; i < ac->ntodo; i++) rt_future_remove_done_cb(ac->todo[i], ac_on_completion, ac);
  if (ac->timer) {
    rt_handle *h = ac->timer;
    ac->timer = NULL;
    rt_handle_cancel(h);
    rt_handle_release(h);
  }
  ac->refs--;
  ac_unref(ac);
}
