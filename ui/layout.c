/* layout.c: the window's layout as a pure function of size and model. */
#include "layout.h"

#include <math.h>

static int iround(float f) { return (int)lroundf(f); }

static SDL_Rect rect(int x, int y, int w, int h) {
  SDL_Rect r = {x, y, w < 0 ? 0 : w, h < 0 ? 0 : h};
  return r;
}

void ui_layout_compute(const ui_layout_in *in, ui_layout *o) {
  int W = in->w < 640 ? 640 : in->w;
  int H = in->h < 400 ? 400 : in->h;
  float s = in->scale > 0.5f ? in->scale : 1.0f;
  /* Text grows a little on big windows so a 4K frame is not all margin. */
  float big = (float)W / s / 1440.0f;
  float grow = big > 1.0f ? (big > 1.6f ? 1.6f : big) : (big < 0.75f ? 0.9f : 1.0f);
  o->font_px = iround(14.0f * s * grow);
  o->small_px = iround(12.0f * s * grow);
  o->title_px = iround(13.0f * s * grow);
  o->mono_px = iround(14.0f * s * grow);
  int g = iround(8.0f * s);
  o->gap = g;
  for (int i = 0; i < UI_P__COUNT; i++) o->r[i] = rect(0, 0, 0, 0);

  int header_h = iround(40.0f * s * grow);
  int scrub_h = iround(46.0f * s * grow);
  o->r[UI_P_HEADER] = rect(0, 0, W, header_h);
  o->r[UI_P_SCRUBBER] = rect(g, H - scrub_h - g, W - 2 * g, scrub_h);

  int top = header_h + g;
  int bottom = H - scrub_h - 2 * g;  /* exclusive */
  int body_h = bottom - top;

  /* Left column: source above narration. */
  int left_w = iround((float)(W - 3 * g) * (W >= 1200 ? 0.38f : 0.42f));
  int narr_h = iround((float)body_h * 0.30f);
  int narr_min = iround(110.0f * s * grow);
  if (narr_h < narr_min) narr_h = narr_min;
  if (!in->has_source) narr_h = body_h;
  int src_h = body_h - narr_h - g;
  if (in->has_source) {
    o->r[UI_P_SOURCE] = rect(g, top, left_w, src_h);
    o->r[UI_P_NARRATION] = rect(g, top + src_h + g, left_w, narr_h);
  } else {
    o->r[UI_P_NARRATION] = rect(g, top, left_w, body_h);
  }

  /* Right column: legend, tasks, loop, then sync | console. */
  int rx = g + left_w + g;
  int rw = W - rx - g;
  int legend_h = iround(24.0f * s * grow);
  o->r[UI_P_LEGEND] = rect(rx, top, rw, legend_h);
  int rest = body_h - legend_h - g;
  /* Tasks: as many card rows as needed, between a fifth and a half of the
   * column; the loop and the console share the rest 60:40. */
  int card_w = iround(260.0f * s), card_h = iround(84.0f * s * grow);
  int cols = rw / card_w > 0 ? rw / card_w : 1;
  int nrows = in->ntasks > 0 ? (in->ntasks + cols - 1) / cols : 1;
  int tasks_h = nrows * (card_h + iround(14.0f * s)) + iround(40.0f * s * grow);
  int tmin = iround((float)rest * 0.20f), tmax = iround((float)rest * (H < 800 ? 0.34f : 0.46f));
  if (tasks_h < tmin) tasks_h = tmin;
  if (tasks_h > tmax) tasks_h = tmax;
  int left = rest - tasks_h - 2 * g;
  float loop_share = H < 800 ? 0.64f : 0.56f;
  if (in->nthreads > 1) loop_share += 0.06f;
  int loop_h = iround((float)left * loop_share);
  int low_h = left - loop_h;
  int y = top + legend_h + g;
  o->r[UI_P_TASKS] = rect(rx, y, rw, tasks_h);
  y += tasks_h + g;
  o->r[UI_P_LOOP] = rect(rx, y, rw, loop_h);
  y += loop_h + g;
  if (in->nsyncs > 0) {
    int sw = (rw - g) / 2;
    o->r[UI_P_SYNC] = rect(rx, y, sw, low_h);
    o->r[UI_P_CONSOLE] = rect(rx + sw + g, y, rw - sw - g, low_h);
  } else {
    o->r[UI_P_CONSOLE] = rect(rx, y, rw, low_h);
  }
}

const char *ui_panel_name(ui_panel_id id) {
  static const char *const names[UI_P__COUNT] = {
    "header", "source", "narration", "legend", "tasks", "loop", "sync", "console",
    "scrubber"};
  return (unsigned)id < UI_P__COUNT ? names[id] : "?";
}
