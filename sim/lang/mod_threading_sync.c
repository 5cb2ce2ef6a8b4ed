/* mod_threading_sync.c: threading's Lock, RLock, Event, Condition, Semaphore and BoundedSemaphore.
 *
 * Their state is plain Python state guarded by the GIL; a thread that must
 * wait sleeps on the object's platform condition with the GIL as its
 * mutex (lang__gil_wait), made on the first wait. A release wakes one
 * waiter (FIFO on the virtual platform), which checks again: a thread
 * that takes the lock back before the woken one runs keeps it, as with
 * CPython's locks. Condition keeps a FIFO of waiter tokens so notify(n)
 * wakes exactly the n oldest waiters.
 */
#include "mod_threading.h"

#include <limits.h>
#include <string.h>

enum { K_LOCK, K_RLOCK, K_EVENT, K_COND, K_SEM, K_BSEM };

typedef struct cwaiter {
  struct cwaiter *next;
  bool notified;
} cwaiter;

typedef struct tl_obj {
  py_obj ob;
  int kind;
  rt_cond *cond;             /* waits; made on the first one */
  bool locked;               /* Lock, RLock */
  lang_thread *owner;        /* RLock */
  long count;                /* RLock: recursion; Semaphore: value */
  long initial;              /* BoundedSemaphore */
  bool flag;                 /* Event */
  py_obj *lock;              /* Condition: its lock */
  cwaiter *head, *tail;      /* Condition: waiters, oldest first */
} tl_obj;

#define TL(o) ((tl_obj *)(o))

static py_type lock_type, rlock_type, event_type, cond_type, sem_type, bsem_type;

static void tl_dealloc(py_obj *o) {
  tl_obj *t = TL(o);
  if (t->cond) lang__platform()->cond_free(t->cond);
  py_xdecref(t->lock);
  py_obj_free(o, (size_t)o->type->basicsize);
}
static int tl_traverse(py_obj *o, py_visitfn visit, void *arg) {
  return TL(o)->lock ? visit(TL(o)->lock, arg) : 0;
}
static void tl_clear(py_obj *o) { PY_CLEAR(TL(o)->lock); }

/* Sleep on t's condition until woken or the deadline: 0 woken, 1 the
 * deadline passed, -1 with an exception (out of memory; the run is over). */
static int tl_wait(tl_obj *t, double deadline) {
  if (!t->cond) {
    rt_platform *p = lang__platform();
    if (p->cond_new(p, &t->cond) != RT_OK) {
      py_err_no_memory();
      return -1;
    }
  }
  int rc = lang__gil_wait(t->cond, deadline);
  if (rc == RT_EDEADLOCK) {
    lang__run_over();
    return -1;
  }
  return rc == RT_ETIMEDOUT;
}

static void tl_wake(tl_obj *t, bool all) {
  if (!t->cond) return;
  rt_platform *p = lang__platform();
  if (all) p->cond_broadcast(t->cond);
  else p->cond_signal(t->cond);
}

static double deadline_of(double timeout) { return timeout < 0 ? -1.0 : lang__now() + timeout; }

/* ------------------------------------------------------- Lock, RLock */

/* Take the lock: 1 taken, 0 not (non-blocking, or the timeout passed),
 * -1 error. */
static int lock_take(tl_obj *t, bool blocking, double timeout) {
  lang_thread *me = lang__thread_current();
  if (t->kind == K_RLOCK && t->locked && t->owner == me) {
    t->count++;
    return 1;
  }
  double deadline = deadline_of(timeout);
  while (t->locked) {
    if (!blocking) return 0;
    int rc = tl_wait(t, deadline);
    if (rc < 0) return -1;
    if (rc && t->locked) return 0;
  }
  t->locked = true;
  t->owner = me;
  t->count = 1;
  return 1;
}

static int lock_give(tl_obj *t) {
  if (t->kind == K_RLOCK) {
    if (!t->locked || t->owner != lang__thread_current()) {
      py_err_set_str(&py_exc_RuntimeError, "cannot release un-acquired lock");
      return -1;
    }
    if (--t->count > 0) return 0;
  } else if (!t->locked) {
    py_err_set_str(&py_exc_RuntimeError, "release unlocked lock");
    return -1;
  }
  t->locked = false;
  t->owner = NULL;
  t->count = 0;
  tl_wake(t, false);
  return 0;
}

static py_obj *lk_acquire(MOD_ARGS) {
  static const char *const names[] = {"blocking", "timeout"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("acquire", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  int blocking = 1;
  if (a[0] && (blocking = py_is_true(a[0])) < 0) return NULL;
  double timeout = -1;
  if (a[1] && py_float_as_double(a[1], &timeout) < 0) return NULL;
  if (!blocking && timeout != -1)
    return py_err_set_str(&py_exc_ValueError, "can't specify a timeout for a non-blocking call");
  if (timeout < 0 && timeout != -1)
    return py_err_set_str(&py_exc_ValueError, "timeout value must be a non-negative number");
  int r = lock_take(TL(self), blocking, timeout);
  return r < 0 ? NULL : py_bool_from(r);
}

static py_obj *lk_release(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("release", kwnames) < 0 || py_check_args("release", nargs, 0, 0) < 0) return NULL;
  return lock_give(TL(self)) < 0 ? NULL : py_newref(py_None);
}

static py_obj *lk_exit(MOD_ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  return lock_give(TL(self)) < 0 ? NULL : py_newref(py_None);
}

static py_obj *lk_locked(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("locked", kwnames) < 0 || py_check_args("locked", nargs, 0, 0) < 0) return NULL;
  return py_bool_from(TL(self)->locked);
}

static py_obj *lk_repr(py_obj *o) {
  tl_obj *t = TL(o);
  if (t->kind == K_RLOCK)
    return py_str_from_format("<%s %s.%s object owner=%llu count=%ld at %p>",
                              t->locked ? "locked" : "unlocked", o->type->module, o->type->name,
                              (unsigned long long)(t->owner ? t->owner->ident : 0), t->count,
                              (void *)o);
  return py_str_from_format("<%s %s.%s object at %p>", t->locked ? "locked" : "unlocked",
                            o->type->module, o->type->name, (void *)o);
}

static const py_method_def lock_methods[] = {
    {"acquire", lk_acquire, 0}, {"release", lk_release, 0}, {"locked", lk_locked, 0},
    {"__enter__", lk_acquire, 0}, {"__exit__", lk_exit, 0}, {NULL, NULL, 0}};
static const py_method_def rlock_methods[] = {
    {"acquire", lk_acquire, 0}, {"release", lk_release, 0},
    {"__enter__", lk_acquire, 0}, {"__exit__", lk_exit, 0}, {NULL, NULL, 0}};

/* -------------------------------------------------------------- Event */

static py_obj *ev_is_set(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("is_set", kwnames) < 0 || py_check_args("is_set", nargs, 0, 0) < 0) return NULL;
  return py_bool_from(TL(self)->flag);
}
static py_obj *ev_set(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("set", kwnames) < 0 || py_check_args("set", nargs, 0, 0) < 0) return NULL;
  TL(self)->flag = true;
  tl_wake(TL(self), true);
  return py_newref(py_None);
}
static py_obj *ev_clear(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("clear", kwnames) < 0 || py_check_args("clear", nargs, 0, 0) < 0) return NULL;
  TL(self)->flag = false;
  return py_newref(py_None);
}
static py_obj *ev_wait(MOD_ARGS) {
  double timeout;
  if (lang__mod_timeout_arg("wait", args, nargs, kwnames, &timeout) < 0) return NULL;
  tl_obj *t = TL(self);
  double deadline = deadline_of(timeout);
  while (!t->flag) {
    int rc = tl_wait(t, deadline);
    if (rc < 0) return NULL;
    if (rc) break;
  }
  return py_bool_from(t->flag);
}
static const py_method_def event_methods[] = {
    {"is_set", ev_is_set, 0}, {"set", ev_set, 0}, {"clear", ev_clear, 0},
    {"wait", ev_wait, 0}, {NULL, NULL, 0}};

/* ---------------------------------------------------------- Condition */

static bool is_own_lock(py_obj *l) { return l->type == &lock_type || l->type == &rlock_type; }

/* _is_owned: an RLock held by this thread; a Lock held at all (CPython's
 * test for a plain lock). Other locks: try acquire(False). */
static int cond_owned(tl_obj *c) {
  if (is_own_lock(c->lock)) {
    tl_obj *l = TL(c->lock);
    return l->kind == K_RLOCK ? l->locked && l->owner == lang__thread_current() : l->locked;
  }
  py_obj *f = py_False;
  py_obj *r = py_call_method_str(c->lock, "acquire", &f, 1);
  if (!r) return -1;
  int got = py_is_true(r);
  py_decref(r);
  if (got <= 0) return got < 0 ? -1 : 1;
  r = py_call_method_str(c->lock, "release", NULL, 0);
  if (!r) return -1;
  py_decref(r);
  return 0;
}

static py_obj *cond_delegate(py_obj *self, const char *name, py_obj *const *args, py_ssize_t nargs,
                             py_obj *kwnames) {
  py_obj *n = py_intern_cstr(name);
  if (!n) return NULL;
  py_obj *r = py_call_method(TL(self)->lock, n, args, nargs, kwnames);
  py_decref(n);
  return r;
}
static py_obj *cd_acquire(MOD_ARGS) { return cond_delegate(self, "acquire", args, nargs, kwnames); }
static py_obj *cd_release(MOD_ARGS) { return cond_delegate(self, "release", args, nargs, kwnames); }
static py_obj *cd_enter(MOD_ARGS) { return cond_delegate(self, "__enter__", args, nargs, kwnames); }
static py_obj *cd_exit(MOD_ARGS) { return cond_delegate(self, "__exit__", args, nargs, kwnames); }

/* Release the lock completely (an RLock's recursion saved in *count). */
static int release_save(tl_obj *c, long *count) {
  *count = 1;
  if (is_own_lock(c->lock)) {
    tl_obj *l = TL(c->lock);
    *count = l->count;
    l->count = 1;
    return lock_give(l);
  }
  py_obj *r = py_call_method_str(c->lock, "release", NULL, 0);
  py_xdecref(r);
  return r ? 0 : -1;
}

static int acquire_restore(tl_obj *c, long count) {
  if (is_own_lock(c->lock)) {
    tl_obj *l = TL(c->lock);
    if (lock_take(l, true, -1) < 0) return -1;
    l->count = count;
    return 0;
  }
  py_obj *r = py_call_method_str(c->lock, "acquire", NULL, 0);
  py_xdecref(r);
  return r ? 0 : -1;
}

static void waiter_unlink(tl_obj *c, cwaiter *w) {
  for (cwaiter **p = &c->head, *prev = NULL; *p; prev = *p, p = &(*p)->next)
    if (*p == w) {
      *p = w->next;
      if (c->tail == w) c->tail = prev;
      return;
    }
}

/* wait(timeout): 1 notified, 0 timed out, -1 error. */
static int cond_wait(tl_obj *c, double timeout) {
  int owned = cond_owned(c);
  if (owned < 0) return -1;
  if (!owned) {
    py_err_set_str(&py_exc_RuntimeError, "cannot wait on un-acquired lock");
    return -1;
  }
  cwaiter w = {NULL, false};
  if (c->tail) c->tail->next = &w;
  else c->head = &w;
  c->tail = &w;
  long count;
  if (release_save(c, &count) < 0) {
    waiter_unlink(c, &w);
    return -1;
  }
  double deadline = deadline_of(timeout);
  int rc = 0;
  while (!w.notified && rc == 0) rc = tl_wait(c, deadline);
  if (!w.notified) waiter_unlink(c, &w);
  py_obj *pending = rc < 0 ? py_err_fetch() : NULL;
  int ar = acquire_restore(c, count);
  if (pending) {
    py_err_restore(pending);
    return -1;
  }
  return ar < 0 ? -1 : w.notified;
}

static py_obj *cd_wait(MOD_ARGS) {
  double timeout;
  if (lang__mod_timeout_arg("wait", args, nargs, kwnames, &timeout) < 0) return NULL;
  int r = cond_wait(TL(self), timeout);
  return r < 0 ? NULL : py_bool_from(r);
}

static py_obj *cd_wait_for(MOD_ARGS) {
  static const char *const names[] = {"predicate", "timeout"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("wait_for", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  if (!a[0]) return py_err_set_str(&py_exc_TypeError, "wait_for() missing 1 required positional argument: 'predicate'");
  double timeout;
  if (lang__mod_timeout(a[1], &timeout) < 0) return NULL;
  double end = timeout < 0 ? -1 : lang__now() + timeout;
  py_obj *result = py_call0(a[0]);
  for (;;) {
    if (!result) return NULL;
    int t = py_is_true(result);
    if (t != 0) {
      if (t < 0) PY_CLEAR(result);
      return result;
    }
    double wait = -1;
    if (end >= 0) {
      wait = end - lang__now();
      if (wait <= 0) return result;
    }
    py_decref(result);
    if (cond_wait(TL(self), wait) < 0) return NULL;
    result = py_call0(a[0]);
  }
}

static py_obj *cond_notify(py_obj *self, long n) {
  tl_obj *c = TL(self);
  int owned = cond_owned(c);
  if (owned < 0) return NULL;
  if (!owned) return py_err_set_str(&py_exc_RuntimeError, "cannot notify on un-acquired lock");
  bool any = false;
  while (n-- > 0 && c->head) {
    cwaiter *w = c->head;
    c->head = w->next;
    if (!c->head) c->tail = NULL;
    w->notified = true;
    any = true;
  }
  if (any) tl_wake(c, true);
  return py_newref(py_None);
}

static py_obj *cd_notify(MOD_ARGS) {
  int64_t n;
  if (lang__mod_count_arg("notify", args, nargs, kwnames, &n) < 0) return NULL;
  return cond_notify(self, (long)n);
}
static py_obj *cd_notify_all(MOD_ARGS) {
  (void)args;
  if (py_check_nokw("notify_all", kwnames) < 0 || py_check_args("notify_all", nargs, 0, 0) < 0) return NULL;
  return cond_notify(self, LONG_MAX);
}

static py_obj *cd_repr(py_obj *o) {
  tl_obj *c = TL(o);
  long n = 0;
  for (cwaiter *w = c->head; w; w = w->next) n++;
  py_obj *lr = py_repr(c->lock);
  if (!lr) return NULL;
  py_obj *r = py_str_from_format("<Condition(%s, %ld)>", py_str_utf8(lr), n);
  py_decref(lr);
  return r;
}

static const py_method_def cond_methods[] = {
    {"acquire", cd_acquire, 0}, {"release", cd_release, 0}, {"__enter__", cd_enter, 0},
    {"__exit__", cd_exit, 0}, {"wait", cd_wait, 0}, {"wait_for", cd_wait_for, 0},
    {"notify", cd_notify, 0}, {"notify_all", cd_notify_all, 0}, {NULL, NULL, 0}};

/* ---------------------------------------------------------- Semaphore */

static py_obj *sm_acquire(MOD_ARGS) {
  static const char *const names[] = {"blocking", "timeout"};
  py_obj *a[2] = {NULL, NULL};
  if (py_parse_args("acquire", args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
  int blocking = 1;
  if (a[0] && (blocking = py_is_true(a[0])) < 0) return NULL;
  if (!blocking && a[1] && a[1] != py_None)
    return py_err_set_str(&py_exc_ValueError, "can't specify timeout for non-blocking acquire");
  double timeout;
  if (lang__mod_timeout(a[1], &timeout) < 0) return NULL;
  tl_obj *t = TL(self);
  double deadline = deadline_of(timeout);
  while (t->count == 0) {
    if (!blocking) return py_bool_from(false);
    int rc = tl_wait(t, deadline);
    if (rc < 0) return NULL;
    if (rc && t->count == 0) return py_bool_from(false);
  }
  t->count--;
  return py_bool_from(true);
}

static py_obj *sm_release(MOD_ARGS) {
  int64_t n;
  if (lang__mod_count_arg("release", args, nargs, kwnames, &n) < 0) return NULL;
  if (n < 1) return py_err_set_str(&py_exc_ValueError, "n must be one or more");
  tl_obj *t = TL(self);
  if (t->kind == K_BSEM && t->count + n > t->initial)
    return py_err_set_str(&py_exc_ValueError, "Semaphore released too many times");
  t->count += (long)n;
  for (int64_t i = 0; i < n; i++) tl_wake(t, false);
  return py_newref(py_None);
}

static py_obj *sm_exit(MOD_ARGS) {
  (void)args; (void)nargs; (void)kwnames;
  return sm_release(self, NULL, 0, NULL);
}

static const py_method_def sem_methods[] = {
    {"acquire", sm_acquire, 0}, {"release", sm_release, 0}, {"__enter__", sm_acquire, 0},
    {"__exit__", sm_exit, 0}, {NULL, NULL, 0}};

/* -------------------------------------------------------- construction */

static int kind_of(py_type *t) {
  if (py_type_is_subtype(t, &rlock_type)) return K_RLOCK;
  if (py_type_is_subtype(t, &event_type)) return K_EVENT;
  if (py_type_is_subtype(t, &cond_type)) return K_COND;
  if (py_type_is_subtype(t, &bsem_type)) return K_BSEM;
  if (py_type_is_subtype(t, &sem_type)) return K_SEM;
  return K_LOCK;
}

static py_obj *tl_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  (void)args; (void)nargs; (void)kwnames;
  tl_obj *t = (tl_obj *)py_obj_alloc(type, (size_t)type->basicsize);
  if (!t) return NULL;
  t->kind = kind_of(type);
  return &t->ob;
}

static int tl_init(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  tl_obj *t = TL(self);
  switch (t->kind) {
  case K_COND: {
    static const char *const names[] = {"lock"};
    py_obj *a[1] = {NULL};
    if (py_parse_args("Condition", args, nargs, kwnames, names, 1, 0, a) < 0) return -1;
    py_obj *l = a[0] && a[0] != py_None ? py_newref(a[0]) : tl_new(&rlock_type, NULL, 0, NULL);
    if (!l) return -1;
    PY_SETREF(t->lock, l);
    return 0;
  }
  case K_SEM: case K_BSEM: {
    static const char *const names[] = {"value"};
    py_obj *a[1] = {NULL};
    if (py_parse_args(t->kind == K_SEM ? "Semaphore" : "BoundedSemaphore", args, nargs, kwnames,
                      names, 1, 0, a) < 0)
      return -1;
    int64_t v = 1;
    if (a[0] && py_index_value(a[0], &v) < 0) return -1;
    if (v < 0) {
      py_err_set_str(&py_exc_ValueError, "semaphore initial value must be >= 0");
      return -1;
    }
    t->count = t->initial = (long)v;
    return 0;
  }
  default:
    if (py_check_nokw(self->type->name, kwnames) < 0 ||
        py_check_args(self->type->name, nargs, 0, 0) < 0)
      return -1;
    return 0;
  }
}

#define SYNC_TYPE(var, nm, mod, flags_, meths, ...) \
  static py_type var = {                            \
      .ob = {PY_IMMORTAL, &py_type_type},           \
      .name = nm,                                   \
      .module = mod,                                \
      .flags = PY_TF_GC | (flags_),                 \
      .basicsize = sizeof(tl_obj),                  \
      .new_ = tl_new,                               \
      .init = tl_init,                              \
      .dealloc = tl_dealloc,                        \
      .traverse = tl_traverse,                      \
      .clear = tl_clear,                            \
      .methods = meths,                             \
      __VA_ARGS__}
SYNC_TYPE(lock_type, "lock", "_thread", 0, lock_methods, .repr = lk_repr);
SYNC_TYPE(rlock_type, "RLock", "_thread", 0, rlock_methods, .repr = lk_repr);
SYNC_TYPE(event_type, "Event", "threading", PY_TF_BASETYPE, event_methods);
SYNC_TYPE(cond_type, "Condition", "threading", PY_TF_BASETYPE, cond_methods, .repr = cd_repr);
SYNC_TYPE(sem_type, "Semaphore", "threading", PY_TF_BASETYPE, sem_methods);
SYNC_TYPE(bsem_type, "BoundedSemaphore", "threading", PY_TF_BASETYPE, sem_methods,
          .base = &sem_type);

int lang__threading_sync_fill(py_obj *d) {
  static py_type *const types[] = {&lock_type, &rlock_type, &event_type, &cond_type,
                                   &sem_type, &bsem_type, NULL};
  if (lang__mod_add_types(d, types) < 0) return -1;
  /* threading.Lock is _thread.allocate_lock: the type is callable alike */
  if (py_dict_set_str(d, "Lock", &lock_type.ob) < 0) return -1;
  py_obj *k = py_intern_cstr("lock");
  int rc = k ? py_dict_del(d, k) : -1;
  py_xdecref(k);
  return rc;
}
