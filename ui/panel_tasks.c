/* panel_tasks.c: a card per task coloured by state (one scheme, see the
 * legend), with its name, await chain, what it waits on and an arrow to
 * the task it awaits; compact chips when there are too many for cards. */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

#define MAX_CARDS 1024

static const char *const state_zh[7] = {"已创建", "就绪", "运行中", "等待中", "已完成", "失败", "已取消"};

/* Where card i sits in a grid of cols columns. */
static SDL_Rect cell(SDL_Rect c, int i, int cols, int cw, int ch, int gap, int vgap) {
  SDL_Rect r = {c.x + (i % cols) * (cw + gap), c.y + (i / cols) * (ch + vgap), cw, ch};
  return r;
}

void ui_panel_tasks_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r,
                         SDL_Rect legend) {
  (void)legend;
  char title[64];
  snprintf(title, sizeof title, v->lang ? "任务（%u）" : "TASKS (%u)", s->ntasks);
  SDL_Rect c = ui_panel(g, r, title);
  if (!s->ntasks) {
    ui_text_draw(g->text, UI_FACE_SANS, g->L.font_px, ui_colour[UI_C_MUTED],
                 v->lang ? "还没有任务" : "no tasks yet", c.x, c.y);
    /* Plain Python runs on the thread: say where it is. */
    const sim_thread *th = s->thread ? sim_state_thread(s, s->thread) : NULL;
    if (th && th->line > 0 && ui_doc_is_source(v->doc, th->file)) {
      char fn[64], buf[200];
      ui_doc_func_at(v->doc, th->line, fn, sizeof fn);
      const char *tn = th->name ? ui_str(th->name) : "MainThread";
      if (fn[0])
        snprintf(buf, sizeof buf, v->lang ? "%s 正在运行第 %d 行，在 %s() 里" : "%s runs line %d, in %s()",
                 tn, th->line, fn);
      else
        snprintf(buf, sizeof buf, v->lang ? "%s 正在运行第 %d 行（模块顶层）" : "%s runs line %d (module level)",
                 tn, th->line);
      ui_text_draw(g->text, UI_FACE_BOLD, g->L.font_px, ui_state_colour[SIM_TASK_RUNNING], buf, c.x,
                   c.y + ui_text_line_h(g->text, UI_FACE_SANS, g->L.font_px) + ui_px(g, 6));
    }
    return;
  }
  int gap = ui_px(g, 30);  /* room for the arrows between cards */
  int fpx = g->L.font_px, spx = g->L.small_px;
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, spx);
  int cw = ui_px(g, 250), ch = ui_text_line_h(g->text, UI_FACE_BOLD, fpx) + 2 * lh + ui_px(g, 22);
  if (cw > c.w) cw = c.w;
  int cols = (c.w + gap) / (cw + gap);
  if (cols < 1) cols = 1;
  /* Spread the cards over the width. */
  cw = (c.w - (cols - 1) * gap) / cols;
  if (cw > ui_px(g, 320)) cw = ui_px(g, 320);
  int vgap = ui_px(g, 14);
  int rows = (c.h + vgap) / (ch + vgap);
  if ((int)s->ntasks > cols * rows) {
    /* Narrower cards before chips. */
    int cw2 = ui_px(g, 190);
    int cols2 = (c.w + gap) / (cw2 + gap);
    if (cols2 > cols) {
      cols = cols2;
      cw = (c.w - (cols - 1) * gap) / cols;
    }
  }
  bool compact = (int)s->ntasks > cols * rows;
  if (compact) {
    gap = vgap = ui_px(g, 4);
    cw = ui_px(g, 96);
    ch = lh + ui_px(g, 6);
    cols = (c.w + gap) / (cw + gap);
    rows = (c.h + vgap) / (ch + vgap);
    if (cols < 1) cols = 1;
  }
  int capacity = cols * rows;
  int shown = (int)s->ntasks;
  if (shown > capacity) shown = capacity > 0 ? capacity - 1 : 0;
  if (shown > MAX_CARDS) shown = MAX_CARDS;
  float e = ui_anim_ease(&v->anim);

  static SDL_Rect rects[MAX_CARDS];  /* draw runs on one thread */
  for (int i = 0; i < shown; i++) {
    const sim_task *t = &s->tasks[i];
    SDL_Rect b = cell(c, i, cols, cw, ch, gap, vgap);
    rects[i] = b;
    ui_rgb col = ui_state_colour[t->state];
    uint8_t prev;
    if (ui_anim_task_from(&v->anim, t->id, &prev) && prev != t->state)
      col = ui_rgb_mix(ui_state_colour[prev], col, e);
    char nb[64];
    sim_task_name(t, nb, sizeof nb);
    if (compact) {
      ui_fill_round(g, b, ui_px(g, 4), col, 255);
      ui_text_draw_fit(g->text, UI_FACE_BOLD, spx, ui_on(col), nb, b.x + ui_px(g, 5),
                       b.y + ui_px(g, 3), b.w - ui_px(g, 10));
      ui_dbg_add(g, UI_DBG_CARD, t->id, t->state, b, col);
      continue;
    }
    bool running = t->state == SIM_TASK_RUNNING;
    int rad = ui_px(g, 6);
    int bw = running ? ui_px(g, 3) : ui_px(g, 2);
    ui_fill_round(g, b, rad, col, 255);
    SDL_Rect in = {b.x + bw, b.y + bw, b.w - 2 * bw, b.h - 2 * bw};
    ui_rgb tint = ui_rgb_mix((ui_rgb){255, 255, 255}, col, t->state >= SIM_TASK_DONE ? 0.08f : 0.14f);
    ui_fill_round(g, in, rad - bw / 2, tint, 255);
    /* The state band on the left. */
    SDL_Rect band = {b.x, b.y, ui_px(g, 8), b.h};
    ui_fill_round(g, band, rad, col, 255);
    SDL_Rect band2 = {b.x + ui_px(g, 4), b.y, ui_px(g, 4), b.h};
    ui_fill(g, band2, col);
    ui_dbg_add(g, UI_DBG_CARD, t->id, t->state, band, col);
    ui_anchor_add(g, UI_AN_CARD, t->id, b);

    int x = b.x + ui_px(g, 16), y = b.y + ui_px(g, 8);
    int inner = b.x + b.w - x - ui_px(g, 8);
    /* State chip at the right. */
    const char *sl = v->lang ? state_zh[t->state] : ui_state_label[t->state];
    int sw, sh;
    ui_text_measure(g->text, UI_FACE_BOLD, spx, sl, &sw, &sh);
    SDL_Rect chip = {b.x + b.w - sw - ui_px(g, 22), y, sw + ui_px(g, 12), sh + ui_px(g, 2)};
    ui_fill_round(g, chip, chip.h / 2, col, 255);
    ui_text_draw(g->text, UI_FACE_BOLD, spx, ui_on(col), sl, chip.x + ui_px(g, 6), chip.y + ui_px(g, 1));
    ui_text_draw_fit(g->text, UI_FACE_BOLD, fpx, ui_colour[UI_C_TEXT], nb, x, y,
                     chip.x - x - ui_px(g, 6));
    y += ui_text_line_h(g->text, UI_FACE_BOLD, fpx) + ui_px(g, 4);
    char chain[256];
    ui_task_chain(t, v->lang, chain, sizeof chain);
    char buf[300];
    snprintf(buf, sizeof buf, "%s%s", v->lang ? "调用链：" : "", chain);
    ui_text_draw_fit(g->text, UI_FACE_MONO, spx, ui_colour[UI_C_TEXT], buf, x, y, inner);
    y += lh + ui_px(g, 2);
    char waits[128];
    ui_task_waits(s, t, v->lang, waits, sizeof waits);
    if (t->state == SIM_TASK_WAITING && waits[0]) {
      snprintf(buf, sizeof buf, "→ %s", waits);
      ui_text_draw_fit(g->text, UI_FACE_SANS, spx, ui_state_colour[SIM_TASK_WAITING], buf, x, y, inner);
    } else if (running) {
      const sim_thread *th = sim_state_thread(s, t->thread);
      char tb[32];
      if (th && th->state == SIM_THREAD_BLOCKED && th->until_ns >= 0)  /* its loop stands still */
        snprintf(buf, sizeof buf, v->lang ? "▶ 第 %d 行阻塞事件循环，直到 %ss" : "▶ line %d blocks the loop until %ss",
                 t->line, sim_float_repr((double)th->until_ns / 1e9, tb, sizeof tb));
      else if (th && th->state == SIM_THREAD_BLOCKED)
        snprintf(buf, sizeof buf, v->lang ? "▶ 第 %d 行阻塞了事件循环" : "▶ line %d blocks the loop", t->line);
      else if (t->returned)  /* between its coroutine's return and task.done */
        snprintf(buf, sizeof buf, v->lang ? "▶ 在第 %d 行返回，正在结束" : "▶ returned at line %d, finishing",
                 t->line);
      else
        snprintf(buf, sizeof buf, v->lang ? "▶ 正在第 %d 行运行" : "▶ running line %d", t->line);
      ui_text_draw_fit(g->text, UI_FACE_BOLD, spx,
                       ui_state_colour[th && th->state == SIM_THREAD_BLOCKED ? SIM_TASK_FAILED : SIM_TASK_RUNNING],
                       buf, x, y, inner);
    } else if (t->state == SIM_TASK_READY || t->state == SIM_TASK_CREATED) {
      ui_text_draw_fit(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED],
                       v->lang ? "在就绪队列中排队" : "queued in the ready queue", x, y, inner);
    } else {
      snprintf(buf, sizeof buf, v->lang ? "共 %u 步" : "finished after %u steps", t->steps);
      ui_text_draw_fit(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED], buf, x, y, inner);
    }
  }
  if (shown < (int)s->ntasks) {
    SDL_Rect b = cell(c, shown, cols, cw, ch, gap, vgap);
    char more[48];
    snprintf(more, sizeof more, "+%u more", s->ntasks - (uint32_t)shown);
    ui_text_draw_fit(g->text, UI_FACE_BOLD, spx, ui_colour[UI_C_MUTED], more, b.x + ui_px(g, 4),
                     b.y + ui_px(g, 3), b.w);
  }
  if (compact) return;
  /* Arrows from each waiting card to the card of the task it awaits. */
  ui_rgb ac = ui_state_colour[SIM_TASK_WAITING];
  for (int i = 0; i < shown; i++) {
    const sim_task *t = &s->tasks[i];
    if (t->state != SIM_TASK_WAITING || !t->waits_on) continue;
    int k = -1;
    for (int j = 0; j < shown; j++)
      if (s->tasks[j].id == t->waits_on) k = j;
    if (k < 0) continue;
    SDL_Rect a = rects[i], b = rects[k];
    float x0, y0, x1, y1;
    if (a.y == b.y) {  /* same row: side to side, just above the middle */
      bool right = b.x > a.x;
      x0 = (float)(right ? a.x + a.w : a.x);
      x1 = (float)(right ? b.x : b.x + b.w);
      y0 = y1 = (float)(a.y + a.h / 2);
      if ((right ? b.x - (a.x + a.w) : a.x - (b.x + b.w)) > gap + 2) {
        /* Not neighbours: go over the cards below the row's top edge. */
        y0 = y1 = (float)a.y + ui_px(g, 3);
      }
    } else {
      bool down = b.y > a.y;
      x0 = (float)(a.x + a.w / 2);
      x1 = (float)(b.x + b.w / 2);
      y0 = (float)(down ? a.y + a.h : a.y);
      y1 = (float)(down ? b.y : b.y + b.h);
    }
    ui_arrow(g, x0, y0, x1, y1, 2.0f * g->scale, ac);
  }
}
