/* app.c: the window: init, event, iterate (update, then draw), quit. The
 * run is recorded before the window opens; drawing never waits on it. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

typedef struct app {
  SDL_Window *win;
  SDL_Renderer *r;
  ui_gfx g;
  ui_view v;
  ui_opts opts;
  sim_lessons lessons;
  bool have_lessons;
  bool quit;
  int shots;
  int frames;
  int w, h;            /* drawable size */
  uint64_t last_ticks;
  char dumped[1024];   /* the state file's last contents (test hook) */
} app;

static float drawable_scale(app *a) {
  int ww, wh;
  SDL_GetWindowSize(a->win, &ww, &wh);
  SDL_GetRendererOutputSize(a->r, &a->w, &a->h);
  float s = ww > 0 ? (float)a->w / (float)ww : 1.0f;
  return s < 1.0f ? 1.0f : s;
}

static void set_status(app *a, const char *msg) {
  snprintf(a->v.status, sizeof a->v.status, "%.150s", msg);
  a->v.status_ttl = 2.5f;
}

/* ----------------------------------------------------------- init */

static int app_init(app *a, const ui_opts *o) {
  memset(a, 0, sizeof *a);
  a->opts = *o;
  char err[256];
  bool bad = false;
  /* Record first (before any window), so nothing waits on a run later. */
  ui_doc *d = ui_doc_open(o, err, sizeof err, &bad);
  if (!d) {
    fprintf(stderr, "coroscope: %s\n", err);
    return bad ? 2 : 1;
  }
  const char *dir = o->lessons_dir ? o->lessons_dir : sim_lessons_default_dir();
  a->have_lessons = sim_lessons_load(dir, &a->lessons, err, sizeof err) == 0;
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    fprintf(stderr, "coroscope: SDL_Init: %s\n", SDL_GetError());
    ui_doc_free(d);
    return 1;
  }
  int w = o->width > 0 ? o->width : 1440, h = o->height > 0 ? o->height : 900;
  char wt[300];
  snprintf(wt, sizeof wt, "coroscope — %.280s", d->title ? d->title : "");
  a->win = SDL_CreateWindow(wt, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                            SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!a->win) {
    fprintf(stderr, "coroscope: SDL_CreateWindow: %s\n", SDL_GetError());
    goto fail;
  }
  SDL_SetWindowMinimumSize(a->win, 800, 600);
  a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_PRESENTVSYNC);
  if (!a->r) a->r = SDL_CreateRenderer(a->win, -1, 0);
  if (!a->r) {
    fprintf(stderr, "coroscope: SDL_CreateRenderer: %s\n", SDL_GetError());
    goto fail;
  }
  a->g.r = a->r;
  a->g.scale = drawable_scale(a);
  a->g.text = ui_text_new(a->r);
  if (!a->g.text) goto fail;
  ui_view_init(&a->v, d, o->lang);
  a->v.lessons = a->have_lessons ? &a->lessons : NULL;
  a->last_ticks = SDL_GetTicks64();
  return 0;
fail:
  ui_doc_free(d);
  if (a->r) SDL_DestroyRenderer(a->r);
  if (a->win) SDL_DestroyWindow(a->win);
  SDL_Quit();
  if (a->have_lessons) sim_lessons_free(&a->lessons);
  return 1;
}

/* ---------------------------------------------------------- actions */

static void go(app *a, uint64_t step) {
  if (step > a->v.doc->nsteps) step = a->v.doc->nsteps;
  if (step == a->v.step) return;
  ui_view_goto(&a->v, step, 0.22f);
}

static void screenshot(app *a) {
  const char *dir = a->opts.screenshot_dir ? a->opts.screenshot_dir : getenv("COROSCOPE_SCREENSHOTS");
  if (!dir) dir = ".";
  char path[4096];
  snprintf(path, sizeof path, "%s/screenshot_%03d.png", dir, a->shots++);
  SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, a->w, a->h, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!s) return;
  /* Written under a temporary name and renamed: a reader never sees half
   * a file. */
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.part", path);
  if (SDL_RenderReadPixels(a->r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0 &&
      ui_save_png(s, tmp) == 0 && rename(tmp, path) == 0) {
    /* Said in the title bar, not on the canvas, so the next screenshot
     * shows only the lesson. */
    char msg[300];
    snprintf(msg, sizeof msg, "coroscope — saved %.270s", path);
    SDL_SetWindowTitle(a->win, msg);
    fprintf(stderr, "coroscope: saved %s\n", path);
  } else {
    fprintf(stderr, "coroscope: screenshot failed: %s\n", SDL_GetError());
  }
  SDL_FreeSurface(s);
}

static void open_lesson(app *a, const char *id) {
  ui_opts o = a->opts;
  o.lesson = id;
  o.timeline = NULL;
  char err[256];
  bool bad;
  ui_doc *d = ui_doc_open(&o, err, sizeof err, &bad);
  if (!d) {
    set_status(a, err);
    return;
  }
  ui_doc_free(a->v.doc);
  int lang = a->v.lang;
  const sim_lessons *ls = a->v.lessons;
  ui_view_init(&a->v, d, lang);
  a->v.lessons = ls;
  a->opts.timeline = NULL;
}

/* The menu's row of the lesson shown (rows go chapter by chapter), or 0. */
static int menu_row_of(const ui_view *v) {
  const sim_lessons *ls = v->lessons;
  if (!ls || !v->doc->lesson_id) return 0;
  int row = 0;
  for (size_t c = 0; c < ls->nchapters; c++)
    for (size_t i = 0; i < ls->nlessons; i++)
      if (ls->lessons[i].chapter == ls->chapters[c].number) {
        if (!strcmp(ls->lessons[i].id, v->doc->lesson_id)) return row;
        row++;
      }
  return 0;
}

static void on_key(app *a, SDL_Keycode k, Uint16 mod) {
  ui_view *v = &a->v;
  sim_timeline *tl = v->doc->tl;
  if (v->menu) {
    int n = v->lessons ? (int)v->lessons->nlessons : 0;
    if (k == SDLK_ESCAPE || k == SDLK_l) v->menu = false;
    else if (k == SDLK_DOWN && v->menu_sel + 1 < n) v->menu_sel++;
    else if (k == SDLK_UP && v->menu_sel > 0) v->menu_sel--;
    else if ((k == SDLK_RETURN || k == SDLK_KP_ENTER) && n) {
      /* The menu lists lessons chapter by chapter: map the row back. */
      int li = 0;
      const sim_lessons *ls = v->lessons;
      for (size_t c = 0; c < ls->nchapters; c++)
        for (size_t i = 0; i < ls->nlessons; i++)
          if (ls->lessons[i].chapter == ls->chapters[c].number && li++ == v->menu_sel) {
            v->menu = false;
            open_lesson(a, ls->lessons[i].id);
            return;
          }
    }
    return;
  }
  switch (k) {
  case SDLK_ESCAPE:
    if (v->help) v->help = false;
    else a->quit = true;
    break;
  case SDLK_SPACE:
    if (v->step >= v->doc->nsteps) go(a, 0);
    v->playing = !v->playing;
    break;
  case SDLK_RIGHT: go(a, sim_timeline_find(tl, v->step, 1, SIM_STEP_EVENT, 0)); break;
  case SDLK_LEFT: go(a, sim_timeline_find(tl, v->step, -1, SIM_STEP_EVENT, 0)); break;
  case SDLK_UP: go(a, sim_timeline_find(tl, v->step, 1, SIM_STEP_ITERATION, 0)); break;
  case SDLK_DOWN: go(a, sim_timeline_find(tl, v->step, -1, SIM_STEP_ITERATION, 0)); break;
  case SDLK_PAGEDOWN: go(a, sim_timeline_find(tl, v->step, 1, SIM_STEP_LINE, 0)); break;
  case SDLK_PAGEUP: go(a, sim_timeline_find(tl, v->step, -1, SIM_STEP_LINE, 0)); break;
  case SDLK_HOME: go(a, 0); break;
  case SDLK_END: go(a, v->doc->nsteps); break;
  case SDLK_PLUS:
  case SDLK_EQUALS:
  case SDLK_KP_PLUS:
    if (v->speed < 256) v->speed *= 2;
    break;
  case SDLK_MINUS:
  case SDLK_KP_MINUS:
    if (v->speed > 0.5) v->speed /= 2;
    break;
  case SDLK_r:
    go(a, 0);
    v->playing = true;
    break;
  case SDLK_l:
    /* The run stands still while a lesson is chosen; the menu opens on
     * the lesson shown. */
    v->menu = true;
    v->help = false;
    v->playing = false;
    v->menu_sel = menu_row_of(v);
    break;
  case SDLK_t: v->lang = !v->lang; break;
  case SDLK_F1: v->help = !v->help; break;
  case SDLK_F12: a->v.status[0] = 0; a->v.status_ttl = 0; screenshot(a); break;
  default: break;
  }
  (void)mod;
}

/* ---------------------------------------------------------- event */

static void app_event(app *a, const SDL_Event *e) {
  switch (e->type) {
  case SDL_QUIT: a->quit = true; break;
  case SDL_KEYDOWN: on_key(a, e->key.keysym.sym, e->key.keysym.mod); break;
  case SDL_WINDOWEVENT:
    if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
        e->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED) {
      float s = drawable_scale(a);
      if (s != a->g.scale) {
        a->g.scale = s;
        ui_text_flush(a->g.text);
      }
    }
    break;
  case SDL_MOUSEBUTTONDOWN:
  case SDL_MOUSEMOTION: {
    bool down = e->type == SDL_MOUSEBUTTONDOWN ? e->button.button == SDL_BUTTON_LEFT
                                               : (e->motion.state & SDL_BUTTON_LMASK) != 0;
    if (!down || a->v.menu || a->v.help) break;
    int mx = e->type == SDL_MOUSEBUTTONDOWN ? e->button.x : e->motion.x;
    int my = e->type == SDL_MOUSEBUTTONDOWN ? e->button.y : e->motion.y;
    mx = (int)(mx * a->g.scale);
    my = (int)(my * a->g.scale);
    ui_layout_in in;
    ui_layout L;
    ui_layout_inputs(&a->v, a->w, a->h, a->g.scale, &in);
    ui_layout_compute(&in, &L);
    SDL_Rect sr = L.r[UI_P_SCRUBBER];
    SDL_Point p = {mx, my};
    if (SDL_PointInRect(&p, &sr)) {
      uint64_t k = ui_scrubber_step_at(sr, a->g.scale, a->v.doc->nsteps, mx);
      go(a, k);
      if (e->type == SDL_MOUSEMOTION) a->v.anim.t = 1;
    }
    break;
  }
  default: break;
  }
}

/* ---------------------------------------------------------- iterate */

static void app_update(app *a, float dt) {
  ui_view *v = &a->v;
  ui_anim_update(&v->anim, dt);
  if (v->status_ttl > 0) v->status_ttl -= dt;
  if (v->playing) {
    v->play_acc += dt * v->speed;
    if (v->play_acc >= 1.0) {
      uint64_t n = (uint64_t)v->play_acc;
      v->play_acc -= (double)n;
      uint64_t to = v->step + n;
      if (to >= v->doc->nsteps) {
        to = v->doc->nsteps;
        v->playing = false;
      }
      /* Fast play skips the slide: each step would be shorter than it. */
      float dur = v->speed > 16 ? 0 : (float)(0.8 / v->speed);
      if (to != v->step) ui_view_goto(v, to, dur > 0.22f ? 0.22f : dur);
    }
  }
}

static void app_draw(app *a) {
  SDL_GetRendererOutputSize(a->r, &a->w, &a->h);
  ui_draw_frame(&a->g, &a->v, a->w, a->h);
  SDL_RenderPresent(a->r);
}

/* The test hook (ui_opts.state_file): the view in words, rewritten
 * whenever it changes, under a temporary name and renamed. */
static void dump_state(app *a) {
  const ui_view *v = &a->v;
  const sim_state *s = sim_timeline_state(v->doc->tl);
  uint32_t notes[4];
  size_t nn = ui_doc_notes_at(v->doc, v->step, notes, 4);
  const char *note = "";
  if (nn) note = v->lang ? v->doc->notes.notes[notes[0]].zh : v->doc->notes.notes[notes[0]].en;
  char one[601];   /* the note on one line */
  snprintf(one, sizeof one, "%s", note ? note : "");
  for (char *p = one; *p; p++)
    if (*p == '\n') *p = ' ';
  /* Console lines complete at this step. */
  uint32_t lines = s->nconsole;
  sim_console_line cl;
  if (lines && sim_timeline_console_line(v->doc->tl, lines - 1, &cl) == RT_OK && !cl.complete) lines--;
  /* The scrubber's track in window points, for a test's click. */
  ui_layout_in in;
  ui_layout L;
  ui_layout_inputs(v, a->w, a->h, a->g.scale, &in);
  ui_layout_compute(&in, &L);
  SDL_Rect t = ui_scrubber_track(L.r[UI_P_SCRUBBER], a->g.scale);
  float sc = a->g.scale;
  char buf[sizeof a->dumped], tb[32];
  snprintf(buf, sizeof buf,
           "lesson %s\nstep %llu\nsteps %llu\nevent %s\nlines %u\nvtime %s\nlang %s\nspeed %g\n"
           "playing %d\nmenu %d\nhelp %d\nscrubber %d %d %d\nnarration %s\n",
           v->doc->lesson_id ? v->doc->lesson_id : "-", (unsigned long long)v->step,
           (unsigned long long)v->doc->nsteps, v->step ? rt_ev_kind_name((rt_ev_kind)s->event.kind) : "-",
           lines, sim_float_repr(s->vtime, tb, sizeof tb), v->lang ? "zh" : "en", v->speed, v->playing,
           v->menu, v->help, (int)(t.x / sc), (int)((t.x + t.w) / sc), (int)((t.y + t.h / 2) / sc), one);
  if (!strcmp(buf, a->dumped)) return;
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.part", a->opts.state_file);
  FILE *f = fopen(tmp, "w");
  if (!f) return;
  bool ok = fputs(buf, f) >= 0;
  ok = fclose(f) == 0 && ok;
  if (ok && rename(tmp, a->opts.state_file) == 0) snprintf(a->dumped, sizeof a->dumped, "%s", buf);
}

static void app_iterate(app *a) {
  uint64_t now = SDL_GetTicks64();
  float dt = (float)(now - a->last_ticks) / 1000.0f;
  a->last_ticks = now;
  if (dt > 0.1f) dt = 0.1f;
  app_update(a, dt);
  app_draw(a);
  if (a->opts.state_file) dump_state(a);
  if (a->opts.max_frames && ++a->frames >= a->opts.max_frames) a->quit = true;
}

/* ------------------------------------------------------------- quit */

static void app_quit(app *a) {
  ui_text_free(a->g.text);
  ui_doc_free(a->v.doc);
  if (a->have_lessons) sim_lessons_free(&a->lessons);
  if (a->r) SDL_DestroyRenderer(a->r);
  if (a->win) SDL_DestroyWindow(a->win);
  TTF_Quit();
  SDL_Quit();
}

int ui_window_run(const ui_opts *o) {
  app a;
  int rc = app_init(&a, o);
  if (rc) return rc;
  while (!a.quit) {
    SDL_Event e;
    /* Wait briefly when nothing moves, so an idle window costs nothing. */
    bool busy = a.v.playing || a.v.anim.t < 1 || a.v.status_ttl > 0;
    if (!busy && SDL_WaitEventTimeout(&e, 100)) app_event(&a, &e);
    while (SDL_PollEvent(&e)) app_event(&a, &e);
    app_iterate(&a);
    if (!busy && !a.v.playing && a.v.anim.t >= 1) SDL_Delay(1);
  }
  app_quit(&a);
  return 0;
}
