/* panel_source.c: the lesson's Python with line numbers and syntax colours,
 * the running line highlighted, and a marker in each task's state colour
 * on the line that task is at. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

static const char *const keywords[] = {
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
  "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
  "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield", NULL};

static bool is_kw(const char *s, size_t n) {
  for (int i = 0; keywords[i]; i++)
    if (strlen(keywords[i]) == n && !strncmp(keywords[i], s, n)) return true;
  return false;
}

/* Draw one segment of n bytes; returns the new x. */
static int seg(ui_gfx *g, int px, ui_rgb c, const char *s, size_t n, int x, int y, int maxx) {
  char buf[512];
  if (n >= sizeof buf) n = sizeof buf - 1;
  memcpy(buf, s, n);
  buf[n] = 0;
  if (x >= maxx) return x;
  int w, h;
  ui_text_measure(g->text, UI_FACE_MONO, px, buf, &w, &h);
  if (x + w > maxx) return x + ui_text_draw_fit(g->text, UI_FACE_MONO, px, c, buf, x, y, maxx - x);
  return x + ui_text_draw(g->text, UI_FACE_MONO, px, c, buf, x, y);
}

/* A tiny Python colourer: comments, strings (with f-prefix), numbers,
 * keywords, the name after def/class, calls. */
static void draw_code(ui_gfx *g, int px, const char *line, int x, int y, int maxx, bool dim) {
  const ui_rgb *C = ui_colour;
  const char *p = line;
  bool after_def = false;
  /* Leading spaces: measure once. */
  while (*p) {
    const char *q = p;
    ui_rgb col = dim ? C[UI_C_MUTED] : C[UI_C_TEXT];
    if (*p == '#') {
      q = p + strlen(p);
      col = C[UI_C_COMMENT];
    } else if (*p == '"' || *p == '\'' ||
               ((*p == 'f' || *p == 'r' || *p == 'b') && (p[1] == '"' || p[1] == '\''))) {
      if (*p != '"' && *p != '\'') q++;
      char quote = *q++;
      while (*q && *q != quote) {
        if (*q == '\\' && q[1]) q++;
        q++;
      }
      if (*q) q++;
      col = C[UI_C_STRING];
    } else if (isdigit((unsigned char)*p)) {
      while (isalnum((unsigned char)*q) || *q == '.' || *q == '_') q++;
      col = C[UI_C_NUMBER];
    } else if (isalpha((unsigned char)*p) || *p == '_') {
      while (isalnum((unsigned char)*q) || *q == '_') q++;
      size_t n = (size_t)(q - p);
      if (is_kw(p, n)) {
        col = C[UI_C_KEYWORD];
        after_def = (n == 3 && !strncmp(p, "def", 3)) || (n == 5 && !strncmp(p, "class", 5));
      } else if (after_def || *q == '(') {
        col = C[UI_C_FUNC];
        after_def = false;
      }
    } else {
      while (*q && !isalnum((unsigned char)*q) && *q != '_' && *q != '#' && *q != '"' &&
             *q != '\'')
        q++;
    }
    if (q == p) q++;
    if (dim && col.r == C[UI_C_TEXT].r && col.g == C[UI_C_TEXT].g) col = C[UI_C_MUTED];
    x = seg(g, px, col, p, (size_t)(q - p), x, y, maxx);
    p = q;
  }
}

void ui_panel_source_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r) {
  const ui_doc *d = v->doc;
  SDL_Rect c = ui_panel(g, r, v->lang ? "源代码" : "SOURCE");
  int px = g->L.mono_px;
  int lh = ui_text_line_h(g->text, UI_FACE_MONO, px) + ui_px(g, 3);
  int rows = c.h / lh;
  if (rows < 1 || !d->nlines) return;

  /* The running line: the running task's, else the running thread's. */
  int run_line = 0;
  const sim_task *rt = s->task ? sim_state_task(s, s->task) : NULL;
  if (rt && rt->state == SIM_TASK_RUNNING && ui_doc_is_source(d, rt->file)) run_line = rt->line;
  /* Outside any loop the main thread runs the script's own lines; inside
   * one, between task steps, the loop's machinery runs: no line. */
  if (!run_line && s->thread) {
    const sim_thread *th = sim_state_thread(s, s->thread);
    if (th && !th->loop && th->state == SIM_THREAD_RUNNING && ui_doc_is_source(d, th->file))
      run_line = th->line;
    /* ...unless that line is where a suspended task sits (the thread's
     * last line came from the task). */
    for (uint32_t i = 0; i < s->ntasks && run_line; i++)
      if (s->tasks[i].line == run_line && s->tasks[i].state == SIM_TASK_WAITING) run_line = 0;
  }
  if (!run_line && s->event.kind == RT_EV_LINE && !s->event.loop) run_line = (int)s->event.a[0];

  /* Scroll so the running line (or the first marker) is in view. */
  int focus = run_line;
  if (!focus)
    for (uint32_t i = 0; i < s->ntasks && !focus; i++)
      if (s->tasks[i].state < SIM_TASK_DONE) focus = s->tasks[i].line;
  int first = 0;
  if ((int)d->nlines > rows && focus > 0) {
    first = focus - 1 - rows / 2;
    if (first > (int)d->nlines - rows) first = (int)d->nlines - rows;
    if (first < 0) first = 0;
  }

  int gutter_w, th;
  ui_text_measure(g->text, UI_FACE_MONO, px, "000", &gutter_w, &th);
  gutter_w += ui_px(g, 12);
  int maxx = c.x + c.w;
  for (int row = 0; row < rows && first + row < (int)d->nlines; row++) {
    int ln = first + row + 1;
    int y = c.y + row * lh;
    const char *text = d->lines[ln - 1];
    bool is_note = strstr(text, "# >>") != NULL;
    if (ln == run_line) {
      SDL_Rect hl = {c.x - ui_px(g, 4), y - ui_px(g, 1), c.w + ui_px(g, 8), lh};
      ui_fill_round(g, hl, ui_px(g, 3), ui_colour[UI_C_SRC_RUN], 255);
      SDL_Rect bar = {c.x - ui_px(g, 4), y - ui_px(g, 1), ui_px(g, 3), lh};
      ui_fill(g, bar, ui_state_colour[SIM_TASK_RUNNING]);
    }
    char num[16];
    snprintf(num, sizeof num, "%3d", ln);
    ui_text_draw(g->text, UI_FACE_MONO, px,
                 ln == run_line ? ui_colour[UI_C_TEXT] : ui_colour[UI_C_COMMENT], num, c.x, y);
    /* Markers at the right end: one pill per live task on this line. */
    int mx = maxx;
    int here = 0, drawn = 0;
    for (uint32_t i = 0; i < s->ntasks; i++)
      if (s->tasks[i].line == ln && s->tasks[i].state < SIM_TASK_DONE &&
          ui_doc_is_source(d, s->tasks[i].file))
        here++;
    if (here > 3) {  /* a crowd: three markers and a count */
      char more[32];
      snprintf(more, sizeof more, "+%d", here - 3);
      int tw, tth;
      ui_text_measure(g->text, UI_FACE_BOLD, g->L.small_px, more, &tw, &tth);
      ui_text_draw(g->text, UI_FACE_BOLD, g->L.small_px, ui_colour[UI_C_MUTED], more, mx - tw,
                   y + (lh - ui_px(g, 2) - tth) / 2);
      mx -= tw + ui_px(g, 4);
    }
    for (uint32_t i = s->ntasks; i-- > 0;) {
      const sim_task *t = &s->tasks[i];
      if (t->line != ln || t->state >= SIM_TASK_DONE || !ui_doc_is_source(d, t->file)) continue;
      if (drawn++ == 3) break;
      char nb[64];
      sim_task_name(t, nb, sizeof nb);
      int tw, tth;
      ui_text_measure(g->text, UI_FACE_BOLD, g->L.small_px, nb, &tw, &tth);
      SDL_Rect pill = {mx - tw - ui_px(g, 12), y, tw + ui_px(g, 12), lh - ui_px(g, 2)};
      if (pill.x < c.x + gutter_w + c.w / 3) break;
      ui_rgb col = ui_state_colour[t->state];
      ui_fill_round(g, pill, pill.h / 2, col, 255);
      ui_text_draw(g->text, UI_FACE_BOLD, g->L.small_px, ui_on(col), nb, pill.x + ui_px(g, 6),
                   pill.y + (pill.h - tth) / 2);
      ui_dbg_add(g, UI_DBG_MARKER, t->id, t->state, pill, col);
      mx = pill.x - ui_px(g, 4);
    }
    draw_code(g, px, text, c.x + gutter_w, y, mx - ui_px(g, 4), is_note);
  }
}
