/* timeline.c: the timeline: every event of a run recorded compactly, the
 * derived state after any step (periodic snapshots plus replay), console
 * lines, and the step indexes the window steps by.
 *
 * Layout of what is kept (and what it costs, per recorded event):
 *
 *  - The events, in one byte buffer, each encoded against the one before
 *    (ev_put): a kind byte (bit 7: an extra byte follows), a byte of flags
 *    saying which of a[0..3] are non-zero and which of thread, loop, task
 *    and vtime changed, then only those: ids as varints, vtime as its 8
 *    raw bytes, arguments as zigzag varints, the sequence number only when
 *    it is not the previous one plus one. About 6 to 10 bytes an event.
 *  - A decoding checkpoint every 64 events (byte offset plus the fields
 *    the next event is encoded against): random access to any event costs
 *    at most 63 decodes. Under 1 byte an event.
 *  - Snapshots of the derived state (st, below), serialised into one blob
 *    buffer, every snapshot_every events or adaptively: the next one comes
 *    after max(4096, size of the last one / 16) events, so snapshots cost
 *    at most about 16 bytes an event whatever the state's size, and a seek
 *    replays at most that many events: 65536 for a state of 1 MiB, whose
 *    restore costs about as much. (Capping the gap at 65536 made a
 *    100,000-task gather keep a 12 MB snapshot every 65536 events: 330
 *    bytes an event. A floor of 256 made a small state's 1 KiB snapshot
 *    cost 4 bytes an event, more than the events: 4096 events replay in
 *    about 100 us.) Halving the 16 would halve the snapshots' memory and
 *    double the replay of a seek, which on a 100,000-task gather is
 *    already about 20 ms.
 *  - Step indexes (8 bytes an entry): iteration beginnings, task step
 *    beginnings, console line ends.
 *  - The console: lines (text in one buffer), and for each output event the
 *    length of the line it wrote to after it, so the console as it was at
 *    any step can be read back.
 *
 * Recording encodes an event, indexes it and writes the console; nothing
 * more. It takes the runtime's chunk of records a run at a time (the
 * events up to the next checkpoint, record_events): the event limit, the
 * checkpoint and the room for the bytes are seen to once a run, the run
 * is encoded in a loop with no other test (encode_run), and only the few
 * events of an indexed kind are looked at again. Most of the time is
 * ev_put's (bench/bench_record measures recording alone). The derived state (st) is a handful of arrays sorted by id, mutated
 * by st_apply, one event at a time; the same code builds the recorded
 * state (rec, from which snapshots are taken) when a seek first needs it
 * (catch_up), the view state a seek rebuilds, and the walker the JSON
 * writer uses. The public sim_state
 * points into the arrays: sim_loop.ready/timers, sim_task.frames and
 * sim_sync.waiters/items are kept pointing at their buffers after every
 * change (fix_loop) so the view is always ready to hand out.
 *
 * Invariants: st arrays are sorted by id; tasks[i].frames, syncs[i].waiters
 * and .items are owned buffers of capacity tcap[i] / scap[i] for i below
 * the count, and nothing above it; loops' ready queues are the rbuf slice
 * [rhead, rhead + nready); a snapshot j holds the state after snaps[j].step
 * events and the decoding position of event snaps[j].step. */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

#define CHECK_EVERY 64          /* events between decoding checkpoints */
#define SNAP_MIN 4096           /* adaptive snapshots: fewest events apart */
#define SNAP_BUDGET 16          /* bytes of snapshot per event */
#define MAX_EVENTS 0xfffffff0u  /* step indexes are 32-bit */

_Static_assert(RT_EV__COUNT < 128, "event kinds must fit in 7 bits");

int64_t sim__ns(double secs) {
  if (secs != secs) return 0;
  if (secs >= 9.2e9) return INT64_MAX;
  if (secs <= -9.2e9) return INT64_MIN;
  double ns = secs * 1e9;
  return (int64_t)(ns < 0 ? ns - 0.5 : ns + 0.5);
}

/* ------------------------------------------------------ growable arrays */

/* Make *p hold at least need elements of size elem (doubling). */
static int grow(void *pp, uint32_t *cap, uint64_t need, size_t elem) {
  void **p = pp;
  if (need <= *cap) return RT_OK;
  if (need > UINT32_MAX / 2) return RT_ENOMEM;
  uint32_t c = *cap ? *cap : 4;
  while (c < need) c *= 2;
  void *q = rt_realloc(*p, (size_t)c * elem);
  if (!q) return RT_ENOMEM;
  *p = q;
  *cap = c;
  return RT_OK;
}

/* A growable byte buffer. */
typedef struct bytes {
  uint8_t *p;
  size_t len, cap;
} bytes;

static int bytes_reserve(bytes *b, size_t more) {
  if (b->len + more <= b->cap) return RT_OK;
  size_t c = b->cap ? b->cap : 4096;
  while (c < b->len + more) c *= 2;
  uint8_t *q = rt_realloc(b->p, c);
  if (!q) return RT_ENOMEM;
  b->p = q;
  b->cap = c;
  return RT_OK;
}

static int bytes_put(bytes *b, const void *src, size_t n) {
  if (n == 0) return RT_OK;  /* src may be NULL then: memcpy forbids it */
  if (bytes_reserve(b, n) != RT_OK) return RT_ENOMEM;
  memcpy(b->p + b->len, src, n);
  b->len += n;
  return RT_OK;
}

/* ------------------------------------------------------ event encoding */

/* What each event is encoded against: the fields of the one before. */
typedef struct dctx {
  uint64_t seq;
  double vtime;
  uint32_t thread, loop, task;
} dctx;

static inline uint8_t *put_uv(uint8_t *q, uint64_t v) {
  if (v < 0x80) {  /* most ids, lines and small counts: one byte */
    *q = (uint8_t)v;
    return q + 1;
  }
  while (v >= 0x80) {
    *q++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *q++ = (uint8_t)v;
  return q;
}

static inline const uint8_t *get_uv(const uint8_t *q, uint64_t *v) {
  if (*q < 0x80) {
    *v = *q;
    return q + 1;
  }
  uint64_t r = 0;
  int shift = 0;
  for (;;) {
    uint8_t b = *q++;
    r |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
    shift += 7;
  }
  *v = r;
  return q;
}

static uint64_t zig(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static int64_t unzig(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

enum {
  E_THREAD = 0x10, E_LOOP = 0x20, E_TASK = 0x40, E_VTIME = 0x80,  /* flags byte */
  X_SEQ = 1, X_FLAGS = 2,                                          /* extra byte */
};
#define EV_MAX_BYTES 96

/* Encode e against c (which it updates) at q; returns the end. The
 * event's fields are read once, up front: the byte stores could alias
 * them, so reading them as the bytes go out would read them again after
 * every store. */
static inline __attribute__((always_inline)) uint8_t *ev_put(uint8_t *q, const rt_event *e,
                                                              dctx *c) {
  const uint64_t seq = e->seq;
  const uint32_t thread = e->thread, loop = e->loop, task = e->task;
  const uint16_t kind = e->kind, flags = e->flags;
  const int64_t a0 = e->a[0], a1 = e->a[1], a2 = e->a[2], a3 = e->a[3];
  uint64_t vbits;
  memcpy(&vbits, &e->vtime, 8);
  uint64_t cbits;
  memcpy(&cbits, &c->vtime, 8);
  unsigned fl = (unsigned)(a0 != 0) | (unsigned)(a1 != 0) << 1 | (unsigned)(a2 != 0) << 2 |
                (unsigned)(a3 != 0) << 3;
  fl |= (thread != c->thread ? E_THREAD : 0) | (loop != c->loop ? E_LOOP : 0) |
        (task != c->task ? E_TASK : 0) | (vbits != cbits ? E_VTIME : 0);
  unsigned x = (seq != c->seq + 1 ? X_SEQ : 0) | (flags ? X_FLAGS : 0);
  uint64_t seq_gap = seq - (c->seq + 1);
  c->seq = seq;
  memcpy(&c->vtime, &vbits, 8);
  c->thread = thread;
  c->loop = loop;
  c->task = task;
  q[0] = (uint8_t)((kind & 0x7f) | (x ? 0x80 : 0));
  q[1] = (uint8_t)fl;
  q += 2;
  if (__builtin_expect(x != 0, 0)) {
    *q++ = (uint8_t)x;
    if (x & X_SEQ) q = put_uv(q, zig((int64_t)seq_gap));
    if (x & X_FLAGS) q = put_uv(q, flags);
  }
  if (fl & (E_THREAD | E_LOOP | E_TASK | E_VTIME)) {
    if (fl & E_THREAD) q = put_uv(q, thread);
    if (fl & E_LOOP) q = put_uv(q, loop);
    if (fl & E_TASK) q = put_uv(q, task);
    if (fl & E_VTIME) {
      memcpy(q, &vbits, 8);
      q += 8;
    }
  }
  if (a0) q = put_uv(q, zig(a0));
  if (a1) q = put_uv(q, zig(a1));
  if (a2) q = put_uv(q, zig(a2));
  if (a3) q = put_uv(q, zig(a3));
  return q;
}

/* Decode the event at q against c (which it updates); returns the end. */
static const uint8_t *ev_get(const uint8_t *q, rt_event *e, dctx *c) {
  uint8_t k = *q++;
  uint8_t fl = *q++;
  uint8_t x = 0;
  uint64_t v;
  e->kind = (uint16_t)(k & 0x7f);
  e->flags = 0;
  e->seq = c->seq + 1;
  if (k & 0x80) {
    x = *q++;
    if (x & X_SEQ) {
      q = get_uv(q, &v);
      e->seq = c->seq + 1 + (uint64_t)unzig(v);
    }
    if (x & X_FLAGS) {
      q = get_uv(q, &v);
      e->flags = (uint16_t)v;
    }
  }
  e->thread = c->thread;
  e->loop = c->loop;
  e->task = c->task;
  e->vtime = c->vtime;
  if (fl & E_THREAD) q = get_uv(q, &v), e->thread = (uint32_t)v;
  if (fl & E_LOOP) q = get_uv(q, &v), e->loop = (uint32_t)v;
  if (fl & E_TASK) q = get_uv(q, &v), e->task = (uint32_t)v;
  if (fl & E_VTIME) {
    memcpy(&e->vtime, q, 8);
    q += 8;
  }
  for (int i = 0; i < 4; i++) {
    if (fl & (1u << i)) {
      q = get_uv(q, &v);
      e->a[i] = unzig(v);
    } else {
      e->a[i] = 0;
    }
  }
  int64_t ns = sim__ns(e->vtime);
  e->wall_ns = ns < 0 ? 0 : (uint64_t)ns;
  c->seq = e->seq;
  c->vtime = e->vtime;
  c->thread = e->thread;
  c->loop = e->loop;
  c->task = e->task;
  return q;
}

/* ------------------------------------------------------ derived state */

/* Per loop, beside sim_loop: the ready ring's buffer and the timers'. */
typedef struct loopx {
  sim_handle *rbuf;
  uint32_t rhead, rcap;
  sim_timer *tbuf;
  uint32_t tcap;
} loopx;

/* Per sync object: the capacities of its waiters and items. */
typedef struct syncx {
  uint32_t wcap, icap;
} syncx;

typedef struct st {
  uint64_t step;
  rt_event last;
  uint64_t deadlock_step;
  sim_thread *th;
  uint32_t nth, capth;
  sim_loop *lp;
  loopx *lx;
  uint32_t nlp, caplp, caplx;
  sim_task *tk;
  uint32_t *tcap;        /* frames capacity of tk[i] */
  uint32_t ntk, captk, captcap;
  uint32_t tdead;        /* removed entries of tk not yet squeezed out */
  sim_future *fu;
  uint32_t nfu, capfu;
  uint32_t fdead;
  /* The index each array was last found at (find_hinted): events come in
   * runs about one thread, one loop, one task. Checked before use, never
   * trusted, so nothing has to keep them up to date. */
  uint32_t th_hint, lp_hint, tk_hint, fu_hint;
  sim_sync *sy;
  syncx *sx;
  uint32_t nsy, capsy, capsx;
  int err;
  sim_state view;
} st;

static void st_clear(st *s) {
  for (uint32_t i = 0; i < s->nlp; i++) {
    rt_free(s->lx[i].rbuf);
    rt_free(s->lx[i].tbuf);
  }
  for (uint32_t i = 0; i < s->ntk; i++) rt_free((void *)s->tk[i].frames);
  for (uint32_t i = 0; i < s->nsy; i++) {
    rt_free((void *)s->sy[i].waiters);
    rt_free((void *)s->sy[i].items);
  }
  rt_free(s->th);
  rt_free(s->lp);
  rt_free(s->lx);
  rt_free(s->tk);
  rt_free(s->tcap);
  rt_free(s->fu);
  rt_free(s->sy);
  rt_free(s->sx);
  memset(s, 0, sizeof *s);
}

/* The id of element i of an array of structs whose first field is a
 * uint32_t id. */
static inline uint32_t id_at(const void *arr, size_t elem, uint32_t i) {
  return *(const uint32_t *)((const char *)arr + (size_t)i * elem);
}

/* Search of a sorted array of structs whose first field is a uint32_t id:
 * the index of id, or where it would go (*found = 0). Ids are handed out
 * by counters, so they are spread about evenly: the search starts where
 * id would be if they were, and gallops from there to bracket it (a
 * 100,000-task gather: a cache miss or two, not the 17 of a plain binary
 * search). */
static uint32_t find_id(const void *arr, uint32_t n, size_t elem, uint32_t id, int *found) {
  uint32_t lo = 0, hi = n;  /* ids below lo are < id; ids from hi on are >= id */
  if (n > 16) {
    uint32_t first = id_at(arr, elem, 0), last = id_at(arr, elem, n - 1);
    if (id <= first) {
      hi = 0;
    } else if (id > last) {
      lo = n;
    } else {
      uint32_t g = (uint32_t)((uint64_t)(id - first) * (n - 1) / (last - first));
      uint32_t step = 1;
      if (id_at(arr, elem, g) < id) {
        lo = g + 1;
        while (lo + step < n && id_at(arr, elem, lo + step - 1) < id) {
          lo += step;
          step *= 2;
        }
        hi = lo + step < n ? lo + step : n;
      } else {
        hi = g;
        while (hi >= step && id_at(arr, elem, hi - step) >= id) {
          hi -= step;
          step *= 2;
        }
        lo = hi >= step ? hi - step + 1 : 0;
      }
    }
  }
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (id_at(arr, elem, mid) < id) lo = mid + 1;
    else hi = mid;
  }
  *found = lo < n && id_at(arr, elem, lo) == id;
  return lo;
}

/* find_id, trying *hint first and remembering where id was found. */
static uint32_t find_hinted(const void *arr, uint32_t n, size_t elem, uint32_t id, int *found,
                            uint32_t *hint) {
  uint32_t h = *hint;
  if (h < n && *(const uint32_t *)((const char *)arr + (size_t)h * elem) == id) {
    *found = 1;
    return h;
  }
  uint32_t i = find_id(arr, n, elem, id, found);
  if (*found) *hint = i;
  return i;
}

/* Open a hole at index i of an array of n elements (capacity checked by
 * the caller). */
static void hole(void *arr, uint32_t n, uint32_t i, size_t elem) {
  char *a = arr;
  memmove(a + (size_t)(i + 1) * elem, a + (size_t)i * elem, (size_t)(n - i) * elem);
}

static void unhole(void *arr, uint32_t n, uint32_t i, size_t elem) {
  char *a = arr;
  memmove(a + (size_t)i * elem, a + (size_t)(i + 1) * elem, (size_t)(n - i - 1) * elem);
}

static sim_thread *thread_add(st *s, uint32_t id);

/* The thread id, added if new. Nearly every event is on the thread the
 * last one was on: that is one compare. */
static inline sim_thread *thread_get(st *s, uint32_t id) {
  uint32_t h = s->th_hint;
  if (h < s->nth && s->th[h].id == id) return &s->th[h];
  return thread_add(s, id);
}

static sim_thread *thread_add(st *s, uint32_t id) {
  int f;
  uint32_t i = find_hinted(s->th, s->nth, sizeof *s->th, id, &f, &s->th_hint);
  if (f) return &s->th[i];
  if (grow(&s->th, &s->capth, (uint64_t)s->nth + 1, sizeof *s->th) != RT_OK) {
    s->err = RT_ENOMEM;
    return NULL;
  }
  hole(s->th, s->nth, i, sizeof *s->th);
  s->nth++;
  sim_thread *t = &s->th[i];
  memset(t, 0, sizeof *t);
  t->id = id;
  t->state = SIM_THREAD_RUNNABLE;
  t->until_ns = -1;
  return t;
}

static void fix_loop(st *s, uint32_t i) {
  s->lp[i].ready = s->lx[i].rbuf + s->lx[i].rhead;
  s->lp[i].timers = s->lx[i].tbuf;
}

static uint32_t loop_index(st *s, uint32_t id, int *found) {
  return find_hinted(s->lp, s->nlp, sizeof *s->lp, id, found, &s->lp_hint);
}

static sim_loop *loop_get(st *s, uint32_t id, uint32_t *idx) {
  int f;
  uint32_t i = loop_index(s, id, &f);
  if (!f) {
    if (grow(&s->lp, &s->caplp, (uint64_t)s->nlp + 1, sizeof *s->lp) != RT_OK ||
        grow(&s->lx, &s->caplx, (uint64_t)s->nlp + 1, sizeof *s->lx) != RT_OK) {
      s->err = RT_ENOMEM;
      return NULL;
    }
    hole(s->lp, s->nlp, i, sizeof *s->lp);
    hole(s->lx, s->nlp, i, sizeof *s->lx);
    s->nlp++;
    memset(&s->lp[i], 0, sizeof s->lp[i]);
    memset(&s->lx[i], 0, sizeof s->lx[i]);
    s->lp[i].id = id;
    s->lp[i].idle_until_ns = -1;
    for (uint32_t j = i; j < s->nlp; j++) fix_loop(s, j);
  }
  if (idx) *idx = i;
  return &s->lp[i];
}

/* A removed task or future keeps its slot, and its id so that the array
 * stays sorted, with this state until the array is squeezed: when the dead
 * outnumber the living, and before the state is shown or saved. Tasks
 * mostly end in the order they began, so taking each out at once would
 * move the whole array every time (quadratic in a 100,000-task gather). */
#define DEAD 0xFF

/* Squeeze the entries whose state byte (at state_at) is DEAD out of arr,
 * and the same entries of the parallel array par (NULL: none). Returns
 * the new count. */
static uint32_t squeeze(void *arr, uint32_t *par, uint32_t n, size_t elem, size_t state_at) {
  char *a = arr;
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    if ((uint8_t)a[(size_t)i * elem + state_at] == DEAD) continue;
    if (k != i) {
      memcpy(a + (size_t)k * elem, a + (size_t)i * elem, elem);
      if (par) par[k] = par[i];
    }
    k++;
  }
  return k;
}

static void st_tidy(st *s) {
  if (s->tdead) {
    s->ntk = squeeze(s->tk, s->tcap, s->ntk, sizeof *s->tk, offsetof(sim_task, state));
    s->tdead = 0;
  }
  if (s->fdead) {
    s->nfu = squeeze(s->fu, NULL, s->nfu, sizeof *s->fu, offsetof(sim_future, state));
    s->fdead = 0;
  }
}

/* Worth squeezing: many dead, and more dead than living. */
static bool too_dead(uint32_t dead, uint32_t n) { return dead > 64 && dead > n / 2; }

static sim_task *task_find(st *s, uint32_t id) {
  int f;
  uint32_t i = find_hinted(s->tk, s->ntk, sizeof *s->tk, id, &f, &s->tk_hint);
  return f && s->tk[i].state != DEAD ? &s->tk[i] : NULL;
}

static sim_future *future_find(st *s, uint32_t id) {
  int f;
  uint32_t i = find_hinted(s->fu, s->nfu, sizeof *s->fu, id, &f, &s->fu_hint);
  return f && s->fu[i].state != DEAD ? &s->fu[i] : NULL;
}

static sim_sync *sync_find(st *s, uint32_t id, uint32_t *idx) {
  int f;
  uint32_t i = find_id(s->sy, s->nsy, sizeof *s->sy, id, &f);
  if (idx) *idx = i;
  return f ? &s->sy[i] : NULL;
}

/* --- the ready queue of loop index li */

static void ready_push(st *s, uint32_t li, const sim_handle *h) {
  loopx *x = &s->lx[li];
  sim_loop *l = &s->lp[li];
  if (x->rhead > 0 && x->rhead + l->nready == x->rcap) {
    /* Slide the live slice to the front before growing. */
    memmove(x->rbuf, x->rbuf + x->rhead, (size_t)l->nready * sizeof *x->rbuf);
    x->rhead = 0;
  }
  if (grow(&x->rbuf, &x->rcap, (uint64_t)x->rhead + l->nready + 1, sizeof *x->rbuf) != RT_OK) {
    s->err = RT_ENOMEM;
    return;
  }
  x->rbuf[x->rhead + l->nready++] = *h;
  fix_loop(s, li);
}

static void ready_drop_front(st *s, uint32_t li, uint32_t n) {
  loopx *x = &s->lx[li];
  sim_loop *l = &s->lp[li];
  if (n > l->nready) n = l->nready;
  x->rhead += n;
  l->nready -= n;
  if (l->nready == 0) x->rhead = 0;
  fix_loop(s, li);
}

/* --- timers, sorted by (when, id) */

static void timer_add(st *s, uint32_t li, const sim_timer *t) {
  loopx *x = &s->lx[li];
  sim_loop *l = &s->lp[li];
  if (grow(&x->tbuf, &x->tcap, (uint64_t)l->ntimers + 1, sizeof *x->tbuf) != RT_OK) {
    s->err = RT_ENOMEM;
    return;
  }
  uint32_t lo = 0, hi = l->ntimers;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    const sim_timer *m = &x->tbuf[mid];
    if (m->when_ns < t->when_ns || (m->when_ns == t->when_ns && m->id < t->id)) lo = mid + 1;
    else hi = mid;
  }
  hole(x->tbuf, l->ntimers, lo, sizeof *x->tbuf);
  x->tbuf[lo] = *t;
  l->ntimers++;
  fix_loop(s, li);
}

static void timer_remove(st *s, uint32_t li, uint64_t id) {
  loopx *x = &s->lx[li];
  sim_loop *l = &s->lp[li];
  /* The one firing is usually first. */
  for (uint32_t i = 0; i < l->ntimers; i++) {
    if (x->tbuf[i].id != id) continue;
    unhole(x->tbuf, l->ntimers, i, sizeof *x->tbuf);
    l->ntimers--;
    return;
  }
}

/* --- frames, waiters, items */

static void task_push_frame(st *s, sim_task *t, const sim_frame *f) {
  uint32_t i = (uint32_t)(t - s->tk);
  sim_frame *fr = (sim_frame *)t->frames;
  if (grow(&fr, &s->tcap[i], (uint64_t)t->nframes + 1, sizeof *fr) != RT_OK) {
    s->err = RT_ENOMEM;
    return;
  }
  fr[t->nframes++] = *f;
  t->frames = fr;
}

static void waiter_add(st *s, uint32_t i, const sim_waiter *w) {
  sim_sync *y = &s->sy[i];
  sim_waiter *a = (sim_waiter *)y->waiters;
  if (grow(&a, &s->sx[i].wcap, (uint64_t)y->nwaiters + 1, sizeof *a) != RT_OK) {
    s->err = RT_ENOMEM;
    return;
  }
  a[y->nwaiters++] = *w;
  y->waiters = a;
}

static void waiter_remove(sim_sync *y, uint32_t future) {
  sim_waiter *a = (sim_waiter *)y->waiters;
  for (uint32_t i = 0; i < y->nwaiters; i++)
    if (a[i].future == future) {
      unhole(a, y->nwaiters, i, sizeof *a);
      y->nwaiters--;
      return;
    }
}

/* --- task and future lifetime */

static void task_add(st *s, const rt_event *e) {
  uint32_t id = (uint32_t)e->a[0];
  int f;
  uint32_t i = find_id(s->tk, s->ntk, sizeof *s->tk, id, &f);
  if (f && s->tk[i].state != DEAD) return;
  if (f) {
    s->tdead--;   /* the slot of a removed task with this id: reuse it */
  } else {
    if (grow(&s->tk, &s->captk, (uint64_t)s->ntk + 1, sizeof *s->tk) != RT_OK ||
        grow(&s->tcap, &s->captcap, (uint64_t)s->ntk + 1, sizeof *s->tcap) != RT_OK) {
      s->err = RT_ENOMEM;
      return;
    }
    hole(s->tk, s->ntk, i, sizeof *s->tk);
    hole(s->tcap, s->ntk, i, sizeof *s->tcap);
    s->ntk++;
  }
  sim_task *t = &s->tk[i];
  memset(t, 0, sizeof *t);
  s->tcap[i] = 0;
  t->id = id;
  t->loop = e->loop;
  t->thread = e->thread;
  t->parent = (uint32_t)e->a[2];
  t->name = e->a[1];
  t->name_no = (uint32_t)e->a[3];
  t->state = SIM_TASK_CREATED;
  t->wait_kind = RT_WAIT_YIELD;
  t->created_at = s->step;
}

static void task_remove(st *s, uint32_t id) {
  int f;
  uint32_t i = find_id(s->tk, s->ntk, sizeof *s->tk, id, &f);
  if (!f || s->tk[i].state == DEAD) return;
  rt_free((void *)s->tk[i].frames);
  s->tk[i].frames = NULL;
  s->tk[i].nframes = 0;
  s->tcap[i] = 0;
  s->tk[i].state = DEAD;
  if (too_dead(++s->tdead, s->ntk)) st_tidy(s);
}

static void future_add(st *s, const rt_event *e) {
  uint32_t id = (uint32_t)e->a[0];
  int f;
  uint32_t i = find_id(s->fu, s->nfu, sizeof *s->fu, id, &f);
  if (f && s->fu[i].state != DEAD) return;
  if (f) {
    s->fdead--;
  } else {
    if (grow(&s->fu, &s->capfu, (uint64_t)s->nfu + 1, sizeof *s->fu) != RT_OK) {
      s->err = RT_ENOMEM;
      return;
    }
    hole(s->fu, s->nfu, i, sizeof *s->fu);
    s->nfu++;
  }
  sim_future *fu = &s->fu[i];
  memset(fu, 0, sizeof *fu);
  fu->id = id;
  fu->loop = e->loop;
  fu->creator = e->task;
  fu->wait_kind = (uint8_t)e->a[1];
  fu->state = RT_FUT_PENDING;
}

static void future_remove(st *s, uint32_t id) {
  int f;
  uint32_t i = find_id(s->fu, s->nfu, sizeof *s->fu, id, &f);
  if (!f || s->fu[i].state == DEAD) return;
  s->fu[i].state = DEAD;
  if (too_dead(++s->fdead, s->nfu)) st_tidy(s);
}

static void sync_add(st *s, const rt_event *e) {
  uint32_t i;
  if (sync_find(s, (uint32_t)e->a[0], &i)) return;
  if (grow(&s->sy, &s->capsy, (uint64_t)s->nsy + 1, sizeof *s->sy) != RT_OK ||
      grow(&s->sx, &s->capsx, (uint64_t)s->nsy + 1, sizeof *s->sx) != RT_OK) {
    s->err = RT_ENOMEM;
    return;
  }
  hole(s->sy, s->nsy, i, sizeof *s->sy);
  hole(s->sx, s->nsy, i, sizeof *s->sx);
  s->nsy++;
  sim_sync *y = &s->sy[i];
  memset(y, 0, sizeof *y);
  memset(&s->sx[i], 0, sizeof s->sx[i]);
  y->id = (uint32_t)e->a[0];
  y->loop = e->loop;
  y->kind = (uint8_t)e->a[1];
  y->lock = (uint32_t)e->a[3];
  switch ((rt_sync_kind)y->kind) {
  case RT_SYNC_SEMAPHORE:
  case RT_SYNC_BOUNDED_SEMAPHORE:
    y->value = y->limit = e->a[2];
    break;
  case RT_SYNC_QUEUE:
  case RT_SYNC_LIFO_QUEUE:
  case RT_SYNC_PRIORITY_QUEUE:
    y->limit = e->a[2];
    break;
  default:
    y->value = e->a[2];
    break;
  }
}

static void sync_remove(st *s, uint32_t id) {
  uint32_t i;
  sim_sync *y = sync_find(s, id, &i);
  if (!y) return;
  rt_free((void *)y->waiters);
  rt_free((void *)y->items);
  unhole(s->sy, s->nsy, i, sizeof *s->sy);
  unhole(s->sx, s->nsy, i, sizeof *s->sx);
  s->nsy--;
}

/* A state change (sync.acquire / sync.release). */
static void sync_op(st *s, const rt_event *e) {
  sim_sync *y = sync_find(s, (uint32_t)e->a[0], NULL);
  if (!y) return;
  int op = (int)e->a[1];
  y->last_op = (uint8_t)op;
  switch (op) {
  case RT_SYNC_OP_ACQUIRE:
    y->value = e->a[2];
    if (y->kind == RT_SYNC_LOCK) y->holder = e->task;
    break;
  case RT_SYNC_OP_RELEASE:
    y->value = e->a[2];
    if (y->kind == RT_SYNC_LOCK) y->holder = 0;
    break;
  case RT_SYNC_OP_TASK_DONE:
  case RT_SYNC_OP_JOIN:
    y->unfinished = e->a[2];
    break;
  case RT_SYNC_OP_NOTIFY:
    y->value = e->a[2] > 0;
    break;
  case RT_SYNC_OP_WAIT:
    if (y->kind == RT_SYNC_EVENT) y->value = e->a[2];
    break;
  default:  /* set, clear */
    y->value = e->a[2];
    break;
  }
}

static void queue_put(st *s, const rt_event *e) {
  uint32_t i;
  sim_sync *y = sync_find(s, (uint32_t)e->a[0], &i);
  if (!y) return;
  int64_t *items = (int64_t *)y->items;
  if (grow(&items, &s->sx[i].icap, (uint64_t)y->nitems + 1, sizeof *items) != RT_OK) {
    s->err = RT_ENOMEM;
    return;
  }
  items[y->nitems++] = e->a[1];
  y->items = items;
  y->value = e->a[2];
  y->unfinished = e->a[3];
}

/* The item got leaves: the first equal one from the front (FIFO, priority)
 * or the last (LIFO). */
static void queue_get(st *s, const rt_event *e) {
  sim_sync *y = sync_find(s, (uint32_t)e->a[0], NULL);
  if (!y) return;
  int64_t *items = (int64_t *)y->items;
  uint32_t n = y->nitems, at = n;
  if (y->kind == RT_SYNC_LIFO_QUEUE) {
    for (uint32_t j = n; j-- > 0;)
      if (items[j] == e->a[1]) {
        at = j;
        break;
      }
  } else {
    for (uint32_t j = 0; j < n; j++)
      if (items[j] == e->a[1]) {
        at = j;
        break;
      }
  }
  if (at < n) {
    unhole(items, n, at, sizeof *items);
    y->nitems--;
  }
  y->value = e->a[2];
  y->unfinished = e->a[3];
}

/* --- the state machine: one event */

static uint8_t task_final(int64_t fstate) {
  switch (fstate) {
  case RT_FUT_RESULT: return SIM_TASK_DONE;
  case RT_FUT_EXCEPTION: return SIM_TASK_FAILED;
  default: return SIM_TASK_CANCELLED;
  }
}

static void st_apply(st *s, const rt_event *e) {
  if (s->err) return;
  s->step++;
  s->last = *e;
  /* The thread emitting runs; the one that ran before without blocking
   * (real threads interleave) is merely runnable. Except for what the
   * virtual platform's scheduler emits on behalf of a thread that is
   * blocking (a clock wake-up of another thread, the deadlock warning):
   * the emitter stays as it is. */
  int sched = e->kind == RT_EV_THREAD_WAKE || e->kind == RT_EV_WARNING;
  if (s->view.thread != e->thread && s->view.thread) {
    sim_thread *prev = thread_get(s, s->view.thread);
    if (prev && prev->state == SIM_THREAD_RUNNING) prev->state = SIM_THREAD_RUNNABLE;
  }
  s->view.thread = e->thread;
  sim_thread *th = e->thread ? thread_get(s, e->thread) : NULL;
  if (th && th->state != SIM_THREAD_DONE && !sched) {
    th->state = SIM_THREAD_RUNNING;
    th->block = RT_BLOCK_NONE;
    th->until_ns = -1;
  }
  uint32_t li;
  sim_loop *l;
  sim_task *t;
  sim_future *fu;
  sim_sync *y;
  sim_thread *o;
  switch ((rt_ev_kind)e->kind) {
  case RT_EV_LOOP_NEW:
    if ((l = loop_get(s, e->loop, NULL)) != NULL) {
      l->thread = e->thread;
      l->platform = e->a[0];
    }
    break;
  case RT_EV_LOOP_FREE:
    if ((l = loop_get(s, e->loop, &li)) != NULL) {
      l->closed = 1;
      l->running = l->idle = l->stopping = 0;
      ready_drop_front(s, li, l->nready);
      l->ntimers = 0;
    }
    break;
  case RT_EV_LOOP_RUN:
    if ((l = loop_get(s, e->loop, NULL)) != NULL) {
      l->running = 1;
      l->thread = e->thread;
      if (th) th->loop = e->loop;
    }
    break;
  case RT_EV_LOOP_STOP:
    if ((l = loop_get(s, e->loop, NULL)) != NULL) {
      if (e->a[0] == 0) {
        l->stopping = 1;
      } else {
        l->running = l->stopping = l->idle = 0;
        if (th && th->loop == e->loop) th->loop = 0;
      }
    }
    break;
  case RT_EV_ITER_BEGIN:
    if ((l = loop_get(s, e->loop, NULL)) != NULL) l->iteration = (uint64_t)e->a[0];
    break;
  case RT_EV_ITER_END:
    /* Cancelled handles were skipped silently: a[2] says what is left. */
    if ((l = loop_get(s, e->loop, &li)) != NULL && l->nready > (uint64_t)e->a[2])
      ready_drop_front(s, li, l->nready - (uint32_t)e->a[2]);
    break;
  case RT_EV_IDLE_BEGIN:
    if ((l = loop_get(s, e->loop, NULL)) != NULL) {
      l->idle = 1;
      l->idle_until_ns = e->a[0];
    }
    if (th) {
      th->state = SIM_THREAD_IDLE;
      th->block = RT_BLOCK_IDLE;
      th->block_id = e->loop;
      th->until_ns = e->a[0];
    }
    break;
  case RT_EV_IDLE_END:
    if ((l = loop_get(s, e->loop, NULL)) != NULL) {
      l->idle = 0;
      l->idle_until_ns = -1;
    }
    break;
  case RT_EV_HANDLE_SCHEDULED:
    if ((l = loop_get(s, e->loop, &li)) != NULL) {
      sim_handle h;
      memset(&h, 0, sizeof h);
      h.id = (uint64_t)e->a[0];
      h.of = (uint32_t)e->a[2];
      h.by = (uint32_t)e->a[3];
      h.kind = (uint8_t)e->a[1];
      ready_push(s, li, &h);
    }
    if ((e->a[1] == RT_HK_WAKEUP || e->a[1] == RT_HK_TASK_STEP) &&
        (t = task_find(s, (uint32_t)e->a[2])) != NULL && t->state == SIM_TASK_WAITING)
      t->state = SIM_TASK_READY;
    break;
  case RT_EV_HANDLE_RUN:
    if ((l = loop_get(s, e->loop, &li)) != NULL) {
      const sim_handle *r = l->ready;
      uint32_t n = 0;
      while (n < l->nready && r[n].id != (uint64_t)e->a[0]) n++;
      if (n < l->nready) ready_drop_front(s, li, n + 1);
    }
    break;
  case RT_EV_HANDLE_CANCELLED:
    if ((l = loop_get(s, e->loop, &li)) != NULL)
      for (uint32_t i = 0; i < l->nready; i++)
        if (s->lx[li].rbuf[s->lx[li].rhead + i].id == (uint64_t)e->a[0])
          s->lx[li].rbuf[s->lx[li].rhead + i].cancelled = 1;
    break;
  case RT_EV_TIMER_ADDED:
    if ((l = loop_get(s, e->loop, &li)) != NULL) {
      sim_timer tm;
      memset(&tm, 0, sizeof tm);
      tm.id = (uint64_t)e->a[0];
      tm.when_ns = e->a[1];
      tm.owner = (uint32_t)e->a[2];
      tm.kind = (uint8_t)e->a[3];
      timer_add(s, li, &tm);
    }
    break;
  case RT_EV_TIMER_FIRED:
    if ((l = loop_get(s, e->loop, &li)) != NULL) {
      timer_remove(s, li, (uint64_t)e->a[0]);
      sim_handle h;
      memset(&h, 0, sizeof h);
      h.id = (uint64_t)e->a[0];
      h.by = (uint32_t)e->a[2];
      h.kind = (uint8_t)e->a[3];
      ready_push(s, li, &h);
    }
    break;
  case RT_EV_TIMER_CANCELLED:
    if ((l = loop_get(s, e->loop, &li)) != NULL) timer_remove(s, li, (uint64_t)e->a[0]);
    break;
  case RT_EV_TASK_CREATED:
    task_add(s, e);
    break;
  case RT_EV_TASK_RENAMED:
    if ((t = task_find(s, (uint32_t)e->a[0])) != NULL) t->name = e->a[1];
    break;
  case RT_EV_TASK_STEP_BEGIN:
    if ((t = task_find(s, (uint32_t)e->a[0])) != NULL) {
      t->state = SIM_TASK_RUNNING;
      t->steps = (uint32_t)e->a[1];
      t->waits_on = 0;
    }
    break;
  case RT_EV_TASK_STEP_END:
    if ((t = task_find(s, (uint32_t)e->a[0])) != NULL && t->state == SIM_TASK_RUNNING)
      t->state = e->a[2] == 0 ? SIM_TASK_READY : SIM_TASK_WAITING;
    break;
  case RT_EV_TASK_SUSPENDED:
    if ((t = task_find(s, (uint32_t)e->a[2])) != NULL) {
      t->waits_on = (uint32_t)e->a[0];
      t->wait_kind = (uint8_t)e->a[1];
    }
    break;
  case RT_EV_TASK_DONE:
    if ((t = task_find(s, (uint32_t)e->a[0])) != NULL) {
      t->state = task_final(e->a[1]);
      t->waits_on = 0;
      t->steps = (uint32_t)e->a[2];
    }
    break;
  case RT_EV_TASK_CANCEL_REQUESTED:
    if ((t = task_find(s, (uint32_t)e->a[0])) != NULL) t->cancelling = (uint16_t)e->a[1];
    break;
  case RT_EV_FUTURE_CREATED:
    if (e->a[1] != RT_WAIT_TASK) future_add(s, e);
    break;
  case RT_EV_FUTURE_DONE:
    if ((fu = future_find(s, (uint32_t)e->a[0])) != NULL) {
      fu->state = (uint8_t)e->a[1];
      fu->ncallbacks = 0;
    }
    break;
  case RT_EV_FUTURE_CB_ADDED:
    if ((fu = future_find(s, (uint32_t)e->a[0])) != NULL) fu->ncallbacks = (uint16_t)e->a[3];
    break;
  case RT_EV_FUTURE_FREE:
    future_remove(s, (uint32_t)e->a[0]);
    task_remove(s, (uint32_t)e->a[0]);
    break;
  case RT_EV_FRAME_ENTER:
    if ((t = task_find(s, e->task)) != NULL) {
      sim_frame fr;
      memset(&fr, 0, sizeof fr);
      fr.name = e->a[0];
      fr.file = e->a[1];
      fr.first_line = fr.line = (int32_t)e->a[2];
      fr.kind = (uint8_t)e->a[3];
      task_push_frame(s, t, &fr);
    }
    break;
  case RT_EV_FRAME_LEAVE:
    if ((t = task_find(s, e->task)) != NULL && t->nframes > 0 && --t->nframes == 0)
      t->returned = 1;
    break;
  case RT_EV_LINE:
    if ((t = task_find(s, e->task)) != NULL) {
      t->line = (int32_t)e->a[0];
      t->file = e->a[1];
      if (t->nframes) ((sim_frame *)t->frames)[t->nframes - 1].line = (int32_t)e->a[0];
    }
    if (th) {
      th->line = (int32_t)e->a[0];
      th->file = e->a[1];
    }
    break;
  case RT_EV_SYNC_NEW:
    sync_add(s, e);
    break;
  case RT_EV_SYNC_FREE:
    sync_remove(s, (uint32_t)e->a[0]);
    break;
  case RT_EV_SYNC_ACQUIRE:
  case RT_EV_SYNC_RELEASE:
    sync_op(s, e);
    break;
  case RT_EV_SYNC_WAIT: {
    uint32_t i;
    if (sync_find(s, (uint32_t)e->a[0], &i)) {
      sim_waiter w;
      memset(&w, 0, sizeof w);
      w.future = (uint32_t)e->a[1];
      w.task = e->task;
      w.role = (uint8_t)e->a[3];
      waiter_add(s, i, &w);
    }
    break;
  }
  case RT_EV_SYNC_WAKE:
  case RT_EV_SYNC_LEAVE:
    if ((y = sync_find(s, (uint32_t)e->a[0], NULL)) != NULL) waiter_remove(y, (uint32_t)e->a[1]);
    break;
  case RT_EV_QUEUE_PUT:
    queue_put(s, e);
    break;
  case RT_EV_QUEUE_GET:
    queue_get(s, e);
    break;
  case RT_EV_THREAD_START:
    if ((o = thread_get(s, (uint32_t)e->a[0])) != NULL) {
      o->name = e->a[1];
      if (o->id != e->thread) o->state = SIM_THREAD_RUNNABLE;
    }
    break;
  case RT_EV_THREAD_BLOCK:
    if ((o = thread_get(s, (uint32_t)e->a[0])) != NULL) {
      o->state = SIM_THREAD_BLOCKED;
      o->block = (uint8_t)e->a[1];
      o->block_id = (uint32_t)e->a[2];
      o->until_ns = e->a[3];
    }
    break;
  case RT_EV_THREAD_WAKE:
    if ((o = thread_get(s, (uint32_t)e->a[0])) != NULL && o->state != SIM_THREAD_DONE &&
        o->id != e->thread) {
      o->state = SIM_THREAD_RUNNABLE;
      o->block = RT_BLOCK_NONE;
      o->until_ns = -1;
    }
    break;
  case RT_EV_THREAD_END:
    if ((o = thread_get(s, (uint32_t)e->a[0])) != NULL) {
      o->state = SIM_THREAD_DONE;
      o->loop = 0;
    }
    break;
  case RT_EV_WARNING:
    if (e->a[1] == RT_EDEADLOCK && !s->deadlock_step) s->deadlock_step = s->step;
    break;
  default:
    break;
  }
}

/* The public view of s (pointers are kept up to date by the mutators). */
static const sim_state *st_view(st *s) {
  st_tidy(s);
  sim_state *v = &s->view;
  v->step = s->step;
  if (s->step) v->event = s->last;
  else memset(&v->event, 0, sizeof v->event);
  v->vtime = s->step ? s->last.vtime : 0.0;
  v->thread = s->step ? s->last.thread : 0;
  v->task = s->step ? s->last.task : 0;
  v->threads = s->th;
  v->nthreads = s->nth;
  v->loops = s->lp;
  v->nloops = s->nlp;
  v->tasks = s->tk;
  v->ntasks = s->ntk;
  v->futures = s->fu;
  v->nfutures = s->nfu;
  v->syncs = s->sy;
  v->nsyncs = s->nsy;
  v->deadlock_step = s->deadlock_step;
  return v;
}

/* --- snapshots: serialise and restore */

#define PUT(b, x) bytes_put((b), &(x), sizeof(x))

static int st_save(const st *s, bytes *b) {
  int rc = RT_OK;
  rc |= PUT(b, s->step);
  rc |= PUT(b, s->last);
  rc |= PUT(b, s->deadlock_step);
  rc |= PUT(b, s->view.thread);
  rc |= PUT(b, s->nth);
  rc |= bytes_put(b, s->th, (size_t)s->nth * sizeof *s->th);
  rc |= PUT(b, s->nlp);
  for (uint32_t i = 0; i < s->nlp; i++) {
    rc |= PUT(b, s->lp[i]);
    rc |= bytes_put(b, s->lp[i].ready, (size_t)s->lp[i].nready * sizeof(sim_handle));
    rc |= bytes_put(b, s->lp[i].timers, (size_t)s->lp[i].ntimers * sizeof(sim_timer));
  }
  rc |= PUT(b, s->ntk);
  for (uint32_t i = 0; i < s->ntk; i++) {
    rc |= PUT(b, s->tk[i]);
    rc |= bytes_put(b, s->tk[i].frames, (size_t)s->tk[i].nframes * sizeof(sim_frame));
  }
  rc |= PUT(b, s->nfu);
  rc |= bytes_put(b, s->fu, (size_t)s->nfu * sizeof *s->fu);
  rc |= PUT(b, s->nsy);
  for (uint32_t i = 0; i < s->nsy; i++) {
    rc |= PUT(b, s->sy[i]);
    rc |= bytes_put(b, s->sy[i].waiters, (size_t)s->sy[i].nwaiters * sizeof(sim_waiter));
    rc |= bytes_put(b, s->sy[i].items, (size_t)s->sy[i].nitems * sizeof(int64_t));
  }
  return rc ? RT_ENOMEM : RT_OK;
}

typedef struct rd {
  const uint8_t *p;
} rd;

static void take(rd *r, void *dst, size_t n) {
  if (n == 0) return;  /* dst may be NULL then */
  memcpy(dst, r->p, n);
  r->p += n;
}
#define TAKE(r, x) take((r), &(x), sizeof(x))

/* Resize s's arrays for counts read from a snapshot, freeing the owned
 * buffers of entries that go. */
static int st_restore(st *s, const uint8_t *blob) {
  rd r = {blob};
  s->err = RT_OK;
  s->tdead = s->fdead = 0;   /* a snapshot has none */
  TAKE(&r, s->step);
  TAKE(&r, s->last);
  TAKE(&r, s->deadlock_step);
  TAKE(&r, s->view.thread);
  uint32_t n;
  TAKE(&r, n);
  if (grow(&s->th, &s->capth, n, sizeof *s->th) != RT_OK) goto fail;
  take(&r, s->th, (size_t)n * sizeof *s->th);
  s->nth = n;

  TAKE(&r, n);
  for (uint32_t i = n; i < s->nlp; i++) {
    rt_free(s->lx[i].rbuf);
    rt_free(s->lx[i].tbuf);
    memset(&s->lx[i], 0, sizeof s->lx[i]);
  }
  if (grow(&s->lp, &s->caplp, n, sizeof *s->lp) != RT_OK ||
      grow(&s->lx, &s->caplx, n, sizeof *s->lx) != RT_OK)
    goto fail;
  for (uint32_t i = s->nlp; i < n; i++) memset(&s->lx[i], 0, sizeof s->lx[i]);
  s->nlp = n;
  for (uint32_t i = 0; i < n; i++) {
    loopx *x = &s->lx[i];
    TAKE(&r, s->lp[i]);
    x->rhead = 0;
    if (grow(&x->rbuf, &x->rcap, s->lp[i].nready, sizeof *x->rbuf) != RT_OK ||
        grow(&x->tbuf, &x->tcap, s->lp[i].ntimers, sizeof *x->tbuf) != RT_OK) {
      s->lp[i].nready = s->lp[i].ntimers = 0;
      fix_loop(s, i);
      goto fail;
    }
    take(&r, x->rbuf, (size_t)s->lp[i].nready * sizeof *x->rbuf);
    take(&r, x->tbuf, (size_t)s->lp[i].ntimers * sizeof *x->tbuf);
    fix_loop(s, i);
  }

  TAKE(&r, n);
  for (uint32_t i = n; i < s->ntk; i++) {
    rt_free((void *)s->tk[i].frames);
    s->tk[i].frames = NULL;
    s->tcap[i] = 0;
  }
  if (grow(&s->tk, &s->captk, n, sizeof *s->tk) != RT_OK ||
      grow(&s->tcap, &s->captcap, n, sizeof *s->tcap) != RT_OK)
    goto fail;
  for (uint32_t i = s->ntk; i < n; i++) {
    s->tk[i].frames = NULL;
    s->tcap[i] = 0;
  }
  s->ntk = n;
  for (uint32_t i = 0; i < n; i++) {
    const sim_frame *keep = s->tk[i].frames;
    TAKE(&r, s->tk[i]);
    sim_frame *fr = (sim_frame *)keep;
    int ok = grow(&fr, &s->tcap[i], s->tk[i].nframes, sizeof *fr) == RT_OK;
    s->tk[i].frames = fr;
    if (!ok) {
      s->tk[i].nframes = 0;
      goto fail;
    }
    take(&r, fr, (size_t)s->tk[i].nframes * sizeof *fr);
  }

  TAKE(&r, n);
  if (grow(&s->fu, &s->capfu, n, sizeof *s->fu) != RT_OK) goto fail;
  take(&r, s->fu, (size_t)n * sizeof *s->fu);
  s->nfu = n;

  TAKE(&r, n);
  for (uint32_t i = n; i < s->nsy; i++) {
    rt_free((void *)s->sy[i].waiters);
    rt_free((void *)s->sy[i].items);
    s->sy[i].waiters = NULL;
    s->sy[i].items = NULL;
    memset(&s->sx[i], 0, sizeof s->sx[i]);
  }
  if (grow(&s->sy, &s->capsy, n, sizeof *s->sy) != RT_OK ||
      grow(&s->sx, &s->capsx, n, sizeof *s->sx) != RT_OK)
    goto fail;
  for (uint32_t i = s->nsy; i < n; i++) {
    s->sy[i].waiters = NULL;
    s->sy[i].items = NULL;
    memset(&s->sx[i], 0, sizeof s->sx[i]);
  }
  s->nsy = n;
  for (uint32_t i = 0; i < n; i++) {
    sim_waiter *w = (sim_waiter *)s->sy[i].waiters;
    int64_t *it = (int64_t *)s->sy[i].items;
    TAKE(&r, s->sy[i]);
    int ok = grow(&w, &s->sx[i].wcap, s->sy[i].nwaiters, sizeof *w) == RT_OK;
    s->sy[i].waiters = w;
    ok = ok && grow(&it, &s->sx[i].icap, s->sy[i].nitems, sizeof *it) == RT_OK;
    s->sy[i].items = it;
    if (!ok) {
      s->sy[i].nwaiters = s->sy[i].nitems = 0;
      goto fail;
    }
    take(&r, w, (size_t)s->sy[i].nwaiters * sizeof *w);
    take(&r, it, (size_t)s->sy[i].nitems * sizeof *it);
  }
  return RT_OK;
fail:
  /* Leave a consistent (if wrong) state: counts cut to what was read. */
  s->nsy = s->nsy < n ? s->nsy : n;
  s->err = RT_ENOMEM;
  return RT_ENOMEM;
}

/* ------------------------------------------------------------ walker */

struct sim__walker {
  st s;
};

int sim__walker_new(sim__walker **out) {
  sim__walker *w = rt_calloc(1, sizeof *w);
  if (!w) return RT_ENOMEM;
  *out = w;
  return RT_OK;
}

void sim__walker_free(sim__walker *w) {
  if (!w) return;
  st_clear(&w->s);
  rt_free(w);
}

void sim__walker_apply(sim__walker *w, const rt_event *ev) { st_apply(&w->s, ev); }
int sim__walker_error(const sim__walker *w) { return w->s.err; }
const sim_state *sim__walker_state(sim__walker *w) { return st_view(&w->s); }

/* ---------------------------------------------------------- timeline */

typedef struct checkpoint {
  size_t off;      /* byte offset of event (index * CHECK_EVERY) */
  dctx ctx;        /* what it is encoded against */
} checkpoint;

typedef struct snap {
  uint64_t step;
  size_t blob;     /* offset of its serialised state in tl->blobs */
  size_t off;      /* byte offset of event `step` */
  dctx ctx;
} snap;

/* A step-index entry: the step just after an event, and an id. */
typedef struct mark {
  uint32_t step;
  uint32_t id;
} mark;

typedef struct con_line {
  size_t off;          /* its text in tl->ctext */
  uint32_t len;        /* bytes so far (final once complete) */
  uint32_t first_chunk;
  uint32_t end_step;   /* the step its newline was written; 0: open */
  uint32_t step;       /* the step its first byte was written */
  uint32_t thread, task;
  uint8_t stream;
  double vtime;
} con_line;

typedef struct con_chunk {
  uint32_t step;
  uint32_t line;
  uint32_t len;        /* the line's length after this write */
} con_chunk;

struct sim_timeline {
  uint32_t snap_every;       /* 0: adaptive */
  int err;
  bytes ev;                  /* encoded events */
  uint64_t n;                /* events */
  dctx enc;                  /* the last event's fields */
  checkpoint *cp;
  uint32_t ncp, capcp;
  st rec;                    /* the state after rec.step events (catch_up) */
  size_t rec_off;            /* decoding position of event rec.step */
  dctx rec_ctx;
  uint64_t next_snap;
  uint64_t deadlock_step;    /* the deadlock warning's step, or 0 */
  bytes blobs;
  snap *snaps;
  uint32_t nsnaps, capsnaps;
  st view;                   /* the state at the current step */
  size_t view_off;           /* decoding position of event view.step */
  dctx view_ctx;
  mark *iters;               /* ITER_BEGIN: id = loop */
  uint32_t niters, capiters;
  mark *steps;               /* TASK_STEP_BEGIN: id = task */
  uint32_t nsteps, capsteps;
  mark *ends;                /* console line ends */
  uint32_t nends, capends;
  con_line *lines;
  uint32_t nlines, caplines;
  con_chunk *chunks;
  uint32_t nchunks, capchunks;
  int64_t open[3];           /* the open line of stream 1 and 2, or -1 */
  char *ctext;
  size_t ctext_len, ctext_cap;
  /* recording */
  rt_platform *p;
  int virt;
  double t0;                 /* real platform: time of attach */
  pthread_mutex_t lock;      /* real platform: events come from threads */
  rt_trace_cb tee;
  void *tee_ud;
  rt_tracer tracer;          /* attached: the runtime writes into chunk */
  rt_event *chunk;           /* nchunk records (one: spare, without memory) */
  size_t nchunk;
  rt_event spare;
};

static int take_snapshot(sim_timeline *tl) {
  if (grow(&tl->snaps, &tl->capsnaps, (uint64_t)tl->nsnaps + 1, sizeof *tl->snaps) != RT_OK)
    return RT_ENOMEM;
  size_t at = tl->blobs.len;
  st_tidy(&tl->rec);   /* snapshots hold no dead entries */
  if (st_save(&tl->rec, &tl->blobs) != RT_OK) {
    tl->blobs.len = at;
    return RT_ENOMEM;
  }
  snap *sn = &tl->snaps[tl->nsnaps++];
  sn->step = tl->rec.step;
  sn->blob = at;
  sn->off = tl->rec_off;
  sn->ctx = tl->rec_ctx;
  size_t size = tl->blobs.len - at;
  uint64_t gap;
  if (tl->snap_every) {
    gap = tl->snap_every;
  } else {
    gap = size / SNAP_BUDGET;
    if (gap < SNAP_MIN) gap = SNAP_MIN;
  }
  tl->next_snap = tl->rec.step + gap;
  return RT_OK;
}

int sim_timeline_new(const sim_timeline_opts *opts, sim_timeline **out) {
  sim_timeline *tl = rt_calloc(1, sizeof *tl);
  if (!tl) return RT_ENOMEM;
  tl->snap_every = opts ? opts->snapshot_every : 0;
  tl->open[0] = tl->open[1] = tl->open[2] = -1;
  pthread_mutex_init(&tl->lock, NULL);
  if (take_snapshot(tl) != RT_OK) {  /* step 0 */
    sim_timeline_free(tl);
    return RT_ENOMEM;
  }
  *out = tl;
  return RT_OK;
}

void sim_timeline_free(sim_timeline *tl) {
  if (!tl) return;
  if (tl->p) sim_timeline_detach(tl);
  rt_free(tl->ev.p);
  rt_free(tl->cp);
  st_clear(&tl->rec);
  st_clear(&tl->view);
  rt_free(tl->blobs.p);
  rt_free(tl->snaps);
  rt_free(tl->iters);
  rt_free(tl->steps);
  rt_free(tl->ends);
  rt_free(tl->lines);
  rt_free(tl->chunks);
  rt_free(tl->ctext);
  pthread_mutex_destroy(&tl->lock);
  rt_free(tl);
}

static int mark_add(mark **a, uint32_t *n, uint32_t *cap, uint64_t step, uint32_t id) {
  if (grow(a, cap, (uint64_t)*n + 1, sizeof **a) != RT_OK) return RT_ENOMEM;
  (*a)[(*n)++] = (mark){(uint32_t)step, id};
  return RT_OK;
}

static int ctext_reserve(sim_timeline *tl, size_t more) {
  if (tl->ctext_len + more <= tl->ctext_cap) return RT_OK;
  size_t c = tl->ctext_cap ? tl->ctext_cap : 1024;
  while (c < tl->ctext_len + more) c *= 2;
  char *q = rt_realloc(tl->ctext, c);
  if (!q) return RT_ENOMEM;
  tl->ctext = q;
  tl->ctext_cap = c;
  return RT_OK;
}

/* Append n bytes to line li, moving its text to the end of the buffer
 * first if another line's text was appended since (streams interleave). */
static int line_append(sim_timeline *tl, uint32_t li, const char *p, size_t n) {
  con_line *l = &tl->lines[li];
  if (l->off + l->len != tl->ctext_len) {
    if (ctext_reserve(tl, l->len + n) != RT_OK) return RT_ENOMEM;
    memmove(tl->ctext + tl->ctext_len, tl->ctext + l->off, l->len);
    l->off = tl->ctext_len;
    tl->ctext_len += l->len;
  }
  if (ctext_reserve(tl, n) != RT_OK) return RT_ENOMEM;
  memcpy(tl->ctext + tl->ctext_len, p, n);
  tl->ctext_len += n;
  l->len += (uint32_t)n;
  return RT_OK;
}

/* An output event: split its text into the console's lines. */
static int console_write(sim_timeline *tl, const rt_event *e, uint64_t step) {
  const char *text = rt_interned(e->a[0]);
  if (!text) return RT_OK;
  int stream = e->a[1] == 2 ? 2 : 1;
  while (*text) {
    if (tl->open[stream] < 0) {
      if (grow(&tl->lines, &tl->caplines, (uint64_t)tl->nlines + 1, sizeof *tl->lines) != RT_OK)
        return RT_ENOMEM;
      con_line *l = &tl->lines[tl->nlines];
      memset(l, 0, sizeof *l);
      l->off = tl->ctext_len;
      l->first_chunk = tl->nchunks;
      l->step = (uint32_t)step;
      l->thread = e->thread;
      l->task = e->task;
      l->stream = (uint8_t)stream;
      l->vtime = e->vtime;
      tl->open[stream] = tl->nlines++;
    }
    uint32_t li = (uint32_t)tl->open[stream];
    const char *nl = strchr(text, '\n');
    size_t n = nl ? (size_t)(nl - text) : strlen(text);
    if (line_append(tl, li, text, n) != RT_OK) return RT_ENOMEM;
    if (grow(&tl->chunks, &tl->capchunks, (uint64_t)tl->nchunks + 1, sizeof *tl->chunks) != RT_OK)
      return RT_ENOMEM;
    tl->chunks[tl->nchunks++] = (con_chunk){(uint32_t)step, li, tl->lines[li].len};
    text += n;
    if (nl) {
      tl->lines[li].end_step = (uint32_t)step;
      tl->open[stream] = -1;
      if (mark_add(&tl->ends, &tl->nends, &tl->capends, step, li) != RT_OK) return RT_ENOMEM;
      text++;
    }
  }
  return RT_OK;
}

/* The kinds index_event has work for. */
static const bool indexed[RT_EV__COUNT] = {
    [RT_EV_ITER_BEGIN] = true, [RT_EV_TASK_STEP_BEGIN] = true,
    [RT_EV_OUTPUT] = true, [RT_EV_WARNING] = true,
};

/* The step indexes and the console for event ev, the step-th. */
static int index_event(sim_timeline *tl, const rt_event *ev, uint64_t step) {
  switch ((rt_ev_kind)ev->kind) {
  case RT_EV_ITER_BEGIN: return mark_add(&tl->iters, &tl->niters, &tl->capiters, step, ev->loop);
  case RT_EV_TASK_STEP_BEGIN:
    return mark_add(&tl->steps, &tl->nsteps, &tl->capsteps, step, (uint32_t)ev->a[0]);
  case RT_EV_OUTPUT: return console_write(tl, ev, step);
  case RT_EV_WARNING:
    if (ev->a[1] == RT_EDEADLOCK && !tl->deadlock_step) tl->deadlock_step = step;
    return RT_OK;
  default: return RT_OK;
  }
}

/* Encode the count (at most CHECK_EVERY) events at evs against *c, at q
 * (room for count * EV_MAX_BYTES); returns the end. Writes in pick the
 * positions of the events index_event has work for, and in ends where each
 * of those ends; *npick their number. No branch but ev_put's on the way:
 * the kind test is a table load and an add. */
static uint8_t *encode_run(uint8_t *q, const rt_event *evs, uint32_t count, dctx *c,
                           uint8_t *pick, uint8_t **ends, uint32_t *npick) {
  dctx x = *c;
  uint32_t m = 0;
  for (uint32_t i = 0; i < count; i++) {
    const rt_event *ev = &evs[i];
    unsigned k = ev->kind;
    q = ev_put(q, ev, &x);
    pick[m] = (uint8_t)i;
    ends[m] = q;
    m += indexed[k < RT_EV__COUNT ? k : RT_EV_NONE];
  }
  *c = x;
  *npick = m;
  return q;
}

/* Record the count events at evs: encode each against the one before,
 * with a checkpoint every CHECK_EVERY, and index it. The work is done a
 * run at a time (the events up to the next checkpoint): the event limit,
 * the checkpoint and the room for the bytes once a run, then the run is
 * encoded in a tight loop (encode_run), then the few indexed events of it
 * are indexed. If indexing runs out of memory, the events after the one
 * that failed are dropped again (as if recording had stopped there). */
static void record_events(sim_timeline *tl, const rt_event *evs, size_t count) {
  if (tl->err) return;
  dctx c = tl->enc;
  uint64_t n = tl->n;
  size_t len = tl->ev.len;
  uint8_t pick[CHECK_EVERY];
  uint8_t *ends[CHECK_EVERY];
  while (count > 0) {
    if (n >= MAX_EVENTS) goto oom;
    uint32_t run = CHECK_EVERY - (uint32_t)(n % CHECK_EVERY);
    if (run > count) run = (uint32_t)count;
    if (run > MAX_EVENTS - n) run = (uint32_t)(MAX_EVENTS - n);
    if (n % CHECK_EVERY == 0) {
      if (grow(&tl->cp, &tl->capcp, (uint64_t)tl->ncp + 1, sizeof *tl->cp) != RT_OK) goto oom;
      tl->cp[tl->ncp++] = (checkpoint){len, c};
    }
    if (len + (size_t)run * EV_MAX_BYTES > tl->ev.cap) {
      tl->ev.len = len;
      if (bytes_reserve(&tl->ev, (size_t)run * EV_MAX_BYTES) != RT_OK) goto oom;
    }
    uint32_t npick;
    uint8_t *p = tl->ev.p;
    len = (size_t)(encode_run(p + len, evs, run, &c, pick, ends, &npick) - p);
    for (uint32_t j = 0; j < npick; j++) {
      const rt_event *ev = &evs[pick[j]];
      if (index_event(tl, ev, n + pick[j] + 1) != RT_OK) {
        n += pick[j] + 1;
        len = (size_t)(ends[j] - p);
        c = (dctx){ev->seq, ev->vtime, ev->thread, ev->loop, ev->task};
        goto oom;
      }
    }
    n += run;
    evs += run;
    count -= run;
  }
  tl->enc = c;
  tl->n = n;
  tl->ev.len = len;
  return;
oom:
  tl->enc = c;
  tl->n = n;
  tl->ev.len = len;
  tl->err = RT_ENOMEM;
}

void sim_timeline_record(sim_timeline *tl, const rt_event *ev) { record_events(tl, ev, 1); }

/* Bring the derived state up to step (at most the count), taking the
 * snapshots on the way. Recording only encodes events and indexes them:
 * the state is built here, when a seek first needs it, so a run nobody
 * looks at (coroscope run) does not pay for it, and one that is looked at
 * pays the same, later. If memory runs out the state stops where it is
 * (sim_timeline_error says RT_ENOMEM); seeks still replay from the
 * snapshots taken. */
static void catch_up(sim_timeline *tl, uint64_t step) {
  st *r = &tl->rec;
  if (r->err || r->step >= step) return;
  const uint8_t *q = tl->ev.p + tl->rec_off;
  rt_event e;
  while (r->step < step) {
    q = ev_get(q, &e, &tl->rec_ctx);
    st_apply(r, &e);
    if (r->err) break;
    if (r->step >= tl->next_snap) {
      tl->rec_off = (size_t)(q - tl->ev.p);
      if (take_snapshot(tl) != RT_OK) {
        r->err = RT_ENOMEM;
        break;
      }
    }
  }
  tl->rec_off = (size_t)(q - tl->ev.p);
  if (r->err) tl->err = RT_ENOMEM;
}

int sim_timeline_error(const sim_timeline *tl) { return tl->err; }
uint64_t sim_timeline_count(const sim_timeline *tl) { return tl->n; }

/* Records the runtime writes before the timeline takes them: 18 KiB,
 * small enough to be taken while still in the cache. */
#define CHUNK_EVENTS 256

/* Record the events of the chunk, [chunk, cur): the runtime stamped them
 * with the run's clock (tracer.clock); on the real platform times count
 * from attach. Then pass them on. */
static void take_events(sim_timeline *tl) {
  rt_event *end = tl->tracer.cur;
  if (!tl->virt)
    for (rt_event *e = tl->chunk; e < end; e++) e->vtime -= tl->t0;
  record_events(tl, tl->chunk, (size_t)(end - tl->chunk));
  if (tl->tee)
    for (rt_event *e = tl->chunk; e < end; e++) tl->tee(tl->tee_ud, e);
  tl->tracer.cur = tl->chunk;
  tl->tracer.end = tl->chunk + tl->nchunk;
}

/* The tracer's refill: the chunk is full. The runtime serialises writers
 * (and this) when threads exist, so no lock is needed here. */
static void refill(rt_tracer *tr) {
  take_events((sim_timeline *)((char *)tr - offsetof(sim_timeline, tracer)));
}

void sim_timeline_attach(sim_timeline *tl, rt_platform *p) {
  tl->p = p ? p : rt_platform_real();
  tl->virt = sim_platform_is_virtual(tl->p);
  tl->t0 = tl->virt ? 0.0 : tl->p->now(tl->p);
  tl->chunk = rt_malloc(CHUNK_EVENTS * sizeof *tl->chunk);
  tl->nchunk = tl->chunk ? CHUNK_EVENTS : 1;
  if (!tl->chunk) tl->chunk = &tl->spare;
  /* Virtual: each event gets the virtual clock as it is when the event
   * happens (a loop's own events otherwise carry the clock read at the
   * start of its iteration). Real: events outside a loop get the clock. */
  tl->tracer = (rt_tracer){tl->chunk, tl->chunk + tl->nchunk, refill, tl->p, tl->virt};
  rt_trace_set_tracer(&tl->tracer);
}

void sim_timeline_detach(sim_timeline *tl) {
  rt_trace_set_tracer(NULL);
  take_events(tl);
  if (tl->chunk != &tl->spare) rt_free(tl->chunk);
  tl->chunk = NULL;
  tl->p = NULL;
}

void sim_timeline_set_tee(sim_timeline *tl, rt_trace_cb cb, void *ud) {
  tl->tee = cb;
  tl->tee_ud = ud;
}

size_t sim_timeline_memory(const sim_timeline *tl) {
  size_t m = sizeof *tl + tl->ev.cap + tl->blobs.cap;
  m += (size_t)tl->capcp * sizeof *tl->cp + (size_t)tl->capsnaps * sizeof *tl->snaps;
  m += ((size_t)tl->capiters + tl->capsteps + tl->capends) * sizeof(mark);
  m += (size_t)tl->caplines * sizeof *tl->lines + (size_t)tl->capchunks * sizeof *tl->chunks;
  m += tl->ctext_cap;
  const st *ss[2] = {&tl->rec, &tl->view};
  for (int k = 0; k < 2; k++) {
    const st *s = ss[k];
    m += (size_t)s->capth * sizeof *s->th + (size_t)s->caplp * sizeof *s->lp;
    m += (size_t)s->caplx * sizeof *s->lx + (size_t)s->captk * sizeof *s->tk;
    m += (size_t)s->captcap * 4 + (size_t)s->capfu * sizeof *s->fu;
    m += (size_t)s->capsy * sizeof *s->sy + (size_t)s->capsx * sizeof *s->sx;
    for (uint32_t i = 0; i < s->nlp; i++)
      m += (size_t)s->lx[i].rcap * sizeof(sim_handle) + (size_t)s->lx[i].tcap * sizeof(sim_timer);
    for (uint32_t i = 0; i < s->ntk; i++) m += (size_t)s->tcap[i] * sizeof(sim_frame);
    for (uint32_t i = 0; i < s->nsy; i++)
      m += (size_t)s->sx[i].wcap * sizeof(sim_waiter) + (size_t)s->sx[i].icap * 8;
  }
  return m;
}

/* --- reading events */

void sim_cursor_init(sim_cursor *c, const sim_timeline *tl) {
  memset(c, 0, sizeof *c);
  c->tl = tl;
}

bool sim_cursor_next(sim_cursor *c, rt_event *out) {
  if (c->i >= c->tl->n) return false;
  dctx x = {c->seq, c->vtime, c->thread, c->loop, c->task};
  const uint8_t *q = ev_get(c->tl->ev.p + c->off, out, &x);
  c->off = (size_t)(q - c->tl->ev.p);
  c->seq = x.seq;
  c->vtime = x.vtime;
  c->thread = x.thread;
  c->loop = x.loop;
  c->task = x.task;
  c->i++;
  return true;
}

int sim_timeline_event(const sim_timeline *tl, uint64_t i, rt_event *out) {
  if (i >= tl->n) return RT_EINVAL;
  const checkpoint *c = &tl->cp[i / CHECK_EVERY];
  dctx x = c->ctx;
  const uint8_t *q = tl->ev.p + c->off;
  for (uint64_t k = i / CHECK_EVERY * CHECK_EVERY; k <= i; k++) q = ev_get(q, out, &x);
  return RT_OK;
}

/* --- seeking */

int sim_timeline_seek(sim_timeline *tl, uint64_t step) {
  if (step > tl->n) return RT_EINVAL;
  catch_up(tl, step);
  st *v = &tl->view;
  /* The last snapshot at or before step. */
  uint32_t lo = 0, hi = tl->nsnaps;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (tl->snaps[mid].step <= step) lo = mid;
    else hi = mid;
  }
  const snap *sn = &tl->snaps[lo];
  if (v->err || v->step > step || v->step < sn->step) {
    if (st_restore(v, tl->blobs.p + sn->blob) != RT_OK) return RT_ENOMEM;
    tl->view_off = sn->off;
    tl->view_ctx = sn->ctx;
  }
  const uint8_t *q = tl->ev.p + tl->view_off;
  rt_event e;
  while (v->step < step) {
    q = ev_get(q, &e, &tl->view_ctx);
    st_apply(v, &e);
    if (v->err) return RT_ENOMEM;
  }
  tl->view_off = (size_t)(q - tl->ev.p);
  return RT_OK;
}

const sim_state *sim_timeline_state(sim_timeline *tl) {
  const sim_state *s = st_view(&tl->view);
  /* Console lines begun by this step: their first steps increase. */
  uint32_t lo = 0, hi = tl->nlines;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (tl->lines[mid].step <= tl->view.step) lo = mid + 1;
    else hi = mid;
  }
  tl->view.view.nconsole = lo;
  return s;
}

int sim_timeline_console_line(const sim_timeline *tl, uint32_t i, sim_console_line *out) {
  uint64_t k = tl->view.step;
  if (i >= tl->nlines || tl->lines[i].step > k) return RT_EINVAL;
  const con_line *l = &tl->lines[i];
  uint32_t len = l->len;
  uint8_t complete = l->end_step && l->end_step <= k;
  if (!complete) {
    len = 0;
    for (uint32_t j = l->first_chunk; j < tl->nchunks && tl->chunks[j].step <= k; j++)
      if (tl->chunks[j].line == i) len = tl->chunks[j].len;
  }
  out->text = tl->ctext + l->off;
  out->len = len;
  out->vtime = l->vtime;
  out->step = l->step;
  out->thread = l->thread;
  out->task = l->task;
  out->stream = l->stream;
  out->complete = complete;
  return RT_OK;
}

uint64_t sim_timeline_deadlock_step(const sim_timeline *tl) { return tl->deadlock_step; }

/* The first mark after `from` (dir > 0) or the last before it, with id
 * (0: any). */
static uint64_t mark_find(const mark *a, uint32_t n, uint64_t from, int dir, uint32_t id) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {  /* first index with step > from */
    uint32_t mid = lo + (hi - lo) / 2;
    if (a[mid].step <= from) lo = mid + 1;
    else hi = mid;
  }
  if (dir > 0) {
    for (uint32_t i = lo; i < n; i++)
      if (!id || a[i].id == id) return a[i].step;
  } else {
    uint32_t i = lo;
    while (i > 0 && a[i - 1].step >= from) i--;  /* strictly before */
    while (i-- > 0)
      if (!id || a[i].id == id) return a[i].step;
  }
  return from;
}

uint64_t sim_timeline_find(const sim_timeline *tl, uint64_t from, int dir, sim_step_kind kind,
                           uint32_t id) {
  switch (kind) {
  case SIM_STEP_EVENT:
    if (dir > 0) return from < tl->n ? from + 1 : from;
    return from > 0 ? from - 1 : 0;
  case SIM_STEP_ITERATION: return mark_find(tl->iters, tl->niters, from, dir, id);
  case SIM_STEP_TASK: return mark_find(tl->steps, tl->nsteps, from, dir, id);
  case SIM_STEP_LINE: return mark_find(tl->ends, tl->nends, from, dir, 0);
  }
  return from;
}

/* --- lookups and names */

#define LOOKUP(fn, type, arr, n)                                           \
  const type *fn(const sim_state *s, uint32_t id) {                        \
    int f;                                                                 \
    uint32_t i = find_id(s->arr, s->n, sizeof *s->arr, id, &f);            \
    return f ? &s->arr[i] : NULL;                                          \
  }
LOOKUP(sim_state_task, sim_task, tasks, ntasks)
LOOKUP(sim_state_loop, sim_loop, loops, nloops)
LOOKUP(sim_state_thread, sim_thread, threads, nthreads)
LOOKUP(sim_state_future, sim_future, futures, nfutures)
LOOKUP(sim_state_sync, sim_sync, syncs, nsyncs)

const char *sim_task_name(const sim_task *t, char *buf, size_t n) {
  const char *s = t->name ? rt_interned(t->name) : NULL;
  if (s) snprintf(buf, n, "%s", s);
  else snprintf(buf, n, "Task-%" PRIu32, t->name_no);
  return buf;
}

const char *sim_task_state_name(sim_task_state s) {
  static const char *const names[] = {"created", "ready", "running", "waiting",
                                      "done", "failed", "cancelled"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "?";
}

const char *sim_thread_state_name(sim_thread_state s) {
  static const char *const names[] = {"runnable", "running", "blocked", "idle", "done"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "?";
}
