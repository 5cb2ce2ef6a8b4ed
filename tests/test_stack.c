/* test_stack.c: behaviour of coroutine stacks: pool, guards, overflow message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc_count.h"
#include "ctx_int.h"
#include "rt.h"

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  rt__stack_force_guard(0);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rt__stack_force_guard(0);
  assert_int_equal(rt__stack_live_count(), 0);
  rt__stack_pool_drain();
  assert_int_equal(rt__stack_pooled_count(), 0);
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

/* --- helpers */

static size_t page(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static int count_mappings(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  assert_non_null(f);
  int n = 0, ch;
  while ((ch = fgetc(f)) != EOF) n += ch == '\n';
  fclose(f);
  return n;
}

/* Pages of [p, p+n) resident in memory. */
static size_t resident_pages(void *p, size_t n) {
  size_t np = n / page();
  unsigned char *vec = malloc(np);
  assert_non_null(vec);
  assert_int_equal(mincore(p, n, vec), 0);
  size_t r = 0;
  for (size_t i = 0; i < np; i++) r += vec[i] & 1;
  free(vec);
  return r;
}

/* Run fn in a child process; return its wait status, its stderr in err. */
static int run_child(void (*fn)(void), char *err, size_t n) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    /* cmocka catches SIGSEGV during a test and would carry on with the next
     * test in the child: give the child the default action back. (The
     * runtime checks its handler again in a forked child, at the child's
     * first resume.) */
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    fn();
    _exit(0);
  }
  close(fds[1]);
  size_t got = 0;
  ssize_t r;
  while ((r = read(fds[0], err + got, n - 1 - got)) > 0) {
    got += (size_t)r;
    if (got == n - 1) break;
  }
  err[got] = '\0';
  close(fds[0]);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  return status;
}

static volatile int depth_limit = 1 << 30;

/* Deep recursion with 1 KiB frames: overflows any coroutine stack. */
static int recurse(int n) {
  volatile char pad[1024];
  pad[0] = (char)n;
  if (n == depth_limit) return 0;
  return recurse(n + 1) + pad[0];
}

static void overflow_body(void *arg) {
  (void)arg;
  printf("%d\n", recurse(0));
}

/* --- pool and layout */

static void stack_acquire_gives_page_aligned_memory_of_the_size(void **state) {
  (void)state;
  rt_stack s;
  assert_int_equal(rt__stack_acquire(100000, &s), RT_OK);
  assert_true(s.size >= 100000);
  assert_int_equal((uintptr_t)s.lo % page(), 0);
  assert_int_equal((uintptr_t)s.hi % page(), 0);
  assert_ptr_equal((char *)s.lo + s.size, s.hi);
  assert_true((char *)s.base < (char *)s.lo);
  memset(s.lo, 0xab, s.size);  /* all of it is writable */
  assert_true(rt__stack_intact(&s));
  rt__stack_release(&s);
}

static void stack_pool_reuses_released_stacks(void **state) {
  (void)state;
  rt_stack a, b, c;
  assert_int_equal(rt__stack_acquire(64 * 1024, &a), RT_OK);
  void *lo = a.lo;
  rt__stack_release(&a);
  assert_int_equal(rt__stack_pooled_count(), 1);
  assert_int_equal(rt__stack_acquire(64 * 1024, &b), RT_OK);
  assert_ptr_equal(b.lo, lo);           /* the hot one, first */
  assert_int_equal(rt__stack_pooled_count(), 0);
  assert_int_equal(rt__stack_acquire(128 * 1024, &c), RT_OK);
  assert_ptr_not_equal(c.lo, lo);       /* another size, another pool */
  rt__stack_release(&b);
  rt__stack_release(&c);
  assert_int_equal(rt__stack_pooled_count(), 2);
}

#define CLEAN_N 200

static void stack_released_stacks_keep_only_their_top_page(void **state) {
  (void)state;
  static rt_stack s[CLEAN_N];
  size_t size = 64 * 1024;
  for (int i = 0; i < CLEAN_N; i++) {
    assert_int_equal(rt__stack_acquire(size, &s[i]), RT_OK);
    memset(s[i].lo, 1, s[i].size);  /* as if it ran deep */
  }
  assert_int_equal(resident_pages(s[0].lo, s[0].size), size / page());
  void *lo[CLEAN_N];
  for (int i = 0; i < CLEAN_N; i++) {
    lo[i] = s[i].lo;
    rt__stack_release(&s[i]);
  }
  /* Released stacks are cleaned in batches: all but the last batch. */
  int lean = 0;
  for (int i = 0; i < CLEAN_N; i++)
    lean += resident_pages(lo[i], size) <= 1;
  assert_true(lean >= CLEAN_N - 65);
}

#define MANY_STACKS 20000

static void stack_twenty_thousand_stacks_need_few_mappings(void **state) {
  (void)state;
  static rt_stack s[MANY_STACKS];
  int before = count_mappings();
  for (int i = 0; i < MANY_STACKS; i++) {
    assert_int_equal(rt__stack_acquire(16 * 1024, &s[i]), RT_OK);
    ((volatile char *)s[i].hi)[-1] = 1;
  }
  int during = count_mappings();
  if (s[MANY_STACKS - 1].guard == RT_GUARD_MADV)
    assert_true(during - before < 50);
  else  /* mprotect guards for the first ones, then canaries */
    assert_true(during - before < 2 * 8192 + 50);
  for (int i = 0; i < MANY_STACKS; i++) rt__stack_release(&s[i]);
  rt__stack_pool_drain();
#if !defined(COROSCOPE_TSAN)  /* TSan keeps shadow mappings for the memory */
  assert_true(count_mappings() <= before);
#endif
}

static void stack_pool_drain_unmaps_everything(void **state) {
  (void)state;
  int before = count_mappings();
  rt_stack a, b;
  assert_int_equal(rt__stack_acquire(32 * 1024, &a), RT_OK);
  assert_int_equal(rt__stack_acquire(300 * 1024, &b), RT_OK);
  rt__stack_release(&a);
  rt__stack_pool_drain();  /* b is live: its slab stays */
  memset(b.lo, 2, b.size);
  rt__stack_release(&b);
  rt__stack_pool_drain();
  assert_int_equal(rt__stack_pooled_count(), 0);
  assert_true(count_mappings() <= before);
}

/* --- guards */

static int guard_kind;

static void child_write_below_stack(void) {
  rt__stack_force_guard(guard_kind);
  rt_stack s;
  if (rt__stack_acquire(64 * 1024, &s) != RT_OK) _exit(3);
  if (s.guard != guard_kind) _exit(4);
  ((volatile char *)s.lo)[-1] = 1;
  _exit(0);  /* not reached: the guard faults */
}

static void check_guard_faults(int kind) {
  char err[4096];
  guard_kind = kind;
  int st = run_child(child_write_below_stack, err, sizeof err);
  assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 3);
  assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 4);
#if defined(COROSCOPE_ASAN) || defined(COROSCOPE_TSAN)
  /* The sanitizer reports the fault and exits. */
  assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 0);
#else
  assert_true(WIFSIGNALED(st));
  assert_int_equal(WTERMSIG(st), SIGSEGV);
#endif
  assert_null(strstr(err, "stack overflow in task"));  /* not in a task */
}

static void stack_guard_below_each_stack_faults(void **state) {
  (void)state;
  check_guard_faults(RT_GUARD_MADV);
}

static void stack_mprotect_guard_faults_where_markers_are_missing(void **state) {
  (void)state;
  check_guard_faults(RT_GUARD_MPROTECT);
}

static void stack_canary_detects_a_write_below_the_stack(void **state) {
  (void)state;
  rt__stack_force_guard(RT_GUARD_CANARY);
  rt_stack s;
  assert_int_equal(rt__stack_acquire(64 * 1024, &s), RT_OK);
  assert_int_equal(s.guard, RT_GUARD_CANARY);
  assert_true(rt__stack_intact(&s));
  memset(s.lo, 3, s.size);  /* the whole stack is fair game */
  assert_true(rt__stack_intact(&s));
  ((volatile char *)s.lo)[-1] = 0x55;
  assert_false(rt__stack_intact(&s));
  rt__stack_release(&s);
  /* Reacquired, the canary is written afresh. */
  assert_int_equal(rt__stack_acquire(64 * 1024, &s), RT_OK);
  assert_true(rt__stack_intact(&s));
  rt__stack_release(&s);
}

/* --- the overflow message */

static const char *task_name = "Task-7";

/* In a child process: run entry on a new coroutine of size bytes named
 * name, then exit 0 (an overflow ends the child before that). */
static void run_coro_and_exit(rt_coro_entry entry, size_t size, const char *name) {
  rt_coro *c;
  if (rt_coro_new(entry, NULL, size, name, &c) != RT_OK) _exit(3);
  rt_coro_resume(c);
  _exit(0);
}

static void child_overflow_in_task(void) {
  rt__stack_force_guard(guard_kind);
  run_coro_and_exit(overflow_body, 64 * 1024, task_name);
}

static void check_overflow_message(void (*child)(void), const char *name) {
  char err[8192], want[256];
  int st = run_child(child, err, sizeof err);
  snprintf(want, sizeof want, "coroscope: stack overflow in task %s\n", name);
  if (strcmp(err, want) != 0)
    print_message("child status 0x%x, stderr: %s\n", (unsigned)st, err);
  assert_string_equal(err, want);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 134);
}

static void stack_overflow_names_the_task(void **state) {
  (void)state;
  guard_kind = RT_GUARD_MADV;
  task_name = "Task-7";
  check_overflow_message(child_overflow_in_task, "Task-7");
}

static void stack_overflow_names_the_task_with_mprotect_guards(void **state) {
  (void)state;
  guard_kind = RT_GUARD_MPROTECT;
  task_name = "Task-8";
  check_overflow_message(child_overflow_in_task, "Task-8");
}

/* With a canary only, nothing faults: a frame that reaches 2 KiB below the
 * stack (into the slot's unprotected guard area) and writes all of itself,
 * then a yield: the check on the way out catches it. (A frame that skips
 * the canary without writing it would go unseen: canaries are best effort,
 * the fallback for kernels without guard markers.) */
static void below_body(void *arg) {
  (void)arg;
  const char *lo = rt__stack_cur->lo;
  char here;
  size_t n = (size_t)(&here - (lo - 2048));
  volatile char big[n];  /* a VLA: the one frame reaching below lo */
  for (size_t i = 0; i < n; i++) big[i] = 0x5a;  /* volatile: not elided */
  (void)big[0];
  rt_coro_yield();
}

static void child_canary_overflow(void) {
  rt__stack_force_guard(RT_GUARD_CANARY);
  run_coro_and_exit(below_body, 64 * 1024, "Task-9");
}

static void stack_overflow_caught_by_the_canary_names_the_task(void **state) {
  (void)state;
  check_overflow_message(child_canary_overflow, "Task-9");
}

/* A task's default name is formatted only when asked for; the overflow
 * message still shows it. */
static int task_overflow_body(void *arg, void **out) {
  (void)arg;
  printf("%d\n", recurse(0));
  *out = NULL;
  return RT_OK;
}

static void child_overflow_in_unnamed_task(void) {
  rt_loop *loop;
  rt_task *t;
  if (rt_loop_new(NULL, NULL, &loop) != RT_OK ||
      rt_task_new(loop, task_overflow_body, NULL, NULL, &t) != RT_OK)
    _exit(3);
  rt_loop_run_once(loop);
  _exit(0);
}

static void stack_overflow_in_a_task_names_it_by_its_default_name(void **state) {
  (void)state;
  /* The child's first unnamed task takes the number after this one's. */
  rt_loop *loop;
  rt_task *probe;
  unsigned n;
  char want[32];
  assert_int_equal(rt_loop_new(NULL, NULL, &loop), RT_OK);
  assert_int_equal(rt_task_new(loop, task_overflow_body, NULL, NULL, &probe), RT_OK);
  assert_int_equal(sscanf(rt_task_name(probe), "Task-%u", &n), 1);
  snprintf(want, sizeof want, "Task-%u", n + 1);
  check_overflow_message(child_overflow_in_unnamed_task, want);
  rt_loop_free(loop);  /* the probe never runs */
  rt_task_release(probe);
}

static rt_coro *inner;

static void outer_body(void *arg) {
  (void)arg;
  rt_coro_resume(inner);
}

static void child_nested_overflow(void) {
  rt_coro *outer;
  if (rt_coro_new(overflow_body, NULL, 32 * 1024, "inner-task", &inner) !=
          RT_OK ||
      rt_coro_new(outer_body, NULL, 64 * 1024, "outer-task", &outer) != RT_OK)
    _exit(3);
  rt_coro_resume(outer);
  _exit(0);
}

static void stack_overflow_in_a_nested_coroutine_names_the_inner_task(
    void **state) {
  (void)state;
  check_overflow_message(child_nested_overflow, "inner-task");
}

static void *thread_main(void *arg) {
  rt_coro_resume(arg);
  return NULL;
}

static void child_thread_overflow(void) {
  rt_coro *c;
  if (rt_coro_new(overflow_body, NULL, 64 * 1024, "Task-on-a-thread", &c) !=
      RT_OK)
    _exit(3);
  pthread_t th;
  if (pthread_create(&th, NULL, thread_main, c) != 0) _exit(4);
  pthread_join(th, NULL);
  _exit(0);
}

static void stack_overflow_on_another_thread_names_the_task(void **state) {
  (void)state;
  check_overflow_message(child_thread_overflow, "Task-on-a-thread");
}

static volatile uintptr_t wild_addr = 16;  /* volatile: no warning, no UB */

static void wild_body(void *arg) {
  (void)arg;
  *(volatile int *)wild_addr = 1;
}

static void child_wild_write(void) {
  run_coro_and_exit(wild_body, 0, "Task-1");
}

static void stack_other_faults_in_a_task_stay_plain_faults(void **state) {
  (void)state;
  char err[8192];
  int st = run_child(child_wild_write, err, sizeof err);
  assert_null(strstr(err, "stack overflow"));
#if defined(COROSCOPE_ASAN) || defined(COROSCOPE_TSAN)
  /* The sanitizer's own handler (put back by ours) reports it. */
  assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 0);
#else
  assert_true(WIFSIGNALED(st));
  assert_int_equal(WTERMSIG(st), SIGSEGV);
#endif
}

static void nothing_body(void *arg) { (void)arg; }

static void stack_overflow_message_survives_fork_after_the_handler_was_set(
    void **state) {
  (void)state;
  rt_coro *c;  /* the parent installs its handler first */
  assert_int_equal(rt_coro_new(nothing_body, NULL, 0, "parent", &c), RT_OK);
  rt_coro_resume(c);
  rt_coro_free(c);
  guard_kind = RT_GUARD_MADV;
  task_name = "Task-10";
  check_overflow_message(child_overflow_in_task, "Task-10");
}

/* --- growing stacks: segments (rt_stack_call) */

#define SEG_MARGIN ((size_t)8 << 10)
#define SEG_BYTES ((size_t)256 << 10)

/* Recursion with 1 KiB frames that continues on a fresh segment whenever
 * less than SEG_MARGIN is left: as deep as memory lets it. */
typedef struct grow_call {
  int n, limit;
  int result;
  int yield_at;         /* yield the running coroutine at this depth (-1: no) */
  size_t segments;      /* segments entered */
  size_t left_at_yield; /* rt_stack_left() just before and after that yield */
  size_t left_after_yield;
} grow_call;

static int grow(grow_call *g, int n);

static void grow_on_segment(void *arg) {
  grow_call *g = arg;
  g->result = grow(g, g->n);
}

static int grow(grow_call *g, int n) {
  volatile char pad[1024];
  pad[0] = (char)(n & 1);
  if (rt_stack_left() < SEG_MARGIN) {
    grow_call sub = *g;
    sub.n = n;
    assert_int_equal(rt_stack_call(SEG_BYTES, grow_on_segment, &sub), RT_OK);
    g->segments = sub.segments + 1;
    g->left_at_yield = sub.left_at_yield;
    g->left_after_yield = sub.left_after_yield;
    return sub.result;
  }
  if (n == g->yield_at) {
    g->left_at_yield = rt_stack_left();
    rt_coro_yield();
    g->left_after_yield = rt_stack_left();
  }
  if (n == g->limit) return 0;
  return grow(g, n + 1) + pad[0];
}

static void grow_body(void *arg) {
  grow_call *g = arg;
  g->result = grow(g, 0);
}

static void stack_segments_let_a_16k_coroutine_recurse_5000_frames_of_1k(
    void **state) {
  (void)state;
  grow_call g = {.limit = 5000, .yield_at = -1};
  rt_coro *c;
  assert_int_equal(rt_coro_new(grow_body, &g, 16 * 1024, "deep", &c), RT_OK);
  rt_coro_resume(c);
  assert_true(rt_coro_done(c));
  assert_int_equal(g.result, 2500);  /* pad[0] is 1 on every odd level */
  /* 5 MiB of frames: a segment per 248 KiB or so. */
  assert_true(g.segments >= 20);
  assert_int_equal(rt__stack_live_count(), 1);  /* every segment went back */
  rt_coro_free(c);
}

/* The store after the call keeps the frame live (no tail recursion). */
__attribute__((noinline)) static size_t left_at(int depth) {
  volatile char pad[512];
  pad[0] = 0;
  size_t r = depth > 0 ? left_at(depth - 1) : rt_stack_left();
  pad[1] = (char)r;
  return r + (size_t)pad[0];
}

static size_t lefts[2];

static void left_body(void *arg) {
  (void)arg;
  lefts[0] = left_at(0);
  lefts[1] = left_at(4);
}

static void stack_left_measures_the_coroutine_stack_and_shrinks_with_depth(
    void **state) {
  (void)state;
  rt_coro *c;
  assert_int_equal(rt_coro_new(left_body, NULL, 64 * 1024, NULL, &c), RT_OK);
  rt_coro_resume(c);
  assert_true(lefts[0] < 64 * 1024);
  assert_true(lefts[0] > 48 * 1024);
  if (lefts[1] + 4 * 512 > lefts[0])
    print_message("left %zu at depth 0, %zu at depth 4\n", lefts[0], lefts[1]);
  assert_true(lefts[1] + 4 * 512 <= lefts[0]);  /* four more 512 B frames */
  rt_coro_free(c);
}

static grow_call yg;

static void *resume_on_thread(void *arg) {
  rt_coro_resume(arg);
  return NULL;
}

static void stack_coroutine_yields_on_a_segment_and_resumes_there(
    void **state) {
  (void)state;
  yg = (grow_call){.limit = 3000, .yield_at = 1500};
  rt_coro *c;
  assert_int_equal(rt_coro_new(grow_body, &yg, 16 * 1024, "yielder", &c), RT_OK);
  rt_coro_resume(c);  /* runs to the yield, on a segment */
  assert_false(rt_coro_done(c));
  assert_null(rt__stack_cur);  /* back on this thread's own stack */
  assert_true(rt__stack_live_count() >= 1 + 6);  /* 1.5 MiB: 6 segments + */
  /* Resumed on another thread, it goes on where it was, on its segment. */
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, resume_on_thread, c), 0);
  assert_int_equal(pthread_join(th, NULL), 0);
  assert_true(rt_coro_done(c));
  assert_int_equal(yg.result, 1500);
  assert_true(yg.left_at_yield < SEG_BYTES);
  assert_int_equal(yg.left_after_yield, yg.left_at_yield);
  assert_int_equal(rt__stack_live_count(), 1);
  rt_coro_free(c);
}

static void stack_coroutine_freed_on_a_segment_gives_the_segments_back(
    void **state) {
  (void)state;
  yg = (grow_call){.limit = 3000, .yield_at = 1000};
  rt_coro *c;
  assert_int_equal(rt_coro_new(grow_body, &yg, 16 * 1024, "dropped", &c), RT_OK);
  rt_coro_resume(c);
  assert_true(rt__stack_live_count() > 1);
  rt_coro_free(c);  /* teardown: nothing left live */
}

static size_t left_in_segment;

static void segment_left(void *arg) {
  (void)arg;
  left_in_segment = rt_stack_left();
}

static void stack_call_works_on_a_thread_own_stack(void **state) {
  (void)state;
  assert_null(rt__stack_cur);
  size_t before = rt_stack_left();
  assert_int_equal(rt_stack_call(SEG_BYTES, segment_left, NULL), RT_OK);
  assert_true(left_in_segment < SEG_BYTES);
  assert_true(left_in_segment > SEG_BYTES - 16 * 1024);
  assert_null(rt__stack_cur);
  assert_int_equal(rt_stack_left() / 4096, before / 4096);
}

/* A lane whose own code runs on a segment may switch lanes there; a
 * coroutine it resumes from the segment yields back to the segment. */
static rt_lane *seg_lane, *seg_main;
static const rt_stack *seen_before, *seen_after;
static size_t seen_size;

static void short_body(void *arg) {
  (void)arg;
  rt_coro_yield();
}

static void lane_segment(void *arg) {
  (void)arg;
  seen_before = rt__stack_cur;
  seen_size = seen_before->size;
  rt_lane_switch(seg_main);
  rt_coro *c;
  assert_int_equal(rt_coro_new(short_body, NULL, 0, NULL, &c), RT_OK);
  rt_coro_resume(c);
  seen_after = rt__stack_cur;
  rt_coro_free(c);
}

static void lane_body(void *arg) {
  (void)arg;
  assert_int_equal(rt_stack_call(SEG_BYTES, lane_segment, NULL), RT_OK);
  rt_lane_exit(seg_main);
}

static void stack_lane_switching_on_a_segment_keeps_it_watched(void **state) {
  (void)state;
  seg_main = rt_lane_current();
  assert_int_equal(rt_lane_new(lane_body, NULL, 32 * 1024, "lane", &seg_lane), RT_OK);
  rt_lane_switch(seg_lane);
  assert_null(rt__stack_cur);
  rt_lane_switch(seg_lane);
  assert_true(rt_lane_done(seg_lane));
  assert_non_null(seen_before);
  assert_true(seen_size >= SEG_BYTES);  /* the segment, not the lane's */
  assert_ptr_equal(seen_after, seen_before);
  rt_lane_free(seg_lane);
}

static void segment_overflow(void *arg) {
  (void)arg;
  printf("%d\n", recurse(0));
}

static void overflow_via_segment(void *arg) {
  (void)arg;
  if (rt_stack_call(64 * 1024, segment_overflow, NULL) != RT_OK) _exit(3);
}

static void child_segment_overflow(void) {
  run_coro_and_exit(overflow_via_segment, 16 * 1024, "Task-12");
}

static void stack_overflow_of_a_segment_names_the_task(void **state) {
  (void)state;
  check_overflow_message(child_segment_overflow, "Task-12");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          stack_acquire_gives_page_aligned_memory_of_the_size, setup, teardown),
      cmocka_unit_test_setup_teardown(stack_pool_reuses_released_stacks, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          stack_released_stacks_keep_only_their_top_page, setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_twenty_thousand_stacks_need_few_mappings, setup, teardown),
      cmocka_unit_test_setup_teardown(stack_pool_drain_unmaps_everything, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(stack_guard_below_each_stack_faults,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_mprotect_guard_faults_where_markers_are_missing, setup,
          teardown),
      cmocka_unit_test_setup_teardown(
          stack_canary_detects_a_write_below_the_stack, setup, teardown),
      cmocka_unit_test_setup_teardown(stack_overflow_names_the_task, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          stack_overflow_names_the_task_with_mprotect_guards, setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_overflow_caught_by_the_canary_names_the_task, setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_overflow_in_a_task_names_it_by_its_default_name, setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_overflow_in_a_nested_coroutine_names_the_inner_task, setup,
          teardown),
      cmocka_unit_test_setup_teardown(
          stack_other_faults_in_a_task_stay_plain_faults, setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_overflow_on_another_thread_names_the_task, setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_overflow_message_survives_fork_after_the_handler_was_set,
          setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_segments_let_a_16k_coroutine_recurse_5000_frames_of_1k, setup,
          teardown),
      cmocka_unit_test_setup_teardown(
          stack_left_measures_the_coroutine_stack_and_shrinks_with_depth,
          setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_coroutine_yields_on_a_segment_and_resumes_there, setup,
          teardown),
      cmocka_unit_test_setup_teardown(
          stack_coroutine_freed_on_a_segment_gives_the_segments_back, setup,
          teardown),
      cmocka_unit_test_setup_teardown(stack_call_works_on_a_thread_own_stack,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_lane_switching_on_a_segment_keeps_it_watched, setup, teardown),
      cmocka_unit_test_setup_teardown(
          stack_overflow_of_a_segment_names_the_task, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
