/* alloc_count.h: a counting allocator for tests: live blocks, fail the n-th.
 * Thread-safe (atomic counters): threaded tests install it too. */
#ifndef ALLOC_COUNT_H
#define ALLOC_COUNT_H
#include <stddef.h>

/* Install the counting hook with rt_set_allocator (call once per test). */
void alloc_count_install(void);
/* Blocks allocated and not yet freed since alloc_count_install. */
long alloc_count_live(void);
/* Allocations made since install (successful ones). */
long alloc_count_total(void);
/* Make the n-th allocation from now fail (1 = the next); 0 disables. */
void alloc_count_fail_at(long n);
#endif
