/* sim_script.h: run a Python script (a lesson) on the interpreter, in a sim
 * run on the virtual clock, recording its timeline. */
#ifndef SIM_SCRIPT_H
#define SIM_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

typedef struct sim_script_opts {
  bool real_time;          /* real clock and real threads */
  bool echo;               /* write the script's output to stdout/stderr
                              while it runs, as CPython would */
  uint64_t max_steps;      /* 0: the interpreter's default budget */
  size_t mem_limit;        /* 0: the object layer's default cap */
  sim_timeline *timeline;  /* records the run; NULL: a private one is used
                              only for the deadlock report */
  FILE *report;            /* where a deadlock report goes; NULL: none */
} sim_script_opts;

/* Run the file at path as __main__. Returns the exit status the command
 * line gives: 0 a normal end, 1 an uncaught Python error or a syntax error
 * (the traceback went to the script's stderr), 3 a deadlock (the report was
 * written to opts->report), or sys.exit's code. -1 if the run could not be
 * made at all (out of memory; a reason is on the script's stderr). */
int sim_script_run(const char *path, const sim_script_opts *opts);

#endif /* SIM_SCRIPT_H */
