/* test_layout.c: the window's layout is a pure function of size and model:
 * panels inside the window, never overlapping, adapting from 800x600 to
 * 3840x2160 (and HiDPI scales). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "layout.h"

static const int sizes[][2] = {{800, 600},   {1024, 768},  {1280, 720},  {1366, 768},
                               {1440, 900},  {1920, 1080}, {2560, 1440}, {3840, 2160},
                               {900, 1200},  {1200, 800}};

static bool overlap(SDL_Rect a, SDL_Rect b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void check(const ui_layout_in *in) {
  ui_layout L;
  ui_layout_compute(in, &L);
  for (int i = 0; i < UI_P__COUNT; i++) {
    SDL_Rect r = L.r[i];
    if (!r.w) continue;
    assert_true(r.h > 0);
    assert_true(r.x >= 0 && r.y >= 0);
    assert_true(r.x + r.w <= in->w);
    assert_true(r.y + r.h <= in->h);
    for (int k = i + 1; k < UI_P__COUNT; k++)
      if (L.r[k].w && overlap(r, L.r[k])) {
        print_error("%dx%d: %s overlaps %s\n", in->w, in->h, ui_panel_name(i), ui_panel_name(k));
        fail();
      }
  }
}

static void panels_never_overlap_at_any_size(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    for (int syncs = 0; syncs <= 1; syncs++)
      for (int threads = 1; threads <= 2; threads++)
        for (int src = 0; src <= 1; src++)
          for (int tasks = 0; tasks <= 40; tasks += 13) {
            ui_layout_in in = {sizes[i][0], sizes[i][1], 1.0f, syncs, threads, src, tasks};
            check(&in);
            in.scale = 2.0f;
            if (in.w >= 1600) check(&in);
          }
}

static void every_main_panel_is_shown_and_big_enough(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    ui_layout_in in = {sizes[i][0], sizes[i][1], 1.0f, 1, 1, true, 3};
    ui_layout L;
    ui_layout_compute(&in, &L);
    static const ui_panel_id must[] = {UI_P_HEADER, UI_P_SOURCE, UI_P_NARRATION, UI_P_TASKS,
                                       UI_P_LOOP,   UI_P_SYNC,   UI_P_CONSOLE,   UI_P_SCRUBBER};
    for (size_t k = 0; k < sizeof must / sizeof must[0]; k++) {
      SDL_Rect r = L.r[must[k]];
      assert_true(r.w >= 200);
      assert_true(r.h >= 30);
    }
  }
}

static void layout_grows_with_the_window(void **state) {
  (void)state;
  ui_layout_in a = {800, 600, 1.0f, 0, 1, true, 3}, b = {3840, 2160, 1.0f, 0, 1, true, 3};
  ui_layout La, Lb;
  ui_layout_compute(&a, &La);
  ui_layout_compute(&b, &Lb);
  assert_true(Lb.r[UI_P_LOOP].w > La.r[UI_P_LOOP].w);
  assert_true(Lb.r[UI_P_SOURCE].h > La.r[UI_P_SOURCE].h);
  assert_true(Lb.font_px >= La.font_px);
}

static void no_sync_objects_give_the_console_the_row(void **state) {
  (void)state;
  ui_layout_in in = {1440, 900, 1.0f, 0, 1, true, 3};
  ui_layout L;
  ui_layout_compute(&in, &L);
  assert_int_equal(L.r[UI_P_SYNC].w, 0);
  assert_int_equal(L.r[UI_P_CONSOLE].w, L.r[UI_P_LOOP].w);
}

static void hidpi_doubles_text_and_keeps_proportions(void **state) {
  (void)state;
  ui_layout_in a = {1440, 900, 1.0f, 1, 1, true, 3}, b = {2880, 1800, 2.0f, 1, 1, true, 3};
  ui_layout La, Lb;
  ui_layout_compute(&a, &La);
  ui_layout_compute(&b, &Lb);
  assert_int_equal(Lb.font_px, 2 * La.font_px);
  for (int i = 0; i < UI_P__COUNT; i++) {
    int d = Lb.r[i].w - 2 * La.r[i].w;
    assert_true(d >= -4 && d <= 4);
  }
}

static void layout_is_a_pure_function(void **state) {
  (void)state;
  ui_layout_in in = {1920, 1080, 1.0f, 2, 3, true, 9};
  ui_layout a, b;
  memset(&a, 0xAB, sizeof a);
  memset(&b, 0x11, sizeof b);
  ui_layout_compute(&in, &a);
  ui_layout_compute(&in, &b);
  assert_memory_equal(&a, &b, sizeof a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(panels_never_overlap_at_any_size),
    cmocka_unit_test(every_main_panel_is_shown_and_big_enough),
    cmocka_unit_test(layout_grows_with_the_window),
    cmocka_unit_test(no_sync_objects_give_the_console_the_row),
    cmocka_unit_test(hidpi_doubles_text_and_keeps_proportions),
    cmocka_unit_test(layout_is_a_pure_function),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
