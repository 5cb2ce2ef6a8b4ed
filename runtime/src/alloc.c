/* alloc.c: the one allocation hook every runtime allocation goes through. */
#include <stdlib.h>
#include <string.h>

#include "rt_int.h"

/* libc's realloc with the hook's contract (nsize 0 frees). */
static void *libc_alloc(void *ud, void *ptr, size_t nsize) {
  (void)ud;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

/* Plain globals: set once, before any object exists and before other
 * threads allocate (rt.h says so), then only read. */
static rt_alloc_fn alloc_fn = libc_alloc;
static void *alloc_ud;

/* Install fn (NULL: libc's) as the allocation hook. Not thread-safe: call it
 * while no other thread allocates through the runtime. */
void rt_set_allocator(rt_alloc_fn fn, void *ud) {
  alloc_fn = fn ? fn : libc_alloc;
  alloc_ud = fn ? ud : NULL;
}

/* n bytes, or NULL when the hook fails. rt_malloc(0) returns NULL: the
 * hook's contract reserves nsize 0 for freeing. */
void *rt_malloc(size_t n) {
  if (n == 0) return NULL;
  return alloc_fn(alloc_ud, NULL, n);
}

/* n * size zeroed bytes; NULL on overflow or when the hook fails. */
void *rt_calloc(size_t n, size_t size) {
  if (size != 0 && n > SIZE_MAX / size) return NULL;
  size_t total = n * size;
  void *p = rt_malloc(total);
  if (p) memset(p, 0, total);
  return p;
}

/* realloc's contract: p NULL is rt_malloc; n 0 frees p and returns NULL;
 * on failure NULL and p is left as it was. */
void *rt_realloc(void *p, size_t n) {
  if (n == 0) {
    rt_free(p);
    return NULL;
  }
  return alloc_fn(alloc_ud, p, n);
}

/* Free a block from rt_malloc/rt_calloc/rt_realloc; NULL is fine. */
void rt_free(void *p) {
  if (p) alloc_fn(alloc_ud, p, 0);
}
