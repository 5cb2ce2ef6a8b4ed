/* scrubber.c: the timeline over the whole run, with marks for console
 * lines and warnings, the current step's knob, and the mapping from a
 * click to a step. */
#include <math.h>
#include <stdio.h>

#include "ui_int.h"

SDL_Rect ui_scrubber_track(SDL_Rect r, float scale) {
  int pad = (int)lroundf(16 * scale);
  SDL_Rect t = {r.x + pad, r.y + r.h / 2 - (int)lroundf(3 * scale), r.w - 2 * pad,
                (int)lroundf(6 * scale)};
  return t;
}

uint64_t ui_scrubber_step_at(SDL_Rect r, float scale, uint64_t nsteps, int x) {
  SDL_Rect t = ui_scrubber_track(r, scale);
  if (t.w <= 0 || !nsteps) return 0;
  double f = (double)(x - t.x) / t.w;
  if (f < 0) f = 0;
  if (f > 1) f = 1;
  return (uint64_t)llround(f * (double)nsteps);
}

void ui_scrubber_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r) {
  ui_fill_round(g, r, ui_px(g, 6), ui_colour[UI_C_PANEL], 255);
  SDL_Rect t = ui_scrubber_track(r, g->scale);
  const ui_doc *d = v->doc;
  ui_fill_round(g, t, t.h / 2, ui_colour[UI_C_BORDER], 255);
  uint64_t n = d->nsteps ? d->nsteps : 1;
  int kx = t.x + (int)((double)s->step / (double)n * t.w);
  SDL_Rect done = {t.x, t.y, kx - t.x, t.h};
  ui_fill_round(g, done, t.h / 2, ui_state_colour[SIM_TASK_WAITING], 255);
  int mh = ui_px(g, 9);
  for (size_t i = 0; i < d->nmarks; i++) {
    int x = t.x + (int)((double)d->marks[i].step / (double)n * t.w);
    ui_rgb col = d->marks[i].kind == 0 ? ui_colour[UI_C_TEXT] : ui_colour[UI_C_WARN];
    SDL_Rect m = {x - ui_px(g, 1), t.y - mh, ui_px(g, 2), mh - ui_px(g, 1)};
    if (d->marks[i].kind) {
      m.w = ui_px(g, 4);
      m.x = x - ui_px(g, 2);
      m.y = t.y - mh - ui_px(g, 3);
      m.h = mh + ui_px(g, 3);
    }
    ui_fill(g, m, col);
  }
  ui_circle(g, (float)kx, (float)(t.y + t.h / 2), 7.5f * g->scale, ui_colour[UI_C_HEADER]);
  ui_circle(g, (float)kx, (float)(t.y + t.h / 2), 4.0f * g->scale, ui_colour[UI_C_PANEL]);
  char lb[96], tb[32];
  snprintf(lb, sizeof lb, v->lang ? "| 输出   红色：警告   点击跳转" : "| printed line   red: warning   click to jump");
  int spx = g->L.small_px;
  ui_text_draw(g->text, UI_FACE_SANS, spx * 9 / 10, ui_colour[UI_C_MUTED], lb, t.x,
               t.y + t.h + ui_px(g, 4));
  snprintf(lb, sizeof lb, "%ss", sim_float_repr(round(d->end_time * 1000) / 1000, tb, sizeof tb));
  int w, h;
  ui_text_measure(g->text, UI_FACE_SANS, spx * 9 / 10, lb, &w, &h);
  ui_text_draw(g->text, UI_FACE_SANS, spx * 9 / 10, ui_colour[UI_C_MUTED], lb, t.x + t.w - w,
               t.y + t.h + ui_px(g, 4));
}
