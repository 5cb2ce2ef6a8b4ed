/* test_mod_std.c: the standard-library modules (time, random, contextlib, socket): what the golden corpus cannot pin (the real clock, the socket errors, leaks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_fixture.h"
#include "fake_platform.h"
#include "lang.h"
#include "rt.h"

#include "lang_capture.h"

static lang_capture cap;
static int setup(void **state) {
  memset(&cap, 0, sizeof cap);
  return alloc_setup(state);
}

/* Run src on platform p (NULL: the real one). */
static int run_on(rt_platform *p, const char *src) {
  lang_opts o = {.output = lang_capture_output, .ud = &cap, .platform = p};
  lang_interp *ip = lang_interp_new(&o);
  assert_non_null(ip);
  int r = lang_run(ip, "t.py", src, strlen(src));
  lang_interp_free(ip);
  return r;
}

static void socket_in_virtual_mode_says_it_needs_real_time(void **state) {
  (void)state;
  fake_platform fp;
  fake_platform_init(&fp);
  assert_int_equal(run_on(&fp.p, "import socket\n"
                                 "print(socket.AF_INET, socket.SOCK_STREAM, socket.SOL_SOCKET)\n"
                                 "socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"),
                   LANG_RUN_ERROR);
  assert_string_equal(cap.out, "2 1 1\n");
  assert_string_equal(lang_capture_last_err_line(&cap),
                      "NotImplementedError: socket.socket() needs the real network: run the "
                      "script with `coroscope run --real-time` (virtual mode has no sockets)");
}

static void socketpair_on_the_real_platform_sends_and_receives_bytes(void **state) {
  (void)state;
  assert_int_equal(run_on(NULL, "import socket\n"
                                "a, b = socket.socketpair()\n"
                                "with a, b:\n"
                                "    a.sendall(b'ping')\n"
                                "    print(b.recv(2), b.recv(10), a.fileno() >= 0)\n"
                                "print(a.fileno())\n"
                                "a.recv(1)\n"),
                   LANG_RUN_ERROR);
  assert_string_equal(cap.out, "b'pi' b'ng' True\n-1\n");
  assert_string_equal(lang_capture_last_err_line(&cap), "OSError: [Errno 9] Bad file descriptor");
}

static void time_reads_the_platform_clock(void **state) {
  (void)state;
  fake_platform fp;
  fake_platform_init(&fp);
  fp.now = 3723.25;
  assert_int_equal(run_on(&fp.p, "import time\n"
                                 "print(time.time(), time.monotonic(), time.perf_counter_ns())\n"
                                 "print(time.strftime('%H:%M:%S'), time.gmtime().tm_hour)\n"
                                 "time.sleep(0.5)\n"
                                 "print(time.time_ns())\n"),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "3723.25 3723.25 3723250000000\n01:02:03 1\n3723750000000\n");
  assert_true(fp.now == 3723.75);
}

static void time_on_the_real_platform_is_the_wall_clock(void **state) {
  (void)state;
  assert_int_equal(run_on(NULL, "import time\n"
                                "t, ns = time.time(), time.time_ns()\n"
                                "print(t > 1.6e9, abs(ns / 1e9 - t) < 5, time.gmtime().tm_year > 2020)\n"
                                "a = time.monotonic(); b = time.monotonic()\n"
                                "print(b >= a, time.process_time() >= 0, time.thread_time_ns() >= 0)\n"),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "True True True\nTrue True True\n");
}

static void struct_time_keeps_its_hidden_fields_out_of_the_tuple(void **state) {
  (void)state;
  assert_int_equal(run_on(NULL, "import time\n"
                                "t = time.gmtime(0)\n"
                                "print(len(t), t[8], t.tm_zone, t.tm_gmtoff, t[-1], list(t)[-1])\n"
                                "u = time.struct_time(tuple(range(11)))\n"
                                "print(len(u), u.tm_zone, u.tm_gmtoff, u == tuple(range(9)))\n"
                                "try:\n    t[9]\nexcept IndexError as e:\n    print(e)\n"),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "9 0 GMT 0 0 0\n9 9 10 True\ntuple index out of range\n");
}

static void random_starts_from_seed_zero_in_every_interpreter(void **state) {
  (void)state;
  static const char src[] = "import random\nprint(random.random())\nrandom.seed(5)\n";
  assert_int_equal(run_on(NULL, src), LANG_RUN_OK);
  char first[sizeof cap.out];
  memcpy(first, cap.out, sizeof first);
  memset(&cap, 0, sizeof cap);
  assert_int_equal(run_on(NULL, src), LANG_RUN_OK);
  assert_string_equal(cap.out, first);
  assert_string_equal(first, "0.8444218515250481\n");   /* CPython's random.seed(0) */
}

/* Managers left in cycles, generators left open, and awaitables never
 * awaited are all freed with the interpreter (teardown counts blocks). */
static void contextlib_objects_are_freed_on_every_path(void **state) {
  (void)state;
  assert_int_equal(run_on(NULL,
                          "import asyncio, contextlib\n"
                          "@contextlib.contextmanager\n"
                          "def cm(box):\n"
                          "    box.append(box)\n"
                          "    yield box\n"
                          "open_cm = cm([])\n"
                          "open_cm.__enter__()\n"
                          "@contextlib.asynccontextmanager\n"
                          "async def acm():\n"
                          "    yield 1\n"
                          "never = acm().__aenter__()\n"
                          "async def main():\n"
                          "    a = acm()\n"
                          "    print(await a.__aenter__())\n"
                          "    with contextlib.suppress(KeyError):\n"
                          "        raise KeyError(1)\n"
                          "asyncio.run(main())\n"
                          "print(type(never).__name__, open_cm.gen.__name__)\n"),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "1\ncoroutine_wrapper cm\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(socket_in_virtual_mode_says_it_needs_real_time, setup,
                                      rt_teardown),
      cmocka_unit_test_setup_teardown(socketpair_on_the_real_platform_sends_and_receives_bytes,
                                      setup, rt_teardown),
      cmocka_unit_test_setup_teardown(time_reads_the_platform_clock, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(time_on_the_real_platform_is_the_wall_clock, setup,
                                      rt_teardown),
      cmocka_unit_test_setup_teardown(struct_time_keeps_its_hidden_fields_out_of_the_tuple, setup,
                                      rt_teardown),
      cmocka_unit_test_setup_teardown(random_starts_from_seed_zero_in_every_interpreter, setup,
                                      rt_teardown),
      cmocka_unit_test_setup_teardown(contextlib_objects_are_freed_on_every_path, setup,
                                      rt_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
