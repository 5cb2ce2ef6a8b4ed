/* ui_int.h: the window's private model, drawing context and the contract
 * between app, panels, layout and tests.
 *
 * Invariants:
 * - A ui_doc owns a recorded timeline (or borrows the caller's), the lesson
 *   source split in lines, the parsed notes and the note triggers computed
 *   once at open. Nothing records into the timeline after open.
 * - The update phase (app.c, render.c) seeks the timeline and advances the
 *   animation; the draw phase (ui_draw_frame and the panels) reads the
 *   model and the sim_state only and never changes them. The one thing
 *   draw writes is the optional debug list (ui_debug), which tests read.
 * - Text textures live in the ui_text cache, owned by the gfx context, and
 *   die with the renderer. */
#ifndef UI_INT_H
#define UI_INT_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "sim.h"
#include "sim_lessons.h"
#include "ui.h"

/* ------------------------------------------------------------ palette */

typedef struct ui_rgb {
  uint8_t r, g, b;
} ui_rgb;

/* One colour per task state, used everywhere (cards, markers, handles,
 * legend, scrubber). Indexed by sim_task_state. */
extern const ui_rgb ui_state_colour[7];
extern const char *const ui_state_label[7];

enum {
  UI_C_BG, UI_C_PANEL, UI_C_BORDER, UI_C_TEXT, UI_C_MUTED, UI_C_HEADER,
  UI_C_HEADER_TEXT, UI_C_ACCENT, UI_C_SRC_RUN, UI_C_KEYWORD, UI_C_STRING,
  UI_C_COMMENT, UI_C_NUMBER, UI_C_FUNC, UI_C_NOTE, UI_C_WARN, UI_C_TIMER,
  UI_C_CALLBACK, UI_C_SHADOW, UI_C__COUNT
};
extern const ui_rgb ui_colour[UI_C__COUNT];

/* --------------------------------------------------------------- text */

typedef enum ui_face { UI_FACE_SANS, UI_FACE_BOLD, UI_FACE_MONO, UI_FACE__COUNT } ui_face;
typedef struct ui_text ui_text;

/* Find the fonts through fontconfig (Latin sans, bold, mono, and a CJK
 * font for fallback per glyph). NULL with a reason on stderr. */
ui_text *ui_text_new(SDL_Renderer *r);
void ui_text_free(ui_text *t);
/* Draw s at (x, y) (top-left); returns its width in pixels. */
int ui_text_draw(ui_text *t, ui_face f, int px, ui_rgb c, const char *s, int x, int y);
/* As ui_text_draw, but shortened with "…" to fit maxw. */
int ui_text_draw_fit(ui_text *t, ui_face f, int px, ui_rgb c, const char *s, int x,
                     int y, int maxw);
/* Size of s without drawing (uses the same cache). */
void ui_text_measure(ui_text *t, ui_face f, int px, const char *s, int *w, int *h);
/* Draw s wrapped into maxw (break at spaces, or anywhere in CJK text);
 * at most max_lines lines (the last ellipsised). Returns the height. */
int ui_text_wrap(ui_text *t, ui_face f, int px, ui_rgb c, const char *s, int x, int y,
                 int maxw, int max_lines);
/* The line height for a face at px. */
int ui_text_line_h(ui_text *t, ui_face f, int px);
/* Whether every code point of s is provided by the font chain used for
 * face f; the first missing one into *missing. */
bool ui_text_covers(ui_text *t, ui_face f, const char *s, uint32_t *missing);
/* Drop every cached texture (e.g. after the window's scale changed). */
void ui_text_flush(ui_text *t);

/* ------------------------------------------------------------ document */

typedef struct ui_trigger {
  uint64_t step;
  uint32_t note;       /* index in notes.notes */
} ui_trigger;

typedef struct ui_mark {
  uint64_t step;
  uint8_t kind;        /* 0 console line, 1 warning, 2 deadlock */
} ui_mark;

typedef struct ui_warning {
  uint64_t step;
  char *text;          /* the warning's message, explained */
} ui_warning;

/* A gather, wait, shield... and its children, as group.new and group.add
 * recorded them (their states are read from the state at each step). */
typedef struct ui_group {
  uint32_t id;             /* gather's and shield's outer future, wait's
                              waiter future; wait_for's and as_completed's
                              own object id (rt.h: "Traces") */
  uint32_t future;         /* the future that stands for it: id, or for
                              wait_for and as_completed the one their task
                              makes right after (0 until then) */
  uint8_t kind;            /* rt_group_kind */
  uint32_t nchildren;
  uint32_t *children;      /* future or task ids, in argument order */
} ui_group;

/* When a thread blocked (thread.block), so a blocked loop's lost time can
 * be drawn from its start. */
typedef struct ui_block {
  uint64_t step;           /* the step of the thread.block event */
  uint32_t thread;
  double since;            /* virtual time then */
} ui_block;

typedef struct ui_doc {
  char *title;             /* "07b  Who ends first" */
  char *title_zh;
  char *lesson_id;         /* NULL for a scene without a lesson */
  char *src_file;          /* the source's file name ("07b_who_ends_first.py"); NULL */
  sim_timeline *tl;
  bool own_tl;
  char *src;               /* the Python source; NULL: none */
  size_t nlines;
  char **lines;            /* pointers into a copy of src, NUL-ended */
  sim_notes notes;
  ui_trigger *triggers;    /* by step, then file order */
  size_t ntriggers;
  ui_mark *marks;
  size_t nmarks;
  ui_warning *warnings;
  size_t nwarnings;
  ui_group *groups;        /* in creation order */
  size_t ngroups;
  ui_block *blocks;        /* by step */
  size_t nblocks;
  uint64_t nsteps;         /* sim_timeline_count */
  double end_time;         /* vtime at the last step */
  int status;              /* the run's result: RT_OK, RT_EDEADLOCK ... */
} ui_doc;

/* Open o's document (scene, lesson mirror, or o->timeline). NULL with a
 * reason in err. *bad_arg set when the name was unknown. */
ui_doc *ui_doc_open(const ui_opts *o, char *err, size_t errlen, bool *bad_arg);
void ui_doc_free(ui_doc *d);
/* Notes current at `step` (the group(s) triggered last at or before it):
 * their indices into *out (up to max); returns how many. */
size_t ui_doc_notes_at(const ui_doc *d, uint64_t step, uint32_t *out, size_t max);
/* Whether a frame's or task's file id (0: the main script) is the source
 * shown. */
bool ui_doc_is_source(const ui_doc *d, int64_t file);
/* When thread's block current at step began (virtual time), or -1. */
double ui_doc_block_since(const ui_doc *d, uint32_t thread, uint64_t step);
/* The group that future id stands for, or NULL. */
const ui_group *ui_doc_group(const ui_doc *d, uint32_t id);
/* The function whose body holds source line `line` (by indentation: the
 * nearest def/async def further out), into buf; "" at module level. */
const char *ui_doc_func_at(const ui_doc *d, int line, char *buf, size_t n);
/* Warnings at or before step: index of the last, or -1. */
long ui_doc_warning_at(const ui_doc *d, uint64_t step);

/* Built-in scenes (scenes.c): scene `name`'s script (in ui_scenes_dir())
 * into buf, and its titles. RT_OK, or RT_EINVAL (unknown name, or the path
 * does not fit in n bytes). */
int ui_scene_path(const char *name, char *buf, size_t n, const char **title_en,
                  const char **title_zh);
/* Where the scenes' scripts are: $COROSCOPE_SCENES if set, else the source
 * tree's ui/scenes/ as configured at build time. */
const char *ui_scenes_dir(void);

/* ------------------------------------------------------------ animation */

#define UI_ANIM_MAX 256

/* Where things were before the last step change, so draw can slide them
 * from there: ready handles (by id: their index, or a timer's position),
 * task states (by id). t runs 0 -> 1 over the transition. */
typedef struct ui_anim {
  float t;                 /* 1: at rest */
  float duration;          /* seconds per transition */
  int n_handles;
  uint64_t h_id[UI_ANIM_MAX];
  float h_slot[UI_ANIM_MAX];     /* ready index, or -1 - (timer index) */
  double h_when[UI_ANIM_MAX];    /* a timer's deadline (s) */
  int n_tasks;
  uint32_t t_id[UI_ANIM_MAX];
  uint8_t t_state[UI_ANIM_MAX];
  double vtime_from;       /* the clock's hand slides too */
} ui_anim;

/* Before seeking away from state s: remember where things are. */
void ui_anim_begin(ui_anim *a, const sim_state *s, float duration);
/* Advance by dt seconds. */
void ui_anim_update(ui_anim *a, float dt);
/* Eased progress (0..1). */
float ui_anim_ease(const ui_anim *a);
/* The previous slot of handle id (ready index >= 0; a timer: -1 and its
 * deadline in *when); false if it was not there. */
bool ui_anim_handle_from(const ui_anim *a, uint64_t id, float *slot, double *when);
/* The previous state of task id; false if it did not exist. */
bool ui_anim_task_from(const ui_anim *a, uint32_t id, uint8_t *state);
/* Blend two colours. */
ui_rgb ui_rgb_mix(ui_rgb a, ui_rgb b, float t);

/* --------------------------------------------------------- view & debug */

/* What draw reports it drew, for tests. */
typedef enum ui_dbg_kind {
  UI_DBG_HANDLE, UI_DBG_TIMER, UI_DBG_CARD, UI_DBG_MARKER, UI_DBG_SYNC,
  UI_DBG_CONSOLE, UI_DBG_NOTE,
  UI_DBG_ARROW,            /* a waiting task's arrow: id the task, state the
                              anchor kind it points at, r its end points'
                              box (x, y: from; x + w, y + h: to) */
  UI_DBG_FUTURE,           /* a future's row in the objects panel */
} ui_dbg_kind;

typedef struct ui_dbg_item {
  uint8_t kind;
  uint32_t id;
  uint8_t state;
  SDL_Rect r;
  ui_rgb fill;
} ui_dbg_item;

typedef struct ui_debug {
  ui_dbg_item *items;
  size_t n, cap;
} ui_debug;

/* Everything the window shows beyond the doc: where we are, how we move. */
typedef struct ui_view {
  ui_doc *doc;
  uint64_t step;
  int lang;
  bool playing;
  double speed;            /* steps per second while playing */
  double play_acc;
  bool help;
  bool menu;
  int menu_sel;
  const sim_lessons *lessons;   /* for the menu; may be NULL */
  ui_anim anim;
  /* The current loop iteration's batch: the handles queued when it began
   * (ids up to batch_max of loop batch_loop) run in it; set by update. */
  uint32_t batch_loop;
  uint64_t batch_max;
  char status[160];        /* a transient message (screenshot saved...) */
  float status_ttl;
} ui_view;

/* Where this frame put what a waiting task's arrow may point at: its card,
 * a sync object's row, a timer's label, a future's row. Panels add them as
 * they draw; the arrows between panels are drawn last, over everything. */
typedef enum ui_anchor_kind { UI_AN_CARD, UI_AN_SYNC, UI_AN_TIMER, UI_AN_FUTURE } ui_anchor_kind;

typedef struct ui_anchor {
  uint8_t kind;
  uint32_t id;             /* task, sync object, timer's owner task, future */
  SDL_Rect r;
} ui_anchor;

#define UI_ANCHOR_MAX 512

typedef struct ui_gfx {
  SDL_Renderer *r;
  ui_text *text;
  float scale;             /* pixels per logical point (HiDPI) */
  ui_debug *dbg;           /* NULL unless a test asked */
  ui_layout L;             /* this frame's layout (set by ui_draw_frame) */
  int nanchors;            /* this frame's anchors (draw's scratch) */
  ui_anchor anchors[UI_ANCHOR_MAX];
} ui_gfx;

/* Draw the whole frame for view v at the timeline's current state (the
 * caller has sought it to v->step). Reads only. */
void ui_draw_frame(ui_gfx *g, const ui_view *v, int w, int h);
/* The layout inputs for view v at size w x h. */
void ui_layout_inputs(const ui_view *v, int w, int h, float scale, ui_layout_in *in);

/* ---------------------------------------------------- drawing helpers */

void ui_dbg_add(ui_gfx *g, ui_dbg_kind k, uint32_t id, uint8_t state, SDL_Rect r, ui_rgb fill);
/* Note where an arrow target (or source) was drawn (up to UI_ANCHOR_MAX a
 * frame); find returns the first of a kind and id. */
void ui_anchor_add(ui_gfx *g, ui_anchor_kind k, uint32_t id, SDL_Rect r);
const ui_anchor *ui_anchor_find(const ui_gfx *g, ui_anchor_kind k, uint32_t id);
void ui_set(ui_gfx *g, ui_rgb c, uint8_t a);
void ui_fill(ui_gfx *g, SDL_Rect r, ui_rgb c);
void ui_fill_round(ui_gfx *g, SDL_Rect r, int radius, ui_rgb c, uint8_t alpha);
void ui_stroke_round(ui_gfx *g, SDL_Rect r, int radius, int thick, ui_rgb c);
void ui_line(ui_gfx *g, float x0, float y0, float x1, float y1, float thick, ui_rgb c);
void ui_arrow(ui_gfx *g, float x0, float y0, float x1, float y1, float thick, ui_rgb c);
/* Dashed, its dashes at alpha (blended), its head solid. */
void ui_dashed_arrow(ui_gfx *g, float x0, float y0, float x1, float y1, float thick, ui_rgb c,
                     uint8_t alpha);
void ui_circle(ui_gfx *g, float cx, float cy, float rad, ui_rgb c);
/* A panel's frame and title; returns the content rect. */
SDL_Rect ui_panel(ui_gfx *g, SDL_Rect r, const char *title);
int ui_px(const ui_gfx *g, float pt);   /* points to pixels */
/* Text colour that reads on fill c (white or dark). */
ui_rgb ui_on(ui_rgb c);
/* A task's display name and its coroutine (outermost frame), e.g. "Task-2". */
const char *ui_task_label(const sim_task *t, char *buf, size_t n);
const char *ui_str(int64_t id);   /* rt_interned or "" */
/* A task's await chain "func → others → sleep" into buf; with no frame,
 * why in words ("(not started)", "(returned)"...; lang 1: Chinese). */
const char *ui_task_chain(const sim_task *t, int lang, char *buf, size_t n);
/* A blocked thread's block in words ("blocked in time.sleep until 2.0s"). */
const char *ui_thread_block(const sim_thread *th, int lang, char *buf, size_t n);
/* What a task waits on, in words ("sleep until 3.0s", "Task-2"). */
const char *ui_task_waits(const sim_state *s, const sim_task *t, int lang, char *buf, size_t n);

/* ------------------------------------------------------------ panels */

void ui_panel_source_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r);
void ui_panel_tasks_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r,
                         SDL_Rect legend);
void ui_panel_loop_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r);
void ui_panel_sync_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r);
/* Whether the objects panel lists future f (a loop.create_future(), a
 * gather, wait, wait_for, shield or executor future; not a sleep's or a
 * sync waiter's, which show as timers and waiters). */
bool ui_future_listed(const sim_future *f);
/* How many rows the objects panel has: sync objects and listed futures. */
int ui_objects_count(const sim_state *s);
/* The waiting tasks' arrows to what they wait on, in other panels (after
 * the panels, reading their anchors). */
void ui_wait_arrows_draw(ui_gfx *g, const ui_view *v, const sim_state *s);
void ui_panel_console_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r);
void ui_panel_narration_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r);
void ui_scrubber_draw(ui_gfx *g, const ui_view *v, const sim_state *s, SDL_Rect r);
/* The scrubber's track (where steps 0..n lie) inside its rect r (pure). */
SDL_Rect ui_scrubber_track(SDL_Rect r, float scale);
/* The step under x in the scrubber rect r (pure). */
uint64_t ui_scrubber_step_at(SDL_Rect r, float scale, uint64_t nsteps, int x);

/* ------------------------------------------------------------ render */

/* An offscreen frame: software renderer on a surface, with fonts. */
typedef struct ui_canvas {
  SDL_Surface *surf;
  SDL_Renderer *r;
  ui_gfx g;
} ui_canvas;
/* 0 or 1 (reason on stderr). */
int ui_canvas_init(ui_canvas *c, int w, int h);
void ui_canvas_close(ui_canvas *c);
/* Seek v->doc to step, draw the frame. 0, or 2 if step is out of range. */
int ui_canvas_draw(ui_canvas *c, ui_view *v, uint64_t step);
/* Update: move v to step (clamped), animating from where things are
 * when duration > 0; seeks the timeline and recomputes the iteration
 * batch. 0, or 2 if step is beyond the run. */
int ui_view_goto(ui_view *v, uint64_t step, float duration);
/* A fresh view on doc at step 0, at rest. */
void ui_view_init(ui_view *v, ui_doc *doc, int lang);
/* Save any surface as PNG: 0 or 1. */
int ui_save_png(SDL_Surface *s, const char *path);

#endif /* UI_INT_H */
