/* bench_script: run a Python script the way `coroscope run` does, for the
 * asyncio benchmark (asyncio_bench.sh).
 *
 *   bench_script FILE              traced, as `coroscope run FILE`: a fresh
 *                                  timeline records every event; then
 *                                  "events N bytes B" on stderr
 *   bench_script --untraced FILE   no timeline at all (no tracer; no
 *                                  deadlock report either, which needs one)
 *
 * The script's output goes to stdout/stderr as with `coroscope run`; the
 * exit status is the script's. */
#include <stdio.h>
#include <string.h>

#include "sim.h"
#include "sim_script.h"

int main(int argc, char **argv) {
  int traced = 1;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--untraced")) traced = 0;
    else path = argv[i];
  }
  if (!path) {
    fprintf(stderr, "usage: bench_script [--untraced] FILE\n");
    return 2;
  }
  sim_timeline *tl = NULL;
  if (traced && sim_timeline_new(NULL, &tl) != RT_OK) {
    fprintf(stderr, "bench_script: out of memory\n");
    return 2;
  }
  sim_script_opts so = {.echo = true, .timeline = tl, .report = tl ? stderr : NULL};
  int status = sim_script_run(path, &so);
  if (tl) {
    fflush(stdout);
    fprintf(stderr, "events %llu bytes %zu\n",
            (unsigned long long)sim_timeline_count(tl), sim_timeline_memory(tl));
  }
  sim_timeline_free(tl);
  return status < 0 ? 2 : status;
}
