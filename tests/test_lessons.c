/* test_lessons.c: the lesson manifest and the narration notes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alloc_count.h"
#include "rt.h"
#include "sim_lessons.h"

static int setup(void **state) {
  (void)state;
  alloc_count_install();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  assert_int_equal(alloc_count_live(), 0);
  return 0;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  buf[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static void manifest_lists_every_lesson_in_a_known_chapter(void **state) {
  (void)state;
  sim_lessons ls;
  char err[256] = "";
  assert_int_equal(sim_lessons_load(sim_lessons_default_dir(), &ls, err,
                                    sizeof err), 0);
  assert_true(ls.nchapters >= 5);
  assert_true(ls.nlessons >= 15);
  for (size_t i = 0; i < ls.nlessons; i++) {
    int known = 0;
    for (size_t c = 0; c < ls.nchapters; c++)
      known |= ls.chapters[c].number == ls.lessons[i].chapter;
    assert_true(known);
    FILE *f = fopen(ls.lessons[i].path, "rb");
    assert_non_null(f);  /* every listed file exists */
    fclose(f);
  }
  sim_lessons_free(&ls);
}

static void lessons_are_found_by_id_file_and_path(void **state) {
  (void)state;
  sim_lessons ls;
  assert_int_equal(sim_lessons_load(sim_lessons_default_dir(), &ls, NULL, 0),
                   0);
  const sim_lesson *first = &ls.lessons[0];
  assert_ptr_equal(sim_lessons_find(&ls, first->id), first);
  assert_ptr_equal(sim_lessons_find(&ls, first->file), first);
  assert_ptr_equal(sim_lessons_find(&ls, first->path), first);
  assert_null(sim_lessons_find(&ls, "no_such_lesson"));
  sim_lessons_free(&ls);
}

static void missing_manifest_names_the_file(void **state) {
  (void)state;
  sim_lessons ls;
  char err[256] = "";
  assert_int_equal(sim_lessons_load("/nonexistent", &ls, err, sizeof err), -1);
  assert_non_null(strstr(err, "/nonexistent/index.txt"));
}

static void every_lesson_has_notes_in_both_languages(void **state) {
  (void)state;
  sim_lessons ls;
  assert_int_equal(sim_lessons_load(sim_lessons_default_dir(), &ls, NULL, 0),
                   0);
  for (size_t i = 0; i < ls.nlessons; i++) {
    size_t len;
    char *src = read_file(ls.lessons[i].path, &len);
    sim_notes ns;
    char err[256] = "";
    int rc = sim_notes_parse(src, len, &ns, err, sizeof err);
    if (rc) fprintf(stderr, "%s: %s\n", ls.lessons[i].file, err);
    assert_int_equal(rc, 0);
    assert_true(ns.count > 0);
    int has_start = 0;
    for (size_t k = 0; k < ns.count; k++) {
      assert_non_null(ns.notes[k].en);
      assert_non_null(ns.notes[k].zh);
      assert_true(ns.notes[k].line > 0);
      has_start |= ns.notes[k].on == SIM_NOTE_START;
    }
    assert_true(has_start);
    sim_notes_free(&ns);
    free(src);
  }
  sim_lessons_free(&ls);
}

static void line_note_anchors_on_the_next_code_line(void **state) {
  (void)state;
  const char *src =
      "import asyncio\n"                                  /* 1 */
      "# >> on=start en: Look at the queue.\n"           /* 2 */
      "# >> on=start zh: 看看队列。\n"                    /* 3 */
      "    # >> n=2 task=worker en: Second time.\n"       /* 4 */
      "    # >> n=2 task=worker zh: 第二次。\n"           /* 5 */
      "\n"                                                /* 6 */
      "    # an ordinary comment\n"                       /* 7 */
      "    await asyncio.sleep(1)\n";                     /* 8 */
  sim_notes ns;
  char err[128];
  assert_int_equal(sim_notes_parse(src, strlen(src), &ns, err, sizeof err), 0);
  assert_int_equal(ns.count, 2);
  assert_int_equal(ns.notes[0].on, SIM_NOTE_START);
  assert_string_equal(ns.notes[0].zh, "看看队列。");
  assert_int_equal(ns.notes[1].on, SIM_NOTE_LINE);
  assert_int_equal(ns.notes[1].line, 8);
  assert_int_equal(ns.notes[1].n, 2);
  assert_string_equal(ns.notes[1].task, "worker");
  assert_string_equal(ns.notes[1].en, "Second time.");
  sim_notes_free(&ns);
}

static void group_missing_a_language_is_an_error(void **state) {
  (void)state;
  const char *src = "# >> en: Only English.\nx = 1\n";
  sim_notes ns;
  char err[128] = "";
  assert_int_equal(sim_notes_parse(src, strlen(src), &ns, err, sizeof err), -1);
  assert_non_null(strstr(err, "en and one zh"));
}

static void unknown_event_is_an_error_with_its_line(void **state) {
  (void)state;
  const char *src = "x = 1\n# >> on=never en: a\n# >> on=never zh: b\n";
  sim_notes ns;
  char err[128] = "";
  assert_int_equal(sim_notes_parse(src, strlen(src), &ns, err, sizeof err), -1);
  assert_true(!strncmp(err, "2:", 2));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(manifest_lists_every_lesson_in_a_known_chapter, setup, teardown),
    cmocka_unit_test_setup_teardown(lessons_are_found_by_id_file_and_path, setup, teardown),
    cmocka_unit_test_setup_teardown(missing_manifest_names_the_file, setup, teardown),
    cmocka_unit_test_setup_teardown(every_lesson_has_notes_in_both_languages, setup, teardown),
    cmocka_unit_test_setup_teardown(line_note_anchors_on_the_next_code_line, setup, teardown),
    cmocka_unit_test_setup_teardown(group_missing_a_language_is_an_error, setup, teardown),
    cmocka_unit_test_setup_teardown(unknown_event_is_an_error_with_its_line, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
