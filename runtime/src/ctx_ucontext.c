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

/* What the fresh context's first entry needs, stored beside its ucontext_t
 * at the top of its stack. */
typedef struct boot_block {
  ucontext_t uc;
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
  int rc = getcontext(&b->uc);
  assert(rc == 0);
  (void)rc;
  b->uc.uc_link = NULL;
  b->uc.uc_stack.ss_sp = lo;
  b->uc.uc_stack.ss_size = (size_t)((uintptr_t)b - (uintptr_t)lo);
  b->boot = boot;
  b->arg = arg;
  uintptr_t p = (uintptr_t)b;
  makecontext(&b->uc, (void (*)(void))boot_entry, 2,
              (unsigned)(p >> 16 >> 16), (unsigned)(p & 0xffffffffu));
  c->uctx = &b->uc;
  c->sp = b;
}

void rt__ctx_swap(rt_ctx *from, rt_ctx *to) {
  ucontext_t here;  /* lives as long as we are suspended: this frame */
  from->uctx = &here;
  int rc = swapcontext(&here, (ucontext_t *)to->uctx);
  assert(rc == 0);
  (void)rc;
}
