/* test_trace.c: the tracer: every scheduling decision is an event, in the
 * order asyncio makes it; the text form; interning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_count.h"
#include "fake_platform.h"
#include "rt.h"

#define MAXEV 200000
static rt_event evs[MAXEV];
static size_t nev;

static void record(void *ud, const rt_event *ev) {
  (void)ud;
  if (nev < MAXEV) evs[nev++] = *ev;
}

static fake_platform fp;
static rt_loop *loop;

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  nev = 0;
  fake_platform_init(&fp);
  rt_trace_set_hook(record, NULL);
  assert_int_equal(rt_loop_new(&fp.p, NULL, &loop), RT_OK);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rt_loop_free(loop);
  loop = NULL;
  rt_trace_set_hook(NULL, NULL);
  rt_intern_clear();
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

static size_t count_kind(rt_ev_kind k) {
  size_t n = 0;
  for (size_t i = 0; i < nev; i++) n += evs[i].kind == k;
  return n;
}

static const rt_event *find_kind(rt_ev_kind k, size_t from) {
  for (size_t i = from; i < nev; i++)
    if (evs[i].kind == k) return &evs[i];
  return NULL;
}

static int sleep_half_body(void *arg, void **out) {
  (void)arg;
  return rt_sleep(0.5, NULL, out);
}

static int yield_once_body(void *arg, void **out) {
  (void)arg;
  *out = NULL;
  return rt_yield(NULL);
}

/* The whole trace of a small scenario, one line per event. Ids, sequence
 * numbers and Task-N names are process-wide, so this test runs first. It
 * reads as asyncio runs it: both first steps in iteration 1, the sleeper's
 * timer fires in iteration 3 (after an idle wait to 0.5) and sets the sleep
 * future, whose wake-up steps the task in iteration 4; the task's done
 * callback (run_until_complete's) stops the loop in iteration 5. */
static const char *const golden[] = {
    "       1     0.000000 T1   L1   -       loop.new         platform=\"fake\"",
    "       2     0.000000 T1   L1   -       future.created   fut=1 what=task",
    "       3     0.000000 T1   L1   -       task.created     task=1 name=\"Task-1\" parent=-",
    "       4     0.000000 T1   L1   -       handle.scheduled h=1 kind=step of=1 by=-",
    "       5     0.000000 T1   L1   -       future.created   fut=2 what=task",
    "       6     0.000000 T1   L1   -       task.created     task=2 name=\"Task-2\" parent=-",
    "       7     0.000000 T1   L1   -       handle.scheduled h=2 kind=step of=2 by=-",
    "       8     0.000000 T1   L1   -       future.cb_added  fut=1 kind=future_cb task=- count=1",
    "       9     0.000000 T1   L1   -       loop.run         mode=until_complete future=1",
    "      10     0.000000 T1   L1   -       iter.begin       iter=1 ready=2 timers=0",
    "      11     0.000000 T1   L1   -       handle.run       h=1 kind=step of=1 by=-",
    "      12     0.000000 T1   L1   t1      task.step        task=1 step=1 throw=none h=1",
    "      13     0.000000 T1   L1   t1      future.created   fut=3 what=sleep",
    "      14     0.000000 T1   L1   t1      timer.added      h=3 when=0.500000 by=1 kind=timer",
    "      15     0.000000 T1   L1   t1      future.cb_added  fut=3 kind=wakeup task=1 count=1",
    "      16     0.000000 T1   L1   t1      task.suspended   on=3 what=sleep task=1",
    "      17     0.000000 T1   L1   t1      task.step_end    task=1 step=1 end=await",
    "      18     0.000000 T1   L1   -       handle.run       h=2 kind=step of=2 by=-",
    "      19     0.000000 T1   L1   t2      task.step        task=2 step=1 throw=none h=2",
    "      20     0.000000 T1   L1   t2      task.suspended   on=- what=yield task=2",
    "      21     0.000000 T1   L1   t2      handle.scheduled h=4 kind=step of=2 by=-",
    "      22     0.000000 T1   L1   t2      task.step_end    task=2 step=1 end=yield",
    "      23     0.000000 T1   L1   -       iter.end         iter=1 ran=2 ready=1",
    "      24     0.000000 T1   L1   -       iter.begin       iter=2 ready=1 timers=1",
    "      25     0.000000 T1   L1   -       handle.run       h=4 kind=step of=2 by=-",
    "      26     0.000000 T1   L1   t2      task.step        task=2 step=2 throw=none h=4",
    "      27     0.000000 T1   L1   t2      task.done        task=2 state=result steps=2",
    "      28     0.000000 T1   L1   t2      future.done      fut=2 state=result callbacks=0",
    "      29     0.000000 T1   L1   t2      task.step_end    task=2 step=2 end=done",
    "      30     0.000000 T1   L1   -       iter.end         iter=2 ran=1 ready=0",
    "      31     0.000000 T1   L1   -       iter.begin       iter=3 ready=0 timers=1",
    "      32     0.000000 T1   L1   -       idle.begin       until=0.500000",
    "      33     0.500000 T1   L1   -       clock.advance    now=0.500000 by=0.500000",
    "      34     0.500000 T1   L1   -       idle.end         rc=ok",
    "      35     0.500000 T1   L1   -       timer.fired      h=3 when=0.500000 by=1 kind=timer",
    "      36     0.500000 T1   L1   -       handle.run       h=3 kind=timer of=- by=1",
    "      37     0.500000 T1   L1   -       future.done      fut=3 state=result callbacks=1",
    "      38     0.500000 T1   L1   -       handle.scheduled h=5 kind=wakeup of=1 by=3",
    "      39     0.500000 T1   L1   -       iter.end         iter=3 ran=1 ready=1",
    "      40     0.500000 T1   L1   -       iter.begin       iter=4 ready=1 timers=0",
    "      41     0.500000 T1   L1   -       handle.run       h=5 kind=wakeup of=1 by=3",
    "      42     0.500000 T1   L1   t1      task.step        task=1 step=2 throw=none h=5",
    "      43     0.500000 T1   L1   t1      future.free      fut=3",
    "      44     0.500000 T1   L1   t1      task.done        task=1 state=result steps=2",
    "      45     0.500000 T1   L1   t1      future.done      fut=1 state=result callbacks=1",
    "      46     0.500000 T1   L1   t1      handle.scheduled h=6 kind=future_cb of=1 by=-",
    "      47     0.500000 T1   L1   t1      task.step_end    task=1 step=2 end=done",
    "      48     0.500000 T1   L1   -       iter.end         iter=4 ran=1 ready=1",
    "      49     0.500000 T1   L1   -       iter.begin       iter=5 ready=1 timers=0",
    "      50     0.500000 T1   L1   -       handle.run       h=6 kind=future_cb of=1 by=-",
    "      51     0.500000 T1   L1   -       loop.stop        what=request rc=ok",
    "      52     0.500000 T1   L1   -       iter.end         iter=5 ran=1 ready=0",
    "      53     0.500000 T1   L1   -       loop.stop        what=end rc=ok",
    "      54     0.500000 T1   L1   -       future.free      fut=1",
    "      55     0.500000 T1   L1   -       future.free      fut=2",
    "      56     0.500000 T1   L1   -       loop.free        tasks=0 handles=0",
};

static void trace_of_a_sleep_reads_as_asyncio_runs_it(void **state) {
  (void)state;
  (void)rt_thread_id();  /* this thread is T1 */
  rt_task *t, *u;
  assert_int_equal(rt_task_new(loop, sleep_half_body, NULL, NULL, &t), RT_OK);
  assert_int_equal(rt_task_new(loop, yield_once_body, NULL, NULL, &u), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  rt_task_release(t);
  rt_task_release(u);
  rt_loop_free(loop);
  loop = NULL;
  size_t n = sizeof golden / sizeof *golden;
  char line[256];
  for (size_t i = 0; i < nev && i < n; i++) {
    rt_trace_format(&evs[i], line, sizeof line);
    assert_string_equal(line, golden[i]);
  }
  assert_int_equal(nev, n);
}

static void events_have_gapless_increasing_sequence_numbers(void **state) {
  (void)state;
  rt_task *t;
  assert_int_equal(rt_task_new(loop, sleep_half_body, NULL, NULL, &t), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  rt_task_release(t);
  assert_true(nev > 20);
  for (size_t i = 1; i < nev; i++) assert_int_equal(evs[i].seq, evs[i - 1].seq + 1);
  for (size_t i = 0; i < nev; i++) {
    assert_int_equal(evs[i].loop, rt_loop_id(loop));
    assert_int_equal(evs[i].thread, rt_thread_id());
  }
}

static void log_cb(rt_loop *l, void *arg) {
  (void)l;
  (void)arg;
}

static int sleep10_body(void *arg, void **out) {
  (void)arg;
  return rt_sleep(10, NULL, out);
}

static void every_core_event_kind_is_emitted(void **state) {
  (void)state;
  rt_handle *h, *tm;
  assert_int_equal(rt_call_soon(loop, log_cb, NULL, NULL, &h), RT_OK);
  rt_handle_cancel(h);
  rt_handle_release(h);
  assert_int_equal(rt_call_later(loop, 3, log_cb, NULL, NULL, &tm), RT_OK);
  rt_handle_cancel(tm);
  rt_handle_release(tm);
  rt_task *sleeper, *t;
  assert_int_equal(rt_task_new(loop, sleep10_body, NULL, NULL, &sleeper), RT_OK);
  assert_int_equal(rt_task_new(loop, sleep_half_body, NULL, NULL, &t), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  assert_true(rt_task_cancel(sleeper, NULL));
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(sleeper)), RT_OK);
  uint32_t sleeper_id = rt_task_id(sleeper);
  rt_task_release(sleeper);
  rt_task_release(t);
  rt_loop_free(loop);
  loop = NULL;
  static const rt_ev_kind core[] = {
      RT_EV_LOOP_NEW, RT_EV_LOOP_FREE, RT_EV_LOOP_RUN, RT_EV_LOOP_STOP,
      RT_EV_ITER_BEGIN, RT_EV_ITER_END, RT_EV_IDLE_BEGIN, RT_EV_IDLE_END,
      RT_EV_CLOCK_ADVANCE, RT_EV_HANDLE_SCHEDULED, RT_EV_HANDLE_RUN,
      RT_EV_HANDLE_CANCELLED, RT_EV_TIMER_ADDED, RT_EV_TIMER_FIRED,
      RT_EV_TIMER_CANCELLED, RT_EV_TASK_CREATED, RT_EV_TASK_STEP_BEGIN,
      RT_EV_TASK_STEP_END, RT_EV_TASK_SUSPENDED, RT_EV_TASK_DONE,
      RT_EV_TASK_CANCEL_REQUESTED, RT_EV_FUTURE_CREATED, RT_EV_FUTURE_DONE,
      RT_EV_FUTURE_CB_ADDED, RT_EV_FUTURE_FREE,
  };
  for (size_t i = 0; i < sizeof core / sizeof *core; i++) {
    if (count_kind(core[i]) == 0) fail_msg("no %s event", rt_ev_kind_name(core[i]));
  }
  const rt_event *done = NULL;
  for (size_t i = 0; (done = find_kind(RT_EV_TASK_DONE, i)) != NULL; i = (size_t)(done - evs) + 1)
    if (done->a[0] == (int64_t)sleeper_id) break;
  assert_non_null(done);
  assert_int_equal(done->a[1], RT_FUT_CANCELLED);
}

static int await_task_body(void *arg, void **out) {
  rt_task *child;
  assert_int_equal(rt_task_new(rt_loop_running(), yield_once_body, NULL, NULL, &child), RT_OK);
  *(uint32_t *)arg = rt_task_id(child);
  int rc = rt_await(rt_task_future(child), out);
  rt_task_release(child);
  return rc;
}

static void suspended_event_names_what_the_task_waits_on(void **state) {
  (void)state;
  uint32_t child_id = 0;
  rt_task *t;
  assert_int_equal(rt_task_new(loop, await_task_body, &child_id, NULL, &t), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  const rt_event *s = find_kind(RT_EV_TASK_SUSPENDED, 0);
  assert_non_null(s);
  assert_int_equal(s->task, rt_task_id(t));
  assert_int_equal(s->a[0], child_id);
  assert_int_equal(s->a[1], RT_WAIT_TASK);
  s = find_kind(RT_EV_TASK_SUSPENDED, (size_t)(s - evs) + 1);
  assert_non_null(s);
  assert_int_equal(s->task, child_id);
  assert_int_equal(s->a[0], 0);
  assert_int_equal(s->a[1], RT_WAIT_YIELD);
  rt_task_release(t);
}

static void events_carry_the_iteration_clock(void **state) {
  (void)state;
  rt_task *t;
  assert_int_equal(rt_task_new(loop, sleep_half_body, NULL, NULL, &t), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  const rt_event *adv = find_kind(RT_EV_CLOCK_ADVANCE, 0);
  assert_non_null(adv);
  assert_int_equal(adv->a[0], 500000000);
  for (size_t i = 0; i < nev; i++) {
    double want = &evs[i] < adv ? 0.0 : 0.5;
    assert_true(evs[i].vtime == want);
    assert_int_equal(evs[i].wall_ns, (uint64_t)(want * 1e9));
  }
  rt_task_release(t);
}

static int fan_body(void *arg, void **out) {
  (void)arg;
  for (int i = 0; i < 10; i++) rt_yield(NULL);
  *out = NULL;
  return RT_OK;
}

static void traced_loop_reads_the_clock_once_per_iteration(void **state) {
  (void)state;
  rt_task *ts[100];
  for (int i = 0; i < 100; i++) assert_int_equal(rt_task_new(loop, fan_body, NULL, NULL, &ts[i]), RT_OK);
  long reads0 = fp.now_calls;
  uint64_t it0 = rt_loop_iteration(loop);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(ts[99])), RT_OK);
  assert_int_equal(fp.now_calls - reads0, (long)(rt_loop_iteration(loop) - it0));
  for (int i = 0; i < 100; i++) rt_task_release(ts[i]);
}

static void no_hook_means_no_events(void **state) {
  (void)state;
  rt_trace_set_hook(NULL, NULL);
  nev = 0;
  rt_task *t;
  assert_int_equal(rt_task_new(loop, sleep_half_body, NULL, NULL, &t), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  rt_trace_emit(loop, RT_EV_WARNING, 0, 0, 0, 0);
  rt_task_release(t);
  assert_int_equal(nev, 0);
}

static void emit_from_outside_reaches_the_hook(void **state) {
  (void)state;
  nev = 0;
  int64_t id = rt_intern("a warning");
  rt_trace_emit(NULL, RT_EV_WARNING, id, 0, 0, 0);
  rt_trace_emit(loop, RT_EV_LINE, 12, 0, 0, 0);
  assert_int_equal(nev, 2);
  assert_int_equal(evs[0].kind, RT_EV_WARNING);
  assert_int_equal(evs[0].loop, 0);
  assert_int_equal(evs[1].loop, rt_loop_id(loop));
  char line[256];
  rt_trace_format(&evs[0], line, sizeof line);
  assert_non_null(strstr(line, "warning          msg=\"a warning\""));
}

static void kind_names_are_dotted_unique_and_complete(void **state) {
  (void)state;
  assert_string_equal(rt_ev_kind_name(RT_EV_TASK_STEP_BEGIN), "task.step");
  assert_string_equal(rt_ev_kind_name(RT_EV_HANDLE_SCHEDULED), "handle.scheduled");
  assert_string_equal(rt_ev_kind_name(RT_EV__COUNT), "?");
  for (int i = 1; i < RT_EV__COUNT; i++) {
    const char *a = rt_ev_kind_name((rt_ev_kind)i);
    assert_string_not_equal(a, "?");
    assert_true(strlen(a) <= 16);  /* fits the kind column */
    for (int j = 1; j < i; j++) assert_string_not_equal(a, rt_ev_kind_name((rt_ev_kind)j));
  }
  assert_string_equal(rt_handle_kind_name(RT_HK_WAKEUP), "wakeup");
  assert_string_equal(rt_future_state_name(RT_FUT_CANCELLED), "cancelled");
  assert_string_equal(rt_wait_kind_name(RT_WAIT_SLEEP), "sleep");
  assert_string_equal(rt_wait_kind_name(RT_WAIT_IO), "io");
}

static void format_has_stable_columns(void **state) {
  (void)state;
  rt_event ev = {.seq = 42, .vtime = 1.5, .thread = 1, .loop = 2, .task = 17,
                 .kind = RT_EV_TIMER_ADDED, .a = {9, 2500000000, 17, RT_HK_TIMER}};
  char line[256];
  int n = rt_trace_format(&ev, line, sizeof line);
  assert_string_equal(line,
                      "      42     1.500000 T1   L2   t17     timer.added      h=9 when=2.500000 by=17 kind=timer");
  assert_int_equal(n, (int)strlen(line));
  rt_event idle = {.seq = 123456789, .vtime = 12345.25, .thread = 3, .kind = RT_EV_IDLE_BEGIN, .a = {-1}};
  rt_trace_format(&idle, line, sizeof line);
  assert_string_equal(line, "123456789 12345.250000 T3   -    -       idle.begin       until=-");
  rt_event none = {.seq = 1, .kind = RT_EV_NONE};
  rt_trace_format(&none, line, sizeof line);
  assert_string_equal(line, "       1     0.000000 T0   -    -       none");
}

static void format_decodes_arguments_per_kind(void **state) {
  (void)state;
  char line[256];
  struct {
    rt_event ev;
    const char *want;
  } cases[] = {
      {{.kind = RT_EV_TASK_DONE, .a = {3, RT_FUT_EXCEPTION, 4}}, "task=3 state=exception steps=4"},
      {{.kind = RT_EV_TASK_STEP_BEGIN, .a = {3, 2, RT_ECANCELLED, 8}}, "task=3 step=2 throw=cancelled h=8"},
      {{.kind = RT_EV_TASK_STEP_END, .a = {3, 2, 1}}, "task=3 step=2 end=await"},
      {{.kind = RT_EV_TASK_SUSPENDED, .a = {5, RT_WAIT_LOCK, 3}}, "on=5 what=lock task=3"},
      {{.kind = RT_EV_TASK_CANCEL_REQUESTED, .a = {3, 2, 0}}, "task=3 cancelling=2 waiter=-"},
      {{.kind = RT_EV_HANDLE_RUN, .a = {7, RT_HK_WAKEUP, 3, 5}}, "h=7 kind=wakeup of=3 by=5"},
      {{.kind = RT_EV_LOOP_STOP, .a = {1, RT_EDEADLOCK}}, "what=end rc=EDEADLOCK"},
      {{.kind = RT_EV_LOOP_RUN, .a = {1, 0}}, "mode=forever future=-"},
      {{.kind = RT_EV_CLOCK_ADVANCE, .a = {1500000, 1000}}, "now=0.001500 by=0.000001"},
      {{.kind = RT_EV_TIMER_ADDED, .a = {1, -2500000000, 0, 0}}, "h=1 when=-2.500000 by=- kind=callback"},
      {{.kind = RT_EV_TASK_CREATED, .a = {4, 0, 1, 12}}, "task=4 name=\"Task-12\" parent=1"},
      {{.kind = RT_EV_SYNC_ACQUIRE, .a = {1, RT_SYNC_OP_SET, 3, 4}}, "obj=1 op=set value=3 waiters=4"},
      {{.kind = RT_EV_SYNC_WAIT, .a = {1, 9, 2, RT_ROLE_GETTER}}, "obj=1 fut=9 waiters=2 role=getter"},
      {{.kind = RT_EV_GROUP_NEW, .a = {5, RT_GROUP_WAIT, 3, 2}}, "group=5 kind=wait children=3 arg=2"},
      {{.kind = RT_EV_IO_READY, .a = {7, RT_IO_READABLE | RT_IO_ERROR, 8}}, "fd=7 events=re fut=8"},
      {{.kind = RT_EV_EXEC_DONE, .a = {2, 11, RT_ERAISED, 1}}, "exec=2 job=11 rc=ERAISED worker=1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rt_trace_format(&cases[i].ev, line, sizeof line);
    const char *details = line + 57;  /* after the fixed columns */
    if (strcmp(details, cases[i].want) != 0)
      fail_msg("case %zu: \"%s\" != \"%s\"", i, details, cases[i].want);
  }
}

static void format_returns_the_full_length_when_truncated(void **state) {
  (void)state;
  rt_event ev = {.seq = 1, .kind = RT_EV_ITER_BEGIN, .a = {1, 2, 3}};
  char full[256], small[20];
  int n = rt_trace_format(&ev, full, sizeof full);
  int m = rt_trace_format(&ev, small, sizeof small);
  assert_int_equal(n, m);
  assert_int_equal(strlen(small), sizeof small - 1);
  assert_memory_equal(small, full, sizeof small - 1);
  assert_int_equal(rt_trace_format(&ev, NULL, 0), n);
}

/* Queue item labels: ints travel in the label itself (nothing interned),
 * other items as interned reprs; the trace prints the int bare and the
 * string quoted. */
static void queue_item_labels_carry_ints_inline_and_strings_interned(void **state) {
  (void)state;
  char b[24];
  const int64_t vs[] = {0, 1, -1, 7, -7, 999999, INT64_C(1) << 60, -(INT64_C(1) << 61)};
  for (size_t i = 0; i < sizeof vs / sizeof *vs; i++) {
    int64_t id = rt_item_int(vs[i]);
    assert_true(id < 0);
    char want[24];
    snprintf(want, sizeof want, "%lld", (long long)vs[i]);
    assert_string_equal(rt_item_label(id, b), want);
  }
  assert_true(rt_item_int(1) != rt_item_int(-1));
  assert_string_equal(rt_item_label(0, b), "");
  int64_t s = rt_intern("'job'");
  assert_string_equal(rt_item_label(s, b), "'job'");
  char line[256];
  rt_event put = {.seq = 1, .loop = 1, .kind = RT_EV_QUEUE_PUT, .a = {4, rt_item_int(-42), 1, 1}};
  rt_trace_format(&put, line, sizeof line);
  assert_non_null(strstr(line, "queue.put        queue=4 item=-42 size=1 unfinished=1"));
  rt_event get = {.seq = 2, .loop = 1, .kind = RT_EV_QUEUE_GET, .a = {4, s, 0, 1}};
  rt_trace_format(&get, line, sizeof line);
  assert_non_null(strstr(line, "queue.get        queue=4 item=\"'job'\" size=0 unfinished=1"));
}

static void intern_gives_one_id_per_string(void **state) {
  (void)state;
  int64_t a = rt_intern("alpha"), b = rt_intern("beta");
  assert_true(a >= 1 && b >= 1 && a != b);
  assert_int_equal(rt_intern("alpha"), a);
  assert_string_equal(rt_interned(a), "alpha");
  assert_null(rt_interned(0));
  assert_null(rt_interned(1 << 30));
  assert_int_equal(rt_intern(NULL), 0);
  char buf[32];
  for (int i = 0; i < 5000; i++) {  /* through several rehashes */
    snprintf(buf, sizeof buf, "s%d", i);
    int64_t id = rt_intern(buf);
    assert_string_equal(rt_interned(id), buf);
  }
  assert_int_equal(rt_intern("beta"), b);
  rt_intern_clear();
  assert_null(rt_interned(a));
}

/* Strings that differ only at the end share neighbouring buckets: many of
 * them (numbers, numbered names), interleaved with unrelated ones, long
 * ones and the empty one, each keep their own id through every rehash. */
static void many_distinct_interned_strings_keep_their_ids(void **state) {
  (void)state;
  enum { N = 200000 };
  int64_t *ids = malloc(N * sizeof *ids);
  assert_non_null(ids);
  char buf[40];
  int64_t empty = rt_intern(""), name = rt_intern("producer");
  char *big = malloc(100000);
  assert_non_null(big);
  memset(big, 'z', 99999);
  big[99999] = '\0';
  int64_t big_id = 0;
  for (int i = 0; i < N; i++) {
    snprintf(buf, sizeof buf, i % 3 ? "%d" : "task-%d", i);
    ids[i] = rt_intern(buf);
    assert_true(ids[i] > 0);
    if (i >= 100) {  /* a queue's get, 100 items later */
      snprintf(buf, sizeof buf, (i - 100) % 3 ? "%d" : "task-%d", i - 100);
      assert_int_equal(rt_intern(buf), ids[i - 100]);
    }
    if (i == N / 2) big_id = rt_intern(big);
    assert_int_equal(rt_intern("producer"), name);
  }
  for (int i = 0; i < N; i++) {
    snprintf(buf, sizeof buf, i % 3 ? "%d" : "task-%d", i);
    assert_string_equal(rt_interned(ids[i]), buf);
    assert_int_equal(rt_intern(buf), ids[i]);
    for (int j = 1; j < 3 && i >= j; j++) assert_true(ids[i] != ids[i - j]);
  }
  assert_string_equal(rt_interned(empty), "");
  assert_int_equal(rt_intern(""), empty);
  assert_string_equal(rt_interned(big_id), big);
  big[5] = 'y';  /* the same length, other text */
  int64_t other = rt_intern(big);
  assert_true(other != big_id);
  assert_string_equal(rt_interned(other), big);
  free(big);
  free(ids);
}

static void intern_fails_cleanly_when_memory_runs_out(void **state) {
  (void)state;
  for (long n = 1;; n++) {
    rt_intern_clear();
    alloc_count_fail_at(n);
    int64_t id = rt_intern("x");
    alloc_count_fail_at(0);
    if (id) break;
    assert_null(rt_interned(1));
  }
  assert_string_equal(rt_interned(rt_intern("x")), "x");
}

/* ------------------------------------------------------------ tracers */

/* A tracer with chunks of `size` records, handed out from two buffers in
 * turn (a runtime that kept writing into the old chunk would be caught);
 * each fresh chunk is poisoned, so a record the runtime does not fill
 * completely shows. refill copies the chunk's records out. */
#define CHUNK_MAX 64
typedef struct chunky {
  rt_tracer tr;
  rt_event buf[2][CHUNK_MAX];
  size_t size;
  int flip;
  rt_event *base;  /* where cur was pointed last */
  size_t refills;
} chunky;

static chunky ck;

static void chunky_take(chunky *c) {
  for (const rt_event *e = c->base; e < c->tr.cur; e++)
    if (nev < MAXEV) evs[nev++] = *e;
  c->base = c->tr.cur;
}

static void chunky_refill(rt_tracer *tr) {
  chunky *c = (chunky *)tr;
  chunky_take(c);
  rt_event *b = c->buf[c->flip ^= 1];
  memset(b, 0xa5, c->size * sizeof *b);
  c->base = tr->cur = b;
  tr->end = b + c->size;
  c->refills++;
}

/* Install ck with chunks of size records, starting empty (cur == end):
 * rt_trace_set_tracer calls refill first. */
static void chunky_install(size_t size, rt_platform *clock, bool stamp_all) {
  memset(&ck, 0, sizeof ck);
  ck.size = size;
  ck.tr = (rt_tracer){NULL, NULL, chunky_refill, clock, stamp_all};
  rt_trace_set_tracer(&ck.tr);
}

/* Remove ck and take the records of its open chunk. */
static void chunky_remove(void) {
  rt_trace_set_tracer(NULL);
  chunky_take(&ck);
}

static int sleep_then_yield_body(void *arg, void **out) {
  int rc = rt_sleep(*(double *)arg, NULL, out);
  if (rc == RT_OK) rc = rt_yield(NULL);
  return rc;
}

/* A run from fresh ids on a fresh fake clock (no loop may exist): eight
 * tasks that sleep and yield, run until the last is done, and the loop
 * freed. The events go to whatever is installed. */
static void scenario(void) {
  rt_reset_ids();
  fake_platform_init(&fp);
  rt_loop *l;
  assert_int_equal(rt_loop_new(&fp.p, NULL, &l), RT_OK);
  static double delays[8] = {0.3, 0.1, 0.2, 0.1, 0.0, 0.3, 0.25, 0.4};
  rt_task *ts[8];
  for (int i = 0; i < 8; i++)
    assert_int_equal(rt_task_new(l, sleep_then_yield_body, &delays[i], NULL, &ts[i]), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(l, rt_task_future(ts[7])), RT_OK);
  for (int i = 0; i < 8; i++) rt_task_release(ts[i]);
  rt_loop_free(l);
}

static void tracer_records_match_the_hook_event_for_event_at_any_chunk_size(void **state) {
  (void)state;
  rt_loop_free(loop);  /* scenario needs no loop around */
  nev = 0;
  scenario();  /* with setup's hook */
  size_t n = nev;
  assert_true(n > 100);
  rt_event *want = malloc(n * sizeof *want);
  assert_non_null(want);
  memcpy(want, evs, n * sizeof *want);
  static const size_t sizes[] = {1, 2, 3, 7, 64};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    nev = 0;
    chunky_install(sizes[k], NULL, false);
    scenario();
    chunky_remove();
    assert_int_equal(nev, n);
    for (size_t i = 0; i < n; i++) assert_memory_equal(&evs[i], &want[i], sizeof *want);
    /* Once when installed (it began empty), then once per full chunk. */
    assert_int_equal(ck.refills, 1 + n / sizes[k]);
  }
  free(want);
  assert_int_equal(rt_loop_new(&fp.p, NULL, &loop), RT_OK);  /* for teardown */
}

static void tracer_is_refilled_only_when_its_chunk_is_full(void **state) {
  (void)state;
  nev = 0;
  chunky_install(4, NULL, false);
  assert_int_equal(ck.refills, 1);  /* it began empty */
  rt_event *first = ck.tr.cur;
  for (int i = 0; i < 3; i++) rt_trace_emit(loop, RT_EV_LINE, i, 0, 0, 0);
  assert_int_equal(ck.refills, 1);
  assert_ptr_equal(ck.tr.cur, first + 3);
  assert_int_equal(first[2].a[0], 2);  /* written in place, before any refill */
  rt_trace_emit(loop, RT_EV_LINE, 3, 0, 0, 0);  /* fills it */
  assert_int_equal(ck.refills, 2);
  assert_int_equal(nev, 4);
  for (int i = 4; i < 10; i++) rt_trace_emit(loop, RT_EV_LINE, i, 0, 0, 0);
  assert_int_equal(ck.refills, 3);
  assert_int_equal(nev, 8);
  chunky_remove();
  assert_int_equal(nev, 10);
  for (size_t i = 0; i < nev; i++) {
    assert_int_equal(evs[i].a[0], (int64_t)i);
    if (i) assert_int_equal(evs[i].seq, evs[i - 1].seq + 1);  /* across chunks too */
  }
}

static void removed_tracer_gets_no_more_events_and_takes_no_seq(void **state) {
  (void)state;
  nev = 0;
  chunky_install(8, NULL, false);
  assert_true(rt_trace_enabled());
  rt_trace_emit(loop, RT_EV_LINE, 1, 0, 0, 0);
  chunky_remove();
  assert_false(rt_trace_enabled());
  rt_event *cur = ck.tr.cur;
  size_t refills = ck.refills;
  rt_task *t;
  assert_int_equal(rt_task_new(loop, sleep_half_body, NULL, NULL, &t), RT_OK);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  rt_task_release(t);
  rt_trace_emit(loop, RT_EV_LINE, 2, 0, 0, 0);
  assert_ptr_equal(ck.tr.cur, cur);  /* nothing written */
  assert_int_equal(ck.refills, refills);
  chunky_install(8, NULL, false);
  rt_trace_emit(loop, RT_EV_LINE, 3, 0, 0, 0);
  chunky_remove();
  assert_int_equal(nev, 2);
  assert_int_equal(evs[1].a[0], 3);
  assert_int_equal(evs[1].seq, evs[0].seq + 1);  /* the untraced run took none */
}

static void tracer_clock_stamps_loopless_events_or_all(void **state) {
  (void)state;
  nev = 0;
  fp.now = 2.0;  /* the loop's cached clock stays 0 until an iteration */
  chunky_install(3, &fp.p, false);
  rt_trace_emit(NULL, RT_EV_WARNING, 0, 0, 0, 0);
  rt_trace_emit(loop, RT_EV_LINE, 1, 0, 0, 0);
  chunky_remove();
  chunky_install(3, &fp.p, true);
  rt_trace_emit(NULL, RT_EV_WARNING, 0, 0, 0, 0);
  rt_trace_emit(loop, RT_EV_LINE, 1, 0, 0, 0);
  chunky_remove();
  chunky_install(3, NULL, false);
  rt_trace_emit(NULL, RT_EV_WARNING, 0, 0, 0, 0);
  chunky_remove();
  assert_int_equal(nev, 5);
  static const double want[5] = {2.0, 0.0, 2.0, 2.0, 0.0};
  for (int i = 0; i < 5; i++) {
    assert_true(evs[i].vtime == want[i]);
    assert_int_equal(evs[i].wall_ns, (uint64_t)(want[i] * 1e9));
  }
}

/* ------------------------------------------------------------ threads */

static atomic_long ts_live;
static void *atomic_counting_alloc(void *ud, void *ptr, size_t n) {
  (void)ud;
  if (n == 0) {
    if (ptr) atomic_fetch_sub(&ts_live, 1);
    free(ptr);
    return NULL;
  }
  void *p = realloc(ptr, n);
  if (p && !ptr) atomic_fetch_add(&ts_live, 1);
  return p;
}

typedef struct interner {
  int base;
  int64_t ids[500];
  uint32_t thread;
} interner;

static void intern_main(void *arg) {
  interner *it = arg;
  char buf[32];
  for (int i = 0; i < 500; i++) {
    snprintf(buf, sizeof buf, "k%d", (i + it->base) % 500);
    it->ids[(i + it->base) % 500] = rt_intern(buf);
  }
  it->thread = rt_thread_id();
}

static void intern_and_thread_ids_are_thread_safe(void **state) {
  (void)state;
  rt_intern_clear();
  atomic_store(&ts_live, 0);
  rt_set_allocator(atomic_counting_alloc, NULL);
  rt_platform *p = rt_platform_real();
  interner its[4];
  rt_thread *th[4];
  for (int i = 0; i < 4; i++) {
    its[i].base = i * 125;
    assert_int_equal(p->thread_start(p, "interner", intern_main, &its[i], &th[i]), RT_OK);
  }
  for (int i = 0; i < 4; i++) assert_int_equal(p->thread_join(th[i]), RT_OK);
  for (int k = 0; k < 500; k++)
    for (int i = 1; i < 4; i++) assert_int_equal(its[i].ids[k], its[0].ids[k]);
  for (int i = 0; i < 4; i++) {
    assert_int_not_equal(its[i].thread, rt_thread_id());
    for (int j = 0; j < i; j++) assert_int_not_equal(its[i].thread, its[j].thread);
  }
  rt_intern_clear();
  assert_int_equal(atomic_load(&ts_live), 0);
  alloc_count_install();
}

/* Writers on several threads at once: the runtime serialises them, so
 * the tracer's records are in seq order without gaps, none lost, and each
 * thread's own events in the order it emitted them. Run under TSan too. */
#define MT_THREADS 4
#define MT_EVENTS 3000
typedef struct mt_arg {
  int index;
} mt_arg;

static void mt_main(void *arg) {
  mt_arg *a = arg;
  for (int i = 0; i < MT_EVENTS; i++) rt_trace_emit(NULL, RT_EV_LINE, a->index, i, 0, 0);
}

static void tracer_serialises_writers_on_several_threads(void **state) {
  (void)state;
  nev = 0;
  chunky_install(5, NULL, false);
  rt_platform *p = rt_platform_real();
  mt_arg args[MT_THREADS];
  rt_thread *th[MT_THREADS];
  for (int i = 0; i < MT_THREADS; i++) {
    args[i].index = i;
    assert_int_equal(p->thread_start(p, "writer", mt_main, &args[i], &th[i]), RT_OK);
  }
  for (int i = 0; i < MT_EVENTS; i++) rt_trace_emit(NULL, RT_EV_LINE, MT_THREADS, i, 0, 0);
  for (int i = 0; i < MT_THREADS; i++) assert_int_equal(p->thread_join(th[i]), RT_OK);
  chunky_remove();
  int next[MT_THREADS + 1] = {0};
  uint32_t tid[MT_THREADS + 1] = {0};
  for (size_t i = 0; i < nev; i++) {
    if (i) assert_int_equal(evs[i].seq, evs[i - 1].seq + 1);
    if (evs[i].kind != RT_EV_LINE) continue;  /* thread.start / thread.end */
    int w = (int)evs[i].a[0];
    assert_in_range(w, 0, MT_THREADS);
    assert_int_equal(evs[i].a[1], next[w]++);
    if (!tid[w]) tid[w] = evs[i].thread;
    assert_int_equal(evs[i].thread, tid[w]);
  }
  for (int w = 0; w <= MT_THREADS; w++) assert_int_equal(next[w], MT_EVENTS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
      T(trace_of_a_sleep_reads_as_asyncio_runs_it), /* first: ids are global */
      T(events_have_gapless_increasing_sequence_numbers),
      T(every_core_event_kind_is_emitted),
      T(suspended_event_names_what_the_task_waits_on),
      T(events_carry_the_iteration_clock),
      T(traced_loop_reads_the_clock_once_per_iteration),
      T(no_hook_means_no_events),
      T(emit_from_outside_reaches_the_hook),
      T(kind_names_are_dotted_unique_and_complete),
      T(format_has_stable_columns),
      T(format_decodes_arguments_per_kind),
      T(format_returns_the_full_length_when_truncated),
      T(queue_item_labels_carry_ints_inline_and_strings_interned),
      T(intern_gives_one_id_per_string),
      T(many_distinct_interned_strings_keep_their_ids),
      T(intern_fails_cleanly_when_memory_runs_out),
      T(tracer_records_match_the_hook_event_for_event_at_any_chunk_size),
      T(tracer_is_refilled_only_when_its_chunk_is_full),
      T(removed_tracer_gets_no_more_events_and_takes_no_seq),
      T(tracer_clock_stamps_loopless_events_or_all),
      /* last: once a thread has started, the process is never again
       * single-threaded (writers lock from then on) */
      T(tracer_serialises_writers_on_several_threads),
#undef T
      cmocka_unit_test(intern_and_thread_ids_are_thread_safe),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
