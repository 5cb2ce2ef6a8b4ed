/* lane.c: lanes: logical threads multiplexed on one OS thread, each with its
 * own saved execution context and runtime per-thread state.
 *
 * A lane is a context (ctx_int.h) plus what the runtime keeps per OS thread:
 * rt__tls_state (running loop, current task, trace thread id), coro.c's
 * current coroutine, and the stack the overflow handler watches. Switching
 * lanes saves all of that for the lane that leaves and restores it for the
 * lane that resumes, then swaps the raw context. Because a suspended
 * context is just a saved stack pointer on whatever stack was running, a
 * lane may switch away from anywhere: its own stack, or a task's coroutine
 * resumed (maybe through several levels) from it. Those coroutines simply
 * stay where they are, mid-resume, until the lane comes back.
 *
 * Two contexts per lane:
 *  - boot, made by rt__ctx_make, is entered once (the first switch to a new
 *    lane). Under TSan it owns the lane's fiber.
 *  - at is where the lane is suspended, whatever stack that is. It owns
 *    nothing: like a thread's own context in coro.c, it learns its stack
 *    bounds (ASan, from the next context that runs) and its fiber (TSan,
 *    __tsan_get_current_fiber) at every switch away. This is what keeps
 *    the sanitizer hooks right when a lane leaves from inside a coroutine:
 *    the fiber and stack recorded are the coroutine's, not the lane's.
 *
 * Invariants: exactly one lane per OS thread is RUNNING (the root lane, a
 * thread-local struct, when no other was entered); cur_lane names it (NULL
 * = the root). A suspended lane's saved state (tls, coro, stack_cur) is
 * what the thread-locals held when it left; rt_lane_switch writes the
 * thread-locals of the lane it resumes before the raw swap, so the resumed
 * side has nothing to restore. rt__stack_base names the stack the running
 * lane's own code runs on (its own stack, or a segment of it: rt.h's
 * rt_stack_call), which coro.c watches again when a coroutine yields back
 * to it; a lane saves it too.
 *
 * Cost: a switch is about two dozen thread-local loads and stores plus one
 * raw context swap; no system call, no allocation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_int.h"
#include "rt_int.h"

enum { LANE_NEW, LANE_SUSPENDED, LANE_RUNNING, LANE_DONE };

struct rt_lane {
  rt_ctx boot;               /* first entry; owns the TSan fiber */
  rt_ctx at;                 /* where the lane is suspended */
  rt__tls tls;               /* rt__tls_state while suspended */
  rt_coro *coro;             /* rt_coro_current() while suspended */
  const rt_stack *stack_cur; /* the watched stack while suspended */
  const char *stack_cur_name;
  const rt_stack *stack_base;/* rt__stack_base while suspended: the lane's
                                own stack, or a segment of it (rt.h) */
  rt_stack stack;            /* the lane's own stack (not for a root) */
  rt_coro_entry fn;
  void *arg;
  char *name;                /* rt_malloc'd copy or NULL */
  unsigned char state;       /* LANE_* */
  bool root;                 /* the thread's own stack: never freed */
};

/* The root lane of this OS thread (zero-initialised, set up on first use)
 * and the running lane (NULL: the root). */
static _Thread_local rt_lane root_lane;
static _Thread_local rt_lane *cur_lane;

static rt_lane *root(void) {
  if (!root_lane.root) {
    root_lane.root = true;
    root_lane.state = LANE_RUNNING;
  }
  return &root_lane;
}

rt_lane *rt_lane_current(void) { return cur_lane ? cur_lane : root(); }

/* A new lane starts here, on its own stack, with its state already in the
 * thread-locals (rt_lane_switch put it there). */
static void lane_boot(void *arg) {
  rt_lane *l = arg;
  /* The overflow handler's alternate stack is per OS thread: installed
   * once, cheap afterwards. Failing only costs the overflow message. */
  (void)rt__stack_install_overflow_handler();
  l->fn(l->arg);
  fprintf(stderr, "coroscope: lane %s returned from its entry (it must end "
                  "with rt_lane_exit)\n", l->name ? l->name : "(unnamed)");
  abort();
}

/* Create a suspended lane running fn(arg) on its own stack (rt.h). RT_OK
 * or RT_ENOMEM; on failure nothing is left allocated. */
int rt_lane_new(rt_coro_entry fn, void *arg, size_t stack_size,
                const char *name, rt_lane **out) {
  rt__check(fn != NULL, "rt_lane_new: fn is NULL");
  rt__check(out != NULL, "rt_lane_new: out is NULL");
  rt_lane *l = rt_calloc(1, sizeof *l);
  if (!l) return RT_ENOMEM;
  if (name) {
    size_t n = strlen(name) + 1;
    l->name = rt_malloc(n);
    if (!l->name) goto fail;
    memcpy(l->name, name, n);
  }
  if (rt__stack_acquire(stack_size ? stack_size : RT_STACK_DEFAULT, &l->stack) != RT_OK)
    goto fail;
  l->fn = fn;
  l->arg = arg;
  l->state = LANE_NEW;
  l->stack_cur = &l->stack;
  l->stack_cur_name = l->name;
  l->stack_base = &l->stack;
  rt__ctx_make(&l->boot, l->stack.lo, l->stack.size, lane_boot, l);
  *out = l;
  return RT_OK;
fail:
  rt_free(l->name);
  rt_free(l);
  return RT_ENOMEM;
}

/* Save the running lane's per-thread state into it. */
static void save(rt_lane *l) {
  l->tls = rt__tls_state;
  l->coro = rt_coro_current();
  l->stack_cur = rt__stack_cur;
  l->stack_cur_name = rt__stack_cur_name;
  l->stack_base = rt__stack_base;
}

/* Make to the running lane: its per-thread state into the thread-locals. */
static void restore(rt_lane *to) {
  rt__tls_state = to->tls;
  rt__coro_set_current(to->coro);
  rt__stack_enter(to->stack_cur, to->stack_cur_name);
  rt__stack_base = to->stack_base;  /* NULL for a root lane */
  rt__stack_base_name = to->root ? NULL : to->name;
  cur_lane = to->root ? NULL : to;
}

/* The context to swap to: boot the first time, at afterwards. */
static rt_ctx *target(rt_lane *to) {
  rt__check(to->state == LANE_NEW || to->state == LANE_SUSPENDED,
            "rt_lane_switch: the target lane is running or done");
  rt_ctx *c = to->state == LANE_NEW ? &to->boot : &to->at;
  to->state = LANE_RUNNING;
  return c;
}

/* Suspend the calling lane wherever it is and resume to (rt.h). */
void rt_lane_switch(rt_lane *to) {
  rt_lane *from = rt_lane_current();
  rt__check(to != from, "rt_lane_switch: switching to the running lane");
  rt__check(!to->root || to == &root_lane,
            "rt_lane_switch: a root lane of another OS thread");
  save(from);
  from->state = LANE_SUSPENDED;
  rt_ctx *c = target(to);
  restore(to);
  rt__ctx_switch(&from->at, c);
  /* Resumed: whoever switched back restored our state already. */
}

/* End the calling lane and resume to (rt.h). */
void rt_lane_exit(rt_lane *to) {
  rt_lane *from = rt_lane_current();
  rt__check(!from->root, "rt_lane_exit: on a root lane");
  rt__check(to != from, "rt_lane_exit: exiting to the exiting lane");
  rt__check(!to->root || to == &root_lane,
            "rt_lane_exit: a root lane of another OS thread");
  from->state = LANE_DONE;
  rt_ctx *c = target(to);
  restore(to);
  rt__ctx_exit(&from->at, c);
}

bool rt_lane_done(const rt_lane *l) { return l->state == LANE_DONE; }

/* The thread id l's events carry; assigned from the counter if l has none. */
uint32_t rt_lane_thread_id(rt_lane *l) {
  if (l == rt_lane_current()) return rt_thread_id();
  if (l->tls.thread_id == 0) l->tls.thread_id = rt__thread_id_next();
  return l->tls.thread_id;
}

/* Free a lane that is not running (rt.h). */
void rt_lane_free(rt_lane *l) {
  if (!l) return;
  rt__check(!l->root, "rt_lane_free: a root lane");
  rt__check(l->state != LANE_RUNNING, "rt_lane_free: the lane is running");
  rt__ctx_free(&l->boot);
  rt__ctx_free(&l->at);
  rt__stack_release(&l->stack);
  rt_free(l->name);
  rt_free(l);
}
