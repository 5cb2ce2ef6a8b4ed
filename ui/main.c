/* main.c: coroscope's command-line entry point. */
#include <stdio.h>
#include <string.h>

#include "sim.h"

#define COROSCOPE_VERSION "0.1.0"

static void usage(FILE *f) {
  fprintf(f,
          "usage: coroscope [--help] [--version]\n"
          "\n"
          "With no arguments, coroscope runs its built-in demo headless: three\n"
          "tasks sleeping on the virtual clock and a thread in time.sleep, their\n"
          "output on stdout and the scheduling trace on stderr (its columns: the\n"
          "README's \"Trace format\"). The teaching window and the lesson\n"
          "commands (run, trace, lessons, render) are not built yet.\n");
}

int main(int argc, char **argv) {
  if (argc > 1) {
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
      usage(stdout);
      return 0;
    }
    if (!strcmp(argv[1], "--version")) {
      printf("coroscope " COROSCOPE_VERSION "\n");
      return 0;
    }
    fprintf(stderr, "coroscope: unknown argument '%s' (try --help)\n", argv[1]);
    return 2;
  }
  fprintf(stderr, "coroscope: no window yet; running the built-in demo "
                  "headless (output on stdout, trace on stderr)\n");
  int rc = sim_demo_run(stdout, stderr);
  if (rc != RT_OK) {
    fprintf(stderr, "coroscope: demo failed: %s\n", rt_strerror(rc));
    return 1;
  }
  return 0;
}
