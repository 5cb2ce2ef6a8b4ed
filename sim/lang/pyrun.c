/* pyrun.c: coroscope-pyrun FILE: a developer runner that runs one script and exits as CPython would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

static void on_output(void *ud, int stream, const char *s, size_t n) {
  (void)ud;
  FILE *f = stream == 2 ? stderr : stdout;
  if (stream == 2) fflush(stdout);
  fwrite(s, 1, n, f);
  if (stream == 2) fflush(stderr);
}

int main(int argc, char **argv) {
  lang_opts o = {0};
  o.output = on_output;
  const char *file = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--max-steps") == 0 && i + 1 < argc) {
      o.max_steps = strtoull(argv[++i], NULL, 10);
    } else if (strcmp(argv[i], "--mem-limit") == 0 && i + 1 < argc) {
      o.mem_limit = (size_t)strtoull(argv[++i], NULL, 10);
    } else if (!file && argv[i][0] != '-') {
      file = argv[i];
    } else {
      fprintf(stderr, "usage: coroscope-pyrun [--max-steps N] [--mem-limit BYTES] FILE\n");
      return 2;
    }
  }
  if (!file) {
    fprintf(stderr, "usage: coroscope-pyrun [--max-steps N] [--mem-limit BYTES] FILE\n");
    return 2;
  }
  lang_interp *ip = lang_interp_new(&o);
  if (!ip) {
    fprintf(stderr, "coroscope-pyrun: cannot create the interpreter (out of memory)\n");
    return 1;
  }
  lang_run_file(ip, file);
  int status = lang_exit_status(ip);
  fflush(stdout);
  lang_interp_free(ip);
  return status;
}
