/* lang.h: the public API of the lesson language: create an interpreter, run a script.
 *
 * One interpreter runs at a time per process (the object layer is global;
 * lang_interp_new calls py_init, lang_interp_free calls py_shutdown). The
 * library never prints: every byte the script writes to stdout or stderr,
 * and the traceback or SyntaxError text of a failed run, goes to the output
 * callback.
 *
 * Trace events (when the runtime has a tracer hook set; the interpreter
 * checks the hook flag once per run, so an untraced run pays one branch):
 *   RT_EV_LINE         a0 = line, a1 = interned file name (rt_intern)
 *   RT_EV_FRAME_ENTER  a0 = interned function qualname, a1 = interned file
 *                      name, a2 = first line, a3 = RT_FRAME_COROUTINE
 *                      (emitted for coroutine frames)
 *   RT_EV_FRAME_LEAVE  a0 = interned function qualname, a1 = 0 returned,
 *                      1 raised
 *   RT_EV_OUTPUT       a0 = interned text, a1 = stream (1 stdout, 2 stderr)
 */
#ifndef SIM_LANG_LANG_H
#define SIM_LANG_LANG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lang_interp lang_interp;

/* Receives output: stream 1 (stdout) or 2 (stderr), n bytes of UTF-8. */
typedef void (*lang_output_cb)(void *ud, int stream, const char *s, size_t n);

typedef struct lang_opts {
  lang_output_cb output;    /* NULL: output is dropped */
  void *ud;
  uint64_t max_steps;       /* statements executed; 0: LANG_DEFAULT_MAX_STEPS */
  size_t mem_limit;         /* bytes for objects; 0: the object layer's default */
  int recursion_limit;      /* 0: 1000, as CPython */
  struct rt_platform *platform; /* the clock of time.time/monotonic/perf_counter
                                   and time.sleep; NULL: rt_platform_real() */
} lang_opts;

#define LANG_DEFAULT_MAX_STEPS ((uint64_t)2000000000)

/* Results of lang_run. */
enum {
  LANG_RUN_OK = 0,          /* the script ended normally */
  LANG_RUN_SYNTAX = 1,      /* a SyntaxError (printed to stream 2) */
  LANG_RUN_ERROR = 2,       /* an uncaught exception (traceback on stream 2) */
  LANG_RUN_EXIT = 3,        /* sys.exit(): see lang_exit_status */
  LANG_RUN_NOMEM = -2,      /* the allocation hook failed outside Python */
};

/* A new interpreter with opts (copied; NULL: defaults). Returns NULL when
 * memory runs out or another interpreter exists. Free with
 * lang_interp_free. */
lang_interp *lang_interp_new(const lang_opts *opts);
/* Free it and everything it made; the object layer is shut down. */
void lang_interp_free(lang_interp *ip);

/* Run src[0..len) as the __main__ module of file name filename. Returns a
 * LANG_RUN_* code.
 *
 * Stack: the evaluator recurses in C, about 1-2 KB per Python call (more
 * in sanitizer builds), and the parser up to 6000 rule levels; run it on a
 * stack of 8 MB (a thread's main stack, or an rt_task / rt_coro created
 * with stack_size 8 MB: stacks are committed lazily). Tasks and started
 * generators get small stacks (deep_int.h: LANG_STACK_BYTES) and the
 * evaluator continues deep recursion on segments (rt_stack_call); a
 * Task's coroutine, and every fresh coroutine it awaits, runs on the
 * task's own stack (eval_int.h: lang_host).
 *
 * After a step-budget overrun the script ends with "RuntimeError: step
 * budget exhausted (N statements, --max-steps)", which no except clause
 * catches. Statements and comprehension items count as steps. */
int lang_run(lang_interp *ip, const char *filename, const char *src, size_t len);
/* Read the file and run it, named by its absolute path as CPython names
 * its main script (LANG_RUN_ERROR, exit status 2 and a message on stream 2
 * if it cannot be read). */
int lang_run_file(lang_interp *ip, const char *path);

/* The process exit status CPython would give after the last lang_run:
 * 0 ok, 1 error, or sys.exit's code. */
int lang_exit_status(const lang_interp *ip);

/* Steps (statements and comprehension items) of the last lang_run. */
uint64_t lang_steps(const lang_interp *ip);

#ifdef __cplusplus
}
#endif
#endif /* SIM_LANG_LANG_H */
