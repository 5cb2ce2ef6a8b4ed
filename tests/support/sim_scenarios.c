/* sim_scenarios.c: small C scenarios for the sim tests, standing in for
 * lessons: loops, tasks, timers, threads, and the events sim/lang emits. */
#include "sim_scenarios.h"

#include <stdio.h>
#include <string.h>

void sc_line(int line) { rt_trace_emit(rt_loop_running(), RT_EV_LINE, line, 0, 0, 0); }

void sc_enter(const char *name, int line, rt_frame_kind kind) {
  rt_trace_emit(rt_loop_running(), RT_EV_FRAME_ENTER, rt_intern(name), 0, line, kind);
}

void sc_leave(const char *name) {
  rt_trace_emit(rt_loop_running(), RT_EV_FRAME_LEAVE, rt_intern(name), 0, 0, 0);
}

void sc_print(const char *text) {
  rt_trace_emit(rt_loop_running(), RT_EV_OUTPUT, rt_intern(text), 1, 0, 0);
}

/* ------------------------------------------------------------ sleepers */

typedef struct kid {
  const char *word;
  double delay;
} kid;

static int sleeper_body(void *arg, void **out) {
  kid *k = arg;
  char buf[64];
  *out = NULL;
  sc_enter("say_after", 3, RT_FRAME_COROUTINE);
  sc_line(4);
  int rc = rt_sleep(k->delay, NULL, NULL);
  if (rc != RT_OK) return rc;
  sc_line(5);
  snprintf(buf, sizeof buf, "%s at %g\n", k->word, rt_loop_time(rt_loop_running()));
  sc_print(buf);
  sc_leave("say_after");
  return RT_OK;
}

static int sleepers_main_task(void *arg, void **out) {
  kid *kids = arg;
  rt_task *t[3] = {0};
  int rc = RT_OK;
  *out = NULL;
  sc_enter("main", 8, RT_FRAME_COROUTINE);
  sc_line(9);
  sc_print("started\n");
  for (int i = 0; i < 3 && rc == RT_OK; i++) {
    sc_line(10 + i);
    rc = rt_task_new(rt_loop_running(), sleeper_body, &kids[i], NULL, &t[i]);
  }
  for (int i = 0; i < 3 && rc == RT_OK; i++) {
    sc_line(13 + i);
    rc = rt_await(rt_task_future(t[i]), NULL);
  }
  sc_line(16);
  sc_print("finished");  /* no newline: an open console line */
  sc_leave("main");
  for (int i = 0; i < 3; i++)
    if (t[i]) rt_task_release(t[i]);
  return rc;
}

int sc_run_task(rt_platform *p, rt_coro_fn body, void *arg, const char *name) {
  rt_loop *loop;
  rt_task *t;
  int rc = rt_loop_new(p, NULL, &loop);
  if (rc != RT_OK) return rc;
  rt_task_opts o = {.name = name};
  rc = rt_task_new(loop, body, arg, &o, &t);
  if (rc == RT_OK) {
    rc = rt_loop_run_until_complete(loop, rt_task_future(t));
    rt_task_release(t);
  }
  rt_loop_free(loop);
  return rc;
}

int sc_sleepers(rt_platform *p, void *arg) {
  (void)arg;
  kid kids[3] = {{"hello", 1.0}, {"world", 2.0}, {"again", 1.0}};
  return sc_run_task(p, sleepers_main_task, kids, "main");
}

/* ------------------------------------------------------------- threads */

typedef struct thr {
  rt_platform *p;
  rt_loop *loop;
  rt_future *fut;
  double woke_at;
} thr;

static void set_result_cb(rt_loop *loop, void *arg) {
  (void)loop;
  thr *x = arg;
  sc_line(30);
  rt_future_set_result(x->fut, NULL);
}

static void thread_body(void *arg) {
  thr *x = arg;
  sc_line(21);
  x->p->sleep(x->p, 1.0);  /* blocks this thread only */
  x->woke_at = x->p->now(x->p);
  sc_line(22);
  sc_print("thread awake\n");
  rt_call_soon_threadsafe(x->loop, set_result_cb, x, NULL);
}

static int threads_task(void *arg, void **out) {
  thr *x = arg;
  *out = NULL;
  sc_enter("waiter", 25, RT_FRAME_COROUTINE);
  sc_line(26);
  int rc = rt_sleep(0.5, NULL, NULL);
  if (rc != RT_OK) return rc;
  sc_print("timer fired\n");
  sc_line(27);
  rc = rt_await(x->fut, NULL);
  sc_line(28);
  sc_leave("waiter");
  return rc;
}

int sc_threads(rt_platform *p, void *arg) {
  (void)arg;
  thr x = {.p = p};
  rt_thread *th = NULL;
  rt_task *t = NULL;
  int rc = rt_loop_new(p, NULL, &x.loop);
  if (rc != RT_OK) return rc;
  if ((rc = rt_future_new(x.loop, &x.fut)) != RT_OK) goto done;
  if ((rc = p->thread_start(p, "worker", thread_body, &x, &th)) != RT_OK) goto done;
  if ((rc = rt_task_new(x.loop, threads_task, &x, NULL, &t)) != RT_OK) goto done;
  rc = rt_loop_run_until_complete(x.loop, rt_task_future(t));
done:
  if (th) {
    int jrc = p->thread_join(th);
    if (rc == RT_OK) rc = jrc;
  }
  if (rc == RT_OK && x.woke_at != 1.0) rc = RT_EINVAL;
  if (t) rt_task_release(t);
  if (x.fut) rt_future_release(x.fut);
  rt_loop_free(x.loop);
  return rc;
}

/* -------------------------------------------------------------- cancel */

typedef struct cx {
  rt_task *victim;
  int ran;
} cx;

static int victim_body(void *arg, void **out) {
  (void)arg;
  *out = NULL;
  sc_line(41);
  int rc = rt_sleep(10.0, NULL, out);
  sc_line(42);
  return rc;  /* RT_ECANCELLED: ends cancelled */
}

static int canceller_body(void *arg, void **out) {
  cx *c = arg;
  *out = NULL;
  for (int i = 0; i < 3; i++) {
    sc_line(45);
    int rc = rt_yield(NULL);
    if (rc != RT_OK) return rc;
  }
  int rc = rt_sleep(1.0, NULL, NULL);
  if (rc != RT_OK) return rc;
  sc_line(47);
  rt_task_cancel(c->victim, NULL);
  return RT_OK;
}

static void never_cb(rt_loop *loop, void *arg) {
  (void)loop;
  ((cx *)arg)->ran++;
}

static int cancel_main(void *arg, void **out) {
  cx *c = arg;
  rt_task *k = NULL;
  rt_handle *h1 = NULL, *h2 = NULL;
  rt_loop *loop = rt_loop_running();
  *out = NULL;
  int rc = rt_task_new(loop, victim_body, c, NULL, &c->victim);
  if (rc == RT_OK) rc = rt_task_new(loop, canceller_body, c, NULL, &k);
  if (rc == RT_OK) rc = rt_call_later(loop, 0.5, never_cb, c, NULL, &h1);
  if (rc == RT_OK) rc = rt_call_soon(loop, never_cb, c, NULL, &h2);
  if (h1) rt_handle_cancel(h1);
  if (h2) rt_handle_cancel(h2);
  if (rc == RT_OK) {
    int vrc = rt_await(rt_task_future(c->victim), NULL);
    if (vrc != RT_ECANCELLED) rc = RT_EINVAL;
  }
  if (rc == RT_OK) rc = rt_await(rt_task_future(k), NULL);
  rt_handle_release(h1);
  rt_handle_release(h2);
  if (k) rt_task_release(k);
  if (c->victim) rt_task_release(c->victim);
  if (rc == RT_OK && c->ran) rc = RT_EINVAL;
  return rc;
}

int sc_cancel(rt_platform *p, void *arg) {
  (void)arg;
  cx c = {0};
  return sc_run_task(p, cancel_main, &c, NULL);
}

/* ------------------------------------------------------------ deadlock */

static int stuck_inner(void *arg, void **out) {
  rt_future *f = arg;
  *out = NULL;
  sc_enter("consumer", 50, RT_FRAME_COROUTINE);
  sc_line(51);
  sc_enter("wait_for_item", 55, RT_FRAME_COROUTINE);
  sc_line(56);
  return rt_await(f, NULL);  /* nobody completes f */
}

static int stuck_main(void *arg, void **out) {
  rt_future *f = arg;
  rt_task *t;
  *out = NULL;
  sc_enter("main", 60, RT_FRAME_COROUTINE);
  sc_line(61);
  int rc = rt_task_new(rt_loop_running(), stuck_inner, f, NULL, &t);
  if (rc != RT_OK) return rc;
  sc_line(62);
  rc = rt_await(rt_task_future(t), NULL);
  rt_task_release(t);
  return rc;
}

int sc_deadlock(rt_platform *p, void *arg) {
  (void)arg;
  rt_loop *loop;
  rt_future *f;
  rt_task *t;
  int rc = rt_loop_new(p, NULL, &loop);
  if (rc != RT_OK) return rc;
  if ((rc = rt_future_new(loop, &f)) == RT_OK) {
    rt_task_opts o = {.name = "main"};
    if ((rc = rt_task_new(loop, stuck_main, f, &o, &t)) == RT_OK) {
      rc = rt_loop_run_until_complete(loop, rt_task_future(t));
      if (rc == RT_EDEADLOCK) {
        /* The run is over; unwind the tasks (their stacks hold references
         * a closing loop cannot release) by cancelling them out. */
        rt_task_cancel(t, NULL);
        (void)rt_loop_run_until_complete(loop, rt_task_future(t));
      }
      rt_task_release(t);
    }
    rt_future_release(f);
  }
  rt_loop_free(loop);
  return rc;
}

/* ------------------------------------------------------ mutex deadlock */

static void grab_b_then_a(void *arg) {
  sc_mutexes *m = arg;
  sc_line(71);
  m->p->mutex_lock(m->b);
  sc_line(72);
  m->p->mutex_lock(m->a);  /* main holds a: blocks for ever */
  m->p->mutex_unlock(m->a);
  m->p->mutex_unlock(m->b);
}

int sc_mutex_deadlock(rt_platform *p, void *arg) {
  sc_mutexes *m = arg;
  rt_thread *th;
  m->p = p;
  sc_line(80);
  p->mutex_lock(m->a);
  int rc = p->thread_start(p, "grabber", grab_b_then_a, m, &th);
  if (rc != RT_OK) return rc;
  p->sleep(p, 0.0);  /* a bare yield: the grabber takes b */
  sc_line(81);
  p->mutex_lock(m->b);  /* never returns */
  return RT_EINVAL;
}

/* ---------------------------------------------------------------- all */

const scenario sc_all[] = {
    {"sleepers", sc_sleepers},
    {"threads", sc_threads},
    {"cancel", sc_cancel},
};
const size_t sc_count = sizeof sc_all / sizeof *sc_all;
