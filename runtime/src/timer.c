/* timer.c: call_at / call_later and the timer heap, ordered by (deadline,
 * creation sequence), with asyncio's lazy removal of cancelled timers. */
#include "rt_int.h"

/* asyncio's _MIN_SCHEDULED_TIMER_HANDLES and
 * _MIN_CANCELLED_TIMER_HANDLES_FRACTION: rebuild the heap when more than
 * half of more than 100 timers are cancelled. */
#define MIN_SCHEDULED 100

static inline int before(const rt__timer *a, const rt__timer *b) {
  return a->when < b->when || (a->when == b->when && a->h->id < b->h->id);
}

static void sift_up(rt__timer *heap, size_t i) {
  rt__timer x = heap[i];
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!before(&x, &heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = x;
}

static void sift_down(rt__timer *heap, size_t n, size_t i) {
  rt__timer x = heap[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(&heap[c + 1], &heap[c])) c++;
    if (!before(&heap[c], &x)) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = x;
}

/* O(log n); the array doubles when full (rt_realloc: RT_ENOMEM). */
int rt__timer_push(rt_loop *loop, rt_handle *h) {
  if (loop->nheap == loop->capheap) {
    size_t cap = loop->capheap ? loop->capheap * 2 : 64;
    rt__timer *a = rt_realloc(loop->heap, cap * sizeof *a);
    if (!a) return RT_ENOMEM;
    loop->heap = a;
    loop->capheap = cap;
  }
  size_t i = loop->nheap++;
  loop->heap[i] = (rt__timer){h->when, h};
  sift_up(loop->heap, i);
  return RT_OK;
}

static rt_handle *pop_top(rt_loop *loop) {
  rt_handle *h = loop->heap[0].h;
  if (--loop->nheap > 0) {
    loop->heap[0] = loop->heap[loop->nheap];
    sift_down(loop->heap, loop->nheap, 0);
    /* The next one popped is the new top: start loading its handle (a
     * cache miss in a big heap) while this one is dealt with. */
    __builtin_prefetch(loop->heap[0].h);
  }
  h->flags &= (uint8_t)~RT__HF_IN_HEAP;
  return h;
}

void rt__timer_cancelled(rt_loop *loop, rt_handle *h) {
  (void)h;
  loop->timers_cancelled++;
}

/* What _run_once does first: when cancelled timers are most of a big heap,
 * rebuild it without them (O(n)); otherwise pop cancelled ones off the top
 * (O(log n) each). Releasing a handle may run its free_cb, which may add
 * timers: the heap is consistent before every release. */
void rt__timers_purge(rt_loop *loop) {
  if (loop->nheap > MIN_SCHEDULED && loop->timers_cancelled * 2 > loop->nheap) {
    size_t keep = 0, ndrop = 0;
    rt__timer *heap = loop->heap;
    rt_handle *drop = NULL;  /* linked through u.next: they are done */
    for (size_t i = 0; i < loop->nheap; i++) {
      rt_handle *h = heap[i].h;
      if (h->flags & RT__HF_CANCELLED) {
        h->flags &= (uint8_t)~RT__HF_IN_HEAP;
        h->flags |= RT__HF_DONE;
        h->u.next = drop;
        drop = h;
        ndrop++;
      } else {
        heap[keep++] = heap[i];
      }
    }
    loop->nheap = keep;
    for (size_t i = keep / 2; i-- > 0;) sift_down(heap, keep, i);
    loop->timers_cancelled = 0;
    while (drop) {
      rt_handle *next = drop->u.next;
      drop->u.next = NULL;
      rt__handle_unref(drop);
      drop = next;
    }
    (void)ndrop;
    return;
  }
  while (loop->nheap && (loop->heap[0].h->flags & RT__HF_CANCELLED)) {
    rt_handle *h = pop_top(loop);
    h->flags |= RT__HF_DONE;
    loop->timers_cancelled--;
    rt__handle_unref(h);
  }
}

double rt__timers_next(const rt_loop *loop) {
  return loop->nheap ? loop->heap[0].when : -1.0;
}

/* Phase 3 of an iteration: every timer due by now (when < now + clock
 * resolution, as asyncio's end_time) goes to the back of the ring in (when,
 * seq) order. Cancelled ones met on the way are dropped: asyncio would
 * queue them and skip them, which nobody can tell apart. */
void rt__timers_move_due(rt_loop *loop, double now) {
  double end = now + RT__CLOCK_RES;
  while (loop->nheap && loop->heap[0].when < end) {
    rt_handle *h = pop_top(loop);
    if (h->flags & RT__HF_CANCELLED) {
      loop->timers_cancelled--;
      h->flags |= RT__HF_DONE;
      rt__handle_unref(h);
      continue;
    }
    rt__ring_push(loop, (rt__entry)h);
    RT__TRACE(loop, RT_EV_TIMER_FIRED, h->id, rt__ns(h->when), h->owner, h->kind);
  }
}

/* Loop close: drop every timer. The heap is emptied before any release. */
void rt__timers_clear(rt_loop *loop) {
  rt_handle *drop = NULL;
  for (size_t i = 0; i < loop->nheap; i++) {
    rt_handle *h = loop->heap[i].h;
    h->flags &= (uint8_t)~RT__HF_IN_HEAP;
    h->flags |= RT__HF_DONE;
    h->u.next = drop;
    drop = h;
  }
  loop->nheap = 0;
  loop->timers_cancelled = 0;
  while (drop) {
    rt_handle *next = drop->u.next;
    drop->u.next = NULL;
    rt__handle_unref(drop);
    drop = next;
  }
}

int rt__call_at_kind(rt_loop *loop, double when, rt_handle_cb cb, void *arg,
                     rt_handle_free_cb free_cb, int kind, rt_handle **out) {
  if (RT__UNLIKELY(loop->closed)) return RT_ECLOSED;
  if (when != when) return RT_EINVAL;  /* NaN */
  rt_handle *h = rt__handle_get(loop);
  if (RT__UNLIKELY(!h)) return RT_ENOMEM;
  h->fn.cb = cb;
  h->arg = arg;
  h->kind = (uint8_t)kind;
  h->owner = rt__current_task_id();
  h->when = when;
  h->id = ++loop->handle_seq;
  h->flags = RT__HF_TIMER | RT__HF_IN_HEAP;
  h->refs = 1;
  if (rt__timer_push(loop, h) != RT_OK) {
    h->flags = RT__HF_DONE;
    rt__handle_unref(h);  /* free_cb still NULL: not called */
    return RT_ENOMEM;
  }
  h->free_cb = free_cb;
  if (out) {
    h->refs = 2;
    *out = h;
  }
  RT__TRACE(loop, RT_EV_TIMER_ADDED, h->id, rt__ns(when), h->owner, kind);
  return RT_OK;
}

/* Schedule cb(loop, arg) at loop time `when` (asyncio's call_at). Equal
 * deadlines run in the order they were scheduled. Cost: a pool pop and an
 * O(log n) heap push. RT_OK, RT_ENOMEM, RT_ECLOSED, RT_EINVAL (when is
 * NaN); on failure free_cb is not called. */
int rt_call_at(rt_loop *loop, double when, rt_handle_cb cb, void *arg,
               rt_handle_free_cb free_cb, rt_handle **out) {
  return rt__call_at_kind(loop, when, cb, arg, free_cb, RT_HK_CALLBACK, out);
}

/* call_at(rt_loop_time(loop) + delay): like asyncio, the delay counts from
 * a fresh clock read (one vDSO call on the real platform), so that time
 * spent blocking in this iteration (time.sleep) is not lost. */
int rt_call_later(rt_loop *loop, double delay, rt_handle_cb cb, void *arg,
                  rt_handle_free_cb free_cb, rt_handle **out) {
  return rt__call_at_kind(loop, rt_loop_time(loop) + delay, cb, arg, free_cb,
                          RT_HK_CALLBACK, out);
}
