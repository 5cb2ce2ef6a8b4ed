/* ctx_int.h: the private context-switch and stack interface of runtime/.
 *
 * One of ctx_x86_64.S, ctx_aarch64.S or ctx_ucontext.c implements the switch
 * (CMake picks by COROSCOPE_CTX); stack.c implements the stacks. */
#ifndef CTX_INT_H
#define CTX_INT_H

#include <stddef.h>
#include <stdint.h>

/* A saved execution context. For the assembly back-ends only sp matters:
 * the callee-saved registers live on the suspended stack. No floating-point
 * control state is saved per switch (the ABI lets us: nobody changes it). */
typedef struct rt_ctx {
  void *sp;
  void *uctx;     /* ucontext back-end only */
} rt_ctx;

/* Prepare c so that the first rt__ctx_switch to it calls entry(arg) on the
 * stack [lo, lo+size). entry must never return: it switches away for good. */
void rt__ctx_make(rt_ctx *c, void *lo, size_t size, void (*entry)(void *),
                  void *arg);
/* Save the current context in from and resume to. */
void rt__ctx_switch(rt_ctx *from, rt_ctx *to);
/* Free what rt__ctx_make allocated (ucontext back-end); no-op otherwise. */
void rt__ctx_free(rt_ctx *c);

/* A coroutine stack: usable memory [lo, hi), with a guard (or a canary)
 * below lo. Stacks are reserved with MAP_NORESERVE (the kernel commits
 * pages lazily) and pooled by size for reuse. */
typedef struct rt_stack {
  void *lo, *hi;
  size_t size;
  void *base;      /* start of the reservation, guard included */
  size_t reserved;
} rt_stack;

int rt__stack_acquire(size_t size, rt_stack *out);   /* RT_OK/RT_ENOMEM */
void rt__stack_release(rt_stack *s);
/* false if the canary below the stack was overwritten (canary back-end). */
int rt__stack_intact(const rt_stack *s);
/* Tell the overflow handler which task runs on which stack (thread-local;
 * NULL name = the thread's own stack). */
void rt__stack_enter(const rt_stack *s, const char *task_name);
/* Install the SIGSEGV handler on an alternate signal stack for this thread.
 * Idempotent. */
int rt__stack_install_overflow_handler(void);
void rt__stack_pool_drain(void);   /* unmap every pooled stack */

#endif /* CTX_INT_H */
