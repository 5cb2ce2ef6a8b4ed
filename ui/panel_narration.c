/* panel_narration.c: the lesson's notes for the current step (English or
 * Chinese, key T), what the current event means in words, and the
 * warnings the run produced, explained. */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

/* The current event in plain words (a fallback when no note speaks). */
static void describe(const sim_state *s, int lang, char *buf, size_t n) {
  const rt_event *e = &s->event;
  char nb[64] = "", tb[32];
  const sim_task *t = e->task ? sim_state_task(s, e->task) : NULL;
  if (t) sim_task_name(t, nb, sizeof nb);
  buf[0] = 0;
  switch (e->kind) {
  case RT_EV_TASK_CREATED: {
    const sim_task *nt = sim_state_task(s, (uint32_t)e->a[0]);
    char nn[64] = "?";
    if (nt) sim_task_name(nt, nn, sizeof nn);
    snprintf(buf, n, lang ? "创建了任务 %s：它的第一步进入就绪队列。" : "Task %s is created: its first step joins the ready queue.", nn);
    break;
  }
  case RT_EV_TASK_STEP_BEGIN:
    snprintf(buf, n, lang ? "循环运行 %s 的一步。" : "The loop runs a step of %s.", nb);
    break;
  case RT_EV_TASK_SUSPENDED:
    snprintf(buf, n, lang ? "%s 在 await 处挂起，把控制权交回循环。" : "%s suspends at an await and hands control back to the loop.", nb);
    break;
  case RT_EV_TASK_DONE:
    snprintf(buf, n, lang ? "%s 结束了；等它的任务会被唤醒。" : "%s is done; whoever awaits it is woken.", nb);
    break;
  case RT_EV_TIMER_ADDED:
    snprintf(buf, n, lang ? "新定时器在 %ss 到期。" : "A timer is set for %ss.",
             sim_float_repr((double)e->a[1] / 1e9, tb, sizeof tb));
    break;
  case RT_EV_TIMER_FIRED:
    snprintf(buf, n, lang ? "定时器到期：它的回调进入就绪队列。" : "A timer fires: its callback moves into the ready queue.");
    break;
  case RT_EV_IDLE_BEGIN:
    if (e->a[0] >= 0)
      snprintf(buf, n, lang ? "没有可运行的任务：循环空闲，等到 %ss 的下一个定时器。"
                            : "Nothing is ready: the loop idles until the next timer, at %ss.",
               sim_float_repr((double)e->a[0] / 1e9, tb, sizeof tb));
    else
      snprintf(buf, n, lang ? "没有可运行的任务，也没有定时器：循环只能等别的线程或 I/O 唤醒它。"
                            : "Nothing is ready and no timer is pending: only another thread or I/O could wake the loop.");
    break;
  case RT_EV_CLOCK_ADVANCE:
    snprintf(buf, n, lang ? "虚拟时钟跳到 %ss。" : "The virtual clock jumps to %ss.",
             sim_float_repr(s->vtime, tb, sizeof tb));
    break;
  case RT_EV_ITER_BEGIN:
    snprintf(buf, n, lang ? "新一轮循环迭代：运行此刻已就绪的回调。" : "A new loop iteration: it runs the handles ready now.");
    break;
  case RT_EV_HANDLE_SCHEDULED:
    snprintf(buf, n, lang ? "一个回调加入就绪队列末尾。" : "A handle joins the back of the ready queue.");
    break;
  case RT_EV_LINE:
    if (t) snprintf(buf, n, lang ? "%s 来到第 %d 行。" : "%s moves to line %d.", nb, (int)e->a[0]);
    else snprintf(buf, n, lang ? "主线程来到第 %d 行。" : "The main thread moves to line %d.", (int)e->a[0]);
    break;
  case RT_EV_OUTPUT:
    snprintf(buf, n, lang ? "脚本打印了一行。" : "The script prints a line.");
    break;
  default: break;
  }
}

void ui_panel_narration_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r) {
  const ui_doc *d = v->doc;
  SDL_Rect c = ui_panel(g, r, v->lang ? "讲解（T 切换 English）" : "NARRATION (T: 中文)");
  int fpx = g->L.font_px, spx = g->L.small_px;
  int y = c.y;
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, fpx);
  uint32_t idx[8];
  size_t n = ui_doc_notes_at(d, s->step, idx, 8);
  for (size_t i = 0; i < n && y + lh < c.y + c.h; i++) {
    const sim_note *note = &d->notes.notes[idx[i]];
    const char *text = v->lang ? note->zh : note->en;
    if (!text) continue;
    SDL_Rect bar = {c.x, y, ui_px(g, 4), lh};
    ui_fill(g, bar, ui_state_colour[SIM_TASK_READY]);
    int hgt = ui_text_wrap(g->text, UI_FACE_SANS, fpx, ui_colour[UI_C_TEXT], text,
                           c.x + ui_px(g, 12), y, c.w - ui_px(g, 12), (c.y + c.h - y) / lh);
    bar.h = hgt - lh / 4;
    ui_fill(g, bar, ui_state_colour[SIM_TASK_READY]);
    SDL_Rect nr = {c.x, y, c.w, hgt};
    ui_dbg_add(g, UI_DBG_NOTE, idx[i], 0, nr, ui_colour[UI_C_TEXT]);
    y += hgt + ui_px(g, 6);
  }
  long w = ui_doc_warning_at(d, s->step);
  if (w >= 0 && y + lh < c.y + c.h) {
    char buf[600];
    snprintf(buf, sizeof buf, "⚠ %s", d->warnings[w].text);
    y += ui_text_wrap(g->text, UI_FACE_BOLD, spx, ui_colour[UI_C_WARN], buf, c.x, y, c.w, 3);
  }
  if (!v->doc->nsteps && y + lh < c.y + c.h) {
    y += ui_text_wrap(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED],
                      v->lang ? "这一课还不能运行（解释器尚未完成）：这里只显示源码和讲解。"
                              : "This lesson cannot run yet (the interpreter is not ready): "
                                "source and notes only.",
                      c.x, y, c.w, 3);
  }
  char what[256];
  describe(s, v->lang, what, sizeof what);
  int slh = ui_text_line_h(g->text, UI_FACE_SANS, spx);
  if (what[0] && y + slh <= c.y + c.h) {
    int yy = c.y + c.h - slh;
    if (yy < y) yy = y;
    char buf[300];
    snprintf(buf, sizeof buf, v->lang ? "此刻：%s" : "Now: %s", what);
    ui_text_draw_fit(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED], buf, c.x, yy, c.w);
  }
}
