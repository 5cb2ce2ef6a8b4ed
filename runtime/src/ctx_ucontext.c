/* ctx_ucontext.c: the portable context-switch back-end, on ucontext.
 *
 * Chosen with -DCOROSCOPE_CTX=ucontext, or when the machine has no hand-
 * written switch. It is slow next to the assembly ones: swapcontext saves
 * and restores the signal mask, a system call per switch (about 0.3 us
 * rather than a few ns). It allocates nothing: a suspended context keeps
 * its ucontext_t in rt__ctx_swap's frame on its own stack, exactly as the
 * assembly back-ends keep their registers there; a fresh context keeps its
 * initial ucontext_t at the top of its new stack. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <ucontext.h>

#include "ctx_int.h"

/* A suspended context: its ucontext_t and the value its rt__ctx_swap will
 * return, written by whoever resumes it. A context's sp points at one. */
typedef struct frame {
  ucontext_t uc;
  int val;
} frame;

/* What the fresh context's first entry needs, stored beside its frame at
 * the top of its stack. */
typedef struct boot_block {
  frame f;
  void (*boot)(void *);
  void *arg;
} boot_block;

/* makecontext passes int arguments only; a pointer travels as two halves. */
static void boot_entry(unsigned hi, unsigned lo) {
  uintptr_t p = ((uintptr_t)hi << 16 << 16) | (uintptr_t)lo;
  boot_block *b = (boot_block *)p;
  b->boot(b->arg);
  abort();  /* boot never returns */
}

void rt__ctx_prepare(rt_ctx *c, void *lo, size_t size, void (*boot)(void *),
                     void *arg) {
  uintptr_t top = ((uintptr_t)lo + size) & ~(uintptr_t)63;
  boot_block *b = (boot_block *)((top - sizeof(boot_block)) & ~(uintptr_t)63);
  assert((uintptr_t)b > (uintptr_t)lo + 4096 && "stack too small");
  int rc = getcontext(&b->f.uc);
  assert(rc == 0);
  (void)rc;
  b->f.uc.uc_link = NULL;
  b->f.uc.uc_stack.ss_sp = lo;
  b->f.uc.uc_stack.ss_size = (size_t)((uintptr_t)b - (uintptr_t)lo);
  b->boot = boot;
  b->arg = arg;
  uintptr_t p = (uintptr_t)b;
  makecontext(&b->f.uc, (void (*)(void))boot_entry, 2,
              (unsigned)(p >> 16 >> 16), (unsigned)(p & 0xffffffffu));
  c->sp = &b->f;  /* a context's sp is its frame here */
}

int rt__ctx_swap(rt_ctx *from, rt_ctx *to, int val) {
  frame here;  /* lives as long as we are suspended: this C frame */
  frame *there = to->sp;
  from->sp = &here;
  there->val = val;
  int rc = swapcontext(&here.uc, &there->uc);
  assert(rc == 0);
  (void)rc;
  return here.val;
}

void rt__ctx_jump(rt_ctx *to) {
  frame *there = to->sp;
  there->val = 0;
  setcontext(&there->uc);
  abort();  /* setcontext returns only on failure */
}
