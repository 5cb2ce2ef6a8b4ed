/* sync.c: asyncio's Lock, Event, Condition, Semaphore and BoundedSemaphore
 * (CPython 3.11 locks.py), and the waiting machinery queue.c shares: waiter
 * lists, the task keep-alive, loop binding. */
#include <string.h>

#include "ext_int.h"

/* ------------------------------------------------------- waiter lists */

int rt__flist_push(rt__flist *l, rt_future *f) {
  if (l->head + l->n == l->cap) {
    if (l->head > 0) {  /* room at the front: slide down, O(n) rarely */
      memmove(l->v, l->v + l->head, l->n * sizeof *l->v);
      l->head = 0;
    } else {
      uint32_t cap = l->cap ? l->cap * 2 : 4;
      rt_future **v = rt_realloc(l->v, cap * sizeof *v);
      if (!v) return RT_ENOMEM;
      l->v = v;
      l->cap = cap;
    }
  }
  l->v[l->head + l->n++] = f;
  f->refs++;
  return RT_OK;
}

/* deque.remove: the first occurrence. Waiters usually leave from the
 * front, which costs nothing to close up. */
bool rt__flist_remove(rt__flist *l, rt_future *f) {
  for (uint32_t i = 0; i < l->n; i++) {
    if (l->v[l->head + i] != f) continue;
    if (i == 0) {
      l->head++;
    } else {
      memmove(l->v + l->head + i, l->v + l->head + i + 1, (l->n - i - 1) * sizeof *l->v);
    }
    if (--l->n == 0) l->head = 0;
    rt_future_release(f);
    return true;
  }
  return false;
}

rt_future *rt__flist_popleft(rt__flist *l) {
  rt__check(l->n > 0, "rt__flist_popleft: empty list");
  rt_future *f = l->v[l->head++];
  if (--l->n == 0) l->head = 0;
  return f;
}

void rt__flist_clear(rt__flist *l) {
  /* Emptied before any release: a release cannot come back to l. */
  rt_future **v = l->v;
  uint32_t head = l->head, n = l->n;
  l->v = NULL;
  l->head = l->n = l->cap = 0;
  for (uint32_t i = 0; i < n; i++) rt_future_release(v[head + i]);
  rt_free(v);
}

/* --------------------------------------------------- keep-alive on a task */

/* An unscheduled handle in t->sleep_timer (ext_int.h's essay): marked done
 * so that nothing would ever run or cancel it; only its free_cb matters. */
int rt__hold(rt_task *t, rt_handle_free_cb free_cb, void *arg) {
  rt__check(t->sleep_timer == NULL, "rt__hold: the task already holds something");
  rt_handle *h = rt__handle_get(t->fut.loop);
  if (!h) return RT_ENOMEM;
  h->fn.cb = NULL;
  h->arg = arg;
  h->free_cb = free_cb;
  h->kind = RT_HK_CALLBACK;
  h->refs = 1;
  h->flags = RT__HF_DONE;
  t->sleep_timer = h;
  return RT_OK;
}

void rt__unhold(rt_task *t, bool run_free) {
  rt_handle *h = t->sleep_timer;
  rt__check(h != NULL, "rt__unhold: nothing held");
  t->sleep_timer = NULL;
  if (!run_free) h->free_cb = NULL;
  rt__handle_unref(h);
}

/* ------------------------------------------------------------- binding */

uint32_t rt__obj_id(void) {
  return atomic_fetch_add_explicit(&rt__next_future_id, 1, memory_order_relaxed);
}

int rt__sync_bind(rt__syncobj *o, rt_task **tp) {
  rt_task *t = rt__tls_state.task;
  if (!t) return RT_ENOTASK;
  rt_loop *loop = t->fut.loop;
  if (!o->loop) {
    o->loop = loop;
    loop->objs++;  /* the loop struct outlives a bound object */
  } else if (o->loop != loop) {
    return RT_EINVAL;  /* RuntimeError: ... is bound to a different event loop */
  }
  *tp = t;
  return RT_OK;
}

void rt__sync_unbind(rt__syncobj *o) {
  rt_loop *loop = o->loop;
  o->loop = NULL;
  if (loop) rt__loop_obj_put(loop);
}

static void hold_release_future(void *arg) { rt_future_release(arg); }

int rt__wait_on(rt__syncobj *o, rt__flist *l, int role, int wait_kind, rt_future **fut,
                void **msg) {
  rt_task *t = rt__tls_state.task;
  rt_loop *loop = o->loop;
  rt_future *f;
  *fut = NULL;
  if (rt__future_new(loop, wait_kind, &f) != RT_OK) return RT_ENOMEM;
  if (rt__flist_push(l, f) != RT_OK) {
    rt_future_release(f);
    return RT_ENOMEM;
  }
  /* Our reference rides on the task across the suspension. */
  if (rt__hold(t, hold_release_future, f) != RT_OK) {
    rt__flist_remove(l, f);
    rt_future_release(f);
    return RT_ENOMEM;
  }
  RT__TRACE(loop, RT_EV_SYNC_WAIT, o->id, f->id, l->n, role);
  void *v = NULL;
  int rc = rt_await(f, &v);  /* cannot fail to register: f is fresh */
  rt__unhold(t, false);      /* the reference is ours again */
  if (rc != RT_OK && msg) *msg = v;
  else rt__val_release(loop, v);
  *fut = f;
  return rc;
}

void rt__leave(rt__syncobj *o, rt__flist *l, rt_future *f, int role) {
  if (rt__flist_remove(l, f)) RT__TRACE(rt__sync_loop(o), RT_EV_SYNC_LEAVE, o->id, f->id, l->n, role);
}

/* Complete a waiter (set_result(True/False): the value is not used). */
static void wake(rt__syncobj *o, rt__flist *l, rt_future *f, int role) {
  rt__future_complete(f, RT_FUT_RESULT, NULL);
  RT__TRACE(rt__sync_loop(o), RT_EV_SYNC_WAKE, o->id, f->id, l->n, role);
}

static void obj_init(rt__syncobj *o, int kind, int64_t value, int64_t lock_id) {
  o->id = rt__obj_id();
  o->kind = (uint8_t)kind;
  o->loop = NULL;
  RT__TRACE(rt__sync_loop(o), RT_EV_SYNC_NEW, o->id, kind, value, lock_id);
}

static void obj_fini(rt__syncobj *o, rt__flist *l) {
  /* Freeing an object tasks still wait on is a bug, unless their loop is
   * closed (then nobody will ever run them). */
  rt__check(l->n == 0 || !o->loop || o->loop->closed,
            "sync object freed while tasks wait on it");
  RT__TRACE(rt__sync_loop(o), RT_EV_SYNC_FREE, o->id, o->kind, 0, 0);
  rt__flist_clear(l);
  rt__sync_unbind(o);
}

/* ---------------------------------------------------------------- Lock */

struct rt_lock {
  rt__syncobj o;
  uint8_t locked;
  rt__flist waiters;
};

int rt_lock_new(rt_lock **out) {
  rt_lock *l = rt_calloc(1, sizeof *l);
  if (!l) return RT_ENOMEM;
  obj_init(&l->o, RT_SYNC_LOCK, 0, 0);
  *out = l;
  return RT_OK;
}

void rt_lock_free(rt_lock *l) {
  if (!l) return;
  obj_fini(&l->o, &l->waiters);
  rt_free(l);
}

uint32_t rt_lock_id(const rt_lock *l) { return l->o.id; }
bool rt_lock_locked(const rt_lock *l) { return l->locked; }
size_t rt_lock_waiters(const rt_lock *l) { return l->waiters.n; }

static bool all_cancelled(const rt__flist *l) {
  for (uint32_t i = 0; i < l->n; i++)
    if (rt__flist_at(l, i)->state != RT_FUT_CANCELLED) return false;
  return true;
}

/* 3.11's _wake_up_first: only the first waiter, and only if not done (a
 * done one is already on its way and will take the lock, or pass it on
 * if it gets cancelled). */
static void lock_wake_up_first(rt_lock *l) {
  if (l->waiters.n == 0) return;
  rt_future *f = rt__flist_at(&l->waiters, 0);
  if (f->state == RT_FUT_PENDING) wake(&l->o, &l->waiters, f, RT_ROLE_WAITER);
}

/* asyncio Lock.acquire: O(waiters) for the fast-path check, as asyncio. */
int rt_lock_acquire(rt_lock *l, void **msg) {
  if (msg) *msg = NULL;
  if (!l->locked && all_cancelled(&l->waiters)) {
    l->locked = 1;
    RT__TRACE(rt__sync_loop(&l->o), RT_EV_SYNC_ACQUIRE, l->o.id, RT_SYNC_OP_ACQUIRE, 1, l->waiters.n);
    return RT_OK;
  }
  rt_task *t;
  int rc = rt__sync_bind(&l->o, &t);
  if (rc != RT_OK) return rc;
  rt_future *f;
  rc = rt__wait_on(&l->o, &l->waiters, RT_ROLE_WAITER, RT_WAIT_LOCK, &f, msg);
  if (!f) return rc;
  rt__leave(&l->o, &l->waiters, f, RT_ROLE_WAITER);  /* finally: remove */
  rt_future_release(f);
  if (rc != RT_OK) {
    /* Woken but cancelled before it ran (or cancelled while waiting):
     * make sure the next waiter is not stranded. */
    if (rc == RT_ECANCELLED && !l->locked) lock_wake_up_first(l);
    return rc;
  }
  l->locked = 1;
  RT__TRACE(l->o.loop, RT_EV_SYNC_ACQUIRE, l->o.id, RT_SYNC_OP_ACQUIRE, 1, l->waiters.n);
  return RT_OK;
}

int rt_lock_release(rt_lock *l) {
  if (!l->locked) return RT_ESTATE;  /* RuntimeError('Lock is not acquired.') */
  l->locked = 0;
  RT__TRACE(rt__sync_loop(&l->o), RT_EV_SYNC_RELEASE, l->o.id, RT_SYNC_OP_RELEASE, 0, l->waiters.n);
  lock_wake_up_first(l);
  return RT_OK;
}

/* --------------------------------------------------------------- Event */

struct rt_aevent {
  rt__syncobj o;
  uint8_t value;
  rt__flist waiters;
};

int rt_aevent_new(rt_aevent **out) {
  rt_aevent *e = rt_calloc(1, sizeof *e);
  if (!e) return RT_ENOMEM;
  obj_init(&e->o, RT_SYNC_EVENT, 0, 0);
  *out = e;
  return RT_OK;
}

void rt_aevent_free(rt_aevent *e) {
  if (!e) return;
  obj_fini(&e->o, &e->waiters);
  rt_free(e);
}

uint32_t rt_aevent_id(const rt_aevent *e) { return e->o.id; }
bool rt_aevent_is_set(const rt_aevent *e) { return e->value; }
size_t rt_aevent_waiters(const rt_aevent *e) { return e->waiters.n; }

void rt_aevent_set(rt_aevent *e) {
  if (e->value) return;
  e->value = 1;
  RT__TRACE(rt__sync_loop(&e->o), RT_EV_SYNC_RELEASE, e->o.id, RT_SYNC_OP_SET, 1, e->waiters.n);
  for (uint32_t i = 0; i < e->waiters.n; i++) {
    rt_future *f = rt__flist_at(&e->waiters, i);
    if (f->state == RT_FUT_PENDING) wake(&e->o, &e->waiters, f, RT_ROLE_WAITER);
  }
}

void rt_aevent_clear(rt_aevent *e) {
  e->value = 0;
  RT__TRACE(rt__sync_loop(&e->o), RT_EV_SYNC_RELEASE, e->o.id, RT_SYNC_OP_CLEAR, 0, e->waiters.n);
}

int rt_aevent_wait(rt_aevent *e, void **msg) {
  if (msg) *msg = NULL;
  if (e->value) {
    RT__TRACE(rt__sync_loop(&e->o), RT_EV_SYNC_ACQUIRE, e->o.id, RT_SYNC_OP_WAIT, 1, e->waiters.n);
    return RT_OK;
  }
  rt_task *t;
  int rc = rt__sync_bind(&e->o, &t);
  if (rc != RT_OK) return rc;
  rt_future *f;
  rc = rt__wait_on(&e->o, &e->waiters, RT_ROLE_WAITER, RT_WAIT_EVENT, &f, msg);
  if (!f) return rc;
  rt__leave(&e->o, &e->waiters, f, RT_ROLE_WAITER);
  rt_future_release(f);
  if (rc == RT_OK)
    RT__TRACE(e->o.loop, RT_EV_SYNC_ACQUIRE, e->o.id, RT_SYNC_OP_WAIT, e->value, e->waiters.n);
  return rc;
}

/* ----------------------------------------------------------- Condition */

struct rt_condition {
  rt__syncobj o;
  rt_lock *lock;
  uint8_t own_lock;
  rt__flist waiters;
};

int rt_condition_new(rt_lock *lock, rt_condition **out) {
  rt_condition *c = rt_calloc(1, sizeof *c);
  if (!c) return RT_ENOMEM;
  if (!lock) {
    if (rt_lock_new(&lock) != RT_OK) {
      rt_free(c);
      return RT_ENOMEM;
    }
    c->own_lock = 1;
  }
  c->lock = lock;
  obj_init(&c->o, RT_SYNC_CONDITION, 0, lock->o.id);
  *out = c;
  return RT_OK;
}

void rt_condition_free(rt_condition *c) {
  if (!c) return;
  obj_fini(&c->o, &c->waiters);
  if (c->own_lock) rt_lock_free(c->lock);
  rt_free(c);
}

uint32_t rt_condition_id(const rt_condition *c) { return c->o.id; }
rt_lock *rt_condition_lock(rt_condition *c) { return c->lock; }
size_t rt_condition_waiters(const rt_condition *c) { return c->waiters.n; }

/* Condition.wait: release, wait for a notify, then re-acquire whatever
 * happens; a cancellation during the re-acquire is remembered and raised
 * (without a message) once the lock is held again. */
int rt_condition_wait(rt_condition *c, void **msg) {
  if (msg) *msg = NULL;
  if (!c->lock->locked) return RT_ESTATE;  /* 'cannot wait on un-acquired lock' */
  rt_task *t;
  int rc = rt__sync_bind(&c->o, &t);
  if (rc != RT_OK) return rc;
  rt_loop *loop = c->o.loop;
  rt_lock_release(c->lock);
  void *m = NULL;
  rt_future *f;
  rc = rt__wait_on(&c->o, &c->waiters, RT_ROLE_WAITER, RT_WAIT_CONDITION, &f, &m);
  if (f) {
    rt__leave(&c->o, &c->waiters, f, RT_ROLE_WAITER);
    rt_future_release(f);
  }
  bool cancelled = false;
  for (;;) {
    void *m2 = NULL;
    int rc2 = rt_lock_acquire(c->lock, &m2);
    if (rc2 == RT_OK) break;
    rt__val_release(loop, m2);
    if (rc2 != RT_ECANCELLED) {  /* out of memory: the lock is not held */
      rt__val_release(loop, m);
      return rc2;
    }
    cancelled = true;
  }
  if (cancelled) {  /* raise exceptions.CancelledError: no message */
    rt__val_release(loop, m);
    return RT_ECANCELLED;
  }
  if (rc != RT_OK && msg) *msg = m;
  else rt__val_release(loop, m);
  if (rc == RT_OK)
    RT__TRACE(loop, RT_EV_SYNC_ACQUIRE, c->o.id, RT_SYNC_OP_WAIT, 1, c->waiters.n);
  return rc;
}

int rt_condition_wait_for(rt_condition *c, rt_predicate_fn pred, void *ud, void **msg) {
  if (msg) *msg = NULL;
  int r = pred(ud);
  while (r == 0) {
    int rc = rt_condition_wait(c, msg);
    if (rc != RT_OK) return rc;
    r = pred(ud);
  }
  return r < 0 ? r : RT_OK;
}

/* Wake up to n waiters that are not done yet, oldest first. */
int rt_condition_notify(rt_condition *c, size_t n) {
  if (!c->lock->locked) return RT_ESTATE;  /* 'cannot notify on un-acquired lock' */
  size_t woken = 0;
  for (uint32_t i = 0; i < c->waiters.n && woken < n; i++) {
    rt_future *f = rt__flist_at(&c->waiters, i);
    if (f->state != RT_FUT_PENDING) continue;
    woken++;
    wake(&c->o, &c->waiters, f, RT_ROLE_WAITER);
  }
  RT__TRACE(rt__sync_loop(&c->o), RT_EV_SYNC_RELEASE, c->o.id, RT_SYNC_OP_NOTIFY, woken,
            c->waiters.n);
  return RT_OK;
}

int rt_condition_notify_all(rt_condition *c) { return rt_condition_notify(c, c->waiters.n); }

/* ----------------------------------------------------------- Semaphore */

struct rt_sem {
  rt__syncobj o;
  long value;
  long bound;  /* BoundedSemaphore's initial value; -1: unbounded */
  rt__flist waiters;
};

int rt_sem_new(long value, bool bounded, rt_sem **out) {
  if (value < 0) return RT_EINVAL;  /* "Semaphore initial value must be >= 0" */
  rt_sem *s = rt_calloc(1, sizeof *s);
  if (!s) return RT_ENOMEM;
  s->value = value;
  s->bound = bounded ? value : -1;
  obj_init(&s->o, bounded ? RT_SYNC_BOUNDED_SEMAPHORE : RT_SYNC_SEMAPHORE, value, 0);
  *out = s;
  return RT_OK;
}

void rt_sem_free(rt_sem *s) {
  if (!s) return;
  obj_fini(&s->o, &s->waiters);
  rt_free(s);
}

uint32_t rt_sem_id(const rt_sem *s) { return s->o.id; }
long rt_sem_value(const rt_sem *s) { return s->value; }
size_t rt_sem_waiters(const rt_sem *s) { return s->waiters.n; }

bool rt_sem_locked(const rt_sem *s) {
  if (s->value == 0) return true;
  for (uint32_t i = 0; i < s->waiters.n; i++)
    if (rt__flist_at(&s->waiters, i)->state != RT_FUT_CANCELLED) return true;
  return false;
}

/* 3.11's _wake_up_next: the first waiter not done takes a unit now. */
static void sem_wake_up_next(rt_sem *s) {
  for (uint32_t i = 0; i < s->waiters.n; i++) {
    rt_future *f = rt__flist_at(&s->waiters, i);
    if (f->state != RT_FUT_PENDING) continue;
    s->value--;
    wake(&s->o, &s->waiters, f, RT_ROLE_WAITER);
    return;
  }
}

int rt_sem_acquire(rt_sem *s, void **msg) {
  if (msg) *msg = NULL;
  if (!rt_sem_locked(s)) {
    s->value--;
    RT__TRACE(rt__sync_loop(&s->o), RT_EV_SYNC_ACQUIRE, s->o.id, RT_SYNC_OP_ACQUIRE, s->value,
              s->waiters.n);
    return RT_OK;
  }
  rt_task *t;
  int rc = rt__sync_bind(&s->o, &t);
  if (rc != RT_OK) return rc;
  rt_future *f;
  rc = rt__wait_on(&s->o, &s->waiters, RT_ROLE_WAITER, RT_WAIT_SEMAPHORE, &f, msg);
  if (!f) return rc;
  rt__leave(&s->o, &s->waiters, f, RT_ROLE_WAITER);
  bool woken = f->state == RT_FUT_RESULT;
  rt_future_release(f);
  if (rc != RT_OK) {
    /* Cancelled after _wake_up_next gave us a unit: give it back on. */
    if (rc == RT_ECANCELLED && woken) {
      s->value++;
      sem_wake_up_next(s);
    }
    return rc;
  }
  if (s->value > 0) sem_wake_up_next(s);
  RT__TRACE(s->o.loop, RT_EV_SYNC_ACQUIRE, s->o.id, RT_SYNC_OP_ACQUIRE, s->value, s->waiters.n);
  return RT_OK;
}

int rt_sem_release(rt_sem *s) {
  if (s->bound >= 0 && s->value >= s->bound)
    return RT_ETOOMANY;  /* ValueError('BoundedSemaphore released too many times') */
  s->value++;
  RT__TRACE(rt__sync_loop(&s->o), RT_EV_SYNC_RELEASE, s->o.id, RT_SYNC_OP_RELEASE, s->value,
            s->waiters.n);
  sem_wake_up_next(s);
  return RT_OK;
}
