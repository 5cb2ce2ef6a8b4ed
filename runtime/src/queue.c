/* queue.c: asyncio's Queue, LifoQueue and PriorityQueue (CPython 3.11
 * queues.py): maxsize, suspending put/get, the nowait variants,
 * join/task_done; the priority queue is heapq's heap, comparison for
 * comparison. */
#include <string.h>

#include "ext_int.h"

struct rt_queue {
  rt__syncobj o;
  rt_queue_kind kind;
  long maxsize;
  /* Items: a ring for FIFO (v[(head + i) & (cap - 1)], cap a power of
   * two), a plain array for LIFO and the priority heap (head 0). */
  void **v;
  size_t head, n, cap;
  rt__flist getters, putters, joiners;
  long unfinished;
  uint8_t finished;          /* the _finished Event's flag */
  rt_value_ops item_ops;
  rt_less_fn less;
  rt_item_id_fn item_id;
  void *ud;
};

static const rt_sync_kind sync_kinds[] = {RT_SYNC_QUEUE, RT_SYNC_LIFO_QUEUE,
                                          RT_SYNC_PRIORITY_QUEUE};

int rt_queue_new(const rt_queue_opts *opts, rt_queue **out) {
  rt_queue_opts d = {0};
  if (!opts) opts = &d;
  rt__check((unsigned)opts->kind <= RT_QUEUE_PRIORITY, "rt_queue_new: bad kind");
  rt_queue *q = rt_calloc(1, sizeof *q);
  if (!q) return RT_ENOMEM;
  q->kind = opts->kind;
  q->maxsize = opts->maxsize;
  if (opts->item_ops) q->item_ops = *opts->item_ops;
  q->less = opts->less;
  q->item_id = opts->item_id;
  q->ud = opts->ud;
  q->finished = 1;
  q->o.id = rt__obj_id();
  q->o.kind = (uint8_t)sync_kinds[q->kind];
  RT__TRACE(rt__sync_loop(&q->o), RT_EV_SYNC_NEW, q->o.id, q->o.kind, q->maxsize, 0);
  *out = q;
  return RT_OK;
}

static inline void **slot(const rt_queue *q, size_t i) {
  return q->kind == RT_QUEUE_FIFO ? &q->v[(q->head + i) & (q->cap - 1)] : &q->v[i];
}

static void item_release(rt_queue *q, void *item) {
  if (item && q->item_ops.release) q->item_ops.release(q->item_ops.ud, item);
}

void rt_queue_free(rt_queue *q) {
  if (!q) return;
  bool idle = q->getters.n == 0 && q->putters.n == 0 && q->joiners.n == 0;
  rt__check(idle || !q->o.loop || q->o.loop->closed, "queue freed while tasks wait on it");
  (void)idle;
  RT__TRACE(rt__sync_loop(&q->o), RT_EV_SYNC_FREE, q->o.id, q->o.kind, 0, 0);
  rt__flist_clear(&q->getters);
  rt__flist_clear(&q->putters);
  rt__flist_clear(&q->joiners);
  for (size_t i = 0; i < q->n; i++) item_release(q, *slot(q, i));
  rt_free(q->v);
  rt__sync_unbind(&q->o);
  rt_free(q);
}

uint32_t rt_queue_id(const rt_queue *q) { return q->o.id; }
size_t rt_queue_qsize(const rt_queue *q) { return q->n; }
long rt_queue_maxsize(const rt_queue *q) { return q->maxsize; }
bool rt_queue_empty(const rt_queue *q) { return q->n == 0; }
bool rt_queue_full(const rt_queue *q) {
  return q->maxsize > 0 && (long)q->n >= q->maxsize;
}
long rt_queue_unfinished(const rt_queue *q) { return q->unfinished; }
size_t rt_queue_getters(const rt_queue *q) { return q->getters.n; }
size_t rt_queue_putters(const rt_queue *q) { return q->putters.n; }

void *rt_queue_item(const rt_queue *q, size_t i) {
  rt__check(i < q->n, "rt_queue_item: index out of range");
  return *slot(q, i);
}

static int64_t item_trace_id(const rt_queue *q, void *item) {
  return q->item_id ? q->item_id(q->ud, item) : rt_item_int((int64_t)(intptr_t)item);
}

/* Room for one more item: the ring or array doubles (the ring's live part
 * is copied to the front). */
static int reserve(rt_queue *q) {
  if (q->n < q->cap) return RT_OK;
  size_t cap = q->cap ? q->cap * 2 : 8;
  void **v = rt_malloc(cap * sizeof *v);
  if (!v) return RT_ENOMEM;
  for (size_t i = 0; i < q->n; i++) v[i] = *slot(q, i);
  rt_free(q->v);
  q->v = v;
  q->cap = cap;
  q->head = 0;
  return RT_OK;
}

/* ---------------------------------------------------- heapq, exactly */

/* a < b by the caller's comparison, or as integer keys. */
static int lt(rt_queue *q, void *a, void *b) {
  if (q->less) return q->less(q->ud, a, b);
  return (intptr_t)a < (intptr_t)b;
}

/* heapq's siftdown (the C module's: swaps as it goes, so an error leaves
 * a heap with every item in it). */
static int siftdown(rt_queue *q, size_t startpos, size_t pos) {
  void **a = q->v;
  while (pos > startpos) {
    size_t parentpos = (pos - 1) >> 1;
    int c = lt(q, a[pos], a[parentpos]);
    if (c < 0) return c;
    if (c == 0) break;
    void *tmp = a[parentpos];
    a[parentpos] = a[pos];
    a[pos] = tmp;
    pos = parentpos;
  }
  return RT_OK;
}

/* heapq's siftup: bubble the smaller child up to a leaf, then siftdown. */
static int siftup(rt_queue *q, size_t pos) {
  void **a = q->v;
  size_t endpos = q->n, startpos = pos, limit = endpos >> 1;
  while (pos < limit) {
    size_t childpos = 2 * pos + 1;
    if (childpos + 1 < endpos) {
      int c = lt(q, a[childpos], a[childpos + 1]);
      if (c < 0) return c;
      childpos += (size_t)(c ^ 1);  /* the right one unless left < right */
    }
    void *tmp = a[childpos];
    a[childpos] = a[pos];
    a[pos] = tmp;
    pos = childpos;
  }
  return siftdown(q, startpos, pos);
}

/* _put: taken over on RT_OK and on a comparison error (heappush appended
 * it before comparing). */
static int put_item(rt_queue *q, void *item) {
  if (reserve(q) != RT_OK) return RT_ENOMEM;
  if (q->kind == RT_QUEUE_FIFO) {
    q->v[(q->head + q->n) & (q->cap - 1)] = item;
    q->n++;
    return RT_OK;
  }
  q->v[q->n++] = item;
  if (q->kind == RT_QUEUE_LIFO) return RT_OK;
  return siftdown(q, 0, q->n - 1);
}

/* _get (q not empty): the caller's on RT_OK; on a comparison error the
 * popped item is released, as heappop drops it. */
static int get_item(rt_queue *q, void **out) {
  if (q->kind == RT_QUEUE_FIFO) {
    *out = q->v[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->n--;
    return RT_OK;
  }
  void *last = q->v[--q->n];
  if (q->kind == RT_QUEUE_LIFO || q->n == 0) {
    *out = last;
    return RT_OK;
  }
  void *ret = q->v[0];
  q->v[0] = last;
  int rc = siftup(q, 0);
  if (rc < 0) {
    item_release(q, ret);
    return rc;
  }
  *out = ret;
  return RT_OK;
}

/* ----------------------------------------------------------- put, get */

/* _wakeup_next: pop waiters until one that is not done, and complete it. */
static void wakeup_next(rt_queue *q, rt__flist *l, int role) {
  while (l->n) {
    rt_future *f = rt__flist_popleft(l);
    RT__TRACE(rt__sync_loop(&q->o), RT_EV_SYNC_LEAVE, q->o.id, f->id, l->n, role);
    bool woke = f->state == RT_FUT_PENDING;
    if (woke) {
      rt__future_complete(f, RT_FUT_RESULT, NULL);
      RT__TRACE(rt__sync_loop(&q->o), RT_EV_SYNC_WAKE, q->o.id, f->id, l->n, role);
    }
    rt_future_release(f);
    if (woke) break;
  }
}

int rt_queue_put_nowait(rt_queue *q, void *item) {
  if (rt_queue_full(q)) return RT_EFULL;
  int rc = put_item(q, item);
  if (rc != RT_OK) return rc;
  q->unfinished++;
  q->finished = 0;
  RT__TRACE(rt__sync_loop(&q->o), RT_EV_QUEUE_PUT, q->o.id, item_trace_id(q, item), q->n,
            q->unfinished);
  wakeup_next(q, &q->getters, RT_ROLE_GETTER);
  return RT_OK;
}

int rt_queue_get_nowait(rt_queue *q, void **out) {
  if (q->n == 0) return RT_EEMPTY;
  void *item;
  int rc = get_item(q, &item);
  if (rc != RT_OK) return rc;
  RT__TRACE(rt__sync_loop(&q->o), RT_EV_QUEUE_GET, q->o.id, item_trace_id(q, item), q->n,
            q->unfinished);
  wakeup_next(q, &q->putters, RT_ROLE_PUTTER);
  *out = item;
  return RT_OK;
}

/* The loop of put() and get(): wait on a new future in l while blocked()
 * holds. On an error the waiter is cancelled and removed (if a wake-up
 * had already popped it, the wake-up passes to the next in line). */
static int wait_while(rt_queue *q, bool (*blocked)(const rt_queue *), rt__flist *l, int role,
                      void **msg) {
  while (blocked(q)) {
    rt_task *t;
    int rc = rt__sync_bind(&q->o, &t);
    if (rc != RT_OK) return rc;
    rt_future *f;
    rc = rt__wait_on(&q->o, l, role, RT_WAIT_QUEUE, &f, msg);
    if (!f) return rc;
    if (rc != RT_OK) {
      rt_future_cancel(f, NULL);  /* just in case it is not done yet */
      rt__leave(&q->o, l, f, role);
      bool cancelled = f->state == RT_FUT_CANCELLED;
      rt_future_release(f);
      if (!blocked(q) && !cancelled) wakeup_next(q, l, role);
      return rc;
    }
    rt_future_release(f);
  }
  return RT_OK;
}

static bool is_full(const rt_queue *q) { return rt_queue_full(q); }
static bool is_empty(const rt_queue *q) { return q->n == 0; }

int rt_queue_put(rt_queue *q, void *item, void **msg) {
  if (msg) *msg = NULL;
  int rc = wait_while(q, is_full, &q->putters, RT_ROLE_PUTTER, msg);
  if (rc != RT_OK) return rc;
  return rt_queue_put_nowait(q, item);
}

int rt_queue_get(rt_queue *q, void **out) {
  *out = NULL;
  int rc = wait_while(q, is_empty, &q->getters, RT_ROLE_GETTER, out);
  if (rc != RT_OK) return rc;
  return rt_queue_get_nowait(q, out);
}

/* ---------------------------------------------------- join, task_done */

int rt_queue_task_done(rt_queue *q) {
  if (q->unfinished <= 0) return RT_ETOOMANY;  /* 'task_done() called too many times' */
  q->unfinished--;
  RT__TRACE(rt__sync_loop(&q->o), RT_EV_SYNC_RELEASE, q->o.id, RT_SYNC_OP_TASK_DONE,
            q->unfinished, q->joiners.n);
  if (q->unfinished == 0 && !q->finished) {  /* self._finished.set() */
    q->finished = 1;
    for (uint32_t i = 0; i < q->joiners.n; i++) {
      rt_future *f = rt__flist_at(&q->joiners, i);
      if (f->state != RT_FUT_PENDING) continue;
      rt__future_complete(f, RT_FUT_RESULT, NULL);
      RT__TRACE(rt__sync_loop(&q->o), RT_EV_SYNC_WAKE, q->o.id, f->id, q->joiners.n,
                RT_ROLE_JOINER);
    }
  }
  return RT_OK;
}

/* join: `if unfinished > 0: await self._finished.wait()`; Event.wait
 * returns at once if the flag is set again by then. */
int rt_queue_join(rt_queue *q, void **msg) {
  if (msg) *msg = NULL;
  if (q->unfinished <= 0 || q->finished) {
    RT__TRACE(rt__sync_loop(&q->o), RT_EV_SYNC_ACQUIRE, q->o.id, RT_SYNC_OP_JOIN, q->unfinished,
              q->joiners.n);
    return RT_OK;
  }
  rt_task *t;
  int rc = rt__sync_bind(&q->o, &t);
  if (rc != RT_OK) return rc;
  rt_future *f;
  rc = rt__wait_on(&q->o, &q->joiners, RT_ROLE_JOINER, RT_WAIT_QUEUE, &f, msg);
  if (!f) return rc;
  rt__leave(&q->o, &q->joiners, f, RT_ROLE_JOINER);
  rt_future_release(f);
  if (rc == RT_OK)
    RT__TRACE(q->o.loop, RT_EV_SYNC_ACQUIRE, q->o.id, RT_SYNC_OP_JOIN, q->unfinished,
              q->joiners.n);
  return rc;
}
