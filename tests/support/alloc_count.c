/* alloc_count.c: a counting allocator for tests: live blocks, fail the n-th.
 * The counters are atomic, so threaded tests (executor workers, threads
 * calling call_soon_threadsafe) can use it too. */
#include "alloc_count.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "rt.h"

static atomic_long live, total, countdown;

static void *counting_alloc(void *ud, void *ptr, size_t nsize) {
  (void)ud;
  if (nsize == 0) {
    if (ptr) atomic_fetch_sub_explicit(&live, 1, memory_order_relaxed);
    free(ptr);
    return NULL;
  }
  if (atomic_load_explicit(&countdown, memory_order_relaxed) > 0 &&
      atomic_fetch_sub_explicit(&countdown, 1, memory_order_relaxed) == 1)
    return NULL;
  void *p = realloc(ptr, nsize);
  if (!p) return NULL;
  if (!ptr) atomic_fetch_add_explicit(&live, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&total, 1, memory_order_relaxed);
  return p;
}

void alloc_count_install(void) {
  atomic_store(&live, 0);
  atomic_store(&total, 0);
  atomic_store(&countdown, 0);
  rt_set_allocator(counting_alloc, NULL);
}

long alloc_count_live(void) { return atomic_load(&live); }
long alloc_count_total(void) { return atomic_load(&total); }
void alloc_count_fail_at(long n) { atomic_store(&countdown, n); }
