/* layout.h: the window's layout, a pure function from the window's size and
 * a few facts about the model to the panels' rectangles (no SDL calls, so
 * tests run it without a window). */
#ifndef UI_LAYOUT_H
#define UI_LAYOUT_H

#include <SDL_rect.h>
#include <stdbool.h>

/* What the layout depends on besides the size. */
typedef struct ui_layout_in {
  int w, h;          /* drawable size in pixels */
  float scale;       /* pixels per point (HiDPI: 2) */
  int nsyncs;        /* sync objects shown; 0: the console takes their room */
  int nthreads;      /* threads alive; > 1: the loop panel grows a lane row */
  bool has_source;   /* false: the narration takes the source's room */
  int ntasks;        /* tasks shown: the tasks panel takes what its cards need */
} ui_layout_in;

/* Panels, in drawing order. Every rectangle lies inside the window and no
 * two overlap; a rectangle with w == 0 is not shown. */
typedef enum ui_panel_id {
  UI_P_HEADER, UI_P_SOURCE, UI_P_NARRATION, UI_P_LEGEND, UI_P_TASKS,
  UI_P_LOOP, UI_P_SYNC, UI_P_CONSOLE, UI_P_SCRUBBER, UI_P__COUNT
} ui_panel_id;

typedef struct ui_layout {
  SDL_Rect r[UI_P__COUNT];
  int gap;           /* pixels between panels */
  int font_px;       /* the body text size */
  int small_px;      /* labels */
  int title_px;      /* panel titles */
  int mono_px;       /* source code */
} ui_layout;

/* Compute the layout. Never fails: sizes below 640 x 400 are laid out as
 * if they were that size and clipped by the window. */
void ui_layout_compute(const ui_layout_in *in, ui_layout *out);
const char *ui_panel_name(ui_panel_id id);

#endif /* UI_LAYOUT_H */
