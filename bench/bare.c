/* bare.c: the bare baseline runtime: ready ring, stack pages, timer heap. */
#include "bare.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int bare_sched_init(bare_sched *s, uint32_t cap) {
  memset(s, 0, sizeof *s);
  uint32_t ring = 1;
  while (ring < cap + 1) ring <<= 1;
  s->ring = malloc(ring * sizeof *s->ring);
  s->hdrs = calloc(cap, sizeof *s->hdrs);
  s->free_slots = malloc(cap * sizeof *s->free_slots);
  s->pages = mmap(NULL, (size_t)cap * BARE_STACK, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (!s->ring || !s->hdrs || !s->free_slots || s->pages == MAP_FAILED) {
    if (s->pages == MAP_FAILED) s->pages = NULL;
    bare_sched_close(s);
    return -1;
  }
  s->mask = ring - 1;
  s->cap = cap;
  /* Hand out low slots first, so a small run touches few pages. */
  for (uint32_t i = 0; i < cap; i++) s->free_slots[i] = cap - 1 - i;
  s->nfree = cap;
  return 0;
}

void bare_sched_close(bare_sched *s) {
  if (s->pages) munmap(s->pages, (size_t)s->cap * BARE_STACK);
  free(s->ring);
  free(s->hdrs);
  free(s->free_slots);
  memset(s, 0, sizeof *s);
}

bare_coro *bare_new(bare_sched *s, bare_fn fn, void *arg) {
  if (s->nfree == 0) return NULL;
  uint32_t slot = s->free_slots[--s->nfree];
  bare_coro *c = &s->hdrs[slot];
  c->s = s;
  c->fn = fn;
  c->arg = arg;
  c->slot = slot;
  c->done = 0;
  /* The stack as bare_switch leaves it: r15 r14 r13 r12 rbx rbp, then the
   * resume address; popping all seven leaves rsp at the 16-aligned top. */
  void **top = (void **)(s->pages + (size_t)(slot + 1) * BARE_STACK);
  void **sp = top - 7;
  memset(sp, 0, 6 * sizeof *sp);
  sp[4] = c;                 /* rbx */
  sp[6] = (void *)bare_boot; /* resume address */
  c->sp = sp;
  return c;
}

bare_coro *bare_spawn(bare_sched *s, bare_fn fn, void *arg) {
  bare_coro *c = bare_new(s, fn, arg);
  if (c) s->ring[s->tail++ & s->mask] = c;
  return c;
}

void bare_free(bare_sched *s, bare_coro *c) { s->free_slots[s->nfree++] = c->slot; }

/* Where a coroutine starts (through bare_boot); it switches away for good. */
void bare__entry(bare_coro *c) {
  c->fn(c->s, c->arg);
  c->done = 1;
  bare_switch(&c->sp, c->s->main_sp);
  abort(); /* a finished coroutine is never resumed */
}

void bare_resume(bare_sched *s, bare_coro *c) {
  s->cur = c;
  bare_switch(&s->main_sp, c->sp);
}

void bare_suspend(bare_sched *s) { bare_switch(&s->cur->sp, s->main_sp); }

void bare_yield(bare_sched *s) {
  bare_coro *c = s->cur;
  s->ring[s->tail++ & s->mask] = c;
  bare_switch(&c->sp, s->main_sp);
}

void bare_run(bare_sched *s) {
  while (s->head != s->tail) {
    bare_coro *c = s->ring[s->head++ & s->mask];
    bare_resume(s, c);
    if (c->done) {
      s->ndone++;
      bare_free(s, c);
    }
  }
}

/* ------------------------------------------------------------ timer heap */

static int timer_less(const bare_timer *a, const bare_timer *b) {
  return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

int bare_heap_push(bare_heap *h, double when, void (*cb)(void *), void *arg) {
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 64;
    bare_timer *t = realloc(h->t, cap * sizeof *t);
    if (!t) return -1;
    h->t = t;
    h->cap = cap;
  }
  bare_timer x = {when, h->seq++, cb, arg};
  size_t i = h->n++;
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!timer_less(&x, &h->t[p])) break;
    h->t[i] = h->t[p];
    i = p;
  }
  h->t[i] = x;
  return 0;
}

int bare_heap_pop(bare_heap *h, bare_timer *out) {
  if (h->n == 0) return -1;
  *out = h->t[0];
  bare_timer x = h->t[--h->n];
  size_t n = h->n, i = 0;
  for (;;) {
    size_t l = 2 * i + 1;
    if (l >= n) break;
    if (l + 1 < n && timer_less(&h->t[l + 1], &h->t[l])) l++;
    if (!timer_less(&h->t[l], &x)) break;
    h->t[i] = h->t[l];
    i = l;
  }
  if (n) h->t[i] = x;
  return 0;
}

void bare_heap_free(bare_heap *h) {
  free(h->t);
  memset(h, 0, sizeof *h);
}
