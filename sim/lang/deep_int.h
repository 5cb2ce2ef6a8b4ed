/* deep_int.h: deep recursion on small stacks.
 *
 * Python tasks and generators run on small coroutine stacks
 * (LANG_STACK_BYTES): a fresh stack costs its top page plus a share of a
 * page-table page, and small stacks lie close enough to share those (with
 * 8 MiB stacks every task paid three fresh pages, the most of a 100,000
 * task gather's time). The evaluator recurses in C, though: a Python call
 * costs one to two KiB of C stack, and nested expressions, nested
 * statements and the repr or == of nested containers recurse without a
 * Python call. So at those recursion points it checks how much stack is
 * left and, below a margin, goes on on a fresh LANG_SEGMENT_BYTES segment
 * (rt.h: rt_stack_call). A recursion thus reaches CPython's recursion limit
 * (RecursionError at the same depth as CPython) wherever it starts: in a
 * task, a generator, a thread or the main program.
 *
 * Two margins: a Python call moves to a segment when less than
 * LANG_MARGIN_CALL is left, an expression, a statement or a repr/compare
 * when less than LANG_MARGIN_NEST is: the difference is room for the body
 * of a call made near the edge, which then seldom needs segments of its
 * own. LANG_MARGIN_NEST must hold the most stack any C code uses between
 * two checks (a builtin, a deallocation chain: PY__DEALLOC_DEPTH levels).
 * Sanitizer and unoptimised builds use several times the stack per frame:
 * everything scales. */
#ifndef SIM_LANG_DEEP_INT_H
#define SIM_LANG_DEEP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "rt.h"

#if defined(COROSCOPE_ASAN) || defined(COROSCOPE_TSAN) || !defined(__OPTIMIZE__)
#define LANG_STACK_SCALE 4
#else
#define LANG_STACK_SCALE 1
#endif

/* The stack of a Python task (mod_asyncio.c) and of a started generator or
 * coroutine (eval.c). */
#define LANG_STACK_BYTES ((size_t)LANG_STACK_SCALE * (64 << 10))
/* One segment of a deep recursion. */
#define LANG_SEGMENT_BYTES ((size_t)LANG_STACK_SCALE * (1 << 20))
#define LANG_MARGIN_CALL ((size_t)LANG_STACK_SCALE * (32 << 10))
#define LANG_MARGIN_NEST ((size_t)LANG_STACK_SCALE * (16 << 10))

/* Less than margin bytes of stack left (a thread-local load, a compare). */
static inline bool lang__stack_low(size_t margin) {
  return __builtin_expect(rt_stack_left() < margin, 0);
}

#endif /* SIM_LANG_DEEP_INT_H */
