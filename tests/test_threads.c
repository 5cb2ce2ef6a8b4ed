/* test_threads.c: the interpreter's threads (sim/lang/threads.c and the modules on it): per-thread interpreter state, the GIL with --real-time, exit, leaks, allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang.h"
#include "lang_capture.h"
#include "rt.h"
#include "sim.h"
#include "sim_test.h"

static lang_capture cap;

static int setup(void **state) {
  memset(&cap, 0, sizeof cap);
  return alloc_setup(state);
}

/* A script run as a sim scenario: an optional prologue, then the body,
 * with the n-th allocation of the body made to fail (0: none). */
typedef struct script {
  const char *prologue;
  const char *body;
  long fail_at;
  int rc;            /* lang_run's result for the body */
} script;

static int script_main(rt_platform *p, void *arg) {
  script *s = arg;
  lang_opts o = {.output = lang_capture_output, .ud = &cap, .platform = p};
  lang_interp *ip = lang_interp_new(&o);
  assert_non_null(ip);
  if (s->prologue) assert_int_equal(lang_run(ip, "pro.py", s->prologue, strlen(s->prologue)), LANG_RUN_OK);
  alloc_count_fail_at(s->fail_at);
  s->rc = lang_run(ip, "t.py", s->body, strlen(s->body));
  lang_interp_free(ip);
  alloc_count_fail_at(0);
  return RT_OK;
}

/* Run src on the virtual platform (or the real one); sim_run's code. */
static int run_script(const char *src, bool real_time, sim_timeline *tl) {
  script s = {NULL, src, 0, -1};
  sim_run_opts o = {.real_time = real_time, .timeline = tl, .vplatform = {.thread_stack = 8u << 20}};
  int status = -1;
  int rc = sim_run(&o, script_main, &s, &status);
  if (rc == RT_OK) assert_int_equal(s.rc, LANG_RUN_OK);
  return rc;
}

static void frames_and_handled_exceptions_stay_with_their_thread(void **state) {
  (void)state;
  const char *src =
      "import threading, time\n"
      "def a():\n"
      "    try:\n"
      "        raise ValueError('a')\n"
      "    except ValueError:\n"
      "        time.sleep(2)\n"
      "        try:\n"
      "            raise\n"
      "        except ValueError as e:\n"
      "            print('a re-raised', repr(e))\n"
      "def b():\n"
      "    time.sleep(1)\n"
      "    try:\n"
      "        raise KeyError('b')\n"
      "    except KeyError:\n"
      "        time.sleep(2)\n"
      "        try:\n"
      "            raise\n"
      "        except KeyError as e:\n"
      "            print('b re-raised', repr(e))\n"
      "ts = [threading.Thread(target=f) for f in (a, b)]\n"
      "for t in ts: t.start()\n"
      "for t in ts: t.join()\n"
      "print('main', threading.current_thread().name)\n";
  assert_int_equal(run_script(src, false, NULL), RT_OK);
  assert_string_equal(cap.out, "a re-raised ValueError('a')\nb re-raised KeyError('b')\nmain MainThread\n");
  assert_int_equal(cap.nerr, 0);
}

static void recursion_depth_is_counted_per_thread(void **state) {
  (void)state;
  /* 700 frames in each of two threads at once: 1400 would pass the limit
   * of 1000 if the threads shared one counter */
  const char *src =
      "import threading, time\n"
      "def deep(n, name):\n"
      "    if n == 0:\n"
      "        time.sleep(1)\n"
      "        return name\n"
      "    return deep(n - 1, name)\n"
      "out = []\n"
      "t = threading.Thread(target=lambda: out.append(deep(700, 'thread')))\n"
      "t.start()\n"
      "out.append(deep(700, 'main'))\n"
      "t.join()\n"
      "print(sorted(out))\n";
  assert_int_equal(run_script(src, false, NULL), RT_OK);
  assert_string_equal(cap.out, "['main', 'thread']\n");
}

static char *trace_of(const char *src) {
  memset(&cap, 0, sizeof cap);
  script s = {NULL, src, 0, -1};
  char *t = sim_trace_of(script_main, &s, RT_OK, sim_trace_text_write);
  assert_int_equal(s.rc, LANG_RUN_OK);
  return t;
}

static const char *const busy_script =
    "import asyncio, threading, time\n"
    "from concurrent.futures import ThreadPoolExecutor\n"
    "lock = threading.Lock()\n"
    "def job(n):\n"
    "    with lock:\n"
    "        time.sleep(n)\n"
    "    return n\n"
    "async def main():\n"
    "    loop = asyncio.get_running_loop()\n"
    "    with ThreadPoolExecutor(3) as pool:\n"
    "        fs = [loop.run_in_executor(pool, job, n) for n in (3, 1, 2)]\n"
    "        print(await asyncio.gather(*fs, asyncio.to_thread(job, 1)))\n"
    "asyncio.run(main())\n"
    "print(time.time())\n";

static void virtual_runs_repeat_their_trace_byte_for_byte(void **state) {
  (void)state;
  char *a = trace_of(busy_script);
  char out_a[sizeof cap.out];
  memcpy(out_a, cap.out, sizeof out_a);
  char *b = trace_of(busy_script);
  assert_string_equal(out_a, cap.out);
  assert_string_equal(cap.out, "[3, 1, 2, 1]\n7.0\n");
  assert_string_equal(a, b);
  assert_non_null(strstr(a, "thread.block"));
  free(a);
  free(b);
}

static void threads_left_at_exit_are_unwound_without_output_or_leaks(void **state) {
  (void)state;
  const char *src =
      "import threading, time\n"
      "ev = threading.Event()\n"
      "def ticker():\n"
      "    while True:\n"
      "        try:\n"
      "            time.sleep(1)\n"
      "        except BaseException:\n"
      "            print('never: the budget error is not caught')\n"
      "        print('tick')\n"
      "def stuck():\n"
      "    ev.wait()\n"
      "    print('never')\n"
      "threading.Thread(target=ticker, daemon=True).start()\n"
      "threading.Thread(target=stuck, daemon=True).start()\n"
      "time.sleep(2.5)\n"
      "print('main ends')\n";
  assert_int_equal(run_script(src, false, NULL), RT_OK);
  assert_string_equal(cap.out, "tick\ntick\nmain ends\n");
  assert_int_equal(cap.nerr, 0);
}

static void a_join_nothing_can_end_is_a_deadlock_without_leaks(void **state) {
  (void)state;
  const char *src =
      "import threading\n"
      "ev = threading.Event()\n"
      "t = threading.Thread(target=ev.wait)\n"
      "t.start()\n"
      "print('joining')\n"
      "t.join()\n"
      "print('never')\n";
  script s = {NULL, src, 0, -1};
  int status = -1;
  sim_run_opts o = {.vplatform = {.thread_stack = 8u << 20}};
  assert_int_equal(sim_run(&o, script_main, &s, &status), RT_EDEADLOCK);
  assert_string_equal(cap.out, "joining\n");
}

static void real_time_threads_share_objects_under_the_gil(void **state) {
  (void)state;
  /* no lock in the script: the GIL alone keeps refcounts and the list
   * consistent; each thread blocks now and then so they interleave */
  const char *src =
      "import threading, time\n"
      "items = []\n"
      "counts = {}\n"
      "def work(k):\n"
      "    for i in range(3000):\n"
      "        items.append((k, i))\n"
      "        counts[k] = counts.get(k, 0) + 1\n"
      "        if i % 500 == 0:\n"
      "            time.sleep(0.001)\n"
      "ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]\n"
      "for t in ts: t.start()\n"
      "for t in ts: t.join()\n"
      "print(len(items), sorted(counts.items()), threading.active_count())\n";
  assert_int_equal(run_script(src, true, NULL), RT_OK);
  assert_string_equal(cap.out, "12000 [(0, 3000), (1, 3000), (2, 3000), (3, 3000)] 1\n");
}

static void real_time_executor_and_loop_thread_work(void **state) {
  (void)state;
  const char *src =
      "import asyncio, threading, time\n"
      "from concurrent.futures import ThreadPoolExecutor, as_completed\n"
      "with ThreadPoolExecutor(2) as pool:\n"
      "    fs = [pool.submit(pow, 2, n) for n in range(5)]\n"
      "    print(sorted(f.result() for f in as_completed(fs)))\n"
      "loop = asyncio.new_event_loop()\n"
      "t = threading.Thread(target=loop.run_forever)\n"
      "t.start()\n"
      "async def co(x):\n"
      "    await asyncio.sleep(0.01)\n"
      "    return await asyncio.to_thread(lambda: x * 2)\n"
      "print(asyncio.run_coroutine_threadsafe(co(21), loop).result())\n"
      "loop.call_soon_threadsafe(loop.stop)\n"
      "t.join()\n"
      "loop.close()\n";
  assert_int_equal(run_script(src, true, NULL), RT_OK);
  assert_string_equal(cap.out, "[1, 2, 4, 8, 16]\n42\n");
}

static void lock_waiters_take_it_in_arrival_order(void **state) {
  (void)state;
  const char *src =
      "import threading, time\n"
      "lock = threading.Lock()\n"
      "lock.acquire()\n"
      "def take(name, delay):\n"
      "    time.sleep(delay)\n"
      "    with lock:\n"
      "        print(name, time.time())\n"
      "        time.sleep(1)\n"
      "ts = [threading.Thread(target=take, args=(n, d)) for n, d in (('c', 3), ('a', 1), ('b', 2))]\n"
      "for t in ts: t.start()\n"
      "time.sleep(5)\n"
      "lock.release()\n"
      "for t in ts: t.join()\n";
  assert_int_equal(run_script(src, false, NULL), RT_OK);
  assert_string_equal(cap.out, "a 5.0\nb 6.0\nc 7.0\n");
}

static void start_runs_the_new_thread_until_it_blocks(void **state) {
  (void)state;
  const char *src =
      "import threading, time\n"
      "def child():\n"
      "    print('child runs first')\n"
      "    time.sleep(1)\n"
      "    print('child again at', time.time())\n"
      "t = threading.Thread(target=child)\n"
      "t.start()\n"
      "print('start returned, alive', t.is_alive())\n"
      "t.join()\n";
  assert_int_equal(run_script(src, false, NULL), RT_OK);
  assert_string_equal(cap.out, "child runs first\nstart returned, alive True\nchild again at 1.0\n");
}

/* Run the body of s with its n-th allocation failing; no block may be
 * left behind. Returns whether it ran to its end as without a failure. */
static bool run_failing_at(script *s, long n) {
  memset(&cap, 0, sizeof cap);
  s->fail_at = n;
  s->rc = -1;
  sim_run_opts o = {.vplatform = {.thread_stack = 8u << 20}};
  int status = -1;
  rt_intern_clear();
  long before = alloc_count_live();
  int rc = sim_run(&o, script_main, s, &status);
  assert_true(rc == RT_OK || rc == RT_ENOMEM);
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), before);
  return rc == RT_OK && s->rc == LANG_RUN_OK && strcmp(cap.out, "2\n") == 0;
}

/* Fail each allocation of a threaded body in turn (thread start, the
 * executor, joins, the exit): every run ends, an error or not, without a
 * crash or a leak. */
static void allocation_failures_in_thread_calls_leak_nothing(void **state) {
  (void)state;
  const char *pro =
      "import threading, time\n"
      "from concurrent.futures import ThreadPoolExecutor\n"
      "def f(x):\n"
      "    time.sleep(1)\n"
      "    return x\n"
      "def main():\n"
      "    t = threading.Thread(target=f, args=(1,))\n"
      "    t.start()\n"
      "    with ThreadPoolExecutor(1) as p:\n"
      "        r = p.submit(f, 2).result()\n"
      "    t.join()\n"
      "    print(r)\n";
  script s = {pro, "main()\n", 0, -1};
  long total = alloc_count_total();
  assert_true(run_failing_at(&s, 0));
  total = alloc_count_total() - total;   /* an upper bound for the body's */
  for (long n = 1; n <= total; n++) run_failing_at(&s, n);
  assert_true(run_failing_at(&s, 0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(frames_and_handled_exceptions_stay_with_their_thread, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(recursion_depth_is_counted_per_thread, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(virtual_runs_repeat_their_trace_byte_for_byte, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(threads_left_at_exit_are_unwound_without_output_or_leaks, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(a_join_nothing_can_end_is_a_deadlock_without_leaks, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(real_time_threads_share_objects_under_the_gil, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(real_time_executor_and_loop_thread_work, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(lock_waiters_take_it_in_arrival_order, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(start_runs_the_new_thread_until_it_blocks, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(allocation_failures_in_thread_calls_leak_nothing, setup, rt_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
