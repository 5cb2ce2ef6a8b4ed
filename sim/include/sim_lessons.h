/* sim_lessons.h: the lesson manifest (lessons/index.txt) and the narration
 * notes in a lesson's comments (the grammar of lessons/README.md). */
#ifndef SIM_LESSONS_H
#define SIM_LESSONS_H

#include <stddef.h>

typedef struct sim_chapter {
  int number;
  char *title_en, *title_zh;
} sim_chapter;

typedef struct sim_lesson {
  char *id;              /* "01", "11a" */
  int chapter;           /* a sim_chapter's number */
  char *file;            /* "01_generators.py", relative to the folder */
  char *path;            /* folder + "/" + file */
  char *title_en, *title_zh;
  char *summary_en, *summary_zh;
} sim_lesson;

typedef struct sim_lessons {
  char *dir;
  sim_chapter *chapters;
  size_t nchapters;
  sim_lesson *lessons;   /* in teaching order */
  size_t nlessons;
} sim_lessons;

/* Where the lessons live: $COROSCOPE_LESSONS if set, else the source tree's
 * lessons/ folder as configured at build time. Never NULL. */
const char *sim_lessons_default_dir(void);

/* Load dir/index.txt into *out (caller-owned struct; free its contents with
 * sim_lessons_free). On failure returns -1 and writes a one-line reason,
 * "index.txt:LINE: ...", into err (errlen bytes). */
int sim_lessons_load(const char *dir, sim_lessons *out, char *err,
                     size_t errlen);
void sim_lessons_free(sim_lessons *ls);

/* Find a lesson by id ("05b"), file name ("05b_say_after.py") or path whose
 * file name is in the manifest. NULL if none. */
const sim_lesson *sim_lessons_find(const sim_lessons *ls, const char *name);

/* What a note group is shown on (lessons/README.md, "Events"). */
typedef enum sim_note_on {
  SIM_NOTE_LINE, SIM_NOTE_START, SIM_NOTE_END, SIM_NOTE_ERROR,
  SIM_NOTE_DEADLOCK, SIM_NOTE_NEVER_AWAITED, SIM_NOTE_NEVER_RETRIEVED,
  SIM_NOTE_BLOCKED_LOOP, SIM_NOTE_CANCELLED, SIM_NOTE_TIMEOUT,
  SIM_NOTE_TIMER,
} sim_note_on;

typedef struct sim_note {
  sim_note_on on;
  int line;        /* the anchor line (SIM_NOTE_LINE), else the note's own */
  int n;           /* only the n-th occurrence; 0 = every one */
  char *task;      /* only occurrences about this task; NULL = any */
  char *en, *zh;
} sim_note;

typedef struct sim_notes {
  sim_note *notes;   /* in file order */
  size_t count;
} sim_notes;

/* Parse the note groups of a lesson's source text. Returns 0, or -1 with
 * "LINE: reason" in err for a note line that breaks the grammar. */
int sim_notes_parse(const char *src, size_t len, sim_notes *out, char *err,
                    size_t errlen);
void sim_notes_free(sim_notes *ns);
const char *sim_note_on_name(sim_note_on on);

#endif /* SIM_LESSONS_H */
