/* test_eval.c: the evaluator's behaviours the golden corpus does not pin: limits, budget, output, traces, leaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_fixture.h"
#include "lang.h"
#include "rt.h"

#include "lang_capture.h"

static lang_capture cap;
static int setup(void **state) {
  memset(&cap, 0, sizeof cap);
  return alloc_setup(state);
}

static int run(const char *src, const lang_opts *extra) {
  lang_opts o = {0};
  if (extra) o = *extra;
  o.output = lang_capture_output;
  o.ud = &cap;
  lang_interp *ip = lang_interp_new(&o);
  assert_non_null(ip);
  int r = lang_run(ip, "t.py", src, strlen(src));
  if (r == LANG_RUN_EXIT) r = 100 + lang_exit_status(ip);
  lang_interp_free(ip);
  return r;
}

static void output_goes_to_the_callback_by_stream(void **state) {
  (void)state;
  assert_int_equal(run("import sys\nprint('a', 1, sep='-', end='!')\n"
                       "print('oops', file=sys.stderr)\n", NULL), LANG_RUN_OK);
  assert_string_equal(cap.out, "a-1!");
  assert_string_equal(cap.err, "oops\n");
}

static void syntax_error_is_reported_and_nothing_runs(void **state) {
  (void)state;
  assert_int_equal(run("print('x')\nif True print(1)\n", NULL), LANG_RUN_SYNTAX);
  assert_int_equal(cap.nout, 0);
  assert_string_equal(lang_capture_last_err_line(&cap), "SyntaxError: invalid syntax");
}

static void uncaught_exception_prints_a_cpython_traceback(void **state) {
  (void)state;
  assert_int_equal(run("def f(x):\n    return x / 0\nf(1)\n", NULL), LANG_RUN_ERROR);
  assert_string_equal(cap.err,
                      "Traceback (most recent call last):\n"
                      "  File \"t.py\", line 3, in <module>\n"
                      "    f(1)\n"
                      "  File \"t.py\", line 2, in f\n"
                      "    return x / 0\n"
                      "           ~~^~~\n"
                      "ZeroDivisionError: division by zero\n");
}

static void recursion_limit_raises_recursion_error(void **state) {
  (void)state;
  assert_int_equal(run("def f(n):\n    return f(n + 1)\n"
                       "try:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n", NULL),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "maximum recursion depth exceeded\n");
}

static void step_budget_stops_a_loop_that_never_ends(void **state) {
  (void)state;
  lang_opts o = {0};
  o.max_steps = 10000;
  /* not even a bare except can swallow the budget error */
  assert_int_equal(run("while True:\n    try:\n        pass\n    except:\n        pass\n", &o),
                   LANG_RUN_ERROR);
  assert_string_equal(lang_capture_last_err_line(&cap),
                      "RuntimeError: step budget exhausted (10000 statements, --max-steps)");
}

static void memory_cap_raises_memory_error(void **state) {
  (void)state;
  lang_opts o = {0};
  o.mem_limit = 4u << 20;
  assert_int_equal(run("x = []\nwhile True:\n    x.append('a' * 1000 + str(len(x)))\n", &o),
                   LANG_RUN_ERROR);
  assert_string_equal(lang_capture_last_err_line(&cap), "MemoryError");
}

static void sys_exit_gives_its_status(void **state) {
  (void)state;
  assert_int_equal(run("import sys\nprint('bye')\nsys.exit(3)\n", NULL), 103);
  assert_string_equal(cap.out, "bye\n");
  assert_int_equal(cap.nerr, 0);
}

static void unknown_modules_are_not_found(void **state) {
  (void)state;
  assert_int_equal(run("import numpy\n", NULL), LANG_RUN_ERROR);
  assert_string_equal(lang_capture_last_err_line(&cap), "ModuleNotFoundError: No module named 'numpy'");
}

static void generators_keep_their_state_between_resumes(void **state) {
  (void)state;
  assert_int_equal(run("def g():\n    try:\n        x = yield 1\n        yield x * 2\n"
                       "    finally:\n        print('closed')\n"
                       "it = g()\nprint(next(it), it.send(21))\nit.close()\n"
                       "def deep(n):\n    if n: yield from deep(n - 1)\n    else: yield 'bottom'\n"
                       "print(list(deep(50)))\n", NULL),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "1 42\nclosed\n['bottom']\n");
}

static void unfinished_generators_are_freed_without_leaks(void **state) {
  (void)state;
  assert_int_equal(run("def g():\n    i = 0\n    while True:\n        yield [i]\n        i += 1\n"
                       "gens = [g() for _ in range(20)]\n"
                       "for x in gens: next(x)\nprint(next(gens[3]))\n", NULL),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "[1]\n");
}

static void async_def_returns_a_coroutine_awaited_inline(void **state) {
  (void)state;
  assert_int_equal(run("async def add(a, b):\n    return a + b\n"
                       "async def main():\n    x = await add(1, 2)\n    return x * 10\n"
                       "c = main()\nprint(type(c).__name__)\n"
                       "try:\n    c.send(None)\nexcept StopIteration as e:\n    print(e.value)\n",
                       NULL),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "coroutine\n30\n");
}

static void async_generators_complete_anext_with_each_yield(void **state) {
  (void)state;
  assert_int_equal(run("class Tick:\n    def __await__(self):\n        return (yield 'tick')\n"
                       "async def agen():\n    for i in range(2):\n        got = await Tick()\n"
                       "        yield i, got\n"
                       "async def main2():\n    out = []\n    async for x in agen():\n"
                       "        out.append(x)\n    return out\n"
                       "c = main2()\nprint(c.send(None))\nprint(c.send('a'))\n"
                       "try:\n    c.send('b')\nexcept StopIteration as e:\n    print(e.value)\n",
                       NULL),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "tick\ntick\n[(0, 'a'), (1, 'b')]\n");
}

static void seeded_random_is_deterministic(void **state) {
  (void)state;
  assert_int_equal(run("import random\nrandom.seed(7)\na = [random.randint(1, 6) for _ in range(20)]\n"
                       "random.seed(7)\nb = [random.randint(1, 6) for _ in range(20)]\n"
                       "print(a == b, all(1 <= x <= 6 for x in a), 0.0 <= random.random() < 1.0)\n",
                       NULL),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "True True True\n");
}

static int nlines, noutputs;
static void count_cb(void *ud, const rt_event *ev) {
  (void)ud;
  if (ev->kind == RT_EV_LINE) nlines++;
  if (ev->kind == RT_EV_OUTPUT) noutputs++;
}

static void trace_events_report_lines_and_output(void **state) {
  (void)state;
  nlines = noutputs = 0;
  rt_trace_set_hook(count_cb, NULL);
  int r = run("x = 1\ny = 2\nprint(x + y)\n", NULL);
  rt_trace_set_hook(NULL, NULL);
  assert_int_equal(r, LANG_RUN_OK);
  assert_int_equal(nlines, 3);
  assert_int_equal(noutputs, 1);
}

static void closures_and_classes_are_collected(void **state) {
  (void)state;
  assert_int_equal(run("class Node:\n    def __init__(self):\n        self.me = self\n"
                       "        self.f = lambda: self\n"
                       "for i in range(100): Node()\n"
                       "def outer():\n    v = []\n    def inner(): return v\n    v.append(inner)\n"
                       "    return inner\n"
                       "keep = [outer() for _ in range(10)]\nprint('ok')\n", NULL),
                   LANG_RUN_OK);
  assert_string_equal(cap.out, "ok\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(output_goes_to_the_callback_by_stream, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(syntax_error_is_reported_and_nothing_runs, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(uncaught_exception_prints_a_cpython_traceback, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(recursion_limit_raises_recursion_error, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(step_budget_stops_a_loop_that_never_ends, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(memory_cap_raises_memory_error, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(sys_exit_gives_its_status, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(unknown_modules_are_not_found, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(generators_keep_their_state_between_resumes, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(unfinished_generators_are_freed_without_leaks, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(async_def_returns_a_coroutine_awaited_inline, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(async_generators_complete_anext_with_each_yield, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(seeded_random_is_deterministic, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(trace_events_report_lines_and_output, setup, rt_teardown),
      cmocka_unit_test_setup_teardown(closures_and_classes_are_collected, setup, rt_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
