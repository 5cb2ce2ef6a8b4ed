/* main.c: coroscope's command-line entry point: parse, dispatch, exit. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim.h"
#include "sim_lessons.h"
#include "sim_script.h"
#ifdef COROSCOPE_HAVE_UI
#include "ui.h"
#endif

#define COROSCOPE_VERSION "0.1.0"

/* Exit statuses, as DESIGN.md's command line fixes them. */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2, EXIT_DEADLOCK = 3 };

typedef enum trace_fmt { TRACE_NONE, TRACE_TEXT, TRACE_JSON } trace_fmt;

typedef struct cli {
  const char *cmd;          /* NULL: the window */
  const char *target;       /* FILE or LESSON */
  trace_fmt trace;
  const char *out;          /* -o */
  int real_time;
  uint64_t max_steps;
  int lang;                 /* narration: 0 English, 1 Chinese */
  const char *step;         /* render: --step K */
  const char *steps;        /* render: --steps A..B */
  int width, height;        /* render: --size WxH */
} cli;

static void usage(FILE *f) {
  fprintf(f,
    "usage: coroscope [LESSON_OR_FILE]\n"
    "       coroscope run [--trace text|json] [-o FILE] [--real-time] FILE\n"
    "       coroscope trace [--json] [-o FILE] LESSON\n"
    "       coroscope lessons\n"
    "       coroscope render LESSON (--step K -o FILE.png | --steps A..B -o DIR)\n"
    "                        [--size WxH] [--lang zh]\n"
    "       coroscope --help | --version\n"
    "\n"
    "  run FILE        run a Python script headless on the virtual clock and\n"
    "                  print what it prints, as CPython would\n"
    "  trace LESSON    run a lesson (by id, file name or path) and write its\n"
    "                  scheduling trace (text by default; see the README's\n"
    "                  \"Trace format\")\n"
    "  lessons         list the lessons by chapter\n"
    "  render LESSON   draw the window's frame at step K (or steps A..B)\n"
    "                  to PNG, offscreen (no display needed); LESSON may also\n"
    "                  be a Python file or a window scene (locks, threads,\n"
    "                  stress)\n"
    "\n"
    "options:\n"
    "  --trace text|json  also write the trace: text (one event a line) or\n"
    "                     Chrome Trace Event JSON (ui.perfetto.dev opens it)\n"
    "  -o, --output FILE  where the trace goes (default: stderr)\n"
    "  --real-time        the real clock and real threads, not virtual ones\n"
    "  --max-steps N      stop a script after N statements (a runaway loop)\n"
    "  --lang en|zh       the narration's language in the window (T toggles)\n"
    "  -h, --help         this help\n"
    "  --version          the version\n"
    "\n"
    "exit status: 0 a normal end, 1 an uncaught Python error, 2 bad usage,\n"
    "3 a deadlock (the report on stderr names every waiting task).\n"
    "With no command, coroscope opens the teaching window on the first\n"
    "lesson (or on LESSON_OR_FILE); where there is no display, it says so\n"
    "and prints that lesson's output and trace instead. In the window, F1\n"
    "lists the keys.\n");
}

static int bad_usage(const char *what) {
  fprintf(stderr, "coroscope: %s (try 'coroscope --help')\n", what);
  return EXIT_USAGE;
}

static int load_lessons(sim_lessons *ls) {
  char err[512];
  if (sim_lessons_load(sim_lessons_default_dir(), ls, err, sizeof err)) {
    fprintf(stderr, "coroscope: %s\n", err);
    return -1;
  }
  return 0;
}

static void list_lessons(FILE *f, const sim_lessons *ls) {
  for (size_t c = 0; c < ls->nchapters; c++) {
    const sim_chapter *ch = &ls->chapters[c];
    fprintf(f, "Chapter %d: %s / %s\n", ch->number, ch->title_en,
            ch->title_zh);
    for (size_t i = 0; i < ls->nlessons; i++) {
      const sim_lesson *l = &ls->lessons[i];
      if (l->chapter == ch->number)
        fprintf(f, "  %-4s %s / %s\n", l->id, l->title_en, l->title_zh);
    }
  }
}

static int cmd_lessons(void) {
  sim_lessons ls;
  if (load_lessons(&ls)) return EXIT_ERROR;
  list_lessons(stdout, &ls);
  sim_lessons_free(&ls);
  return EXIT_OK;
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A lesson by id, file name or path; else, if allow_file, any file. The
 * resolved path goes to buf. An unknown name is answered with the list. */
static int resolve(const char *name, int allow_file, char *buf, size_t n) {
  sim_lessons ls;
  if (load_lessons(&ls)) return EXIT_ERROR;
  const sim_lesson *l = sim_lessons_find(&ls, name);
  int rc = EXIT_OK;
  if (l && (!is_file(name) || !strchr(name, '/'))) {
    snprintf(buf, n, "%s", l->path);
  } else if (allow_file && is_file(name)) {
    snprintf(buf, n, "%s", name);
  } else {
    fprintf(stderr, "coroscope: no lesson '%s'. The lessons are:\n", name);
    list_lessons(stderr, &ls);
    rc = EXIT_USAGE;
  }
  sim_lessons_free(&ls);
  return rc;
}

static int write_trace(sim_timeline *tl, trace_fmt fmt, const char *out) {
  FILE *f = stderr;
  if (out && strcmp(out, "-")) {
    f = fopen(out, "w");
    if (!f) {
      fprintf(stderr, "coroscope: cannot write %s\n", out);
      return -1;
    }
  } else if (out) {
    f = stdout;
  }
  int rc = fmt == TRACE_JSON ? sim_trace_json_write(tl, f)
                             : sim_trace_text_write(tl, f);
  if (f != stderr && f != stdout) fclose(f);
  else fflush(f);
  if (rc != RT_OK) {
    fprintf(stderr, "coroscope: writing the trace failed: %s\n",
            rt_strerror(rc));
    return -1;
  }
  return 0;
}

/* Run path headless; write the trace if asked. Returns the exit status. */
static int run_script(const char *path, const cli *c) {
  sim_timeline *tl = NULL;
  if (sim_timeline_new(NULL, &tl) != RT_OK) {
    fprintf(stderr, "coroscope: out of memory\n");
    return EXIT_ERROR;
  }
  sim_script_opts so = {
    .real_time = c->real_time != 0,
    .echo = true,
    .max_steps = c->max_steps,
    .timeline = tl,
    .report = stderr,
  };
  int status = sim_script_run(path, &so);
  if (status < 0) status = EXIT_ERROR;
  if (c->trace != TRACE_NONE && write_trace(tl, c->trace, c->out))
    status = status ? status : EXIT_ERROR;
  sim_timeline_free(tl);
  return status;
}

static int cmd_run(const cli *c) {
  if (!c->target) return bad_usage("run needs a FILE");
  if (!is_file(c->target)) {
    fprintf(stderr, "coroscope: cannot open '%s': no such file\n", c->target);
    return EXIT_USAGE;
  }
  return run_script(c->target, c);
}

static int cmd_trace(cli *c) {
  if (!c->target) return bad_usage("trace needs a LESSON");
  char path[4096];
  int rc = resolve(c->target, 1, path, sizeof path);
  if (rc) return rc;
  if (c->trace == TRACE_NONE) c->trace = TRACE_TEXT;
  return run_script(path, c);
}

/* No command: the window on a lesson. Without a display (or a window), say
 * so and print the lesson's output and trace. */
#ifdef COROSCOPE_HAVE_UI
static int has_display(void) {
  const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

/* Whether name is one of the window's built-in scenes (ui/scenes/). */
static bool is_scene(const char *name) {
  for (const char *const *s = ui_scene_names(); *s; s++)
    if (!strcmp(*s, name)) return true;
  return false;
}
#endif

static int cmd_open(cli *c) {
  char path[4096];
#ifdef COROSCOPE_HAVE_UI
  if (c->target && is_scene(c->target) && has_display()) {
    ui_opts o = {.lesson = c->target, .lang = c->lang};
    int rc = ui_window_run(&o);
    return rc == 0 ? EXIT_OK : rc == 2 ? EXIT_USAGE : EXIT_ERROR;
  }
#endif
  if (c->target) {
    int rc = resolve(c->target, 1, path, sizeof path);
    if (rc) return rc;
  } else {
    sim_lessons ls;
    if (load_lessons(&ls)) return EXIT_ERROR;
    if (ls.nlessons == 0) {
      sim_lessons_free(&ls);
      fprintf(stderr, "coroscope: the lesson manifest lists no lesson\n");
      return EXIT_ERROR;
    }
    snprintf(path, sizeof path, "%s", ls.lessons[0].path);
    sim_lessons_free(&ls);
  }
#ifdef COROSCOPE_HAVE_UI
  if (has_display()) {
    ui_opts o = {.lesson = path, .lang = c->lang};
    int rc = ui_window_run(&o);
    if (rc != 1) return rc ? EXIT_USAGE : EXIT_OK;
    fprintf(stderr, "coroscope: the window could not be opened; ");
  } else {
    fprintf(stderr, "coroscope: no display (DISPLAY is not set); ");
  }
#else
  fprintf(stderr, "coroscope: built without the window; ");
#endif
  fprintf(stderr, "running %s headless (its output, then its trace)\n", path);
  if (c->trace == TRACE_NONE) c->trace = TRACE_TEXT;
  return run_script(path, c);
}

#ifdef COROSCOPE_HAVE_UI
static int parse_u64(const char *s, uint64_t *out) {
  char *end;
  if (!s || !*s || *s == '-') return -1;
  *out = strtoull(s, &end, 10);
  return *end ? -1 : 0;
}

static int cmd_render(cli *c) {
  if (!c->target) return bad_usage("render needs a LESSON");
  if (!c->out) return bad_usage("render needs -o FILE.png (or -o DIR with --steps)");
  if (!c->step == !c->steps) return bad_usage("render needs one of --step K or --steps A..B");
  char path[4096];
  int rc = 0;
  if (is_scene(c->target)) snprintf(path, sizeof path, "%s", c->target);
  else rc = resolve(c->target, 1, path, sizeof path);
  if (rc) return rc;
  ui_opts o = {.lesson = path, .lang = c->lang};
  int w = c->width ? c->width : 1440, h = c->height ? c->height : 900;
  if (c->step) {
    uint64_t k;
    if (parse_u64(c->step, &k)) return bad_usage("--step takes a step number");
    rc = ui_render_png(&o, k, w, h, c->out);
  } else {
    const char *dots = strstr(c->steps, "..");
    char first[32];
    uint64_t a, b;
    if (!dots || (size_t)(dots - c->steps) >= sizeof first)
      return bad_usage("--steps takes A..B");
    memcpy(first, c->steps, (size_t)(dots - c->steps));
    first[dots - c->steps] = '\0';
    if (parse_u64(first, &a) || parse_u64(dots + 2, &b) || b < a)
      return bad_usage("--steps takes A..B with A <= B");
    mkdir(c->out, 0777);
    rc = ui_render_pngs(&o, a, b, w, h, c->out);
  }
  return rc == 0 ? EXIT_OK : rc == 2 ? EXIT_USAGE : EXIT_ERROR;
}
#endif

int main(int argc, char **argv) {
  static const struct option longopts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"trace", required_argument, NULL, 't'},
    {"json", no_argument, NULL, 'j'},
    {"output", required_argument, NULL, 'o'},
    {"real-time", no_argument, NULL, 'R'},
    {"max-steps", required_argument, NULL, 'm'},
    {"lang", required_argument, NULL, 'L'},
    {"step", required_argument, NULL, 'k'},
    {"steps", required_argument, NULL, 'K'},
    {"size", required_argument, NULL, 'S'},
    {0, 0, 0, 0},
  };
  cli c = {0};
  int opt;
  opterr = 0;
  /* Options may stand before or after the command and its operand. */
  while ((opt = getopt_long(argc, argv, "+ho:", longopts, NULL)) != -1 ||
         optind < argc) {
    if (opt == -1) {
      const char *word = argv[optind++];
      if (!c.cmd && !c.target &&
          (!strcmp(word, "run") || !strcmp(word, "trace") ||
           !strcmp(word, "lessons") || !strcmp(word, "render")))
        c.cmd = word;
      else if (!c.target)
        c.target = word;
      else
        return bad_usage("too many arguments");
      continue;
    }
    switch (opt) {
    case 'h': usage(stdout); return EXIT_OK;
    case 'V': printf("coroscope " COROSCOPE_VERSION "\n"); return EXIT_OK;
    case 't':
      if (!strcmp(optarg, "text")) c.trace = TRACE_TEXT;
      else if (!strcmp(optarg, "json")) c.trace = TRACE_JSON;
      else return bad_usage("--trace takes text or json");
      break;
    case 'j': c.trace = TRACE_JSON; break;
    case 'o': c.out = optarg; break;
    case 'R': c.real_time = 1; break;
    case 'm': {
      char *end;
      c.max_steps = strtoull(optarg, &end, 10);
      if (*end || !c.max_steps) return bad_usage("--max-steps takes a positive number");
      break;
    }
    case 'L':
      if (!strcmp(optarg, "en")) c.lang = 0;
      else if (!strcmp(optarg, "zh")) c.lang = 1;
      else return bad_usage("--lang takes en or zh");
      break;
    case 'k': c.step = optarg; break;
    case 'K': c.steps = optarg; break;
    case 'S':
      if (sscanf(optarg, "%dx%d", &c.width, &c.height) != 2 || c.width < 320 ||
          c.height < 240 || c.width > 7680 || c.height > 4320)
        return bad_usage("--size takes WxH, from 320x240 to 7680x4320");
      break;
    default: {
      char what[160];
      snprintf(what, sizeof what, "unknown or incomplete option '%s'",
               argv[optind - 1]);
      return bad_usage(what);
    }
    }
  }
  if (!c.cmd) return cmd_open(&c);
  if (!strcmp(c.cmd, "run")) return cmd_run(&c);
  if (!strcmp(c.cmd, "trace")) return cmd_trace(&c);
  if (!strcmp(c.cmd, "render")) {
#ifdef COROSCOPE_HAVE_UI
    return cmd_render(&c);
#else
    fprintf(stderr, "coroscope: built without the window (COROSCOPE_UI=OFF)\n");
    return EXIT_USAGE;
#endif
  }
  if (c.target) return bad_usage("lessons takes no argument");
  return cmd_lessons();
}
