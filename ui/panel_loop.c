/* panel_loop.c: the event loop: the handle running now, the ready queue as
 * an ordered row of handle boxes with the current iteration's batch boxed,
 * the pending timers on a ruler of virtual time with the clock's hand
 * (each labelled with its owner), and the threads as lanes when there is
 * more than one. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

/* The loop to show: the one the running event is on, else the last one
 * not closed, else the last. */
static const sim_loop *pick_loop(const sim_state *s) {
  if (!s->nloops) return NULL;
  if (s->event.loop) {
    const sim_loop *l = sim_state_loop(s, s->event.loop);
    if (l && !l->closed) return l;
  }
  for (uint32_t i = s->nloops; i-- > 0;)
    if (!s->loops[i].closed) return &s->loops[i];
  return &s->loops[s->nloops - 1];
}

static void handle_text(const sim_state *s, const sim_handle *h, int lang, char *buf, size_t n) {
  char nb[64] = "";
  const sim_task *t = h->of ? sim_state_task(s, h->of) : NULL;
  if (t) sim_task_name(t, nb, sizeof nb);
  switch (h->kind) {
  case RT_HK_TASK_STEP: snprintf(buf, n, lang ? "%s 的一步" : "step %s", nb); break;
  case RT_HK_WAKEUP: snprintf(buf, n, lang ? "唤醒 %s" : "wake %s", nb); break;
  case RT_HK_TIMER: snprintf(buf, n, lang ? "定时器 #%llu" : "timer #%llu", (unsigned long long)h->id); break;
  case RT_HK_FUTURE_CB: snprintf(buf, n, lang ? "future 回调" : "future cb"); break;
  default: snprintf(buf, n, lang ? "回调 #%llu" : "callback #%llu", (unsigned long long)h->id); break;
  }
}

static ui_rgb handle_colour(uint8_t kind) {
  switch (kind) {
  case RT_HK_TASK_STEP:
  case RT_HK_WAKEUP: return ui_state_colour[SIM_TASK_READY];
  case RT_HK_TIMER: return ui_colour[UI_C_TIMER];
  default: return ui_colour[UI_C_CALLBACK];
  }
}

/* Ruler geometry: time t to x. */
typedef struct ruler {
  double t0, t1;
  int x0, x1;
} ruler;

static float rx(const ruler *r, double t) {
  return (float)(r->x0 + (t - r->t0) / (r->t1 - r->t0) * (r->x1 - r->x0));
}

static double nice_step(double span) {
  static const double steps[] = {0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
    if (span / steps[i] <= 10) return steps[i];
  return 1200;
}

void ui_panel_loop_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r) {
  const sim_loop *lp = pick_loop(s);
  /* A loop whose thread is blocked (time.sleep in a task, a lock) cannot
   * run anything: say so, and show on the ruler until when. */
  const sim_thread *lt = lp && lp->running ? sim_state_thread(s, lp->thread) : NULL;
  bool blocked = lt && lt->state == SIM_THREAD_BLOCKED;
  char title[160];
  if (lp) {
    const char *st = blocked ? (v->lang ? "被阻塞" : "BLOCKED")
                     : lp->closed ? (v->lang ? "已关闭" : "closed")
                     : lp->idle ? (v->lang ? "空闲等待" : "idle")
                     : lp->running ? (v->lang ? "运行中" : "running")
                                   : (v->lang ? "未运行" : "not running");
    snprintf(title, sizeof title, v->lang ? "事件循环 %u · 第 %llu 次迭代 · %s"
                                          : "EVENT LOOP %u · ITERATION %llu · %s",
             lp->id, (unsigned long long)lp->iteration, st);
  } else {
    snprintf(title, sizeof title, "%s", v->lang ? "事件循环" : "EVENT LOOP");
  }
  SDL_Rect c = ui_panel(g, r, title);
  int spx = g->L.small_px, fpx = g->L.font_px;
  int lh = ui_text_line_h(g->text, UI_FACE_SANS, spx);
  if (!lp) {
    ui_text_draw(g->text, UI_FACE_SANS, fpx, ui_colour[UI_C_MUTED],
                 v->lang ? "还没有事件循环" : "no event loop yet", c.x, c.y);
    return;
  }
  float e = ui_anim_ease(&v->anim);

  /* Threads row at the bottom when there is more than one. */
  int lanes_h = 0;
  if (s->nthreads > 1) {
    int row = lh + ui_px(g, 8);
    lanes_h = row * (int)(s->nthreads > 4 ? 4 : s->nthreads) + ui_px(g, 4);
    int y = c.y + c.h - lanes_h + ui_px(g, 4);
    for (uint32_t i = 0; i < s->nthreads && i < 4; i++) {
      const sim_thread *th = &s->threads[i];
      ui_rgb col = th->state == SIM_THREAD_RUNNING ? ui_state_colour[SIM_TASK_RUNNING]
                   : th->state == SIM_THREAD_BLOCKED ? ui_state_colour[SIM_TASK_FAILED]
                   : th->state == SIM_THREAD_DONE ? ui_state_colour[SIM_TASK_DONE]
                                                  : ui_state_colour[SIM_TASK_WAITING];
      SDL_Rect lane = {c.x, y, c.w, row - ui_px(g, 3)};
      ui_fill_round(g, lane, ui_px(g, 4), ui_rgb_mix((ui_rgb){255, 255, 255}, col, 0.15f), 255);
      SDL_Rect dot = {c.x, y, ui_px(g, 6), row - ui_px(g, 3)};
      ui_fill(g, dot, col);
      char buf[200], bb[96];
      const char *nm = th->name ? ui_str(th->name) : "thread";
      if (th->state == SIM_THREAD_BLOCKED) {
        snprintf(buf, sizeof buf, "%s #%u: %s%s", nm, th->id, ui_thread_block(th, v->lang, bb, sizeof bb),
                 th->loop ? (v->lang ? "：它的事件循环无法运行" : " — its loop cannot run") : "");
      } else {
        snprintf(buf, sizeof buf, "%s #%u: %s%s", nm, th->id,
                 sim_thread_state_name((sim_thread_state)th->state), th->loop ? " (runs a loop)" : "");
      }
      if (th->line > 0 && th->state != SIM_THREAD_DONE) {
        size_t k = strlen(buf);
        snprintf(buf + k, sizeof buf - k, v->lang ? "，第 %d 行" : " · line %d", th->line);
      }
      ui_text_draw_fit(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_TEXT], buf, c.x + ui_px(g, 12),
                       y + ui_px(g, 2), c.w - ui_px(g, 16));
      y += row;
    }
  }
  SDL_Rect body = {c.x, c.y, c.w, c.h - lanes_h};

  /* --- Ready queue row. */
  int bh = lh * 2 + ui_px(g, 10);
  int y = body.y;
  int x = body.x;
  /* "now" box: the task step running now (its handle left the queue). */
  const sim_task *run = s->task ? sim_state_task(s, s->task) : NULL;
  const char *now_l = v->lang ? "正在运行" : "RUNNING NOW";
  int lw, lhh;
  ui_text_measure(g->text, UI_FACE_BOLD, spx, now_l, &lw, &lhh);
  int nowbox_w = ui_px(g, 130);
  if (nowbox_w < lw + ui_px(g, 14)) nowbox_w = lw + ui_px(g, 14);
  SDL_Rect nb = {x, y, nowbox_w, bh};
  if (run && run->state == SIM_TASK_RUNNING) {
    ui_rgb col = ui_state_colour[blocked ? SIM_TASK_FAILED : SIM_TASK_RUNNING];
    ui_fill_round(g, nb, ui_px(g, 6), col, 255);
    char nm[64];
    sim_task_name(run, nm, sizeof nm);
    if (blocked) now_l = v->lang ? "运行中，但被阻塞" : "RUNS, BLOCKED";
    ui_text_draw(g->text, UI_FACE_BOLD, spx, ui_on(col), now_l, nb.x + ui_px(g, 7), nb.y + ui_px(g, 4));
    ui_text_draw_fit(g->text, UI_FACE_BOLD, fpx, ui_on(col), nm, nb.x + ui_px(g, 7),
                     nb.y + ui_px(g, 4) + lh, nb.w - ui_px(g, 14));
    ui_dbg_add(g, UI_DBG_HANDLE, 0, SIM_TASK_RUNNING, nb, col);
  } else {
    SDL_Rect o = nb;
    ui_fill_round(g, o, ui_px(g, 6), ui_colour[UI_C_BORDER], 255);
    SDL_Rect in = {o.x + ui_px(g, 2), o.y + ui_px(g, 2), o.w - ui_px(g, 4), o.h - ui_px(g, 4)};
    ui_fill_round(g, in, ui_px(g, 5), ui_colour[UI_C_PANEL], 255);
    ui_text_draw(g->text, UI_FACE_BOLD, spx, ui_colour[UI_C_MUTED], now_l, nb.x + ui_px(g, 7), nb.y + ui_px(g, 4));
    char what[64], tb[32];
    if (lp->idle && lp->idle_until_ns >= 0)
      snprintf(what, sizeof what, v->lang ? "空闲到 %ss" : "idle until %ss",
               sim_float_repr((double)lp->idle_until_ns / 1e9, tb, sizeof tb));
    else if (lp->idle)
      snprintf(what, sizeof what, "%s", v->lang ? "空闲，无事可等" : "idle, nothing due");
    else
      snprintf(what, sizeof what, "%s", v->lang ? "循环本身" : "the loop itself");
    ui_text_draw_fit(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED], what, nb.x + ui_px(g, 7),
                     nb.y + ui_px(g, 4) + lh, nb.w - ui_px(g, 14));
  }
  x += nowbox_w + ui_px(g, 14);
  const char *ql = v->lang ? "就绪队列 →" : "ready queue →";
  int qlw = ui_text_draw(g->text, UI_FACE_BOLD, spx, ui_colour[UI_C_MUTED], ql, x,
                         y + (bh - lh) / 2);
  x += qlw + ui_px(g, 10);
  int qx0 = x;
  int boxw = ui_px(g, 112), gap = ui_px(g, 8);
  int avail = body.x + body.w - qx0;
  int fit = (avail + gap) / (boxw + gap);
  if (fit < 1) fit = 1;
  uint32_t n = lp->nready;
  uint32_t show = n <= (uint32_t)fit ? n : (uint32_t)(fit - 1);
  if (n == 0)
    ui_text_draw(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED],
                 v->lang ? "（空）" : "(empty)", x, y + (bh - lh) / 2);

  /* Ruler geometry first: a timer falling into the queue starts there. */
  int ry = y + bh + lh + ui_px(g, 16);  /* below the "this iteration" label */
  int rh = body.y + body.h - ry;
  ruler R;
  double now = s->vtime;
  double hand = v->anim.t < 1 ? v->anim.vtime_from + (now - v->anim.vtime_from) * e : now;
  double last = now;
  for (uint32_t i = 0; i < lp->ntimers; i++) {
    double w = (double)lp->timers[i].when_ns / 1e9;
    if (w > last) last = w;
  }
  if (blocked && lt->until_ns >= 0 && (double)lt->until_ns / 1e9 > last) last = (double)lt->until_ns / 1e9;
  double span = last - now + 0.6;
  if (span < 3.0) span = 3.0;
  R.t0 = now - span * 0.15;
  if (R.t0 < 0 && now < span * 0.15) R.t0 = now > 0 ? now - span * 0.15 : -span * 0.06;
  R.t1 = R.t0 + span * 1.15;
  /* A blocked loop: the ruler reaches back to when the block began. */
  double since = blocked ? ui_doc_block_since(v->doc, lt->id, s->step) : -1;
  if (since >= 0 && since < R.t0 + span * 0.05) R.t0 = since - span * 0.05;
  R.x0 = body.x + ui_px(g, 10);
  R.x1 = body.x + body.w - ui_px(g, 40);
  int axis_y = ry + rh - lh - ui_px(g, 8);

  /* The current iteration's batch frame. */
  uint32_t in_batch = 0;
  if (v->batch_loop == lp->id)
    for (uint32_t i = 0; i < show; i++)
      if (lp->ready[i].id <= v->batch_max) in_batch = i + 1;
  if (in_batch) {
    SDL_Rect fr = {qx0 - ui_px(g, 5), y - ui_px(g, 5),
                   (int)in_batch * (boxw + gap) - gap + ui_px(g, 10), bh + ui_px(g, 10)};
    ui_fill_round(g, fr, ui_px(g, 8), ui_colour[UI_C_TEXT], 255);
    SDL_Rect fi = {fr.x + ui_px(g, 2), fr.y + ui_px(g, 2), fr.w - ui_px(g, 4), fr.h - ui_px(g, 4)};
    ui_fill_round(g, fi, ui_px(g, 7), ui_colour[UI_C_PANEL], 255);
    const char *bl = v->lang ? "本次迭代" : "this iteration";
    ui_text_draw(g->text, UI_FACE_SANS, spx * 9 / 10, ui_colour[UI_C_MUTED], bl, fr.x + ui_px(g, 4),
                 fr.y + fr.h + ui_px(g, 1));
  }
  for (uint32_t i = 0; i < show; i++) {
    const sim_handle *h = &lp->ready[i];
    float fx = (float)(qx0 + (int)i * (boxw + gap)), fy = (float)y;
    float slot;
    double when;
    if (ui_anim_handle_from(&v->anim, h->id, &slot, &when)) {
      float sx, sy;
      if (slot >= 0) {
        sx = (float)qx0 + slot * (float)(boxw + gap);
        sy = (float)y;
      } else {  /* a timer falling from the ruler into the queue */
        sx = rx(&R, when) - (float)boxw / 2;
        sy = (float)(axis_y - bh);
      }
      fx = sx + (fx - sx) * e;
      fy = sy + (fy - sy) * e;
    } else if (v->anim.t < 1) {
      /* New in the queue: slide in from the right. */
      fx += (1.0f - e) * ui_px(g, 40);
    }
    SDL_Rect b = {(int)lroundf(fx), (int)lroundf(fy), boxw, bh};
    ui_rgb col = handle_colour(h->kind);
    if (h->cancelled) col = ui_rgb_mix(col, (ui_rgb){255, 255, 255}, 0.6f);
    ui_fill_round(g, b, ui_px(g, 6), col, 255);
    char kind[32], who[64] = "";
    const char *kn = h->kind == RT_HK_TASK_STEP ? (v->lang ? "任务一步" : "task step")
                     : h->kind == RT_HK_WAKEUP ? (v->lang ? "唤醒" : "wake-up")
                     : h->kind == RT_HK_TIMER ? (v->lang ? "定时器" : "timer")
                     : h->kind == RT_HK_FUTURE_CB ? (v->lang ? "future 回调" : "future cb")
                                                  : (v->lang ? "回调" : "callback");
    snprintf(kind, sizeof kind, "%u · %s", i + 1, kn);
    const sim_task *t = h->of ? sim_state_task(s, h->of) : NULL;
    const sim_task *by = h->by ? sim_state_task(s, h->by) : NULL;
    if (t) sim_task_name(t, who, sizeof who);
    else if (h->kind == RT_HK_TIMER && by) {
      char bn[48];
      snprintf(who, sizeof who, v->lang ? "%s 的 sleep" : "%s's sleep", sim_task_name(by, bn, sizeof bn));
    } else handle_text(s, h, v->lang, who, sizeof who);
    ui_text_draw_fit(g->text, UI_FACE_SANS, spx, ui_on(col), kind, b.x + ui_px(g, 7),
                     b.y + ui_px(g, 4), b.w - ui_px(g, 12));
    ui_text_draw_fit(g->text, UI_FACE_BOLD, spx, ui_on(col), who, b.x + ui_px(g, 7),
                     b.y + ui_px(g, 4) + lh, b.w - ui_px(g, 12));
    if (h->cancelled)
      ui_line(g, (float)b.x + 4, (float)(b.y + b.h / 2), (float)(b.x + b.w - 4),
              (float)(b.y + b.h / 2), 2.0f * g->scale, ui_colour[UI_C_WARN]);
    ui_dbg_add(g, UI_DBG_HANDLE, (uint32_t)h->id, h->kind, b, col);
  }
  if (show < n) {
    char more[32];
    snprintf(more, sizeof more, "+%u", n - show);
    ui_text_draw(g->text, UI_FACE_BOLD, fpx, ui_colour[UI_C_MUTED], more,
                 qx0 + (int)show * (boxw + gap), y + (bh - lh) / 2);
  }

  /* --- Timers ruler. */
  if (rh < lh * 3) return;
  char tl[96];
  snprintf(tl, sizeof tl, v->lang ? "定时器（虚拟时间）· %u 个等待中" : "timers (virtual time) · %u pending",
           lp->ntimers);
  ui_text_draw(g->text, UI_FACE_BOLD, spx, ui_colour[UI_C_MUTED], tl, body.x, ry - ui_px(g, 6));
  ui_line(g, (float)R.x0, (float)axis_y, (float)R.x1, (float)axis_y, 1.5f * g->scale,
          ui_colour[UI_C_MUTED]);
  double st = nice_step(R.t1 - R.t0);
  for (double t = ceil(R.t0 / st) * st; t <= R.t1 + 1e-9; t += st) {
    if (t < -1e-9) continue;
    float xx = rx(&R, t);
    ui_line(g, xx, (float)axis_y, xx, (float)axis_y + ui_px(g, 5), 1.0f * g->scale,
            ui_colour[UI_C_MUTED]);
    char lb[32], tb[32];
    double tt = round(t * 1000) / 1000;
    snprintf(lb, sizeof lb, "%ss", sim_float_repr(tt == 0 ? 0.0 : tt, tb, sizeof tb));
    int w, hh;
    ui_text_measure(g->text, UI_FACE_SANS, spx, lb, &w, &hh);
    ui_text_draw(g->text, UI_FACE_SANS, spx, ui_colour[UI_C_MUTED], lb, (int)xx - w / 2,
                 axis_y + ui_px(g, 6));
  }
  /* Timers: a pin at the deadline, the owner's name above, stacked when
   * close. */
  /* Label rows fit between the "now" line (below the title) and the axis. */
  int label_top = ry + 2 * lh + ui_px(g, 6);
  int label_rows = (axis_y - ui_px(g, 10) - label_top) / (lh + ui_px(g, 6));
  if (label_rows < 1) label_rows = 1;
  int right_edge[8], last_pin_x = -1;
  enum { MAX_LABELS = 64 };
  struct { SDL_Rect r; char text[96]; } labels[MAX_LABELS];
  int nlabels = 0;
  for (int i = 0; i < 8; i++) right_edge[i] = -100000;
  for (uint32_t i = 0; i < lp->ntimers; i++) {
    const sim_timer *tm = &lp->timers[i];
    double w = (double)tm->when_ns / 1e9;
    float xx = rx(&R, w);
    int pad = ui_px(g, 6);
    int bx = (int)xx - pad;
    int row = 0;
    while (row < label_rows && row < 8 && right_edge[row] > bx) row++;
    if (row >= label_rows || row >= 8) {
      /* No room for its label: a bare pin (hundreds of timers stay cheap
       * and legible this way). */
      SDL_Rect pin = {(int)xx - ui_px(g, 1), axis_y - ui_px(g, 8), ui_px(g, 2), ui_px(g, 8)};
      /* Timers due together share one pin (drawn once: 1,000 timers on a
       * dozen deadlines cost a dozen rects). */
      if (pin.x != last_pin_x) ui_fill(g, pin, ui_colour[UI_C_TIMER]);
      last_pin_x = pin.x;
      ui_dbg_add(g, UI_DBG_TIMER, (uint32_t)tm->id, tm->kind, pin, ui_colour[UI_C_TIMER]);
      if (tm->owner) ui_anchor_add(g, UI_AN_TIMER, tm->owner, pin);
      continue;
    }
    /* Three or more due at the same pixel: one label, "+N" for the rest
     * (two keep both names: "two timers due at 2.0s" is a lesson). */
    uint32_t grp = 1;
    while (i + grp < lp->ntimers &&
           (int)rx(&R, (double)lp->timers[i + grp].when_ns / 1e9) == (int)xx)
      grp++;
    char lb[96], nm[64] = "", tb[32];
    const sim_task *ow = tm->owner ? sim_state_task(s, tm->owner) : NULL;
    if (ow) sim_task_name(ow, nm, sizeof nm);
    else snprintf(nm, sizeof nm, "%s", v->lang ? "回调" : "call_later");
    if (ow && tm->kind != RT_HK_TIMER) {
      /* Not its sleep: the time limit of what it awaits, or a callback. */
      const sim_future *wf = ow->waits_on ? sim_state_future(s, ow->waits_on) : NULL;
      bool limit = wf && (wf->wait_kind == RT_WAIT_WAIT_FOR || wf->wait_kind == RT_WAIT_WAIT ||
                          wf->wait_kind == RT_WAIT_AS_COMPLETED);
      size_t k = strlen(nm);
      snprintf(nm + k, sizeof nm - k, "%s", limit ? (v->lang ? " 超时" : " timeout")
                                                  : (v->lang ? " 回调" : " callback"));
    }
    if (grp >= 3)
      snprintf(lb, sizeof lb, "%s +%u @%ss", nm, grp - 1, sim_float_repr(w, tb, sizeof tb));
    else
      snprintf(lb, sizeof lb, "%s @%ss", nm, sim_float_repr(w, tb, sizeof tb));
    int tw, th;
    ui_text_measure(g->text, UI_FACE_BOLD, spx, lb, &tw, &th);
    right_edge[row] = bx + tw + 2 * pad + ui_px(g, 6);
    int by = axis_y - ui_px(g, 10) - (row + 1) * (th + ui_px(g, 6));
    SDL_Rect lbl = {bx, by, tw + 2 * pad, th + ui_px(g, 4)};
    if (lbl.x + lbl.w > body.x + body.w) lbl.x = body.x + body.w - lbl.w;
    float slot;
    double was;
    if (ui_anim_handle_from(&v->anim, tm->id, &slot, &was) && slot >= 0) {
      /* Stepping back over a firing: the handle rises from the queue. */
      float sx = (float)qx0 + slot * (float)(boxw + gap), sy = (float)y;
      lbl.x = (int)lroundf(sx + ((float)lbl.x - sx) * e);
      lbl.y = (int)lroundf(sy + ((float)lbl.y - sy) * e);
    }
    ui_rgb col = ui_colour[UI_C_TIMER];
    ui_line(g, xx, (float)(lbl.y + lbl.h), xx, (float)axis_y, 2.0f * g->scale, col);
    ui_circle(g, xx, (float)axis_y, 4.5f * g->scale, col);
    /* Labels go on top of every stem, in a second pass. */
    if (nlabels < MAX_LABELS) {
      labels[nlabels].r = lbl;
      snprintf(labels[nlabels].text, sizeof labels[nlabels].text, "%s", lb);
      nlabels++;
    }
    ui_dbg_add(g, UI_DBG_TIMER, (uint32_t)tm->id, tm->kind, lbl, col);
    if (tm->owner) ui_anchor_add(g, UI_AN_TIMER, tm->owner, lbl);
    if (grp >= 3) {
      for (uint32_t k = 1; k < grp; k++) {
        const sim_timer *o = &lp->timers[i + k];
        ui_dbg_add(g, UI_DBG_TIMER, (uint32_t)o->id, o->kind, lbl, col);
        if (o->owner) ui_anchor_add(g, UI_AN_TIMER, o->owner, lbl);
      }
      i += grp - 1;
    }
  }
  for (int i = 0; i < nlabels; i++) {
    ui_rgb col = ui_colour[UI_C_TIMER];
    ui_fill_round(g, labels[i].r, ui_px(g, 4), col, 255);
    ui_text_draw(g->text, UI_FACE_BOLD, spx, ui_on(col), labels[i].text, labels[i].r.x + ui_px(g, 6),
                 labels[i].r.y + ui_px(g, 2));
  }
  /* A blocked loop: the stretch of time it loses, from now to the end of
   * the block. */
  if (blocked && lt->until_ns >= 0) {
    float bx0 = rx(&R, since >= 0 ? since : now), bx1 = rx(&R, (double)lt->until_ns / 1e9);
    ui_rgb bc = ui_state_colour[SIM_TASK_FAILED];
    SDL_Rect band = {(int)bx0, axis_y - ui_px(g, 14), (int)(bx1 - bx0), ui_px(g, 10)};
    ui_fill_round(g, band, ui_px(g, 3), ui_rgb_mix((ui_rgb){255, 255, 255}, bc, 0.55f), 255);
    char bl[160], bb[96];
    char tb[32];
    if (since >= 0)
      snprintf(bl, sizeof bl, v->lang ? "事件循环从 %ss 起%s：这段时间什么也不能运行"
                                      : "since %ss the loop is %s: nothing else can run",
               sim_float_repr(since, tb, sizeof tb), ui_thread_block(lt, v->lang, bb, sizeof bb));
    else
      snprintf(bl, sizeof bl, v->lang ? "事件循环%s：这段时间什么也不能运行" : "the loop is %s: nothing else can run",
               ui_thread_block(lt, v->lang, bb, sizeof bb));
    int bw, bh2;
    ui_text_measure(g->text, UI_FACE_BOLD, spx, bl, &bw, &bh2);
    int lx = (int)bx0 + ui_px(g, 8);
    if (lx + bw > body.x + body.w) lx = body.x + body.w - bw;
    ui_text_draw(g->text, UI_FACE_BOLD, spx, bc, bl, lx, axis_y - ui_px(g, 18) - bh2);
  }
  /* The clock's hand. */
  float hx = rx(&R, hand);
  ui_rgb hc = ui_colour[UI_C_WARN];
  ui_line(g, hx, (float)(ry + lh), hx, (float)axis_y + ui_px(g, 4), 2.5f * g->scale, hc);
  char nl[48], tb[32];
  snprintf(nl, sizeof nl, v->lang ? "现在 %ss" : "now %ss",
           sim_float_repr(round(hand * 1000) / 1000, tb, sizeof tb));
  int nw, nh;
  ui_text_measure(g->text, UI_FACE_BOLD, spx, nl, &nw, &nh);
  int nx = (int)hx + ui_px(g, 5);
  if (nx + nw > body.x + body.w) nx = (int)hx - nw - ui_px(g, 5);
  ui_text_draw(g->text, UI_FACE_BOLD, spx, hc, nl, nx, ry + lh - ui_px(g, 2));
}
