/* render.c: offscreen frames: the window's drawing code into an SDL
 * software renderer on a surface (no display, no window), saved as PNG
 * with SDL2_image; and the update step both the window and this file use
 * (ui_view_goto). */
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

void ui_view_init(ui_view *v, ui_doc *doc, int lang) {
  memset(v, 0, sizeof *v);
  v->doc = doc;
  v->lang = lang;
  v->speed = 8;
  v->anim.t = 1;
  v->anim.duration = 0.25f;
  sim_timeline_seek(doc->tl, 0);
}

int ui_view_goto(ui_view *v, uint64_t step, float duration) {
  if (step > v->doc->nsteps) return 2;
  sim_timeline *tl = v->doc->tl;
  ui_anim_begin(&v->anim, sim_timeline_state(tl), duration);
  /* The current iteration's batch: the ready handles when the loop's
   * last ITER_BEGIN at or before step happened. */
  v->batch_loop = 0;
  v->batch_max = 0;
  if (sim_timeline_seek(tl, step) != RT_OK) return 2;
  uint32_t loop = sim_timeline_state(tl)->event.loop;
  if (!loop) {
    const sim_state *s = sim_timeline_state(tl);
    for (uint32_t i = 0; i < s->nloops; i++)
      if (!s->loops[i].closed) loop = s->loops[i].id;
  }
  if (loop) {
    uint64_t it = sim_timeline_find(tl, step + 1 <= v->doc->nsteps ? step + 1 : step, -1,
                                    SIM_STEP_ITERATION, loop);
    if (it <= step && it > 0 && sim_timeline_seek(tl, it) == RT_OK) {
      const sim_loop *lp = sim_state_loop(sim_timeline_state(tl), loop);
      if (lp && lp->iteration) {
        v->batch_loop = loop;
        for (uint32_t i = 0; i < lp->nready; i++)
          if (lp->ready[i].id > v->batch_max) v->batch_max = lp->ready[i].id;
      }
      sim_timeline_seek(tl, step);
    }
  }
  v->step = step;
  return 0;
}

int ui_save_png(SDL_Surface *s, const char *path) {
  if (IMG_SavePNG(s, path) != 0) {
    fprintf(stderr, "coroscope: cannot write %s: %s\n", path, IMG_GetError());
    return 1;
  }
  return 0;
}

int ui_canvas_init(ui_canvas *c, int w, int h) {
  memset(c, 0, sizeof *c);
  c->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!c->surf) {
    fprintf(stderr, "coroscope: SDL_CreateRGBSurface %dx%d: %s\n", w, h, SDL_GetError());
    return 1;
  }
  c->r = SDL_CreateSoftwareRenderer(c->surf);
  if (!c->r) {
    fprintf(stderr, "coroscope: SDL_CreateSoftwareRenderer: %s\n", SDL_GetError());
    goto fail;
  }
  c->g.r = c->r;
  c->g.scale = h >= 1800 ? 2.0f : 1.0f;
  c->g.text = ui_text_new(c->r);
  if (!c->g.text) goto fail;
  return 0;
fail:
  ui_canvas_close(c);
  return 1;
}

void ui_canvas_close(ui_canvas *c) {
  ui_text_free(c->g.text);
  if (c->r) SDL_DestroyRenderer(c->r);
  if (c->surf) SDL_FreeSurface(c->surf);
  memset(c, 0, sizeof *c);
}

int ui_canvas_draw(ui_canvas *c, ui_view *v, uint64_t step) {
  if (ui_view_goto(v, step, 0) != 0) return 2;
  ui_draw_frame(&c->g, v, c->surf->w, c->surf->h);
  SDL_RenderPresent(c->r);
  return 0;
}

static ui_doc *open_doc(const ui_opts *o, int *rc) {
  char err[256];
  bool bad = false;
  ui_doc *d = ui_doc_open(o, err, sizeof err, &bad);
  if (!d) {
    fprintf(stderr, "coroscope: %s\n", err);
    *rc = bad ? 2 : 1;
  }
  return d;
}

uint64_t ui_step_count(const ui_opts *o) {
  int rc;
  ui_doc *d = open_doc(o, &rc);
  if (!d) return 0;
  uint64_t n = d->nsteps;
  ui_doc_free(d);
  return n;
}

int ui_render_pngs(const ui_opts *o, uint64_t first, uint64_t last, int w, int h,
                   const char *dir) {
  if (w < 64 || h < 64 || w > 16384 || h > 16384) {
    fprintf(stderr, "coroscope: bad size %dx%d\n", w, h);
    return 2;
  }
  int rc = 0;
  ui_doc *d = open_doc(o, &rc);
  if (!d) return rc;
  if (last == UINT64_MAX || last > d->nsteps) last = last == UINT64_MAX ? d->nsteps : last;
  if (first == UINT64_MAX) first = d->nsteps;
  if (first > d->nsteps || last > d->nsteps || first > last) {
    fprintf(stderr, "coroscope: steps %llu..%llu outside the run's 0..%llu\n",
            (unsigned long long)first, (unsigned long long)last, (unsigned long long)d->nsteps);
    ui_doc_free(d);
    return 2;
  }
  ui_canvas c;
  if (ui_canvas_init(&c, w, h)) {
    ui_doc_free(d);
    return 1;
  }
  ui_view v;
  ui_view_init(&v, d, o->lang);
  for (uint64_t k = first; k <= last && rc == 0; k++) {
    rc = ui_canvas_draw(&c, &v, k);
    if (rc) break;
    char path[4096];
    if (dir) snprintf(path, sizeof path, "%s/frame_%05llu.png", dir, (unsigned long long)k);
    rc = ui_save_png(c.surf, dir ? path : (const char *)o->screenshot_dir);
  }
  ui_canvas_close(&c);
  ui_doc_free(d);
  return rc;
}

int ui_render_png(const ui_opts *o, uint64_t step, int w, int h, const char *path) {
  ui_opts o2 = *o;
  o2.screenshot_dir = path;  /* the single file's path, see ui_render_pngs */
  return ui_render_pngs(&o2, step, step, w, h, NULL);
}
