/* alloc_count.c: a counting allocator for tests: live blocks, fail the n-th. */
#include "alloc_count.h"

#include <stdlib.h>

#include "rt.h"

static long live, total, countdown;

static void *counting_alloc(void *ud, void *ptr, size_t nsize) {
  (void)ud;
  if (nsize == 0) {
    if (ptr) live--;
    free(ptr);
    return NULL;
  }
  if (countdown > 0 && --countdown == 0) return NULL;
  void *p = realloc(ptr, nsize);
  if (!p) return NULL;
  if (!ptr) live++;
  total++;
  return p;
}

void alloc_count_install(void) {
  live = total = countdown = 0;
  rt_set_allocator(counting_alloc, NULL);
}

long alloc_count_live(void) { return live; }
long alloc_count_total(void) { return total; }
void alloc_count_fail_at(long n) { countdown = n; }
