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
static int setup_11a(void **state) { return open_scene(state, "11a", 1440, 900); }
static int setup_13a(void **state) { return open_scene(state, "13a", 1440, 900); }

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
    /* Each box is painted in its own colour where the panel says (at two
     * of three points down its left edge: a waiting task's dashed arrow
     * may cross one). */
    for (size_t i = 0; i < f->dbg.n; i++) {
      const ui_dbg_item *it = &f->dbg.items[i];
      if (it->kind != UI_DBG_HANDLE || !it->id) continue;
      int hits = 0;
      for (int q = 1; q <= 3; q++) hits += same(pixel(f, it->r.x + 3, it->r.y + it->r.h * q / 4), it->fill);
      assert_true(hits >= 2);
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

/* The item of kind k and id drawn this frame (the first), or NULL. */
static const ui_dbg_item *drawn(const fixture *f, ui_dbg_kind k, uint32_t id) {
  for (size_t i = 0; i < f->dbg.n; i++)
    if (f->dbg.items[i].kind == k && f->dbg.items[i].id == id) return &f->dbg.items[i];
  return NULL;
}

/* An arrow's head lies on the target row or label (within a few pixels
 * of its box). */
static bool ends_at(const ui_dbg_item *arrow, SDL_Rect target) {
  int x = arrow->r.x + arrow->r.w, y = arrow->r.y + arrow->r.h;
  return x >= target.x - 6 && x <= target.x + target.w + 6 && y >= target.y && y <= target.y + target.h;
}

/* Every waiting task whose card is drawn points at what it waits on when
 * that is drawn in another panel: the timer of its sleep, the lock or
 * queue it waits in, the future it awaits; the future's row says who
 * awaits it. */
static void waiting_tasks_point_at_what_they_wait_on(void **state) {
  fixture *f = *state;
  size_t arrows = 0;
  for (uint64_t k = 0; k <= f->doc->nsteps; k++) {
    draw_at(f, k);
    const sim_state *s = sim_timeline_state(f->doc->tl);
    for (uint32_t i = 0; i < s->ntasks; i++) {
      const sim_task *t = &s->tasks[i];
      if (t->state != SIM_TASK_WAITING || !drawn(f, UI_DBG_CARD, t->id)) continue;
      const ui_dbg_item *target = NULL;
      for (uint32_t y = 0; y < s->nsyncs && !target; y++)
        for (uint32_t w = 0; w < s->syncs[y].nwaiters; w++)
          if (s->syncs[y].waiters[w].task == t->id) target = drawn(f, UI_DBG_SYNC, s->syncs[y].id);
      if (!target && t->wait_kind == RT_WAIT_SLEEP) {
        const sim_loop *lp = shown_loop(s);
        for (uint32_t m = 0; lp && m < lp->ntimers && !target; m++)
          if (lp->timers[m].owner == t->id) target = drawn(f, UI_DBG_TIMER, (uint32_t)lp->timers[m].id);
      }
      const sim_future *fu = t->waits_on ? sim_state_future(s, t->waits_on) : NULL;
      if (!target && fu && ui_future_listed(fu)) {
        target = drawn(f, UI_DBG_FUTURE, fu->id);
        assert_non_null(target);  /* a listed future is drawn when awaited */
      }
      if (!target) continue;
      const ui_dbg_item *a = drawn(f, UI_DBG_ARROW, t->id);
      if (!a) fail_msg("step %llu: waiting task %u has no arrow", (unsigned long long)k, t->id);
      if (!ends_at(a, target->r))
        fail_msg("step %llu: task %u's arrow ends at (%d, %d), off its target", (unsigned long long)k,
                 t->id, a->r.x + a->r.w, a->r.y + a->r.h);
      arrows++;
    }
  }
  assert_true(arrows > 10);
}

/* 11a: main awaits a future nobody sets: the objects panel lists it,
 * pending, and main's card points at its row. */
static void a_future_nobody_sets_is_listed_with_its_waiter(void **state) {
  fixture *f = *state;
  uint64_t dead = sim_timeline_deadlock_step(f->doc->tl);
  assert_true(dead > 0);
  draw_at(f, dead);
  const sim_state *s = sim_timeline_state(f->doc->tl);
  const sim_task *main_task = NULL;
  for (uint32_t i = 0; i < s->ntasks; i++)
    if (s->tasks[i].state == SIM_TASK_WAITING) main_task = &s->tasks[i];
  assert_non_null(main_task);
  const ui_dbg_item *row = drawn(f, UI_DBG_FUTURE, main_task->waits_on);
  assert_non_null(row);
  assert_int_equal(row->state, RT_FUT_PENDING);
  const ui_dbg_item *a = drawn(f, UI_DBG_ARROW, main_task->id);
  assert_non_null(a);
  assert_int_equal(a->state, UI_AN_FUTURE);
  assert_true(ends_at(a, row->r));
}

/* An on=cancelled note shows when the CancelledError is thrown into the
 * task (the step that delivers it), not when cancel() is called. */
static void a_cancelled_note_shows_when_the_cancel_arrives(void **state) {
  fixture *f = *state;
  int seen = 0;
  for (size_t i = 0; i < f->doc->ntriggers; i++) {
    const ui_trigger *t = &f->doc->triggers[i];
    if (f->doc->notes.notes[t->note].on != SIM_NOTE_CANCELLED) continue;
    rt_event e;
    assert_int_equal(sim_timeline_event(f->doc->tl, t->step - 1, &e), RT_OK);
    assert_int_equal(e.kind, RT_EV_TASK_STEP_BEGIN);
    assert_int_equal(e.a[2], RT_ECANCELLED);
    seen++;
  }
  assert_int_equal(seen, 2);  /* main cancels both workers */
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

/* The card's chain line never calls a task that ran "not started": at
 * every step of the lesson, a task past its first frame shows its frames,
 * or the way its coroutine ended. */
static void a_started_task_is_never_shown_as_not_started(void **state) {
  fixture *f = *state;
  bool saw_ended = false;
  for (uint64_t k = 0; k <= f->doc->nsteps; k++) {
    assert_int_equal(sim_timeline_seek(f->doc->tl, k), RT_OK);
    const sim_state *s = sim_timeline_state(f->doc->tl);
    for (uint32_t i = 0; i < s->ntasks; i++) {
      const sim_task *t = &s->tasks[i];
      char chain[256];
      ui_task_chain(t, 0, chain, sizeof chain);
      bool not_started = !strcmp(chain, "(not started)");
      if (t->nframes || t->returned) assert_false(not_started);
      if (t->nframes) assert_non_null(strstr(chain, ui_str(t->frames[0].name)));
      if (t->state == SIM_TASK_RUNNING && t->returned) {
        assert_string_equal(chain, "(its coroutine has ended)");
        saw_ended = true;
      }
      if (t->state == SIM_TASK_DONE && strcmp(chain, "(returned)")) fail_msg("step %llu task %u: %s", (unsigned long long)k, t->id, chain);
    }
  }
  assert_true(saw_ended);  /* 07b's tasks return, then finish */
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
    cmocka_unit_test_setup_teardown(a_started_task_is_never_shown_as_not_started, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(ready_queue_shows_one_box_per_handle, setup_locks, teardown),
    cmocka_unit_test_setup_teardown(running_task_card_has_the_running_colour, setup_locks, teardown),
    cmocka_unit_test_setup_teardown(sync_objects_are_listed, setup_locks, teardown),
    cmocka_unit_test_setup_teardown(a_cancelled_note_shows_when_the_cancel_arrives, setup_locks, teardown),
    cmocka_unit_test_setup_teardown(waiting_tasks_point_at_what_they_wait_on, setup_07b, teardown),
    cmocka_unit_test_setup_teardown(waiting_tasks_point_at_what_they_wait_on, setup_locks, teardown),
    cmocka_unit_test_setup_teardown(waiting_tasks_point_at_what_they_wait_on, setup_13a, teardown),
    cmocka_unit_test_setup_teardown(a_future_nobody_sets_is_listed_with_its_waiter, setup_11a, teardown),
    cmocka_unit_test(png_writers_keep_their_contract),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
