/* demo.c: the built-in demo scenario: three sleeping tasks under a main task
 * and a second thread blocked in time.sleep meanwhile, run on the virtual
 * platform and traced. */
#include <stdio.h>

#include "sim.h"

typedef struct child {
  const char *what;
  double delay;
  FILE *out;
} child;

typedef struct demo {
  child kids[3];
  FILE *out;
  rt_loop *loop;
  rt_platform *p;
} demo;

/* A child task: print, sleep, print. What say_after() does in the lessons. */
static int child_body(void *arg, void **out) {
  child *c = arg;
  rt_loop *loop = rt_loop_running();
  fprintf(c->out, "%6.3f  %s: start, sleeping %.1f s\n", rt_loop_time(loop),
          rt_task_name(rt_task_current()), c->delay);
  int rc = rt_sleep(c->delay, NULL, NULL);
  if (rc != RT_OK) return rc;
  fprintf(c->out, "%6.3f  %s: %s\n", rt_loop_time(loop),
          rt_task_name(rt_task_current()), c->what);
  *out = NULL;
  return RT_OK;
}

/* The main task: start three children, then await each in order. */
static int main_body(void *arg, void **out) {
  demo *d = arg;
  rt_task *kids[3] = {0};
  int rc = RT_OK;
  fprintf(d->out, "%6.3f  main: creating three tasks\n", rt_loop_time(d->loop));
  for (int i = 0; i < 3 && rc == RT_OK; i++)
    rc = rt_task_new(d->loop, child_body, &d->kids[i], NULL, &kids[i]);
  for (int i = 0; i < 3 && rc == RT_OK; i++) {
    void *res = NULL;
    rc = rt_await(rt_task_future(kids[i]), &res);
  }
  if (rc == RT_OK)
    fprintf(d->out, "%6.3f  main: all done\n", rt_loop_time(d->loop));
  for (int i = 0; i < 3; i++)
    if (kids[i]) rt_task_release(kids[i]);
  *out = NULL;
  return rc;
}

/* A second thread: time.sleep blocks it (and only it) for 1.5 s. */
static void sleeper(void *arg) {
  demo *d = arg;
  fprintf(d->out, "%6.3f  sleeper thread: time.sleep(1.5)\n", d->p->now(d->p));
  d->p->sleep(d->p, 1.5);
  fprintf(d->out, "%6.3f  sleeper thread: awake\n", d->p->now(d->p));
}

/* The run's main thread: a loop running the main task, the sleeper
 * thread started first and joined last. */
static int demo_main(rt_platform *p, void *arg) {
  demo *d = arg;
  rt_task *main_task = NULL;
  rt_thread *th = NULL;
  d->p = p;
  int rc = rt_loop_new(p, NULL, &d->loop);
  if (rc != RT_OK) return rc;
  rc = p->thread_start(p, "sleeper", sleeper, d, &th);
  if (rc != RT_OK) goto done;
  rt_task_opts opts = {.name = "main"};
  rc = rt_task_new(d->loop, main_body, d, &opts, &main_task);
  if (rc == RT_OK) rc = rt_loop_run_until_complete(d->loop, rt_task_future(main_task));
  if (th) {
    int jrc = p->thread_join(th);
    if (rc == RT_OK) rc = jrc;
  }
done:
  if (main_task) rt_task_release(main_task);
  rt_loop_free(d->loop);
  return rc;
}

int sim_demo_run(FILE *out, FILE *trace) {
  demo d = {
    .kids = {{"hello", 1.0, out}, {"world", 2.0, out}, {"again", 1.0, out}},
    .out = out,
  };
  sim_timeline *tl;
  int rc = sim_timeline_new(NULL, &tl);
  if (rc != RT_OK) return rc;
  sim_run_opts opts = {.timeline = tl};
  int status = RT_OK;
  rc = sim_run(&opts, demo_main, &d, &status);
  if (rc == RT_OK) rc = status;
  if (rc == RT_OK) rc = sim_timeline_error(tl);
  if (trace && sim_timeline_count(tl)) {
    int wrc = sim_trace_text_write(tl, trace);
    if (rc == RT_OK) rc = wrc;
  }
  sim_timeline_free(tl);
  return rc;
}
