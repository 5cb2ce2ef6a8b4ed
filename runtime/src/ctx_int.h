/* ctx_int.h: the private context-switch and stack interface of runtime/.
 *
 * One of ctx_x86_64.S, ctx_aarch64.S or ctx_ucontext.c implements the raw
 * switch (CMake picks by COROSCOPE_CTX); coro.c wraps it with the sanitizer
 * fiber hooks (rt__ctx_make/switch/exit/free) and builds rt_coro on it;
 * stack.c implements the stacks and the overflow handler.
 *
 * Invariants:
 *  - A suspended context is just its saved stack pointer: the callee-saved
 *    registers (and, for ucontext, the ucontext_t) live on the suspended
 *    stack itself, so saving a context allocates nothing.
 *  - A context made by rt__ctx_make (or rt__ctx_prepare) enters its entry
 *    exactly once; entry never returns: it leaves for good with
 *    rt__ctx_exit or rt__ctx_jump. The same stack may then be prepared
 *    afresh for another entry (task workers: rt__coro_restart).
 *  - Stacks are owned by whoever acquired them until rt__stack_release; the
 *    pool (stack.c) owns free stacks and the slabs they are carved from.
 *  - rt__stack_cur (thread-local) names the stack the thread runs on, so the
 *    SIGSEGV handler can tell an overflow of that stack from any other
 *    fault. coro.c keeps it right on every switch. */
#ifndef CTX_INT_H
#define CTX_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt.h"

#if defined(COROSCOPE_ASAN)
#include <sanitizer/asan_interface.h>
#endif

/* A saved execution context. For the assembly back-ends only sp matters:
 * the callee-saved registers live on the suspended stack. No floating-point
 * control state is saved per switch (the ABI lets us: nobody changes it).
 * The ucontext back-end keeps the address of its saved ucontext_t in sp
 * (the ucontext_t itself is on the suspended stack). So in a normal build
 * a context is 8 bytes; the other fields exist only in sanitizer builds,
 * which must tell the sanitizer the bounds of the stack switched to. */
typedef struct rt_ctx {
  void *sp;
#if defined(COROSCOPE_ASAN)
  void *stack_lo;     /* bounds of this context's stack; NULL/0 for a */
  size_t stack_size;  /* thread's own stack until ASan has told us them */
  void *fake_stack;   /* ASan's fake-stack handle while suspended */
  struct rt_ctx *from;/* who switched to us last (to learn its bounds) */
  void (*entry)(void *);  /* what a fresh context runs, after telling */
  void *arg;              /* ASan the switch into it is finished */
#endif
#if defined(COROSCOPE_TSAN)
  void *tsan_fiber;   /* TSan's fiber for this context */
  int tsan_own;       /* 1 if we created tsan_fiber (and must destroy it) */
#endif
} rt_ctx;

/* --- back-end (ctx_*.S / ctx_ucontext.c): the raw switch, no hooks ------ */

/* Lay out the stack [lo, lo+size) so that the first rt__ctx_swap to c calls
 * boot(arg) with the stack aligned as the ABI wants at a function entry.
 * Stores the initial stack pointer in c->sp (and c->uctx). */
void rt__ctx_prepare(rt_ctx *c, void *lo, size_t size, void (*boot)(void *),
                     void *arg);
/* Save the running context in from and resume to; to's own rt__ctx_swap
 * returns val there. Returns, when someone swaps back to from, the val that
 * one passed. Cost: one call, six pushes and pops (x86-64), one indirect
 * jump; no system call (except the ucontext back-end, whose swapcontext
 * sets the signal mask). */
int rt__ctx_swap(rt_ctx *from, rt_ctx *to, int val);
/* Resume to without saving the running context, which is finished (to's
 * rt__ctx_swap returns 0). On x86-64 it ends with a ret where rt__ctx_swap
 * ends with a jump: see ctx_x86_64.S for when that is predicted. */
void rt__ctx_jump(rt_ctx *to);

/* --- the wrapper (coro.c): what everything else calls -------------------- */

/* Prepare c so that the first rt__ctx_switch to it calls entry(arg) on the
 * stack [lo, lo+size). entry must never return: it leaves for good with
 * rt__ctx_exit. Under TSan this creates a fiber (rt__ctx_free destroys it). */
void rt__ctx_make(rt_ctx *c, void *lo, size_t size, void (*entry)(void *),
                  void *arg);
/* Save the current context in from and resume to. */
void rt__ctx_switch(rt_ctx *from, rt_ctx *to);
/* The same, passing val (see rt__ctx_swap); returns the val passed by the
 * switch that resumes from. */
int rt__ctx_switch_v(rt_ctx *from, rt_ctx *to, int val);
/* Leave from for good and resume to: the last switch of a finished context
 * (lets ASan drop its fake stack). Never returns. */
_Noreturn void rt__ctx_exit(rt_ctx *from, rt_ctx *to);
/* Free what rt__ctx_make allocated (the TSan fiber); a no-op otherwise. Not
 * on the context being freed. */
void rt__ctx_free(rt_ctx *c);

/* --- stacks (stack.c) ----------------------------------------------------- */

/* Forget ASan's poisoning of [p, p+n) (stack memory a new user takes
 * over); nothing without ASan. */
static inline void rt__asan_unpoison(void *p, size_t n) {
#if defined(COROSCOPE_ASAN)
  ASAN_UNPOISON_MEMORY_REGION(p, n);
#else
  (void)p;
  (void)n;
#endif
}

/* How the bytes below a stack are guarded. */
enum {
  RT_GUARD_MADV = 1,  /* MADV_GUARD_INSTALL: faults, costs no mapping */
  RT_GUARD_MPROTECT,  /* PROT_NONE pages: faults, costs a mapping each */
  RT_GUARD_CANARY,    /* a canary word, checked by rt__stack_intact */
};

/* A coroutine stack: usable memory [lo, hi), with a guard (or a canary)
 * below lo. Stacks are reserved with MAP_NORESERVE (the kernel commits
 * pages lazily), carved from large slabs (so a million stacks need a few
 * thousand mappings, not a million) and pooled by size for reuse. */
typedef struct rt_stack {
  void *lo, *hi;
  size_t size;      /* hi - lo */
  void *base;       /* start of the slot, guard included */
  size_t reserved;  /* slot size: guard + size */
  void *pool;       /* the size class it returns to (stack.c private) */
  int guard;        /* RT_GUARD_* */
  uint32_t label_no;  /* set by its user (coro.c): with no name given, the
                         overflow message says "Task-<label_no>" (0: no
                         number). Fills the padding: no bigger struct. */
} rt_stack;

/* Acquire a stack of at least size usable bytes (rounded up to pages).
 * RT_OK, or RT_ENOMEM if the address space could not be reserved. */
int rt__stack_acquire(size_t size, rt_stack *out);   /* OUT: out */
/* Give s back to the pool; s must not be running. Memory below its top page
 * is returned to the kernel (in batches), so a pooled stack costs one page. */
void rt__stack_release(rt_stack *s);
/* false if the canary below the stack was overwritten (canary guard);
 * always true for the faulting guards. */
int rt__stack_intact(const rt_stack *s);
/* Tell the overflow handler which task runs on which stack (thread-local;
 * s NULL = the thread's own stack), and rt_stack_left its low bound. Three
 * thread-local stores: cheap enough for every switch. */
extern _Thread_local const rt_stack *rt__stack_cur;
extern _Thread_local const char *rt__stack_cur_name;
/* The stack of the running lane (lane.c), NULL on a thread's own stack:
 * what coro.c watches again when a coroutine yields back to the lane. */
extern _Thread_local const rt_stack *rt__stack_base;
extern _Thread_local const char *rt__stack_base_name;
/* The lowest address of the calling thread's own stack, once known (set
 * by rt__stack_install_overflow_handler), else NULL: what rt__stack_limit
 * (rt.h) holds while the thread runs on its own stack. */
extern _Thread_local char *rt__stack_thread_lo;
static inline void rt__stack_enter(const rt_stack *s, const char *task_name) {
  rt__stack_cur = s;
  rt__stack_cur_name = task_name;
  rt__stack_limit = s ? (char *)s->lo : rt__stack_thread_lo;
}
/* Install the SIGSEGV/SIGBUS handler (process-wide, once) and an alternate
 * signal stack for the calling thread. Idempotent; cheap after the first
 * call on a thread. RT_OK or RT_ESYS. */
int rt__stack_install_overflow_handler(void);
/* Write "coroscope: stack overflow in task NAME\n" to stderr and _exit(134)
 * (134 = 128 + SIGABRT, what an abort would give). Async-signal-safe. */
_Noreturn void rt__stack_overflow_die(const char *task_name);
/* The same for an overflow of s: task_name, or if it is NULL and
 * s->label_no is not 0, "Task-<label_no>". Async-signal-safe. */
_Noreturn void rt__stack_overflow_die_on(const rt_stack *s, const char *task_name);

/* --- coroutines (coro.c) --------------------------------------------------- */

/* What task.c builds its worker coroutines with (coro.c says more). */
struct rt_coro;
/* Name c after a task without copying: name (may be NULL) must stay valid
 * until the next call; with name NULL, no != 0 makes the overflow message
 * say "Task-<no>". */
void rt__coro_borrow_name(struct rt_coro *c, const char *name, uint32_t no);
/* rt_coro_resume passing val, which c's rt__coro_yield_v returns. */
void rt__coro_resume_v(struct rt_coro *c, int val);
/* rt_coro_yield returning the val of the resume that resumes us. */
int rt__coro_yield_v(void);
/* Make c (suspended) start afresh at entry(arg) when next resumed. */
void rt__coro_restart(struct rt_coro *c, void (*entry)(void *), void *arg);
/* The end of a restarted c's entry: back to the resumer for good. */
void rt__coro_exit(struct rt_coro *c, bool balanced);
/* Shared stacks (coro.c says how they work). A shared stack is made with
 * one reference (its owner's: a loop); each coroutine on it holds one more,
 * so it goes when the last of them does. */
typedef struct rt__shared rt__shared;
int rt__shared_new(size_t size, rt__shared **out);   /* RT_OK, RT_ENOMEM */
void rt__shared_release(rt__shared *s);              /* NULL is fine */
size_t rt__shared_size(const rt__shared *s);         /* usable bytes */
/* A coroutine on s, with no entry yet: rt__coro_restart gives it one (as
 * task workers are started). Freed with rt_coro_free. RT_OK, RT_ENOMEM. */
int rt__coro_new_shared(rt__shared *s, struct rt_coro **out);
/* false if c is on a shared stack the caller runs on (so c cannot be
 * resumed from here: its frames would go where the caller's are). */
bool rt__coro_resumable_here(const struct rt_coro *c);
/* Call fn(arg) so that it may resume target, a coroutine of the shared
 * stack the running coroutine occupies (fn runs on a segment while the
 * caller's frames are treated as a suspended coroutine's: copied out if
 * need be, and back before this returns). fn must read what arg points to
 * before resuming anything. RT_OK; RT_ESTATE if the running coroutine is
 * not target's stack's occupant (fn did not run); RT_ENOMEM (no segment). */
int rt__coro_call_off_shared(const struct rt_coro *target, void (*fn)(void *), void *arg);
/* Whether rt__coro_call_off_shared can resume target from here. */
bool rt__coro_off_shared_ok(const struct rt_coro *target);
/* Bring c's frames back onto its shared stack now (what its next resume
 * would do first), so that the caller may write into them; nothing for a
 * coroutine with its own stack. From outside the shared stack only. */
void rt__coro_claim(struct rt_coro *c);
/* Prefetch the frames a resume of c would copy back onto its shared stack
 * (nothing if c has its own stack or is the occupant). */
void rt__coro_prefetch_saved(const struct rt_coro *c);
/* Unmap every pooled stack and every slab with no live stack. */
void rt__stack_pool_drain(void);
/* Tests only: force the guard kind of stacks acquired from now on
 * (0 = automatic: MADV_GUARD_INSTALL where the kernel has it). */
void rt__stack_force_guard(int guard);
/* Tests and benchmarks: stacks live (acquired, not released), and free
 * stacks held by the pool. */
size_t rt__stack_live_count(void);
size_t rt__stack_pooled_count(void);

/* --- lanes (lane.c) -------------------------------------------------------- */

/* Set coro.c's current coroutine (rt_coro_current reads it): a lane switch
 * saves it and restores the resumed lane's. */
struct rt_coro;
void rt__coro_set_current(struct rt_coro *c);

#endif /* CTX_INT_H */
