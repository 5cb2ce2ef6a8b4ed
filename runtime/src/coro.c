/* coro.c: bare stackful coroutines (rt_coro), and the context-switch wrapper
 * that tells the sanitizers about every switch.
 *
 * A coroutine is a context (ctx_int.h) on a pooled stack (stack.c). Resume
 * saves the resumer's context in c->caller and switches to c->ctx; yield
 * saves c->ctx and switches back to c->caller. So a coroutine may resume
 * another (nesting): each level's caller context lives in the callee's
 * struct and the resumer's registers on the resumer's own stack.
 *
 * The hot path (resume + yield) is two raw switches and a handful of plain
 * loads and stores, some thread-local (the current coroutine; the stack and
 * name the overflow handler should watch), each one %fs-relative move. No
 * system call, no signal mask change, no lock. Measured here: about 6 ns a
 * round trip against 4.6 ns for the benchmark's bare jmp-terminated switch
 * (bench/README.md).
 *
 * The struct rt_coro lives at the top of the coroutine's own stack, so a
 * coroutine costs no allocation (a name longer than the inline buffer
 * aside) and no memory beyond the stack page it touches anyway. (One on a
 * shared stack, below, is on the heap.)
 *
 * Task workers (task.c) use four more entry points: resume and yield that
 * pass an int across the switch (so a yield can be a tail call whose
 * caller is resumed directly, with no ret right after the switch: such a
 * ret always mispredicts, the return-stack buffer holding the other
 * stack's addresses), restart (run an entry afresh on a coroutine whose
 * last body finished) and exit (leave for good, by a predicted ret when no
 * call is pending on the coroutine's side).
 *
 * Growing stacks (rt_stack_call, at the end): a coroutine may run on a
 * segment of stack rather than its own; c->on names the one it runs on,
 * what a resume watches again.
 *
 * Shared stacks (rt__shared_new, rt__coro_new_shared): many coroutines may
 * take turns on one stack, greenlet's way. The stack holds the frames of
 * one of them, its occupant; resuming another copies the occupant's used
 * part [sp, top) out to the occupant's own buffer, and the resumed one's
 * saved bytes back in, at the very addresses they came from (so pointers
 * within its own frames stay right). A suspended coroutine that is not the
 * occupant is those bytes and a struct on the heap: about 1.1 KiB for an
 * interpreter's task suspended at an await, not a stack page of its own,
 * and the stack every step runs on stays hot in the cache. The price:
 * nothing outside a suspended coroutine may read or write its frames
 * (task.c and the interpreter keep what others need off the stack), and a
 * shared coroutine must be resumed from outside its shared stack (the
 * loop's side does it). Copies happen only when a different coroutine
 * runs: one task taking steps in a row copies nothing. A coroutine that
 * suspends on a segment (rt_stack_call) saves only what it left on the
 * shared stack below the segment; the segment stays its own.
 *
 * Threads: a coroutine runs on one thread at a time. A suspended coroutine
 * may be resumed from another thread; code inside a coroutine must not keep
 * addresses of thread-local variables across a yield (the compiler may). */
#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctx_int.h"
#include "rt.h"

#if defined(COROSCOPE_ASAN)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(COROSCOPE_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

/* ------------------------------------------------ the switch wrapper */

#if defined(COROSCOPE_ASAN)
/* A context made by rt__ctx_make starts here under ASan: finish the switch
 * that entered it (nothing to restore: a fresh stack has no fake stack),
 * note the bounds of the stack we came from, then run the entry. */
static void asan_ctx_start(void *p) {
  rt_ctx *c = p;
  const void *lo;
  size_t size;
  __sanitizer_finish_switch_fiber(NULL, &lo, &size);
  if (c->from) {
    c->from->stack_lo = (void *)lo;
    c->from->stack_size = size;
  }
  c->entry(c->arg);
  abort();  /* entry never returns */
}
#endif

void rt__ctx_make(rt_ctx *c, void *lo, size_t size, void (*entry)(void *),
                  void *arg) {
  memset(c, 0, sizeof *c);
#if defined(COROSCOPE_TSAN)
  c->tsan_fiber = __tsan_create_fiber(0);
  c->tsan_own = 1;
#endif
#if defined(COROSCOPE_ASAN)
  /* A context that left for good (rt__ctx_exit) leaves its frames' redzones
   * poisoned; a new context on the same stack must not trip on them. */
  ASAN_UNPOISON_MEMORY_REGION(lo, size);
  c->stack_lo = lo;
  c->stack_size = size;
  c->entry = entry;
  c->arg = arg;
  rt__ctx_prepare(c, lo, size, asan_ctx_start, c);
#else
  rt__ctx_prepare(c, lo, size, entry, arg);
#endif
}

void rt__ctx_free(rt_ctx *c) {
#if defined(COROSCOPE_TSAN)
  if (c->tsan_own && c->tsan_fiber) __tsan_destroy_fiber(c->tsan_fiber);
  c->tsan_fiber = NULL;
  c->tsan_own = 0;
#else
  (void)c;
#endif
}

/* Inlined into resume and yield below. val is what to's switch returns;
 * the result is what the switch that resumes from passes. */
static inline int switch_hooked(rt_ctx *from, rt_ctx *to, bool last, int val) {
#if defined(COROSCOPE_ASAN)
  to->from = from;
  /* NULL save slot on the last switch: ASan frees the fake stack. */
  __sanitizer_start_switch_fiber(last ? NULL : &from->fake_stack,
                                 to->stack_lo, to->stack_size);
#endif
#if defined(COROSCOPE_TSAN)
  if (!from->tsan_own) from->tsan_fiber = __tsan_get_current_fiber();
  __tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
  (void)last;
#if defined(COROSCOPE_ASAN)
  int got = rt__ctx_swap(from, to, val);
  /* Back in from: whoever switched to us told us its stack's bounds. */
  const void *lo;
  size_t size;
  __sanitizer_finish_switch_fiber(from->fake_stack, &lo, &size);
  if (from->from) {
    from->from->stack_lo = (void *)lo;
    from->from->stack_size = size;
  }
  return got;
#else
  return rt__ctx_swap(from, to, val);
#endif
}

void rt__ctx_switch(rt_ctx *from, rt_ctx *to) { (void)switch_hooked(from, to, false, 0); }

int rt__ctx_switch_v(rt_ctx *from, rt_ctx *to, int val) {
  return switch_hooked(from, to, false, val);
}

void rt__ctx_exit(rt_ctx *from, rt_ctx *to) {
  (void)switch_hooked(from, to, true, 0);
  abort();  /* nobody switches back to a finished context */
}

/* rt__ctx_exit, ending in rt__ctx_jump (see there). The jump must be a
 * tail call (nothing after it, and not _Noreturn, which would make the
 * compiler call it): a call would push the return-stack buffer entry the
 * jump's ret is meant to find there. */
static inline void exit_by_jump(rt_ctx *from, rt_ctx *to) {
#if defined(COROSCOPE_ASAN)
  to->from = from;
  __sanitizer_start_switch_fiber(NULL, to->stack_lo, to->stack_size);
#endif
#if defined(COROSCOPE_TSAN)
  if (!from->tsan_own) from->tsan_fiber = __tsan_get_current_fiber();
  __tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
  (void)from;
  rt__ctx_jump(to);
}

/* ------------------------------------------------------ coroutines */

enum { CORO_SUSPENDED, CORO_RUNNING, CORO_DONE };

#define NAME_INLINE 48

/* The struct lives at the top of the coroutine's own stack, in the page
 * that a suspended coroutine has committed anyway (its innermost frames
 * are just below): a coroutine costs no allocation and no memory beyond
 * that page, and the inline name is free. The usable stack is the rest,
 * [stack.lo, the struct). */
/* Save buffers come from their shared stack's own pool: classes 64 bytes
 * apart up to 4 KiB, carved from blocks of 128 KiB, freed blocks kept on a
 * list per class until the stack goes. Taken from malloc, a buffer of a
 * KiB or more is a "large" request, and each made glibc consolidate its
 * fast bins first (10% of a 100,000-task gather went to malloc). */
#define SAVE_UNIT 64
#define SAVE_CLASSES 64
#define SAVE_BLOCK ((size_t)128 << 10)

typedef struct save_block {
  struct save_block *next;
} save_block;

/* A stack shared by coroutines (see the top of the file). Used by one
 * thread at a time (its loop's), the pool included. */
struct rt__shared {
  rt_stack st;
  rt_coro *occupant;   /* whose frames the stack holds now, or NULL */
  size_t refs;         /* its owner's and one per coroutine */
  void *free[SAVE_CLASSES];  /* free buffers of (i + 1) * SAVE_UNIT bytes */
  char *carve, *carve_end;   /* the rest of the newest block */
  save_block *blocks;
};

struct rt_coro {
  rt_ctx ctx;          /* the coroutine's own context */
  rt_ctx caller;       /* the resumer's, while the coroutine runs */
  rt__shared *sh;      /* the shared stack it runs on, or NULL; */
  char *save;          /* its frames while another occupies it */
  size_t saved, save_cap;  /* (in the first line: the loop prefetches
                              the frames a step ahead) */
  rt_coro *parent;     /* the resuming coroutine, NULL: a thread's stack */
  rt_stack stack;      /* stack.label_no: see rt__coro_borrow_name */
  const rt_stack *on;  /* the stack it runs on: &stack, or a segment
                          (rt_stack_call) while it runs on one */
  rt_coro_entry fn;
  void *arg;
  const char *name;    /* name_buf, a heap copy (name_heap), a borrowed
                          string (rt__coro_borrow_name), or NULL */
  unsigned char state;
  bool started;
  bool name_heap;      /* name is ours to rt_free */
  bool fresh;          /* shared: start at entry(entry_arg) when claimed */
  void (*entry)(void *);
  void *entry_arg;
  char name_buf[NAME_INLINE];
};

/* The coroutine running on this thread; NULL on the thread's own stack. */
static _Thread_local rt_coro *cur;
/* Declared in ctx_int.h, read by stack.c's signal handler; defined here so
 * the hot path reaches them with local-exec TLS (one %fs store each). */
_Thread_local const rt_stack *rt__stack_cur;
_Thread_local const char *rt__stack_cur_name;
/* The stack of the lane this thread runs (lane.c sets them; NULL on a
 * thread's own stack): watched when a coroutine yields back to it. */
_Thread_local const rt_stack *rt__stack_base;
_Thread_local const char *rt__stack_base_name;
/* rt.h's rt_stack_left reads rt__stack_limit; rt__stack_enter sets it. */
_Thread_local char *rt__stack_limit;
_Thread_local char *rt__stack_thread_lo;

static inline void leave(rt_coro *c);
static void drop_segments(rt_coro *c);

/* Out of line, so that yield needs no stack frame of its own. */
__attribute__((noinline, cold)) static void canary_check(const rt_stack *s,
                                                         const char *name) {
  if (!rt__stack_intact(s)) rt__stack_overflow_die_on(s, name);
}

static void coro_boot(void *arg) {
  rt_coro *c = arg;
  c->fn(c->arg);
  c->state = CORO_DONE;
  leave(c);
  rt__ctx_exit(&c->ctx, &c->caller);
}

static void name_free(rt_coro *c) {
  if (c->name_heap) rt_free((void *)c->name);
  c->name_heap = false;
  c->name = NULL;
  c->stack.label_no = 0;
}

/* Copy name into c: inline if it fits (no allocation for "Task-123"), on
 * the heap otherwise. RT_OK or RT_ENOMEM (then c's name is unchanged). */
static int name_set(rt_coro *c, const char *name) {
  if (!name) {
    name_free(c);
    return RT_OK;
  }
  size_t n = strlen(name) + 1;
  if (n <= NAME_INLINE) {
    name_free(c);
    memcpy(c->name_buf, name, n);
    c->name = c->name_buf;
    return RT_OK;
  }
  char *p = rt_malloc(n);
  if (!p) return RT_ENOMEM;
  memcpy(p, name, n);
  name_free(c);
  c->name = p;
  c->name_heap = true;
  return RT_OK;
}

/* Create a coroutine that will run fn(arg) on its own stack of stack_size
 * bytes (0: RT_STACK_DEFAULT; the struct takes about 200 of them, at the
 * top) when first resumed. name (copied, may be NULL) labels the
 * stack-overflow message: inline if short (no allocation), else a heap
 * copy. Returns RT_OK with *out set, or RT_ENOMEM if the stack or the
 * copy of a long name could not be had (then nothing is left allocated).
 * Free with rt_coro_free. */
int rt_coro_new(rt_coro_entry fn, void *arg, size_t stack_size,
                const char *name, rt_coro **out) {
  assert(fn && "rt_coro_new: fn is NULL");
  assert(out && "rt_coro_new: out is NULL");
  rt_stack st;
  if (rt__stack_acquire(stack_size ? stack_size : RT_STACK_DEFAULT, &st) != RT_OK)
    return RT_ENOMEM;
  rt_coro *c = (rt_coro *)(((uintptr_t)st.hi - sizeof(rt_coro)) & ~(uintptr_t)63);
  c->stack = st;
  c->stack.label_no = 0;
  c->on = &c->stack;
  c->sh = NULL;  /* the page may be a reused stack's: no field is zero */
  c->fresh = false;
  c->save = NULL;
  c->saved = c->save_cap = 0;
  c->name = NULL;
  c->name_heap = false;
  if (name_set(c, name) != RT_OK) {
    rt__stack_release(&st);
    return RT_ENOMEM;
  }
  c->fn = fn;
  c->arg = arg;
  c->state = CORO_SUSPENDED;
  c->started = false;
  c->parent = NULL;
  rt__ctx_make(&c->ctx, st.lo, (size_t)((char *)c - (char *)st.lo), coro_boot, c);
  memset(&c->caller, 0, sizeof c->caller);
  *out = c;
  return RT_OK;
}

static void shared_claim(rt_coro *c);
static void save_put(rt__shared *s, void *p, size_t cap);

static inline void resume_now(rt_coro *c, int val) {
  if (c->sh && __builtin_expect(c->sh->occupant != c || c->fresh, 0)) shared_claim(c);
  c->parent = cur;
  cur = c;
  rt__stack_enter(c->on, c->name);
  c->state = CORO_RUNNING;
  (void)switch_hooked(&c->caller, &c->ctx, false, val);
}

/* Out of line so the hot path needs no stack frame: the first resume,
 * whole (it ends with the switch too, a tail call). */
__attribute__((noinline, cold)) static void first_resume(rt_coro *c, int val) {
  c->started = true;
  /* The resuming thread needs the overflow handler and its own signal
   * stack: once per thread, a TLS check afterwards. Failing to install only
   * costs the overflow message (a bare SIGSEGV instead). */
  (void)rt__stack_install_overflow_handler();
  resume_now(c, val);
}

/* Run c until it yields or returns. c must be neither running nor done.
 * May be called from inside another coroutine.
 *
 * Cost: the switch is the last thing resume does and the first thing
 * yield does, and both are compiled as tail calls, so the raw switch jumps
 * straight back to resume's caller. No ret executes on the round trip, so
 * the return-stack predictor never mispredicts (one misprediction was a
 * third of the round trip); for this the bookkeeping for the way back
 * (current coroutine, watched stack, canary) is done by the yielding side. */
static inline void coro_resume(rt_coro *c, int val) {
  assert(c->state == CORO_SUSPENDED &&
         "rt_coro_resume: coroutine is running or done");
  if (__builtin_expect(!c->started, 0)) {
    first_resume(c, val);
    return;
  }
  resume_now(c, val);
}

void rt_coro_resume(rt_coro *c) { coro_resume(c, 0); }

/* rt_coro_resume, passing val to c: what its rt__coro_yield_v returns. */
void rt__coro_resume_v(rt_coro *c, int val) { coro_resume(c, val); }

/* The yielding (or finishing) side of a switch back: hand the thread back
 * to c's resumer and, without a faulting guard, check c's canary. */
static inline void leave(rt_coro *c) {
  rt_coro *parent = c->parent;
  cur = parent;
  if (parent)
    rt__stack_enter(parent->on, parent->name);
  else
    rt__stack_enter(rt__stack_base, rt__stack_base_name);
  /* Without a faulting guard an overflow is caught here, late. */
  if (__builtin_expect(c->on->guard == RT_GUARD_CANARY, 0))
    canary_check(c->on, c->name);
}

static inline int coro_yield(void) {
  rt_coro *c = cur;
  assert(c && "rt_coro_yield: not inside a coroutine");
  c->state = CORO_SUSPENDED;
  leave(c);
  return switch_hooked(&c->ctx, &c->caller, false, 0);
}

/* Inside a coroutine: suspend it and go back to whoever resumed it. */
void rt_coro_yield(void) { (void)coro_yield(); }

/* rt_coro_yield, returning the val of the rt__coro_resume_v that resumes
 * us (0 from rt_coro_resume). A caller that returns this at once (a tail
 * call) is resumed straight in its own caller: no ret runs after the
 * switch (task.c's rt_yield). */
int rt__coro_yield_v(void) { return coro_yield(); }

/* Task workers (task.c). Make suspended (or never resumed) c start afresh
 * at entry(arg) when next resumed: its frames are dropped. entry is
 * entered directly, without coro_boot: it must end with rt__coro_exit. */
void rt__coro_restart(rt_coro *c, void (*entry)(void *), void *arg) {
  assert(c->state == CORO_SUSPENDED && "rt__coro_restart: coroutine is running");
  drop_segments(c);
  if (c->sh) {
    /* Laid out when it is claimed: the stack may hold another's frames. */
    if (c->sh->occupant == c) c->sh->occupant = NULL;
    c->fresh = true;
    c->saved = 0;
    c->entry = entry;
    c->entry_arg = arg;
    return;
  }
  size_t size = (size_t)((char *)c - (char *)c->stack.lo);
#if defined(COROSCOPE_ASAN) || defined(COROSCOPE_TSAN)
  rt__ctx_free(&c->ctx);  /* a fresh fiber: the old one's frames are gone */
  rt__ctx_make(&c->ctx, c->stack.lo, size, entry, arg);
#else
  rt__ctx_prepare(&c->ctx, c->stack.lo, size, entry, arg);
#endif
}

/* The end of a restarted c's entry (c is the running coroutine): go back
 * to its resumer for good; c stays suspended, to be restarted or freed.
 * balanced: c has made no call it did not return from since it was last
 * resumed (a task whose first step ran its body to the end), so the jump
 * back can end with a predicted ret (rt__ctx_jump) that leaves the
 * return-stack buffer balanced for the resumer's returns. Call it as a
 * tail call (nothing after it): it does not return. */
void rt__coro_exit(rt_coro *c, bool balanced) {
  c->state = CORO_SUSPENDED;
  /* Its frames are dead: nobody need save them. Nothing else runs on the
   * shared stack before the switch below. */
  if (c->sh) c->sh->occupant = NULL;
  leave(c);
  if (balanced) {
    exit_by_jump(&c->ctx, &c->caller);
    return;
  }
  (void)switch_hooked(&c->ctx, &c->caller, true, 0);
  abort();  /* nobody resumes an exited context without a restart */
}

/* true once c's entry has returned. */
bool rt_coro_done(const rt_coro *c) { return c->state == CORO_DONE; }

rt_coro *rt_coro_current(void) { return cur; }

/* lane.c: the current coroutine is part of what a lane switch saves. */
void rt__coro_set_current(rt_coro *c) { cur = c; }

/* Rename c (copied). If a long name cannot be copied (allocation failed),
 * the name is cut to fit the inline buffer rather than lost. */
void rt_coro_set_name(rt_coro *c, const char *name) {
  if (name_set(c, name) != RT_OK) {
    name_free(c);
    size_t n = strlen(name);
    if (n > NAME_INLINE - 1) n = NAME_INLINE - 1;
    memcpy(c->name_buf, name, n);
    c->name_buf[n] = '\0';
    c->name = c->name_buf;
  }
  c->stack.label_no = 0;
  if (c == cur) rt__stack_cur_name = c->name;
}

/* Tasks (task.c): name c after a task without copying. name (may be NULL)
 * must stay valid while c runs: a task lends its name again when it
 * renames itself, and each task lends its own at its first step (a parked
 * coroutine may keep a stale one: it does not run before that). With name
 * NULL and no != 0 the name is "Task-<no>", formatted only if an overflow
 * message needs it. */
void rt__coro_borrow_name(rt_coro *c, const char *name, uint32_t no) {
  if (__builtin_expect(c->name_heap, 0)) rt_free((void *)c->name);
  c->name_heap = false;
  c->name = name;
  c->stack.label_no = no;
  if (c == cur) rt__stack_cur_name = name;
}

/* Free c and give its stack back to the pool. c may be suspended (its
 * frames are dropped, nothing on them is unwound) or done, not running.
 * NULL is fine. */
void rt_coro_free(rt_coro *c) {
  if (!c) return;
  assert(c->state != CORO_RUNNING && "rt_coro_free: coroutine is running");
  drop_segments(c);
  rt__ctx_free(&c->ctx);
  name_free(c);
  if (c->sh) {
    if (c->sh->occupant == c) c->sh->occupant = NULL;
    save_put(c->sh, c->save, c->save_cap);
    rt__shared_release(c->sh);  /* the pool goes with the last of them */
    rt_free(c);
    return;
  }
  rt_stack st = c->stack;  /* c lives on the stack: done with it first */
  rt__stack_release(&st);
}

/* ------------------------------------------------------- stack segments */

/* A segment of a growing stack (rt.h: rt_stack_call). Its bookkeeping lives
 * at its own top, like a coroutine's: a call allocates nothing but the
 * pooled stack.
 *
 * Entering one is a context switch to a fresh context on the segment, which
 * runs fn and switches back for good: the same switch as a coroutine's, so
 * the sanitizers are told of both switches and the segment's frames are
 * walked like any coroutine's. While fn runs, the segment is the stack of
 * whoever called: the running coroutine's on (so a yield from the segment
 * and the resume that comes back keep watching it), or at thread level
 * rt__stack_base (which lanes save and restore). Under TSan the segment has
 * its own fiber, lent to the coroutine's context while it runs there (a
 * resume must switch to the fiber whose shadow stack holds the frames it
 * returns into). */
typedef struct segment {
  rt_ctx ctx;            /* runs segment_boot on the segment */
  rt_ctx back;           /* where rt_stack_call waits for fn to return */
  rt_stack st;
  const rt_stack *prev;  /* the stack the caller ran on */
  void (*fn)(void *);
  void *arg;
#if defined(COROSCOPE_TSAN)
  void *coro_fiber;      /* the coroutine's own fiber, while lent */
#endif
} segment;

static segment *segment_of(const rt_stack *s) {
  return (segment *)((char *)s - offsetof(segment, st));
}

/* Where the running code's stack is recorded: the running coroutine's
 * on, or at thread level (the lane's own code) rt__stack_base. */
static const rt_stack **stack_slot(void) { return cur ? &cur->on : &rt__stack_base; }

static void segment_boot(void *arg) {
  segment *g = arg;
  g->fn(g->arg);
  /* Whoever called runs again (it may have yielded and been resumed since,
   * on another thread: the thread-locals are read afresh). */
#if defined(COROSCOPE_TSAN)
  if (cur) cur->ctx.tsan_fiber = g->coro_fiber;
#endif
  *stack_slot() = g->prev;
  rt__stack_enter(g->prev, rt__stack_cur_name);
  if (__builtin_expect(g->st.guard == RT_GUARD_CANARY, 0))
    canary_check(&g->st, rt__stack_cur_name);
  rt__ctx_exit(&g->ctx, &g->back);
}

int rt_stack_call(size_t size, void (*fn)(void *), void *arg) {
  rt_stack st;
  if (rt__stack_acquire(size ? size : RT_STACK_DEFAULT, &st) != RT_OK)
    return RT_ENOMEM;
  /* The overflow message needs the handler, on a thread's own stack too. */
  (void)rt__stack_install_overflow_handler();
  segment *g = (segment *)(((uintptr_t)st.hi - sizeof(segment)) & ~(uintptr_t)63);
  const rt_stack **slot = stack_slot();
  g->st = st;
  g->st.label_no = *slot ? (*slot)->label_no : 0;
  g->prev = *slot;
  g->fn = fn;
  g->arg = arg;
  rt__ctx_make(&g->ctx, st.lo, (size_t)((char *)g - (char *)st.lo), segment_boot, g);
  memset(&g->back, 0, sizeof g->back);
#if defined(COROSCOPE_TSAN)
  if (cur) {
    g->coro_fiber = cur->ctx.tsan_fiber;
    cur->ctx.tsan_fiber = g->ctx.tsan_fiber;
  }
#endif
  *slot = &g->st;
  rt__stack_enter(&g->st, rt__stack_cur_name);
  rt__ctx_switch(&g->back, &g->ctx);
  /* fn has returned; segment_boot put the caller's stack back. */
  rt__ctx_free(&g->ctx);
  st = g->st;  /* g lives on the segment */
  rt__stack_release(&st);
  return RT_OK;
}

/* c (suspended) will not come back to the segments it runs on: give them
 * back, innermost first, and give c its own fiber again. */
static void drop_segments(rt_coro *c) {
  while (c->on != &c->stack) {
    segment *g = segment_of(c->on);
    c->on = g->prev;
#if defined(COROSCOPE_TSAN)
    c->ctx.tsan_fiber = g->coro_fiber;
#endif
    rt__ctx_free(&g->ctx);
    rt_stack st = g->st;
    rt__stack_release(&st);
  }
}

/* --------------------------------------------------------- shared stacks */

int rt__shared_new(size_t size, rt__shared **out) {
#if defined(COROSCOPE_CTX_UCONTEXT)
  /* Its saved context is a local of the switch, with swapcontext's own
   * frame below it: the range to save is not known. Own stacks only. */
  (void)size;
  (void)out;
  return RT_EINVAL;
#endif
  rt__shared *s = rt_malloc(sizeof *s);
  if (!s) return RT_ENOMEM;
  if (rt__stack_acquire(size ? size : RT_STACK_DEFAULT, &s->st) != RT_OK) {
    rt_free(s);
    return RT_ENOMEM;
  }
  s->occupant = NULL;
  s->refs = 1;
  memset(s->free, 0, sizeof s->free);
  s->carve = s->carve_end = NULL;
  s->blocks = NULL;
  *out = s;
  return RT_OK;
}

size_t rt__shared_size(const rt__shared *s) { return s->st.size; }

void rt__shared_release(rt__shared *s) {
  if (!s || --s->refs > 0) return;
  rt__stack_release(&s->st);
  for (save_block *b = s->blocks, *next; b; b = next) {
    next = b->next;
    rt_free(b);
  }
  rt_free(s);
}

/* A buffer of at least n bytes (*cap: its size), or NULL. */
static void *save_get(rt__shared *s, size_t n, size_t *cap) {
  size_t k = (n + SAVE_UNIT - 1) / SAVE_UNIT;
  if (k > SAVE_CLASSES) {  /* frames deeper than 4 KiB: rare, malloc's */
    *cap = k * SAVE_UNIT;
    return rt_malloc(*cap);
  }
  *cap = k * SAVE_UNIT;
  void *p = s->free[k - 1];
  if (p) {
    memcpy(&s->free[k - 1], p, sizeof(void *));
    return p;
  }
  if ((size_t)(s->carve_end - s->carve) < *cap) {
    save_block *b = rt_malloc(SAVE_BLOCK);
    if (!b) return NULL;
    b->next = s->blocks;
    s->blocks = b;
    s->carve = (char *)b + SAVE_UNIT;  /* the header's line, then buffers */
    s->carve_end = (char *)b + SAVE_BLOCK;
  }
  p = s->carve;
  s->carve += *cap;
  return p;
}

static void save_put(rt__shared *s, void *p, size_t cap) {
  if (!p) return;
  if (cap > SAVE_CLASSES * SAVE_UNIT) {
    rt_free(p);
    return;
  }
  size_t k = cap / SAVE_UNIT;
  memcpy(p, &s->free[k - 1], sizeof(void *));
  s->free[k - 1] = p;
}

int rt__coro_new_shared(rt__shared *s, rt_coro **out) {
  rt_coro *c = rt_calloc(1, sizeof *c);
  if (!c) return RT_ENOMEM;
  c->stack = s->st;
  c->stack.pool = NULL;  /* not ours to release */
  c->stack.label_no = 0;
  c->on = &c->stack;
  c->state = CORO_SUSPENDED;
  c->sh = s;
  s->refs++;
  *out = c;
  return RT_OK;
}

bool rt__coro_resumable_here(const rt_coro *c) {
  if (!c->sh) return true;
  /* (the frame's address, not a local's: ASan may keep locals elsewhere) */
  const char *here = __builtin_frame_address(0);
  const rt_coro *o = c->sh->occupant;
  /* (a running occupant may have gone on to a segment: the test of the
   * address alone would miss it) */
  return !(here >= (char *)c->sh->st.lo && here < (char *)c->sh->st.hi) &&
         !(o && o != c && o->state == CORO_RUNNING);
}

void rt__coro_claim(rt_coro *c) {
  if (c->sh && (c->sh->occupant != c || c->fresh)) shared_claim(c);
}

void rt__coro_prefetch_saved(const rt_coro *c) {
  if (!c->sh || c->sh->occupant == c) return;
  const char *p = c->save;
  for (size_t off = 0; off < c->saved; off += 64) __builtin_prefetch(p + off);
}

/* rt__coro_call_off_shared: fn runs on a segment of stack of its own while
 * the running coroutine's frames count as a suspended one's, so fn may
 * resume another coroutine of the same shared stack (they are copied out
 * and back like any occupant's). Its arguments are copied onto the
 * segment first: once fn has run, the ones on the shared stack may be
 * another's bytes until the claim below brings them back. */
typedef struct off_call {
  rt_coro *self;
  void (*fn)(void *);
  void *arg;
} off_call;

static void off_shared(void *p) {
  off_call o = *(off_call *)p;
  o.self->state = CORO_SUSPENDED;  /* its frames may go (shared_low: its
                                      sp is where it left for this segment) */
  o.fn(o.arg);
  rt__coro_claim(o.self);          /* and back */
  o.self->state = CORO_RUNNING;
}

/* Only the occupant itself can stand aside (a coroutine it resumed, on a
 * stack of its own, cannot: the occupant's registers are not where a
 * suspended one's are). */
bool rt__coro_off_shared_ok(const rt_coro *target) {
  const rt_coro *c = cur;
  return c && c->sh && c->sh == target->sh && c->sh->occupant == c;
}

int rt__coro_call_off_shared(const rt_coro *target, void (*fn)(void *), void *arg) {
  rt_coro *c = cur;
  if (!rt__coro_off_shared_ok(target)) return RT_ESTATE;
  off_call o = {c, fn, arg};
  return rt_stack_call(0, off_shared, &o);
}

/* The lowest address of c's frames on its shared stack: its saved stack
 * pointer, or where it left the shared stack for its first segment. */
static char *shared_low(const rt_coro *c) {
  const rt_stack *on = c->on;
  char *sp = c->ctx.sp;
  while (on != &c->stack) {
    const segment *g = segment_of(on);
    sp = g->back.sp;
    on = g->prev;
  }
  return sp;
}


/* What cannot go on: say so and stop (as the overflow handler does). */
__attribute__((noreturn, cold, noinline)) static void shared_die(const char *what) {
  (void)!write(STDERR_FILENO, "coroscope: shared stack: ", 25);
  (void)!write(STDERR_FILENO, what, strlen(what));
  (void)!write(STDERR_FILENO, "\n", 1);
  abort();
}

/* Make c the occupant of its shared stack, on the resumer's side (never
 * on the shared stack itself): the occupant's frames go to its buffer,
 * c's come back (or a fresh c is laid out at the top). */
__attribute__((noinline)) static void shared_claim(rt_coro *c) {
  rt__shared *s = c->sh;
  char *hi = s->st.hi;
  if (!rt__coro_resumable_here(c)) shared_die("a coroutine resumed from the same stack");
  rt_coro *o = s->occupant;
  if (o && o != c) {
    char *low = shared_low(o);
    size_t n = (size_t)(hi - low);
    if (n > o->save_cap) {
      size_t cap;
      char *b = save_get(s, n, &cap);
      if (!b) shared_die("out of memory saving a coroutine's frames");
      save_put(s, o->save, o->save_cap);
      o->save = b;
      o->save_cap = cap;
    }
    /* (ASan forgets the redzones there: the copy reads through them, and
     * the next frames on these bytes are another coroutine's) */
    rt__asan_unpoison(low, n);
    memcpy(o->save, low, n);
    o->saved = n;
  }
  s->occupant = c;
  if (c->fresh) {
    c->fresh = false;
    c->saved = 0;
    size_t size = (size_t)(hi - (char *)s->st.lo);
#if defined(COROSCOPE_ASAN) || defined(COROSCOPE_TSAN)
    rt__ctx_free(&c->ctx);
    rt__ctx_make(&c->ctx, s->st.lo, size, c->entry, c->entry_arg);
#else
    rt__ctx_prepare(&c->ctx, s->st.lo, size, c->entry, c->entry_arg);
#endif
  } else if (o != c && c->saved) {
    rt__asan_unpoison(hi - c->saved, c->saved);
    memcpy(hi - c->saved, c->save, c->saved);
  }
}
