/* bare.h: the benchmarks' baseline, a bare coroutine runtime of our own.
 *
 * The floor every coroscope figure is divided by: a jmp-terminated x86-64
 * switch (bare_x86_64.S), a FIFO ring of ready coroutines, one 4 KiB stack
 * page per coroutine carved from one bulk mmap, and a plain binary heap of
 * timers. No names, no tracing, no cancellation, no futures, no guard pages,
 * no error handling beyond what the workloads need: it is what a runtime
 * costs when it does nothing but switch, queue and order deadlines.
 *
 * Memory: bare_sched_init reserves cap slots at once (headers in one calloc,
 * stack pages in one MAP_NORESERVE mapping, so pages are committed on first
 * touch); slots are recycled through a free list, like a stack pool. */
#ifndef BARE_H
#define BARE_H

#include <stddef.h>
#include <stdint.h>

#define BARE_STACK 4096u

typedef struct bare_sched bare_sched;
typedef void (*bare_fn)(bare_sched *s, void *arg);

/* A coroutine header: 40 bytes. The callee-saved registers and the resume
 * address live on the suspended stack, so sp is the whole context. */
typedef struct bare_coro {
  void *sp;
  bare_sched *s;
  bare_fn fn;
  void *arg;
  uint32_t slot;
  uint32_t done;
} bare_coro;

struct bare_sched {
  void *main_sp;       /* the scheduler's own context while a coroutine runs */
  bare_coro *cur;
  bare_coro **ring;    /* ready FIFO, mask + 1 slots */
  uint32_t mask, head, tail;
  bare_coro *hdrs;     /* cap headers */
  char *pages;         /* cap stack pages */
  uint32_t *free_slots;
  uint32_t nfree, cap;
  uint64_t ndone;      /* coroutines finished since init */
};

/* Reserve cap coroutines. 0 on success, -1 if out of memory. */
int bare_sched_init(bare_sched *s, uint32_t cap);
void bare_sched_close(bare_sched *s);

/* A new coroutine, not scheduled (for bare_resume), or NULL if all cap
 * slots are taken. */
bare_coro *bare_new(bare_sched *s, bare_fn fn, void *arg);
/* A new coroutine at the back of the ready ring (bare_run frees it when its
 * function returns). */
bare_coro *bare_spawn(bare_sched *s, bare_fn fn, void *arg);
void bare_free(bare_sched *s, bare_coro *c);

/* Run c until it suspends, yields or returns. */
void bare_resume(bare_sched *s, bare_coro *c);
/* Inside a coroutine: back to the scheduler, not requeued (an idle wait). */
void bare_suspend(bare_sched *s);
/* Inside a coroutine: sleep(0): to the back of the ready ring, then back to
 * the scheduler. */
void bare_yield(bare_sched *s);
/* Resume ready coroutines in FIFO order until the ring is empty, freeing
 * each one whose function returned. */
void bare_run(bare_sched *s);

/* A plain binary min-heap of timers ordered by (deadline, sequence). */
typedef struct bare_timer {
  double when;
  uint64_t seq;
  void (*cb)(void *arg);
  void *arg;
} bare_timer;

typedef struct bare_heap {
  bare_timer *t;
  size_t n, cap;
  uint64_t seq;
} bare_heap;

int bare_heap_push(bare_heap *h, double when, void (*cb)(void *), void *arg);
/* Pop the earliest timer into *out; 0, or -1 if the heap is empty. */
int bare_heap_pop(bare_heap *h, bare_timer *out);
void bare_heap_free(bare_heap *h);

/* The switch (bare_x86_64.S): save the callee-saved registers on the current
 * stack, store sp in *from, load *to, pop, and jump to the saved address. */
void bare_switch(void **from, void *to);
/* The first "return address" of a new coroutine: calls bare__entry(rbx). */
void bare_boot(void);
void bare__entry(bare_coro *c);

#endif /* BARE_H */
