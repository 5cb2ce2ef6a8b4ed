/* ui.h: the teaching window and the offscreen renderer, as the command line
 * uses them.
 *
 * What is shown is a "document": a recorded timeline (sim.h) plus, when
 * there is one, the lesson's source and narration notes (sim_lessons.h).
 * Runs are recorded before they are shown, so drawing never waits on a
 * run: a script that misbehaves cannot hang the window.
 *
 * A lesson is run on the interpreter (sim_script_run, with a step budget)
 * and recorded before the window shows it. So is a built-in scene
 * (ui_scene_names: window demos and a load test, Python scripts in
 * ui/scenes/) opened by name, and any other Python file opened by path;
 * or the caller may hand over a timeline it recorded itself
 * (ui_opts.timeline) with the lesson's path.
 *
 * Return values: 0 on success; 1 when SDL, a font or a file failed (a
 * one-line reason on stderr); 2 for bad arguments (unknown lesson or
 * scene, step out of range, bad size). */
#ifndef UI_H
#define UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ui_opts {
  /* What to open: a lesson id ("07b"), file name or path, a built-in
   * scene name ("locks"), or any Python file's path. NULL: lesson 07b. */
  const char *lesson;
  /* The lessons folder; NULL: sim_lessons_default_dir(). */
  const char *lessons_dir;
  /* A timeline the caller recorded (borrowed: it must outlive the call;
   * the intern table must stay alive). When set, `lesson` only names the
   * source and notes shown beside it (may be NULL: no source). */
  sim_timeline *timeline;
  int width, height;    /* the window's size; 0: 1440 x 900 */
  int lang;             /* narration: 0 English, 1 Chinese */
  /* Where F12 writes screenshot_NNN.png; NULL: $COROSCOPE_SCREENSHOTS or
   * the current folder. */
  const char *screenshot_dir;
  /* Lessons run on the interpreter
   * (sim_script_run) before the window shows them; true: never (source
   * and notes only). */
  bool no_interpreter;
  /* Test hook: quit by itself after this many frames (0: never). */
  int max_frames;
  /* Test hook: when set, the window writes its view there whenever it
   * changes (replacing the file atomically): one "key value" a line:
   * lesson, step, steps, event (the step's event kind, "-" at 0), lines
   * (console lines complete), vtime, lang (en|zh), speed, playing, menu,
   * help, scrubber (its track's x0 x1 y in window points), narration
   * (the first note shown, in the language shown). */
  const char *state_file;
} ui_opts;

/* Open the window on o's document and run until the user closes it.
 * 0, 1 (SDL or fonts failed), 2 (unknown lesson). */
int ui_window_run(const ui_opts *o);

/* Draw the frame at `step` (clamped to the run's last step when step is
 * UINT64_MAX) offscreen into a w x h PNG at path, through the window's
 * drawing code (an SDL software renderer on a surface: no display needed).
 * 0, 1 (SDL, fonts or writing failed), 2 (unknown lesson, step beyond the
 * run, bad size). */
int ui_render_png(const ui_opts *o, uint64_t step, int w, int h, const char *path);

/* Draw steps first..last (inclusive) into dir/frame_NNNNN.png (NNNNN the
 * step, zero-padded to five digits); dir must exist. Same returns. */
int ui_render_pngs(const ui_opts *o, uint64_t first, uint64_t last, int w, int h,
                   const char *dir);

/* The number of steps of o's document (sim_timeline_count), or 0 with a
 * reason on stderr when it cannot be opened. */
uint64_t ui_step_count(const ui_opts *o);

/* The built-in scenes: NULL-terminated array of names; each is also
 * accepted by ui_opts.lesson. */
const char *const *ui_scene_names(void);

#ifdef __cplusplus
}
#endif
#endif /* UI_H */
