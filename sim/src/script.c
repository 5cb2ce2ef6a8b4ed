/* script.c: run a Python script on the interpreter inside a sim run. */
#include "sim_script.h"

#include <string.h>

#include "lang.h"

typedef struct script_run {
  const char *path;
  const sim_script_opts *opts;
} script_run;

/* The script's stdout and stderr, interleaved as a terminal shows them. */
static void echo_output(void *ud, int stream, const char *s, size_t n) {
  (void)ud;
  if (stream == 2) fflush(stdout);
  fwrite(s, 1, n, stream == 2 ? stderr : stdout);
  if (stream == 2) fflush(stderr);
}

static int script_main(rt_platform *p, void *arg) {
  script_run *r = arg;
  lang_opts lo = {
    .output = r->opts->echo ? echo_output : NULL,
    .max_steps = r->opts->max_steps,
    .mem_limit = r->opts->mem_limit,
    .platform = p,
  };
  lang_interp *ip = lang_interp_new(&lo);
  if (!ip) {
    fprintf(stderr, "coroscope: cannot create the interpreter (out of memory)\n");
    return -1;
  }
  int rc = lang_run_file(ip, r->path);
  int status = rc == LANG_RUN_NOMEM ? -1 : lang_exit_status(ip);
  fflush(stdout);
  lang_interp_free(ip);
  return status;
}

int sim_script_run(const char *path, const sim_script_opts *opts) {
  sim_timeline *own = NULL, *tl = opts->timeline;
  if (!tl && opts->report) {
    if (sim_timeline_new(NULL, &own) != RT_OK) return -1;
    tl = own;
  }
  script_run r = {path, opts};
  /* Python threads recurse in C like the main thread: give them its stack */
  sim_run_opts ro = {.real_time = opts->real_time, .timeline = tl,
                     .vplatform = {.thread_stack = (size_t)8 << 20}};
  int status = 0;
  int rc = sim_run(&ro, script_main, &r, &status);
  if (rc == RT_EDEADLOCK) {
    fflush(stdout);
    if (opts->report && tl) sim_deadlock_report(tl, opts->report);
    status = 3;
  } else if (rc != RT_OK) {
    fprintf(stderr, "coroscope: the run failed: %s\n", rt_strerror(rc));
    status = -1;
  }
  sim_timeline_free(own);
  return status;
}
