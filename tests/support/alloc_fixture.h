/* alloc_fixture.h: cmocka setups and teardowns for tests that count their
 * allocations: setup installs the counting allocator, teardown fails if a
 * block is left. Include after <cmocka.h>. */
#ifndef ALLOC_FIXTURE_H
#define ALLOC_FIXTURE_H

#include "alloc_count.h"
#include "rt.h"

static inline int alloc_setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static inline int alloc_teardown(void **state) {
  (void)state;
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* For tests that ran the runtime: the trace hook goes off and the interned
 * strings go (both outlive a loop), then nothing may be left. */
static inline int rt_teardown(void **state) {
  rt_trace_set_hook(NULL, NULL);
  rt_intern_clear();
  return alloc_teardown(state);
}

#endif /* ALLOC_FIXTURE_H */
