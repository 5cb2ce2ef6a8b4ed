/* lessons.c: the lesson manifest and the narration notes of a lesson. */
#include "sim_lessons.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

#ifndef COROSCOPE_LESSONS_DIR
#define COROSCOPE_LESSONS_DIR "lessons"
#endif

const char *sim_lessons_default_dir(void) {
  const char *env = getenv("COROSCOPE_LESSONS");
  return env && *env ? env : COROSCOPE_LESSONS_DIR;
}

static char *dup_n(const char *s, size_t n) {
  char *d = rt_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static char *dup_s(const char *s) { return dup_n(s, strlen(s)); }

static void say(char *err, size_t errlen, const char *fmt, ...) {
  if (!err || !errlen) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

/* Read a whole file into a NUL-terminated block. NULL on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = rt_malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (n + 1 < cap) break;
    char *bigger = rt_realloc(buf, cap * 2);
    if (!bigger) {
      rt_free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

/* Split line (modified in place) at TABs into at most max fields. */
static size_t split_tabs(char *line, char **fields, size_t max) {
  size_t n = 0;
  for (char *p = line; n < max;) {
    fields[n++] = p;
    char *tab = strchr(p, '\t');
    if (!tab) break;
    *tab = '\0';
    p = tab + 1;
  }
  return n;
}

/* Make room for element count of *arr, whose capacity is 8 at first and
 * doubles each time count reaches it (so it is always 8 * 2^k). */
static int grow(void **arr, size_t count, size_t elem) {
  if (count != 0 && (count < 8 || (count & (count - 1)))) return 0;
  size_t cap = count ? count * 2 : 8;
  void *bigger = rt_realloc(*arr, cap * elem);
  if (!bigger) return -1;
  *arr = bigger;
  return 0;
}

static int add_chapter(sim_lessons *ls, char **f) {
  if (grow((void **)&ls->chapters, ls->nchapters, sizeof *ls->chapters))
    return -1;
  sim_chapter *c = &ls->chapters[ls->nchapters];
  c->number = atoi(f[1]);
  c->title_en = dup_s(f[2]);
  c->title_zh = dup_s(f[3]);
  ls->nchapters++;
  return c->title_en && c->title_zh ? 0 : -1;
}

static int add_lesson(sim_lessons *ls, char **f) {
  if (grow((void **)&ls->lessons, ls->nlessons, sizeof *ls->lessons))
    return -1;
  sim_lesson *l = &ls->lessons[ls->nlessons++];
  memset(l, 0, sizeof *l);
  l->id = dup_s(f[1]);
  l->chapter = atoi(f[2]);
  l->file = dup_s(f[3]);
  size_t plen = strlen(ls->dir) + 1 + strlen(f[3]) + 1;
  l->path = rt_malloc(plen);
  if (l->path) snprintf(l->path, plen, "%s/%s", ls->dir, f[3]);
  l->title_en = dup_s(f[4]);
  l->title_zh = dup_s(f[5]);
  l->summary_en = dup_s(f[6]);
  l->summary_zh = dup_s(f[7]);
  return l->id && l->file && l->path && l->title_en && l->title_zh &&
                 l->summary_en && l->summary_zh
             ? 0
             : -1;
}

int sim_lessons_load(const char *dir, sim_lessons *out, char *err,
                     size_t errlen) {
  memset(out, 0, sizeof *out);
  char path[4096];
  snprintf(path, sizeof path, "%s/index.txt", dir);
  char *text = slurp(path, NULL);
  if (!text) {
    say(err, errlen, "%s: cannot read the lesson manifest", path);
    return -1;
  }
  out->dir = dup_s(dir);
  int rc = out->dir ? 0 : -1, lineno = 0;
  if (rc) say(err, errlen, "out of memory");
  for (char *line = text; rc == 0 && line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    lineno++;
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r') line[--n] = '\0';
    if (n && line[0] != '#') {
      char *f[9];
      size_t nf = split_tabs(line, f, 9);
      if (!strcmp(f[0], "chapter") && nf == 4) {
        rc = add_chapter(out, f);
      } else if (!strcmp(f[0], "lesson") && nf == 8) {
        rc = add_lesson(out, f);
      } else {
        say(err, errlen, "index.txt:%d: expected a chapter record (4 fields) "
                         "or a lesson record (8 fields)", lineno);
        rc = -2;
      }
      if (rc == -1) say(err, errlen, "out of memory");
    }
    line = nl ? nl + 1 : NULL;
  }
  rt_free(text);
  if (rc) {
    sim_lessons_free(out);
    return -1;
  }
  return 0;
}

void sim_lessons_free(sim_lessons *ls) {
  for (size_t i = 0; i < ls->nchapters; i++) {
    rt_free(ls->chapters[i].title_en);
    rt_free(ls->chapters[i].title_zh);
  }
  for (size_t i = 0; i < ls->nlessons; i++) {
    sim_lesson *l = &ls->lessons[i];
    rt_free(l->id);
    rt_free(l->file);
    rt_free(l->path);
    rt_free(l->title_en);
    rt_free(l->title_zh);
    rt_free(l->summary_en);
    rt_free(l->summary_zh);
  }
  rt_free(ls->chapters);
  rt_free(ls->lessons);
  rt_free(ls->dir);
  memset(ls, 0, sizeof *ls);
}

const sim_lesson *sim_lessons_find(const sim_lessons *ls, const char *name) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  for (size_t i = 0; i < ls->nlessons; i++) {
    const sim_lesson *l = &ls->lessons[i];
    if (!strcmp(l->id, name) || !strcmp(l->file, base)) return l;
  }
  return NULL;
}

/* ------------------------------------------------------------------ notes */

static const char *const on_names[] = {
  [SIM_NOTE_LINE] = "line",
  [SIM_NOTE_START] = "start",
  [SIM_NOTE_END] = "end",
  [SIM_NOTE_ERROR] = "error",
  [SIM_NOTE_DEADLOCK] = "deadlock",
  [SIM_NOTE_NEVER_AWAITED] = "never-awaited",
  [SIM_NOTE_NEVER_RETRIEVED] = "exception-never-retrieved",
  [SIM_NOTE_BLOCKED_LOOP] = "blocked-loop",
  [SIM_NOTE_CANCELLED] = "cancelled",
  [SIM_NOTE_TIMEOUT] = "timeout",
  [SIM_NOTE_TIMER] = "timer",
};

const char *sim_note_on_name(sim_note_on on) {
  return (size_t)on < sizeof on_names / sizeof *on_names ? on_names[on] : "?";
}

/* One source line, viewed in place. */
typedef struct src_line {
  const char *s;
  size_t n;
} src_line;

/* A parsed note line: its attributes as written, its language and text. */
typedef struct note_line {
  const char *attrs;
  size_t attrs_n;
  int lang;          /* 0 en, 1 zh */
  const char *text;
  size_t text_n;
} note_line;

/* 1: a note line, parsed into *nl; 0: not one; -1: malformed. */
static int parse_note_line(src_line ln, note_line *nl) {
  const char *p = ln.s, *end = ln.s + ln.n;
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  if ((size_t)(end - p) < 4 || memcmp(p, "# >>", 4)) return 0;
  p += 4;
  nl->attrs = p;
  for (;;) {
    if (p >= end || *p != ' ') return -1;
    p++;
    const char *tok = p;
    while (p < end && *p != ' ') p++;
    size_t tn = (size_t)(p - tok);
    if ((tn == 3 && !memcmp(tok, "en:", 3)) ||
        (tn == 3 && !memcmp(tok, "zh:", 3))) {
      nl->attrs_n = (size_t)(tok - nl->attrs);
      nl->lang = tok[0] == 'z';
      if (p >= end || *p != ' ' || p + 1 >= end) return -1;
      nl->text = p + 1;
      nl->text_n = (size_t)(end - nl->text);
      return 1;
    }
    if (!memchr(tok, '=', tn)) return -1;
  }
}

static int is_blank_or_comment(src_line ln) {
  const char *p = ln.s, *end = ln.s + ln.n;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
  return p == end || *p == '#';
}

/* Fill the attributes of note from "k=v k=v " text. -1 if unknown. */
static int apply_attrs(sim_note *note, const char *a, size_t n) {
  const char *p = a, *end = a + n;
  while (p < end) {
    while (p < end && *p == ' ') p++;
    if (p >= end) break;
    const char *tok = p;
    while (p < end && *p != ' ') p++;
    const char *eq = memchr(tok, '=', (size_t)(p - tok));
    size_t kn = (size_t)(eq - tok), vn = (size_t)(p - eq - 1);
    const char *v = eq + 1;
    if (kn == 2 && !memcmp(tok, "on", 2)) {
      int found = -1;
      for (size_t i = 0; i < sizeof on_names / sizeof *on_names; i++)
        if (strlen(on_names[i]) == vn && !memcmp(on_names[i], v, vn))
          found = (int)i;
      if (found < 0) return -1;
      note->on = (sim_note_on)found;
    } else if (kn == 1 && tok[0] == 'n') {
      note->n = atoi(v);
      if (note->n <= 0) return -1;
    } else if (kn == 4 && !memcmp(tok, "task", 4)) {
      rt_free(note->task);
      note->task = dup_n(v, vn);
      if (!note->task) return -1;
    } else {
      return -1;
    }
  }
  return 0;
}

int sim_notes_parse(const char *src, size_t len, sim_notes *out, char *err,
                    size_t errlen) {
  memset(out, 0, sizeof *out);
  /* Index the lines first: anchors look ahead. */
  size_t nlines = 0, cap = 0;
  src_line *lines = NULL;
  for (const char *p = src, *end = src + len; p < end || nlines == 0;) {
    if (nlines == cap) {
      cap = cap ? cap * 2 : 256;
      src_line *bigger = rt_realloc(lines, cap * sizeof *lines);
      if (!bigger) goto oom;
      lines = bigger;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    size_t n = (size_t)(e - p);
    if (n && p[n - 1] == '\r') n--;
    lines[nlines++] = (src_line){p, n};
    if (!nl) break;
    p = nl + 1;
  }

  sim_note *cur = NULL;          /* the open group */
  note_line prev = {0};
  for (size_t i = 0; i < nlines; i++) {
    note_line nl;
    int r = parse_note_line(lines[i], &nl);
    if (r < 0) {
      say(err, errlen, "%zu: a '# >>' line must be '# >> [key=value ...] "
                       "en|zh: text'", i + 1);
      goto fail;
    }
    if (r == 0) {
      if (!is_blank_or_comment(lines[i])) {
        /* Anchor every finished line group still waiting for one. */
        for (size_t k = 0; k < out->count; k++)
          if (out->notes[k].on == SIM_NOTE_LINE && out->notes[k].line < 0)
            out->notes[k].line = (int)i + 1;
      }
      cur = NULL;
      continue;
    }
    int same_group = cur && prev.attrs_n == nl.attrs_n &&
                     !memcmp(prev.attrs, nl.attrs, nl.attrs_n) &&
                     !(nl.lang ? cur->zh : cur->en);
    if (!same_group) {
      if (cur && !(cur->en && cur->zh)) {
        say(err, errlen, "%zu: a note group needs one en and one zh line", i);
        goto fail;
      }
      if (grow((void **)&out->notes, out->count, sizeof *out->notes)) goto oom;
      cur = &out->notes[out->count++];
      memset(cur, 0, sizeof *cur);
      cur->line = (int)i + 1;
      if (apply_attrs(cur, nl.attrs, nl.attrs_n)) {
        say(err, errlen, "%zu: unknown note attribute in '%.*s'", i + 1,
            (int)nl.attrs_n, nl.attrs);
        goto fail;
      }
      if (cur->on == SIM_NOTE_LINE) cur->line = -1;  /* anchored later */
    }
    char *text = dup_n(nl.text, nl.text_n);
    if (!text) goto oom;
    if (nl.lang) cur->zh = text;
    else cur->en = text;
    prev = nl;
  }
  for (size_t k = 0; k < out->count; k++) {
    sim_note *n = &out->notes[k];
    if (!n->en || !n->zh) {
      say(err, errlen, "a note group needs one en and one zh line");
      goto fail;
    }
    if (n->on == SIM_NOTE_LINE && n->line < 0) {
      say(err, errlen, "a line note has no code line after it");
      goto fail;
    }
  }
  rt_free(lines);
  return 0;
oom:
  say(err, errlen, "out of memory");
fail:
  rt_free(lines);
  sim_notes_free(out);
  return -1;
}

void sim_notes_free(sim_notes *ns) {
  for (size_t i = 0; i < ns->count; i++) {
    rt_free(ns->notes[i].task);
    rt_free(ns->notes[i].en);
    rt_free(ns->notes[i].zh);
  }
  rt_free(ns->notes);
  memset(ns, 0, sizeof *ns);
}
