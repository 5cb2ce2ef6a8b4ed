/* rt_test.h: helpers for the runtime's tests (loop, timers, futures,
 * tasks, combinators, sync, queues, threads): refcounted test values, a
 * log of "what@time/iteration" lines that compare with CPython's, a fresh
 * loop per test on the fake platform, callbacks and task bodies. */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc_fixture.h"
#include "fake_platform.h"
#include "rt.h"

/* A refcounted value allocated through rt_malloc, so leaks show. The
 * count is atomic: threaded tests release values on workers. */
typedef struct val {
  atomic_int refs;
  char name[96];
} val;

static inline val *val_new(const char *name) {
  val *v = rt_malloc(sizeof *v);
  assert_non_null(v);
  atomic_init(&v->refs, 1);
  size_t len = strlen(name);
  if (len >= sizeof v->name) len = sizeof v->name - 1;
  memcpy(v->name, name, len);
  v->name[len] = '\0';
  return v;
}
static inline void val_retain(void *ud, void *v) {
  (void)ud;
  atomic_fetch_add(&((val *)v)->refs, 1);
}
static inline void val_release(void *ud, void *v) {
  (void)ud;
  if (atomic_fetch_sub(&((val *)v)->refs, 1) == 1) rt_free(v);
}
__attribute__((unused)) static const rt_value_ops val_ops = {val_retain, val_release, NULL};
static inline const char *vname(void *v) { return v ? ((val *)v)->name : "(null)"; }
static inline void vdrop(void *v) {
  if (v) val_release(NULL, v);
}

/* ------------------------------------------------------------ the log */

__attribute__((unused)) static char logbuf[1 << 14];
__attribute__((unused)) static double log_t0;
__attribute__((unused)) static uint64_t log_it0;

__attribute__((format(printf, 1, 2))) static inline void logs(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (logbuf[0]) strcat(logbuf, " ");
  strcat(logbuf, buf);
}

/* Start counting time and iterations from now (inside the main task, as
 * the CPython scripts that give the expected logs do). */
static inline void log_mark(rt_loop *loop) {
  logbuf[0] = '\0';
  log_t0 = rt_loop_time(loop);
  log_it0 = rt_loop_iteration(loop);
}

/* "what@t/i": seconds and loop iterations since log_mark. */
__attribute__((format(printf, 2, 3))) static inline void L(rt_loop *loop, const char *fmt, ...) {
  char buf[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  logs("%s@%g/%u", buf, rt_loop_time(loop) - log_t0,
       (unsigned)(rt_loop_iteration(loop) - log_it0));
}

/* ------------------------------------------------------------ fixture */

__attribute__((unused)) static fake_platform fp;
__attribute__((unused)) static rt_loop *loop;

/* A fresh loop on the fake platform, its values owned through ops. */
static inline int loop_open(const rt_value_ops *ops) {
  alloc_count_install();
  logbuf[0] = '\0';
  fake_platform_init(&fp);
  assert_int_equal(rt_loop_new(&fp.p, ops, &loop), RT_OK);
  return 0;
}

/* Setups: a loop whose values are vals, or one that owns no values (the
 * tests of the loop and timers alone). */
static inline int loop_setup(void **state) {
  (void)state;
  return loop_open(&val_ops);
}
static inline int loop_setup_unowned(void **state) {
  (void)state;
  return loop_open(NULL);
}

static inline int loop_teardown(void **state) {
  rt_loop_free(loop);
  loop = NULL;
  return rt_teardown(state);
}

static inline rt_task *spawn(rt_coro_fn fn, void *arg) {
  rt_task *t;
  assert_int_equal(rt_task_new(loop, fn, arg, NULL, &t), RT_OK);
  return t;
}

/* Run body as the main task until it is done; its outcome is dropped. */
static inline void run_main(rt_coro_fn body, void *arg) {
  rt_task *t = spawn(body, arg);
  assert_int_equal(rt_loop_run_until_complete(loop, rt_task_future(t)), RT_OK);
  assert_true(rt_future_done(rt_task_future(t)));
  rt_task_release(t);
}

/* ------------------------------------------------- callbacks to reuse */

/* A loop callback that logs its arg (a string). */
static inline void log_cb(rt_loop *l, void *arg) {
  (void)l;
  logs("%s", (const char *)arg);
}

/* A free callback that counts its calls in frees (reset it per test). */
__attribute__((unused)) static int frees;
static inline void count_free_cb(void *arg) {
  (void)arg;
  frees++;
}

/* ------------------------------------------------------ child bodies */

/* A child: sleep delay, log "<name>-end", return val(name) or raise it
 * (fail); with catch_cancel it logs "<name>-cancelled" and re-raises. */
typedef struct child_spec {
  const char *name;
  double delay;
  int fail;
  int catch_cancel;
} child_spec;

static inline int child_body(void *arg, void **out) {
  child_spec *c = arg;
  void *msg = NULL;
  int rc = rt_sleep(c->delay, NULL, &msg);
  if (rc == RT_ECANCELLED) {
    if (c->catch_cancel) L(loop, "%s-cancelled", c->name);
    *out = msg;
    return RT_ECANCELLED;
  }
  assert_int_equal(rc, RT_OK);
  L(loop, "%s-end", c->name);
  *out = val_new(c->name);
  return c->fail ? RT_ERAISED : RT_OK;
}

static inline rt_task *spawn_child(child_spec *c) { return spawn(child_body, c); }

#endif /* RT_TEST_H */
