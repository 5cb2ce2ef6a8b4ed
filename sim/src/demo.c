/* demo.c: the built-in demo scenario: three sleeping tasks under a main task,
 * traced on the virtual clock. */
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
  fprintf(d->out, "%6.3f  main: creating three tasks\n",
          rt_loop_time(d->loop));
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

static void trace_line_cb(void *ud, const rt_event *ev) {
  char line[512];
  rt_trace_format(ev, line, sizeof line);
  fprintf((FILE *)ud, "%s\n", line);
}

int sim_demo_run(FILE *out, FILE *trace) {
  rt_platform *vp = NULL;
  rt_loop *loop = NULL;
  rt_task *main_task = NULL;
  demo d = {
    .kids = {{"hello", 1.0, out}, {"world", 2.0, out}, {"again", 1.0, out}},
    .out = out,
  };
  int rc = sim_vplatform_new(&vp);
  if (rc != RT_OK) return rc;
  if (trace) rt_trace_set_hook(trace_line_cb, trace);
  rc = rt_loop_new(vp, NULL, &loop);
  if (rc != RT_OK) goto fail;
  d.loop = loop;
  rt_task_opts opts = {.name = "main"};
  rc = rt_task_new(loop, main_body, &d, &opts, &main_task);
  if (rc != RT_OK) goto fail;
  rc = rt_loop_run_until_complete(loop, rt_task_future(main_task));
fail:
  if (main_task) rt_task_release(main_task);
  if (loop) rt_loop_free(loop);
  rt_trace_set_hook(NULL, NULL);
  sim_vplatform_free(vp);
  return rc;
}
