/* panel_console.c: what the script printed so far, each line with the
 * virtual time of its first byte; the newest at the bottom. */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

void ui_panel_console_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r) {
  SDL_Rect c = ui_panel(g, r, v->lang ? "控制台输出" : "CONSOLE");
  int px = g->L.small_px;
  int lh = ui_text_line_h(g->text, UI_FACE_MONO, px) + ui_px(g, 3);
  int rows = c.h / lh;
  if (rows < 1) return;
  if (!s->nconsole) {
    ui_text_draw(g->text, UI_FACE_SANS, px, ui_colour[UI_C_MUTED],
                 v->lang ? "（还没有输出）" : "(nothing printed yet)", c.x, c.y);
    return;
  }
  uint32_t first = s->nconsole > (uint32_t)rows ? s->nconsole - (uint32_t)rows : 0;
  int tw, th;
  ui_text_measure(g->text, UI_FACE_MONO, px, "00.000s ", &tw, &th);
  for (uint32_t i = first; i < s->nconsole; i++) {
    sim_console_line cl;
    if (sim_timeline_console_line(v->doc->tl, i, &cl) != RT_OK) continue;
    int y = c.y + (int)(i - first) * lh;
    bool newest = cl.step == s->step || i + 1 == s->nconsole;
    if (cl.step == s->step) {
      SDL_Rect hl = {c.x - ui_px(g, 4), y - ui_px(g, 1), c.w + ui_px(g, 8), lh};
      ui_fill_round(g, hl, ui_px(g, 3), ui_colour[UI_C_NOTE], 255);
    }
    char tbuf[32];
    snprintf(tbuf, sizeof tbuf, "%6.3fs", cl.vtime);
    ui_text_draw(g->text, UI_FACE_MONO, px, ui_colour[UI_C_COMMENT], tbuf, c.x, y);
    char text[512];
    size_t n = cl.len < sizeof text - 1 ? cl.len : sizeof text - 1;
    memcpy(text, cl.text, n);
    text[n] = 0;
    ui_text_draw_fit(g->text, UI_FACE_MONO, px,
                     cl.stream == 2 ? ui_colour[UI_C_WARN] : ui_colour[UI_C_TEXT], text,
                     c.x + tw + ui_px(g, 6), y, c.w - tw - ui_px(g, 6));
    SDL_Rect lr = {c.x, y, c.w, lh};
    ui_dbg_add(g, UI_DBG_CONSOLE, i, newest, lr, ui_colour[UI_C_TEXT]);
  }
}
