/* test_render.c: offscreen frames checked for what they show: as many
 * ready-queue boxes as the timeline's state holds, the running task's card
 * in the running colour, a pin per pending timer, Chinese narration with
 * no missing glyph, and the PNG writers' contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui_int.h"

typedef struct fixture {
  ui_canvas c;
  ui_doc *doc;
  ui_view v;
  ui_debug dbg;
} fixture;

static int open_scene(void **state, const char *name, int w, int h) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  ui_opts o = {.lesson = name};
  char err[256];
  bool bad;
  f->doc = ui_doc_open(&o, err, sizeof err, &bad);
  if (!f->doc) {
    fprintf(stderr, "open %s: %s\n", name, err);
    free(f);
    return -1;
  }
  if (ui_canvas_init(&f->c, w, h)) {
    ui_doc_free(f->doc);
    free(f);
    return -1;
  }
  f->c.g.dbg = &f->dbg;
  ui_view_init(&f->v, f->doc, 0);
  *state = f;
  return 0;
}

static int setup_07b(void **state) { return open_scene(state, "07b", 1440, 900); }
static int setup_locks(void **state) { return open_scene(state, "locks", 1440, 900); }

static int teardown(void **state) {
  fixture *f = *state;
  ui_canvas_close(&f->c);
  ui_doc_free(f->doc);
  free(f->dbg.items);
  free(f);
  return 0;
}

static void draw_at(fixture *f, uint64_t step) {
  f->dbg.n = 0;
  assert_int_equal(ui_canvas_draw(&f->c, &f->v, step), 0);
}

static ui_rgb pixel(const fixture *f, int x, int y) {
  const SDL_Surface *s = f->c.surf;
  uint32_t p = ((const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch))[x];
  ui_rgb c = {(uint8_t)(p >> 16), (uint8_t)(p >> 8), (uint8_t)p};
  return c;
}

static bool same(ui_rgb a, ui_rgb b) {
  return abs(a.r - b.r) <= 2 && abs(a.g - b.g) <= 2 && abs(a.b - b.b) <= 2;
}

static size_t count(const fixture *f, ui_dbg_kind k, bool nonzero_id) {
  size_t n = 0;
  for (size_t i = 0; i < f->dbg.n; i++)
    if (f->dbg.items[i].kind == k && (!nonzero_id || f->dbg.items[i].id)) n++;
  return n;
}

/* The loop the panel shows (panel_loop.c's rule). */
static const sim_loop *shown_loop(const sim_state *s) {
  if (!s->nloops) return NULL;
  if (s->event.loop) {
    const sim_loop *l = sim_state_loop(s, s->event.loop);
    if (l && !l->closed) return l;
  }
  for (uint32_t i = s->nloops; i-- > 0;)
    if (!s->loops[i].closed) return &s->loops[i];
  return &s->loops[s->nloops - 1];
}

static void ready_queue_shows_one_box_per_handle(void **state) {
  fixture *f = *state;
  size_t max_seen = 0;
  for (uint64_t k = 0; k <= f->doc->nsteps; k++) {
    draw_at(f, k);
    const sim_state *s = sim_timeline_state(f->doc->tl);
    const sim_loop *lp = shown_loop(s);
    size_t want = lp ? lp->nready : 0;
    size_t got = count(f, UI_DBG_HANDLE, true);
    if (got != want) {
      print_error("step %llu: %zu boxes, %zu handles\n", (unsigned long long)k, got, want);
      fail();
    }
    if (want > max_seen) max_seen = want;
    /* Each box is painted in its own colour where the panel says. */
    for (size_t i = 0; i < f->dbg.n; i++) {
      const ui_dbg_item *it = &f->dbg.items[i];
      if (it->kind != UI_DBG_HANDLE || !it->id) continue;
      assert_true(same(pixel(f, it->r.x + 3, it->r.y + it->r.h / 2), it->fill));
    }
  }
  assert_true(max_seen >= 2);  /* the scene does queue several at once */
}

static void running_task_card_has_the_running_colour(void **state) {
  fixture *f = *state;
  int checked = 0;
  for (uint64_t k = 0; k <= f->doc->nsteps; k++) {
    draw_at(f, k);
    const sim_state *s = sim_timeline_state(f->doc->tl);
    for (size_t i = 0; i < f->dbg.n; i++) {
      const ui_dbg_item *it = &f->dbg.items[i];
      if (it->kind != UI_DBG_CARD) continue;
      const sim_task *t = sim_state_task(s, it->id);
      assert_non_null(t);
      assert_int_equal(it->state, t->state);
      ui_rgb px = pixel(f, it->r.x + it->r.w / 2, it->r.y + it->r.h / 2);
      assert_true(same(px, ui_state_colour[t->state]));
      if (t->state == SIM_TASK_RUNNING) {
        assert_true(same(px, ui_state_colour[SIM_TASK_RUNNING]));
        checked++;
      }
    }
  }
  assert_true(checked > 10);
}

static void every_pending_timer_gets_a_pin(void **state) {
  fixture *f = *state;
  for (uint64_t k = 0; k <= f->doc->nsteps; k++) {
    draw_at(f, k);
    const sim_loop *lp = shown_loop(sim_timeline_state(f->doc->tl));
    assert_int_equal(count(f, UI_DBG_TIMER, false), lp ? lp->ntimers : 0);
  }
}

static void sync_objects_are_listed(void **state) {
  fixture *f = *state;
  size_t most = 0;
  for (uint64_t k = 0; k <= f->doc->nsteps; k++) {
    draw_at(f, k);
    const sim_state *s = sim_timeline_state(f->doc->tl);
    size_t got = count(f, UI_DBG_SYNC, false);
    assert_true(got <= s->nsyncs);
    if (s->nsyncs <= 2) assert_int_equal(got, s->nsyncs);
    if (got > most) most = got;
  }
  assert_int_equal(most, 2);  /* the queue and the lock */
}

static void narration_follows_the_lines(void **state) {
  fixture *f = *state;
  /* Step 0 shows the start note; later steps the line notes. */
  draw_at(f, 0);
  assert_int_equal(count(f, UI_DBG_NOTE, false), 1);
  uint32_t idx[4];
  assert_int_equal(ui_doc_notes_at(f->doc, 0, idx, 4), 1);
  assert_int_equal(f->doc->notes.notes[idx[0]].on, SIM_NOTE_START);
  size_t n = ui_doc_notes_at(f->doc, f->doc->nsteps, idx, 4);
  assert_true(n >= 1);
  assert_int_equal(f->doc->notes.notes[idx[0]].on, SIM_NOTE_LINE);
}

static void stepping_back_gives_the_same_frame(void **state) {
  fixture *f = *state;
  SDL_Surface *s = f->c.surf;
  size_t bytes = (size_t)s->pitch * (size_t)s->h;
  uint8_t *a = malloc(bytes);
  assert_non_null(a);
  draw_at(f, 77);
  memcpy(a, s->pixels, bytes);
  draw_at(f, 150);
  assert_memory_not_equal(a, s->pixels, bytes);
  draw_at(f, 77);
  assert_memory_equal(a, s->pixels, bytes);
  free(a);
}

/* A timer that fires falls from the ruler into the ready queue: half-way
 * through the transition its box is below the queue row; at rest it is
 * in the row; stepping back slides it up again, as smoothly. */
static void a_firing_timer_falls_into_the_queue(void **state) {
  fixture *f = *state;
  uint64_t fired = 0;
  rt_event ev;
  for (uint64_t i = 0; i < f->doc->nsteps && !fired; i++)
    if (sim_timeline_event(f->doc->tl, i, &ev) == RT_OK && ev.kind == RT_EV_TIMER_FIRED) fired = i + 1;
  assert_true(fired > 0);
  uint64_t id = (uint64_t)ev.a[0];
  /* Where the box rests. */
  draw_at(f, fired);
  int rest_y = -1;
  for (size_t i = 0; i < f->dbg.n; i++)
    if (f->dbg.items[i].kind == UI_DBG_HANDLE && f->dbg.items[i].id == id) rest_y = f->dbg.items[i].r.y;
  assert_true(rest_y >= 0);
  draw_at(f, fired - 1);
  int pin_y = -1;
  for (size_t i = 0; i < f->dbg.n; i++)
    if (f->dbg.items[i].kind == UI_DBG_TIMER && f->dbg.items[i].id == id) pin_y = f->dbg.items[i].r.y;
  assert_true(pin_y > rest_y);
  for (int dir = 0; dir < 2; dir++) {
    /* Forward: from fired-1 to fired; back: from fired to fired-1, where
     * the box rises back to the ruler (it is a timer again there). */
    assert_int_equal(ui_view_goto(&f->v, dir ? fired : fired - 1, 0), 0);
    assert_int_equal(ui_view_goto(&f->v, dir ? fired - 1 : fired, 1.0f), 0);
    ui_anim_update(&f->v.anim, 0.5f);
    f->dbg.n = 0;
    ui_draw_frame(&f->c.g, &f->v, f->c.surf->w, f->c.surf->h);
    int mid_y = -1;
    for (size_t i = 0; i < f->dbg.n; i++)
      if (f->dbg.items[i].kind == UI_DBG_HANDLE && f->dbg.items[i].id == id) mid_y = f->dbg.items[i].r.y;
    if (!dir) {
      assert_true(mid_y > rest_y + 20);  /* still on its way down */
    } else {
      assert_int_equal(mid_y, -1);       /* a timer pin again, rising */
      int y = -1;
      for (size_t i = 0; i < f->dbg.n; i++)
        if (f->dbg.items[i].kind == UI_DBG_TIMER && f->dbg.items[i].id == id) y = f->dbg.items[i].r.y;
      assert_true(y > rest_y && y < pin_y);
    }
  }
}

/* Every code point of every note (and title) of every lesson is in the
 * font chain: Latin face, then the CJK fallback. */
static void chinese_narration_has_no_missing_glyph(void **state) {
  fixture *f = *state;
  sim_lessons ls;
  char err[256];
  assert_int_equal(sim_lessons_load(sim_lessons_default_dir(), &ls, err, sizeof err), 0);
  assert_true(ls.nlessons > 0);
  size_t notes = 0;
  for (size_t i = 0; i < ls.nlessons; i++) {
    FILE *fp = fopen(ls.lessons[i].path, "rb");
    assert_non_null(fp);
    static char buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[len] = 0;
    sim_notes ns;
    assert_int_equal(sim_notes_parse(buf, len, &ns, err, sizeof err), 0);
    for (size_t k = 0; k < ns.count; k++) {
      uint32_t miss = 0;
      for (int face = UI_FACE_SANS; face <= UI_FACE_BOLD; face++) {
        if (!ui_text_covers(f->c.g.text, (ui_face)face, ns.notes[k].zh, &miss) ||
            !ui_text_covers(f->c.g.text, (ui_face)face, ns.notes[k].en, &miss)) {
          print_error("%s: U+%04X missing\n", ls.lessons[i].file, miss);
          fail();
        }
      }
      notes++;
    }
    uint32_t miss = 0;
    assert_true(ui_text_covers(f->c.g.text, UI_FACE_BOLD, ls.lessons[i].title_zh, &miss));
    assert_true(ui_text_covers(f->c.g.text, UI_FACE_SANS, ls.lessons[i].summary_zh, &miss));
    sim_notes_free(&ns);
  }
  assert_true(notes > 50);
  sim_lessons_free(&ls);
  /* And a Chinese frame draws. */
  f->v.lang = 1;
  draw_at(f, 0);
  assert_int_equal(count(f, UI_DBG_NOTE, false), 1);
  f->v.lang = 0;
}

static void png_writers_keep_their_contract(void **state) {
  (void)state;
  char dir[] = "/tmp/coroscope_render_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/one.png", dir);
  ui_opts o = {.lesson = "07b"};
  assert_int_equal(ui_render_png(&o, 30, 1024, 640, path), 0);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_true(st.st_size > 1000);
  uint64_t n = ui_step_count(&o);
  assert_true(n > 100);
  assert_int_equal(ui_render_png(&o, n + 1, 1024, 640, path), 2);
  assert_int_equal(ui_render_pngs(&o, 10, 12, 800, 600, dir), 0);
  for (int k = 10; k <= 12; k++) {
    snprintf(path, sizeof path, "%s/frame_%05d.png", dir, k);
    assert_int_equal(stat(path, &st), 0);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/one.png", dir);
  unlink(path);
  ui_opts bad = {.lesson = "no_such_lesson"};
  assert_int_equal(ui_render_png(&bad, 0, 800, 600, path), 2);
  assert_int_equal(ui_render_png(&o, 0, 10, 10, path), 2);
  rmdir(dir);
}

int main(void) {
  setenv("SDL_VIDEODRIVER", "dummy", 0);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(ready_queue_shows_one_box_per_handle, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(running_task_card_has_the_running_colour, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(every_pending_timer_gets_a_pin, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(narration_follows_the_lines, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(stepping_back_gives_the_same_frame, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(a_firing_timer_falls_into_the_queue, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(chinese_narration_has_no_missing_glyph, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(ready_queue_shows_one_box_per_handle, setup_locks, teardown),
    cmocka_unit_test_setup_teardown(running_task_card_has_the_running_colour, setup_locks, teardown),
    cmocka_unit_test_setup_teardown(sync_objects_are_listed, setup_locks, teardown),
    cmocka_unit_test(png_writers_keep_their_contract),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
