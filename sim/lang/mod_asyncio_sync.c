/* mod_asyncio_sync.c: asyncio's Lock, Event, Condition, Semaphore, BoundedSemaphore and queues, bound to the runtime's sync objects.
 *
 * Each Python object owns its runtime object. The waiting methods
 * (acquire, wait, wait_for, put, get, join) return an aio_op; awaiting it
 * yields it to the task body, which calls aio__sync_perform on the task's
 * own stack, where the runtime call may suspend. A method that cannot wait
 * (the Event is set, __aexit__) returns an OP_DONE op whose await never
 * suspends, as CPython's coroutines that return at once.
 */
#include <stdio.h>
#include <string.h>

#include "mod_asyncio_int.h"
#include "modules_int.h"

#define ARGS py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames

enum { K_LOCK, K_EVENT, K_COND, K_SEM, K_BSEM };

typedef struct aio_sync {
  py_obj ob;
  int kind;
  rt_lock *lock;
  rt_aevent *ev;
  rt_condition *cond;
  rt_sem *sem;
  py_obj *lock_obj;     /* Condition(lock): the Lock object it shares */
} aio_sync;

typedef struct aio_queue {
  py_obj ob;
  rt_queue *q;
} aio_queue;

static py_type sync_lock_type, sync_event_type, sync_cond_type, sync_sem_type, sync_bsem_type;
static py_type queue_fifo_type, queue_lifo_type, queue_prio_type;
static py_obj *g_queue_full, *g_queue_empty;   /* exception classes (borrowed:
                                                  the module's dict owns them) */

/* ------------------------------------------------------------- helpers */

static py_obj *op_done(py_obj *value) {   /* value: a reference taken over */
  aio_op *s = aio__op_new(OP_DONE, "coroutine");
  if (!s) { py_decref(value); return NULL; }
  s->out = value;
  return &s->ob;
}

static py_obj *op_on(int kind, const char *name, py_obj *target, py_obj *arg) {
  aio_op *s = aio__op_new(kind, name);
  if (!s) return NULL;
  s->target = py_newref(target);
  s->result = arg ? py_newref(arg) : NULL;
  return &s->ob;
}

static void sync_dealloc(py_obj *o) {
  aio_sync *s = (aio_sync *)o;
  if (s->kind == K_COND) {
    rt_condition_free(s->cond);
    if (!s->lock_obj) s->lock = NULL;   /* the condition's own */
  }
  if (!s->lock_obj) rt_lock_free(s->lock);
  rt_aevent_free(s->ev);
  rt_sem_free(s->sem);
  py_xdecref(s->lock_obj);
  py_obj_free(o, sizeof(aio_sync));
}
static int sync_traverse(py_obj *o, py_visitfn visit, void *arg) {
  aio_sync *s = (aio_sync *)o;
  return s->lock_obj ? visit(s->lock_obj, arg) : 0;
}

static rt_lock *lock_of(aio_sync *s) {
  return s->kind == K_COND ? rt_condition_lock(s->cond) : s->lock;
}

static py_obj *sync_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  aio_sync *s = (aio_sync *)py_obj_alloc(type, sizeof(aio_sync));
  if (!s) return NULL;
  int rc = RT_OK;
  if (type == &sync_lock_type) {
    s->kind = K_LOCK;
    if (py_check_nokw("Lock", kwnames) < 0 || py_check_args("Lock", nargs, 0, 0) < 0) goto fail;
    rc = rt_lock_new(&s->lock);
  } else if (type == &sync_event_type) {
    s->kind = K_EVENT;
    if (py_check_nokw("Event", kwnames) < 0 || py_check_args("Event", nargs, 0, 0) < 0) goto fail;
    rc = rt_aevent_new(&s->ev);
  } else if (type == &sync_cond_type) {
    s->kind = K_COND;
    static const char *const names[] = {"lock"};
    py_obj *a[1] = {NULL};
    if (py_parse_args("Condition", args, nargs, kwnames, names, 1, 0, a) < 0) goto fail;
    rt_lock *l = NULL;
    if (a[0] && a[0] != py_None) {
      if (a[0]->type != &sync_lock_type) {
        py_err_set_str(&py_exc_TypeError, "lock must be an asyncio.Lock");
        goto fail;
      }
      s->lock_obj = py_newref(a[0]);
      l = ((aio_sync *)a[0])->lock;
    }
    rc = rt_condition_new(l, &s->cond);
    if (rc == RT_OK) s->lock = rt_condition_lock(s->cond);
  } else {
    bool bounded = type == &sync_bsem_type;
    s->kind = bounded ? K_BSEM : K_SEM;
    static const char *const names[] = {"value"};
    py_obj *a[1] = {NULL};
    if (py_parse_args(bounded ? "BoundedSemaphore" : "Semaphore", args, nargs, kwnames, names, 1, 0, a) < 0)
      goto fail;
    int64_t v = 1;
    if (a[0] && py_index_value(a[0], &v) < 0) goto fail;
    if (v < 0) {
      py_err_set_str(&py_exc_ValueError, "Semaphore initial value must be >= 0");
      goto fail;
    }
    rc = rt_sem_new((long)v, bounded, &s->sem);
  }
  if (rc != RT_OK) { aio__rt_error(rc); goto fail; }
  return &s->ob;
fail:
  py_decref(&s->ob);
  return NULL;
}

/* ------------------------------------------------------------- methods */

static py_obj *m_acquire(ARGS) {
  (void)args; (void)kwnames;
  if (py_check_args("acquire", nargs, 0, 0) < 0) return NULL;
  aio_sync *s = (aio_sync *)self;
  return op_on(s->kind == K_SEM || s->kind == K_BSEM ? OP_SEM_ACQUIRE : OP_LOCK_ACQUIRE, "acquire", self, NULL);
}

static py_obj *m_release(ARGS) {
  (void)args; (void)kwnames;
  if (py_check_args("release", nargs, 0, 0) < 0) return NULL;
  aio_sync *s = (aio_sync *)self;
  if (s->kind == K_SEM || s->kind == K_BSEM) {
    int rc = rt_sem_release(s->sem);
    if (rc == RT_ETOOMANY) return py_err_set_str(&py_exc_ValueError, "BoundedSemaphore released too many times");
    if (rc != RT_OK) return aio__rt_error(rc);
  } else {
    int rc = rt_lock_release(lock_of(s));
    if (rc == RT_ESTATE) return py_err_set_str(&py_exc_RuntimeError, "Lock is not acquired.");
    if (rc != RT_OK) return aio__rt_error(rc);
  }
  return py_newref(py_None);
}

static py_obj *m_locked(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  aio_sync *s = (aio_sync *)self;
  if (s->kind == K_SEM || s->kind == K_BSEM) return py_bool_from(rt_sem_locked(s->sem));
  return py_bool_from(rt_lock_locked(lock_of(s)));
}

static py_obj *m_aenter(ARGS) {
  py_obj *op = m_acquire(self, args, nargs, kwnames);
  if (op) ((aio_op *)op)->out_none = true;   /* asyncio's __aenter__ returns None */
  return op;
}

static py_obj *m_aexit(ARGS) {
  (void)args; (void)nargs;
  py_obj *r = m_release(self, NULL, 0, kwnames);
  if (!r) return NULL;
  return op_done(r);
}

static py_obj *ev_set(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  rt_aevent_set(((aio_sync *)self)->ev);
  return py_newref(py_None);
}
static py_obj *ev_clear(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  rt_aevent_clear(((aio_sync *)self)->ev);
  return py_newref(py_None);
}
static py_obj *ev_is_set(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  return py_bool_from(rt_aevent_is_set(((aio_sync *)self)->ev));
}
static py_obj *ev_wait(ARGS) {
  (void)args; (void)kwnames;
  if (py_check_args("wait", nargs, 0, 0) < 0) return NULL;
  if (rt_aevent_is_set(((aio_sync *)self)->ev)) return op_done(py_newref(py_True));
  return op_on(OP_EVENT_WAIT, "wait", self, NULL);
}

static py_obj *cond_wait(ARGS) {
  (void)args; (void)kwnames;
  if (py_check_args("wait", nargs, 0, 0) < 0) return NULL;
  return op_on(OP_COND_WAIT, "wait", self, NULL);
}
static py_obj *cond_wait_for(ARGS) {
  (void)kwnames;
  if (py_check_args("wait_for", nargs, 1, 1) < 0) return NULL;
  return op_on(OP_COND_WAIT_FOR, "wait_for", self, args[0]);
}
static py_obj *cond_notify(ARGS) {
  static const char *const names[] = {"n"};
  py_obj *a[1] = {NULL};
  if (py_parse_args("notify", args, nargs, kwnames, names, 1, 0, a) < 0) return NULL;
  int64_t n = 1;
  if (a[0] && py_index_value(a[0], &n) < 0) return NULL;
  int rc = rt_condition_notify(((aio_sync *)self)->cond, n < 0 ? 0 : (size_t)n);
  if (rc == RT_ESTATE) return py_err_set_str(&py_exc_RuntimeError, "cannot notify on un-acquired lock");
  if (rc != RT_OK) return aio__rt_error(rc);
  return py_newref(py_None);
}
static py_obj *cond_notify_all(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  int rc = rt_condition_notify_all(((aio_sync *)self)->cond);
  if (rc == RT_ESTATE) return py_err_set_str(&py_exc_RuntimeError, "cannot notify on un-acquired lock");
  if (rc != RT_OK) return aio__rt_error(rc);
  return py_newref(py_None);
}

static const py_method_def lock_methods[] = {
    {"acquire", m_acquire, 0}, {"release", m_release, 0}, {"locked", m_locked, 0},
    {"__aenter__", m_aenter, 0}, {"__aexit__", m_aexit, 0}, {NULL, NULL, 0}};
static const py_method_def event_methods[] = {
    {"set", ev_set, 0}, {"clear", ev_clear, 0}, {"is_set", ev_is_set, 0},
    {"wait", ev_wait, 0}, {NULL, NULL, 0}};
static const py_method_def cond_methods[] = {
    {"acquire", m_acquire, 0}, {"release", m_release, 0}, {"locked", m_locked, 0},
    {"__aenter__", m_aenter, 0}, {"__aexit__", m_aexit, 0},
    {"wait", cond_wait, 0}, {"wait_for", cond_wait_for, 0},
    {"notify", cond_notify, 0}, {"notify_all", cond_notify_all, 0}, {NULL, NULL, 0}};

static py_obj *sync_repr(py_obj *o) {
  aio_sync *s = (aio_sync *)o;
  char extra[64];
  switch (s->kind) {
  case K_EVENT: {
    size_t w = rt_aevent_waiters(s->ev);
    if (w) snprintf(extra, sizeof extra, "%s, waiters:%zu", rt_aevent_is_set(s->ev) ? "set" : "unset", w);
    else snprintf(extra, sizeof extra, "%s", rt_aevent_is_set(s->ev) ? "set" : "unset");
    break;
  }
  case K_SEM: case K_BSEM: {
    size_t w = rt_sem_waiters(s->sem);
    const char *st = rt_sem_locked(s->sem) ? "locked" : "unlocked";
    if (w) snprintf(extra, sizeof extra, "%s, value:%ld, waiters:%zu", st, rt_sem_value(s->sem), w);
    else snprintf(extra, sizeof extra, "%s, value:%ld", st, rt_sem_value(s->sem));
    break;
  }
  default: {
    rt_lock *l = lock_of(s);
    size_t w = s->kind == K_COND ? rt_condition_waiters(s->cond) : rt_lock_waiters(l);
    const char *st = rt_lock_locked(l) ? "locked" : "unlocked";
    if (w) snprintf(extra, sizeof extra, "%s, waiters:%zu", st, w);
    else snprintf(extra, sizeof extra, "%s", st);
    break;
  }
  }
  return py_str_from_format("<asyncio.locks.%s object at %p [%s]>", o->type->name, (void *)o, extra);
}

#define SYNC_TYPE(var, nm, meths) \
  static py_type var = { \
      .ob = {PY_IMMORTAL, &py_type_type}, \
      .name = nm, \
      .module = "asyncio.locks", \
      .flags = PY_TF_GC | PY_TF_BASETYPE, \
      .basicsize = sizeof(aio_sync), \
      .new_ = sync_new, \
      .dealloc = sync_dealloc, \
      .traverse = sync_traverse, \
      .repr = sync_repr, \
      .methods = meths, \
  }
SYNC_TYPE(sync_lock_type, "Lock", lock_methods);
SYNC_TYPE(sync_event_type, "Event", event_methods);
SYNC_TYPE(sync_cond_type, "Condition", cond_methods);
SYNC_TYPE(sync_sem_type, "Semaphore", lock_methods);
SYNC_TYPE(sync_bsem_type, "BoundedSemaphore", lock_methods);

/* --------------------------------------------------------------- queues */

static int prio_less(void *ud, void *a, void *b) {
  (void)ud;
  int r = py_richcompare_bool(a, b, PY_LT);
  return r < 0 ? RT_ERAISED : r;
}
/* Whether repr(o) runs no Python code: None, bool, int, float, str. */
static bool plain(py_obj *o) {
  return o == py_None || o->type == &py_bool_type || o->type == &py_int_type ||
         o->type == &py_float_type || o->type == &py_str_type;
}

/* repr(o) into buf (64 bytes) without building a str, for the values
 * queues carry most: None, bools, ints, and short printable ASCII strs
 * that need no escapes. Returns its length, or -1 for anything else. */
static int plain_repr_fast(py_obj *o, char *buf) {
  const char *word = o == py_None ? "None" : o == py_True ? "True" : o == py_False ? "False" : NULL;
  if (word) {
    size_t n = strlen(word);
    memcpy(buf, word, n + 1);
    return (int)n;
  }
  if (o->type == &py_int_type)  /* (item_id carries most ints without text) */
    return snprintf(buf, 64, "%lld", (long long)py_int_value(o));
  if (o->type == &py_str_type && py_str_size(o) <= 40) {
    const unsigned char *d = (const unsigned char *)py_str_utf8(o);
    py_ssize_t size = py_str_size(o);
    for (py_ssize_t i = 0; i < size; i++)
      if (d[i] < 0x20 || d[i] > 0x7e || d[i] == '\'' || d[i] == '\\') return -1;
    buf[0] = '\'';
    memcpy(buf + 1, d, (size_t)size);
    buf[size + 1] = '\'';
    buf[size + 2] = '\0';
    return (int)size + 2;
  }
  return -1;
}

/* A queued item as the window shows it (called only while tracing): its
 * interned repr when that runs no Python code (plain values and tuples of
 * them, as PriorityQueue entries are), else "<TypeName>"; cut at 24. */
static int64_t item_id(void *ud, void *item) {
  (void)ud;
  py_obj *o = item;
  if (o->type == &py_int_type) {  /* no string at all: the value itself */
    int64_t v = py_int_value(o);
    if (v >= -((int64_t)1 << 61) && v < ((int64_t)1 << 61)) return rt_item_int(v);
  }
  char buf[64];
  int n = plain_repr_fast(o, buf);
  if (n >= 0) {
    if (n > 24) memcpy(buf + 21, "...", 4);
    return rt_intern(buf);
  }
  bool ok = plain(o);
  if (o->type == &py_tuple_type) {
    ok = true;
    for (py_ssize_t i = 0; i < py_tuple_len(o) && ok; i++) ok = plain(py_tuple_get(o, i));
  }
  py_obj *r = ok ? py_repr(o) : NULL;
  if (r && strlen(py_str_utf8(r)) <= 24) snprintf(buf, sizeof buf, "%s", py_str_utf8(r));
  else if (r) snprintf(buf, sizeof buf, "%.21s...", py_str_utf8(r));
  else snprintf(buf, sizeof buf, "<%.40s>", py_type_name(o));
  if (!r && ok) py_err_clear();
  py_xdecref(r);
  return rt_intern(buf);
}

static void queue_dealloc(py_obj *o) {
  rt_queue_free(((aio_queue *)o)->q);
  py_obj_free(o, sizeof(aio_queue));
}

static py_obj *queue_new(py_type *type, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames) {
  static const char *const names[] = {"maxsize"};
  py_obj *a[1] = {NULL};
  if (py_parse_args(type->name, args, nargs, kwnames, names, 1, 0, a) < 0) return NULL;
  int64_t maxsize = 0;
  if (a[0] && py_index_value(a[0], &maxsize) < 0) return NULL;
  aio_queue *q = (aio_queue *)py_obj_alloc(type, sizeof(aio_queue));
  if (!q) return NULL;
  rt_queue_opts o = {
      .kind = type == &queue_lifo_type ? RT_QUEUE_LIFO : type == &queue_prio_type ? RT_QUEUE_PRIORITY : RT_QUEUE_FIFO,
      .maxsize = (long)maxsize,
      .item_ops = &aio__value_ops,
      .less = prio_less,
      .item_id = item_id,
  };
  int rc = rt_queue_new(&o, &q->q);
  if (rc != RT_OK) { py_decref(&q->ob); return aio__rt_error(rc); }
  return &q->ob;
}

#define Q(self) (((aio_queue *)(self))->q)

static py_obj *q_raise(py_obj *cls) {
  py_obj *e = py_call0(cls);
  return e ? py_err_raise(e) : NULL;
}

static py_obj *q_put_nowait(ARGS) {
  (void)kwnames;
  if (py_check_args("put_nowait", nargs, 1, 1) < 0) return NULL;
  py_incref(args[0]);
  int rc = rt_queue_put_nowait(Q(self), args[0]);
  if (rc == RT_OK) return py_newref(py_None);
  if (rc == RT_EFULL) { py_decref(args[0]); return q_raise(g_queue_full); }
  if (rc == RT_ERAISED) return NULL;   /* taken over, exception kept */
  py_decref(args[0]);
  return aio__rt_error(rc);
}
static py_obj *q_get_nowait(ARGS) {
  (void)args; (void)kwnames;
  if (py_check_args("get_nowait", nargs, 0, 0) < 0) return NULL;
  void *o = NULL;
  int rc = rt_queue_get_nowait(Q(self), &o);
  if (rc == RT_OK) return o;
  if (rc == RT_EEMPTY) return q_raise(g_queue_empty);
  if (rc == RT_ERAISED) return NULL;
  return aio__rt_error(rc);
}
static py_obj *q_put(ARGS) {
  (void)kwnames;
  if (py_check_args("put", nargs, 1, 1) < 0) return NULL;
  return op_on(OP_Q_PUT, "put", self, args[0]);
}
static py_obj *q_get(ARGS) {
  (void)args; (void)kwnames;
  if (py_check_args("get", nargs, 0, 0) < 0) return NULL;
  return op_on(OP_Q_GET, "get", self, NULL);
}
static py_obj *q_join(ARGS) {
  (void)args; (void)kwnames;
  if (py_check_args("join", nargs, 0, 0) < 0) return NULL;
  return op_on(OP_Q_JOIN, "join", self, NULL);
}
static py_obj *q_task_done(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  int rc = rt_queue_task_done(Q(self));
  if (rc == RT_ETOOMANY) return py_err_set_str(&py_exc_ValueError, "task_done() called too many times");
  if (rc != RT_OK) return aio__rt_error(rc);
  return py_newref(py_None);
}
static py_obj *q_qsize(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  return py_int_from((int64_t)rt_queue_qsize(Q(self)));
}
static py_obj *q_empty(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  return py_bool_from(rt_queue_empty(Q(self)));
}
static py_obj *q_full(ARGS) {
  (void)args; (void)kwnames; (void)nargs;
  return py_bool_from(rt_queue_full(Q(self)));
}
static py_obj *q_get_maxsize(py_obj *self) { return py_int_from(rt_queue_maxsize(Q(self))); }

static const py_method_def queue_methods[] = {
    {"put_nowait", q_put_nowait, 0}, {"get_nowait", q_get_nowait, 0},
    {"put", q_put, 0}, {"get", q_get, 0}, {"join", q_join, 0},
    {"task_done", q_task_done, 0}, {"qsize", q_qsize, 0},
    {"empty", q_empty, 0}, {"full", q_full, 0}, {NULL, NULL, 0}};
static const py_getset_def queue_getsets[] = {{"maxsize", q_get_maxsize, NULL}, {NULL, NULL, NULL}};

static py_obj *queue_repr(py_obj *o) {
  rt_queue *q = Q(o);
  py_buf b;
  py__buf_init(&b);
  py__buf_printf(&b, "<%s at %p maxsize=%ld", o->type->name, (void *)o, rt_queue_maxsize(q));
  size_t n = rt_queue_qsize(q);
  if (n) {
    py__buf_puts(&b, " _queue=[");
    for (size_t i = 0; i < n; i++) {
      if (i) py__buf_puts(&b, ", ");
      if (py__buf_putrepr(&b, rt_queue_item(q, i)) < 0) { py__buf_free(&b); return NULL; }
    }
    py__buf_puts(&b, "]");
  }
  if (rt_queue_getters(q)) py__buf_printf(&b, " _getters[%zu]", rt_queue_getters(q));
  if (rt_queue_putters(q)) py__buf_printf(&b, " _putters[%zu]", rt_queue_putters(q));
  if (rt_queue_unfinished(q)) py__buf_printf(&b, " tasks=%ld", rt_queue_unfinished(q));
  py__buf_puts(&b, ">");
  return py__buf_finish(&b);
}

#define QUEUE_TYPE(var, nm) \
  static py_type var = { \
      .ob = {PY_IMMORTAL, &py_type_type}, \
      .name = nm, \
      .module = "asyncio.queues", \
      .flags = PY_TF_BASETYPE, \
      .basicsize = sizeof(aio_queue), \
      .new_ = queue_new, \
      .dealloc = queue_dealloc, \
      .repr = queue_repr, \
      .methods = queue_methods, \
      .getsets = queue_getsets, \
  }
QUEUE_TYPE(queue_fifo_type, "Queue");
QUEUE_TYPE(queue_lifo_type, "LifoQueue");
QUEUE_TYPE(queue_prio_type, "PriorityQueue");

/* ------------------------------------------------------- performing ops */

static int pred_call(void *ud) {
  aio_op *s = ud;
  py_obj *r = py_call0(s->result);
  if (!r) return RT_ERAISED;
  int t = py_is_true(r);
  PY_SETREF(s->out, r);
  return t < 0 ? RT_ERAISED : t;
}

void aio__sync_perform(aio_op *s) {
  void *o = NULL;
  int rc;
  switch (s->kind) {
  case OP_LOCK_ACQUIRE:
    rc = rt_lock_acquire(lock_of((aio_sync *)s->target), &o);
    aio__op_store(s, rc, rc == RT_OK ? py_newref(py_True) : o);
    return;
  case OP_SEM_ACQUIRE:
    rc = rt_sem_acquire(((aio_sync *)s->target)->sem, &o);
    aio__op_store(s, rc, rc == RT_OK ? py_newref(py_True) : o);
    return;
  case OP_EVENT_WAIT:
    rc = rt_aevent_wait(((aio_sync *)s->target)->ev, &o);
    aio__op_store(s, rc, rc == RT_OK ? py_newref(py_True) : o);
    return;
  case OP_COND_WAIT:
    rc = rt_condition_wait(((aio_sync *)s->target)->cond, &o);
    if (rc == RT_ESTATE) {
      py_err_set_str(&py_exc_RuntimeError, "cannot wait on un-acquired lock");
      PY_SETREF(s->exc, py_err_fetch());
      return;
    }
    aio__op_store(s, rc, rc == RT_OK ? py_newref(py_True) : o);
    return;
  case OP_COND_WAIT_FOR:
    rc = rt_condition_wait_for(((aio_sync *)s->target)->cond, pred_call, s, &o);
    if (rc == RT_ESTATE) {
      py_err_set_str(&py_exc_RuntimeError, "cannot wait on un-acquired lock");
      PY_SETREF(s->exc, py_err_fetch());
      return;
    }
    if (rc == RT_ERAISED && !o) { PY_SETREF(s->exc, py_err_fetch()); return; }
    if (rc == RT_OK) { py_obj *v = s->out; s->out = NULL; aio__op_store(s, rc, v); return; }
    aio__op_store(s, rc, o);
    return;
  case OP_Q_PUT: {
    py_obj *item = py_newref(s->result);
    rc = rt_queue_put(Q(s->target), item, &o);
    if (rc == RT_ERAISED) { PY_SETREF(s->exc, py_err_fetch()); return; }  /* taken over */
    if (rc != RT_OK) py_decref(item);
    aio__op_store(s, rc, rc == RT_OK ? NULL : o);
    return;
  }
  case OP_Q_GET:
    rc = rt_queue_get(Q(s->target), &o);
    if (rc == RT_ERAISED && !o) { PY_SETREF(s->exc, py_err_fetch()); return; }
    aio__op_store(s, rc, o);
    return;
  case OP_Q_JOIN:
    rc = rt_queue_join(Q(s->target), &o);
    aio__op_store(s, rc, rc == RT_OK ? NULL : o);
    return;
  default:
    py_err_set_str(&py_exc_RuntimeError, "unknown asyncio operation");
    PY_SETREF(s->exc, py_err_fetch());
    return;
  }
}

/* lang__await_now: a put on a plain Queue or LifoQueue with room, or a
 * get with an item, is done where it is awaited, as asyncio's put() and
 * get() return without a yield then (only put_nowait's or get_nowait's
 * events, no suspension, no Python code run). Everything else (a full or
 * empty queue, a PriorityQueue, whose comparisons run Python code, a
 * subclass, an op already awaited) goes through the task body. */
static py_obj *await_now(py_obj *aw, bool *done) {
  if (aw->type != &aio_op_type) return NULL;
  aio_op *s = (aio_op *)aw;
  if ((s->kind != OP_Q_PUT && s->kind != OP_Q_GET) || s->used || s->out || s->exc || !s->target)
    return NULL;
  py_type *qt = s->target->type;
  if (qt != &queue_fifo_type && qt != &queue_lifo_type) return NULL;
  rt_queue *q = Q(s->target);
  if (s->kind == OP_Q_PUT ? rt_queue_full(q) : rt_queue_empty(q)) return NULL;
  s->used = true;
  *done = true;
  aio__sync_perform(s);
  py_obj *e = s->exc, *r = s->out;   /* the outcome, taken over */
  s->exc = s->out = NULL;
  if (e) { py_xdecref(r); return py_err_raise(e); }
  return r ? r : py_newref(py_None);
}

/* ---------------------------------------------------------------- module */

py_type *const aio__sync_types[] = {&sync_lock_type, &sync_event_type, &sync_cond_type,
                                     &sync_sem_type, &sync_bsem_type, &queue_fifo_type,
                                     &queue_lifo_type, &queue_prio_type, NULL};

int aio__sync_fill(py_obj *d) {
  for (py_type *const *t = aio__sync_types; *t; t++)
    if (py_dict_set_str(d, (*t)->name, &(*t)->ob) < 0) return -1;
  py_type *full = lang__mod_add_class(d, "QueueFull", "asyncio.queues", &py_exc_Exception);
  py_type *empty = full ? lang__mod_add_class(d, "QueueEmpty", "asyncio.queues", &py_exc_Exception) : NULL;
  if (!empty) return -1;
  g_queue_full = &full->ob;
  g_queue_empty = &empty->ob;
  lang__await_now = await_now;
  return 0;
}

void aio__sync_fini(void) {
  g_queue_full = NULL;
  g_queue_empty = NULL;
  lang__await_now = NULL;
}
