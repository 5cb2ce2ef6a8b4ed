/* doc.c: a document for the window: a recorded timeline with the lesson's
 * source and notes, and what is computed once at open (note triggers,
 * scrubber marks, warnings). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_script.h"
#include "ui_int.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t cap = 0, n = 0;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 8192;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
    }
    size_t k = fread(buf + n, 1, 4096, f);
    n += k;
    if (k < 4096) break;
  }
  fclose(f);
  buf[n] = 0;
  *len = n;
  return buf;
}

static int set_source(ui_doc *d, const char *src, size_t len) {
  d->src = malloc(len + 1);
  if (!d->src) return -1;
  memcpy(d->src, src, len);
  d->src[len] = 0;
  size_t n = 1;
  for (size_t i = 0; i < len; i++)
    if (d->src[i] == '\n') n++;
  d->lines = calloc(n, sizeof *d->lines);
  if (!d->lines) return -1;
  char *p = d->src;
  d->nlines = 0;
  while (*p || d->nlines == 0) {
    d->lines[d->nlines++] = p;
    char *nl = strchr(p, '\n');
    if (!nl) break;
    *nl = 0;
    p = nl + 1;
    if (!*p) break;
  }
  return 0;
}

static int push_trigger(ui_doc *d, size_t *cap, uint64_t step, uint32_t note) {
  if (d->ntriggers == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    ui_trigger *t = realloc(d->triggers, *cap * sizeof *t);
    if (!t) return -1;
    d->triggers = t;
  }
  d->triggers[d->ntriggers++] = (ui_trigger){step, note};
  return 0;
}

static int push_mark(ui_doc *d, size_t *cap, uint64_t step, uint8_t kind) {
  if (d->nmarks == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    ui_mark *m = realloc(d->marks, *cap * sizeof *m);
    if (!m) return -1;
    d->marks = m;
  }
  d->marks[d->nmarks++] = (ui_mark){step, kind};
  return 0;
}

/* group.new: a new group. wait_for's and as_completed's have ids of their
 * own; the future their task makes next stands for them. */
static int group_new(ui_doc *d, const rt_event *ev) {
  ui_group *g = realloc(d->groups, (d->ngroups + 1) * sizeof *g);
  if (!g) return -1;
  d->groups = g;
  uint8_t kind = (uint8_t)ev->a[1];
  bool own = kind == RT_GROUP_WAIT_FOR || kind == RT_GROUP_AS_COMPLETED;
  g[d->ngroups++] = (ui_group){(uint32_t)ev->a[0], own ? 0 : (uint32_t)ev->a[0], kind, 0, NULL};
  return 0;
}

/* future.created of a wait_for / as_completed future: the latest group of
 * that kind without a future gets it. */
static void group_future(ui_doc *d, const rt_event *ev) {
  uint8_t want = ev->a[1] == RT_WAIT_WAIT_FOR ? RT_GROUP_WAIT_FOR
                 : ev->a[1] == RT_WAIT_AS_COMPLETED ? RT_GROUP_AS_COMPLETED : 255;
  if (want == 255 || !d->ngroups) return;
  ui_group *g = &d->groups[d->ngroups - 1];
  if (g->kind == want && !g->future) g->future = (uint32_t)ev->a[0];
}

/* group.add: a child of its group (the latest with that id). */
static int group_add(ui_doc *d, const rt_event *ev) {
  for (size_t i = d->ngroups; i-- > 0;) {
    ui_group *g = &d->groups[i];
    if (g->id != (uint32_t)ev->a[0]) continue;
    uint32_t *c = realloc(g->children, (g->nchildren + 1) * sizeof *c);
    if (!c) return -1;
    g->children = c;
    c[g->nchildren++] = (uint32_t)ev->a[1];
    return 0;
  }
  return 0;
}

double ui_doc_block_since(const ui_doc *d, uint32_t thread, uint64_t step) {
  for (size_t i = d->nblocks; i-- > 0;)
    if (d->blocks[i].step <= step && d->blocks[i].thread == thread) return d->blocks[i].since;
  return -1;
}

/* Linear, newest first: the futures shown are few and recent. */
const ui_group *ui_doc_group(const ui_doc *d, uint32_t future) {
  for (size_t i = d->ngroups; i-- > 0;)
    if (d->groups[i].future == future) return &d->groups[i];
  return NULL;
}

/* A small set of task ids. */
typedef struct id_set {
  uint32_t *v;
  size_t n, cap;
} id_set;

static int ids_add(id_set *s, uint32_t id) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i] == id) return 0;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    uint32_t *v = realloc(s->v, cap * sizeof *v);
    if (!v) return -1;
    s->v = v;
    s->cap = cap;
  }
  s->v[s->n++] = id;
  return 0;
}

/* Remove id: whether it was there. */
static bool ids_take(id_set *s, uint32_t id) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i] == id) {
      s->v[i] = s->v[--s->n];
      return true;
    }
  return false;
}

/* Task names by id, as task.created gave them (for task= filters). */
typedef struct names {
  uint32_t *id;
  char (*name)[64];
  size_t n, cap;
} names;

static int names_add(names *nm, uint32_t id, int64_t name, int64_t no) {
  if (nm->n == nm->cap) {
    size_t cap = nm->cap ? nm->cap * 2 : 64;
    uint32_t *ids = realloc(nm->id, cap * sizeof *ids);
    if (!ids) return -1;
    nm->id = ids;
    char(*nn)[64] = realloc(nm->name, cap * sizeof *nn);
    if (!nn) return -1;
    nm->name = nn;
    nm->cap = cap;
  }
  nm->id[nm->n] = id;
  if (name) snprintf(nm->name[nm->n], 64, "%s", ui_str(name));
  else snprintf(nm->name[nm->n], 64, "Task-%lld", (long long)no);
  nm->n++;
  return 0;
}

/* Whether note n's task= filter (if any) accepts task id. */
static bool task_ok(const sim_note *n, const names *nm, uint32_t id) {
  if (!n->task) return true;
  if (!id) return false;
  for (size_t i = nm->n; i-- > 0;)
    if (nm->id[i] == id) return !strcmp(nm->name[i], n->task);
  return false;
}

/* Walk the run once: note triggers (line notes on RT_EV_LINE at their
 * anchor, with n= counting occurrences; start, end, deadlock, timer,
 * cancelled, warnings), console marks and warnings. */
static int index_run(ui_doc *d) {
  size_t tcap = 0, mcap = 0;
  size_t nn = d->notes.count;
  int *seen = calloc(nn ? nn : 1, sizeof *seen);
  if (!seen) return -1;
  names nm = {0};
  id_set cancels = {0};   /* tasks with a cancel requested, not yet thrown in */
  uint32_t about = 0;  /* the task an event concerns */
  for (size_t i = 0; i < nn; i++)
    if (d->notes.notes[i].on == SIM_NOTE_START && push_trigger(d, &tcap, 0, (uint32_t)i)) goto fail;
  sim_cursor c;
  sim_cursor_init(&c, d->tl);
  rt_event ev;
  while (sim_cursor_next(&c, &ev)) {
    uint64_t step = c.i;  /* the step this event leads to */
    int on = -1;
    switch (ev.kind) {
    case RT_EV_TASK_CREATED:
      if (names_add(&nm, (uint32_t)ev.a[0], ev.a[1], ev.a[3])) goto fail;
      break;
    case RT_EV_TASK_RENAMED:  /* the newest entry for an id wins */
      if (names_add(&nm, (uint32_t)ev.a[0], ev.a[1], 0)) goto fail;
      break;
    case RT_EV_THREAD_BLOCK: {
      ui_block *b = realloc(d->blocks, (d->nblocks + 1) * sizeof *b);
      if (!b) goto fail;
      d->blocks = b;
      b[d->nblocks++] = (ui_block){step, (uint32_t)ev.a[0], ev.vtime};
      break;
    }
    case RT_EV_FUTURE_CREATED:
      group_future(d, &ev);
      break;
    case RT_EV_GROUP_NEW:
      if (group_new(d, &ev)) goto fail;
      break;
    case RT_EV_GROUP_ADD:
      if (group_add(d, &ev)) goto fail;
      break;
    case RT_EV_LINE:
      for (size_t i = 0; i < nn; i++) {
        const sim_note *n = &d->notes.notes[i];
        if (n->on != SIM_NOTE_LINE || n->line != (int)ev.a[0]) continue;
        if (!task_ok(n, &nm, ev.task)) continue;
        seen[i]++;
        if (n->n && n->n != seen[i]) continue;
        if (push_trigger(d, &tcap, step, (uint32_t)i)) goto fail;
      }
      break;
    case RT_EV_TIMER_FIRED: on = SIM_NOTE_TIMER; about = (uint32_t)ev.a[2]; break;
    case RT_EV_TASK_CANCEL_REQUESTED:
      /* Noted when it arrives: the step that throws it in. */
      if (ids_add(&cancels, (uint32_t)ev.a[0])) goto fail;
      break;
    case RT_EV_TASK_STEP_BEGIN:
      if (ev.a[2] == RT_ECANCELLED && ids_take(&cancels, (uint32_t)ev.a[0])) {
        on = SIM_NOTE_CANCELLED;
        about = (uint32_t)ev.a[0];
      }
      break;
    case RT_EV_TASK_DONE:
      ids_take(&cancels, (uint32_t)ev.a[0]);
      break;
    case RT_EV_OUTPUT:
      if (push_mark(d, &mcap, step, 0)) goto fail;
      break;
    case RT_EV_WARNING: {
      bool dead = ev.a[1] == RT_EDEADLOCK;
      if (push_mark(d, &mcap, step, dead ? 2 : 1)) goto fail;
      ui_warning *w = realloc(d->warnings, (d->nwarnings + 1) * sizeof *w);
      if (!w) goto fail;
      d->warnings = w;
      const char *msg = ui_str(ev.a[0]);
      (void)msg;
      char buf[512];
      if (dead)
        snprintf(buf, sizeof buf, "Deadlock: no task is ready, no timer is pending and no "
                                  "other thread can wake the loop, so the run stops here.");
      else
        snprintf(buf, sizeof buf, "%s", ui_str(ev.a[0]));
      w[d->nwarnings].step = step;
      w[d->nwarnings].text = strdup(buf);
      d->nwarnings++;
      if (dead) {
        on = SIM_NOTE_DEADLOCK;
        about = ev.task;
      }
      break;
    }
    default: break;
    }
    if (on >= 0)
      for (size_t i = 0; i < nn; i++) {
        const sim_note *n = &d->notes.notes[i];
        if ((int)n->on != on || !task_ok(n, &nm, about)) continue;
        seen[i]++;  /* n= counts the occurrences this note accepts */
        if (n->n && n->n != seen[i]) continue;
        if (push_trigger(d, &tcap, step, (uint32_t)i)) goto fail;
      }
  }
  for (size_t i = 0; i < nn; i++) {
    sim_note_on want = d->status == RT_OK ? SIM_NOTE_END
                       : d->status == RT_EDEADLOCK ? SIM_NOTE_DEADLOCK : SIM_NOTE_ERROR;
    if (d->notes.notes[i].on == want && want != SIM_NOTE_DEADLOCK &&
        push_trigger(d, &tcap, d->nsteps, (uint32_t)i))
      goto fail;
  }
  free(seen);
  free(nm.id);
  free(nm.name);
  free(cancels.v);
  return 0;
fail:
  free(seen);
  free(nm.id);
  free(nm.name);
  free(cancels.v);
  return -1;
}

ui_doc *ui_doc_open(const ui_opts *o, char *err, size_t errlen, bool *bad_arg) {
  *bad_arg = false;
  ui_doc *d = calloc(1, sizeof *d);
  if (!d) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  const char *name = o->lesson;
  const char *dir = o->lessons_dir ? o->lessons_dir : sim_lessons_default_dir();
  sim_lessons ls;
  char lerr[256] = "";
  bool have_ls = sim_lessons_load(dir, &ls, lerr, sizeof lerr) == 0;
  const sim_lesson *lesson = NULL;
  sim_lesson other;          /* a scene, or a script not in the manifest */
  char scene_path[4096];
  bool titled = true;        /* "id  title" in the header; else the file name */
  if (!name && !o->timeline) name = "07b";
  if (name) {
    /* A lesson by id or file name; a built-in scene by its name; else any
     * Python file, its name for id and title. All run on the interpreter. */
    if (have_ls) lesson = sim_lessons_find(&ls, name);
    const char *title_en, *title_zh;
    if (!lesson && ui_scene_path(name, scene_path, sizeof scene_path, &title_en, &title_zh) == RT_OK) {
      const char *base = strrchr(scene_path, '/');
      other = (sim_lesson){.id = (char *)name, .file = (char *)(base ? base + 1 : scene_path),
                           .path = scene_path, .title_en = (char *)title_en,
                           .title_zh = (char *)title_zh};
      lesson = &other;
    }
    if (!lesson && !o->timeline) {
      FILE *fp = fopen(name, "rb");
      if (!fp) {
        snprintf(err, errlen, "unknown lesson or scene '%s'", name);
        *bad_arg = true;
        goto fail;
      }
      fclose(fp);
      const char *base = strrchr(name, '/');
      base = base ? base + 1 : name;
      other = (sim_lesson){.id = (char *)base, .file = (char *)base, .path = (char *)name,
                           .title_en = (char *)base, .title_zh = (char *)base};
      lesson = &other;
      titled = false;
    }
  }
  if (o->timeline) {
    d->tl = o->timeline;
  } else {
    /* Run it on the interpreter, recording first (a step budget bounds a
     * script that never ends). If the run cannot be made, the source and
     * notes still show, on an empty timeline. */
    if (sim_timeline_new(NULL, &d->tl) != RT_OK) {
      snprintf(err, errlen, "out of memory");
      goto fail;
    }
    d->own_tl = true;
    if (lesson && !o->no_interpreter) {
      sim_script_opts so = {.timeline = d->tl, .max_steps = 5000000};
      int st = sim_script_run(lesson->path, &so);
      d->status = st == 3 ? RT_EDEADLOCK : st == 0 ? RT_OK : RT_ERAISED;
      if (st < 0 || sim_timeline_error(d->tl) != RT_OK) {
        sim_timeline_free(d->tl);
        if (sim_timeline_new(NULL, &d->tl) != RT_OK) {
          snprintf(err, errlen, "out of memory");
          goto fail;
        }
      }
    }
  }
  if (lesson) {
    size_t len = 0;
    char *text = read_file(lesson->path, &len);
    if (!text) {
      snprintf(err, errlen, "cannot read %s", lesson->path);
      goto fail;
    }
    int rc = set_source(d, text, len);
    if (rc == 0) {
      char nerr[256];
      if (sim_notes_parse(text, len, &d->notes, nerr, sizeof nerr) != 0)
        fprintf(stderr, "coroscope: %s: %s (notes ignored)\n", lesson->file, nerr);
    }
    free(text);
    if (rc) goto fail;
    char buf[512];
    snprintf(buf, sizeof buf, "%s  %s", lesson->id, titled ? lesson->title_en : "");
    d->title = strdup(buf);
    snprintf(buf, sizeof buf, "%s  %s", lesson->id, titled ? lesson->title_zh : "");
    d->title_zh = strdup(buf);
    d->lesson_id = strdup(lesson->id);
    d->src_file = strdup(lesson->file);
  } else {
    d->title = strdup(name ? name : "recorded run");
  }
  d->nsteps = sim_timeline_count(d->tl);
  if (o->timeline) d->status = sim_timeline_deadlock_step(d->tl) ? RT_EDEADLOCK : RT_OK;
  if (index_run(d)) {
    snprintf(err, errlen, "out of memory");
    goto fail;
  }
  if (sim_timeline_seek(d->tl, d->nsteps) == RT_OK)
    d->end_time = sim_timeline_state(d->tl)->vtime;
  sim_timeline_seek(d->tl, 0);
  if (have_ls) sim_lessons_free(&ls);
  return d;
fail:
  if (have_ls) sim_lessons_free(&ls);
  ui_doc_free(d);
  return NULL;
}

void ui_doc_free(ui_doc *d) {
  if (!d) return;
  if (d->own_tl) sim_timeline_free(d->tl);
  free(d->title);
  free(d->title_zh);
  free(d->lesson_id);
  free(d->src_file);
  free(d->src);
  free(d->lines);
  sim_notes_free(&d->notes);
  free(d->triggers);
  free(d->marks);
  for (size_t i = 0; i < d->nwarnings; i++) free(d->warnings[i].text);
  free(d->warnings);
  for (size_t i = 0; i < d->ngroups; i++) free(d->groups[i].children);
  free(d->groups);
  free(d->blocks);
  free(d);
}

size_t ui_doc_notes_at(const ui_doc *d, uint64_t step, uint32_t *out, size_t max) {
  /* Triggers are in step order: find the last step <= step. */
  long last = -1;
  for (size_t i = 0; i < d->ntriggers; i++) {
    if (d->triggers[i].step > step) break;
    last = (long)i;
  }
  if (last < 0) return 0;
  uint64_t at = d->triggers[last].step;
  size_t first = (size_t)last;
  while (first > 0 && d->triggers[first - 1].step == at) first--;
  size_t n = 0;
  for (size_t i = first; i <= (size_t)last && n < max; i++) {
    bool dup = false;
    for (size_t k = 0; k < n; k++)
      if (out[k] == d->triggers[i].note) dup = true;
    if (!dup) out[n++] = d->triggers[i].note;
  }
  /* In file order. */
  for (size_t i = 1; i < n; i++)
    for (size_t k = i; k > 0 && out[k - 1] > out[k]; k--) {
      uint32_t t = out[k];
      out[k] = out[k - 1];
      out[k - 1] = t;
    }
  return n;
}

/* Leading spaces of a line (tabs count as up to the next multiple of 8). */
static int indent_of(const char *l) {
  int n = 0;
  for (; *l == ' ' || *l == '\t'; l++) n = *l == '\t' ? (n / 8 + 1) * 8 : n + 1;
  return n;
}

const char *ui_doc_func_at(const ui_doc *d, int line, char *buf, size_t n) {
  buf[0] = 0;
  if (line < 1 || (size_t)line > d->nlines) return buf;
  int want = indent_of(d->lines[line - 1]);
  for (int i = line - 1; i >= 1; i--) {
    const char *l = d->lines[i - 1];
    int ind = indent_of(l);
    const char *p = l + strspn(l, " \t");
    if (!*p || *p == '#' || ind >= want) continue;
    if (!strncmp(p, "async def ", 10)) p += 10;
    else if (!strncmp(p, "def ", 4)) p += 4;
    else {
      want = ind;   /* inside an if/for/class body: keep looking outward */
      continue;
    }
    size_t k = strcspn(p, "( :");
    snprintf(buf, n, "%.*s", (int)k, p);
    return buf;
  }
  return buf;
}

bool ui_doc_is_source(const ui_doc *d, int64_t file) {
  if (!file) return true;
  const char *s = rt_interned(file);
  if (!s || !d->src_file) return false;
  size_t n = strlen(s), m = strlen(d->src_file);
  return n >= m && !strcmp(s + n - m, d->src_file) && (n == m || s[n - m - 1] == '/');
}

long ui_doc_warning_at(const ui_doc *d, uint64_t step) {
  long last = -1;
  for (size_t i = 0; i < d->nwarnings; i++)
    if (d->warnings[i].step <= step) last = (long)i;
  return last;
}
